"""Scoring answers against a question set (the format of shared/eval/dev_questions.jsonl)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.answer import Answer
from bot.contacts.suggest import person_key
from index.text import clean

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


FIELDS = ("id", "q", "evidence", "contacts", "offtopic")


def load_questions(path: Path) -> list[EvalQuestion]:
    """The question set in `path` (JSON lines); anything malformed is one error naming the line."""
    if path.is_dir():
        raise QuestionSetError(f"{path}: is a folder, not a question file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise QuestionSetError(f"{path}: cannot read ({e.strerror or e})") from None
    if b"\x00" in data:
        raise QuestionSetError(f"{path}: a binary file, not JSON lines (one question object per line)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise QuestionSetError(f"{path}: not UTF-8 text (bad byte at offset {e.start})") from None
    questions = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            questions.append(_question(f"{path}:{number}", line, number))
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def _question(where: str, line: str, number: int) -> EvalQuestion:
    try:
        row = json.loads(line)
    except ValueError as e:
        raise QuestionSetError(f"{where}: not a question object (not JSON: {getattr(e, 'msg', e)})") from None
    except RecursionError:
        raise QuestionSetError(f"{where}: not a question object (nested too deeply)") from None
    if not isinstance(row, dict):
        raise QuestionSetError(f'{where}: not a question object (expected {{"id": ..., "q": ...}}, got {_kind(row)})')
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise QuestionSetError(f"{where}: unknown field `{clean(unknown[0])}` (expected {', '.join(FIELDS)})")
    question = row.get("q")
    if not isinstance(question, str) or not question.strip():
        raise QuestionSetError(f"{where}: `q` must be the question's text, got {_kind(question)}")
    question_id = row.get("id", number)
    if isinstance(question_id, bool) or not isinstance(question_id, (str, int)):
        raise QuestionSetError(f"{where}: `id` must be text or a number, got {_kind(question_id)}")
    offtopic = row.get("offtopic", False)
    if not isinstance(offtopic, bool):
        raise QuestionSetError(f"{where}: `offtopic` must be true or false, got {_kind(offtopic)}")
    lists = {}
    for key in ("evidence", "contacts"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise QuestionSetError(f"{where}: `{key}` must be a list of texts, got {_kind(value)}")
        lists[key] = tuple(clean(v) for v in value if v.strip())
    return EvalQuestion(id=clean(str(question_id)), q=clean(question), offtopic=offtopic, **lists)


def _kind(value: object) -> str:
    """How an unexpected JSON value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        shown = clean(value)
        return repr(shown if len(shown) <= 40 else shown[:40] + "…")
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


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
