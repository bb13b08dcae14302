"""Group commit: writes from many threads (or coroutines) committed together, one transaction and
one sync to disk for all of them, instead of one each.

With 20 people asking at once, each question writes its inbox record before it is acknowledged,
its log line, its thread and its outcome. On SQLite every commit is a sync to disk (a few
milliseconds) under the one writers' lock, so a commit each queues every writer behind the others.
`GroupCommit` runs each piece of work on one thread of its own: it takes whatever is waiting when
the last commit ends, runs each piece in one transaction, commits once and only then hands each
caller its result. So a caller's write is on disk when it hears back, as before. When a piece
fails, the whole transaction is rolled back and the group run again with each piece in a
savepoint of its own: the failing piece is rolled back to its savepoint and its caller gets the
error, the others commit. (Savepoints only then: two statements a piece were a tenth of the
interpreter lock's time with 20 people asking.) A commit that fails fails every piece in it.

A piece submitted `first` (the record that a reply was posted) does not wait behind the others: the
pieces marked so among those waiting are committed in a small transaction of their own before the
rest, so the moment between a post and its record (a SIGKILL there posts the reply again after the
restart) is at most the commit already under way and its own.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import sqlalchemy as sa

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[[sa.Connection], Any]
Piece = tuple[Work, Future, bool]  # (the work, its caller's future, committed first)
Outcome = tuple[Future, Any, BaseException | None]  # (the caller's future, its result, its error)
MAX_GROUP = 200  # pieces of work in one transaction, at most


class GroupCommit:
    """`submit(work) -> Future`: `work(connection)` run and committed with whatever else is waiting."""

    def __init__(self, engine: sa.Engine, max_group: int = MAX_GROUP):
        self._engine = engine
        self._max_group = max_group
        self._queue: queue.SimpleQueue[Piece | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.commits = 0  # transactions committed (for tests and benchmarks)

    def submit(self, work: Callable[[sa.Connection], T], first: bool = False) -> Future[T]:
        """Queue `work`; its future is resolved once its transaction is committed (or failed).
        `first`: committed ahead of the other pieces waiting, in a transaction of its own kind."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the database is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="state-commit", daemon=True)
                self._thread.start()
            self._queue.put((work, future, first))
        return future

    def run(self, work: Callable[[sa.Connection], T]) -> T:
        """`work` committed with whatever else is waiting; its result (or its error) when on disk."""
        return self.submit(work).result()

    def close(self) -> None:
        """Commit what is queued, then stop the thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            stop = False
            while len(group) < self._max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                group.append(more)
            urgent = [(work, future) for work, future, first in group if first]
            others = [(work, future) for work, future, first in group if not first]
            for pieces in (urgent, others):
                if pieces:
                    self._commit(pieces)
            if stop:
                return

    def _commit(self, group: list[tuple[Work, Future]]) -> None:
        live = [(work, future) for work, future in group if future.set_running_or_notify_cancel()]
        try:
            results = self._in_one_transaction(live, savepoints=False)
            if results is None:  # a piece failed: its work is undone with everyone's, then each in a savepoint
                results = self._in_one_transaction(live, savepoints=True)
            self.commits += 1
        except Exception as e:  # the transaction itself failed (a locked or damaged database)
            log.debug("state: a group commit of %d failed: %s", len(live), e)
            for _work, future in live:
                if not future.done():
                    future.set_exception(e)
            return
        assert results is not None
        for future, result, error in results:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

    def _in_one_transaction(self, live: list[tuple[Work, Future]], savepoints: bool) -> list[Outcome] | None:
        """Run every piece in one transaction and commit it. Without `savepoints` (two statements a
        piece fewer: the common case, where nothing fails), None and nothing committed when a piece
        fails; with them, a failing piece is rolled back to its savepoint and the others commit."""
        results: list[Outcome] = []
        try:
            with self._engine.begin() as db:
                for work, future in live:
                    if not savepoints:
                        try:
                            results.append((future, work(db), None))
                        except Exception as e:
                            raise _PieceFailed from e  # leaving begin() rolls the transaction back
                        continue
                    self._in_savepoint(db, work, future, results)
        except _PieceFailed:
            return None
        return results

    @staticmethod
    def _in_savepoint(db: sa.Connection, work: Work, future: Future, results: list[Outcome]) -> None:
        savepoint = db.begin_nested()
        try:
            result = work(db)
        except Exception as e:  # this caller's error; the others' work stands
            if db.invalidated:  # the connection itself was lost (a session ended, a server gone): so is the
                raise  # transaction, so every piece fails with the driver's error, not a savepoint's
            savepoint.rollback()
            results.append((future, None, e))
        else:
            savepoint.commit()
            results.append((future, result, None))


class _PieceFailed(Exception):
    """A piece of a group run without savepoints failed: run the group again with them."""
