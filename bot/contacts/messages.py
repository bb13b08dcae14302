"""User-facing wording of contacts: why a person or organisation is suggested (every surface), and
the directory's listing and check (`peerbot contacts`)."""

from __future__ import annotations

import re

from bot.answer import enclose


def person_reason(role_and_organisation: str, note: str, lesson: str, section: str,
                  elsewhere: tuple[str, str] | None = None) -> str:
    """Why a person is suggested, in plain words from metadata only: who they are (role, organisation), what
    the document says they do (its front matter's note), and where the lesson describes their work ("Their
    work is described in Lesson, under Section"); `elsewhere`: the lesson and section of their words shown
    with them, when another lesson's (", and in Lesson, under Section"). Never a quotation nor words put in
    their mouth: their own words are shown apart, in quotation marks, as theirs."""
    described = _described("Their", lesson, section)
    if elsewhere:
        described += f", and in {_unquoted(_under(*elsewhere))}"
    parts = (_unquoted(role_and_organisation), _unquoted(note), described)
    return " ".join(_sentence(part) for part in parts if part)


def organisation_reason(region: str, lesson: str, section: str) -> str:
    """Why an organisation or collaborative is suggested (a lesson that names no people)."""
    return " ".join(_sentence(part) for part in (f"Region: {region}" if region else "", _described("Its", lesson, section))
                    if part)


def _described(whose: str, lesson: str, section: str) -> str:
    """"Their work is described in Lesson, under Section", without the quotation marks a title or heading may
    carry (a heading “One list for all” beside a person's name would read as their words)."""
    return f"{whose} work is described in {_unquoted(_under(lesson, section))}"


def _under(lesson: str, section: str) -> str:
    return lesson + (f", under {section}" if section else "")


def _unquoted(text: str) -> str:
    """The text without quotation marks (an apostrophe kept: "the ICS' programme", "NELFT’s")."""
    return re.sub(r"‘((?:[^‘’]|’(?=\w))*)’", r"\1", re.sub(r"[“”\"]", "", text))


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
