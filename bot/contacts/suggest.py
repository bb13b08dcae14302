"""Suggesting contacts from the directory: the people (or organisations) behind the passages
that answer a question or speak to an enabler. People marked `contactable: false` are never
suggested; their published words are still cited.

Each contact comes with a reason built from metadata alone (role, organisation, the front
matter's note, the lesson and section that describe their work,
and that of their words shown with them when another lesson's), never a sentence of the passage nor a
quotation, and with
their own words when a quotation is attributed to them that the answer does not already show: the
nearest to the passage that credits them, in its lesson first; none when each of theirs is shown above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.answer import Contact, Snippet, listed, whole_sentences
from bot.contacts import messages
from bot.contacts.directory import Directory, PersonEntry, Spoken, organisation_key
from index import mentions, name_forms

MAX_CONTACTS = 5
MAX_QUOTE_CHARS = 300  # a contact's quotation is cut at a sentence end after this many characters
NAMED_IN_QUESTION_BONUS = 3.0
TOPIC_BONUS = 0.5  # the person lists a topic (contacts.yaml) that the question names
# an answer's people come from its first three excerpts: those only the 4th or 5th names were unrelated to the
# question 3 times in 4, and no expected contact needed them (benchmarks/contact_frequency.py, BENCHMARKS.md)
CREDITING_SNIPPETS = 3


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


def suggest_contacts(question: str, snippets: list[Snippet], directory: Directory, limit: int = MAX_CONTACTS,
                     searched: str = "", crediting: int | None = None) -> list[Contact]:
    """Rank the directory's people named in (or next to) the cited passages, earlier snippets
    weighing more; a document naming nobody gives its organisation instead. Those who work in a
    place or organisation the question names ("who can I talk to in Greater Manchester about …"),
    as asked or as `searched` (spelling corrected: "Greater Manchster"), come first; a person the
    question names leads; one happy to be asked about a topic it names moves up. Only the first
    `crediting` snippets (all when None) bring people in, and then a lesson's narrator only the first
    or one showing their words (`_only_narrates`), but for those the question names or whose place it
    names; the rest still keep their words from repeating."""
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
    asked = [question, *([searched] if searched and searched != question else [])]
    kept = []
    for c in candidates.values():
        named = c.is_person and any(_names(question, form) for form in name_forms(c.name))
        in_place = any(names_place(text, c.places) for text in asked)
        rank = snippets.index(c.first)
        later = crediting is not None and (rank >= crediting or rank > 0 and _only_narrates(c, directory))
        if later and not (named or in_place):
            continue  # only a later excerpt names them (or only as its lesson's narrator), and the question does not ask for them
        c.score += NAMED_IN_QUESTION_BONUS * named
        if any(mentions(question, topic, ignore_case=True) for topic in c.topics):
            c.score += TOPIC_BONUS
        kept.append((not in_place, -c.score, c))
    ranked = [c for *_, c in sorted(kept, key=lambda k: k[:2])][:limit]
    return [_contact(c, snippets, directory) for c in ranked]


def credited_organisations(snippets: Sequence[Snippet], directory: Directory, known: Iterable[str] = ()) -> list[Contact]:
    """The organisations the snippets' lessons are about (each lesson's first), but those `known`."""
    seen = set(known)
    found = []
    for snippet in snippets:
        for org in directory.organisations_of(snippet.document.id)[:1]:
            if org.name not in seen:
                seen.add(org.name)
                lesson = messages.lesson_name(snippet.document.title, snippet.document.publisher)
                reason = messages.organisation_reason(org.region, lesson, snippet.section)
                found.append(Contact(org.name, "", org.region or snippet.document.publisher, reason,
                                     (snippet.document.id,), False))
    return found


# words of an organisation's name that say what it is, not where ("Leeds Teaching Hospitals NHS Trust")
_KIND_WORDS = frozenset("""nhs the royal united teaching general university hospital hospitals health healthcare care
    social mental community primary partnership foundation trust trusts district town group network integrated
    ics icb pcn system collaborative alliance services service ambulance council board and of for""".split())


def places(organisation: str, *regions: str) -> tuple[str, ...]:
    """The places and organisations that an organisation and its regions (and aliases) stand for,
    to look for in a question: each name whole, and the places in it (`_places_in`)."""
    found = [organisation.strip(), *_places_in(organisation, region=False)]
    for region in regions:
        found += [region.strip(), *_places_in(region, region=True)]
    return tuple(dict.fromkeys(p for p in found if p))


def _places_in(name: str, region: bool) -> list[str]:
    """The places a name holds: split at ";", ",", " and " and brackets, each part's first run of
    words that do not say what kind of body it is ("Greater Manchester Health and Care
    Partnership": "Greater Manchester"; "The Dudley Group": "Dudley"; "... Wiltshire (BSW)":
    "Wiltshire", "BSW"). A region (`region`) is a list of places, every part a place; an
    organisation's name, once a part has said what kind of body it is, goes on describing that
    body ("West Yorkshire Mental Health, Learning Disability and Autism Services": not the places
    "Learning Disability" or "Autism") until " and " after a kind word starts another body
    ("Northampton General Hospital NHS Trust and Kettering General Hospital"); a part in brackets
    ("(MHLDA)") is the body's short name, a place to look for whatever its place in the name."""
    found: list[str] = []
    describing = False  # within a body's description: its kind said, no other body started since
    bracketed = False
    before: list[str] = []  # the words of the part before
    pieces = _SEPARATORS.split(name)  # parts, with the separator between each two
    for i in range(0, len(pieces), 2):
        separator = pieces[i - 1].strip().lower() if i else ""
        bracketed = separator == "(" or (bracketed and separator != ")")
        words = pieces[i].split()
        another_body = separator == "and" and bool(before) and before[-1].lower() in _KIND_WORDS
        before = words
        if describing and not bracketed and not another_body:
            continue
        start = next((k for k, w in enumerate(words) if w.lower() not in _KIND_WORDS), len(words))
        end = next((k for k in range(start, len(words)) if words[k].lower() in _KIND_WORDS), len(words))
        found.append(" ".join(words[start:end]))
        if not region and not bracketed:
            describing = end < len(words)
    return found


_SEPARATORS = re.compile(r"(\s*[;,()]\s*|\s+and\s+)")


def names_place(question: str, where: Iterable[str]) -> bool:
    """Whether the question names one of the places: as whole words, ignoring case, a hyphen or dash
    for a space and "&" for "and" ("north-east london", "Kent & Medway"); an acronym, "BSW", in
    capitals only."""
    text = _variant(question)
    return any(mentions(text, _variant(place), ignore_case=not place.isupper()) for place in where)


def _variant(text: str) -> str:
    return _AMPERSAND.sub(" and ", _JOINED.sub(" ", text))


_JOINED = re.compile(r"(?<=\w)[-‐‑–—](?=\w)")
_AMPERSAND = re.compile(r"\s*&\s*")


def _only_narrates(c: _Candidate, directory: Directory) -> bool:
    """Whether the candidate is their lesson's narrator (`Directory.narrators`: "Cathy and Keir tell us …")
    and the excerpt that credits them does not show their own words: their name there says who reported
    the lesson, not that the question is about their work."""
    return c.key in directory.narrators and not any(
        s.passage_id == c.first.passage_id for s in directory.quotations.get(c.key, ()))


def _credit(candidate: _Candidate, amount: float, snippet: Snippet) -> None:
    candidate.score += amount
    if snippet.document.id not in candidate.document_ids:
        candidate.document_ids.append(snippet.document.id)


def _contact(c: _Candidate, snippets: list[Snippet], directory: Directory) -> Contact:
    snippet = c.first
    lesson = messages.lesson_name(snippet.document.title, snippet.document.publisher)
    if not c.is_person:
        org = directory.organisations.get(c.key)  # its own region only: `organisation` falls back to the publisher
        reason = messages.organisation_reason(org.region if org else "", lesson, snippet.section)
        return Contact(c.name, c.role, c.organisation, reason, tuple(c.document_ids), False)
    words = own_words(c.key, directory, snippet, shown=snippets)
    nearest = own_words(c.key, directory, snippet)
    person = directory.people.get(c.key) or PersonEntry(c.key, c.name)
    in_lesson = [s for s in directory.quotations.get(c.key, ()) if s.document_id == snippet.document.id]
    section = snippet.section
    if in_lesson:  # the section that quotes them, where the lesson describes them: that of the words shown, when in it
        section = (words if words and words.document_id == snippet.document.id else _nearest(in_lesson, directory, snippet)).section
    quoted = words or nearest  # the words shown with them: from another lesson, the reason names it too
    elsewhere = (quoted.lesson, quoted.section) if quoted and quoted.document_id != snippet.document.id else None
    reason = messages.person_reason(listed(c.role, c.organisation, separator=", "), person.note, lesson, section,
                                    elsewhere)
    quote = whole_sentences(words.text, MAX_QUOTE_CHARS) if words else ""
    return Contact(c.name, c.role, c.organisation, reason, tuple(c.document_ids), True, quote,
                   whole_sentences(nearest.text, MAX_QUOTE_CHARS) if nearest else "")


def own_words(key: str, directory: Directory, credited_by: Snippet, shown: Sequence[Snippet] = ()) -> Spoken | None:
    """The person's own words: the quotation attributed to them nearest the passage that credits
    them, among those no snippet in `shown` shows (in whole or in part); None when there is none."""
    spoken = [s for s in directory.quotations.get(key, ()) if not any(snippet.shows(s.text) for snippet in shown)]
    return _nearest(spoken, directory, credited_by) if spoken else None


def _nearest(spoken: Sequence[Spoken], directory: Directory, credited_by: Snippet) -> Spoken:
    """The quotation nearest the passage that credits the person: in its lesson first."""
    here = directory.positions.get(credited_by.passage_id, 0)
    return min(spoken, key=lambda s: (s.document_id != credited_by.document.id, abs(s.position - here)))


def _names(text: str, form: str) -> bool:
    """Whole-word match; a single name ("Wake", "Field") must keep its capital."""
    return mentions(text, form, ignore_case=" " in form)
