"""PEERBOT_QUERY_ENCODER: questions embedded by ONNX Runtime (fp32 or int8) from the installed model's
weights, close to the torch vectors the passages were embedded with."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import DEV_QUESTIONS

from bot.cli import main
from bot.corpus import open_corpus
from bot.evaluation import load_questions
from bot.setting_values import SettingsError
from bot.settings import Settings
from index import QUERY_ENCODERS, BatchingEmbedder


def test_the_setting_is_read_from_the_environment_and_defaults_to_onnx():
    assert Settings.from_env({}).query_encoder == "onnx"
    for name in QUERY_ENCODERS:
        assert Settings.from_env({"PEERBOT_QUERY_ENCODER": name}).query_encoder == name


@pytest.mark.parametrize("value", ["int8", "ONNX", "onnx int8"])
def test_an_unknown_encoder_is_one_line_naming_the_setting_and_the_choices(tmp_path, capsys, monkeypatch, value):
    with pytest.raises(SettingsError, match="PEERBOT_QUERY_ENCODER must be one of torch, onnx, onnx-int8"):
        Settings.from_env({"PEERBOT_QUERY_ENCODER": value})
    for name, setting in {"PEERBOT_DATA_DIR": tmp_path, "PEERBOT_MODEL": "hashing",
                          "PEERBOT_QUERY_ENCODER": value}.items():
        monkeypatch.setenv(name, str(setting))
    code = main(["ask", "How can trusts build trust at board level?"])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and "Traceback" not in out + err and len(lines) == 1
    assert lines[0] == f"peerbot: error: PEERBOT_QUERY_ENCODER must be one of torch, onnx, onnx-int8, got {value!r}"


def test_a_server_batches_questions_through_the_query_encoder(embedder):
    """The batching worker calls `embed_query` (the served encoder); `embed` (passages) goes straight through."""
    calls: list[tuple[str, int]] = []

    class Recording(type(embedder)):  # a test double over the hashing embedder, not peerbot's code
        def embed(self, texts, progress=False):
            calls.append(("embed", len(texts)))
            return super().embed(texts, progress)

        def embed_query(self, texts):
            calls.append(("embed_query", len(texts)))
            return super().embed(texts)

    batching = BatchingEmbedder(Recording(), window=0)
    assert batching.embed_query(["How do trusts share staff?"]).shape == (1, embedder.dimension)
    batching.embed(["one passage"])
    assert calls == [("embed_query", 1), ("embed", 1)]


@pytest.fixture(scope="module")
def dev_questions() -> list[str]:
    return [q.q for q in load_questions(DEV_QUESTIONS)]


@pytest.fixture(scope="module")
def torch_vectors(real_embedder, dev_questions):
    """The dev questions as torch embeds them: the session's model embeds passages with torch."""
    return real_embedder.embed(dev_questions)


@pytest.fixture(scope="module")
def int8_corpus(real_corpus, real_settings):
    """The session's built index opened as `peerbot serve` opens it with PEERBOT_QUERY_ENCODER=onnx-int8
    (its model loaded from the setting); the build report (None: nothing was built)."""
    corpus, report = open_corpus(dataclasses.replace(real_settings, query_encoder="onnx-int8"), batching=True)
    yield corpus, report
    corpus.close()


@pytest.mark.model
@pytest.mark.parametrize(("encoder", "mean", "least"), [("onnx", 0.9999, 0.9999), ("onnx-int8", 0.985, 0.97)])
def test_the_query_encoders_vectors_are_close_to_torchs(real_embedder, int8_corpus, torch_vectors, dev_questions,
                                                        encoder, mean, least):
    fast = {"onnx": real_embedder, "onnx-int8": int8_corpus[0].index.embedder.inner}[encoder]  # one model load each
    assert fast.query_encoder == encoder
    reference = torch_vectors
    for batch in (1, 5, len(dev_questions)):  # padding to the batch's longest question changes nothing
        vectors = np.concatenate([fast.embed_query(dev_questions[i:i + batch])
                                  for i in range(0, len(dev_questions), batch)])
        assert vectors.dtype == np.float32 and vectors.shape == reference.shape
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
        cosine = (vectors * reference).sum(axis=1)
        assert cosine.mean() >= mean and cosine.min() >= least
    assert np.array_equal(fast.embed(dev_questions[:3]), reference[:3])  # passages: torch, as built


@pytest.mark.model
def test_a_corpus_opened_with_the_int8_encoder_embeds_questions_with_it(real_corpus, int8_corpus, dev_questions):
    """The setting reaches the served index: its questions are the int8 encoder's, its passages torch's."""
    corpus, report = int8_corpus
    assert report is None  # the index on disk is served as it was built: nothing re-embedded
    assert corpus.index.embedder.inner.query_encoder == "onnx-int8"
    query = corpus.index.prepare(dev_questions[0])
    torch_vector = real_corpus.index.embedder.embed([query.searched])[0]
    cosine = float(query.vector @ torch_vector)
    assert 0.97 <= cosine < 0.9999  # close to torch's, yet not torch's: the int8 encoder made it
    assert corpus.index.search(query, 5)
