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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bot.answer import Answer
from bot.contacts.suggest import person_key

Category = Literal["in_domain", "misspelt", "off_topic", "not_covered"]
CATEGORIES: tuple[Category, ...] = ("in_domain", "misspelt", "off_topic", "not_covered")
ANSWERABLE = ("in_domain", "misspelt")
_KNOWN_FIELDS = {"id", "q", "evidence", "contacts", "category", "offtopic"}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "′": "'", "″": '"'})


class QuestionSetError(Exception):
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
    outcome: str
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
    categories: dict[str, CategoryScore]
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


def load_questions(path: Path) -> list[EvalQuestion]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise QuestionSetError(f"{path}: cannot read ({e.strerror})") from None
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise QuestionSetError(f"{path}: not a UTF-8 text file of JSON lines") from None
    questions = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            questions.append(_question(line, f"{path}:{number}", number))
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def _question(line: str, where: str, number: int) -> EvalQuestion:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise QuestionSetError(f"{where}: not JSON ({e.msg})") from None
    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: expected a JSON object with a `q` field")
    unknown = sorted(set(row) - _KNOWN_FIELDS - {"points", "variant_of", "note"})
    if unknown:
        raise QuestionSetError(f"{where}: unknown field `{unknown[0]}` (expected {', '.join(sorted(_KNOWN_FIELDS))})")
    q = row.get("q")
    if not isinstance(q, str) or not q.strip():
        raise QuestionSetError(f"{where}: `q` must be a non-empty string")
    category = row.get("category", "in_domain")
    offtopic = row.get("offtopic", False)
    if not isinstance(offtopic, bool):
        raise QuestionSetError(f"{where}: `offtopic` must be true or false, got {json.dumps(offtopic)}")
    if category not in CATEGORIES:
        raise QuestionSetError(f"{where}: `category` must be one of {', '.join(CATEGORIES)}, got {json.dumps(category)}")
    if offtopic:
        category = "off_topic"
    identifier = row.get("id", number)
    if not isinstance(identifier, (str, int)) or isinstance(identifier, bool):
        raise QuestionSetError(f"{where}: `id` must be a string or a number")
    return EvalQuestion(
        id=str(identifier), q=q, evidence=_strings(row, "evidence", where), contacts=_strings(row, "contacts", where),
        category=category,
    )


def _strings(row: dict, key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionSetError(f"{where}: `{key}` must be a list of strings")
    return tuple(v for v in value if v.strip())


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
        contact_hit_at_3=_share([r for r in rows if r.contact_hit is not None], lambda r: r.contact_hit),
        answered=_share(rows, lambda r: r.answered),
    )


def _share(rows: list[QuestionResult], test: Callable[[QuestionResult], bool]) -> float | None:
    return round(sum(1 for r in rows if test(r)) / len(rows), 4) if rows else None
