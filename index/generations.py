"""Index generations on disk: each build writes a new folder, then one atomic rename serves it.

    <data_dir>/index/
        current -> gen-1732300000000000000     (a symlink, replaced atomically)
        gen-.../index.db, vectors.faiss, checksums.json
        damaged-gen-...                        (a generation that failed its checks, set aside)

A build that dies half-way leaves only an unreferenced folder without checksums, removed by the
next build. A generation is checked (`index.integrity`) before it is served or built upon; a
damaged one is set aside with one log line, and the newest earlier one that passes serves.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from index import integrity
from index.errors import IndexBuildError, IndexRefused
from index.integrity import DB_FILE, VECTORS_FILE  # noqa: F401 (the files of a generation)
from index.store import IndexStore

CURRENT = "current"
LOCK_FILE = ".build.lock"  # flock(2) on it is the lock; it holds the pid of the build holding it
HOLDER_GRACE = 3.0  # seconds a held lock may go without a live build's pid in it (the pid is written just after)
DAMAGED = "damaged-"
KEEP_DAMAGED = 3  # generations set aside are kept for inspection, the newest few

log = logging.getLogger(__name__)


def current_generation(index_dir: Path) -> Path | None:
    """The folder `current` points at, unchecked; None when there is none."""
    link = index_dir / CURRENT
    if not link.is_symlink():
        return None
    target = index_dir / os.readlink(link)
    return target if target.is_dir() else None


def usable_generation(index_dir: Path, *, locked: bool = False) -> Path | None:
    """The generation to serve: `current` when it passes its checks, else the newest earlier one
    that does (then `current` points at it). Each damaged one is set aside with one log line.
    `locked`: the caller holds `build_lock`. None when no generation is usable. One this user may not
    read is not damaged (`_around_refused`)."""
    good, damaged, refused = _inspect(index_dir)
    if refused:
        return _around_refused(good, refused)
    if not damaged and (good is None or current_generation(index_dir) == good):
        return good
    failure = ""
    try:
        if locked:
            moved = _repair(index_dir, good, damaged)
        else:
            with build_lock(index_dir):  # a build in progress finishes first
                good, damaged, refused = _inspect(index_dir)
                if refused:
                    return _around_refused(good, refused)
                moved = _repair(index_dir, good, damaged)
    except OSError as e:  # a read-only data folder: serve what is good, say what is not
        moved, failure = {}, e.strerror or str(e)
    if not damaged:
        return good  # `current` was missing: it points at the newest whole generation now
    what = "; ".join(
        f"{_label(path)} is damaged ({problem}): {moved.get(path) or f'left in place ({failure or None})'}"
        for path, problem in damaged
    )
    then = f"answering from {good.name} until `peerbot index` rebuilds it" if good else (
        "no usable generation is left, so the index is rebuilt from the corpus (`peerbot index`)")
    log.warning("index %s; %s", what, then)
    return good


def _around_refused(good: Path | None, refused: list[IndexRefused]) -> Path:
    """A generation this user may not read is a question of owner or mode, not damage: a user who cannot
    see all of the index changes nothing in it (setting it aside would take it from every replica, and
    a rebuild would not mend it). The newest whole one it can read serves meanwhile; none: IndexRefused."""
    if good is None:
        raise refused[0]
    log.warning("%s; answering from %s meanwhile", refused[0], good.name)
    return good


def set_aside(index_dir: Path, folder: Path, problem: str) -> None:
    """Set aside a generation that passed its checks but was found damaged as it loaded, with one log
    line, and drop `current` when it pointed there (the next `usable_generation` points it at the
    newest whole one, or finds none). OSError when it cannot be moved (a read-only data folder)."""
    with build_lock(index_dir):
        aside = _aside(index_dir, folder.name)
        os.rename(folder, aside)  # FileNotFoundError when it is gone: not tried again
        log.warning("index generation %s is damaged (%s): set aside as %s", folder.name, problem, aside.name)
        link = index_dir / CURRENT
        if link.is_symlink() and current_generation(index_dir) is None:
            link.unlink()


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build (or repair) at a time per data directory; one held by something that is not a
    running build (see `_acquire`) is one error line, not a wait with no end."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):  # a pipe would never open
        aside = _aside(index_dir, LOCK_FILE)
        os.rename(path, aside)
        log.warning("index lock file %s was not a file: set aside as %s", path, aside.name)
    with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+") as lock:  # not "w": the holder's pid stays
        _acquire(lock, path)
        try:
            lock.seek(0)
            lock.truncate()
            lock.write(f"{os.getpid()}\n")
            lock.flush()
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _acquire(lock: IO[str], path: Path) -> None:
    """flock(2) on `lock`: at once when it is free; after the other build when a running peerbot build
    holds it (the pid it wrote in the file is alive: one line says so, then wait); else, when no pid
    appears within `HOLDER_GRACE` seconds (another program holds the file, or a child left behind by a
    build that died), `IndexBuildError`."""
    deadline, told = time.monotonic() + HOLDER_GRACE, False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if not told else 0))
            return
        except BlockingIOError:
            pass
        holder = _holder(path)
        if holder is not None:
            log.warning("waiting for another build of this index (process %d) to finish", holder)
            told = True
        elif time.monotonic() > deadline:
            raise IndexBuildError(f"the index lock {path} is held by a process that is not a running peerbot build "
                                  f"(another program, or one left behind by a build that died): stop it, then run "
                                  f"the command again")
        else:
            time.sleep(0.05)


def _holder(path: Path) -> int | None:
    """The pid a running build wrote into the lock file, when that process is alive."""
    try:
        pid = int(path.read_text()[:20].strip() or "0")
        if pid > 0 and pid != os.getpid():
            os.kill(pid, 0)
            return pid
    except PermissionError:  # alive, another user's
        return pid
    except (OSError, ValueError):  # no such process, or no pid in the file
        pass
    return None


def new_generation(index_dir: Path, base: Path | None) -> Path:
    """A fresh folder holding a copy of `base`'s index database (a checked generation), if any; a copy
    that fails (a full disk, a file-size limit) takes its folder with it."""
    folder = index_dir / f"gen-{time.time_ns()}"
    folder.mkdir(parents=True)
    if base:
        try:
            IndexStore.copy(base / DB_FILE, folder / DB_FILE)
        except BaseException:
            discard(folder)
            raise
    return folder


def publish(index_dir: Path, folder: Path, vectors: int) -> None:
    """Record `folder`'s checksums, make it the served generation, then drop every generation but
    it and the previous (and all but the newest few set aside)."""
    for name in (DB_FILE, VECTORS_FILE):
        with open(folder / name, "rb") as f:
            os.fsync(f.fileno())
    integrity.write_manifest(folder, vectors)
    previous = current_generation(index_dir)
    _point_current(index_dir, folder)
    keep = {folder.name, previous.name if previous else None}
    for stale in index_dir.glob("gen-*"):
        if stale.name not in keep:
            shutil.rmtree(stale, ignore_errors=True)
    for old in sorted(index_dir.glob(f"{DAMAGED}*"), reverse=True)[KEEP_DAMAGED:]:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def clear_unfinished(index_dir: Path) -> None:
    """Remove the folders of builds stopped before they were published (SIGKILL, power lost): no
    checksums, not `current`, so never served. The caller holds `build_lock`, so none is being built."""
    served = current_generation(index_dir)
    for folder in index_dir.glob("gen-*"):
        if folder != served and folder.is_dir() and not folder.is_symlink() and not integrity.has_manifest(folder):
            discard(folder)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _inspect(index_dir: Path) -> tuple[Path | None, list[tuple[Path, str]], list[IndexRefused]]:
    """(the generation to serve or None, [(damaged path, problem)], [generations this user may not
    read]), reading only."""
    link = index_dir / CURRENT
    damaged: list[tuple[Path, str]] = []
    refused: list[IndexRefused] = []
    first = None
    if link.is_symlink():
        first = current_generation(index_dir)
        if first is None:
            damaged.append((link, "it points at a folder that is not there"))
    elif os.path.lexists(link):
        damaged.append((link, "it is not a link to a generation"))
    elif not index_dir.is_dir():
        return None, [], []
    earlier = sorted(
        (p for p in index_dir.glob("gen-*") if p != first and p.is_dir() and integrity.has_manifest(p)), reverse=True
    )
    for folder in ([first] if first else []) + earlier:
        try:
            problem = integrity.problem(folder)
        except IndexRefused as e:
            refused.append(e)
            continue
        if problem is None:
            return folder, damaged, refused
        damaged.append((folder, problem))
    return None, damaged, refused


def _repair(index_dir: Path, good: Path | None, damaged: list[tuple[Path, str]]) -> dict[Path, str]:
    """Set each damaged path aside and point `current` at `good` (or remove it). Returns what was done."""
    moved = {}
    for path, _ in damaged:
        if not os.path.lexists(path):
            continue
        if path.name == CURRENT and path.is_symlink():
            path.unlink()
            moved[path] = "removed"
            continue
        target = _aside(index_dir, path.name)
        os.rename(path, target)
        moved[path] = f"set aside as {target.name}"
    link = index_dir / CURRENT
    if good is not None and current_generation(index_dir) != good:
        _point_current(index_dir, good)
    elif good is None and link.is_symlink():
        link.unlink()
    return moved


def _point_current(index_dir: Path, folder: Path) -> None:
    link = index_dir / CURRENT
    if os.path.lexists(link) and not link.is_symlink():  # a file or folder where the link belongs
        os.rename(link, _aside(index_dir, CURRENT))
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    if os.path.lexists(tmp):
        tmp.unlink()
    tmp.symlink_to(folder.name)
    os.replace(tmp, link)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _aside(index_dir: Path, name: str) -> Path:
    """A free name to set `name` aside under: damaged-NAME (with a number if that is taken)."""
    target, n = index_dir / f"{DAMAGED}{name}", 1
    while os.path.lexists(target):
        n += 1
        target = index_dir / f"{DAMAGED}{name}-{n}"
    return target


def _label(path: Path) -> str:
    return f"generation {path.name}" if path.name != CURRENT else f"link {path}"
