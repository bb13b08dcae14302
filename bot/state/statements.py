"""The two ways peerbot hands its SQL to the database: `sql`, a statement made once and reused, and
`run`, a statement handed to the driver as it is (the statements every question runs)."""

from __future__ import annotations

import functools

import sqlalchemy as sa


@functools.lru_cache(maxsize=256)
def sql(statement: str, **expanding: bool) -> sa.TextClause:
    """A statement with :named parameters; those named in `expanding` take a list (IN lists). Made once
    per statement and reused (SQLAlchemy's statements are immutable): a new one each call cost every
    question's writes a cache-key computation each."""
    text = sa.text(statement)
    return text.bindparams(*(sa.bindparam(name, expanding=True) for name in expanding)) if expanding else text


def run(db: sa.Connection, statement: str, parameters: dict) -> sa.CursorResult:
    """`db.execute(sql(statement), parameters)` with the statement handed to the driver as it is, for
    the statements every question runs: SQLAlchemy's compiled-statement machinery cost about as much
    CPU as SQLite's own work on them. The connection, its transaction and the errors it raises
    (those `faults.unavailable` sorts among them) are SQLAlchemy's as with `execute`."""
    return db.exec_driver_sql(_driver_text(statement, db.dialect), parameters)


@functools.lru_cache(maxsize=64)
def _driver_text(statement: str, dialect: sa.Dialect) -> str:
    """`statement` (with :named parameters) in the driver's own parameter style: as it is for sqlite3,
    which takes :named parameters from a dict; compiled once to %(named)s for psycopg."""
    if dialect.name == "sqlite":
        return statement
    if dialect.paramstyle != "pyformat":
        raise ValueError(f"no driver text for the {dialect.name} driver's {dialect.paramstyle} parameters")
    return str(sa.text(statement).compile(dialect=dialect))
