"""The contacts who asked to be withdrawn, kept apart from contacts.yaml so that a file missing, damaged or
replaced (an older copy, a half-written one) never brings one back: each is kept as a keyed hash of their
name (`index.person_key`), recorded when a reading of the file marks them `contactable: false`, and
forgotten only by `peerbot contacts --restore NAME`; their version tells a running server to build its
directory again. `StateStore` (store.py) composes these calls."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import sqlalchemy as sa

from bot.records import stamp
from bot.state.pseudonyms import Pseudonyms
from bot.state.statements import sql
from index import person_key


class ContactWithdrawals:
    """What `StateStore` sets up for them: its engine and its keyed hash."""

    engine: sa.Engine
    pseudonym: Pseudonyms

    def record_withdrawals(self, names: Iterable[str]) -> None:
        """Keep these people withdrawn, whatever a later reading of contacts.yaml says (kept once each)."""
        rows = [{"person": self._person(name), "at": stamp()} for name in dict.fromkeys(names) if person_key(name)]
        if rows:
            with self.engine.begin() as db:
                db.execute(sql("INSERT INTO withdrawn_contacts (person, withdrawn_at) VALUES (:person, :at) "
                               "ON CONFLICT (person) DO NOTHING"), rows)

    def withdrawn_among(self, names: Iterable[str]) -> set[str]:
        """Those of `names` who are kept withdrawn."""
        with self.engine.begin() as db:
            kept = set(db.execute(sql("SELECT person FROM withdrawn_contacts")).scalars())
        return {name for name in names if self._person(name) in kept}

    def withdrawals_version(self) -> str:
        """A hash of everyone kept withdrawn (a few rows: cheap enough for a short timer), so that a running
        server sees a `--withdraw` or `--restore` made by another process."""
        with self.engine.begin() as db:
            kept = sorted(db.execute(sql("SELECT person FROM withdrawn_contacts")).scalars())
        return hashlib.sha256("\n".join(kept).encode()).hexdigest()[:16]

    def restore_contact(self, name: str) -> bool:
        """Forget a withdrawal (`peerbot contacts --restore`): False when that name was not withdrawn."""
        with self.engine.begin() as db:
            return db.execute(sql("DELETE FROM withdrawn_contacts WHERE person = :person"),
                              {"person": self._person(name)}).rowcount > 0

    def _person(self, name: str) -> str:
        return self.pseudonym(f"contact:{person_key(name)}")
