"""Opening the corpus afresh inside a test (after the test changed the knowledge folder)."""

from __future__ import annotations

from bot.answerer import Answerer
from bot.corpus import open_corpus


def open_answerer(settings, embedder=None, **options) -> Answerer:
    """An Answerer over the corpus as it is now; `answerer.corpus` is the corpus it opened."""
    corpus, _ = open_corpus(settings, embedder, **options)
    return Answerer(corpus)
