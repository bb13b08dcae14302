"""Which database errors mean "the records database is unavailable" (a fault outside peerbot that a
later try may get past: a warning line and a 503, so the platform sends the request again) and
which are peerbot's own mistakes (a traceback in the log and a 500).

Outside faults: a server stopped, restarting or crashed, a connection dropped or refused, too many
connections, a statement cancelled by a timeout or an administrator, a lock not granted, a
serialization failure or deadlock, the database made read-only, a role's rights or password
changed, the server's own internal or disk errors; on SQLite a locked, read-only, full, damaged or
missing file. And a table or column of peerbot's schema dropped or renamed by another session.

Peerbot's own mistakes: SQL that does not parse, names a table, column or function its schema never
had, or gives a value of the wrong type (PostgreSQL's SQLSTATE classes 42 and 22, SQLite's generic
error with the same meaning), an integrity error, a misuse of the driver.
"""

from __future__ import annotations

import functools
import logging
import re

import sqlalchemy as sa

from bot.state.engines import sqlite_engine
from bot.state.migrations import STATE_MIGRATIONS, migrate

DATABASE_ERROR = sa.exc.DBAPIError  # what every database call may raise; `unavailable` sorts it

# PostgreSQL SQLSTATEs (their class: the first two characters, or the whole code) of outside faults
_OUTSIDE_CLASSES = ("08", "53", "57", "58", "40", "55", "28", "XX")  # connection, resources, operator, system,
# transaction rollback (serialization, deadlock), lock not available, authorization, server internal
_OUTSIDE_CODES = ("25006", "25P03", "3D000", "42501")  # read-only transaction, idle session ended,
# database gone, rights revoked
_UNDEFINED = ("42P01", "42703")  # a table, a column: another session's doing when peerbot's schema has it
# SQLite's primary result codes that are not peerbot's mistakes (1, SQLITE_ERROR, says both: see _named)
_SQLITE_OUTSIDE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 17, 26}  # PERM ABORT BUSY LOCKED NOMEM READONLY
# INTERRUPT IOERR CORRUPT FULL CANTOPEN PROTOCOL SCHEMA NOTADB
_MISSING = re.compile(r'(?:relation|column|no such table:|no such column:|has no column named)\s+"?([\w.]+)"?')


def unavailable(error: BaseException) -> bool:
    """Whether `error` (SQLAlchemy's, or its driver's) is a fault outside peerbot that a later try may get past."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlstate", None)
    if type(original).__module__.startswith("psycopg"):
        if code is None:  # libpq's own: no connection, the connection lost, a timeout
            return any(kind.__name__ in ("OperationalError", "InterfaceError") for kind in type(original).__mro__)
        if code in _UNDEFINED:
            return _named(original)
        return code[:2] in _OUTSIDE_CLASSES or code in _OUTSIDE_CODES
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return (sqlite_code & 0xFF) in _SQLITE_OUTSIDE or (sqlite_code == 1 and _named(original))
    return isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError))  # another driver: as DB-API says


def _named(original: BaseException) -> bool:
    """A missing table or column that peerbot's schema has (someone else dropped or renamed it)."""
    found = _MISSING.search(str(original))
    return found is not None and found.group(1).rsplit(".", 1)[-1] in _schema_names()


@functools.cache
def _schema_names() -> frozenset[str]:
    """Every table and column peerbot's migrations make (made once, in a private in-memory database)."""
    engine = sqlite_engine(None)
    try:
        migrate(engine, STATE_MIGRATIONS)
        inspector = sa.inspect(engine)
        return frozenset(name for table in inspector.get_table_names()
                         for name in (table, *(column["name"] for column in inspector.get_columns(table))))
    finally:
        engine.dispose()


def unavailable_line(error: BaseException) -> str:
    """Why the database is unavailable, in one line (the driver's first line, without its SQL)."""
    original = getattr(error, "orig", None) or error
    first = str(original).strip().splitlines()
    return (first[0] if first else type(original).__name__)[:200]


def log_failure(logger: logging.Logger, error: BaseException, what: str, *args: object) -> None:
    """`what` (a %-format of `args`) failed with `error`: one warning line naming the cause when the
    records database is unavailable (a later try may work), the traceback for anything else."""
    if unavailable(error):
        logger.warning(f"{what} (%s)", *args, unavailable_line(error))
    else:
        logger.error(what, *args, exc_info=error)
