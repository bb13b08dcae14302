"""PEERBOT_THREADS sets the CPU threads of the vector search (FAISS) and of the model (torch)."""

from __future__ import annotations

import faiss
import pytest

from bot.corpus import open_corpus
from bot.settings import Settings
from index import load_embedder


@pytest.mark.parametrize("threads", [2, 1])
def test_the_served_index_searches_on_the_configured_threads(settings, threads):
    corpus, _ = open_corpus(Settings(**{**settings.__dict__, "threads": threads}))
    try:
        assert faiss.omp_get_max_threads() == threads
    finally:
        corpus.close()


def test_the_setting_is_read_from_the_environment():
    assert Settings.from_env({"PEERBOT_THREADS": "3"}).threads == 3
    assert Settings.from_env({}).threads == 1


@pytest.mark.model
def test_the_model_computes_on_the_configured_threads():
    import torch

    try:
        load_embedder("all-MiniLM-L6-v2", threads=2).embed(["How do trusts share staff?"])
        assert torch.get_num_threads() == 2
        load_embedder("all-MiniLM-L6-v2").embed(["How do trusts share staff?"])
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(1)
