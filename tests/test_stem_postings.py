"""Impact lists computed from the stems a build counted (index/stem_postings.py) are exactly the
lists one FTS5 query a stem gives: the same passages in the same order (ties included) and the same
scores, bit for bit, on a build from nothing; an update, whose kept passages were not counted,
still queries FTS5."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from index import build_index, generations, stem_postings
from index.impacts import K1, B, ImpactRule
from index.stem_postings import StemPostings, passage_terms
from index.store import IndexStore

RULE = ImpactRule(depth=5, min_passages=0, listed_from=1)  # a list for every stem 2 or more passages use


def _lists(db: Path) -> list[tuple[str, bytes, bytes]]:
    return sqlite3.connect(db).execute("SELECT stem, passages, scores FROM stem_impacts ORDER BY stem").fetchall()


def test_lists_from_the_counted_stems_are_fts5s_own(tmp_path, corpus_dir, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder, impacts=RULE)
    db = generations.current_generation(tmp_path / "index") / generations.DB_FILE
    counted = _lists(db)
    store = IndexStore.open(db)
    try:
        with store.transaction():
            store.set_stem_impacts(RULE)  # no counts in hand: one FTS5 query a stem
    finally:
        store.close()
    assert len(counted) > 100 and counted == _lists(db)
    deep = ImpactRule(depth=10**6, min_passages=0, listed_from=1)  # complete lists: every posting, every tie
    build_index(corpus_dir, tmp_path / "deep", embedder, impacts=deep)
    db = generations.current_generation(tmp_path / "deep") / generations.DB_FILE
    counted = _lists(db)
    store = IndexStore.open(db)
    try:
        with store.transaction():
            store.set_stem_impacts(deep)
    finally:
        store.close()
    assert counted == _lists(db)
    ties = [stem for stem, _, scores in counted if len(set(np.frombuffer(scores, "<f4"))) < len(scores) // 4]
    assert ties  # equal scores occur, so the order of ties is tested too


def test_a_stem_not_counted_is_left_to_fts5():
    postings = StemPostings()
    postings.add([7, 8], *passage_terms(["board board trust", "trust"]))
    assert "board" in postings and "nurse" not in postings
    ranked = {stem: (ids.tolist(), scores.tolist()) for stem, ids, scores in postings.ranked(["trust", "nurse"], 5, 2, 4)}
    assert list(ranked) == ["trust"] and ranked["trust"][0] == [8, 7]  # the shorter passage first


def test_passages_added_out_of_id_order_rank_as_in_order_ties_by_passage_id():
    texts = ["board trust", "trust board", "board", "nurse board trust", "board trust", "trust"]
    in_order, out_of_order = StemPostings(), StemPostings()
    in_order.add([1, 2, 3, 4, 5, 6], *passage_terms(texts))
    out_of_order.add([4, 5, 6], *passage_terms(texts[3:]))
    out_of_order.add([1, 2, 3], *passage_terms(texts[:3]))

    def ranked(postings: StemPostings) -> list:
        return [(stem, ids.tolist(), scores.tolist()) for stem, ids, scores in postings.ranked(["board", "trust"], 4, 6, 13)]

    assert ranked(out_of_order) == ranked(in_order)
    assert ranked(in_order)[0][1] == [3, 1, 2, 5]  # "board" alone first, then equal scores by passage id


def test_passages_without_stems_among_others_count_as_passages_with_none():
    """A worker sends the stems joined in one text: a passage without any (or a batch of only such)
    still counts, and ranks as the lists of stems say."""
    texts = ["", "board board trust", "", "trust", ""]
    postings = StemPostings()
    postings.add([1, 2, 3, 4, 5], *passage_terms(texts))
    postings.add([6, 7], *passage_terms(["", ""]))
    ranked = {stem: ids.tolist() for stem, ids, _ in postings.ranked(["board", "trust"], 5, 7, 4)}
    assert ranked == {"board": [2], "trust": [4, 2]}
    terms, counts, sizes = passage_terms(texts)
    assert terms.split(" ") == ["board", "trust", "trust"] and counts.tolist() == [2, 1, 1]
    assert sizes.tolist() == [0, 2, 0, 1, 0]


def _lexsorted(postings: StemPostings, stems: list[str], depth: int, passages: int, tokens: int) -> dict:
    """What `ranked` gives, by one sort of every posting on (stem, -score, passage id), cut at `depth`."""
    codes = dict(postings._codes)
    stem, row = np.concatenate(postings._stems), np.concatenate(postings._passages)
    tf = np.concatenate(postings._counts).astype(np.float64)
    size = np.bincount(row, weights=tf)
    hits = np.bincount(stem, minlength=len(codes))
    idf = np.array([stem_postings._idf(passages, int(n)) for n in hits])
    score = idf[stem] * ((tf * (K1 + 1.0)) / (tf + K1 * (1 - B + B * size[row] / (tokens / passages))))
    order = np.lexsort((row, -score, stem))
    grouped = stem[order]
    found = {}
    for name in stems:
        start = np.searchsorted(grouped, codes[name])
        mine = order[start:min(np.searchsorted(grouped, codes[name], "right"), start + depth)]
        found[name] = (row[mine].tolist(), score[mine].tolist())
    return found


@pytest.mark.parametrize("distinct", [300, (1 << 16) + 100])  # stems grouped by a 16-bit radix sort, and by a wider one
def test_lists_are_the_best_of_one_sort_of_every_posting_ties_by_passage_id(distinct):
    rng = np.random.default_rng(distinct)
    texts = [" ".join(f"s{w}" for w in rng.integers(0, 300, rng.integers(1, 12))) for _ in range(450)]
    texts += ["s0 s1 s2"] * 40  # many equal scores, past the depth
    texts += [" ".join(f"s{w}" for w in range(k, min(k + 8, distinct))) for k in range(300, distinct, 8)]
    postings = StemPostings()
    ids = list(range(1, len(texts) + 1))
    for start in range(0, len(texts), 997):
        postings.add(ids[start:start + 997], *passage_terms(texts[start:start + 997]))
    stems = [name for name in postings._codes if name != "s5"]
    tokens = sum(len(text.split()) for text in texts)
    ranked = {stem: (found.tolist(), scores.tolist()) for stem, found, scores in postings.ranked(stems, 8, len(texts), tokens)}
    assert list(ranked) == stems and ranked == _lexsorted(postings, stems, 8, len(texts), tokens)
