"""Scoring answers against a question set (the format of shared/eval/dev_questions.jsonl)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.answer import Answer
from bot.contacts.suggest import person_key

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "′": "'", "″": '"'})


class QuestionSetError(Exception):
    """The question file cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    q: str
    evidence: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    offtopic: bool = False


@dataclass
class QuestionResult:
    id: str
    question: str
    offtopic: bool
    answered: bool
    rank: int | None  # snippet rank holding the evidence
    has_evidence: bool  # recall and MRR count only questions that name their evidence
    contact_hit: bool | None  # None when the question expects no contact


@dataclass
class EvalReport:
    questions: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    contact_hit_at_3: float
    answer_rate: float  # in-domain questions answered
    abstention_rate: float  # off-topic questions declined
    results: list[QuestionResult] = field(default_factory=list)

    def to_dict(self, details: bool = True) -> dict:
        data = asdict(self)
        if not details:
            data.pop("results")
        return data


def load_questions(path: Path) -> list[EvalQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise QuestionSetError(f"{path}: cannot read ({e.strerror})") from None
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(EvalQuestion(
                id=str(row.get("id", number)), q=str(row["q"]),
                evidence=tuple(row.get("evidence", ())), contacts=tuple(row.get("contacts", ())),
                offtopic=bool(row.get("offtopic", False)),
            ))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            raise QuestionSetError(f"{path}:{number}: not a question object ({e})") from None
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def evidence_rank(texts: list[str], evidence: tuple[str, ...]) -> int | None:
    wanted = [normalise(e) for e in evidence]
    for rank, text in enumerate(texts, 1):
        if any(w in normalise(text) for w in wanted):
            return rank
    return None


def contact_hit(answer: Answer, expected: tuple[str, ...], k: int = 3) -> bool:
    got = {person_key(c.name) for c in answer.contacts[:k]}
    return any(person_key(name) in got for name in expected)


def evaluate(questions: list[EvalQuestion], answer: Callable[[str], Answer]) -> EvalReport:
    results = []
    for q in questions:
        a = answer(q.q)
        rank = evidence_rank([s.text for s in a.snippets], q.evidence) if not q.offtopic else None
        hit = contact_hit(a, q.contacts) if q.contacts and not q.offtopic else None
        results.append(QuestionResult(q.id, q.q, q.offtopic, a.answered, rank, bool(q.evidence), hit))
    return summarise(results)


def summarise(results: list[QuestionResult]) -> EvalReport:
    inside = [r for r in results if not r.offtopic]
    outside = [r for r in results if r.offtopic]
    with_evidence = [r for r in inside if r.has_evidence]
    with_contacts = [r for r in inside if r.contact_hit is not None]

    def share(rows, test) -> float:
        return round(sum(1 for r in rows if test(r)) / len(rows), 4) if rows else 0.0

    return EvalReport(
        questions=len(results),
        recall_at_1=share(with_evidence, lambda r: r.rank == 1),
        recall_at_5=share(with_evidence, lambda r: r.rank is not None and r.rank <= 5),
        mrr=round(sum(1 / r.rank for r in with_evidence if r.rank) / len(with_evidence), 4) if with_evidence else 0.0,
        contact_hit_at_3=share(with_contacts, lambda r: r.contact_hit),
        answer_rate=share(inside, lambda r: r.answered),
        abstention_rate=share(outside, lambda r: not r.answered),
        results=results,
    )
