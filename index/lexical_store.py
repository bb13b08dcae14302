"""The index database's lexical half: each stem's passage count, the impact lists of common stems
(index/impacts.py) and the BM25 search over FTS5 that uses them. A base of `IndexStore`
(index/store.py), which holds the connection; the passages these read come from its readers
(index/store_readers.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np
import sqlite_utils

from index import impacts
from index.lexical import match_query, query_stems
from index.stem_postings import StemPostings


class _Text(Protocol):  # a passage, as the rescoring reads it
    @property
    def id(self) -> int: ...
    @property
    def context(self) -> str: ...
    @property
    def text(self) -> str: ...


class LexicalTables:
    """What `IndexStore` (index/store.py) sets up for them: the connection, the cached look-ups and
    the passages."""

    db: sqlite_utils.Database
    _has_impacts: bool | None  # whether the build stored impact lists (m008), once looked up
    _totals: tuple[int, int] | None  # the corpus's passage and token totals (m008), once read
    meta: Callable[[], dict[str, str]]
    set_meta: Callable[..., None]
    passage_count: Callable[[], int]
    _passages: Callable[..., Sequence[_Text]]

    def set_stem_counts(self) -> None:
        """Store each stem's passage count, from FTS5's own (read once here, by the build, rather
        than on every question)."""
        self.db.execute("DELETE FROM stem_counts")
        self.db.execute("INSERT INTO stem_counts (stem, passages) SELECT term, doc FROM chunks_fts_terms")

    def _counts(self, stems: list[str]) -> dict[str, int]:
        """How many passages use each stem, as the build stored them (m007)."""
        stored = dict(self.db.execute(
            f"SELECT stem, passages FROM stem_counts WHERE stem IN ({','.join('?' * len(stems))})", stems))
        return {s: stored.get(s, 0) for s in stems}

    def _impact_lists(self, stems: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The stored impact lists of those of `stems` that have one (none in a generation built
        before m008 or below `impacts.LARGE_CORPUS` passages)."""
        if self._has_impacts is None:
            self._has_impacts = self.db["stem_impacts"].exists()
        if not self._has_impacts or not stems:
            return {}
        rows = self.db.execute(
            f"SELECT stem, passages, scores FROM stem_impacts WHERE stem IN ({','.join('?' * len(stems))})", stems)
        return {term: impacts.unpack(term, ids, scores) for term, ids, scores in rows}

    def set_stem_impacts(self, rule: impacts.ImpactRule, postings: StemPostings | None = None) -> None:
        """Store each common stem's impact list (index/impacts.py) and the corpus's passage and
        token totals BM25 needs; none for a corpus under `rule.min_passages` passages. `postings`:
        the stems of every passage, counted as they were written (a build from nothing), from which
        the lists are computed in one pass rather than by one FTS5 query a stem."""
        self.db.execute("DELETE FROM stem_impacts")
        passages = self.passage_count()
        if passages < rule.min_passages:
            return
        tokens = self.db.execute("SELECT coalesce(sum(cnt), 0) FROM chunks_fts_terms").fetchone()[0]
        common = [r[0] for r in self.db.execute("SELECT stem FROM stem_counts WHERE passages > ?", [rule.listed_above])]
        if postings is not None:
            self.db.conn.executemany(
                "INSERT INTO stem_impacts (stem, passages, scores) VALUES (?, ?, ?)",
                ((term, ids.astype("<i4").tobytes(), scores.astype("<f4").tobytes())
                 for term, ids, scores in postings.ranked(common, rule.depth, passages, tokens)))
            common = [term for term in common if term not in postings]
        for term in common:
            rows = self.db.execute(
                "SELECT rowid, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?",
                [match_query("", [term]), rule.depth]).fetchall()
            ids, scores = impacts.pack(rows)
            self.db.execute("INSERT INTO stem_impacts (stem, passages, scores) VALUES (?, ?, ?)", [term, ids, scores])
        self.set_meta(lexical_passages=str(passages), lexical_tokens=str(tokens))
        self._totals = None

    def lexical_search(self, question: str, limit: int, rescored: int = impacts.RESCORED,
                       passages: Mapping[int, _Text] | None = None) -> list[tuple[int, float]]:
        """(passage id, BM25 score, higher is better) of the best `limit` passages sharing a stemmed
        word with the question. FTS5 alone when none of its stems has an impact list; else its rarer
        stems from FTS5 and its common ones from their lists, the best `rescored` of the sums then
        scored exactly (index/impacts.py), so the cost is bounded whatever the corpus's size. The
        rescored passages' text comes from `passages` when given (the served index holds every
        passage), else from the database."""
        stems = query_stems(question)
        match = match_query(question, stems)
        if not match:
            return []
        lists = self._impact_lists(stems)
        if not lists:
            # BM25 is named once, so SQLite computes it once a row (`-bm25(...) ... ORDER BY bm25(...)`
            # computed it twice: two expressions); negated here, which is exact
            rows = self.db.execute(
                "SELECT rowid, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?",
                [match, limit],
            ).fetchall()
            return [(int(r[0]), -float(r[1])) for r in rows]
        counts = self._counts(stems)
        whole = [found for term, found in lists.items() if len(found[0]) == counts[term]]  # every passage the stem is in
        cut = [found for term, found in lists.items() if len(found[0]) != counts[term]]
        rare = [s for s in stems if s not in lists]
        if rare:
            rows = self.db.execute("SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?",
                                   [match_query("", rare)]).fetchall()
            whole.append((np.fromiter((r[0] for r in rows), np.int64, len(rows)),
                          -np.fromiter((r[1] for r in rows), np.float64, len(rows))))
        ids, scores, exact = impacts.shortlist(cut, whole, max(rescored, limit))
        short = [i for i, whole in zip(ids, exact) if not whole]
        if short:
            if passages is None:
                passages = {p.id: p for p in self._passages(f"WHERE c.id IN ({','.join('?' * len(short))})", short)}
            if self._totals is None:
                self._totals = impacts.totals(self.meta())
            exact_scores = dict(zip(short, impacts.bm25(stems, counts, *self._totals,
                                                        [f"{passages[i].context}\n{passages[i].text}" for i in short])))
            scores = [exact_scores.get(i, score) for i, score in zip(ids, scores)]
        return sorted(zip(ids, scores), key=lambda r: (-r[1], r[0]))[:limit]
