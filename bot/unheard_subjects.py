"""Whether a question names only words neither the lessons nor the NHS map use (pure): "What went wrong with the
Titanic?", "Why did Concorde fail?", "What did Liverpool get wrong in the transfer window?". Less the words that
only ask (`bot.asking_words.ASKING`: "went", "wrong", "fail", "get"), every content word is one the corpus never
uses (`Query.unknown`), and either no entry of `nhs_topics.yaml` or `nhs_subjects.yaml` uses one either, or it
names something by a capitalised name the map does not use ("Liverpool", though the map has "transfers"), so it
is no NHS subject the lessons happen to lack but one of everyday life, however near the lessons its asking words
bring it.
A word of working together ("trusts", "collaborative") is the corpus's, so a question naming one never is; nor
one with an acronym ("NPfIT", "EPR"), the way NHS programmes and systems are named.
So is a question about something named by a capitalised name neither uses, whatever else it says ("What went wrong
at Manchester United after Ferguson?", "the Enron executives", "the Channel Tunnel project": `named_outsider`):
its other words may be the corpus's ("united", "executives", "project"), but without a word of working together or
of an NHS or care body ("hospital", "health", "trust") it names no NHS body the lessons lack, and nothing else."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import get_close_matches

from bot.asking_words import ASKING, COLLABORATING
from index import HONORIFICS, Query, content_terms, stem

_ACRONYM = re.compile(r"\b[A-Z]{2}")  # "NPfIT", "EPR", "ICSs", "IT": a word starting with two capitals
SUBJECT_WORDS = 2  # map words besides a name that make a question an NHS subject (`NhsWords.subject_besides`)
SLIP = 0.85  # difflib's ratio from which an unknown word is taken as a slip of a map word ("pathalogy": 0.89)
_NAME = re.compile(r"(?<=[\w,;:'\"] )[A-Z][a-z]+")  # a capitalised word after another word: "Liverpool", not "What"
# a capitalised name then a word of public policy: "the Carter review", "Martha's Rule", "the Crossrail programme",
# an NHS subject maybe (`bot.programme_names`: not covered), never taken for everyday life
_POLICY = re.compile(r"\b[A-Z][\w'’]*\s+(?:[A-Z][\w'’]*\s+)*(?i:programmes?|programs?|schemes?|reviews?|reports?|"
                     r"inquiry|inquiries|investigations?|frameworks?|plans?|strateg(?:y|ies)|standards?|rules?|acts?|"
                     r"bills?|funds?|initiatives?|stocktakes?|audits?|charters?|guidance|toolkits?|pledges?)\b")
# words of NHS and care bodies' names: "Barts Health", "Countess of Chester Hospital", "Frimley Park clinic"
BODIES = frozenset("""hospital hospitals health healthcare care foundation clinic clinics clinical medical ambulance
    gp gps surgery practice practices ccg ccgs icb icbs council councils hospice hospices pharmacy infirmary""".split())


@dataclass(frozen=True)
class NhsWords:
    """The content words of the NHS map's entries, made once at load time (a fixed-size list, not the corpus)."""

    words: tuple[str, ...]
    stems: frozenset[str]

    @classmethod
    def of(cls, entries: Iterable[str]) -> NhsWords:
        words = sorted({term for entry in entries for term in content_terms(entry)})
        return cls(tuple(words), frozenset(map(stem, words)))

    def names(self, term: str) -> bool:
        """Whether the map uses `term`, or a word it is a slip of ("pathalogy", which the corpus's speller
        cannot restore when the corpus lacks it)."""
        return stem(term) in self.stems or len(term) >= 5 and bool(get_close_matches(term, self.words, 1, SLIP))

    def subject_besides(self, terms: Iterable[str], names: Collection[str]) -> bool:
        """Whether `terms`, less the capitalised `names`, hold an NHS subject of their own: SUBJECT_WORDS or more
        words of the map ("What has Cornwall done about agency staff?", "Did Birmingham pool its radiology
        reporting?": a place's NHS question the lessons lack, not covered), where one may be everyday's too
        ("the Enron executives", "Liverpool's transfer window")."""
        return sum(term not in names and self.names(term) for term in terms) >= SUBJECT_WORDS


def unheard_subject(query: Query, nhs: NhsWords) -> bool:
    """Whether every word `query` asks about, as searched, is unknown to the corpus, and all of them or one
    capitalised one (not the first word) to the NHS map's words `nhs`; with at least one such word and no acronym."""
    terms = [term for term in content_terms(query.searched) if term not in ASKING]
    if not terms or _ACRONYM.search(query.text) or not set(terms) <= set(query.unknown):
        return False
    names = {word.lower() for word in _NAME.findall(query.searched)}
    unmapped = [not nhs.names(term) for term in terms]
    return all(unmapped) or not nhs.subject_besides(terms, names) and any(
        u and term in names for term, u in zip(terms, unmapped, strict=True))


def named_outsider(query: Query, nhs: NhsWords, people: frozenset[str] = frozenset()) -> bool:
    """Whether `query` names something by a capitalised word (not the first) that the corpus never uses and the
    NHS map `nhs` does not either ("Ferguson", "Enron", "Tunnel"), with no acronym, no name of a policy ("the Carter
    review"), no word of working together or of an NHS or care body (COLLABORATING, BODIES) among its content
    words, and no capitalised word of a name of the corpus's `people` (lower case: "cathy", "elliott"): "What did
    Cathy Elliott and Kier Shilaker say?" asks about the lessons' people, one of them misspelt."""
    terms = content_terms(query.searched)
    if _ACRONYM.search(query.text) or any(term in COLLABORATING or term in BODIES for term in terms):
        return False
    names = [word.lower() for word in _NAME.findall(query.searched)]
    unknown = set(query.unknown)
    return not people.intersection(names) and not _POLICY.search(query.searched) and not nhs.subject_besides(
        [term for term in terms if term not in ASKING], set(names)) and any(
        name in unknown and name in terms and not nhs.names(name) for name in names)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words of `names` (the lessons' people's, for `named_outsider`), in lower case and less honorifics
    ("Sir", "Dr"); made once at load time."""
    words = {word.lower() for name in names for word in re.findall(r"[A-Za-z]+", name)}
    return frozenset(words - HONORIFICS)
