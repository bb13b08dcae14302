"""How each contact can be mentioned on Slack and Teams: their `knowledge/contacts.yaml` entry,
matched by name as the core matches people (honorifics aside)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from bot.answer import Contact, Identity
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


def identities(people: Iterable[Reachable]) -> Identify:
    """A contact's platform identities; None for an organisation, for someone with none, and for
    people marked `contactable: false` (never mentioned)."""
    by_key = {person_key(person.name): person for person in people}

    def identify(contact: Contact) -> Identity | None:
        entry = by_key.get(person_key(contact.name)) if contact.is_person else None
        if entry is None or not entry.contactable:
            return None
        identity = Identity(entry.slack_user_id, entry.email, entry.teams_upn)
        return identity if identity != Identity() else None

    return identify
