"""A build's stem counts kept in hand, so that the impact lists of common stems (index/impacts.py)
are computed in one pass instead of one FTS5 query a stem (pure: no I/O).

A worker counts each passage's stems (`passage_terms`); the writing process gathers them as flat
arrays (`StemPostings.add`) and, once every passage is written, ranks each common stem's passages
by FTS5's own bm25 arithmetic (fts5_aux.c: idf from the stem's passage count, the passage's token
count against the average), in the same floating-point operations in the same order, so the scores
and the order (ties by passage id, as FTS5's query returns them) are the ones FTS5's query gave
(tests/test_stem_postings.py compares the two on a build).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np

from index.impacts import K1, B
from index.tally import Numbering


def passage_terms(search_texts: Iterable[str]) -> tuple[str, np.ndarray, np.ndarray]:
    """The distinct stems of each passage's indexed text (`index.lexical.search_text`, the tokens
    FTS5 indexes: it splits these lower-case ASCII words at spaces) with their counts, concatenated,
    and how many distinct stems each passage has: the stems as one text joined by spaces, the counts
    as arrays (a worker sends them to the writing process, which unpickles one string and two arrays
    in a fraction of the time a list of strings and two lists of numbers take)."""
    terms: list[str] = []
    counts: list[int] = []
    sizes: list[int] = []
    for text in search_texts:
        found = Counter(text.split())
        terms += found.keys()
        counts += found.values()
        sizes.append(len(found))
    return " ".join(terms), np.array(counts, np.int64), np.array(sizes, np.int64)


class StemPostings:
    """Every (stem, passage, count) of the passages written, as arrays."""

    def __init__(self) -> None:
        self._codes = Numbering()
        self._stems: list[np.ndarray] = []
        self._passages: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []

    def add(self, passage_ids: list[int], terms: str, counts: np.ndarray, sizes: np.ndarray) -> None:
        """The `passage_terms` of passages `passage_ids`."""
        stems = terms.split(" ") if terms else []
        self._stems.append(np.fromiter(map(self._codes.__getitem__, stems), np.int32, len(stems)))
        self._passages.append(np.repeat(np.array(passage_ids, np.int64), sizes))
        self._counts.append(np.asarray(counts, np.int64))

    def __contains__(self, stem: str) -> bool:
        return stem in self._codes

    def ranked(self, stems: Iterable[str], depth: int, passages: int, tokens: int) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """For each of `stems`: (stem, the passage ids of its best `depth` passages, their scores as
        float64, higher is better), best first, ties by passage id: what FTS5's single-stem query
        `ORDER BY bm25(...) LIMIT depth` returns (negated), over a corpus of `passages` passages
        and `tokens` tokens that are all here."""
        wanted = {self._codes[s]: s for s in stems if s in self._codes}
        if not wanted:
            return
        stem = np.concatenate(self._stems)
        row = np.concatenate(self._passages)
        tf = np.concatenate(self._counts)
        size = np.bincount(row, weights=tf)  # each passage's token count (FTS5's column size)
        hits = np.bincount(stem, minlength=len(self._codes))  # passages a stem is in
        # the wanted stems numbered 0, 1, ... (-1: any other), so that their postings group by a
        # stable sort of small numbers (a radix sort up to 65,536 stems)
        number = np.full(len(self._codes), -1, np.int64)
        number[list(wanted)] = np.arange(len(wanted))
        dense = number[stem]
        keep = dense >= 0
        stem, dense, row, f = stem[keep], dense[keep], row[keep], tf[keep].astype(np.float64)
        idf = np.array([_idf(passages, int(n)) for n in hits], np.float64)
        avgdl = tokens / passages
        # fts5Bm25Function: idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * D / avgdl))), summed from 0.0
        score = idf[stem] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * size[row] / avgdl)))
        # each stem's postings in passage id order (a build adds passages in id order, so rarely sorted
        # here); within a stem, best first and ties by passage id (np.lexsort((row, -score, stem))'s
        # order), sorted a stem at a time and, past `depth` postings, only those scoring at least
        # its `depth`-th best
        order = np.arange(len(row)) if np.all(row[:-1] <= row[1:]) else np.argsort(row, kind="stable")
        by_stem = dense[order]
        order = order[np.argsort(by_stem.astype(np.uint16) if len(wanted) <= 1 << 16 else by_stem, kind="stable")]
        starts = np.concatenate([[0], np.cumsum(np.bincount(dense, minlength=len(wanted)))])
        for at, name in enumerate(wanted.values()):
            group = order[starts[at]:starts[at + 1]]
            found = score[group]
            if len(found) > depth:
                kept = np.flatnonzero(found >= np.partition(found, len(found) - depth)[len(found) - depth])
                group, found = group[kept], found[kept]
            best = np.argsort(-found, kind="stable")[:depth]
            yield name, row[group[best]], found[best]

def _idf(passages: int, hits: int) -> float:
    """fts5Bm25GetData's idf (1e-6 where the log is not positive)."""
    idf = math.log((passages - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6
