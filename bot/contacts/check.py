"""`peerbot contacts --check` (pure): people the documents name who are missing from the
directory, and contacts.yaml entries that no document names any more."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.contacts.directory import Directory
from index import HONORIFICS, Snapshot, name_forms

# "Dr Jane Smith", "Professor Sir Sam Jones": an honorific and two or more capitalised words
_TITLED_NAME = re.compile(
    r"\b(?:" + "|".join(sorted((h.capitalize() for h in HONORIFICS), key=len, reverse=True)) + r")\.?"
    r"(?:\s+(?:Sir|Dame))?(?:\s+[A-Z][a-z’'-]+){2,}"
)


@dataclass(frozen=True)
class Unlisted:
    name: str
    document_id: str


@dataclass(frozen=True)
class DirectoryCheck:
    unlisted: tuple[Unlisted, ...]  # named in a document (with a title, or as a quotation's speaker), not in the directory
    without_documents: tuple[str, ...]  # contacts.yaml names no document names

    @property
    def ok(self) -> bool:
        return not self.unlisted and not self.without_documents

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "missing": [{"name": u.name, "document": u.document_id} for u in self.unlisted],
            "without_documents": list(self.without_documents),
        }


def check_directory(directory: Directory, snapshot: Snapshot) -> DirectoryCheck:
    known = {form for person in directory.people.values() for form in name_forms(person.name)}
    unlisted: dict[tuple[str, str], Unlisted] = {}
    for passage in sorted(snapshot.passages.values(), key=lambda p: (p.document_id, p.position)):
        named = [m.group(0) for m in _TITLED_NAME.finditer(passage.text)]
        named += [q.name for q in snapshot.passage_quotes.get(passage.id, ()) if q.block and q.name]
        for name in named:
            if name not in known and directory.person(name) is None and (passage.document_id, name) not in unlisted:
                unlisted[(passage.document_id, name)] = Unlisted(name, passage.document_id)
    return DirectoryCheck(tuple(unlisted.values()), directory.unmatched_details)
