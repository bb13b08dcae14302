"""Spelling tolerance: a question's misspelt words corrected towards the corpus's own vocabulary.

Only a word that is neither an English word (symspellpy's frequency dictionary) nor a word of the
corpus is touched, and only into a corpus word (so a correction can only help retrieval): within
edit distance 1 for short words and 2 for longer ones, or split in two ("incommon" -> "in
common"). Lookups use SymSpell's precomputed deletions, so their cost does not grow with the
corpus.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from symspellpy import SymSpell, Verbosity

MIN_LENGTH = 4  # shorter words are too ambiguous to correct (and often acronyms)
LONG_WORD = 7  # from this length a word may be two edits away
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


@cache
def english_words() -> frozenset[str]:
    """The English words symspellpy ships (82,765, British and American spellings)."""
    import symspellpy

    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")
    with open(path, encoding="utf-8") as f:
        return frozenset(line.split(maxsplit=1)[0] for line in f if line.strip())


def corpus_words(texts: Iterable[str]) -> Counter[str]:
    """Lower-case words of the corpus and how often they occur."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text))
    return counts


class Speller:
    def __init__(self, vocabulary: Counter[str], known: frozenset[str] | None = None):
        self._vocabulary = vocabulary
        self._known = english_words() if known is None else known
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in vocabulary.items():
            if len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)

    def correct(self, text: str) -> str:
        """`text` with each misspelt word replaced by its corpus correction (case kept for the rest)."""
        return _WORD.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, word: str) -> str:
        lower = word.lower().replace("’", "'")
        if len(lower) < MIN_LENGTH or lower in self._vocabulary or lower in self._known or word.isupper():
            return word
        distance = 2 if len(lower) >= LONG_WORD else 1
        found = self._symspell.lookup(lower, Verbosity.TOP, max_edit_distance=distance, transfer_casing=False)
        split = self._split(lower)
        if found and not (split and found[0].distance > 1):
            corrected = found[0].term
        elif split:
            corrected = split
        else:
            return word
        return corrected[:1].upper() + corrected[1:] if word[:1].isupper() else corrected

    def _split(self, word: str) -> str | None:
        """Two words run together, both in the corpus (the longer the parts, the likelier)."""
        best = None
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if left in self._vocabulary and right in self._vocabulary and len(right) >= 3:
                score = min(len(left), len(right))
                if best is None or score > best[0]:
                    best = (score, f"{left} {right}")
        return best[1] if best else None
