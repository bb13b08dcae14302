"""How each contact can be mentioned on Slack and Teams: their `knowledge/contacts.yaml` entry,
matched by name as the core matches people (honorifics aside)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from bot.answer import Contact, Identity
from bot.contacts.directory import organisation_key
from index import person_key

Identify = Callable[[Contact], Identity | None]


class Reachable(Protocol):  # a contacts.yaml entry, or a directory entry with its details merged
    @property
    def name(self) -> str: ...
    @property
    def slack_user_id(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def teams_upn(self) -> str: ...
    @property
    def contactable(self) -> bool: ...
    @property
    def organisation(self) -> str: ...


def identities(people: Iterable[Reachable]) -> Identify:
    """A contact's platform identities; None for an organisation, for someone with none, and for
    people marked `contactable: false` (never mentioned)."""
    by_key: dict[str, list[Reachable]] = {}
    for person in people:
        by_key.setdefault(person_key(person.name), []).append(person)

    def identify(contact: Contact) -> Identity | None:
        entry = _the_one(by_key.get(person_key(contact.name), []), contact) if contact.is_person else None
        if entry is None or not entry.contactable:
            return None
        identity = Identity(entry.slack_user_id, entry.email, entry.teams_upn)
        return identity if identity != Identity() else None

    return identify


def _the_one(entries: list[Reachable], contact: Contact) -> Reachable | None:
    """The entry of the contact's name; of two people of one name, the one under the contact's organisation
    (none when it is not known which: a namesake is never mentioned)."""
    if len(entries) == 1:
        return entries[0]
    mine = [e for e in entries if organisation_key(e.organisation) == organisation_key(contact.organisation)]
    return mine[0] if len(mine) == 1 else None
