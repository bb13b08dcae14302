"""A write its caller stops waiting for must then not land: `Cutoff` decides, once, which came first.

A click is recorded before it is acknowledged, within the seconds Slack waits; when the records
database does not answer in time the click is refused and its user asked to try again. The write,
still waiting for the database on its thread, must then not land as well, or the retry counts the
click twice. The writer calls `landing()` just before it commits (False: the caller gave up, so it
rolls back); the caller calls `give_up()` when its time runs out (False: the write is committing
already, so its outcome is the answer).
"""

from __future__ import annotations

import threading


class Cutoff:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = "waiting"  # then "landing" or "abandoned", once

    def landing(self) -> bool:
        """The writer, about to commit: True when it may (the caller still waits)."""
        with self._lock:
            if self._state == "waiting":
                self._state = "landing"
            return self._state == "landing"

    def give_up(self) -> bool:
        """The caller, out of time: True when the write will now not land."""
        with self._lock:
            if self._state == "waiting":
                self._state = "abandoned"
            return self._state == "abandoned"
