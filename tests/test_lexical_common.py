"""A large corpus's lexical search leaves out stems most passages use (their BM25 weight is near
nothing; reading their postings is a pass over the corpus), from FTS5's own per-stem counts."""

from __future__ import annotations

from index import build_index, generations
from index.lexical import query_stems
from index.search import LARGE_CORPUS
from index.store import IndexStore


def test_common_stems_are_left_out_and_the_rarest_kept(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    store = IndexStore.open(generations.current_generation(tmp_path / "index") / generations.DB_FILE, read_only=True)
    try:
        assert store.counts_terms() and store.passage_count() < LARGE_CORPUS  # the bundled corpus is never pruned
        question = "trusts committee"
        counts = dict(store.db.execute("SELECT term, doc FROM chunks_fts_terms WHERE term IN ('trust', 'committee')"))
        assert query_stems(question) == ["trust", "committee"] and counts["trust"] > counts["committee"] > 0
        everything = store.lexical_search(question, 50)
        pruned = store.lexical_search(question, 50, common=counts["trust"] - 1)
        assert pruned == store.lexical_search("committee", 50) != everything
        assert store.lexical_search(question, 50, common=0) == store.lexical_search("committee", 50)
        assert store.lexical_search(question, 50, common=counts["trust"]) == everything
    finally:
        store.close()
