"""Opening peerbot's database: the SQLite file `peerbot.db` (a damaged one is moved aside, never
deleted, and a fresh one created), or PostgreSQL when `DATABASE_URL` is set; either migrated.

Damaged means SQLite finds the file malformed or not a database, its integrity check fails, or its
tables are not the ones peerbot's migrations make (another file put in its place). A failure that
says nothing about the file (locked by another process's transaction, a full disk, an I/O error,
no permission) is not damage: that is one clear error naming it, and nothing is moved. Neither is
a companion file (`-wal`, `-shm`, `-journal`) that is not a file, a pipe SQLite would wait on for
ever, or a journal of another database (`bot.state.leftovers`): that alone is set aside. On PostgreSQL nothing is ever moved: a database that cannot be
reached or migrated is one clear error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from bot.state.engines import StateDatabaseError, postgres_engine, reason, shown, sqlite_engine
from bot.state.leftovers import set_aside_foreign_journals
from bot.state.migrations import STATE_MIGRATIONS, StateMigration, migrate

log = logging.getLogger(__name__)
COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's files next to the database
# SQLite's result codes that mean the file itself is wrong; any other (busy, locked, full, I/O,
# cannot open, read-only) leaves it as it is.
DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT, sqlite3.SQLITE_ERROR}


def open_database(target: Path | str, migrations: list[StateMigration]) -> sa.Engine:
    """The database at `target` (a SQLite file's path, or a PostgreSQL URL), migrated."""
    return open_sqlite_file(target, migrations) if isinstance(target, Path) else open_postgres(target, migrations)


def migrated_database(target: Path | str) -> sa.Engine:
    """peerbot's records at `target` brought up to date (`peerbot migrate`), nothing else written."""
    return open_database(target, STATE_MIGRATIONS)


def recorded_migrations(target: Path | str) -> set[str] | None:
    """The migrations the database at `target` records as applied, read without changing it: none
    when there is no database yet, None when it cannot be read (opening it then says why)."""
    if isinstance(target, Path):
        if not os.path.lexists(target):
            return set()
        if not target.is_file():
            return None
        try:
            with contextlib.closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as db:
                if not db.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
                    return set()
                return {row[0] for row in db.execute("SELECT name FROM _migrations")}
        except sqlite3.Error:
            return None
    try:
        engine = postgres_engine(target)
    except StateDatabaseError:
        return None
    try:
        with engine.connect() as db:
            if not sa.inspect(db).has_table("_migrations"):
                return set()
            return set(db.execute(sa.text("SELECT name FROM _migrations")).scalars())
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def open_postgres(url: str, migrations: list[StateMigration]) -> sa.Engine:
    engine = postgres_engine(url)
    return _migrated(engine, migrations, lambda why: f"cannot open the database at {shown(url)} (DATABASE_URL): {why}")


def open_sqlite_file(path: Path, migrations: list[StateMigration]) -> sa.Engine:
    """The SQLite database at `path`, migrated; a damaged one is first moved aside with a warning."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StateDatabaseError(f"cannot create the folder of {path} ({e.strerror or e})") from None
    if path.exists() and path.is_file() and not os.access(path, os.R_OK | os.W_OK):
        raise StateDatabaseError(f"{path} cannot be read and written by this user: check its permissions")
    _set_aside_strays(path)
    set_aside_foreign_journals(path, lambda copy: _examined(copy, migrations))
    problem = _problem(path, migrations)
    if problem:
        aside = _move_aside(path)
        log.warning("%s is damaged (%s): moved aside as %s (nothing in it is deleted) and a fresh one created",
                    path, problem, aside.name)
    return _migrated(sqlite_engine(path), migrations, lambda why: f"cannot create {path} ({why})")


def _migrated(engine: sa.Engine, migrations: list[StateMigration], failed: Callable[[str], str]) -> sa.Engine:
    """`engine`, migrated; on failure, disposed and the line `failed` makes of the reason raised."""
    try:
        migrate(engine, migrations)
    except sa.exc.SQLAlchemyError as e:
        engine.dispose()
        raise StateDatabaseError(failed(reason(e))) from None
    return engine


def _problem(path: Path, migrations: list[StateMigration]) -> str | None:
    """What is wrong with the database at `path`, or None (also when there is none yet)."""
    if not os.path.lexists(path):
        return None
    if not path.is_file():
        return "it is not a file"
    try:
        conn = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as e:
        return _damage(path, e)
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            return f"integrity check: {verdict}"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and not ("_migrations" in tables and conn.execute(
                "SELECT 1 FROM _migrations WHERE name = ?", [migrations[0].__name__]).fetchone()):
            return "it is not peerbot's state database"
    except sqlite3.Error as e:
        return _damage(path, e)
    finally:
        conn.close()
    engine = sqlite_engine(path)
    try:
        migrate(engine, migrations)
        found = _schema(engine)
    except sa.exc.SQLAlchemyError as e:
        return _damage(path, e)
    finally:
        engine.dispose()
    for table, columns in _expected_schema(tuple(migrations)).items():
        if not columns <= found.get(table, set()):
            return f"its table {table} is not peerbot's"
    return None


def _examined(copy: Path, migrations: list[StateMigration]) -> str | None:
    """`_problem` of a copy of the database; what stops it being read at all counts as a problem."""
    try:
        return _problem(copy, migrations)
    except StateDatabaseError as e:
        return str(e)


def _damage(path: Path, error: Exception) -> str:
    """What `error` says is wrong with the file; StateDatabaseError when it says nothing about the
    file (another process's lock, a full disk), which is then left as it is."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", sqlite3.SQLITE_ERROR) & 0xFF
    if code in DAMAGE_CODES:
        return reason(error)
    why = " (another process is writing to it: try again when it has finished)" if code in (
        sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) else ""
    raise StateDatabaseError(f"{path} cannot be used just now: {reason(error)}{why}; nothing in it was changed") from None


def _set_aside_strays(path: Path) -> None:
    """Move a companion that is not a file (a pipe, a folder, a link) aside, with a warning: SQLite
    would wait on it or fail, and it cannot hold a journal."""
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            mode = os.lstat(companion).st_mode
        except FileNotFoundError:  # none; or another process's journal, gone as its transaction ended
            continue
        if not stat.S_ISREG(mode):
            aside = companion.with_name(f"{companion.name}.damaged-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}")
            try:
                os.rename(companion, aside)
            except FileNotFoundError:
                continue
            except OSError as e:
                raise StateDatabaseError(f"{companion} is not a file and cannot be moved aside ({e.strerror or e})") \
                    from None
            log.warning("%s is not a file: moved aside as %s", companion, aside.name)


def _schema(engine: sa.Engine) -> dict[str, set[str]]:
    inspector = sa.inspect(engine)
    return {name: {c["name"] for c in inspector.get_columns(name)} for name in inspector.get_table_names()}


@cache
def _expected_schema(migrations: tuple[StateMigration, ...]) -> dict[str, set[str]]:
    """Tables and columns the migrations make, from a throwaway in-memory database."""
    engine = sqlite_engine(None)
    migrate(engine, list(migrations))
    try:
        return _schema(engine)
    finally:
        engine.dispose()


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
        raise StateDatabaseError(f"{path} is damaged and cannot be moved aside ({e.strerror or e})") from None
    return aside
