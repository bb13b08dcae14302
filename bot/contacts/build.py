"""The contacts directory built from an index snapshot: its people and organisations, the people
each passage names, their attributed quotations and the lessons' narrators, with contacts.yaml's
details merged in by name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from bot.contacts.directory import Directory, OrganisationEntry, PersonEntry, Spoken, organisation_key
from bot.contacts.file import ContactDetails
from bot.contacts.messages import lesson_name
from index import DocumentInfo, Snapshot, person_key, words

NARRATOR_SHARE = 0.5  # a lesson's narrator is named in at least this share of its passages ...
MIN_NARRATED = 4  # ... and to this many at least (benchmarks/contact_frequency.py, BENCHMARKS.md)


def build_directory(snapshot: Snapshot, details: Iterable[ContactDetails] = ()) -> Directory:
    """The directory of an index snapshot, with contacts.yaml's details merged in by name."""
    keys = entry_keys(snapshot)
    people = _people(snapshot, keys)
    listed_at = {key: entry.organisation for key, entry in people.items()}  # as the documents list them
    passage_people: dict[int, list[tuple[str, int]]] = {}
    for passage_id, found in snapshot.passage_people.items():
        nearest: dict[str, int] = {}
        for person_id, distance in found:
            key = keys[person_id]
            nearest[key] = min(distance, nearest.get(key, distance))
        passage_people[passage_id] = sorted(nearest.items(), key=lambda item: item[1])
    unmatched = []
    for detail in details:
        key = _entry_for(person_key(detail.name), detail.organisation, listed_at) or person_key(detail.name)
        if key not in people:
            unmatched.append(detail.name)
            people[key] = PersonEntry(key, detail.name)
        people[key] = _with_details(people[key], detail)
    organisations, document_organisations = _organisations(snapshot, people)
    return Directory(people, organisations, passage_people, document_organisations, tuple(unmatched),
                     _quotations(snapshot, keys, listed_at), {p.id: p.position for p in snapshot.passages.values()},
                     narrators(snapshot, passage_people))


def entry_keys(snapshot: Snapshot) -> dict[int, str]:
    """Each listed person's directory key: their name's `person_key`, one entry across documents; but for a name
    the documents list under two or more organisations (two people of one name), the name and the organisation
    ("sarah jones@hillbrook hospitals trust"), so each has their own entry, role and words. Organisations one of
    whose names is a run of the other's words ("Lenham Health", "Lenham Health NHS Foundation Trust") are one."""
    homes: dict[str, list[str]] = {}  # person key -> organisation keys, in document order
    for info in sorted(snapshot.people.values(), key=lambda p: (p.document_id, p.id)):
        org = organisation_key(info.organisation)
        known = homes.setdefault(person_key(info.name), [])
        if org and not any(_same_organisation(org, other) for other in known):
            known.append(org)
    keys = {}
    for person_id, info in snapshot.people.items():
        name, org = person_key(info.name), organisation_key(info.organisation)
        known = homes[name]
        home = next((other for other in known if org and _same_organisation(org, other)), "")
        keys[person_id] = f"{name}@{home}" if len(known) > 1 and home else name
    return keys


def _same_organisation(one: str, other: str) -> bool:
    return f" {one} " in f" {other} " or f" {other} " in f" {one} "


def _entry_for(name: str, organisation: str, listed_at: dict[str, str]) -> str | None:
    """The directory key of the person of this `person_key` and organisation: the name's one entry, or, when the
    name is two people's, the one under that organisation (None when it is neither or unknown)."""
    if name in listed_at:
        return name
    org = organisation_key(organisation)
    found = [key for key in listed_at if key.startswith(f"{name}@") and org
             and _same_organisation(org, organisation_key(listed_at[key]))]
    return found[0] if len(found) == 1 else None


def narrators(snapshot: Snapshot, passage_people: dict[int, list[tuple[str, int]]]) -> frozenset[str]:
    """The people a lesson names in at least `NARRATOR_SHARE` of its passages, and in
    `MIN_NARRATED` or more: those who tell the lesson ("Cathy and Keir tell us …"), whose name beside a
    passage says who reported it, not that the passage is their own work."""
    sizes = Counter(p.document_id for p in snapshot.passages.values())
    linked = Counter((snapshot.passages[pid].document_id, key) for pid, found in passage_people.items()
                     if pid in snapshot.passages for key, distance in found if distance == 0)
    return frozenset(key for (doc, key), n in linked.items() if n >= max(MIN_NARRATED, NARRATOR_SHARE * sizes[doc]))


def _quotations(snapshot: Snapshot, keys: dict[int, str], listed_at: dict[str, str]) -> dict[str, tuple[Spoken, ...]]:
    """Every attributed quotation, by the speaker's directory key (`entry_keys`; read once, when the directory is
    built), except a namesake's: words whose speaker is under another organisation (as their document's front
    matter lists them, else as the quotation's line credits them) than the one the directory's entry for
    that name has from the documents (`listed_at`), whose row must not show the other's words. Either
    organisation unknown, the words are kept; a name that is two people's entries, unknown, no one's."""
    in_document = {(p.document_id, person_key(p.name)): p for p in snapshot.people.values()}
    spoken: dict[str, list[Spoken]] = {}
    for passage in sorted(snapshot.passages.values(), key=lambda p: (p.document_id, p.position)):
        for q in snapshot.passage_quotes.get(passage.id, ()):
            name = person_key(q.name) if q.name else ""
            listed = in_document.get((passage.document_id, name))
            key = keys[listed.id] if listed else _entry_for(name, q.organisation, listed_at) or name
            theirs = organisation_key(listed.organisation if listed and listed.organisation else q.organisation)
            entry = organisation_key(listed_at.get(key, ""))
            if theirs and entry and not _same_organisation(theirs, entry):
                continue
            if q.name and q.text:
                spoken.setdefault(key, []).append(
                    Spoken(q.text, passage.document_id, passage.id, passage.position, passage.section,
                           lesson_name(snapshot.documents[passage.document_id].title,
                                       snapshot.documents[passage.document_id].publisher)))
    return {key: tuple(found) for key, found in spoken.items()}


def _people(snapshot: Snapshot, keys: dict[int, str]) -> dict[str, PersonEntry]:
    people: dict[str, PersonEntry] = {}
    named: dict[str, list[int]] = {}  # directory key -> passages naming them
    for passage_id, found in snapshot.passage_people.items():
        for person_id, distance in found:
            if distance == 0:
                named.setdefault(keys[person_id], []).append(passage_id)
    for info in sorted(snapshot.people.values(), key=lambda p: (p.document_id, p.id)):
        key = keys[info.id]
        entry = people.get(key) or PersonEntry(key, info.name)
        people[key] = replace(
            entry,
            role=entry.role or info.role,
            organisation=entry.organisation or info.organisation,
            note=entry.note or info.note,
            documents=tuple(dict.fromkeys((*entry.documents, info.document_id))),
        )
    for key, entry in people.items():
        passages = named.get(key, [])
        links = Counter(link.enabler_id for pid in passages for link in snapshot.passage_enablers.get(pid, []))
        clues = [entry.organisation, *(snapshot.passages[pid].text for pid in passages)]
        regions = (region_part(snapshot.documents[doc].region, clues) for doc in entry.documents)
        people[key] = replace(
            entry,
            enablers=tuple(sorted(links, key=lambda e: (-links[e], e))),
            region=next((r for r in regions if r), ""),
        )
    return people


def _with_details(entry: PersonEntry, detail: ContactDetails) -> PersonEntry:
    return replace(
        entry,
        role=detail.role or entry.role,
        organisation=detail.organisation or entry.organisation,
        region=detail.region or entry.region,
        slack_user_id=detail.slack_user_id,
        email=detail.email,
        teams_upn=detail.teams_upn,
        topics=detail.topics,
        contactable=detail.contactable,
    )


def region_part(region: str, clues: list[str]) -> str:
    """A document's region, or the one of its ";"-separated regions that the clues mention."""
    parts = [p.strip() for p in region.split(";") if p.strip()]
    if len(parts) <= 1:
        return region.strip()
    text = " ".join(clues).lower()
    return next((p for p in parts if p.lower() in text), "")


def _organisations(
    snapshot: Snapshot, people: dict[str, PersonEntry]
) -> tuple[dict[str, OrganisationEntry], dict[str, list[str]]]:
    organisations: dict[str, OrganisationEntry] = {}
    by_document: dict[str, list[str]] = {}
    for doc in sorted(snapshot.documents.values(), key=lambda d: d.id):
        for name in doc.organisations:
            key = organisation_key(name)
            entry = organisations.get(key) or OrganisationEntry(key, name)
            organisations[key] = replace(
                entry,
                region=entry.region or region_part(doc.region, [name]),
                aliases=tuple(dict.fromkeys((*entry.aliases, *_aliases_of(name, doc)))),
                documents=tuple(dict.fromkeys((*entry.documents, doc.id))),
            )
            by_document.setdefault(doc.id, []).append(key)
    for person in people.values():
        if not person.organisation:
            continue
        homes = _homes(person.organisation, organisations)
        if not homes:
            key = organisation_key(person.organisation)
            homes = [organisations.get(key) or OrganisationEntry(key, person.organisation, person.region,
                                                                  documents=person.documents)]
        for home in homes:
            organisations[home.key] = replace(home, members=tuple(dict.fromkeys((*home.members, person.name))))
    return organisations, by_document


def _homes(person_organisation: str, organisations: dict[str, OrganisationEntry]) -> list[OrganisationEntry]:
    """The organisations a person's organisation is (or, like "A and B", includes): those whose key
    is a run of whole words of its key, looked up by each run (not by scanning every organisation)."""
    parts = organisation_key(person_organisation).split()
    runs = {" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)} if parts else {""}
    return [organisations[run] for run in runs if run in organisations]


def _aliases_of(name: str, doc: DocumentInfo) -> list[str]:
    """The document's aliases that belong to this organisation. An alias belongs to the first of
    the document's organisations it is the initials of or that starts with it, else the first
    whose name contains it ("West Yorkshire" is the MHLDA collaborative, not South West Yorkshire)."""
    def owner(alias: str) -> str | None:
        ranked = sorted(
            (rank, i, org) for i, org in enumerate(doc.organisations) if (rank := _abbreviates(alias, org)) is not None
        )
        return ranked[0][2] if ranked else None

    return [alias for alias in doc.aliases if alias != name and owner(alias) == name]


def _abbreviates(alias: str, organisation: str) -> int | None:
    """0 when `alias` is the organisation's initials or starts its name, 1 when inside it, else None."""
    whole, short = f" {words(organisation.replace('&', 'and'))} ", f" {words(alias.replace('&', 'and'))} "
    capitals = [w for w in re.findall(r"[A-Za-z]+", organisation) if w[0].isupper()]
    initials = {"".join(w[0] for w in capitals), "".join(w[0] for w in capitals if w != "NHS")}
    if (alias.isupper() and alias in initials) or whole.startswith(short):
        return 0
    return 1 if short in whole else None
