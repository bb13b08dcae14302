"""User-facing wording of contacts: why a person or organisation is suggested (every surface), and
the directory's listing and check (`peerbot contacts`)."""

from __future__ import annotations

import re

from bot.answer import enclose


def person_reason(role_and_organisation: str, note: str, quoted: bool, lesson: str, section: str,
                  elsewhere: tuple[str, str] | None = None) -> str:
    """Why a person is suggested, from metadata only: who they are, what the document says they
    do, and the lesson (and section) that names them: "Quoted in" when that lesson quotes them
    anywhere (so an answer and an enabler summary citing other passages of it say the same), with
    a section that quotes them, else "Featured in" with the section that names them. `elsewhere`:
    the lesson and section of their words shown with them, when another lesson's ("…, and in
    Lesson, section Name", or "Quoted in Lesson, section Name" after "Featured in …")."""
    where = f"{'Quoted' if quoted else 'Featured'} in {_where(lesson, section)}"
    if elsewhere:
        where += f", and in {_where(*elsewhere)}" if quoted else f". Quoted in {_where(*elsewhere)}"
    return " ".join(_sentence(part) for part in (role_and_organisation, note, where) if part)


def organisation_reason(region: str, lesson: str, section: str) -> str:
    """Why an organisation or collaborative is suggested (a lesson that names no people)."""
    where = f"Featured in {_where(lesson, section)}"
    return " ".join(_sentence(part) for part in (f"Region: {region}" if region else "", where) if part)


def _where(lesson: str, section: str) -> str:
    """"Lesson, section Name", without the quotation marks a title or heading may carry (a heading
    “One list for all” under a person's name would read as their words)."""
    where = lesson + (f", section {section}" if section else "")
    return re.sub(r"‘((?:[^‘’]|’(?=\w))*)’", r"\1", re.sub(r"[“”\"]", "", where))


def lesson_name(title: str, publisher: str) -> str:
    return f"{title} ({publisher})" if publisher else title


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


PEOPLE_HEADING = "People"
ORGANISATIONS_HEADING = "Organisations and collaboratives"
NOT_CONTACTABLE = "not suggested as a contact"


def no_directory_match(query: str) -> str:
    return f"No one in the directory matches {enclose(query)}."


EMPTY_DIRECTORY = ("The directory is empty: no document names people or organisations in its front matter, and "
                   "contacts.yaml lists no one (README: Enablers and contacts).")


def directory_ok(people: int, organisations: int) -> str:
    return f"The directory is complete: {people} people and {organisations} organisations, all in current documents."


def unlisted_person(name: str, document_id: str) -> str:
    return f"{document_id} names {name}, who is not in the directory: add them to its front matter `people:`."


def details_without_documents(name: str) -> str:
    return f"contacts.yaml lists {name}, but no document names them any more: remove the entry or restore the document."


def not_a_name(name: str) -> str:
    return f"{name!r} is not a person's name: give their name as contacts.yaml or a document spells it."


def withdrawn(name: str) -> str:
    return (f"{name} is withdrawn: never suggested again, whatever contacts.yaml says (by a running peerbot serve "
            "within PEERBOT_RELOAD_SECONDS; `peerbot contacts --restore` undoes it).")


def restored(name: str) -> str:
    return (f"{name}'s withdrawal is forgotten: suggested again if contacts.yaml allows it (by a running peerbot "
            "serve within PEERBOT_RELOAD_SECONDS).")


def not_withdrawn(name: str) -> str:
    return f"{name} was not withdrawn: nothing to restore."
