"""What a chat adapter hands to peerbot: a question, normalised once, and where it was asked.

Where a question was asked decides who may ever see it again. Only a question asked in a public
place (a Slack public channel, a Teams team channel) may be quoted beyond the person who asked
it, and then only to the same workspace or team. Anything peerbot cannot tell is private: it
fails safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index import clean  # outside text made safe: adapters pass every text they read through it

__all__ = ["DM", "GROUP", "PLACES", "PRIVATE", "PUBLIC", "Place", "Platform", "Question", "clean", "is_public"]

Place = Literal["public", "private", "group", "dm"]
Platform = Literal["slack", "teams", "cli"]
PUBLIC: Place = "public"  # a Slack public channel, a Teams team channel
PRIVATE: Place = "private"  # a private channel, a /peer question (only its asker saw it), or unknown
GROUP: Place = "group"  # a Slack group DM, a Teams group chat
DM: Place = "dm"  # a direct message with peerbot, a Teams personal chat

PLACES: tuple[Place, ...] = (PUBLIC, PRIVATE, GROUP, DM)


def is_public(place: str) -> bool:
    return place == PUBLIC


@dataclass(frozen=True)
class Question:
    """A question as every chat platform delivers it, normalised once by the adapter."""

    platform: Platform
    channel: str  # channel / conversation id (never a user's name)
    text: str
    place: Place = PRIVATE  # what the adapter cannot tell is private
    workspace: str = ""  # the Slack workspace or Teams team (a Teams chat: its tenant)
    thread: str = ""  # the thread (or chat) it was asked in, whose earlier question peerbot remembers
    chat: bool = False  # a chat without threads: the latest recent question is the context, not the first


def lines_kept(text: str) -> str:
    """`text` with its spaces collapsed and its blank lines dropped, its line breaks kept: the core finds a
    pasted email's quoted lines by them (`bot.quoted_email`), then joins the lines itself."""
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"[^\S\n]+", " ", text)).strip()
