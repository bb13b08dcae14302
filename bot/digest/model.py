"""The platform-neutral digest every surface renders (composed by bot/digest/compose.py), who
it is for (its `Audience`), and what a destination that posts it (a Slack channel, a Teams
conversation: each in its adapter) promises.

A digest posted in a Slack workspace or a Teams team quotes only questions asked in that
workspace's public channels (that team's standard channels). Questions asked privately there are
never quoted, only counted when they had no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet
from bot.question import is_public
from bot.records import LoggedQuestion, StoredConversation
from index import PeerbotError

LessonStatus = Literal["new", "updated", "library"]


class DigestError(PeerbotError):
    """The digest cannot be shown or posted as asked; the message says why."""


class DeliveryError(PeerbotError):
    """A destination refused the digest or could not be reached; the message says why."""


class UnconfirmedDelivery(DeliveryError):
    """The digest was sent but no answer came back (a dropped connection, a time-out): the
    destination may have it, so it is not posted again without looking (or being told to)."""


@dataclass(frozen=True)
class Audience:
    workspace: str | None  # the Slack workspace or Teams team; None: every one (the operator's preview)
    related: frozenset[str] = frozenset()  # also counted privately: a team's tenant, whose chats it shares

    def quotes(self, question: LoggedQuestion) -> bool:
        """Asked in a public place of this workspace (one with no known workspace never is)."""
        same = self.workspace is None or (bool(question.workspace) and question.workspace == self.workspace)
        return is_public(question.place) and same

    def counts_privately(self, question: LoggedQuestion) -> bool:
        if is_public(question.place):
            return False
        return self.workspace is None or question.workspace in {self.workspace, *self.related} - {""}


EVERYONE = Audience(None)


SLACK_WORKSPACE = re.compile(r"T[A-Z0-9]{2,}")  # a Slack team id, as auth.test and events give it


def is_workspace(workspace: str, teams_conversations: Iterable[StoredConversation]) -> bool:
    """A Slack workspace id (`T…`), or a Teams team (or a chat's tenant) peerbot was added to."""
    return bool(SLACK_WORKSPACE.fullmatch(workspace)) or workspace in {c.workspace for c in teams_conversations} - {""}


def workspace_audience(workspace: str, teams_conversations: Iterable[StoredConversation]) -> Audience:
    """The audience of a digest posted in `workspace`: for a Teams team peerbot was added to, with
    its tenant (whose chats' unanswered questions it counts), as the team's own digest has."""
    tenants = {c.tenant for c in teams_conversations if c.workspace == workspace}
    return Audience(workspace, frozenset(tenants - {""}))


@dataclass(frozen=True)
class LessonNote:
    document: DocumentRef
    extract: str  # one sentence, verbatim
    enablers: tuple[EnablerRef, ...]
    status: LessonStatus  # "library": a quiet week's pick from the corpus
    contributor: str = ""  # a lesson from chat: its contributor, only when they agreed to be named

    def to_dict(self) -> dict:
        return {
            "status": self.status, "document": self.document.to_dict(), "extract": self.extract,
            "enablers": [e.to_dict() for e in self.enablers], "contributor": self.contributor or None,
        }


@dataclass(frozen=True)
class Feature:
    """The enabler of the week: its one-liner, one cited key practice and one person to contact."""

    enabler: EnablerRef
    description: str
    practice: Snippet | None = None
    contact: Contact | None = None
    example_of: str = ""  # the organisation whose example the practice is, when it is one of the summary's examples

    def to_dict(self) -> dict:
        return {
            **self.enabler.to_dict(), "description": self.description,
            "practice": self.practice.to_dict() if self.practice else None, "example_of": self.example_of or None,
            "contact": self.contact.to_dict() if self.contact else None,
        }


@dataclass(frozen=True)
class Theme:
    enabler: EnablerRef
    questions: int

    def to_dict(self) -> dict:
        return {**self.enabler.to_dict(), "questions": self.questions}


@dataclass(frozen=True)
class Gap:
    """Questions the corpus could not answer well, near-duplicates counted once."""

    question: str  # redacted text of the first one asked
    asked: int  # how many questions the group holds
    unanswered: bool  # False: answered, but marked "Not helpful"
    question_id: str = ""  # the first one's id: "I can help" opens the lesson form for it
    not_helpful: int = 0  # people who marked an answer to the group not helpful: one vote each, however often clicked
    follow_up: bool = False  # follow-ups in their threads (unanswered or marked not helpful), not questions that opened one
    new_lesson: str = ""  # the title of a lesson new or updated in the window that may answer it

    def to_dict(self) -> dict:
        return {"question": self.question, "asked": self.asked, "unanswered": self.unanswered,
                "not_helpful": self.not_helpful, "follow_up": self.follow_up, "new_lesson": self.new_lesson or None}


@dataclass(frozen=True)
class Spotlight:
    contact: Contact
    enabler: EnablerRef  # the week's theme that links them

    def to_dict(self) -> dict:
        return {"contact": self.contact.to_dict(), "enabler": self.enabler.to_dict()}


@dataclass(frozen=True)
class Digest:
    week: str  # the ISO week it is posted in, e.g. "2026-W47"
    start: datetime  # the window it covers, in the digest's time zone
    end: datetime
    corpus_empty: bool = False
    lessons: tuple[LessonNote, ...] = ()  # added or updated in the window
    more_lessons: int = 0
    feature: Feature | None = None
    questions: int = 0  # new questions: not counting the follow-ups in their threads
    answered: int = 0
    follow_ups: int = 0  # questions read with their thread's earlier one
    themes: tuple[Theme, ...] = ()
    examples: tuple[str, ...] = ()  # redacted question texts, never who asked
    gaps: tuple[Gap, ...] = ()
    more_gaps: int = 0
    private_gaps: int = 0  # unanswered questions asked privately: only ever a count
    withheld_gaps: int = 0  # gaps whose question had identifying details removed: only ever a count
    unquoted_follow_ups: int = 0  # follow-ups unanswered or marked not helpful that mean little out of their thread
    off_topic: int = 0  # public questions declined as not of the lessons (the canteen's hours): only ever a count
    spotlight: tuple[Spotlight, ...] = ()
    library: LessonNote | None = None  # a lesson from the corpus when none are new
    since: bool = False  # the window runs from a day until now (`digest --since`), not a week's: no week label

    @property
    def any_gaps(self) -> bool:
        return bool(self.gaps or self.private_gaps or self.withheld_gaps or self.unquoted_follow_ups or self.off_topic)

    @property
    def quiet(self) -> bool:
        return not self.lessons and not self.any_questions and not self.off_topic

    @property
    def any_questions(self) -> bool:
        return bool(self.questions or self.follow_ups)

    @property
    def contacts(self) -> list[Contact]:
        """Everyone the digest names (for platform mentions)."""
        people = [self.feature.contact] if self.feature and self.feature.contact else []
        return people + [s.contact for s in self.spotlight]

    def to_dict(self) -> dict:
        """Exactly the keys of `peerbot digest --preview --json`."""
        return {
            "week": None if self.since else self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "corpus_empty": self.corpus_empty,
            "quiet": self.quiet,
            "lessons": [n.to_dict() for n in self.lessons],
            "more_lessons": self.more_lessons,
            "enabler_of_the_week": self.feature.to_dict() if self.feature else None,
            "questions": {
                "count": self.questions, "answered": self.answered, "follow_ups": self.follow_ups,
                "themes": [t.to_dict() for t in self.themes], "examples": list(self.examples),
            },
            "gaps": [g.to_dict() for g in self.gaps],
            "more_gaps": self.more_gaps,
            "private_gaps": self.private_gaps,
            "withheld_gaps": self.withheld_gaps,
            "unquoted_follow_ups": self.unquoted_follow_ups,
            "off_topic": self.off_topic,
            "spotlight": [s.to_dict() for s in self.spotlight],
            "library": self.library.to_dict() if self.library else None,
        }


class DigestDestination(Protocol):
    """Somewhere a digest is posted, e.g. a Slack channel. `audience` (the workspace or team it
    is in), `post` and `find` raise DeliveryError on failure; `post` raises UnconfirmedDelivery
    when the digest may have arrived all the same."""

    key: str  # stable and unique, e.g. "slack:C0123ABCD"

    async def audience(self) -> Audience: ...

    async def post(self, digest: Digest) -> None: ...

    async def find(self, week: str) -> bool | None:
        """Whether week `week`'s digest is there already; None when the destination cannot be read."""
        ...
