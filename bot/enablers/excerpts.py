"""Verbatim excerpts of a passage (pure): its sentences as character spans, each widened to the
sentence before when it opens by pointing back ("This joint mission…", "They…", "However, …",
"Another key lesson…"), so an excerpt read on its own still says what it is about; one still
opening so (its paragraph's first sentence, or after another that points back) is not an excerpt.
Nor is one that only wishes or plans ("they would welcome support at a national level", "is
currently considering…", "might be able to…") or says what is still lacking ("which does not feel
wholly ideal and sustainable"): a summary's practices and examples are what was done."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index import split_sentences

MIN_EXCERPT_WORDS = 6
_POINTS_BACK = {"this", "these", "that", "those", "they", "it", "its", "their", "he", "she", "his", "her", "such",
                "however", "but", "yet", "nevertheless", "nonetheless", "another"}  # "However, …": after what?
_ONGOING = r"(?:is|are)\s+(?:(?:now|currently|also|still)\s+)*"
NOT_YET_DONE = re.compile("|".join((
    r"\bwould\s+(?:also\s+)?(?:welcome|like|be\s+helpful|be\s+good)\b",  # "they would welcome support at a national level"
    r"\b(?:might|may)\s+be\s+able\s+to\b",  # "how its members might be able to work together"
    _ONGOING + r"(?:keen|hoping|planning|starting|beginning)\s+to\b(?!\s+(?:stress|emphasi[sz]e|highlight|point|say))",
    # "are also keen to build on…" (not "are keen to stress that…": what they said)
    _ONGOING + r"(?:considering|thinking\s+about|exploring|evolving\s+to)\b",  # "is currently considering…"
    r"\b(?:hopes?|hoped)\s+(?:to|that|this)\b",  # "They hope this will help…"
    r"\b(?:plans|intends)\s+to\b",
    # what is still lacking: "which does not feel wholly ideal and sustainable", "there are still gaps in…"
    r"\bnot\s+(?:\w+\s+){0,2}(?:ideal|sustainable|enough|sufficient)\b",
    r"\bstill\s+(?:gaps|a\s+gap|lacking|missing)\b",
)), re.I)


@dataclass(frozen=True)
class Excerpt:
    start: int
    end: int
    text: str  # exactly passage_text[start:end]
    sentence: str  # the sentence it was chosen for (the last one), what relevance is judged on


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order, with the closing quotation marks that
    end it (split_sentences leaves them out: “… together.” stays whole)."""
    spans, cursor = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:  # split_sentences only strips; this never happens for its own output
            continue
        end = start + len(sentence)
        while end < len(text) and text[end] in "”’\"')":
            end += 1
        spans.append((start, end))
        cursor = end
    return spans


def excerpts(text: str, excluded: tuple[tuple[int, int], ...] = ()) -> list[Excerpt]:
    """Prose excerpts of a passage: sentences of MIN_EXCERPT_WORDS or more that overlap no
    `excluded` span (quotations) and are not list items or attribution lines."""
    spans = sentence_spans(text)
    found = []
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if len(sentence.split()) < MIN_EXCERPT_WORDS or re.match(r"[-—–*•]", sentence) or sentence.rstrip().endswith(":"):
            continue  # a list item, or a line leading into what follows ("Aisha Karim, chief executive of …, said:")
        if i and _points_back(sentence) and "\n" not in text[spans[i - 1][1]:start]:
            start = spans[i - 1][0]
        if _points_back(text[start:end]):  # "It has joined forces…" opening its paragraph: who is "it"?
            continue
        if any(start < e and s < end for s, e in excluded) or NOT_YET_DONE.search(text[start:end]):
            continue
        found.append(Excerpt(start, end, text[start:end], sentence))
    return found


def _points_back(sentence: str) -> bool:
    first = re.match(r"\W*(\w+)", sentence)
    return first is not None and first.group(1).lower() in _POINTS_BACK


_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|ourselves)\b", re.I)


def told_by_another(text: str, label: str, publisher: str) -> bool:
    """Whether an excerpt (quotations left out) speaks as "we" of its narrator's own work ("our team led the
    engagement…") while it would be labelled an example of another organisation than its publisher (a
    consultancy's case study of a trust): the work is the publisher's, not the trust's."""
    return in_first_person(text) and label != publisher


def in_first_person(text: str) -> bool:
    """Whether an excerpt speaks as its narrator's "we" ("We facilitated a series of workshops…")."""
    return bool(_FIRST_PERSON.search(text))
