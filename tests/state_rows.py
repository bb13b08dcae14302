"""Reading peerbot's records back in tests, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from bot.state import StateStore


def query(store: StateStore, statement: str, **params) -> list[tuple]:
    with store.engine.begin() as db:
        return [tuple(row) for row in db.execute(sa.text(statement), params)]


def execute(store: StateStore, statement: str, **params) -> int:
    with store.engine.begin() as db:
        return db.execute(sa.text(statement), params).rowcount


def rows(store: StateStore, table: str) -> list[dict]:
    with store.engine.begin() as db:
        return [dict(row) for row in db.execute(sa.text(f"SELECT * FROM {table}")).mappings()]


def get(store: StateStore, table: str, id: str) -> dict:
    [row] = [r for r in rows(store, table) if r["id"] == id]
    return row


def count(store: StateStore, table: str) -> int:
    return len(rows(store, table))
