"""Late interaction (index/late_interaction.py): the passages' tokens stored by the build below a
corpus size, the question's tokens from the run that gives its vector, and the MaxSim rank fused
into the order, through the real model, the real build and the served index."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import KNOWLEDGE

from index import BatchingEmbedder, IndexDamaged, build_index, open_index
from index import build as build_module
from index.generations import current_generation
from index.integrity import DB_FILE, write_manifest
from index.late_interaction import MAX_PASSAGES, TextTokens, TokenStore, packed

NELFT = "nelft-operating-model-case-study.md"


def evidence_rank(index, query, evidence: str) -> int | None:
    hits = index.search(query, 10)
    return next((i + 1 for i, h in enumerate(hits) if evidence in h.passage.text), None)


def token_rows(folder: Path) -> int:
    with sqlite3.connect(folder / DB_FILE) as db:
        return db.execute("SELECT count(*) FROM passage_tokens").fetchone()[0]


@pytest.fixture
def one_document(tmp_path: Path) -> Path:
    """The bundled corpus's NELFT case study alone (with the taxonomy): a small corpus to build with the real model."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=lambda _, names: [n for n in names if n.endswith(".md") and n != NELFT])
    return target


def test_a_question_s_evidence_comes_first_only_through_token_level_match(real_corpus):
    """i050 of the tuning half: the case study's opening passage beats the stakeholder passage on the
    pooled vectors; the question's content words matched token by token put the right one first. The
    same query without its tokens is ranked as before late interaction."""
    index = real_corpus.index
    assert index.searcher.late_interaction
    query = index.prepare("How did NELFT go about refreshing how it engages outside stakeholders?")
    assert query.tokens is not None and query.tokens.content.any()
    evidence = "led the engagement and mapping of external stakeholders"
    assert evidence_rank(index, query, evidence) == 1
    assert evidence_rank(index, dataclasses.replace(query, tokens=None), evidence) == 2
    # the hits' scores stay the ranking model's log-odds: only their order moved
    with_tokens = {h.passage.id: h.score for h in index.search(query, 40)}
    without = {h.passage.id: h.score for h in index.search(dataclasses.replace(query, tokens=None), 40)}
    assert with_tokens == without


def test_the_question_s_tokens_come_from_the_run_that_gives_its_vector(real_embedder):
    text = "How did the boards of the four trusts get the same information?"
    vectors, (tokens,) = real_embedder.embed_query_tokens([text])
    assert np.allclose(vectors, real_embedder.embed_query([text]), atol=1e-6)
    assert len(tokens.pieces) == len(tokens.vectors) == len(tokens.content) == real_embedder.count_tokens(text) - 2
    assert np.allclose(np.linalg.norm(tokens.vectors, axis=1), 1, atol=1e-5)
    words = real_embedder._model.tokenizer.convert_ids_to_tokens(tokens.pieces.tolist())
    assert [w for w, c in zip(words, tokens.content) if c] == ["boards", "four", "trusts", "information"]
    # through a server's batching front door: the same vector and tokens, one model call
    batching = BatchingEmbedder(real_embedder, window=0)
    vector, (queued,) = batching.embed_query_tokens([text])
    assert np.allclose(vector, vectors, atol=1e-6) and (queued.pieces == tokens.pieces).all()
    assert np.allclose(queued.vectors, tokens.vectors, atol=1e-6) and batching.batches == 1


def test_passages_tokens_are_stored_below_the_size_threshold_and_not_above(tmp_path, one_document, real_embedder, monkeypatch):
    index_dir = tmp_path / "data" / "index"
    report = build_index(one_document, index_dir, real_embedder)
    assert 0 < report.passages_total <= MAX_PASSAGES
    assert token_rows(current_generation(index_dir)) == report.passages_total
    served = open_index(index_dir, real_embedder)
    assert served.searcher.late_interaction
    served.close()

    monkeypatch.setattr(build_module, "MAX_PASSAGES", report.passages_total - 1)  # the corpus now above it
    build_index(one_document, index_dir, real_embedder, rebuild=True)
    assert token_rows(current_generation(index_dir)) == 0
    served = open_index(index_dir, real_embedder)
    query = served.prepare("How did NELFT go about refreshing how it engages outside stakeholders?")
    assert not served.searcher.late_interaction and query.tokens is None  # and the question is embedded as before
    served.close()


def test_an_index_built_before_token_stores_is_served_without_them_and_the_next_build_adds_them(
        tmp_path, one_document, real_embedder):
    index_dir = tmp_path / "data" / "index"
    build_index(one_document, index_dir, real_embedder)
    folder = current_generation(index_dir)
    with sqlite3.connect(folder / DB_FILE) as db:  # as an index built before migration m010 is
        db.execute("DROP TABLE passage_tokens")
        db.execute("DELETE FROM _migrations WHERE name = 'm010_passage_tokens'")
        db.execute("DELETE FROM meta WHERE key = 'passage_tokens'")
    write_manifest(folder, json.loads((folder / "checksums.json").read_text())["vectors"])
    served = open_index(index_dir, real_embedder)
    assert not served.searcher.late_interaction
    assert served.search("How did NELFT engage outside stakeholders?", 5)
    served.close()

    report = build_index(one_document, index_dir, real_embedder)  # the corpus unchanged: a generation with the tokens
    assert report.passages_embedded == 0 and not report.changed
    assert current_generation(index_dir) != folder and token_rows(current_generation(index_dir)) == report.passages_total
    served = open_index(index_dir, real_embedder)
    assert served.searcher.late_interaction
    served.close()
    assert build_index(one_document, index_dir, real_embedder).passages_total == report.passages_total
    assert current_generation(index_dir).name == served.generation  # and then nothing more to do


def test_a_damaged_token_store_is_one_line_saying_to_rebuild(tmp_path, one_document, real_embedder):
    index_dir = tmp_path / "data" / "index"
    build_index(one_document, index_dir, real_embedder)
    folder = current_generation(index_dir)
    vectors = json.loads((folder / "checksums.json").read_text())["vectors"]
    with sqlite3.connect(folder / DB_FILE) as db:  # a row cut short, its checksums made again to match
        db.execute("UPDATE passage_tokens SET codes = substr(codes, 1, 100) WHERE chunk_id = (SELECT min(chunk_id) FROM passage_tokens)")
    write_manifest(folder, vectors)
    with pytest.raises(IndexDamaged, match=r"could not be loaded \(ValueError: a passage's token rows do not match.*run `peerbot index --rebuild`"):
        open_index(index_dir, real_embedder)


def test_maxsim_is_the_idf_weighted_mean_of_each_question_token_s_best_match():
    rng = np.random.default_rng(0)
    unit = lambda x: x / np.linalg.norm(x, axis=1, keepdims=True)  # noqa: E731
    passages = {3: rng.normal(size=(5, 8)), 7: rng.normal(size=(2, 8)), 9: rng.normal(size=(4, 8))}
    rows = [packed(pid, TextTokens(np.arange(len(v), dtype=np.int32) + pid, unit(v), np.ones(len(v), bool)))
            for pid, v in passages.items()]
    store = TokenStore.from_rows(rows, 8)
    assert store is not None
    question = TextTokens(np.array([3, 7, 99], dtype=np.int32), unit(rng.normal(size=(3, 8))), np.array([True, True, False]))
    scores = store.maxsim(question, np.array([9, 3, 5, 7]))
    # by hand: piece 3 is among passage 3's pieces only, piece 7 among 3's and 7's; the stopword's weighs 0
    idf = lambda df: np.log(1 + (3 - df + 0.5) / (df + 0.5))  # noqa: E731
    weights = np.array([idf(1), idf(2)])
    for candidate, score in zip([9, 3, 7], scores[[0, 1, 3]]):
        best = (question.vectors[:2] @ unit(passages[candidate]).T).max(axis=1)
        assert score == pytest.approx(best @ weights / weights.sum(), abs=0.01)  # int8 codes
    assert scores[2] == -1  # a passage without stored tokens ranks below every other
