"""Composing a week's digest from plain data, pure: no database, index or clock.

The inputs are the week's window, the logged questions its audience may see (already redacted,
with no one's name) and a count of private ones left unanswered,
the corpus's lessons with when the index first saw and last changed them, the enabler taxonomy
and lesson counts, and the enablers featured in recent digests. Enabler summaries (key practices,
contacts) come from a `summarise` callable, so this module needs no loaded index to be tested.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet
from bot.chat_markup import without_formatting
from bot.digest.gap_lessons import may_be_answered
from bot.digest.model import Digest, Feature, Gap, LessonNote, LessonStatus, Spotlight, Theme
from bot.digest.week import Week
from bot.enablers.deeds import kind_of
from bot.enablers.excerpts import in_first_person
from bot.follow_up import ASKS_FOR_MORE, POINTING, UNNAMED_ASKS, points_back, refers_back
from bot.records import LoggedQuestion
from bot.redact import identifying, redact
from bot.similar_questions import near_duplicate_topics, topic_words
from bot.summary import EnablerSummary
from index import Enabler

MAX_LESSONS = 6
MAX_THEMES = 3
MAX_EXAMPLES = 5
MAX_GAPS = 5
MAX_SPOTLIGHT = 2
MAX_LESSON_ENABLERS = 3
NEW_LESSON_WEIGHT = 2  # in choosing the enabler of the week, a new lesson counts as much as two questions
NAMES_NOTHING = UNNAMED_ASKS | ASKS_FOR_MORE | POINTING | {"next", "then"}  # "what happened next?", "more detail"
RECENT_FEATURES = 4  # an enabler featured in the last four digests is not featured again (if others can be)


@dataclass(frozen=True)
class Lesson:
    """A corpus document as the digest sees it."""

    document: DocumentRef
    first_seen: str  # ISO time the index first saw it
    updated_at: str  # ISO time its content last changed
    extract: str  # one sentence from it
    enablers: tuple[str, ...]  # enabler ids it speaks to, strongest first
    contributor: str = ""  # a lesson from chat whose contributor agreed to be named


@dataclass(frozen=True)
class DigestInputs:
    week: Week
    start: datetime
    end: datetime
    questions: Sequence[LoggedQuestion]
    unhelpful: Mapping[str, int]  # question id -> the people whose vote on its answer is "Not helpful"
    lessons: Sequence[Lesson]
    enablers: Sequence[Enabler]  # the taxonomy, in its order
    lesson_counts: Mapping[str, int]  # lessons (documents) per enabler id
    recent_features: Sequence[str]  # enabler ids featured in earlier digests, most recent first
    private_gaps: int = 0  # questions asked privately that had no answer: counted, never quoted


Summarise = Callable[[str], EnablerSummary | None]


def compose_digest(inputs: DigestInputs, summarise: Summarise, read_as: Callable[[str], str] = str) -> Digest:
    """The week's digest; `read_as`: a question as peerbot read it (spelling corrected), as examples and gaps
    quote it (a chief executive reads "What did others learn…", never "lern")."""
    if not inputs.lessons:
        return Digest(str(inputs.week), inputs.start, inputs.end, corpus_empty=True)
    names = {e.id: EnablerRef.of(e) for e in inputs.enablers}
    changed = changed_lessons(inputs)
    notes = [_note(lesson, status, names) for lesson, status in changed]
    asked = new_questions(inputs.questions)
    feature_id = choose_feature(replace(inputs, questions=asked), [lesson for lesson, _ in changed],
                                lambda e: (summary := summarise(e)) is not None and key_practice(summary) is not None)
    feature = _feature(feature_id, inputs, summarise) if feature_id else None
    themes = most_asked(asked, names)
    quotable: list[LoggedQuestion] = []
    unquotable: list[LoggedQuestion] = []
    for q in asked:
        (unquotable if identifies(q.question) else quotable).append(q)
    short = [q for q in inputs.questions if q.follow_up and falls_short(q, inputs.unhelpful)]  # the thread's answer
    withheld_follow_ups = [q for q in short if identifies(q.question)]
    quoted_follow_ups = [q for q in short if not identifies(q.question) and stands_alone(q.question)]
    answered = [q for q in inputs.questions if q.answered and q.id not in inputs.unhelpful]  # what the lessons answered
    gaps = knowledge_gaps(sorted([*quotable, *quoted_follow_ups], key=lambda q: q.asked_at), inputs.unhelpful, read_as,
                          answered)
    withheld = knowledge_gaps([*unquotable, *withheld_follow_ups], inputs.unhelpful)
    return Digest(
        week=str(inputs.week),
        start=inputs.start,
        end=inputs.end,
        lessons=tuple(notes[:MAX_LESSONS]),
        more_lessons=max(len(notes) - MAX_LESSONS, 0),
        feature=feature,
        questions=sum(not q.off_topic for q in asked),  # "hi" or a dose question is not one asked of the lessons
        answered=sum(q.answered for q in asked),
        follow_ups=len(inputs.questions) - len(asked),
        themes=tuple(themes),
        examples=tuple(read_as(q) for q in example_questions(quotable, inputs.unhelpful)),
        gaps=tuple(may_be_answered(gaps[:MAX_GAPS], [(x.document.title, x.extract) for x, _ in changed])),
        more_gaps=max(len(gaps) - MAX_GAPS, 0),
        private_gaps=inputs.private_gaps,
        withheld_gaps=sum(g.asked for g in withheld),
        unquoted_follow_ups=len(short) - len(quoted_follow_ups) - len(withheld_follow_ups),
        off_topic=sum(q.off_topic for q in asked),
        spotlight=tuple(spotlight(themes, feature, summarise)),
        library=None if changed else _library_pick(inputs, feature, names),
    )


def new_questions(questions: Sequence[LoggedQuestion]) -> list[LoggedQuestion]:
    """The questions that opened a conversation: not the follow-ups read with their thread's earlier
    question ("any examples?", "what about in Leeds?"), which belong to it, so they are counted apart and
    are never a theme nor an example of their own (but a gap when the answer fell short: `falls_short`)."""
    return [q for q in questions if not q.follow_up]


def changed_lessons(inputs: DigestInputs) -> list[tuple[Lesson, LessonStatus]]:
    """Lessons first seen ("new") or changed ("updated") in the window, most recent first."""
    changed: list[tuple[Lesson, LessonStatus]] = []
    for lesson in inputs.lessons:
        if inputs.start <= _time(lesson.first_seen) < inputs.end:
            changed.append((lesson, "new"))
        elif inputs.start <= _time(lesson.updated_at) < inputs.end:
            changed.append((lesson, "updated"))
    return sorted(changed, key=lambda pair: (_time(pair[0].updated_at), pair[0].document.id), reverse=True)


def choose_feature(inputs: DigestInputs, changed: Sequence[Lesson],
                   shows_practice: Callable[[str], bool] = lambda _: True) -> str | None:
    """The enabler of the week: one with lessons to show, not featured in the last few digests,
    favouring this week's questions and new lessons, then the one featured longest ago; ties
    rotate with the week number so quiet weeks still move through the taxonomy. The first so ranked
    with a key practice to show (`shows_practice`) is chosen: an enabler of the week with nothing done
    to point at tells a reader nothing; only when none has one, the first of all."""
    eligible = [e.id for e in inputs.enablers if inputs.lesson_counts.get(e.id, 0) > 0]
    if not eligible:
        return None
    recent = set(inputs.recent_features[: min(RECENT_FEATURES, len(eligible) - 1)])
    candidates = [e for e in eligible if e not in recent]
    interest: Counter[str] = Counter()
    for question in inputs.questions:  # as in the themes: answered, under the enabler its answer spoke to most
        if question.answered:
            interest.update(question.enabler_ids[:1])
    known = {e.id for e in inputs.enablers}
    for lesson in changed:  # counted under the enablers the digest shows for it
        for enabler_id in _shown_enablers(lesson, known):
            interest[enabler_id] += NEW_LESSON_WEIGHT
    history = list(inputs.recent_features)
    shift = inputs.week.ordinal % len(eligible)

    def rank(enabler_id: str) -> tuple:
        weeks_ago = history.index(enabler_id) if enabler_id in history else len(history)
        rotation = (eligible.index(enabler_id) - shift) % len(eligible)
        return (-interest[enabler_id], -weeks_ago, rotation)

    ranked = sorted(candidates, key=rank)
    return next((e for e in ranked if shows_practice(e)), ranked[0])


def most_asked(questions: Sequence[LoggedQuestion], names: Mapping[str, EnablerRef]) -> list[Theme]:
    """Answered questions counted under the enabler their answer spoke to most."""
    counts = Counter(q.enabler_ids[0] for q in questions if q.answered and q.enabler_ids and q.enabler_ids[0] in names)
    order = list(names)
    ranked = sorted(counts, key=lambda e: (-counts[e], order.index(e)))
    return [Theme(names[e], counts[e]) for e in ranked[:MAX_THEMES]]


def example_questions(questions: Sequence[LoggedQuestion], unhelpful: Container[str] = frozenset()) -> list[str]:
    """Up to five distinct answered questions, the most often asked first, as redacted text. A
    question marked "Not helpful" is listed as a gap instead, and so are its repeats: never one
    example and one gap (a question asked twice, one answer marked not helpful, was both)."""
    groups = group_similar([q for q in questions if q.answered and stands_alone(q.question)])
    groups = [g for g in groups if not any(q.id in unhelpful for q in g)]
    groups.sort(key=len, reverse=True)
    return [shown(group[0].question) for group in groups[:MAX_EXAMPLES]]


def knowledge_gaps(questions: Sequence[LoggedQuestion], unhelpful: Mapping[str, int],
                   read_as: Callable[[str], str] = str, answered: Sequence[LoggedQuestion] = ()) -> list[Gap]:
    """Unanswered or "Not helpful" questions (`falls_short`), near-duplicates grouped, those that concern
    the most people first (how often asked, or how many people marked an answer not helpful), each
    quoted as `shown` and as `read_as` reads it (spelling corrected, as the answer searched it).
    A follow-up is a gap like any question, but one that means nothing out of its thread ("who led
    it?": `stands_alone`) is never quoted. A question left unanswered that asks, as `read_as` reads both, what
    one of `answered` (answers not marked not helpful) asked is no gap: the lessons answer it ("How did trusts
    set up a comittee in comon?" unanswered, "How did trusts set up a committee in common?" answered); one
    whose answer someone marked not helpful stays one."""
    gaps = [q for q in questions if falls_short(q, unhelpful) and stands_alone(q.question)]
    covered = [topic_words(read_as(q.question)) for q in answered]
    groups = [g for g in group_similar(gaps) if any(q.id in unhelpful for q in g)  # someone said it fell short
              or not any(near_duplicate_topics(topic_words(read_as(g[0].question)), c) for c in covered)]
    found = [Gap(read_as(shown(g[0].question)), len(g), any(not q.answered for q in g), g[0].id,
                 sum(unhelpful.get(q.id, 0) for q in g), all(q.follow_up for q in g)) for g in groups]
    return sorted(found, key=lambda gap: (max(gap.asked, gap.not_helpful), gap.asked), reverse=True)


def falls_short(question: LoggedQuestion, unhelpful: Container[str]) -> bool:
    """Whether peerbot's answer fell short of a question, a follow-up in a thread as any other: it had no answer
    (not one declined as off-topic: the canteen's hours are no gap in the lessons) or was marked not helpful."""
    return question.id in unhelpful or (not question.answered and not question.off_topic)


def shown(question: str) -> str:
    """A question as the digest quotes it: redacted, without Slack's formatting characters, and tidy as
    a chief executive reads it (`tidied`)."""
    return tidied(redact(without_formatting(question)))


_ASKING = re.compile(r"(?:how|what|who|whom|whose|why|when|where|which|is|are|was|were|do|does|did|has|have|had|can|"
                     r"could|should|would|will|any|anyone|anybody)\b", re.I)


def tidied(question: str) -> str:
    """A question as a sentence: one typed in lower case with its first letter a capital ("how did…" reads "How
    did…"), unless its first word has a capital inside ("iPad", "eRS": typed so on purpose); one opening as a
    question ("how…", "has anyone…") and ending in no punctuation ends in "?"."""
    text = question.strip()
    first = re.match(r"\S+", text)
    if first and text[0].islower() and not any(ch.isupper() for ch in first.group()):
        text = text[0].upper() + text[1:]
    return f"{text}?" if _ASKING.match(text) and text[-1].isalnum() else text


def identifies(question: str) -> bool:
    """Whether a question had details that could identify someone removed (a name, an NHS number, an
    email address …: `bot.redact.identifying`): the digest counts it among the gaps but never quotes
    it, even redacted, since what is left around the placeholders can still point to a patient."""
    return identifying(redact(question))


def stands_alone(question: str) -> bool:
    """Whether a question means something out of its thread: a follow-up ("tell me more", "who
    led it?", bot/follow_up.py) with at most one topic word of its own does not, nor one with two
    that points back at what was said ("how long did it take them?") or that name nothing ("what
    happened next?", "more detail please"), so the digest counts it but never quotes it. A short
    question naming its subject ("Virtual wards?", "Staff passports?") stands alone."""
    if not refers_back(question):
        return True
    topic = topic_words(question).split()
    return not (len(topic) <= 1 or (len(topic) <= 2 and (points_back(question) or all(w in NAMES_NOTHING for w in topic))))


def group_similar(questions: Sequence[LoggedQuestion]) -> list[list[LoggedQuestion]]:
    """Questions grouped with the first earlier one they nearly repeat, in order of first asking.
    Only their topic words are compared, so "What did others learn about X?" never matches "...Y?"."""
    groups: list[tuple[str, list[LoggedQuestion]]] = []
    for question in questions:
        words = topic_words(question.question)
        for first, group in groups:
            if near_duplicate_topics(words, first):
                group.append(question)
                break
        else:
            groups.append((words, [question]))
    return [group for _, group in groups]


def spotlight(themes: Sequence[Theme], feature: Feature | None, summarise: Summarise) -> list[Spotlight]:
    """One person for each of the top themes, not already the enabler of the week's contact."""
    named = {feature.contact.name} if feature and feature.contact else set()
    people = []
    for theme in themes:
        summary = summarise(theme.enabler.id)
        contact = next((c for c in summary.contacts if c.is_person and c.name not in named), None) if summary else None
        if contact:
            people.append(Spotlight(with_own_words(contact), theme.enabler))
            named.add(contact.name)
        if len(people) == MAX_SPOTLIGHT:
            break
    return people


def _feature(enabler_id: str, inputs: DigestInputs, summarise: Summarise) -> Feature:
    enabler = next(e for e in inputs.enablers if e.id == enabler_id)
    summary = summarise(enabler_id)
    if summary is None:
        return Feature(EnablerRef.of(enabler), enabler.description)
    people = [c for c in summary.contacts if c.is_person] or list(summary.contacts)
    practice = key_practice(summary)
    contact = with_own_words(people[0], practice) if people else None
    example_of = next((e.label for e in summary.examples if e.snippet == practice), "")
    return Feature(EnablerRef.of(enabler), summary.description or enabler.description, practice, contact, example_of)


def key_practice(summary: EnablerSummary) -> Snippet | None:
    """The enabler of the week's one practice, something done (`kind_of`): the summary's best practice that says
    what was done, else its best example (a named organisation's deed), else a narrator's own "we did" ("We
    facilitated…": who "we" are is only in its source line), else a practice that neither advises nor judges;
    never advice or a judgement ("Service users and staff need to be assured…", "… are key"): none rather than
    that."""
    practices = [(kind_of(p.text), p) for p in summary.practices]
    deeds = [p for kind, p in practices if kind == "deed"]
    ranked = ([p for p in deeds if not in_first_person(p.text)] + [e.snippet for e in summary.examples]
              + [p for p in deeds if in_first_person(p.text)] + [p for kind, p in practices if kind == "neutral"])
    return next(iter(ranked), None)


def with_own_words(contact: Contact, shown: Snippet | None = None) -> Contact:
    """The contact as the digest shows them, without the enabler summary's other snippets: with
    their nearest quotation when the summary left theirs out for being shown above, unless the
    snippet the digest shows (`shown`) holds it."""
    if contact.quote or not contact.nearest_quote or (shown and shown.shows(contact.nearest_quote)):
        return contact
    return replace(contact, quote=contact.nearest_quote)


def _library_pick(inputs: DigestInputs, feature: Feature | None, names: Mapping[str, EnablerRef]) -> LessonNote:
    """A lesson from the corpus for a week with none new: one on the enabler of the week (not the
    practice's own document) when there is one, rotating with the week number."""
    lessons = sorted(inputs.lessons, key=lambda lesson: lesson.document.id)
    if feature:
        cited = feature.practice.document.id if feature.practice else ""
        on_topic = [x for x in lessons if feature.enabler.id in x.enablers and x.document.id != cited]
        lessons = on_topic or lessons
    return _note(lessons[inputs.week.ordinal % len(lessons)], "library", names)


def _note(lesson: Lesson, status: LessonStatus, names: Mapping[str, EnablerRef]) -> LessonNote:
    enablers = tuple(names[e] for e in _shown_enablers(lesson, names))
    return LessonNote(lesson.document, lesson.extract, enablers, status, lesson.contributor)


def _shown_enablers(lesson: Lesson, known: Container[str]) -> list[str]:
    """The enablers a lesson is shown with: its strongest few that the taxonomy knows."""
    return [e for e in lesson.enablers if e in known][:MAX_LESSON_ENABLERS]


def _time(iso: str) -> datetime:
    return datetime.fromisoformat(iso)

