"""The SQLAlchemy engine for what lives in peerbot's database through SQLAlchemy (today Bolt's
Slack installation and OAuth state tables): PostgreSQL through psycopg 3 when `DATABASE_URL` is
set, else the SQLite file `PEERBOT_DATA_DIR/peerbot.db` beside peerbot's own records. The one
place an engine is made, so that every process sharing the database makes the same one."""

from __future__ import annotations

import sqlalchemy as sa

from bot.settings import Settings, SettingsError

POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")


def database_engine(settings: Settings) -> sa.Engine:
    if not settings.database_url.strip():
        return sa.create_engine(f"sqlite:///{settings.state_db_path}", connect_args={"timeout": 30})
    try:
        url = sa.make_url(settings.database_url.strip())
    except sa.exc.ArgumentError:
        raise SettingsError("DATABASE_URL is not a database URL (expected postgresql://USER:PASSWORD@HOST/NAME)") \
            from None
    if url.drivername not in POSTGRES_SCHEMES:
        raise SettingsError(f"DATABASE_URL must be a PostgreSQL URL (postgresql://…), not {url.drivername}://")
    return sa.create_engine(url.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
