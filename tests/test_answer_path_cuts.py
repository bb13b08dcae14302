"""The answer path's cheaper forms give what the plain ones gave: FAISS's results as arrays, each
dense candidate passage in the order FAISS first found it with its best score, and the passage
texts' word trigrams and plain words made once and reused."""

from __future__ import annotations

import numpy as np

from bot import programme_names, snippet_choice
from index.vectors import VectorIndex

QUESTIONS = ["committee in common", "shared staffing across trusts", "zebrafish governance", "clinical leadership"]


def test_search_arrays_are_the_search_results(tmp_path):
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex.build(np.arange(500), vectors, 32)
    for query in vectors[:20]:
        ids, scores = index.search_arrays(query, 50)
        assert ids.dtype == np.int64 and scores.dtype == np.float32
        assert list(zip(ids.tolist(), scores.tolist())) == index.search(query, 50)
        assert [i for i, _ in index.search(query, 50)] == [int(i) for i in ids]
    empty_ids, empty_scores = index.search_arrays(vectors[0], 0)
    assert not len(empty_ids) and not len(empty_scores)


def _dense_candidates_as_a_loop(searcher, vector) -> dict[int, float]:
    """What the dense candidates were before they were vectorised: one hit at a time."""
    found: dict[int, float] = {}
    hits = searcher._vectors.search(vector, 200)
    passages = searcher._layout.passages_of(np.array([unit_id for unit_id, _ in hits], dtype=np.int64))
    for pid, (_, score) in zip(passages.tolist(), hits):
        found[pid] = max(score, found.get(pid, -1.0))
    return found


def test_dense_candidates_in_first_found_order_with_their_best_score(corpus):
    searcher = corpus.index.searcher
    for question in QUESTIONS:
        vector = corpus.index.prepare(question).vector
        found = searcher._dense_candidates(vector)
        expected = _dense_candidates_as_a_loop(searcher, vector)
        assert list(found.items()) == list(expected.items())
        assert len(found) > 1  # several passages, each once, with sentence and window vectors folded in


def test_trigrams_and_plain_words_are_made_once_per_passage():
    text = "Trust is built slowly. Trust is built slowly, and lost fast."
    first = snippet_choice._trigrams(text)
    assert first is snippet_choice._trigrams(text)  # cached
    assert first == {("trust", "is", "built"), ("is", "built", "slowly"), ("built", "slowly", "trust"),
                     ("slowly", "trust", "is"), ("slowly", "and", "lost"), ("and", "lost", "fast"),
                     ("built", "slowly", "and")}
    assert programme_names._plain_passage("Building trust", "It’s the board's work.") == "building trust it the board work"
    assert programme_names._plain_passage("Building trust", "It’s the board's work.") is programme_names._plain_passage(
        "Building trust", "It’s the board's work.")
