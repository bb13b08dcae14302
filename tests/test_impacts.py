"""Impact-ordered lists of common stems (index/impacts.py, migration m008), on real FTS5: the sums
they rely on are FTS5's own scores, a build keeps them current, a small corpus has none and is
searched exactly as before, and a damaged or missing table is one clear error or exact search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from old_index import database_at

from index import build_index, generations
from index.errors import IndexDamaged
from index.impacts import ImpactRule, bm25, shortlist
from index.lexical import match_query, query_stems
from index.store import IndexStore

QUESTION = "How did trusts share a committee for the board and wellbeing of the workforce?"
TINY = ImpactRule(depth=3, min_passages=0)  # lists for every stem more than 3 passages use


def _db(index_dir: Path) -> Path:
    return generations.current_generation(index_dir) / generations.DB_FILE


def _fts(store: IndexStore, stems: list[str], limit: int = -1) -> list[tuple[int, float]]:
    """FTS5's exact BM25 (higher is better) over `stems`, best first."""
    rows = store.db.execute("SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY s, rowid "
                            "LIMIT ?", [match_query("", stems), limit])
    return [(int(r[0]), -float(r[1])) for r in rows]


def test_fts5s_score_for_an_or_query_is_the_sum_of_its_stems_scores_and_bm25_recomputes_it(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        stems = query_stems(QUESTION)
        whole = dict(_fts(store, stems))
        assert len(stems) >= 5 and len(whole) > 20
        summed: dict[int, float] = {}
        for term in stems:
            for pid, score in _fts(store, [term]):
                summed[pid] = summed.get(pid, 0.0) + score
        assert summed.keys() == whole.keys()
        assert max(abs(summed[p] - whole[p]) for p in whole) < 1e-12
        # merged from complete single-stem lists, the best 20 are FTS5's own best 20
        lists = [tuple(np.array(c) for c in zip(*_fts(store, [term]))) for term in stems]
        ids, scores, _ = shortlist([(i.astype(np.int64), s) for i, s in lists], [], 20)
        assert ids == [pid for pid, _ in _fts(store, stems, 20)]
        assert np.allclose(scores, [whole[p] for p in ids], rtol=0, atol=1e-12)
        # FTS5's formula from the passages' text, as the search rescores a shortlist
        meta = store.meta()
        counts = dict(store.db.execute("SELECT stem, passages FROM stem_counts"))
        texts = {p.id: f"{p.context}\n{p.text}" for p in store.passages()}
        mine = bm25(stems, counts, int(meta["lexical_passages"]), int(meta["lexical_tokens"]), [texts[p] for p in whole])
        assert max(abs(m - whole[p]) for m, p in zip(mine, whole)) < 1e-12
    finally:
        store.close()


def test_lists_hold_each_common_stems_best_passages_and_search_stays_close_to_exact(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        counts = dict(store.db.execute("SELECT stem, passages FROM stem_counts"))
        listed = dict(store.db.execute("SELECT stem, passages FROM stem_impacts"))
        assert set(listed) == {s for s, n in counts.items() if n > 3} and "trust" in listed
        assert np.frombuffer(listed["trust"], "<i4").tolist() == [p for p, _ in _fts(store, ["trust"], 3)]
        exact = _fts(store, query_stems(QUESTION))
        found = store.lexical_search(QUESTION, 10, rescored=10**6)  # every shortlisted passage rescored
        assert found[0][0] == exact[0][0] and all(abs(dict(exact)[p] - s) < 1e-12 for p, s in found)
    finally:
        store.close()


def test_complete_lists_for_rarer_stems_find_what_fts5_finds(tmp_path, corpus_dir, embedder):
    """Stems 2 to 5 passages use get a list holding all of them, commoner ones a list cut at 5."""
    rule = ImpactRule(depth=5, min_passages=0, listed_from=1)
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=rule)
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        counts = dict(store.db.execute("SELECT stem, passages FROM stem_counts"))
        listed = {term: len(ids) // 4 for term, ids in store.db.execute("SELECT stem, passages FROM stem_impacts")}
        assert set(listed) == {s for s, n in counts.items() if n > 1}
        assert all(listed[s] == min(counts[s], 5) for s in listed)
        stems = query_stems(QUESTION)
        assert {counts[s] <= 5 for s in stems if s in listed} == {True, False}  # both kinds of list searched
        exact = _fts(store, stems)
        found = store.lexical_search(QUESTION, 10, rescored=10**6)  # every shortlisted passage rescored
        assert [p for p, _ in found] == [p for p, _ in exact[:10]]
        assert max(abs(dict(exact)[p] - s) for p, s in found) < 1e-5  # complete lists' parts are float32
    finally:
        store.close()


def test_rescoring_reads_the_served_passages_text_as_the_database_holds_it(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        held = {p.id: p for p in store.passages()}
        read = store.lexical_search(QUESTION, 50)
        assert store.lexical_search(QUESTION, 50, passages=held) == read
        blank = {i: replace(p, text="", context="") for i, p in held.items()}
        assert store.lexical_search(QUESTION, 50, passages=blank) != read  # the text given is the text rescored
    finally:
        store.close()


def test_a_depth_covering_every_stems_postings_or_a_small_corpus_searches_exactly_as_before(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)  # the bundled corpus: under LARGE_CORPUS passages
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        assert store.db.execute("SELECT count(*) FROM stem_impacts").fetchone()[0] == 0
        before = store.lexical_search(QUESTION, 50)
        assert before == _fts(store, query_stems(QUESTION), 50)
    finally:
        store.close()
    most = max(n for (n,) in sqlite3.connect(_db(tmp_path / "index")).execute("SELECT passages FROM stem_counts"))
    build_index(corpus_dir, tmp_path / "covered", embedder, impacts=ImpactRule(depth=most, min_passages=0))
    store = IndexStore.open(_db(tmp_path / "covered"), read_only=True)
    try:
        assert store.db.execute("SELECT count(*) FROM stem_impacts").fetchone()[0] == 0
        assert store.lexical_search(QUESTION, 50) == before
    finally:
        store.close()


def test_an_incremental_build_refreshes_the_lists(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    path = _db(tmp_path / "index")
    old = sqlite3.connect(path).execute("SELECT passages FROM stem_impacts WHERE stem = 'board'").fetchone()[0]
    (corpus_dir / "boards.md").write_text("---\ntitle: Boards\n---\n# Boards\n\nBoard boards board.\n")
    report = build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    assert report.added and _db(tmp_path / "index") != path
    store = IndexStore.open(_db(tmp_path / "index"), read_only=True)
    try:
        new = store.db.execute("SELECT passages FROM stem_impacts WHERE stem = 'board'").fetchone()[0]
        added = store.db.execute("SELECT id FROM chunks WHERE document_id = (SELECT id FROM documents WHERE title = "
                                 "'Boards')").fetchone()[0]
        assert new != old and np.frombuffer(new, "<i4")[0] == added == _fts(store, ["board"], 1)[0][0]
    finally:
        store.close()


def test_a_damaged_list_is_one_clear_error_and_a_missing_table_exact_search(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=TINY)
    path = _db(tmp_path / "index")
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE stem_impacts SET passages = x'010203' WHERE stem = 'trust'")
    db.close()
    store = IndexStore.open(path, read_only=True)
    try:
        with pytest.raises(IndexDamaged, match="'trust' is damaged: rebuild it with `peerbot index --rebuild`"):
            store.lexical_search(QUESTION, 50)
    finally:
        store.close()
    db = sqlite3.connect(path)
    with db:
        db.execute("DELETE FROM stem_impacts WHERE stem = 'trust'")
        db.execute("DELETE FROM meta WHERE key = 'lexical_tokens'")
    db.close()
    store = IndexStore.open(path, read_only=True)
    try:
        with pytest.raises(IndexDamaged, match="totals are missing: rebuild it with `peerbot index --rebuild`"):
            store.lexical_search(QUESTION, 50)
    finally:
        store.close()
    db = sqlite3.connect(path)
    with db:
        db.execute("DROP TABLE stem_impacts")  # as a generation built before m008
    db.close()
    store = IndexStore.open(path, read_only=True)
    try:
        assert store.lexical_search(QUESTION, 50) == _fts(store, query_stems(QUESTION), 50)
    finally:
        store.close()


def test_a_database_from_before_m008_is_migrated_and_searched_exactly_until_a_build_writes_lists(tmp_path):
    path = tmp_path / "index.db"
    db = database_at(path, 7)  # m001 ... m007
    assert not db["stem_impacts"].exists()
    db.close()
    store = IndexStore.open(path)  # applies m008 (and what follows it)
    try:
        assert store.db["stem_impacts"].exists() and store.db.execute("SELECT count(*) FROM stem_impacts").fetchone()[0] == 0
        assert [pid for pid, _ in store.lexical_search("board huddle", 5)] == [2, 1]
    finally:
        store.close()


def test_the_shortlist_is_what_sorting_every_sum_gives_ties_included():
    rng = np.random.default_rng(9)
    for trial in range(200):
        lists = [(rng.integers(0, 60, rng.integers(0, 40)).astype("<i4"), rng.integers(0, 4, 0).astype("<f4"))
                 for _ in range(rng.integers(1, 4))]
        lists = [(ids, rng.integers(1, 4, len(ids)).astype("<f4")) for ids, _ in lists]  # few values: many ties
        rest = (rng.integers(0, 60, 30), rng.integers(1, 3, 30).astype(np.float64)) if trial % 2 else None
        size = int(rng.integers(0, 70))
        parts = [*lists, *([rest] if rest is not None else [])]
        summed: dict[int, float] = {}
        for ids, scores in parts:
            for i, s in zip(ids.tolist(), scores.tolist()):
                summed[i] = summed.get(i, 0.0) + s
        expected = sorted(summed, key=lambda i: (-summed[i], i))[:size]
        ids, scores, _ = shortlist(lists, [rest] if rest is not None else [], size)
        assert ids == expected and scores == [summed[i] for i in expected]
