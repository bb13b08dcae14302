"""Acronyms spelled like stopwords ("IT", "US", "WHO"): which a text writes in capitals (pure).

The build stores the stopwords the corpus writes in capitals (`capital_stopwords`, in the index's
meta), so a question's "IT" is known to the corpus without reading its passages on the query path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.lexical import STOPWORDS

ACRONYM = re.compile(r"\b[A-Z](?:&?[A-Z])+\b")
# stopwords that, in capitals, are acronyms at work: IT (information technology), US (ultrasound), WHO
STOPWORD_ACRONYMS = frozenset({"it", "us", "who"})
_STOPWORD_ACRONYM = re.compile(r"\b(?:" + "|".join(sorted(a.upper() for a in STOPWORD_ACRONYMS)) + r")\b")
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
META_KEY = "capital_stopwords"  # the index's meta: the stopwords its passages write in capitals, space-separated


def _shouted(text: str) -> bool:
    """A text all in capitals with more than one acronym-like word ("WHO IS IT?") shouts its stopwords."""
    return not any(c.islower() for c in text) and len(ACRONYM.findall(text)) > 1


def stopword_acronyms(text: str) -> list[str]:
    """The STOPWORD_ACRONYMS the text writes in capitals ("IT systems": ["it"]), in lower case, once each, in
    order; none from a text all in capitals ("WHO IS IT?" shouts its stopwords)."""
    if _shouted(text):
        return []
    return list(dict.fromkeys(m.lower() for m in _STOPWORD_ACRONYM.findall(text)))


def capital_stopwords(texts: Iterable[str]) -> frozenset[str]:
    """Every stopword (any of STOPWORDS, not only STOPWORD_ACRONYMS, so a longer list needs no
    rebuild) that one of the texts writes in capitals, in lower case; none from a shouting text."""
    found: set[str] = set()
    for text in texts:
        if not _shouted(text):
            found.update(w.lower() for w in _CAPITALS.findall(text))
    return frozenset(found & STOPWORDS)
