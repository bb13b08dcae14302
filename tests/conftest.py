"""Shared fixtures: the bundled corpus as the run found it (`KNOWLEDGE`, one copy read by every
test), a temporary corpus and data directory, the hashing embedder for most tests, one shared index
per module for the servers, the Slack double, and one real-model corpus and answerer per test
session for the quality tests (its index built once even when test.sh runs pytest-xdist's workers)."""

from __future__ import annotations

import atexit
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.settings import Settings
from index.hashing_embedder import HashingEmbedder

ROOT = Path(__file__).resolve().parent.parent
_KNOWLEDGE_COPY = "TESTS_KNOWLEDGE_COPY"  # where the run's copy is, for pytest-xdist's workers


def _knowledge_copy() -> Path:
    """The bundled corpus (knowledge/) copied once for the whole run, pytest-xdist's workers taking the
    copy their controller made: tests read it, never the folder a curator may be editing, and a test
    that changes a corpus changes its own copy of it (`corpus_dir`)."""
    made = os.environ.get(_KNOWLEDGE_COPY)
    if made and Path(made).is_dir():
        return Path(made)
    folder = Path(tempfile.mkdtemp(prefix="peerbot-tests-")) / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    os.environ[_KNOWLEDGE_COPY] = str(folder)
    atexit.register(shutil.rmtree, folder.parent, True)
    return folder


KNOWLEDGE = _knowledge_copy()
DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"  # a copy of shared/eval/dev_questions.jsonl
DURATIONS = ROOT / "tests" / "durations.json"  # each file's measured seconds (benchmarks/suite_schedule.py --write)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest files first (`DURATIONS`; a file not in it before them all), each file's tests in
    their order: pytest-xdist's workers (`--dist loadfile`, its own reordering off in pyproject.toml)
    take files in this order, so none ends the run on a long file started late. When the first two
    files both need the session's real-model index, the longest file that does not comes second: the
    worker starting the first builds that index, and the other, starting the second, would wait on its
    lock (`real_corpus`) all the while."""
    weights = json.loads(DURATIONS.read_text())
    by_file: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    order = sorted(by_file, key=lambda name: -weights.get(name, float("inf")))  # equals: in collection order
    indexed = {name for name, tests in by_file.items()
               if any("real_corpus" in getattr(test, "fixturenames", ()) for test in tests)}
    if len(order) > 2 and {order[0], order[1]} <= indexed:
        free = next((name for name in order if name not in indexed), None)
        if free is not None:
            order.insert(1, order.pop(order.index(free)))
    items[:] = [item for name in order for item in by_file[name]]


_INDEXED_HOMES: dict[tuple, Path] = {}  # homes `peerbot index` built, by the settings they were built with


def indexed_environment(root: Path) -> dict[str, str]:
    """The environment of `peerbot` commands run on a copy of the bundled corpus under `root`, with
    the hashing embedder, and its data folder as `peerbot index` builds it: built once a process for
    the settings the environment holds, in a home of its own, and copied (the knowledge copied with
    its times, so the index is the one `index` would build under `root`)."""
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    environment = _home_environment(root)
    key = tuple(sorted((name, value) for name, value in environment.items()
                       if (name.startswith("PEERBOT_") or name == "DATABASE_URL")
                       and name not in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR")))
    if key not in _INDEXED_HOMES:
        built = Path(tempfile.mkdtemp(prefix="peerbot-indexed-"))
        atexit.register(shutil.rmtree, built, True)
        shutil.copytree(KNOWLEDGE, built / "knowledge")
        assert subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=_home_environment(built),
                              capture_output=True).returncode == 0
        _INDEXED_HOMES[key] = built
    shutil.copytree(_INDEXED_HOMES[key] / "data", root / "data", symlinks=True, dirs_exist_ok=True)
    return environment


def _home_environment(root: Path) -> dict[str, str]:
    return {**os.environ, "PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
            "PEERBOT_MODEL": "hashing"}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus that a test may change."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def oauth_env(tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """`peerbot serve`'s environment for installing into workspaces over OAuth (tests/slack_install.py), on
    a free port, with no bot token, Socket Mode, Teams or PostgreSQL from the caller's environment."""
    from slack_double import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, free_port
    from slack_install import STATE_SECRET

    for name in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "TEAMS_ALLOW_ANONYMOUS", "DATABASE_URL",
                 "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()),
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
            "SLACK_STATE_SECRET": STATE_SECRET}


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", knowledge_dir=corpus_dir, model="hashing")


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def built_indexes(tmp_path_factory) -> dict[tuple, Path]:
    """Indexes the session has built, by what they were built from (`build_key`): a test's corpus
    over the same knowledge, settings and embedder starts from a copy instead of building again."""
    return {}


def build_key(settings: Settings, embedder) -> tuple:
    """What an index is built from: every file of the knowledge folder (name, bytes, time), every
    setting but the two folders, and the embedder."""
    files = hashlib.sha256()
    for path in sorted(p for p in settings.knowledge_dir.rglob("*") if p.is_file()):
        files.update(f"{path.relative_to(settings.knowledge_dir)}\0{path.stat().st_mtime_ns}\0".encode())
        files.update(path.read_bytes())
    rest = dataclasses.replace(settings, data_dir=Path(), knowledge_dir=Path())
    return files.hexdigest(), repr(rest), type(embedder).__qualname__, embedder.name


@pytest.fixture
def corpus(settings: Settings, embedder: HashingEmbedder, built_indexes: dict[tuple, Path], tmp_path_factory):
    """The corpus opened over the test's own data folder; its index is built (a copy of one built
    already from the same knowledge, settings and embedder, when the session has one)."""
    key = build_key(settings, embedder)
    if not settings.index_dir.exists() and key in built_indexes:
        shutil.copytree(built_indexes[key], settings.index_dir, symlinks=True)
    corpus, report = open_corpus(settings, embedder)
    if report is not None and key not in built_indexes:
        built_indexes[key] = tmp_path_factory.mktemp("built-index") / "index"
        shutil.copytree(settings.index_dir, built_indexes[key], symlinks=True)
    yield corpus
    corpus.close()


@pytest.fixture
def answerer(corpus):
    return Answerer(corpus)


@pytest.fixture(scope="module")
def shared_answerer(tmp_path_factory):
    """One index (hashing embedder, the run's copy of the bundled corpus, only read) for a module's
    servers; each test still has its own data folder and SQLite."""
    from corpus_helpers import open_answerer

    root = tmp_path_factory.mktemp("shared-index")
    answerer = open_answerer(Settings(data_dir=root / "data", knowledge_dir=KNOWLEDGE, model="hashing"), HashingEmbedder())
    yield answerer
    answerer.index.close()


@pytest.fixture
def double():
    """The local double of the Slack Web API (tests/slack_double.py), for one test."""
    from slack_double import SlackDouble

    with SlackDouble() as d:
        yield d


@pytest.fixture
def server(settings, shared_answerer, double):
    """peerbot's Slack app served on 127.0.0.1 (tests/slack_double.PeerbotServer) with the module's answerer
    and the Slack double; a module with other needs defines its own."""
    from slack_double import PeerbotServer

    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


@pytest.fixture
def slack(server):
    """Signed requests to the `server` fixture of the test's module (a tests/slack_double.PeerbotServer)."""
    from slack_double import SlackSender

    return SlackSender(server.events_url)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("real-data"), knowledge_dir=KNOWLEDGE)


@pytest.fixture(scope="session")
def real_embedder(real_settings):
    """The real model, embedding questions as served by default, its exported query encoder kept in
    `real_settings`' data folder (so `peerbot` run over that folder finds it made)."""
    from index.embedder import load_embedder

    return load_embedder("all-MiniLM-L6-v2", 1, Settings().query_encoder, real_settings.cache_dir)


@pytest.fixture(scope="session")
def real_query_cache(real_embedder, real_settings) -> Path:
    """The data folder's cache/ holding the session's exported query encoder: a `peerbot` command run
    with the real model over another data folder starts from a copy instead of exporting it again."""
    real_embedder.embed_query(["How do boards build trust?"])
    return real_settings.cache_dir


@contextmanager
def shared_by_workers(tmp_path_factory, name: str) -> Iterator[Path | None]:
    """Under pytest-xdist, a folder `name` shared by the run's workers, held under a lock (the first
    worker to hold it fills it, the others find it filled); None without xdist."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield None
        return
    root = tmp_path_factory.getbasetemp().parent  # each worker's temporary folders are in the run's one
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield root / name


@pytest.fixture(scope="session")
def real_corpus(real_settings: Settings, real_embedder, tmp_path_factory):
    """The real-model corpus over the bundled knowledge; under pytest-xdist its index is built by one
    worker and copied by the others."""
    with shared_by_workers(tmp_path_factory, "real-index") as built:
        if built is not None and built.exists():
            shutil.copytree(built, real_settings.index_dir, symlinks=True)
        corpus, _ = open_corpus(real_settings, real_embedder)
        if built is not None and not built.exists():
            shutil.copytree(real_settings.index_dir, built, symlinks=True)
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
