"""A file another process keeps making and deleting (a SQLite journal as its transactions run)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def flickering(path: Path) -> Iterator[None]:
    """`path` made and deleted in a tight loop on a thread while the block runs."""
    done = threading.Event()

    def come_and_go() -> None:
        while not done.is_set():
            path.touch()
            path.unlink(missing_ok=True)

    flipper = threading.Thread(target=come_and_go)
    flipper.start()
    try:
        yield
    finally:
        done.set()
        flipper.join()
