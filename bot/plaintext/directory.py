"""The contacts directory and its check as plain text (`peerbot contacts`)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from bot.contacts import messages
from bot.contacts.check import DirectoryCheck
from bot.contacts.directory import Directory, OrganisationEntry, PersonEntry
from bot.plaintext.answers import WIDTH
from index import mentions


def render_directory(people: list[PersonEntry], organisations: list[OrganisationEntry], query: str = "",
                     titles: Mapping[str, str] | None = None, enablers: Mapping[str, str] | None = None) -> str:
    """The people and organisations found, each document by its title and each enabler by its name
    (`titles`, `enablers`: id -> title or name; an id without one is shown as it is). `--json` keeps
    the ids."""
    titles, enablers = titles or {}, enablers or {}
    if not people and not organisations:
        return (messages.no_directory_match(query) if query else messages.EMPTY_DIRECTORY) + "\n"
    lines = []
    if people:
        lines.append(f"{messages.PEOPLE_HEADING} ({len(people)}):")
        for person in people:
            lines += _person(person, titles, enablers)
        lines.append("")
    if organisations:
        lines.append(f"{messages.ORGANISATIONS_HEADING} ({len(organisations)}):")
        for org in organisations:
            aliases = [a for a in org.aliases if not mentions(org.name, a)]  # "… Wiltshire (BSW)" says BSW already
            name = org.name + (f" ({', '.join(aliases)})" if aliases else "")
            region = f" · {org.region}" if org.region and org.region != org.name else ""
            lines.append(textwrap.fill(f" • {name}{region}", WIDTH, subsequent_indent="   "))
            lines += _details((("members", ", ".join(org.members)), ("documents", _documents(org.documents, titles))))
    return "\n".join(lines).rstrip() + "\n"


def _documents(ids: tuple[str, ...], titles: Mapping[str, str]) -> str:
    """Documents by their titles, "; " apart (a title may hold a comma)."""
    return "; ".join(titles.get(doc_id, doc_id) for doc_id in ids)


def _person(person: PersonEntry, titles: Mapping[str, str], enablers: Mapping[str, str]) -> list[str]:
    region = person.region if person.region and not mentions(person.affiliation, person.region) else ""  # said already
    head = f" • {person.name}" + (f" — {person.affiliation}" if person.affiliation else "") + (f" · {region}" if region else "")
    reach = ", ".join(f"{label} {value}" for label, value in (
        ("Slack", person.slack_user_id), ("email", person.email), ("Teams", person.teams_upn)) if value)
    return [textwrap.fill(head, WIDTH, subsequent_indent="   "), *_details((
        ("documents", _documents(person.documents, titles)), ("speaks to", ", ".join(enablers.get(e, e) for e in person.enablers)),
        ("happy to talk about", ", ".join(person.topics)), ("reach", reach),
        ("note", "" if person.contactable else messages.NOT_CONTACTABLE),
    ))]


def _details(pairs) -> list[str]:
    return [textwrap.fill(f"{label}: {value}", WIDTH, initial_indent="   ", subsequent_indent="     ")
            for label, value in pairs if value]


def render_check(check: DirectoryCheck, directory: Directory) -> str:
    if check.ok:
        return messages.directory_ok(len(directory.people), len(directory.organisations)) + "\n"
    lines = [messages.unlisted_person(u.name, u.document_id) for u in check.unlisted]
    lines += [messages.details_without_documents(name) for name in check.without_documents]
    return "\n".join(lines) + "\n"
