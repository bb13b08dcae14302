"""The contacts directory: the people and organisations of the corpus (document front matter,
read from the index) merged with the extra details in `knowledge/contacts.yaml` (built by
`bot.contacts.build`).

A person is one entry across documents (names compared without honorifics; two people of one name under
two organisations are two); an organisation is
one entry across documents (names compared without "NHS", "the", "&" and bracketed acronyms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from bot.answer import listed
from index import person_key, words

FUZZY_MATCH = 85  # rapidfuzz partial ratio at which a misspelt search still finds an entry


@lru_cache(maxsize=1 << 16)  # a directory keys each organisation and each person's organisation once
def organisation_key(name: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", name.lower().replace("&", " and "))
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in {"nhs", "the"})


@dataclass(frozen=True)
class PersonEntry:
    key: str
    name: str
    role: str = ""
    organisation: str = ""
    region: str = ""
    documents: tuple[str, ...] = ()  # ids of the documents that name them
    enablers: tuple[str, ...] = ()  # enabler ids of the passages that name them, most often first
    slack_user_id: str = ""
    email: str = ""
    teams_upn: str = ""
    topics: tuple[str, ...] = ()
    contactable: bool = True
    note: str = ""  # what a document says they do (front matter `note`)

    @property
    def affiliation(self) -> str:
        """"Role, organisation"."""
        return listed(self.role, self.organisation, separator=", ")

    def to_dict(self) -> dict:
        return {
            "name": self.name, "role": self.role, "organisation": self.organisation, "region": self.region,
            "note": self.note,
            "documents": list(self.documents), "enablers": list(self.enablers), "topics": list(self.topics),
            "slack_user_id": self.slack_user_id, "email": self.email, "teams_upn": self.teams_upn,
            "contactable": self.contactable,
        }


@dataclass(frozen=True)
class OrganisationEntry:
    key: str
    name: str
    region: str = ""
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # names of people in the directory who work there
    documents: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "name": self.name, "region": self.region, "aliases": list(self.aliases),
            "members": list(self.members), "documents": list(self.documents),
        }


@dataclass(frozen=True)
class Spoken:
    """A quotation attributed to a person, where it is in the corpus."""

    text: str
    document_id: str
    passage_id: int
    position: int  # the passage's place in its document
    section: str  # the passage's section heading
    lesson: str = ""  # the lesson's name (`bot.contacts.messages.lesson_name`), to say where the words are from


@dataclass
class Directory:
    people: dict[str, PersonEntry]  # by person_key ("name@organisation key" for one of two of that name)
    organisations: dict[str, OrganisationEntry]  # by organisation_key
    passage_people: dict[int, list[tuple[str, int]]] = field(default_factory=dict)  # passage -> [(key, distance)]
    document_organisations: dict[str, list[str]] = field(default_factory=dict)  # document -> organisation keys
    unmatched_details: tuple[str, ...] = ()  # contacts.yaml names that no document names
    quotations: dict[str, tuple[Spoken, ...]] = field(default_factory=dict)  # person_key -> their words, in corpus order
    positions: dict[int, int] = field(default_factory=dict)  # passage id -> its place in its document
    narrators: frozenset[str] = frozenset()  # person keys named in most of a lesson's passages (`narrators`)

    def person(self, name: str) -> PersonEntry | None:
        """The person of that name; of two people of one name (`build.entry_keys`), the first by organisation."""
        key = person_key(name)
        return self.people.get(key) or next(
            (self.people[k] for k in sorted(self.people) if k.startswith(f"{key}@")), None)

    def people_in_passage(self, passage_id: int) -> list[tuple[PersonEntry, int]]:
        """The people a passage names (distance 0) or borrows from the passages nearest it."""
        return [(self.people[key], distance) for key, distance in self.passage_people.get(passage_id, [])]

    def names_people(self, document_id: str) -> bool:
        """Whether the document names anyone in the directory."""
        return document_id in self._documents_naming_people

    @cached_property
    def _documents_naming_people(self) -> frozenset[str]:
        return frozenset(doc_id for person in self.people.values() for doc_id in person.documents)

    def organisations_of(self, document_id: str) -> list[OrganisationEntry]:
        """The document's organisations in front-matter order."""
        return [self.organisations[key] for key in self.document_organisations.get(document_id, [])]

    def search(self, query: str) -> tuple[list[PersonEntry], list[OrganisationEntry]]:
        """Everyone (by name) when the query is empty; else the entries it matches, best first."""
        people = sorted(self.people.values(), key=lambda p: person_key(p.name))
        organisations = sorted(self.organisations.values(), key=lambda o: o.key)
        wanted = words(query)
        if not wanted:
            return people, organisations

        def ranked(entries, fields):
            scored = [(_match(wanted, words(" ".join(fields(e)))), e) for e in entries]
            return [e for score, e in sorted(scored, key=lambda s: -s[0]) if score]

        return (
            ranked(people, lambda p: (p.name, p.role, p.organisation, p.region, *p.topics, *p.enablers, *p.documents)),
            ranked(organisations, lambda o: (o.name, o.region, *o.aliases, *o.members, *o.documents)),
        )


def _match(query: str, haystack: str) -> float:
    """2 when every query word starts a word of the entry, 1 for a close misspelling, else 0."""
    words = haystack.split()
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 2.0
    if len(query) >= 4 and fuzz.partial_ratio(query, haystack) >= FUZZY_MATCH:
        return 1.0
    return 0.0
