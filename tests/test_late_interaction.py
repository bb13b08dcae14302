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

from index import BatchingEmbedder, BuildReport, IndexNotBuilt, build_index, open_index
from index import build as build_module
from index.generations import current_generation
from index.integrity import DB_FILE, write_manifest
from index.late_interaction import CHUNK_ROWS, MAX_PASSAGES, TextTokens, TokenStore, packed, quantised
from index.store import IndexStore

NELFT = "nelft-operating-model-case-study.md"


def evidence_rank(index, query, evidence: str) -> int | None:
    hits = index.search(query, 10)
    return next((i + 1 for i, h in enumerate(hits) if evidence in h.passage.text), None)


def token_rows(folder: Path) -> int:
    with sqlite3.connect(folder / DB_FILE) as db:
        return db.execute("SELECT count(*) FROM passage_tokens").fetchone()[0]


def nelft_alone(target: Path) -> Path:
    """The bundled corpus's NELFT case study alone (with the taxonomy), copied to `target`: a small
    corpus to build with the real model."""
    shutil.copytree(KNOWLEDGE, target, ignore=lambda _, names: [n for n in names if n.endswith(".md") and n != NELFT])
    return target


@pytest.fixture
def one_document(tmp_path: Path) -> Path:
    """`nelft_alone` for a test that changes it."""
    return nelft_alone(tmp_path / "knowledge")


@pytest.fixture(scope="module")
def built_once(tmp_path_factory, real_embedder) -> tuple[Path, Path, BuildReport]:
    """`nelft_alone` (not changed by the tests given it), its index built once with the real model and
    that build's report: a test that starts from a built index copies this one."""
    root = tmp_path_factory.mktemp("one-document")
    knowledge, index_dir = nelft_alone(root / "knowledge"), root / "index"
    return knowledge, index_dir, build_index(knowledge, index_dir, real_embedder)


def copy_built(built_once: tuple[Path, Path, BuildReport], tmp_path: Path) -> Path:
    """The module's built index copied to the test's own folder."""
    index_dir = tmp_path / "data" / "index"
    shutil.copytree(built_once[1], index_dir, symlinks=True)
    return index_dir


def test_a_question_s_evidence_comes_first_only_through_token_level_match(real_corpus, real_settings, real_embedder):
    """i050 of the tuning half: the case study's opening passage beats the stakeholder passage on the
    pooled vectors; the question's content words matched token by token put the right one first, and the
    same query without its tokens (ordered by the fusion's weights without MaxSim) does not. (The served
    index without the example questions, which also put it first: late interaction alone is measured here.)"""
    index = open_index(real_settings.index_dir, real_embedder)
    assert index.searcher.late_interaction
    query = index.prepare("How did NELFT go about refreshing how it engages outside stakeholders?")
    assert query.tokens is not None and query.tokens.content.any()
    evidence = "led the engagement and mapping of external stakeholders"
    assert evidence_rank(index, query, evidence) == 1
    assert evidence_rank(index, dataclasses.replace(query, tokens=None), evidence) > 1
    # the hits' scores stay the ranking model's log-odds: only their order moved
    with_tokens = {h.passage.id: h.score for h in index.search(query, 40)}
    without = {h.passage.id: h.score for h in index.search(dataclasses.replace(query, tokens=None), 40)}
    assert with_tokens == without
    index.close()


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


class CountingEmbedder:
    """The real embedder, keeping every text it is given to embed (by the build, the enabler profiles)."""

    def __init__(self, inner):
        self.inner = inner
        self.texts: list[str] = []
        self.name, self.dimension, self.max_tokens, self.semantic = inner.name, inner.dimension, inner.max_tokens, True

    def embed(self, texts, progress=False):
        self.texts += texts
        return self.inner.embed(texts, progress)

    def embed_with_tokens(self, texts, wanted):
        self.texts += texts
        return self.inner.embed_with_tokens(texts, wanted)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def test_one_run_of_the_model_gives_embed_s_vectors_and_the_tokens_asked_for(real_embedder, monkeypatch):
    texts = [f"  Board {i} agreed a shared plan with {'the partner trusts and ' * (i % 7)}its clinicians.\n" for i in range(40)]
    texts[5] = " ".join(["governance"] * 400)  # longer than the model reads
    tokenizer = real_embedder._model.tokenizer
    calls = []
    tokenise = type(tokenizer).__call__
    monkeypatch.setattr(type(tokenizer), "__call__", lambda self, *a, **k: calls.append(1) or tokenise(self, *a, **k))
    wanted = [31, 5, 0, 17]
    vectors, found = real_embedder.embed_with_tokens(texts, wanted)
    assert len(calls) == 2  # each batch of 32 tokenised once, for the model and the tokens' words alike
    monkeypatch.undo()
    assert np.allclose(vectors, real_embedder.embed(texts), atol=1e-6)
    assert len(found) == len(wanted)
    for position, tokens in zip(wanted, found):
        (alone,) = real_embedder.embed_with_tokens([texts[position]], [0])[1]
        assert (tokens.pieces == alone.pieces).all() and (tokens.content == alone.content).all()
        assert np.allclose(tokens.vectors, alone.vectors, atol=1e-5)
        assert len(tokens.pieces) == min(real_embedder.count_tokens(texts[position]), real_embedder.max_tokens) - 2
    words = real_embedder._model.tokenizer.convert_ids_to_tokens(found[2].pieces.tolist())  # text 0
    assert [w for w, c in zip(words, found[2].content) if c] == ["board", "agreed", "shared", "plan", "clinic", "##ians"]


def test_a_build_embeds_each_passage_once_for_its_vector_and_its_tokens(tmp_path, one_document, real_embedder):
    index_dir = tmp_path / "data" / "index"
    counting = CountingEmbedder(real_embedder)
    build_index(one_document, index_dir, counting)
    first = {text for _, text in passage_texts(index_dir)}
    (source,) = one_document.glob("*.md")
    source.write_text(source.read_text() + "\nA closing paragraph naming the partner boards and their shared plan.\n")
    build_index(one_document, index_dir, counting)  # an update: the changed document written again
    found = passage_texts(index_dir)
    assert any(text not in first for _, text in found)
    for _, text in found:  # embedded once by each build that wrote its passage
        assert counting.texts.count(text) == 1 + (text in first)
    with sqlite3.connect(current_generation(index_dir) / DB_FILE) as db:
        stored = db.execute("SELECT chunk_id, pieces, codes, scales FROM passage_tokens ORDER BY chunk_id").fetchall()
    assert [row[0] for row in stored] == [passage_id for passage_id, _ in found]
    _, again = real_embedder.embed_with_tokens([text for _, text in found], list(range(len(found))))  # a run of their own
    for row, tokens in zip(stored, again):
        assert row[1] == tokens.pieces.tobytes()
        vectors = np.frombuffer(row[2], np.int8).reshape(-1, real_embedder.dimension) * np.frombuffer(row[3], np.float32)[:, None]
        assert np.allclose(vectors, packed_vectors(tokens, real_embedder.dimension), atol=1e-6)


def passage_texts(index_dir: Path) -> list[tuple[int, str]]:
    """Each served passage's id and the text embedded for it (with its context line), by id."""
    store = IndexStore.open(current_generation(index_dir) / DB_FILE, read_only=True)
    try:
        return sorted((p.id, f"{p.context}\n{p.text}") for p in store.passages())
    finally:
        store.close()


def packed_vectors(tokens: TextTokens, dimension: int) -> np.ndarray:
    """A passage's stored rows as `packed` keeps them, dequantised."""
    _, _, codes, scales = packed(0, tokens)
    return np.frombuffer(codes, np.int8).reshape(-1, dimension) * np.frombuffer(scales, np.float32)[:, None]


def test_passages_tokens_are_stored_below_the_size_threshold_and_not_above(tmp_path, built_once, real_embedder, monkeypatch):
    one_document, _, report = built_once
    index_dir = copy_built(built_once, tmp_path)
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
        tmp_path, built_once, real_embedder):
    one_document = built_once[0]
    index_dir = copy_built(built_once, tmp_path)
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


def test_a_damaged_token_store_sets_its_generation_aside_for_a_rebuild(tmp_path, built_once, real_embedder, caplog):
    index_dir = copy_built(built_once, tmp_path)
    folder = current_generation(index_dir)
    vectors = json.loads((folder / "checksums.json").read_text())["vectors"]
    with sqlite3.connect(folder / DB_FILE) as db:  # a row cut short, its checksums made again to match
        db.execute("UPDATE passage_tokens SET codes = substr(codes, 1, 100) WHERE chunk_id = (SELECT min(chunk_id) FROM passage_tokens)")
    write_manifest(folder, vectors)
    with pytest.raises(IndexNotBuilt):  # set aside as any damaged generation is; the caller builds again
        open_index(index_dir, real_embedder)
    assert [p.name for p in index_dir.glob("damaged-gen-*")] == [f"damaged-{folder.name}"]
    assert "could not be loaded (ValueError: a passage's token rows do not match" in caplog.text


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


def test_maxsim_over_more_rows_than_one_chunk_scores_every_candidate_from_its_own_rows():
    rng = np.random.default_rng(1)
    unit = lambda x: x / np.linalg.norm(x, axis=1, keepdims=True)  # noqa: E731
    sizes = {pid: int(rng.integers(1, CHUNK_ROWS)) for pid in range(12)}  # passages straddling the chunks' edges
    passages = {pid: unit(rng.normal(size=(n, 8))) for pid, n in sizes.items()}
    rows = [packed(pid, TextTokens(np.arange(len(v), dtype=np.int32), v, np.ones(len(v), bool))) for pid, v in passages.items()]
    store = TokenStore.from_rows(rows, 8)
    assert store is not None and sum(sizes.values()) > 3 * CHUNK_ROWS
    question = TextTokens(np.array([1, 2, 500], dtype=np.int32), unit(rng.normal(size=(3, 8))), np.ones(3, bool))
    candidates = np.array([11, 4, 0, 7, 3, 10, 1])
    weights = store.weights(question)
    for candidate, score in zip(candidates, store.maxsim(question, candidates)):
        codes, scales = quantised(passages[int(candidate)])
        best = ((codes * scales[:, None]) @ question.vectors.T).max(axis=0)  # the stored rows, dequantised
        assert score == pytest.approx(best @ weights / weights.sum(), abs=1e-5)
