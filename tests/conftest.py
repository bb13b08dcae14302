"""Shared fixtures: a temporary corpus and data directory, the hashing embedder for most tests, one
shared index per module for the servers, the Slack double, and one real-model corpus and answerer
per test session for the quality tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.settings import Settings
from index.embedder import HashingEmbedder

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"  # a copy of shared/eval/dev_questions.jsonl


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus that a test may change."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", knowledge_dir=corpus_dir, model="hashing")


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def corpus(settings: Settings, embedder: HashingEmbedder):
    corpus, _ = open_corpus(settings, embedder)
    yield corpus
    corpus.close()


@pytest.fixture
def answerer(corpus):
    return Answerer(corpus)


@pytest.fixture(scope="module")
def shared_answerer(tmp_path_factory):
    """One index (hashing embedder, a copy of the bundled corpus) for a module's servers; each test
    still has its own data folder and SQLite."""
    from corpus_helpers import open_answerer

    root = tmp_path_factory.mktemp("shared-index")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    answerer = open_answerer(
        Settings(data_dir=root / "data", knowledge_dir=root / "knowledge", model="hashing"), HashingEmbedder())
    yield answerer
    answerer.index.close()


@pytest.fixture
def double():
    """The local double of the Slack Web API (tests/slack_double.py), for one test."""
    from slack_double import SlackDouble

    with SlackDouble() as d:
        yield d


@pytest.fixture(scope="session")
def real_embedder():
    from index.embedder import load_embedder

    return load_embedder("all-MiniLM-L6-v2", 1, Settings().query_encoder)  # questions as served by default


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("real-data"), knowledge_dir=KNOWLEDGE)


@pytest.fixture(scope="session")
def real_corpus(real_settings: Settings, real_embedder):
    corpus, _ = open_corpus(real_settings, real_embedder)
    yield corpus
    corpus.close()


@pytest.fixture(scope="session")
def real_answerer(real_corpus):
    return Answerer(real_corpus)


@pytest.fixture(scope="session")
def postgres():
    """One throw-away PostgreSQL cluster for the session (tests/postgres_cluster.py)."""
    from postgres_cluster import PostgresCluster

    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; its URL (as DATABASE_URL would hold it)."""
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def state_database(request, tmp_path: Path) -> Path | str:
    """Where a state test keeps peerbot's records: the SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "peerbot.db"
    return request.getfixturevalue("postgres_url")
