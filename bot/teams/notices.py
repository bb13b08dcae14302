"""Direct messages telling Teams askers that a new lesson answers the question they asked (the gap
loop), from a command (`peerbot lessons approve`): posted into each asker's personal chat through
the conversation reference peerbot stored when they asked to be told. The server sends its own
(bot/teams/lessons.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from microsoft_agents.hosting.core import MessageFactory

from bot.lessons.model import Notice
from bot.records import StoredConversation
from bot.settings import Settings
from bot.teams.digest import TeamsPoster
from bot.teams.payloads import PLATFORM

log = logging.getLogger(__name__)


async def send_with_settings(settings: Settings, notices: tuple[Notice, ...],
                             conversations: Iterable[StoredConversation]) -> list[Notice]:
    """Send each Teams notice to its asker's personal chat (one of `conversations`); the ones that
    went. One that did not go is logged (never the chat's id) and its asker kept."""
    stored = {c.id: c for c in conversations}
    poster, sent = TeamsPoster(settings), []
    for notice in notices:
        if notice.platform != PLATFORM or notice.user not in stored:
            continue
        try:
            await poster.post(stored[notice.user].reference, MessageFactory.text(notice.text))
            sent.append(notice)
        except Exception:
            log.exception("Teams: could not tell an asker that lesson %s answers their question", notice.document_id)
    return sent
