"""Scoring answers against a question set (JSON lines, the format of tests/data/dev_questions.jsonl).

Each line is one question: `q`, and optionally `id`, `evidence` (verbatim strings, any of which in a
snippet makes it the right one), `contacts` (names expected among the first three contacts) and
`category`: `in_domain` (the default), `misspelt`, `off_topic` or `not_covered`. The older
`"offtopic": true` means `off_topic`. Each category is scored apart: retrieval for the questions the
corpus answers, the right kind of decline for the others. A metric with nothing to score is None
(shown as n/a), never 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.answer import Answer, Outcome
from index import PeerbotError, clean, decoded_text, person_key, undecodable
from index import evidence_form as normalise

Category = Literal["in_domain", "misspelt", "off_topic", "not_covered"]
CATEGORIES: tuple[Category, ...] = ("in_domain", "misspelt", "off_topic", "not_covered")
ANSWERABLE = ("in_domain", "misspelt")


class QuestionSetError(PeerbotError):
    """The question file cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    q: str
    evidence: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    category: Category = "in_domain"

    @property
    def answerable(self) -> bool:
        return self.category in ANSWERABLE


@dataclass
class QuestionResult:
    id: str
    question: str
    category: Category
    outcome: Outcome
    rank: int | None  # snippet rank holding the evidence
    has_evidence: bool  # recall and MRR count only questions that name their evidence
    contact_hit: bool | None  # None when the question expects no contact

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"

    @property
    def ok(self) -> bool:
        """Answered with the evidence first, or declined the right way."""
        if self.category in ANSWERABLE:
            return self.answered and (self.rank == 1 or not self.has_evidence)
        return self.outcome == ("out_of_scope" if self.category == "off_topic" else "not_covered")


@dataclass
class CategoryScore:
    questions: int
    recall_at_1: float | None = None
    recall_at_5: float | None = None
    mrr: float | None = None
    contact_hit_at_3: float | None = None
    answered: float | None = None  # share answered (the right thing for answerable questions)
    declined: float | None = None  # share not answered (the right thing for the others)
    right_outcome: float | None = None  # declined as the right kind: out_of_scope / not_covered


@dataclass
class EvalReport:
    questions: int
    categories: dict[Category, CategoryScore]
    results: list[QuestionResult] = field(default_factory=list)

    def _answerable(self) -> CategoryScore:
        return _score_answerable([r for r in self.results if r.category in ANSWERABLE])

    # The headline figures over every answerable question (in-domain and misspelt) and every decline.
    @property
    def recall_at_1(self) -> float | None:
        return self._answerable().recall_at_1

    @property
    def recall_at_5(self) -> float | None:
        return self._answerable().recall_at_5

    @property
    def mrr(self) -> float | None:
        return self._answerable().mrr

    @property
    def contact_hit_at_3(self) -> float | None:
        return self._answerable().contact_hit_at_3

    @property
    def answer_rate(self) -> float | None:
        return self._answerable().answered

    @property
    def abstention_rate(self) -> float | None:
        return _share([r for r in self.results if r.category not in ANSWERABLE], lambda r: not r.answered)

    def to_dict(self, details: bool = True) -> dict:
        data = {
            "questions": self.questions,
            **{name: getattr(self, name) for name in HEADLINE},
            "categories": {name: vars(score) for name, score in self.categories.items()},
        }
        if details:
            data["results"] = [{**vars(r), "ok": r.ok} for r in self.results]
        return data


HEADLINE = ("recall_at_1", "recall_at_5", "mrr", "contact_hit_at_3", "answer_rate", "abstention_rate")
FIELDS = ("id", "q", "evidence", "contacts", "category", "offtopic")
NOTES = ("points", "variant_of", "note")  # kept by question writers, not scored


MAX_QUESTION_FILE = 64 * 2**20  # bytes: a question set is a few hundred lines


def load_questions(path: Path) -> list[EvalQuestion]:
    """The question set in `path` (JSON lines, in UTF-8, UTF-16 or UTF-32); anything malformed is one error naming the line."""
    if path.is_dir():
        raise QuestionSetError(f"{path}: is a folder, not a question file")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_QUESTION_FILE + 1)  # a device such as /dev/zero never ends
    except OSError as e:
        raise QuestionSetError(f"{path}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_QUESTION_FILE:
        raise QuestionSetError(f"{path}: larger than {MAX_QUESTION_FILE // 2**20} MB, not a question set")
    try:
        text = decoded_text(data)  # UTF-8, or UTF-16/32 as documents are read
    except UnicodeDecodeError as e:
        raise QuestionSetError(f"{path}: {undecodable(e)}") from None
    if "\x00" in text:
        raise QuestionSetError(f"{path}: a binary file, not JSON lines (one question object per line)")
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
    unknown = sorted(set(row) - set(FIELDS) - set(NOTES))
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
    category = row.get("category", "in_domain")
    if category not in CATEGORIES:
        raise QuestionSetError(f"{where}: `category` must be one of {', '.join(CATEGORIES)}, got {_kind(category)}")
    lists = {}
    for key in ("evidence", "contacts"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise QuestionSetError(f"{where}: `{key}` must be a list of texts, got {_kind(value)}")
        lists[key] = tuple(clean(v) for v in value if v.strip())
    return EvalQuestion(id=clean(str(question_id)), q=clean(question), category="off_topic" if offtopic else category,
                        **lists)


def _kind(value: object) -> str:
    """How an unexpected JSON value is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        shown = clean(value)
        return repr(shown if len(shown) <= 40 else shown[:40] + "…")
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


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
        rank = evidence_rank([s.text for s in a.snippets], q.evidence) if q.answerable else None
        hit = contact_hit(a, q.contacts) if q.contacts and q.answerable else None
        results.append(QuestionResult(q.id, q.q, q.category, a.outcome, rank, bool(q.evidence), hit))
    return summarise(results)


def summarise(results: list[QuestionResult]) -> EvalReport:
    categories = {}
    for category in CATEGORIES:
        rows = [r for r in results if r.category == category]
        if category in ANSWERABLE:
            categories[category] = _score_answerable(rows)
        else:
            wanted = "out_of_scope" if category == "off_topic" else "not_covered"
            categories[category] = CategoryScore(
                len(rows), declined=_share(rows, lambda r: not r.answered),
                right_outcome=_share(rows, lambda r: r.outcome == wanted),
            )
    return EvalReport(len(results), categories, results)


def _score_answerable(rows: list[QuestionResult]) -> CategoryScore:
    with_evidence = [r for r in rows if r.has_evidence]
    return CategoryScore(
        len(rows),
        recall_at_1=_share(with_evidence, lambda r: r.rank == 1),
        recall_at_5=_share(with_evidence, lambda r: r.rank is not None and r.rank <= 5),
        mrr=round(sum(1 / r.rank for r in with_evidence if r.rank) / len(with_evidence), 4) if with_evidence else None,
        contact_hit_at_3=_share([r for r in rows if r.contact_hit is not None], lambda r: bool(r.contact_hit)),
        answered=_share(rows, lambda r: r.answered),
    )


def _share(rows: list[QuestionResult], test: Callable[[QuestionResult], bool]) -> float | None:
    return round(sum(1 for r in rows if test(r)) / len(rows), 4) if rows else None
