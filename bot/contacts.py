"""Suggesting contacts: the people (or organisations) behind the passages that answer a question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer import Contact, Snippet
from index.chunking import split_sentences
from index.mentions import bare_name, name_forms
from index.snapshot import Snapshot

MAX_CONTACTS = 5
MAX_REASON_CHARS = 220
NAMED_IN_QUESTION_BONUS = 3.0


@dataclass
class _Candidate:
    key: str
    name: str
    role: str
    organisation: str
    is_person: bool
    score: float = 0.0
    reason: str = ""
    document_ids: list[str] = field(default_factory=list)


def person_key(name: str) -> str:
    """People are the same across documents when their names without honorifics match."""
    return re.sub(r"[^a-z]+", " ", bare_name(name).lower()).strip()


def suggest_contacts(question: str, snippets: list[Snippet], snapshot: Snapshot) -> list[Contact]:
    """Rank people named in (or next to) the answering passages; documents naming nobody give
    their organisation instead. Earlier snippets weigh more; a person the question names leads."""
    candidates: dict[str, _Candidate] = {}
    for rank, snippet in enumerate(snippets):
        weight = 1.0 / (1 + rank)
        linked = snapshot.passage_people.get(snippet.passage_id, [])
        doc = snapshot.documents[snippet.document.id]
        if not linked and not any(p.document_id == doc.id for p in snapshot.people.values()):
            for org in doc.organisations[:1]:
                c = candidates.setdefault(f"org:{org.lower()}", _Candidate(
                    f"org:{org.lower()}", org, "", doc.region or doc.publisher, False))
                _credit(c, weight, snippet, org, doc.id)
            continue
        for person_id, distance in linked:
            person = snapshot.people[person_id]
            key = person_key(person.name)
            c = candidates.setdefault(key, _Candidate(key, person.name, person.role, person.organisation, True))
            _credit(c, weight / (1 + distance), snippet, person.name, doc.id)
    for c in candidates.values():
        if c.is_person and any(_names(question, form) for form in name_forms(c.name)):
            c.score += NAMED_IN_QUESTION_BONUS
    ranked = sorted(candidates.values(), key=lambda c: -c.score)[:MAX_CONTACTS]
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
