"""Wiring: from settings to a loaded `Answerer` (model and index loaded once per process)."""

from __future__ import annotations

from bot.answering import Answerer
from bot.contacts.file import load_contact_details
from bot.contacts.directory import Directory, build_directory
from bot.scope import ScopeGuard, load_out_of_scope
from bot.settings import Settings
from bot.state import StateStore
from index.build import BuildReport, build_index, is_current
from index.embedder import Embedder, load_embedder
from index.generations import DB_FILE, current_generation
from index.search import Searcher
from index.snapshot import Snapshot
from index.store import IndexStore
from index.taxonomy import load_enablers
from index.vectors import use_single_thread


class DataDirError(Exception):
    """PEERBOT_DATA_DIR cannot hold the index and databases."""


def check_data_dir(settings: Settings) -> None:
    path = settings.data_dir
    if path.exists() and not path.is_dir():
        raise DataDirError(f"PEERBOT_DATA_DIR {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DataDirError(f"PEERBOT_DATA_DIR {path} cannot be created ({e.strerror})") from None


def open_state(settings: Settings) -> StateStore:
    """peerbot's records in PEERBOT_DATA_DIR, ids hashed with PEERBOT_HASH_KEY (or the database's own key)."""
    check_data_dir(settings)
    return StateStore(settings.state_db_path, settings.hash_key)


def ensure_index(settings: Settings, embedder: Embedder) -> BuildReport | None:
    """Build the index on a fresh data directory (the first use of a checkout), or update one an
    older peerbot built; else do nothing."""
    check_data_dir(settings)
    if not is_current(settings.index_dir):
        return build_index(settings.knowledge_dir, settings.index_dir, embedder)
    return None


def open_answerer(
    settings: Settings, embedder: Embedder | None = None, *, build_if_missing: bool = True
) -> tuple[Answerer, BuildReport | None]:
    """Load the model and the served index; build the index first on a fresh data directory."""
    use_single_thread()
    embedder = embedder or load_embedder(settings.model)
    report = ensure_index(settings, embedder) if build_if_missing else None
    searcher = Searcher(settings.index_dir, embedder)
    scope = ScopeGuard(embedder, load_out_of_scope(settings.knowledge_dir))
    directory = build_directory(searcher.snapshot, load_contact_details(settings.knowledge_dir))
    return Answerer(searcher, load_enablers(settings.knowledge_dir), scope, directory), report


def open_directory(settings: Settings) -> tuple[Directory, Snapshot, BuildReport | None]:
    """The contacts directory of the served index, read without loading the model (the embedder
    loads its model lazily, so only a first build on a fresh data directory pays for it)."""
    report = ensure_index(settings, load_embedder(settings.model))
    store = IndexStore.open(current_generation(settings.index_dir) / DB_FILE, read_only=True)
    try:
        snapshot = Snapshot.load(store)
    finally:
        store.close()
    return build_directory(snapshot, load_contact_details(settings.knowledge_dir)), snapshot, report
