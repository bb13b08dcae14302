"""Smoke test of the scale benchmark's instruments on a tiny corpus (benchmarks/bench_scale.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_scale  # noqa: E402
import scale_corpus  # noqa: E402


def test_generator_is_deterministic_and_prefix_stable(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    scale_corpus.write_corpus(a, 45, seed=3)
    scale_corpus.write_corpus(b, 60, seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert len(files) == 3
    assert [(a / f).read_bytes() for f in files[:2]] == [(b / f).read_bytes() for f in files[:2]]
    text = (a / files[0]).read_text()
    assert text.startswith("---\ntitle: ") and "\npeople:\n- name: " in text and "\n> — " in text


def test_full_path_measures_peerbot_through_its_cli(tmp_path):
    corpus, data, logs = tmp_path / "corpus", tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    stats = scale_corpus.write_corpus(corpus, 45, seed=3)
    questions = scale_corpus.questions(bench_scale.WARM_UP + 3, stats["documents"], seed=3)

    row = bench_scale.full_path(corpus, data, questions, limit=120, logs=logs)

    assert row["passages"] == 45  # every generated block is exactly one of peerbot's passages
    assert row["vectors"] > 45 and row["build_rss_mb"] > 0 and row["build_cpu"] > 0
    assert row["disk"]["index.db"] > 0 and row["disk"]["vectors.faiss"] > 0
    assert len(row["answer_wall"]) == len(row["answer_cpu"]) == 3
    assert all(cpu > 0 for cpu in row["answer_cpu"])
    assert sum(row["outcomes"].values()) == 3 and row["ask_rss_mb"] > 0
    assert json.loads(json.dumps(row))["first_answer_s"] > 0


def test_lowlevel_path_writes_peerbots_lexical_index_and_searches_it_as_the_searcher_does(tmp_path):
    import scale_lowlevel

    from index.store import IndexStore

    corpus, data, logs = tmp_path / "corpus", tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    stats = scale_corpus.write_corpus(corpus, 45, seed=3)
    questions = scale_corpus.questions(scale_lowlevel.WARM_UP + 3, stats["documents"], seed=3)

    row = bench_scale.lowlevel_path(corpus, data, questions, limit=120, logs=logs)

    assert row["passages"] == 45 and row["vectors"] == 45 and row["disk"]["vectors.faiss"] > 0
    assert len(row["search"]["fts_cpu"]) == len(row["search"]["vector_cpu"]) == len(questions)
    store = IndexStore.open(data / "index.db", read_only=True)
    try:  # the contentless FTS5 table holds the passages' search text: a passage's own words find it
        text = next(p.text for p in store.passages() if p.id == 7)
        assert 7 in [pid for pid, _ in store.lexical_search(text, 5)]
    finally:
        store.close()

    lexical_only = scale_lowlevel.build(corpus, tmp_path / "lexical", with_vectors=False)
    assert lexical_only["passages"] == 45 and lexical_only["vectors"] == 0
    assert not (tmp_path / "lexical" / "vectors.faiss").exists()
    searched = scale_lowlevel.search(tmp_path / "lexical", questions)
    assert searched["vectors"] == 0 and searched["impact_depth"] is None  # 45 passages: not a large corpus
    assert len(searched["fts_cpu"]) == len(questions)
