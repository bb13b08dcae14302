"""Keyed hashes (HMAC-SHA256) that stand in for the ids of people and private places.

The key is PEERBOT_HASH_KEY when set; otherwise one generated at random the first time and kept in
the state database, so every process sharing that database hashes alike. The database records a
check value of the key it was first used with, and refuses a different one, so two processes
with different keys cannot split one person's records in two.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from index import PeerbotError

PREFIX = "h:"
_CHECK = b"peerbot key check"


class KeyMismatch(PeerbotError):
    """This process's hashing key is not the one the database's records were hashed with."""


class Pseudonyms:
    def __init__(self, key: bytes):
        self._key = key

    def __call__(self, value: str) -> str:
        """`value`'s keyed hash: "h:" and 32 hex digits; "" stays ""."""
        if not value:
            return ""
        return PREFIX + hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()[:32]

    def __repr__(self) -> str:  # never print the key
        return "Pseudonyms(<key>)"


def load_pseudonyms(db: sa.Connection, configured_key: str = "") -> Pseudonyms:
    """The hashing of this database: PEERBOT_HASH_KEY's if given, else the database's own key.
    Call inside a transaction: the first process to commit a key is the one every other reads."""
    if configured_key:
        key = configured_key.encode()
    else:
        key = _kept(db, "hash_key", secrets.token_hex(32)).encode()
    check = hmac.new(key, _CHECK, hashlib.sha256).hexdigest()
    recorded = _kept(db, "hash_key_check", check)
    if not hmac.compare_digest(recorded, check):
        raise KeyMismatch(_mismatch(db, configured_key))
    return Pseudonyms(key)


def _mismatch(db: sa.Connection, configured_key: str) -> str:
    """Why the key was refused, and what to do: a database that made its own key (PEERBOT_HASH_KEY was
    unset when it was first used) keeps it; one hashed with PEERBOT_HASH_KEY needs that key."""
    if not configured_key:
        return ("this database's ids were hashed with PEERBOT_HASH_KEY, which is not set here: set it as in "
                "the other processes (see the README, Data we keep)")
    generated = db.execute(sa.text("SELECT 1 FROM state_meta WHERE name = 'hash_key'")).first() is not None
    if generated:
        return ("PEERBOT_HASH_KEY is set, but this database was first used without it and hashes its ids with a key "
                "of its own: unset PEERBOT_HASH_KEY to keep using this database, or start a new database to use "
                "your key (see the README, Data we keep)")
    return ("PEERBOT_HASH_KEY is not the key this database's ids were hashed with: use the same "
            "PEERBOT_HASH_KEY in every process that shares the database (see the README, Data we keep)")


def _kept(db: sa.Connection, name: str, value: str) -> str:
    """The value stored under `name`, storing `value` there first if there is none."""
    db.execute(sa.text("INSERT INTO state_meta (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING"),
               {"name": name, "value": value})
    kept = db.execute(sa.text("SELECT value FROM state_meta WHERE name = :name"), {"name": name}).scalar_one()
    if not isinstance(kept, str) or not kept:  # another key now would split each person's records in two
        raise KeyMismatch(f"the database's {name} (table state_meta) is empty or not text, so its ids cannot be "
                          "matched: restore the database from a backup (see the README, Data we keep)")
    return kept
