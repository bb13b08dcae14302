"""Opening `peerbot.db`: a damaged file is moved aside (never deleted) and a fresh one created.

Damaged means SQLite cannot read it, its integrity check fails, or its tables are not the ones
peerbot's migrations make (another file put in its place). A file peerbot may not read or write
is not damaged: that is one clear error naming it, and nothing is moved.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlite_utils

from index import Migration, PeerbotError, migrate

log = logging.getLogger(__name__)
COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files next to the database


class StateFileError(PeerbotError):
    """peerbot.db cannot be opened or created; the message names it and says why."""


def open_state_db(path: Path, migrations: list[Migration]) -> sqlite_utils.Database:
    """The state database at `path`, migrated; a damaged one is first moved aside with a warning."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StateFileError(f"cannot create the folder of {path} ({e.strerror or e})") from None
    if path.exists() and path.is_file() and not os.access(path, os.R_OK | os.W_OK):
        raise StateFileError(f"{path} cannot be read and written by this user: check its permissions")
    problem = _problem(path, migrations)
    if problem:
        aside = _move_aside(path)
        log.warning("%s is damaged (%s): moved aside as %s (nothing in it is deleted) and a fresh one created",
                    path, problem, aside.name)
    try:
        db = _connect(path)
        migrate(db, migrations)
    except sqlite3.Error as e:
        raise StateFileError(f"cannot create {path} ({e})") from None
    return db


def _connect(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    return sqlite_utils.Database(conn)


def _problem(path: Path, migrations: list[Migration]) -> str | None:
    """What is wrong with the database at `path`, or None (also when there is none yet)."""
    if not os.path.lexists(path):
        return None
    if not path.is_file():
        return "it is not a file"
    try:
        db = _connect(path)
    except sqlite3.Error as e:
        return str(e)
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            return f"integrity check: {verdict}"
        if db.table_names() and not _applied(db, migrations[0].__name__):
            return "it is not peerbot's state database"
        migrate(db, migrations)
        tables = {name: set(db[name].columns_dict) for name in db.table_names()}
    except sqlite3.Error as e:
        return str(e)
    finally:
        db.close()
    for table, columns in _expected_schema(tuple(migrations)).items():
        if not columns <= tables.get(table, set()):
            return f"its table {table} is not peerbot's"
    return None


def _applied(db: sqlite_utils.Database, name: str) -> bool:
    return "_migrations" in db.table_names() and bool(
        db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone())


@cache
def _expected_schema(migrations: tuple[Migration, ...]) -> dict[str, set[str]]:
    """Tables and columns the migrations make, from a throwaway in-memory database."""
    db = sqlite_utils.Database(memory=True)
    migrate(db, list(migrations))
    return {name: set(db[name].columns_dict) for name in db.table_names()}


def _move_aside(path: Path) -> Path:
    """Rename the database and its companion files to `NAME.damaged-TIMESTAMP`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.rename(path, aside)
        for suffix in COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if os.path.lexists(companion):
                os.rename(companion, aside.with_name(aside.name + suffix))
    except OSError as e:
        raise StateFileError(f"{path} is damaged and cannot be moved aside ({e.strerror or e})") from None
    return aside
