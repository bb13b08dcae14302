"""Questions arriving together are embedded in one model call on a dedicated worker
(index/batching.py), each caller getting exactly the vector it would have had alone."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bot.corpus import open_corpus
from bot.settings import Settings
from index import BatchingEmbedder
from index.hashing_embedder import HashingEmbedder

QUESTIONS = [f"How did trust {i} share staff across the collaborative?" for i in range(8)]


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording the size of every call (a test double, not peerbot's code)."""

    def __init__(self, fail: bool = False):
        super().__init__()
        self.calls: list[int] = []
        self.fail = fail

    def embed(self, texts, progress=False):
        self.calls.append(len(texts))
        if self.fail:
            raise RuntimeError("model unavailable")
        return super().embed(texts, progress)


def _ask_together(embedder, questions):
    barrier, results, errors = threading.Barrier(len(questions)), {}, {}

    def ask(i, question):
        barrier.wait()
        try:
            results[i] = embedder.embed_query([question])
        except Exception as e:  # noqa: BLE001 (the test inspects it)
            errors[i] = e

    threads = [threading.Thread(target=ask, args=(i, q)) for i, q in enumerate(questions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_questions_asked_together_share_a_model_call_and_get_their_own_vectors():
    inner = CountingEmbedder()
    batching = BatchingEmbedder(inner, window=0.2)
    results, errors = _ask_together(batching, QUESTIONS)
    assert not errors
    alone = HashingEmbedder()
    for i, question in enumerate(QUESTIONS):
        assert results[i].shape == (1, alone.dimension)
        assert np.array_equal(results[i], alone.embed([question]))
    assert sum(inner.calls) == len(QUESTIONS) and len(inner.calls) < len(QUESTIONS)
    assert batching.batches == len(inner.calls)


def test_several_texts_go_straight_to_the_model():
    inner = CountingEmbedder()
    batching = BatchingEmbedder(inner)
    vectors = batching.embed(QUESTIONS[:3])
    assert vectors.shape == (3, inner.dimension) and inner.calls == [3] and batching.batches == 0
    assert (batching.name, batching.dimension, batching.semantic) == (inner.name, inner.dimension, False)


def test_a_model_failure_reaches_every_caller_of_the_batch():
    batching = BatchingEmbedder(CountingEmbedder(fail=True), window=0.2)
    results, errors = _ask_together(batching, QUESTIONS[:4])
    assert not results and len(errors) == 4
    assert all(str(e) == "model unavailable" for e in errors.values())


@pytest.mark.parametrize(("window_ms", "batched"), [(3, True), (0, False)])
def test_a_server_batches_its_questions_unless_the_window_is_zero(settings, window_ms, batched):
    corpus, _ = open_corpus(Settings(**{**settings.__dict__, "query_window_ms": window_ms}), batching=True)
    try:
        assert isinstance(corpus.index.embedder, BatchingEmbedder) is batched
        assert corpus.index.search("committee in common", 3)
    finally:
        corpus.close()


def test_a_batch_never_holds_more_questions_than_the_servers_batch_size(settings):
    """PEERBOT_QUERY_BATCH caps a model call: eight questions asked at once, at most three a call."""
    inner = CountingEmbedder()
    changed = Settings(**{**settings.__dict__, "query_window_ms": 200, "query_batch": 3})
    corpus, _ = open_corpus(changed, inner, batching=True)
    try:
        inner.calls.clear()  # the build's and the enablers' calls, several texts each, went straight through
        results, errors = _ask_together(corpus.index.embedder, QUESTIONS)
        assert not errors and len(results) == len(QUESTIONS)
        assert sum(inner.calls) == len(QUESTIONS) and max(inner.calls) == 3
    finally:
        corpus.close()
