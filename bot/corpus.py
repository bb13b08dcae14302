"""The composition root: from settings to what every command and server works from, opened once.

`open_corpus(settings)` loads the model and the served index (building it first on a fresh data
folder, or when no generation is whole any more: the corpus is the source of truth, so
answering again needs nothing from whoever runs peerbot), the enabler taxonomy, the
out-of-scope requests and the contacts directory, as one `Corpus` that answering, enabler
summaries and the digest share. `open_state(settings)` opens peerbot's own records.
`CorpusLoader` is how a running server builds and opens a newer index (bot/live.py).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.settings import Settings
from index import IndexNotBuilt, IndexOutdated, PeerbotError

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # imported where the corpus is loaded: `peerbot serve` opens its state and port first
    from bot.contacts.directory import Directory
    from bot.contacts.file import Contacts
    from bot.contacts.withdrawals import WithdrawalRecords
    from bot.scope import ScopeGuard
    from bot.state import StateStore  # (SQLAlchemy: only commands that keep records pay for importing it)
    from index import BuildReport, Embedder, Enabler, Index, Snapshot


class DataDirError(PeerbotError):
    """PEERBOT_DATA_DIR cannot hold the index and databases, or PEERBOT_KNOWLEDGE_DIR is no folder."""


@dataclass
class Corpus:
    """The served index with everything read alongside it: the enabler taxonomy, the requests
    peerbot declines (its scope) and the contacts directory."""

    index: Index
    enablers: tuple[Enabler, ...]  # the taxonomy, in its order
    scope: ScopeGuard
    directory: Directory
    contacts: Contacts  # the reading of contacts.yaml the directory was built from
    withdrawals: str = ""  # the version of the recorded withdrawals it keeps ("": the records were unavailable)
    _by_id: dict[str, Enabler] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.enablers}

    def enabler(self, enabler_id: str) -> Enabler | None:
        return self._by_id.get(enabler_id)

    def with_directory(self, directory: Directory, contacts: Contacts, withdrawals: str) -> Corpus:
        """The same index, taxonomy and scope with another contacts directory (nothing re-embedded)."""
        return Corpus(self.index, self.enablers, self.scope, directory, contacts, withdrawals)

    def close(self) -> None:
        self.index.close()


def check_knowledge_dir(settings: Settings) -> None:
    """The corpus folder exists. Without it an index built before would still be served, but with no
    enablers, contacts or scope files, which says nothing of the setting that is wrong."""
    path = settings.knowledge_dir
    if not path.is_dir():
        raise DataDirError(f"corpus folder {path} does not exist or is not a folder (set PEERBOT_KNOWLEDGE_DIR)")


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
    from bot.state import StateStore

    check_data_dir(settings)
    return StateStore(settings.state_database, settings.hash_key)


def update_index(settings: Settings, embedder: Embedder, *, rebuild: bool = False, progress: bool = False) -> BuildReport:
    """`peerbot index`: bring the index in the data folder up to date with the corpus."""
    from index import build_index

    check_data_dir(settings)
    return build_index(settings.knowledge_dir, settings.index_dir, embedder, rebuild=rebuild, progress=progress,
                       max_document_mb=settings.max_document_mb, workers=settings.build_workers)


def open_corpus(
    settings: Settings, embedder: Embedder | None = None, *, build_if_missing: bool = True, batching: bool = False,
    contacts: Contacts | None = None, withdrawals: WithdrawalRecords | None = None,
) -> tuple[Corpus, BuildReport | None]:
    """Load the model and the served index (built first when there is none), and what goes with it.
    `batching` (a server): questions arriving within PEERBOT_QUERY_WINDOW_MS are embedded together.
    `contacts`: a reading of contacts.yaml to build the directory from (else the file is read now);
    `withdrawals`: the withdrawals kept in peerbot's database, which the directory keeps (`directory_of`);
    without it peerbot's database is opened for them, and closed once the directory is built."""
    from bot.contacts.file import read_contacts
    from bot.enabler_subjects import subject_names
    from bot.scope import ScopeGuard
    from bot.scope_files import SUBJECTS_FILE, load_everyday, load_out_of_scope, load_topics
    from index import BatchingEmbedder, load_embedder, load_enablers, load_examples, open_index

    check_knowledge_dir(settings)
    embedder = embedder or load_embedder(settings.model, settings.threads, settings.query_encoder, settings.cache_dir)
    if batching and settings.query_window_ms > 0:
        embedder = BatchingEmbedder(embedder, settings.query_window_ms / 1000, settings.query_batch)
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        raise DataDirError(f"PEERBOT_DATA_DIR {settings.data_dir} is a file, not a folder")
    report = None
    examples = load_examples(settings.knowledge_dir)
    try:
        index = open_index(settings.index_dir, embedder, settings.threads, examples, settings.cache_dir)
    except (IndexNotBuilt, IndexOutdated):  # no whole generation, or one an older peerbot built
        if not build_if_missing:
            raise
        report = update_index(settings, embedder, progress=True)  # on a terminal, the documents as they are read
        index = open_index(settings.index_dir, embedder, settings.threads, examples, settings.cache_dir)
    try:  # a knowledge file that fails below leaves nothing open (a server tries the generation again later)
        embedder.embed_query(["warm up"])  # the query encoder is made now (seconds), not on the first question
        kinds = load_out_of_scope(settings.knowledge_dir)
        enablers = tuple(load_enablers(settings.knowledge_dir))
        tagged = {e for document in index.documents.values() for e in document.enablers}
        scope = ScopeGuard(embedder, kinds, load_topics(settings.knowledge_dir), index,
                           load_everyday(settings.knowledge_dir, kinds),
                           load_topics(settings.knowledge_dir, SUBJECTS_FILE), settings.cache_dir,
                           subject_names(enablers, tagged))
        contacts = contacts or read_contacts(settings.knowledge_dir)
        with recorded_withdrawals(settings, withdrawals) as records:
            directory, version = directory_of(index, contacts, records)
    except BaseException:
        index.close()
        raise
    _publish(index, directory)
    return Corpus(index, enablers, scope, directory, contacts, version), report


@contextmanager
def recorded_withdrawals(settings: Settings, given: WithdrawalRecords | None) -> Iterator[WithdrawalRecords | None]:
    """`given`, or peerbot's database opened for the withdrawals it keeps (closed after), for a command that
    keeps no other records (`peerbot ask`, `eval`, `enabler`, `contacts`); None while it is unavailable."""
    if given is not None:
        yield given
        return
    if not settings.database_url and not settings.state_db_path.exists():  # no records kept yet: contacts.yaml's
        yield None  # own withdrawals are all there are (and a question alone never creates the database)
        return
    from bot.state import DATABASE_ERROR, unavailable

    try:
        state = open_state(settings)
    except (DATABASE_ERROR, DataDirError) as error:
        if isinstance(error, DATABASE_ERROR) and not unavailable(error):
            raise
        _records_unavailable(error)
        yield None
        return
    try:
        yield state
    finally:
        state.close()


def directory_of(index: Snapshot, contacts: Contacts, withdrawals: WithdrawalRecords | None) -> tuple[Directory, str]:
    """The contacts directory of `index` and `contacts`, everyone `withdrawals` keeps withdrawn (this
    reading's recorded first) never suggested, whatever contacts.yaml says now, and the version of those
    withdrawals. Every surface's directory is built here. While the records database is unavailable,
    contacts.yaml's own withdrawals only (a warning; version ""), so a server still loads, and takes them
    up once the database answers again (`CorpusLoader.withdrawals_version`)."""
    from bot.contacts.build import build_directory
    from bot.contacts.withdrawals import kept_withdrawn

    directory = build_directory(index, contacts.details)
    if withdrawals is None:
        return directory, ""
    try:
        return kept_withdrawn(directory, contacts, withdrawals)
    except Exception as error:  # a database outage must not stop a server loading (bot/state/faults.py)
        from bot.state import DATABASE_ERROR, unavailable

        if not (isinstance(error, DATABASE_ERROR) and unavailable(error)):
            raise
        _records_unavailable(error)
        return directory, ""


def _records_unavailable(error: Exception) -> None:
    from bot.state import unavailable_line

    log.warning("contacts: the records database is unavailable (%s): only contacts.yaml's own withdrawals apply "
                "until it answers again", unavailable_line(error))


def _publish(index: Snapshot, directory: Directory) -> None:
    """The directory's people and organisations, and the documents' publishers and regions ("NHS
    Providers", "Kent and Medway ICS"), kept when a question names them (`bot.redact.publish`)."""
    from bot.redact import publish

    documents = index.documents.values()
    publish((person.name for person in directory.people.values()),
            [*(name for body in directory.organisations.values() for name in (body.name, *body.aliases)),
             *(doc.publisher for doc in documents), *(part for doc in documents for part in doc.region.split(";"))])


def publish_names(settings: Settings) -> None:
    """Publish the people the corpus names (`bot.redact.publish`) before the model loads, so that a
    question `peerbot serve` accepts meanwhile keeps a leader's name: those of the served index's
    people table (not its whole contents: `open_corpus` reads those once) or, on a fresh data folder,
    of the documents' front matter, with contacts.yaml's. What cannot be read is left for the load
    to report."""
    from bot.contacts.file import load_contact_details
    from bot.redact import publish
    from index import read_people

    try:
        details = load_contact_details(settings.knowledge_dir)
        names = [*read_people(settings.knowledge_dir, settings.index_dir), *(detail.name for detail in details)]
    except (PeerbotError, OSError):
        return
    publish(names)


def open_directory(settings: Settings) -> tuple[Directory, Snapshot, BuildReport | None]:
    """The contacts directory of the served index, read without loading the model (the embedder
    loads its model lazily, so only a build pays for it), the recorded withdrawals kept."""
    from bot.contacts.file import read_contacts
    from index import load_embedder, read_index

    check_knowledge_dir(settings)  # else an index built before is read with no contacts.yaml: "complete"
    report = None
    contents = read_index(settings.index_dir)
    if contents is None:
        report = update_index(settings, load_embedder(settings.model, settings.threads))
        contents = read_index(settings.index_dir)
    if contents is None:
        raise IndexNotBuilt(f"no index in {settings.data_dir}: run `peerbot index` to build it")
    with recorded_withdrawals(settings, None) as records:
        directory, _ = directory_of(contents, read_contacts(settings.knowledge_dir), records)
    return directory, contents, report


@dataclass(frozen=True)
class CorpusLoader:
    """What a running server needs to serve a newer index: the settings and the model it loaded."""

    settings: Settings
    embedder: Embedder
    withdrawals: WithdrawalRecords | None = None  # peerbot's database, where withdrawals outlive contacts.yaml

    def generation(self) -> str | None:
        """The generation on disk now (a link read: cheap enough for a short timer)."""
        from index import served_generation

        return served_generation(self.settings.index_dir)

    def build(self) -> BuildReport:
        """`peerbot index`, in this process: only changed documents are read and embedded."""
        return update_index(self.settings, self.embedder)

    def contacts_version(self) -> str:
        """What contacts.yaml holds now (a hash of a small file: cheap enough for a short timer)."""
        from bot.contacts.file import contacts_version

        return contacts_version(self.settings.knowledge_dir)

    def read_contacts(self) -> Contacts:
        """contacts.yaml as it is now; a malformed file raises `ContactsFileError`."""
        from bot.contacts.file import read_contacts

        return read_contacts(self.settings.knowledge_dir)

    def withdrawals_version(self) -> str | None:
        """The version of the withdrawals recorded now (a few rows read: cheap enough for a short timer);
        None when there are none to follow or the records database is unavailable."""
        from bot.state import DATABASE_ERROR, unavailable

        if self.withdrawals is None:
            return None
        try:
            return self.withdrawals.withdrawals_version()
        except DATABASE_ERROR as error:
            if not unavailable(error):
                raise
            return None

    def with_contacts(self, corpus: Corpus, contacts: Contacts) -> Corpus:
        """`corpus` with its directory built again from `contacts` and the recorded withdrawals, on the same
        index (no re-embedding)."""
        with recorded_withdrawals(self.settings, self.withdrawals) as records:
            directory, version = directory_of(corpus.index, contacts, records)
        _publish(corpus.index, directory)
        return corpus.with_directory(directory, contacts, version)

    def open(self, contacts: Contacts) -> Corpus:
        """The corpus of the generation on disk now (never building one), its directory built from `contacts`."""
        corpus, _ = open_corpus(self.settings, self.embedder, build_if_missing=False, contacts=contacts,
                                withdrawals=self.withdrawals)
        return corpus
