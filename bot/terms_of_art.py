"""Terms of art of NHS collaboration the lessons never use (pure, made once per answerer from the passages): a
question about "a lead provider model" was answered with five loosely related excerpts that read as if they told of
one, though no lesson says "lead provider". `TermsOfArt(texts).unused_in(question)`: the terms it names that no
passage does, so the answer can say so above its excerpts. A term a lesson uses ("committee in common") is never
named so. The list is NHS vocabulary for how providers are organised and contracted together, written as a
reference, not from any question."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from index import STOPWORDS

# what a term of art means in the plain words a lesson would use, for terms the lessons describe without naming: a
# question naming one is searched with its meaning ("elective recovery?": BSW's trusts cutting waiting lists for
# surgery), its answer still saying the lessons never use the term
MEANINGS = {"elective recovery": "trusts working together to cut long waiting lists for surgery",
            "elective backlog": "long waiting lists for surgery",
            "elective care": "planned surgery and its waiting lists"}
_CLOSE = 0.8  # a question's word this similar (difflib's ratio) to a term's word of 5 letters or more is it misspelt
_WORD = re.compile(r"[A-Za-z]+")
_LINKING = STOPWORDS | {"across", "between", "among", "within"}  # after a term, words that leave it the subject

TERMS = ("lead provider", "host provider", "prime provider", "prime contractor", "lead commissioner", "joint committee",
         "committee in common", "alliance agreement", "alliance contract", "collaboration agreement",
         "joint working agreement", "memorandum of understanding", "section 75 agreement", "risk share", "gain share",
         "risk and gain share", "group model", "group chief executive", "chair in common", "joint venture",
         "wholly owned subsidiary", "accountable care organisation", "integrated care provider",
         "delegated commissioning", "provider selection regime", "place-based partnership", "shared care record",
         *MEANINGS)


def _pattern(term: str) -> re.Pattern[str]:
    """`term` as whole words, joined by spaces or hyphens, its last word singular or plural."""
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"(?:s|es)?\b", re.IGNORECASE)


class TermsOfArt:
    """The `TERMS` no text of `texts` (the corpus's passages) uses."""

    def __init__(self, texts: Iterable[str]):
        found = "\n".join(texts)
        unused = [(term, _pattern(term)) for term in TERMS if not _pattern(term).search(found)]
        self._unused = sorted(unused, key=lambda t: -len(t[0]))  # longest first, as `unused_in` names them
        self._meanings = [(term, term.split()) for term, _ in unused if term in MEANINGS]  # in `TERMS`' order

    def unused_in(self, question: str) -> tuple[str, ...]:
        """The terms `question` names (spelling as the search corrected it) that the lessons never use, longest
        first, none inside another ("risk and gain share", not "gain share" too)."""
        named: list[str] = []
        for term, pattern in self._unused:
            if pattern.search(question) and not any(term in other for other in named):
                named.append(term)
        return tuple(named)

    def plain_reading(self, question: str) -> tuple[str, str]:
        """`question` with the first term of `MEANINGS` it names as its subject (however misspelt: "elective
        recvery"; not "the elective recovery fund") that no passage uses put in the plain words of its meaning, and
        that term; (`question`, "") when it names none."""
        words = list(_WORD.finditer(question))
        lowered = [w.group().lower() for w in words]
        for term, wanted in self._meanings:
            for i in range(len(words) - len(wanted) + 1):
                after = lowered[i + len(wanted)] if i + len(wanted) < len(words) else ""
                if after and after not in _LINKING:  # "the elective recovery fund", "… targets": another subject, named
                    continue
                if all(_close(w, t) for w, t in zip(lowered[i:i + len(wanted)], wanted)):
                    start, end = words[i].start(), words[i + len(wanted) - 1].end()
                    return question[:start] + MEANINGS[term] + question[end:], term
        return question, ""


def _close(word: str, wanted: str) -> bool:
    """`word` is `wanted`, its plural, or (for 5 letters or more) a slip of it: difflib's ratio, after its upper
    bounds (of the lengths alone, then of the letters in common) rule out most words without matching them."""
    if word in (wanted, wanted + "s"):
        return True
    if len(wanted) < 5 or 2.0 * min(len(word), len(wanted)) / (len(word) + len(wanted)) < _CLOSE:
        return False
    matcher = SequenceMatcher(None, word, wanted)
    return matcher.quick_ratio() >= _CLOSE and matcher.ratio() >= _CLOSE
