"""The served corpus of a running peerbot, swapped for a newer index generation without a pause.

Each call of the facade takes the current `Served` (the corpus and what is built on it: the
answerer, the enabler guide, the contacts' identities) for its whole length with `use()`. A newer
generation is loaded and warmed beside it, then swapped in by one assignment; the old one stays
open until the last call using it returns, and is closed then. Questions are never held up:
loading and building happen on the caller's thread (or the background one), never under the lock
a question takes.

An edit to contacts.yaml alone (someone withdraws, or gives their Slack id) is taken up the same way
on the same index: the directory is read again and a `Served` built on it is swapped in; the index
is closed once no `Served` sharing it is left. The index and the contacts are taken up independently:
a malformed contacts.yaml, or none where there was one, is logged once and the last good reading
serves on, also on a newer generation (bot/live_contacts.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import InitVar, dataclass, field

from bot.answerer import Answerer
from bot.contacts.file import Contacts
from bot.contacts.identities import Identify, identities
from bot.corpus import Corpus, CorpusLoader
from bot.enablers.guide import EnablerGuide
from bot.live_contacts import ContactsReader

log = logging.getLogger(__name__)

# A generation that could not be served is tried again after a minute, then twice as long each time up to
# an hour: what failed may have been outside it (a knowledge file half-written or unreadable for a moment,
# memory, open files), and `peerbot index` publishes no other generation when nothing it reads has changed.
RETRY_FIRST_SECONDS = 60.0
RETRY_MOST_SECONDS = 3600.0


@dataclass(frozen=True)
class Refreshed:
    """What one refresh did: the documents a build added, updated and removed, the files it skipped
    (one line each), and the generation served afterwards (`swapped`: a newer one was taken up)."""

    generation: str
    swapped: bool
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(eq=False)
class Served:
    """One generation's corpus and what answering builds on it (`earlier`: the one served before on the
    same index, whose enabler guide's work on the index is kept)."""

    corpus: Corpus
    earlier: InitVar[Served | None] = None
    answerer: Answerer = field(init=False)
    guide: EnablerGuide = field(init=False)
    identify: Identify = field(init=False)
    users: int = 0
    retired: bool = False

    def __post_init__(self, earlier: Served | None) -> None:
        self.answerer = Answerer(self.corpus)
        self.guide = earlier.guide.on_directory(self.corpus) if earlier else EnablerGuide(self.corpus)
        self.identify = identities(self.corpus.directory.people.values())

    @property
    def generation(self) -> str:
        return self.corpus.index.generation

    def warm(self) -> None:
        """Summarise every enabler and build the question path's tables now, so no user waits for them."""
        self.guide.warm()
        self.corpus.index.warm()


class LiveCorpus:
    """The corpus being served, and the swap to a newer one (`loader`: how to build and open one;
    without it the corpus is served as it is; `clock`: seconds, for when to try a failed one again)."""

    def __init__(self, corpus: Corpus, loader: CorpusLoader | None = None, clock: Callable[[], float] = time.monotonic):
        self._current = Served(corpus)
        self._clock = clock
        self._loader = loader
        self._lock = threading.Lock()  # guards the current one and the use counts: held for an instant
        self._swapping = threading.Lock()  # one build or load at a time
        self._failed = ""  # a generation that could not be loaded: tried again at `_retry_at` or when another appears
        self._retry_wait = RETRY_FIRST_SECONDS
        self._retry_at = 0.0  # on `clock`
        self._background: ThreadPoolExecutor | None = None
        self._sharing: Counter[int] = Counter({id(corpus.index): 1})  # unfinished `Served`s, by the index they use
        self._contacts = ContactsReader(loader.read_contacts, loader.contacts_version) if loader else None

    @contextmanager
    def use(self) -> Iterator[Served]:
        """The current corpus, kept open until the block ends even if a newer one is swapped in."""
        with self._lock:
            served = self._current
            served.users += 1
        try:
            yield served
        finally:
            with self._lock:
                served.users -= 1
                finished = served.retired and served.users == 0
            if finished:
                self._finish(served)

    @property
    def generation(self) -> str:
        return self._current.generation

    def newer(self) -> bool:
        """Whether another generation than the served one is on disk (a link read)."""
        if self._loader is None:
            return False
        on_disk = self._loader.generation()
        if on_disk is None or on_disk == self._current.generation:
            return False
        return on_disk != self._failed or self._clock() >= self._retry_at

    def reload(self) -> bool:
        """Serve the generation on disk when it is newer: loaded and warmed first, then swapped in.
        True when it was; a generation that cannot be loaded is logged once and the old one serves on."""
        with self._swapping:
            return self._reload()

    def refresh(self) -> Refreshed:
        """Build the index from the corpus folder (only what changed), then serve it."""
        if self._loader is None:
            raise RuntimeError("this peerbot was built without a CorpusLoader, so it cannot refresh")
        with self._swapping:
            report = self._loader.build()
            swapped = self._reload()
        return Refreshed(self._current.generation, swapped, tuple(report.added), tuple(report.updated),
                         tuple(report.removed), tuple(str(e) for e in report.errors))

    def refresh_in_background(self) -> Future[Refreshed]:
        """`refresh()` on a background thread, one after another; returns at once."""
        with self._lock:
            if self._background is None:
                self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="peerbot-refresh")
            return self._background.submit(self._logged_refresh)

    def _logged_refresh(self) -> Refreshed:
        try:
            return self.refresh()
        except Exception:
            log.exception("refreshing the index failed; answering from generation %s", self._current.generation)
            raise

    def _reload(self) -> bool:
        if not self.newer():
            return False
        assert self._loader is not None
        wanted = self._loader.generation() or ""
        try:
            corpus = self._loader.open(self._contacts_now())
        except Exception as e:  # a generation another process left unusable: keep serving the old one
            self._passed_over(wanted, e)
            return False
        try:
            fresh = Served(corpus)
            fresh.warm()
        except Exception as e:
            corpus.close()
            self._passed_over(wanted, e)
            return False
        old = self._swap(fresh)
        log.info("serving index generation %s (was %s): %d documents", fresh.generation, old.generation,
                 len(fresh.corpus.index.documents))
        return True

    def contacts_changed(self) -> bool:
        """Whether contacts.yaml differs from the one the served directory was read from (and from
        one not taken up): a small file hashed; or the withdrawals recorded in peerbot's database
        differ from those it keeps (`peerbot contacts --withdraw` or `--restore`, in any process)."""
        if self._loader is None:
            return False
        assert self._contacts is not None
        return (self._loader.contacts_version() not in (self._current.corpus.contacts.version, self._contacts.failed)
                or self._withdrawals_changed(self._current))

    def _withdrawals_changed(self, served: Served) -> bool:
        assert self._loader is not None
        recorded = self._loader.withdrawals_version()
        return recorded is not None and recorded != served.corpus.withdrawals

    def reread_contacts(self) -> bool:
        """Serve the directory of contacts.yaml as it is now, on the same index, when the file or the
        recorded withdrawals changed: True when it was swapped in. A file that cannot be read, or none
        where there was one, is logged once; the last good reading serves on (with the withdrawals as
        recorded now)."""
        if not self.contacts_changed():
            return False
        with self._swapping:
            served = self._current
            contacts = self._contacts_now()
            if contacts.version == served.corpus.contacts.version and not self._withdrawals_changed(served):
                return False  # kept, or taken up with a newer generation
            assert self._loader is not None
            try:
                fresh = Served(self._loader.with_contacts(served.corpus, contacts), served)
                fresh.warm()
            except Exception:
                assert self._contacts is not None
                self._contacts.failed = contacts.version
                log.exception("contacts.yaml could not be taken up; suggesting contacts as before")
                return False
            self._swap(fresh)
        log.info("contacts.yaml read again: %d people in the directory (index generation %s, not rebuilt)",
                 len(fresh.corpus.directory.people), fresh.generation)
        return True

    def _contacts_now(self) -> Contacts:
        """contacts.yaml as it is now, or the reading served now when the file cannot be read or has gone:
        one warning for each version of the file kept out."""
        assert self._contacts is not None
        return self._contacts.now(self._current.corpus.contacts)

    def _swap(self, fresh: Served) -> Served:
        """Make `fresh` the current one; the old one is finished once its last call returns."""
        with self._lock:
            old, self._current = self._current, fresh
            self._sharing[id(fresh.corpus.index)] += 1
            old.retired = True
            finished = old.users == 0
        if finished:
            self._finish(old)
        return old

    def _finish(self, served: Served) -> None:
        """A retired `Served` no call uses any more: its index is closed unless another still uses it."""
        key = id(served.corpus.index)
        with self._lock:
            self._sharing[key] -= 1
            last = self._sharing[key] <= 0
            if last:
                del self._sharing[key]
        if last:
            served.corpus.close()

    def _passed_over(self, wanted: str, error: Exception) -> None:
        """Generation `wanted` could not be served: one warning line, and its next try put off."""
        again = wanted == self._failed
        self._retry_wait = min(self._retry_wait * 2, RETRY_MOST_SECONDS) if again else RETRY_FIRST_SECONDS
        self._failed, self._retry_at = wanted, self._clock() + self._retry_wait
        log.warning("index generation %s could not be served (%s); answering from %s, and trying it again in %.0f s",
                    wanted, error, self._current.generation, self._retry_wait)

    def close(self) -> None:
        """Stop the background thread (a refresh in progress finishes first)."""
        if self._background is not None:
            self._background.shutdown(wait=True)
