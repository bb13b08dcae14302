"""The English word and word-pair counts symspellpy ships: what the speller knows of English beyond
the corpus (loaded once per process, a fixed size whatever the corpus)."""

from __future__ import annotations

import os
from functools import cache


def _counts(name: str) -> dict[str, int]:
    import symspellpy

    counts = {}
    with open(os.path.join(os.path.dirname(symspellpy.__file__), name), encoding="utf-8") as f:
        for line in f:
            entry, _, count = line.rstrip("\n").rpartition(" ")
            if entry:
                counts[entry] = int(count or 0)
    return counts


@cache
def english_words() -> dict[str, int]:
    """82,765 English words (British and American spellings) and how often each is written."""
    return _counts("frequency_dictionary_en_82_765.txt")


@cache
def english_pairs() -> dict[str, int]:
    """243,342 pairs of English words written one after the other ("in common") and how often."""
    return _counts("frequency_bigramdictionary_en_243_342.txt")
