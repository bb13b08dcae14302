"""The SQLAlchemy engines behind peerbot's records: a SQLite file (the default) or PostgreSQL
through psycopg 3 (`DATABASE_URL`). Everything above this module writes one SQL for both.

On SQLite every transaction starts with `BEGIN IMMEDIATE` (SQLAlchemy issues it, not the driver),
so a transaction that writes holds the writers' lock from its first statement and two processes
never deadlock upgrading a read; WAL lets readers go on meanwhile.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from index import PeerbotError

POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")
CONNECT_TIMEOUT = 10  # seconds; a database that does not answer is an error, not a hang (the URL may say otherwise)


class StateDatabaseError(PeerbotError):
    """peerbot's database cannot be opened, reached or created; the message names it and says why."""


def sqlite_engine(path: Path | None) -> sa.Engine:
    """An engine on the SQLite file at `path` (None: a private in-memory database)."""
    engine = sa.create_engine(
        sa.engine.URL.create("sqlite", database=str(path)) if path else "sqlite://",  # a path with `?` or `#` as it is
        connect_args={"timeout": 30, "check_same_thread": False},
        poolclass=sa.pool.StaticPool if path is None else None,
    )

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing itself: _begin does
        if path is not None:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def postgres_engine(url: str) -> sa.Engine:
    """An engine on the PostgreSQL database at `url` (`postgres://`, `postgresql://` or
    `postgresql+psycopg://`, with any of libpq's parameters such as `?sslmode=require`), through
    psycopg 3. Connections are made when first used and checked before each use (a restarted
    server's dead connections are replaced)."""
    parsed = postgres_url(url)
    timeout = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT}
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=timeout)


ENCODED = ("a password with @ : / # ? or % in it is written percent-encoded: "
           "%40 %3A %2F %23 %3F %25")  # what an admin pasting a generated password needs to read


def postgres_url(url: str) -> sa.URL:
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number (parsed with int())
        raise StateDatabaseError(
            f"DATABASE_URL is not a database URL (expected postgresql://USER:PASSWORD@HOST/NAME; {ENCODED})") from None
    if "@" in (parsed.host or "") + (parsed.database or ""):  # an @ in the password: split there, the rest read
        raise StateDatabaseError(f"DATABASE_URL has more than one @: {ENCODED}")  # as the host (shown in messages)
    if parsed.drivername not in POSTGRES_SCHEMES:
        raise StateDatabaseError(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://USER:PASSWORD@HOST/NAME), not {parsed.drivername}://")
    return parsed.set(drivername="postgresql+psycopg")


def shown(target: Path | str) -> str:
    """Where peerbot's records are, for messages: the SQLite file's path, or DATABASE_URL in the form
    it was given (`postgres://` stays `postgres://`) with its password, and any password parameter of
    libpq's in its query (`?password=`, `?sslpassword=`), shown as `***`."""
    if isinstance(target, Path):
        return str(target)
    url = sa.make_url(target)
    secrets = [name for name in url.query if "password" in name.lower()]
    kept = url.difference_update_query(secrets)
    hidden = "&".join(f"{name}=***" for name in secrets)
    text = kept.render_as_string(hide_password=True)
    return f"{text}{'&' if kept.query else '?'}{hidden}" if hidden else text


def reason(error: Exception) -> str:
    """A driver error's first line, without SQLAlchemy's statement and link."""
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]
