"""A large corpus's lexical search leaves out stems most passages use and reads a bounded number of
postings, of the question's rarest stems (the commonest carry the least BM25 weight; reading their
postings is a pass over much of the corpus), chosen from FTS5's own per-stem counts."""

from __future__ import annotations

from index import build_index, generations
from index.lexical import query_stems
from index.search import LARGE_CORPUS
from index.store import IndexStore


def test_common_stems_are_left_out_and_only_the_rarest_within_the_postings_budget_searched(corpus_dir, tmp_path, embedder):
    build_index(corpus_dir, tmp_path / "index", embedder)
    store = IndexStore.open(generations.current_generation(tmp_path / "index") / generations.DB_FILE, read_only=True)
    try:
        assert store.counts_terms() and store.passage_count() < LARGE_CORPUS  # the bundled corpus is never pruned
        question = "trusts committee"
        counts = dict(store.db.execute("SELECT term, doc FROM chunks_fts_terms WHERE term IN ('trust', 'committee')"))
        assert query_stems(question) == ["trust", "committee"] and counts["trust"] > counts["committee"] > 0
        everything = store.lexical_search(question, 50)
        both = counts["trust"] + counts["committee"]
        pruned = store.lexical_search(question, 50, postings=both - 1)
        assert pruned == store.lexical_search("committee", 50) != everything
        assert store.lexical_search(question, 50, postings=0) == store.lexical_search("committee", 50)
        assert store.lexical_search(question, 50, postings=both) == everything
        assert store.lexical_search(question, 50, common=counts["trust"] - 1) == store.lexical_search("committee", 50)
        assert store.lexical_search(question, 50, common=0) == store.lexical_search("committee", 50)
        assert store.lexical_search(question, 50, common=counts["trust"], postings=both) == everything
        assert store.lexical_search(question, 50, common=counts["trust"], postings=both - 1) == pruned
    finally:
        store.close()
