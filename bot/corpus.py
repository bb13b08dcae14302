"""The composition root: from settings to what every command and server works from, opened once.

`open_corpus(settings)` loads the model and the served index (building it first on a fresh data
folder, or when no generation is whole any more: the corpus is the source of truth, so
answering again needs nothing from whoever runs peerbot), the enabler taxonomy, the
out-of-scope requests and the contacts directory, as one `Corpus` that answering, enabler
summaries and the digest share. `open_state(settings)` opens peerbot's own records.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field

from bot.contacts.directory import Directory, build_directory
from bot.contacts.file import load_contact_details
from bot.scope import ScopeGuard, load_out_of_scope
from bot.settings import Settings
from bot.state import StateStore
from index import (
    BuildReport,
    Embedder,
    Enabler,
    Index,
    IndexNotBuilt,
    IndexOutdated,
    PeerbotError,
    Snapshot,
    build_index,
    load_embedder,
    load_enablers,
    open_index,
    read_index,
)


class DataDirError(PeerbotError):
    """PEERBOT_DATA_DIR cannot hold the index and databases."""


@dataclass
class Corpus:
    """The served index with everything read alongside it: the enabler taxonomy, the requests
    peerbot declines (its scope) and the contacts directory."""

    index: Index
    enablers: tuple[Enabler, ...]  # the taxonomy, in its order
    scope: ScopeGuard
    directory: Directory
    _by_id: dict[str, Enabler] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.enablers}

    def enabler(self, enabler_id: str) -> Enabler | None:
        return self._by_id.get(enabler_id)

    def close(self) -> None:
        self.index.close()


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
    """peerbot's records in DATABASE_URL or PEERBOT_DATA_DIR, ids hashed with PEERBOT_HASH_KEY (or the
    database's own key); a damaged SQLite file is moved aside and a fresh one created."""
    check_data_dir(settings)
    return StateStore(settings.state_database, settings.hash_key)


def update_index(settings: Settings, embedder: Embedder, *, rebuild: bool = False, progress: bool = False) -> BuildReport:
    """`peerbot index`: bring the index in the data folder up to date with the corpus."""
    check_data_dir(settings)
    return build_index(settings.knowledge_dir, settings.index_dir, embedder, rebuild=rebuild, progress=progress,
                       max_document_mb=settings.max_document_mb)


def open_corpus(
    settings: Settings, embedder: Embedder | None = None, *, build_if_missing: bool = True
) -> tuple[Corpus, BuildReport | None]:
    """Load the model and the served index (built first when there is none), and what goes with it."""
    embedder = embedder or load_embedder(settings.model)
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        raise DataDirError(f"PEERBOT_DATA_DIR {settings.data_dir} is a file, not a folder")
    report = None
    try:
        index = open_index(settings.index_dir, embedder)
    except (IndexNotBuilt, IndexOutdated):  # no whole generation, or one an older peerbot built
        if not build_if_missing:
            raise
        report = update_index(settings, embedder)
        index = open_index(settings.index_dir, embedder)
    scope = ScopeGuard(embedder, load_out_of_scope(settings.knowledge_dir))
    directory = build_directory(index, load_contact_details(settings.knowledge_dir))
    return Corpus(index, tuple(load_enablers(settings.knowledge_dir)), scope, directory), report


def open_directory(settings: Settings) -> tuple[Directory, Snapshot, BuildReport | None]:
    """The contacts directory of the served index, read without loading the model (the embedder
    loads its model lazily, so only a build pays for it)."""
    report = None
    contents = read_index(settings.index_dir)
    if contents is None:
        report = update_index(settings, load_embedder(settings.model))
        contents = read_index(settings.index_dir)
    if contents is None:
        raise IndexNotBuilt(f"no index in {settings.data_dir}: run `peerbot index` to build it")
    return build_directory(contents, load_contact_details(settings.knowledge_dir)), contents, report
