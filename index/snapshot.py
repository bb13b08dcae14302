"""An in-memory, read-only view of the served index: documents, passages, people, quotations and links.

Loaded once per process, so answering a question touches SQLite only for the FTS5 query.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from index.quotes import Quotation
from index.store import IndexStore
from index.store_readers import StoredPassage


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    publisher: str
    url: str
    published: str
    region: str
    organisations: tuple[str, ...]
    aliases: tuple[str, ...]
    enablers: tuple[str, ...]
    first_seen: str
    updated_at: str


@dataclass(frozen=True)
class PersonInfo:
    id: int
    document_id: str
    name: str
    role: str
    organisation: str
    note: str = ""


@dataclass(frozen=True)
class EnablerLink:
    enabler_id: str
    source: str
    score: float


@dataclass
class Snapshot:
    meta: dict[str, str]
    documents: dict[str, DocumentInfo]
    passages: dict[int, StoredPassage]
    people: dict[int, PersonInfo]
    passage_people: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # chunk -> [(person, distance)]
    passage_enablers: dict[int, list[EnablerLink]] = field(default_factory=dict)
    passage_quotes: dict[int, tuple[Quotation, ...]] = field(default_factory=dict)  # chunk -> quotations in order

    @classmethod
    def load(cls, store: IndexStore) -> Snapshot:
        documents = {
            r["id"]: DocumentInfo(
                id=r["id"], title=r["title"], publisher=r["publisher"], url=r["url"], published=r["published"],
                region=r["region"], organisations=tuple(json.loads(r["organisations"])),
                aliases=tuple(json.loads(r["aliases"])), enablers=tuple(json.loads(r["enablers"])),
                first_seen=r["first_seen"], updated_at=r["updated_at"],
            )
            for r in store.document_rows().values()
        }
        people = {
            r["id"]: PersonInfo(r["id"], r["document_id"], r["name"], r["role"], r["organisation"], r["note"])
            for r in store.people_rows()
        }
        passage_people: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for passage_id, person_id, distance in store.passage_people():
            passage_people[passage_id].append((person_id, distance))
        passage_enablers: dict[int, list[EnablerLink]] = defaultdict(list)
        for r in store.link_rows():
            passage_enablers[r["chunk_id"]].append(EnablerLink(r["enabler_id"], r["source"], r["score"]))
        passage_quotes: dict[int, list[Quotation]] = defaultdict(list)
        for r in store.quotation_rows():
            passage_quotes[r["chunk_id"]].append(Quotation(
                r["start"], r["end"], r["span_start"], r["span_end"], r["text"], r["name"], r["role"],
                r["organisation"], bool(r["block"]),
            ))
        snapshot = cls(
            meta=store.meta(),
            documents=documents,
            passages={p.id: p for p in store.passages()},
            people=people,
            passage_people=dict(passage_people),
            passage_enablers=dict(passage_enablers),
            passage_quotes={k: tuple(v) for k, v in passage_quotes.items()},
        )
        if (missing := snapshot._dangling(store.passage_count())) is not None:
            raise ValueError(f"index.db's rows refer to {missing} that are not there")
        return snapshot

    def _dangling(self, stored_passages: int) -> str | None:
        """What rows refer to that the database does not hold (rows deleted behind its checksums:
        the first answer failed looking them up), or None."""
        if len(self.passages) != stored_passages or any(p.document_id not in self.documents for p in self.passages.values()):
            return "documents"
        if any(p.document_id not in self.documents for p in self.people.values()):
            return "documents"
        linked = (*self.passage_people, *self.passage_enablers, *self.passage_quotes)
        if any(passage not in self.passages for passage in linked):
            return "passages"
        if any(person not in self.people for links in self.passage_people.values() for person, _ in links):
            return "people"
        return None

    @cached_property
    def enabler_passages(self) -> dict[str, dict[int, EnablerLink]]:
        """Enabler id -> {passage id: the link}, in passage order (gathered once, on first use)."""
        found: dict[str, dict[int, EnablerLink]] = defaultdict(dict)
        for passage_id, links in self.passage_enablers.items():
            for link in links:
                found[link.enabler_id][passage_id] = link
        return dict(found)

    def names(self) -> list[str]:
        """The corpus's proper names, as written: its documents' organisations, regions, aliases and
        publishers, and its people's names and organisations (a region's parts apart: "A; B")."""
        found = [name for d in self.documents.values() for name in (*d.organisations, *d.aliases, d.publisher)]
        found += [part for d in self.documents.values() for part in d.region.split(";")]
        found += [name for p in self.people.values() for name in (p.name, p.organisation)]
        return [name.strip() for name in found if name.strip()]

    def lesson_counts(self) -> dict[str, int]:
        """How many lessons (documents) have a passage linked to each enabler (the digest's enablers
        with any lesson to feature; "N lessons" also counts those a summary cites: EnablerGuide)."""
        return {enabler_id: len({self.passages[p].document_id for p in links})
                for enabler_id, links in self.enabler_passages.items()}
