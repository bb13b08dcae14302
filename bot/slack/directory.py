"""Each contact's Slack identity, from the contacts directory (`knowledge/contacts.yaml` merged
into the corpus's people by `bot.contacts.directory`): a `slack_user_id`, else an `email` to look up."""

from __future__ import annotations

from collections.abc import Iterable

from bot.answer import Contact
from bot.contacts.file import ContactDetails
from bot.contacts.directory import Directory, person_key
from bot.slack.users import Identify, SlackIdentity


def identities(people: Directory | Iterable[ContactDetails]) -> Identify:
    """From the directory (or contacts.yaml's entries alone), matched by name as the core matches
    people (honorifics aside). People marked `contactable: false` are never mentioned."""
    if isinstance(people, Directory):
        find = people.person
    else:
        by_key = {person_key(d.name): d for d in people}

        def find(name: str):
            return by_key.get(person_key(name))

    def identify(contact: Contact) -> SlackIdentity | None:
        entry = find(contact.name) if contact.is_person else None
        if entry is None or not entry.contactable or not (entry.slack_user_id or entry.email):
            return None
        return SlackIdentity(entry.slack_user_id, entry.email)

    return identify
