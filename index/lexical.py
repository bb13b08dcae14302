"""Words for lexical search (pure): stopwords, a light stemmer, and the stemmed text FTS5 indexes.

A light stemmer (plural, -ing, -ed, -ation, -ment, -ness, -ly endings) conflates fewer unrelated
words than Porter's ("organisation" and "organ" stay apart) and measured better on paraphrased
questions (BENCHMARKS.md, "Retrieval"). Passages are stored stemmed in the FTS5 table and
questions are stemmed the same way, so FTS5's BM25 ranks by these stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves anyone anybody someone others
    tell know get got make made way ways thing things another one ones every everyone everything something
    anything nothing much many lot lots really actually quite rather else ever yet via per upon among
    within without whether us let""".split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ness", "ments", "ment", "ies", "ied", "es", "ed", "ly", "s")
MIN_STEM = 4
_WORD = re.compile(r"([a-z0-9]+)(?:'[a-z]+)?")  # the word, without its apostrophe ending


def words(text: str) -> list[str]:
    """Lower-case words, apostrophe endings dropped ("trust's" -> "trust")."""
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    return _STEMS[word]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


class _Stems(dict):
    """Each word's stem, made once: a build stems every word it reads (a dictionary look-up in C
    for a word seen before, half the cost of an `lru_cache` call); emptied when it grows past
    `STEMS_KEPT` words (a corpus has far fewer distinct words)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= STEMS_KEPT:
            self.clear()
        self[word] = found = _stem(word)
        return found


STEMS_KEPT = 1 << 17
_STEMS = _Stems()


@lru_cache(maxsize=1 << 12)
def spellings(term: str) -> tuple[str, ...]:
    """The words `stem` turns into `term` (the stem itself and it with one of the endings)."""
    return tuple(w for w in (term, *(term + suffix for suffix in _SUFFIXES)) if stem(w) == term)


def content_terms(text: str) -> list[str]:
    """Words of a question worth matching, in order, without stopwords or repeats."""
    seen, terms = set(), []
    for word in words(text):
        if len(word) > 1 and word not in STOPWORDS and word not in seen:
            seen.add(word)
            terms.append(word)
    return terms


def search_text(text: str) -> str:
    """The stemmed words of a passage, as FTS5 indexes them."""
    return stemmed(words(text))


def stemmed(found: list[str]) -> str:
    """`search_text` of a text whose `words` are `found`."""
    return " ".join(map(_STEMS.__getitem__, found))


def query_stems(text: str) -> list[str]:
    """The distinct stems of `text`'s content terms, in order."""
    return list(dict.fromkeys(stem(t) for t in content_terms(text)))


def match_query(text: str, stems: list[str] | None = None) -> str:
    """An FTS5 query matching any stemmed content term of `text`, or any of `stems` when given
    ("" when there is none)."""
    return " OR ".join(f'"{s}"' for s in (query_stems(text) if stems is None else stems))
