"""peerbot's own records as plain data, as the state store (bot/state/) reads them back, and the
one way their times are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from bot.question import PRIVATE, Place

DigestStatus = Literal["posting", "sent", "failed", "unconfirmed"]  # unconfirmed: sent, answer lost


def stamp(moment: datetime | None = None) -> str:
    """A time as peerbot's records store it (UTC, ISO, whole seconds), so text order is time
    order; now when no time is given."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LoggedQuestion:
    id: str
    asked_at: str
    platform: str
    channel: str
    question: str
    answered: bool
    document_ids: tuple[str, ...]
    enabler_ids: tuple[str, ...]
    off_topic: bool = False  # declined as not peerbot's kind of question
    place: Place = PRIVATE  # only a public question may be quoted, in its own workspace
    workspace: str = ""  # the Slack workspace or Teams team (a Teams chat: its tenant)
    follow_up: bool = False  # read with its thread's (or chat's) earlier question: part of that conversation


@dataclass(frozen=True)
class DigestRecord:
    """One (week, destination) of the weekly digest."""

    week: str
    destination: str
    status: DigestStatus
    attempts: int
    updated_at: str
    error: str


@dataclass(frozen=True)
class StoredConversation:
    """Where the bot was added: a platform's conversation reference, kept for proactive messages."""

    id: str
    platform: str
    reference: dict
    digest_opt_in: bool
    added_at: str
    workspace: str = ""  # the Teams team a channel belongs to ("" for a chat)

    @property
    def tenant(self) -> str:
        """The Microsoft Entra tenant of a Teams conversation ("" when the reference has none)."""
        conversation = self.reference.get("conversation")
        return (conversation.get("tenantId") or "") if isinstance(conversation, dict) else ""

    @property
    def kind(self) -> str:
        """A Teams conversation's type: personal, groupChat or channel."""
        conversation = self.reference.get("conversation")
        return conversation.get("conversationType", "personal") if isinstance(conversation, dict) else "personal"

    @property
    def name(self) -> str:
        conversation = self.reference.get("conversation")
        return conversation.get("name", "") if isinstance(conversation, dict) else ""
