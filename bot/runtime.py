"""Wiring: from settings to a loaded `Answerer` (model and index loaded once per process)."""

from __future__ import annotations

import sqlite3
import tempfile

from bot.answering import Answerer
from bot.contacts.file import load_contact_details
from bot.contacts.directory import Directory, build_directory
from bot.scope import ScopeGuard, load_out_of_scope
from bot.settings import Settings
from bot.state import StateStore
from index.build import BuildReport, build_index
from index.embedder import Embedder, load_embedder
from index.generations import DB_FILE, usable_generation
from index.search import IndexDamaged, IndexNotBuilt, IndexOutdated, Searcher
from index.snapshot import Snapshot
from index.store import IndexStore
from index.taxonomy import load_enablers
from index.vectors import use_single_thread


class DataDirError(Exception):
    """PEERBOT_DATA_DIR cannot hold the index and databases."""


def check_data_dir(settings: Settings) -> None:
    """The data folder exists (created if need be) and can be written to; else one clear error."""
    path = settings.data_dir
    if path.exists() and not path.is_dir():
        raise DataDirError(f"PEERBOT_DATA_DIR {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as e:
        raise DataDirError(f"PEERBOT_DATA_DIR {path} cannot be written to ({e.strerror or e})") from None


def open_state(settings: Settings) -> StateStore:
    """peerbot's records in PEERBOT_DATA_DIR, ids hashed with PEERBOT_HASH_KEY (or the database's own
    key); a damaged database is moved aside and a fresh one created."""
    check_data_dir(settings)
    return StateStore(settings.state_db_path, settings.hash_key)


def build(settings: Settings, embedder: Embedder, *, rebuild: bool = False, progress: bool = False) -> BuildReport:
    """`peerbot index`: bring the index in the data folder up to date with the corpus."""
    check_data_dir(settings)
    return build_index(settings.knowledge_dir, settings.index_dir, embedder, rebuild=rebuild, progress=progress,
                       max_document_mb=settings.max_document_mb)


def open_searcher(
    settings: Settings, embedder: Embedder, *, build_if_missing: bool = True
) -> tuple[Searcher, BuildReport | None]:
    """The served index, checked as it loads. It is built first on a fresh data folder (the first
    use of a checkout) and when no generation is whole any more: the corpus is the source of
    truth, so answering again needs nothing from whoever runs peerbot."""
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        raise DataDirError(f"PEERBOT_DATA_DIR {settings.data_dir} is a file, not a folder")
    try:
        return Searcher(settings.index_dir, embedder), None
    except (IndexNotBuilt, IndexOutdated):  # no whole generation, or one an older peerbot built
        if not build_if_missing:
            raise
    report = build(settings, embedder)
    return Searcher(settings.index_dir, embedder), report


def open_answerer(
    settings: Settings, embedder: Embedder | None = None, *, build_if_missing: bool = True
) -> tuple[Answerer, BuildReport | None]:
    """Load the model and the served index; build the index first when there is none."""
    use_single_thread()
    embedder = embedder or load_embedder(settings.model)
    searcher, report = open_searcher(settings, embedder, build_if_missing=build_if_missing)
    scope = ScopeGuard(embedder, load_out_of_scope(settings.knowledge_dir))
    directory = build_directory(searcher.snapshot, load_contact_details(settings.knowledge_dir))
    return Answerer(searcher, load_enablers(settings.knowledge_dir), scope, directory), report


def open_directory(settings: Settings) -> tuple[Directory, Snapshot, BuildReport | None]:
    """The contacts directory of the served index, read without loading the model (the embedder
    loads its model lazily, so only a build pays for it)."""
    report = None
    folder = usable_generation(settings.index_dir)
    if folder is None:
        report = build(settings, load_embedder(settings.model))
        folder = usable_generation(settings.index_dir)
    try:
        store = IndexStore.open(folder / DB_FILE, read_only=True)
        try:
            snapshot = Snapshot.load(store)
        finally:
            store.close()
    except (sqlite3.Error, ValueError, TypeError, KeyError) as e:
        raise IndexDamaged(f"the index in {folder} could not be loaded ({e}): run `peerbot index --rebuild`") from None
    return build_directory(snapshot, load_contact_details(settings.knowledge_dir)), snapshot, report
