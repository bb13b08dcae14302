"""Peerbot added to or removed from a Teams conversation, and the welcome said once per install."""

from __future__ import annotations

import asyncio
import logging

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import MessageFactory, TurnContext, TurnState

from bot.question import PUBLIC
from bot.service import HELD, Peerbot
from bot.teams import messages, payloads
from bot.teams.inbox_items import WELCOME
from bot.teams.references import CONNECTOR_FAILURES, reference, taken, unposted

logger = logging.getLogger(__name__)


class Membership:
    """Keeps the conversations peerbot is in (for replies and the digest), and welcomes each install."""

    def __init__(self, peerbot: Peerbot):
        self.peerbot = peerbot
        self._welcoming: set[str] = set()  # installs whose welcome is being posted in this process

    async def on_update(self, context: TurnContext, _state: TurnState) -> None:
        activity, peerbot = context.activity, self.peerbot
        if payloads.bot_added(activity):
            conversation = payloads.conversation_id(activity)
            await asyncio.to_thread(peerbot.save_conversation, conversation, payloads.PLATFORM, reference(activity),
                                    payloads.team_id(activity))
            logger.info("Teams: added to %s", described(activity))
            if activity.type == ActivityTypes.installation_update:
                await self._welcome_once(context)
        elif payloads.bot_removed(activity):
            await asyncio.to_thread(peerbot.remove_conversation, payloads.conversation_id(activity))
            logger.info("Teams: removed from %s", described(activity))

    async def _welcome_once(self, context: TurnContext) -> None:
        """Welcome once per install, whichever server (replica) Teams' redelivery reaches: the
        delivery is held in the inbox (an owner and a lease) while the welcome is posted, and marked
        posted after it. A redelivery while another server posts it is refused with 503, for Teams to
        send again (posted by then, or free once a killed poster's lease runs out); one while this
        process posts it, or after, is not welcomed again; a process stopped mid-post gives it back."""
        key = payloads.event_key(context.activity)
        if key in self._welcoming or await asyncio.to_thread(self.peerbot.seen, key):  # seen: welcomed before stop 36
            return
        if await self.peerbot.hold(key, WELCOME) != HELD:
            return
        self._welcoming.add(key)
        done = False
        try:
            await _welcome(context)
            done = True
        finally:
            self._welcoming.discard(key)
            if done:
                await asyncio.to_thread(self.peerbot.posted, key, WELCOME, True)
            else:  # cancelled mid-post (the process stopping): no await can run here
                self.peerbot.posted(key, WELCOME, False)


async def _welcome(context: TurnContext) -> None:
    """Say what peerbot does where it was installed. The conversation is stored already; a connector
    that fails is one line (the welcome is not tried again), not a 500 that makes Teams resend."""
    try:
        await taken(context.send_activity(MessageFactory.text(messages.usage())))
    except CONNECTOR_FAILURES as e:
        logger.warning("Teams: could not post the welcome to %s (%s)", described(context.activity), unposted(e))


def described(activity: Activity) -> str:
    """A conversation for the log: a public channel by its id, a chat only by its kind (a personal
    chat's id identifies a person)."""
    place = payloads.place_of(activity)
    return f"channel {payloads.conversation_id(activity)}" if place == PUBLIC else f"a {place} conversation"
