"""Delivering the weekly digest to Teams: a proactive post to each conversation an admin opted in
(`peerbot teams-conversations --digest-on ID`), through its stored conversation reference."""

from __future__ import annotations

import asyncio

import aiohttp
from microsoft_agents.hosting.core import MessageFactory

from bot.digest.audience import Audience, tenant_of
from bot.digest.model import Digest
from bot.digest.posting import DeliveryError
from bot.digest.render_text import render_digest
from bot.runtime import open_directory, open_state
from bot.settings import Settings
from bot.state import StoredConversation
from bot.teams import cards
from bot.teams.app import card_message, connection_manager, make_adapter, teams_mode
from bot.teams.payloads import PLATFORM
from bot.teams.references import post


class TeamsDestination:
    """One opted-in Teams chat or channel; `post` raises DeliveryError when Teams cannot be reached."""

    def __init__(self, settings: Settings, conversation: StoredConversation):
        self.settings = settings
        self.conversation = conversation
        self.key = f"{PLATFORM}:{conversation.id}"

    def audience(self) -> Audience:
        """A channel's team (a chat has none, so its digest quotes no one); its tenant's chats are counted."""
        return Audience(self.conversation.workspace, frozenset({tenant_of(self.conversation)}) - {""})

    def post(self, digest: Digest) -> None:
        fallback = render_digest(digest)
        upns = open_directory(self.settings)[0].teams_upns()
        card = cards.digest_card(digest, upns, fallback)
        message = card_message(card, fallback.splitlines()[0]) if cards.fits(card) else MessageFactory.text(fallback)
        try:
            asyncio.run(self._send(message))
        except (aiohttp.ClientError, OSError) as e:
            where = self.conversation.reference.get("serviceUrl", "?")
            raise DeliveryError(f"cannot post to Teams at {where} ({type(e).__name__}: {e})") from None

    async def _send(self, message) -> None:
        adapter = make_adapter(connection_manager(self.settings), self.settings)
        await post(adapter, self.settings.teams_client_id, self.conversation.reference, message)


def teams_destinations(settings: Settings) -> list[TeamsDestination]:
    """Every Teams conversation opted in to the digest; none when Teams is not configured."""
    if teams_mode(settings) is None:
        return []
    state = open_state(settings)
    try:
        opted_in = state.conversations(PLATFORM, digest_only=True)
    finally:
        state.close()
    return [TeamsDestination(settings, conversation) for conversation in opted_in]
