"""Opening the corpus afresh inside a test (after the test changed the knowledge folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import KNOWLEDGE

from bot.answer import Answer
from bot.answerer import Answerer
from bot.corpus import open_corpus, update_index
from bot.settings import Settings


def open_answerer(settings, embedder=None, **options) -> Answerer:
    """An Answerer over the corpus as it is now; `answerer.corpus` is the corpus it opened."""
    corpus, _ = open_corpus(settings, embedder, **options)
    return Answerer(corpus)


def answer_with_lesson(tmp_path: Path, embedder, indexed: Settings, name: str, lesson: str, question: str) -> Answer:
    """The answer to `question` once lesson `name` is written into a copy of the bundled corpus and
    `peerbot index` has taken it up, starting from `indexed`'s index (built from the bundled corpus)."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    shutil.copytree(indexed.index_dir, settings.index_dir, symlinks=True)
    (knowledge / name).write_text(lesson)
    update_index(settings, embedder)  # `peerbot index`
    corpus, _ = open_corpus(settings, embedder)
    try:
        return Answerer(corpus).answer(question)
    finally:
        corpus.close()
