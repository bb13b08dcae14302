"""Standard error for a long-running process (`serve`, `schedule`) that no write can hold up.

A line is handed to a thread of its own and the caller goes on at once: when nobody reads the
pipe (it fills) or the reader has gone (it breaks), a log line or `print` from the event loop
would otherwise block it for ever, or raise where a stop was being handled. What does not fit in
`QUEUED_LINES` is dropped and counted, and the count said once the stream drains; what cannot be
written at all (the reader gone, the stream closed) is discarded. `drain` waits, for a bounded time,
for what is queued to be written, before the process exits.
"""

from __future__ import annotations

import atexit
import queue
import sys
import threading
from typing import TextIO

QUEUED_LINES = 10_000  # writes held while the stream is not read; beyond that they are dropped
EXIT_SECONDS = 2.0  # at exit, what is queued gets this long to be written


class UnblockedStream:
    """A text stream whose `write` and `flush` return at once; a thread writes to `stream`."""

    def __init__(self, stream: TextIO, queued: int = QUEUED_LINES):
        self._stream = stream
        self._queue: queue.Queue[str] = queue.Queue(queued)
        self._dropped = 0
        self._counting = threading.Lock()
        threading.Thread(target=self._write_on, name="peerbot-stderr", daemon=True).start()

    def write(self, text: str) -> int:
        try:
            self._queue.put_nowait(text)
        except queue.Full:
            with self._counting:
                self._dropped += 1
        return len(text)

    def flush(self) -> None:
        """Nothing to wait for: the thread flushes after each write."""

    def drain(self, timeout: float) -> bool:
        """Wait up to `timeout` s for what is queued to be written; whether it was."""
        done = self._queue.all_tasks_done
        with done:
            return done.wait_for(lambda: self._queue.unfinished_tasks == 0, timeout)

    def dropped(self) -> int:
        """Writes dropped so far because the stream was not being read."""
        return self._dropped

    def _write_on(self) -> None:
        while True:
            text = self._queue.get()
            with self._counting:
                dropped, self._dropped = self._dropped, 0
            if dropped:
                text = f"peerbot: {dropped} lines of standard error were dropped: it was not being read\n{text}"
            try:
                self._stream.write(text)
                self._stream.flush()
            except (OSError, ValueError):  # the reader has gone, or the stream was closed: nowhere to say it
                pass
            finally:
                self._queue.task_done()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def unblock_stderr() -> None:
    """From now on `sys.stderr` never blocks (a logging handler made after this one included); what is
    queued at exit is written within `EXIT_SECONDS`. Only the process's own standard error: one a caller put
in its place (a test capturing it, `peerbot` run in-process) is left alone."""
    stream = sys.stderr
    if stream is not sys.__stderr__ or stream is None:
        return
    sys.stderr = UnblockedStream(stream)  # type: ignore[assignment]
    atexit.register(drain_stderr)


def drain_stderr(timeout: float = EXIT_SECONDS) -> None:
    """Before the process exits (`os._exit` included): give what is queued for standard error up to
    `timeout` s to be written."""
    drain = getattr(sys.stderr, "drain", None)
    if drain is not None:
        drain(timeout)
