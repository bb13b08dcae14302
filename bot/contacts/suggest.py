"""Suggesting contacts from the directory: the people (or organisations) behind the passages
that answer a question or speak to an enabler. People marked `contactable: false` are never
suggested; their published words are still cited.

Each contact comes with a reason built from metadata alone (role, organisation, the front
matter's note, the lesson and section that name them), never a sentence of the passage, and with
their own words when a quotation is attributed to them: one in the cited passages if there is
one, else the nearest in the lesson that names them, else any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot import messages
from bot.answer import QUOTE, Contact, Segment, Snippet, listed, whole_sentences
from bot.contacts.directory import Directory, PersonEntry, Spoken, organisation_key
from index import mentions, name_forms, person_key

MAX_CONTACTS = 5
MAX_QUOTE_CHARS = 300  # a contact's quotation is cut at a sentence end after this many characters
NAMED_IN_QUESTION_BONUS = 3.0
TOPIC_BONUS = 0.5  # the person lists a topic (contacts.yaml) that the question names


@dataclass
class _Candidate:
    key: str
    name: str
    role: str
    organisation: str
    is_person: bool
    first: Snippet  # the best-ranked snippet that credits them
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # where they work: organisation, its aliases, regions (`places`)
    score: float = 0.0
    document_ids: list[str] = field(default_factory=list)


def suggest_contacts(question: str, snippets: list[Snippet], directory: Directory, limit: int = MAX_CONTACTS) -> list[Contact]:
    """Rank the directory's people named in (or next to) the cited passages, earlier snippets
    weighing more; a document naming nobody gives its organisation instead. Those who work in a
    place or organisation the question names ("who can I talk to in Greater Manchester about …")
    come first; a person the question names leads; one happy to be asked about a topic it names
    moves up."""
    candidates: dict[str, _Candidate] = {}
    for rank, snippet in enumerate(snippets):
        weight = 1.0 / (1 + rank)
        doc_id = snippet.document.id
        linked = directory.people_in_passage(snippet.passage_id)
        if not linked and not directory.names_people(doc_id):
            for org in directory.organisations_of(doc_id)[:1]:
                c = candidates.setdefault(f"org:{org.key}", _Candidate(
                    org.key, org.name, "", org.region or snippet.document.publisher, False, snippet,
                    places=places(org.name, org.region, *org.aliases)))
                _credit(c, weight, snippet)
            continue
        for person, distance in linked:
            if person.contactable:
                home = directory.organisations.get(organisation_key(person.organisation)) if person.organisation else None
                c = candidates.setdefault(person.key, _Candidate(
                    person.key, person.name, person.role, person.organisation, True, snippet, person.topics,
                    places(person.organisation, person.region, *((home.region, *home.aliases) if home else ()))))
                _credit(c, weight / (1 + distance), snippet)
    for c in candidates.values():
        if c.is_person and any(_names(question, form) for form in name_forms(c.name)):
            c.score += NAMED_IN_QUESTION_BONUS
        if any(mentions(question, topic, ignore_case=True) for topic in c.topics):
            c.score += TOPIC_BONUS
    ranked = sorted(candidates.values(), key=lambda c: (not names_place(question, c.places), -c.score))[:limit]
    return [_contact(c, snippets, directory) for c in ranked]


# words of an organisation's name that say what it is, not where ("Leeds Teaching Hospitals NHS Trust")
_KIND_WORDS = frozenset("""nhs the royal united teaching general university hospital hospitals health healthcare care
    social mental community primary partnership foundation trust trusts district town group network integrated
    ics icb pcn system collaborative alliance services service ambulance council board and of for""".split())


def places(*names: str) -> tuple[str, ...]:
    """The places and organisations that `names` (an organisation, regions, aliases) stand for, to
    look for in a question: each name, and the place of each of its parts (split at ";", ",",
    " and ", brackets): the part's first run of words that do not say what kind of body it is
    ("Greater Manchester Health and Care Partnership": "Greater Manchester"; "The Dudley Group":
    "Dudley"; "... Wiltshire (BSW)": "Wiltshire", "BSW")."""
    found: list[str] = []
    for name in names:
        found.append(name.strip())
        for part in re.split(r"[;,()]|\s+and\s+", name):
            words = part.split()
            start = next((i for i, w in enumerate(words) if w.lower() not in _KIND_WORDS), len(words))
            end = next((i for i in range(start, len(words)) if words[i].lower() in _KIND_WORDS), len(words))
            found.append(" ".join(words[start:end]))
    return tuple(dict.fromkeys(p for p in found if p))


def names_place(question: str, where: Iterable[str]) -> bool:
    """Whether the question names one of the places (whole words; an acronym, "BSW", in capitals only)."""
    return any(mentions(question, place, ignore_case=not place.isupper()) for place in where)


def _credit(candidate: _Candidate, amount: float, snippet: Snippet) -> None:
    candidate.score += amount
    if snippet.document.id not in candidate.document_ids:
        candidate.document_ids.append(snippet.document.id)


def _contact(c: _Candidate, snippets: list[Snippet], directory: Directory) -> Contact:
    snippet = c.first
    lesson = messages.lesson_name(snippet.document.title, snippet.document.publisher)
    if not c.is_person:
        reason = messages.organisation_reason(c.organisation, lesson, snippet.section)
        return Contact(c.name, c.role, c.organisation, reason, tuple(c.document_ids), False)
    words = own_words(c.key, snippets, directory, snippet)
    person = directory.people.get(c.key) or PersonEntry(c.key, c.name)
    in_lesson = [s for s in directory.quotations.get(c.key, ()) if s.document_id == snippet.document.id]
    section = snippet.section
    if in_lesson:  # "Quoted in" names a section that quotes them: that of the words shown, when in this lesson
        section = (words if words and words.document_id == snippet.document.id else _nearest(in_lesson, directory, snippet)).section
    who = listed(c.role, c.organisation, separator=", ")
    reason = messages.person_reason(who, person.note, bool(in_lesson), lesson, section)
    quote = whole_sentences(words.text, MAX_QUOTE_CHARS) if words else ""
    return Contact(c.name, c.role, c.organisation, reason, tuple(c.document_ids), True, quote)


def own_words(key: str, snippets: list[Snippet], directory: Directory, credited_by: Snippet) -> Spoken | None:
    """The person's own words, a quotation attributed to them: the first one the cited snippets
    show, else the one nearest the passage that credits them."""
    for snippet in snippets:
        for segment in _quotes_by(key, snippet):
            return Spoken(segment.text, snippet.document.id, snippet.passage_id,
                          directory.positions.get(snippet.passage_id, 0), snippet.section)
    spoken = directory.quotations.get(key, ())
    return _nearest(spoken, directory, credited_by) if spoken else None


def _nearest(spoken: Sequence[Spoken], directory: Directory, credited_by: Snippet) -> Spoken:
    """The quotation nearest the passage that credits the person: in its lesson first."""
    here = directory.positions.get(credited_by.passage_id, 0)
    return min(spoken, key=lambda s: (s.document_id != credited_by.document.id, abs(s.position - here)))


def _quotes_by(key: str, snippet: Snippet) -> list[Segment]:
    return [s for s in snippet.segments if s.kind == QUOTE and s.speaker and person_key(s.speaker.name) == key]


def _names(text: str, form: str) -> bool:
    """Whole-word match; a single name ("Wake", "Field") must keep its capital."""
    return mentions(text, form, ignore_case=" " in form)
