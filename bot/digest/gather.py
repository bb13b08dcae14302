"""Gathering a digest's inputs from the corpus and peerbot's records, then composing it."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from bot.answer import DocumentRef
from bot.corpus import Corpus
from bot.digest.compose import DigestInputs, Lesson, Summarise, compose_digest, falls_short
from bot.digest.model import EVERYONE, Audience, Digest
from bot.digest.week import Week
from bot.enablers.guide import EnablerGuide
from bot.records import stamp
from bot.state import LessonRecords, StateStore
from index import Quotation, Snapshot, split_sentences

EXTRACT_MIN_WORDS = 8
EXTRACT_MAX_CHARS = 300
_PROSE = re.compile(r"[\"“‘(A-Z].*[.!?”\"’)]", re.S)
# A subject that points back to the sentence before ("This…", "For the PCN, they…"; not "It is essential…")
_POINTS_BACK = re.compile(
    r"(?:[^,.;:]{0,40},\s+)?(?:this|these|that|those|they|their|its|he|she|his|her|such|it(?!\s+(?:is|was)\b|['’]s\b))\b",
    re.I)


def compose_week(
    corpus: Corpus, state: StateStore, week: Week, start: datetime, end: datetime, audience: Audience = EVERYONE,
) -> Digest:
    """Week `week`'s digest covering [start, end), as `audience` may see it."""
    return gather_digest(corpus, state, EnablerGuide(corpus).summarise, week, start, end, audience)


def gather_digest(
    corpus: Corpus, state: StateStore, summarise: Summarise,
    week: Week, start: datetime, end: datetime, audience: Audience = EVERYONE,
) -> Digest:
    """Week `week`'s digest covering [start, end), for `audience`: its questions are only the
    public ones asked in its workspace; the private ones left unanswered there are counted.
    A window ending within a second (a preview "until now") includes that second."""
    enablers, snapshot = list(corpus.enablers), corpus.index
    since, until = stamp(start), stamp(end + timedelta(microseconds=(10**6 - end.microsecond) % 10**6))
    asked = state.questions_between(since, until)
    inputs = DigestInputs(
        week=week, start=start, end=end,
        questions=[q for q in asked if audience.quotes(q)],
        # a follow-up too: a private thread's question left unanswered is as much a gap, and is only ever counted
        private_gaps=sum(audience.counts_privately(q) and falls_short(q, ()) for q in asked),
        # "Not helpful" given at any time since the window opened (a Sunday night question may get it on Monday)
        unhelpful=state.unhelpful_votes(since, stamp(datetime.max.replace(tzinfo=UTC))),
        lessons=lessons_from(snapshot, LessonRecords(state).contributors()),
        enablers=enablers,
        lesson_counts=snapshot.lesson_counts(),
        recent_features=state.featured_enablers(before=str(week), limit=len(enablers)),
    )
    return compose_digest(inputs, summarise, snapshot.spelled)


def lessons_from(snapshot: Snapshot, contributors: dict[str, str] | None = None) -> list[Lesson]:
    """Every document with a one-sentence extract and the enablers it speaks to: its own tags
    first, then those its passages link to most strongly; a lesson from chat with its contributor
    (`contributors`: document id -> name, only those who agreed to be named)."""
    contributors = contributors or {}
    passages = defaultdict(list)
    for passage in sorted(snapshot.passages.values(), key=lambda p: p.position):
        passages[passage.document_id].append(passage)
    lessons = []
    for doc in snapshot.documents.values():
        weights: dict[str, float] = defaultdict(float)
        for passage in passages[doc.id]:
            for link in snapshot.passage_enablers.get(passage.id, []):
                weights[link.enabler_id] += link.score
        linked = sorted(weights, key=lambda e: -weights[e])
        own_text = [piece for p in passages[doc.id] for piece in prose(p.text, snapshot.passage_quotes.get(p.id, ()))]
        lessons.append(Lesson(
            document=DocumentRef.of(doc),
            first_seen=doc.first_seen,
            updated_at=doc.updated_at,
            extract=extract(own_text),
            enablers=tuple(dict.fromkeys(doc.enablers + tuple(linked))),
            contributor=contributors.get(doc.id, ""),
        ))
    return lessons


def prose(text: str, quotations: tuple[Quotation, ...]) -> list[str]:
    """The document's own text of a passage: the pieces outside every quotation, attributed or not."""
    pieces, cursor = [], 0
    for q in sorted(quotations, key=lambda q: q.span_start):
        pieces.append(text[cursor:q.span_start])
        cursor = max(cursor, q.span_end)
    return [p for p in [*pieces, text[cursor:]] if p.strip()]


def extract(texts: list[str]) -> str:
    """The first whole sentence of prose (not a list item, a label line or half a quotation) that
    does not point back to one before it ("For the PCN, this has been…"), else the first whole
    sentence of prose, else the first sentence."""
    sentences = [s for text in texts for s in split_sentences(text)]
    readable = [s for s in sentences if _readable(s)]
    chosen = next((s for s in readable if not _POINTS_BACK.match(s)), (readable or sentences or [""])[0])
    return chosen if len(chosen) <= EXTRACT_MAX_CHARS else chosen[:EXTRACT_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def _readable(sentence: str) -> bool:
    whole = sentence.count("“") == sentence.count("”")
    words = len(sentence.split())
    return bool(_PROSE.fullmatch(sentence)) and whole and words >= EXTRACT_MIN_WORDS and len(sentence) <= EXTRACT_MAX_CHARS

