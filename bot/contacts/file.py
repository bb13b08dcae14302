"""Loading `knowledge/contacts.yaml`: optional extra details about the people in the corpus.

Every entry needs a `name`; everything else is optional. A malformed file raises
`ContactsFileError` naming the file and the entry, so a typo never silently drops a detail.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from index import PeerbotError, YamlProblem, read_regular, read_yaml

CONTACTS_FILE = "contacts.yaml"
TEXT_FIELDS = ("role", "organisation", "region", "slack_user_id", "email", "teams_upn")
FIELDS = ("name", *TEXT_FIELDS, "topics", "contactable")

_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")  # an email address or a Teams user principal name


class ContactsFileError(PeerbotError):
    """`contacts.yaml` is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class ContactDetails:
    name: str
    role: str = ""
    organisation: str = ""
    region: str = ""
    slack_user_id: str = ""
    email: str = ""
    teams_upn: str = ""
    topics: tuple[str, ...] = ()
    contactable: bool = True


@dataclass(frozen=True)
class Contacts:
    """What one reading of `contacts.yaml` gave: its version (`contacts_version`) and its entries."""

    version: str = ""
    details: tuple[ContactDetails, ...] = ()


def read_contacts(knowledge_dir: Path) -> Contacts:
    """`contacts.yaml` as it is now, its version read first (`contacts_version`); a malformed file raises
    `ContactsFileError`."""
    version = contacts_version(knowledge_dir)
    return Contacts(version, tuple(load_contact_details(knowledge_dir)))


def contacts_version(knowledge_dir: Path) -> str:
    """What `contacts.yaml` holds now, as a hash of its bytes ("" when there is none): read before the
    file itself, so that an edit landing in between is seen as a change by the next look."""
    path = knowledge_dir / CONTACTS_FILE
    if not os.path.lexists(path):
        return ""
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()  # a pipe in its place is no file: never waited on
    except OSError as e:  # the load says what is wrong; a later look sees the file again when it can be read
        return f"unreadable: {e.strerror or e}"


def load_contact_details(knowledge_dir: Path) -> list[ContactDetails]:
    """The entries of `contacts.yaml`; none when the file does not exist."""
    path = knowledge_dir / CONTACTS_FILE
    if not os.path.lexists(path):
        return []
    try:
        data = read_yaml(path, within=knowledge_dir)
    except YamlProblem as e:
        raise ContactsFileError(f"{path}: {e}") from None
    if not data:
        return []
    if not isinstance(data, dict) or set(data) != {"people"} or not isinstance(data["people"] or [], list):
        raise ContactsFileError(f"{path}: expected a top-level `people:` list and nothing else")
    return _parse_entries(path, data["people"] or [])


def _parse_entries(path: Path, entries: list) -> list[ContactDetails]:
    details: list[ContactDetails] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        detail = _parse_entry(path, number, entry)
        key = " ".join(detail.name.lower().split())
        if key in seen:
            raise ContactsFileError(f"{path}: entry {number} ({detail.name}) repeats entry {seen[key]}")
        seen[key] = number
        details.append(detail)
    return details


def _parse_entry(path: Path, number: int, entry) -> ContactDetails:
    if not isinstance(entry, dict):
        raise ContactsFileError(f"{path}: entry {number} must be a mapping with at least a `name`")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ContactsFileError(f"{path}: entry {number} needs a `name`")
    where = f"{path}: entry {number} ({name.strip()})"
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise ContactsFileError(f"{where}: unknown field `{unknown[0]}` (expected {', '.join(FIELDS)})")
    values = {}
    for key in TEXT_FIELDS:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise ContactsFileError(f"{where}: `{key}` must be text, got {type(value).__name__}")
        values[key] = (value or "").strip()
    if values["slack_user_id"] and not _SLACK_USER_ID.fullmatch(values["slack_user_id"]):
        raise ContactsFileError(f"{where}: `slack_user_id` {values['slack_user_id']!r} is not a Slack member id like U0123ABCD")
    for key in ("email", "teams_upn"):
        if values[key] and not _ADDRESS.fullmatch(values[key]):
            raise ContactsFileError(f"{where}: `{key}` {values[key]!r} is not an address like name@example.nhs.uk")
    topics = entry.get("topics") or []
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ContactsFileError(f"{where}: `topics` must be a list of text items")
    contactable = entry.get("contactable", True)
    if not isinstance(contactable, bool):
        raise ContactsFileError(f"{where}: `contactable` must be true or false, got {contactable!r}")
    return ContactDetails(
        name=name.strip(), topics=tuple(t.strip() for t in topics if t.strip()), contactable=contactable, **values
    )
