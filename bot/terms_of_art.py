"""Terms of art of NHS collaboration the lessons never use (pure, made once per answerer from the passages): a
question about "a lead provider model" was answered with five loosely related excerpts that read as if they told of
one, though no lesson says "lead provider". `TermsOfArt(texts).unused_in(question)`: the terms it names that no
passage does, so the answer can say so above its excerpts. A term a lesson uses ("committee in common") is never
named so. The list is NHS vocabulary for how providers are organised and contracted together, written as a
reference, not from any question."""

from __future__ import annotations

import re
from collections.abc import Iterable

TERMS = ("lead provider", "host provider", "prime provider", "prime contractor", "lead commissioner", "joint committee",
         "committee in common", "alliance agreement", "alliance contract", "collaboration agreement",
         "joint working agreement", "memorandum of understanding", "section 75 agreement", "risk share", "gain share",
         "risk and gain share", "group model", "group chief executive", "chair in common", "joint venture",
         "wholly owned subsidiary", "accountable care organisation", "integrated care provider",
         "delegated commissioning", "provider selection regime", "place-based partnership", "shared care record")


def _pattern(term: str) -> re.Pattern[str]:
    """`term` as whole words, joined by spaces or hyphens, its last word singular or plural."""
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"(?:s|es)?\b", re.IGNORECASE)


class TermsOfArt:
    """The `TERMS` no text of `texts` (the corpus's passages) uses."""

    def __init__(self, texts: Iterable[str]):
        found = "\n".join(texts)
        self._unused = [(term, _pattern(term)) for term in TERMS if not _pattern(term).search(found)]

    def unused_in(self, question: str) -> tuple[str, ...]:
        """The terms `question` names (spelling as the search corrected it) that the lessons never use, longest
        first, none inside another ("risk and gain share", not "gain share" too)."""
        named: list[str] = []
        for term, pattern in sorted(self._unused, key=lambda t: -len(t[0])):
            if pattern.search(question) and not any(term in other for other in named):
                named.append(term)
        return tuple(named)
