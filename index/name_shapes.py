"""Whether a blockquote's attribution line names a person or an institution, a report or a source (pure):
"— Jo Bloggs" is a person's credit; "— NHS Providers, 2023", "— Source: Healthwatch survey" and "— Chief
Executive" are not."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.namesakes import JOB_WORDS
from index.quotation import Speaker
from index.text import mentions, name_forms

_NOT_A_NAME_START = {"the", "a", "an", "source", "from", "adapted", "via", "see", "our", "one", "patient", "carer"}
_NAME_PARTICLES = {"de", "da", "van", "von", "der", "den", "bin", "al", "le", "la", "du", "di", "del", "y"}
_INSTITUTION_WORDS = {
    "nhs", "trust", "trusts", "providers", "confederation", "council", "board", "committee", "partnership",
    "collaborative", "network", "report", "review", "survey", "stocktake", "strategy", "plan", "framework",
    "department", "foundation", "agency", "england", "improvement", "alliance", "group", "system", "service",
    "services", "team", "association", "institute", "fund", "health", "care", "hospital", "hospitals", "university",
    "authority", "government", "commission", "office", "ics", "icb", "pcn", "healthwatch", "website", "blog", "paper",
    # a publication's: "— Ambulance Today", "— Nursing Times", "— Health Service Journal"
    "today", "times", "journal", "news", "magazine", "weekly", "gazette", "herald", "bulletin", "chronicle", "digest",
    "podcast", "radio", "tv", "bbc", "hsj", "bmj", "lancet", "telegraph", "guardian", "observer", "mirror", "echo",
    "newsletter", "press",
}


def person_like(name: str, people: Sequence[Speaker]) -> bool:
    """Whether a blockquote's attribution names a person: one from the front matter, or two to five
    capitalised words that are not an organisation, a report, a source or a post ("NHS Providers,
    2023", "The Fuller stocktake", "Source: Healthwatch survey", "Patient, 54", "Chief Executive")."""
    if any(mentions(name, form) for person in people for form in name_forms(person.name)):
        return True
    words = name.split()
    return (2 <= len(words) <= 5 and not re.search(r"[\d:]", name) and words[0].lower() not in _NOT_A_NAME_START
            and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)
            and not names_institution(name) and not any(w.strip(".,()").lower() in JOB_WORDS for w in words))


def names_institution(text: str) -> bool:
    """Whether `text` has a word only an organisation, a report or a source has ("NHS Providers",
    "Eastvale Partnership", "The Fuller stocktake"), so it is no person's name."""
    return any(w.strip(".,()").lower() in _INSTITUTION_WORDS for w in text.split())
