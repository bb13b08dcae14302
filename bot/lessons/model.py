"""A lesson as a form delivers it (`Draft`), its checks, and a lesson as peerbot keeps it (`Lesson`).

The checks are pure and name the field each problem is in, so a chat form can show it beside the
field and keep everything typed. Text is stored only after `bot.redact` (no patient identifier)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from bot.lessons import messages
from bot.redact import redact
from index import PeerbotError, clean, one_line, readable

Status = Literal["pending", "approved", "rejected"]
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
FIELDS = ("title", "did", "learned", "organisation", "contact", "contributor", "question")
PARAGRAPHS = ("did", "learned")  # the fields a lesson's story may break into lines; the others are one line
NAME_FIELDS = ("contact", "contributor")  # a person's name, given to be shown
LIMITS = {"title": 150, "did": 3000, "learned": 3000, "organisation": 150, "contact": 150, "contributor": 150,
          "question": 500}
REQUIRED = ("title", "did", "learned", "organisation")
MAX_ENABLERS = 10
STORED_SLACK = 4  # a stored field over this many times its limit came from no form (`too_long`)
_BROADCAST = re.compile(r"(?:<!|@)(channel|here|everyone)\b", re.I)


class LessonError(PeerbotError):
    """A lesson cannot be stored, changed or decided as asked; the message says why."""


class LessonInvalid(LessonError):
    """A draft with problems; `problems` maps each form field to what is wrong with it."""

    def __init__(self, found: dict[str, str]):
        self.problems = found
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in found.items()))


class NotACurator(LessonError):
    def __init__(self) -> None:
        super().__init__(messages.not_a_curator())


@dataclass(frozen=True)
class Draft:
    """What the lesson form holds: the lesson, who to contact (only with their agreement), and
    the contributor's name (shown only when they agree to be named)."""

    title: str = ""
    did: str = ""  # what we did
    learned: str = ""  # what we learned
    organisation: str = ""  # the collaborative or organisation: the document's publisher
    contact: str = ""  # who to contact
    contact_agreed: bool = False  # they agreed to be contacted
    contributor: str = ""  # the submitter's name as they want it shown
    contributor_named: bool = False  # they agreed to be named as the contributor
    enablers: tuple[str, ...] = ()  # enabler ids
    question: str = ""  # the knowledge-gap question it answers ("I can help")
    question_id: str = ""

    def trimmed(self) -> Draft:
        """Outside text made safe and trimmed: `readable` (no escape code, control or bidi character reaches
        the review card, the curator's terminal or the lesson's document), a title, name or question
        `one_line` (a line break typed in it does not split its line in a list), and enabler ids `clean`."""
        texts: dict = {name: (readable if name in PARAGRAPHS else one_line)(getattr(self, name)).strip() for name in FIELDS}
        return replace(self, **texts, enablers=tuple(dict.fromkeys(clean(e) for e in self.enablers if e)))

    def text(self) -> str:
        """Every text field, one to a line."""
        return "\n".join(getattr(self, name) for name in FIELDS)

    def redacted(self) -> Draft:
        """Every identifier (a patient's name, an NHS number, ...) in its text replaced (bot/redact); the
        contact and contributor keep the name they are (each shown only with its owner's agreement)."""
        texts: dict = {name: redact(getattr(self, name), any_name=name not in NAME_FIELDS) for name in FIELDS}
        return replace(self, **texts)


def too_long(draft: Draft) -> list[str]:
    """The fields of a stored lesson longer than a form lets anyone send (its record is damaged), and
    enablers when more than a form lets anyone choose. Redaction's placeholders (`[name]` for "Jo")
    may lengthen a field a little, never `STORED_SLACK` times."""
    long = [name for name, limit in LIMITS.items() if len(getattr(draft, name)) > STORED_SLACK * limit]
    return long + (["enablers"] if len(draft.enablers) > MAX_ENABLERS else [])


def problems(draft: Draft, known_enablers: set[str]) -> dict[str, str]:
    """Field name -> what is wrong with it; empty when the draft may be stored."""
    found: dict[str, str] = {}
    for name in REQUIRED:
        if not getattr(draft, name).strip():
            found[name] = "Please fill this in."
    for name, limit in LIMITS.items():
        value = getattr(draft, name)
        if len(value) > limit:
            found[name] = f"At most {limit:,} characters, please (this has {len(value):,})."
        elif _BROADCAST.search(value):
            found[name] = "Please remove @channel, @here or @everyone: a lesson never notifies a whole channel."
    if draft.contact_agreed and not draft.contact.strip():
        found["contact"] = "Name the person who agreed to be contacted, or untick the box."
    if draft.contributor_named and not draft.contributor.strip():
        found["contributor"] = "Type your name as you want it shown, or untick the box."
    unknown = [e for e in draft.enablers if e not in known_enablers]
    if unknown or len(draft.enablers) > MAX_ENABLERS:
        found["enablers"] = f"Choose at most {MAX_ENABLERS} enablers from the list."
    return found


@dataclass(frozen=True)
class Origin:
    """Who submitted a lesson and from where: the submitter, the author of the message it was
    saved from, that message's place (as stored: a public channel's id, else a keyed hash)."""

    platform: str
    submitter: str  # a Slack user id or Teams AAD object id
    quoted_author: str = ""
    channel: str = ""
    workspace: str = ""


@dataclass(frozen=True)
class Lesson:
    id: int
    status: Status
    draft: Draft
    origin: Origin
    submitted_at: str
    decided_at: str = ""
    decided_by: str = ""
    document_id: str = ""  # the knowledge document an approval wrote
    review: dict = field(default_factory=dict)  # where its review card is, e.g. {"channel": ..., "ts": ...}

    @property
    def contributor(self) -> str:
        """The contributor's name, only when they agreed to be named."""
        return self.draft.contributor if self.draft.contributor_named else ""

    @property
    def contact(self) -> str:
        """The person to contact, only when they agreed to be contacted."""
        return self.draft.contact if self.draft.contact_agreed else ""


@dataclass(frozen=True)
class Waiting:
    """Someone waiting for an answer to a question they asked (with their consent)."""

    id: int  # the watch record
    question_id: str
    question: str  # redacted, as logged
    asked_at: str  # ISO time
    platform: str
    user: str  # whom to message privately: a Slack user id


@dataclass(frozen=True)
class Notice:
    """A direct message telling an asker their question now has an answer."""

    watch_id: int
    platform: str
    user: str
    text: str
    lesson_title: str
    document_id: str


@dataclass(frozen=True)
class Approval:
    lesson: Lesson
    path: Path  # the Markdown document written
    notices: tuple[Notice, ...]  # askers to tell privately that their question now has an answer
