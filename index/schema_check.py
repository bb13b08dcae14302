"""Is a generation's `index.db` of the schema its recorded migrations make? Checksums prove the file
is the one its build wrote, not that the build wrote what peerbot reads: a table dropped, made a view
or short of a column (sqlite-utils reads a missing table as empty, so such a file loads and then
fails on the first question), or a table its migrations do not record (the next build, migrating its
copy, fails). The expected schema is that of an empty database given the same migrations, made once
per process (about 30 ms).
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import sqlite_utils

from index.migrations import INDEX_MIGRATIONS, migrate
from index.sqlite_uri import read_only_uri

Schema = dict[str, tuple[str, frozenset[str]]]  # name -> (table or view, its columns)
_NAMES = [m.__name__ for m in INDEX_MIGRATIONS]


def schema_problem(path: Path) -> str | None:
    """None when the database at `path` holds the tables and columns its recorded migrations make,
    no fewer and no more (a table a later migration makes, its record gone, would fail the next build
    copying the database as it migrates it); else what is wrong. sqlite3.Error when it is not a
    database."""
    db = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        applied = frozenset(r[0] for r in db.execute("SELECT name FROM _migrations"))
        if not applied <= frozenset(_NAMES):
            return None  # a newer peerbot's: its pipeline is checked as it loads
        found = _schema(db)
    finally:
        db.close()
    expected = _expected(applied)
    if extra := sorted(found.keys() - expected.keys()):
        return f"index.db holds a table {extra[0]} its migrations do not make"
    for name, (kind, columns) in expected.items():
        if name not in found:
            return f"index.db lacks the table {name}"
        if found[name][0] != kind:
            return f"index.db's {name} is a {found[name][0]}, not a {kind}"
        if found[name][1] != columns:
            return f"index.db's {name} has the columns {sorted(found[name][1])}, not {sorted(columns)}"
    return None


@functools.cache
def _expected(applied: frozenset[str]) -> Schema:
    """The schema `applied` migrations make (in any order: branches merged them out of number order)."""
    db = sqlite_utils.Database(memory=True)
    try:
        migrate(db, [m for m in INDEX_MIGRATIONS if m.__name__ in applied])
        return _schema(db.conn)
    finally:
        db.close()


def _schema(db: sqlite3.Connection) -> Schema:
    named = db.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite_%'").fetchall()
    quoted = {name: name.replace('"', '""') for name, _ in named}
    return {name: (kind, frozenset(r[1] for r in db.execute(f'PRAGMA table_info("{quoted[name]}")'))) for name, kind in named}
