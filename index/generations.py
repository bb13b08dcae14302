"""Index generations on disk: each build writes a new folder, then one atomic rename serves it.

    <data_dir>/index/
        current -> gen-1732300000000000000     (a symlink, replaced atomically)
        gen-.../index.db, vectors.faiss

A build that dies half-way leaves only an unreferenced folder, removed by the next build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CURRENT = "current"
DB_FILE = "index.db"
VECTORS_FILE = "vectors.faiss"


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if (target / DB_FILE).exists() and (target / VECTORS_FILE).exists() else None


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per data directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_generation(index_dir: Path) -> Path:
    """A fresh folder holding a copy of the current index database, if there is one."""
    folder = index_dir / f"gen-{time.time_ns()}"
    folder.mkdir(parents=True)
    current = current_generation(index_dir)
    if current:
        source = sqlite3.connect(f"file:{current / DB_FILE}?mode=ro", uri=True)
        target = sqlite3.connect(folder / DB_FILE)
        with target:
            source.backup(target)
        source.close()
        target.close()
    return folder


def publish(index_dir: Path, folder: Path) -> None:
    """Make `folder` the served generation, then drop every generation but it and the previous."""
    for name in (DB_FILE, VECTORS_FILE):
        with open(folder / name, "rb") as f:
            os.fsync(f.fileno())
    previous = current_generation(index_dir)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(folder.name)
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    keep = {folder.name, previous.name if previous else None}
    for stale in index_dir.glob("gen-*"):
        if stale.name not in keep:
            shutil.rmtree(stale, ignore_errors=True)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
