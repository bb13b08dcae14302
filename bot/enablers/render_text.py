"""Rendering enabler summaries, the enabler list and the contacts directory as terminal text."""

from __future__ import annotations

import textwrap

from bot import messages
from bot.contacts.directory import Directory, OrganisationEntry, PersonEntry
from bot.contacts.check import DirectoryCheck
from bot.quoting import enclose
from bot.render_text import WIDTH, contact_lines, fill, snippet_lines, source_lines
from bot.summary import EnablerListing, EnablerSummary


def render_listing(listings: list[EnablerListing]) -> str:
    lines = [messages.ENABLER_LIST_HEADING + ":", ""]
    for item in listings:
        lines.append(f"{item.enabler.name} ({item.enabler.id}) — {messages.lessons(item.lesson_count)}")
        lines.append(textwrap.fill(item.description, WIDTH, initial_indent="   ", subsequent_indent="   "))
    lines += ["", messages.enabler_hint()]
    return "\n".join(lines) + "\n"


def render_summary(summary: EnablerSummary) -> str:
    lines = [f"{summary.enabler.name} ({summary.enabler.id})", textwrap.fill(summary.description, WIDTH)]
    if not summary.lesson_count:
        return "\n".join([*lines, "", textwrap.fill(messages.no_lessons_yet(summary.enabler), WIDTH)]) + "\n"
    lines += [messages.lessons_speak_to_it(summary.lesson_count), ""]
    if summary.practices:
        lines.append(messages.PRACTICES_HEADING + ":")
        for number, snippet in enumerate(summary.practices, 1):
            lines += snippet_lines(snippet, f"{number}. ", "   ")
        lines.append("")
    if summary.examples:
        lines.append(messages.EXAMPLES_HEADING + ":")
        for example in summary.examples:
            lines.append(fill(example.label + ":", " • ", "   "))
            lines += snippet_lines(example.snippet, "   ", "   ")
        lines.append("")
    if summary.quotes:
        lines.append(messages.QUOTES_HEADING + ":")
        for quote in summary.quotes:
            lines.append(fill(enclose(quote.text), " • ", "   "))
            lines.append(fill(f"— {quote.speaker.credit}", "   ", "     "))
            lines += source_lines(quote.document, "", "   ")
        lines.append("")
    if summary.contacts:
        lines.append(messages.SUMMARY_CONTACTS_HEADING + ":")
        for contact in summary.contacts:
            lines += contact_lines(contact)
        lines.append("")
    if summary.related:
        lines.append(messages.ENABLERS_HEADING + ": " + ", ".join(f"{e.name} ({e.id})" for e in summary.related))
    return "\n".join(lines).rstrip() + "\n"


def render_directory(people: list[PersonEntry], organisations: list[OrganisationEntry], query: str = "") -> str:
    if not people and not organisations:
        return messages.no_directory_match(query) + "\n"
    lines = []
    if people:
        lines.append(f"{messages.PEOPLE_HEADING} ({len(people)}):")
        for person in people:
            lines += _person(person)
        lines.append("")
    if organisations:
        lines.append(f"{messages.ORGANISATIONS_HEADING} ({len(organisations)}):")
        for org in organisations:
            name = org.name + (f" ({', '.join(org.aliases)})" if org.aliases else "")
            region = f" · {org.region}" if org.region and org.region != org.name else ""
            lines.append(textwrap.fill(f" • {name}{region}", WIDTH, subsequent_indent="   "))
            lines += _details((("members", ", ".join(org.members)), ("documents", ", ".join(org.documents))))
    return "\n".join(lines).rstrip() + "\n"


def _person(person: PersonEntry) -> list[str]:
    where = ", ".join(part for part in (person.role, person.organisation) if part)
    head = f" • {person.name}" + (f" — {where}" if where else "") + (f" · {person.region}" if person.region else "")
    reach = ", ".join(f"{label} {value}" for label, value in (
        ("Slack", person.slack_user_id), ("email", person.email), ("Teams", person.teams_upn)) if value)
    return [textwrap.fill(head, WIDTH, subsequent_indent="   "), *_details((
        ("documents", ", ".join(person.documents)), ("speaks to", ", ".join(person.enablers)),
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
