"""The served corpus of a running peerbot, swapped for a newer index generation without a pause.

Each call of the facade takes the current `Served` (the corpus and what is built on it: the
answerer, the enabler guide, the contacts' identities) for its whole length with `use()`. A newer
generation is loaded and warmed beside it, then swapped in by one assignment; the old one stays
open until the last call using it returns, and is closed then. Questions are never held up:
loading and building happen on the caller's thread (or the background one), never under the lock
a question takes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.answerer import Answerer
from bot.contacts.identities import Identify, identities
from bot.corpus import Corpus, CorpusLoader
from bot.enablers.guide import EnablerGuide

log = logging.getLogger(__name__)


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
    """One generation's corpus and what answering builds on it."""

    corpus: Corpus
    answerer: Answerer = field(init=False)
    guide: EnablerGuide = field(init=False)
    identify: Identify = field(init=False)
    users: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.corpus)
        self.guide = EnablerGuide(self.corpus)
        self.identify = identities(self.corpus.directory.people.values())

    @property
    def generation(self) -> str:
        return self.corpus.index.generation


class LiveCorpus:
    """The corpus being served, and the swap to a newer one (`loader`: how to build and open one;
    without it the corpus is served as it is)."""

    def __init__(self, corpus: Corpus, loader: CorpusLoader | None = None):
        self._current = Served(corpus)
        self._loader = loader
        self._lock = threading.Lock()  # guards the current one and the use counts: held for an instant
        self._swapping = threading.Lock()  # one build or load at a time
        self._failed = ""  # a generation that could not be loaded: not tried again until another appears
        self._background: ThreadPoolExecutor | None = None

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
                served.corpus.close()

    @property
    def generation(self) -> str:
        return self._current.generation

    def newer(self) -> bool:
        """Whether another generation than the served one is on disk (a link read)."""
        if self._loader is None:
            return False
        on_disk = self._loader.generation()
        return on_disk is not None and on_disk not in (self._current.generation, self._failed)

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
            corpus = self._loader.open()
        except Exception as e:  # a generation another process left unusable: keep serving the old one
            self._failed = wanted
            log.warning("index generation %s could not be served (%s); answering from %s",
                        wanted, e, self._current.generation)
            return False
        try:
            fresh = Served(corpus)
            fresh.guide.warm()
        except Exception as e:
            corpus.close()
            self._failed = wanted
            log.warning("index generation %s could not be served (%s); answering from %s",
                        wanted, e, self._current.generation)
            return False
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            finished = old.users == 0
        if finished:
            old.corpus.close()
        log.info("serving index generation %s (was %s): %d documents", fresh.generation, old.generation,
                 len(fresh.corpus.index.documents))
        return True

    def close(self) -> None:
        """Stop the background thread (a refresh in progress finishes first)."""
        if self._background is not None:
            self._background.shutdown(wait=True)
