"""The English word and word-pair counts symspellpy ships, with the few words its list lacks: what
the speller knows of English beyond the corpus (loaded once per process, a fixed size whatever the
corpus)."""

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


# Words of today's English and of NHS management that symspellpy's list (counted on older web text)
# lacks, so the speller read them as typos of the words it has ("cyber" -> "caber", "kpis" -> "kris",
# "ceos" -> "cos", "bame" -> "base", "girft" -> "gift", "adhd" -> "add"): known here as written often
# (`LACKING_COUNT`), they are kept as typed (an acronym typed in lower case is no typo of an English word).
LACKING = frozenset("""cyber ransomware chatbot chatbots gdpr hashtag kpi kpis okr okrs ceo ceos
    cfo cfos cio cios cno cnos epr eprs ehr ehrs tupe
    bame adhd girft icss icbs pcns ccgs nhse nhsei ahsn ahsns hcpc ftsu wres wdes sdec utcs mdts camhs iapt
    cdcs copd ltcs""".split())
LACKING_COUNT = 10_000_000  # as often as a common word ("handled" 7.9 million, "email" 444 million)


@cache
def english_words() -> dict[str, int]:
    """82,765 English words (British and American spellings) and how often each is written, and the
    words that list `LACKING`."""
    counts = _counts("frequency_dictionary_en_82_765.txt")
    return {**{word: LACKING_COUNT for word in LACKING}, **counts}


@cache
def english_pairs() -> dict[str, int]:
    """243,342 pairs of English words written one after the other ("in common") and how often."""
    return _counts("frequency_bigramdictionary_en_243_342.txt")
