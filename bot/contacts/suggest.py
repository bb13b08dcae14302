"""Suggesting contacts from the directory: the people (or organisations) behind the passages
that answer a question or speak to an enabler. People marked `contactable: false` are never
suggested; their published words are still cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer import Contact, Snippet
from bot.contacts.directory import Directory, person_key
from index.chunking import split_sentences
from index.mentions import name_forms

__all__ = ["person_key", "reason_line", "suggest_contacts"]

MAX_CONTACTS = 5
MAX_REASON_CHARS = 220
NAMED_IN_QUESTION_BONUS = 3.0
TOPIC_BONUS = 0.5  # the person lists a topic (contacts.yaml) that the question names


@dataclass
class _Candidate:
    name: str
    role: str
    organisation: str
    is_person: bool
    topics: tuple[str, ...] = ()
    score: float = 0.0
    reason: str = ""
    document_ids: list[str] = field(default_factory=list)


def suggest_contacts(question: str, snippets: list[Snippet], directory: Directory, limit: int = MAX_CONTACTS) -> list[Contact]:
    """Rank the directory's people named in (or next to) the cited passages, earlier snippets
    weighing more; a document naming nobody gives its organisation instead. A person the
    question names leads; one happy to be asked about a topic it names moves up."""
    candidates: dict[str, _Candidate] = {}
    for rank, snippet in enumerate(snippets):
        weight = 1.0 / (1 + rank)
        doc_id = snippet.document.id
        linked = directory.people_in_passage(snippet.passage_id)
        if not linked and not any(doc_id in p.documents for p in directory.people.values()):
            for org in directory.organisations_of(doc_id)[:1]:
                c = candidates.setdefault(f"org:{org.key}", _Candidate(
                    org.name, "", org.region or snippet.document.publisher, False))
                _credit(c, weight, snippet, org.name, doc_id)
            continue
        for person, distance in linked:
            if person.contactable:
                c = candidates.setdefault(person.key, _Candidate(
                    person.name, person.role, person.organisation, True, person.topics))
                _credit(c, weight / (1 + distance), snippet, person.name, doc_id)
    for c in candidates.values():
        if c.is_person and any(_names(question, form) for form in name_forms(c.name)):
            c.score += NAMED_IN_QUESTION_BONUS
        if any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", question, re.I) for t in c.topics):
            c.score += TOPIC_BONUS
    ranked = sorted(candidates.values(), key=lambda c: -c.score)[:limit]
    return [Contact(c.name, c.role, c.organisation, c.reason, tuple(c.document_ids), c.is_person) for c in ranked]


def _credit(candidate: _Candidate, amount: float, snippet: Snippet, name: str, document_id: str) -> None:
    candidate.score += amount
    if document_id not in candidate.document_ids:
        candidate.document_ids.append(document_id)
    if not candidate.reason:
        candidate.reason = reason_line(snippet.text, name)


def reason_line(text: str, name: str) -> str:
    """The passage's sentence that names the person (else its first), shortened at a word."""
    sentences = split_sentences(text)
    forms = name_forms(name) if name else []
    chosen = next((s for s in sentences if any(_names(s, f) for f in forms)), sentences[0] if sentences else "")
    if chosen.startswith(("—", "–")) and len(sentences) > 1:  # an attribution line: quote the words instead
        chosen = sentences[0]
    if len(chosen) <= MAX_REASON_CHARS:
        return chosen
    return chosen[: MAX_REASON_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _names(text: str, form: str) -> bool:
    """Whole-word match; a single name ("Wake", "Field") must keep its capital."""
    flags = re.I if " " in form else 0
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags) is not None
