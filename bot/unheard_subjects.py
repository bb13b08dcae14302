"""Whether a question names only words neither the lessons nor the NHS map use (pure): "What went wrong with the
Titanic?", "Why did Concorde fail?", "What did Liverpool get wrong in the transfer window?". Less the words that
only ask (`bot.asking_words.ASKING`: "went", "wrong", "fail", "get"), every content word is one the corpus never
uses (`Query.unknown`), and either no entry of `nhs_topics.yaml` or `nhs_subjects.yaml` uses one either, or it
names something by a capitalised name the map does not use ("Liverpool", though the map has "transfers"), so it
is no NHS subject the lessons happen to lack but one of everyday life, however near the lessons its asking words
bring it.
A word of working together ("trusts", "collaborative") is the corpus's, so a question naming one never is; nor
one with an acronym ("NPfIT", "EPR"), the way NHS programmes and systems are named."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.asking_words import ASKING
from index import Query, content_terms, stem

_ACRONYM = re.compile(r"\b[A-Z]{2}")  # "NPfIT", "EPR", "ICSs", "IT": a word starting with two capitals
_NAME = re.compile(r"(?<=[\w,;:'\"] )[A-Z][a-z]+")  # a capitalised word after another word: "Liverpool", not "What"


def map_stems(entries: Iterable[str]) -> frozenset[str]:
    """The stems of the NHS map's entries' content words, made once at load time."""
    return frozenset(stem(term) for entry in entries for term in content_terms(entry))


def unheard_subject(query: Query, nhs_stems: frozenset[str]) -> bool:
    """Whether every word `query` asks about, as searched, is unknown to the corpus, and all of them or one
    capitalised one (not the first word) to the NHS map's `nhs_stems`; with at least one such word and no acronym."""
    terms = [term for term in content_terms(query.searched) if term not in ASKING]
    if not terms or _ACRONYM.search(query.text) or not set(terms) <= set(query.unknown):
        return False
    names = {word.lower() for word in _NAME.findall(query.searched)}
    unmapped = [stem(term) not in nhs_stems for term in terms]
    return all(unmapped) or any(u and term in names for term, u in zip(terms, unmapped, strict=True))
