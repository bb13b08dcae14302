"""Teams replies posted from the durable inbox: composed once, posted through the stored reference.

The worker that answers Slack answers Teams too (bot/delivery.py): it hands each Teams inbox item to
`deliver`, which composes the reply (from the live message, or from the inbox after a retry or a
restart) and posts it once; a connector slow to answer is waited for (bot/teams/late_posts.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import pydantic
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ChannelServiceAdapter, MessageFactory, TurnContext

from bot.service import DeliveryFailed, InboxItem, Peerbot
from bot.teams import messages, payloads
from bot.teams.asker_notice import tell_privately
from bot.teams.inbox_items import restored
from bot.teams.late_posts import LatePosts
from bot.teams.references import post, refused, taken
from bot.teams.replies import Replies

CONNECTOR_SHARE = 2 / 3  # of a post's time limit: a reply the connector has not answered by then is retried later


class Outbox:
    """Posts each Teams inbox item's reply; a reply composed is kept until it is out, so a retry
    sends the same answer."""

    def __init__(self, peerbot: Peerbot, adapter: ChannelServiceAdapter, app_id: str, replies: Replies,
                 token_refused: Callable[[], None]):
        self.peerbot, self.adapter, self.app_id, self.replies = peerbot, adapter, app_id, replies
        self.token_refused = token_refused  # the connector answered 401: sign in afresh for the next try
        self._composed: dict[str, Activity] = {}  # inbox key -> reply
        self._late = LatePosts()

    async def deliver(self, item: InboxItem, live: object) -> None:
        """Compose the reply (from the message, or from the inbox after a retry or a restart) and
        post it through the stored reference (or into the turn, when its caller expects replies)."""
        incoming, turn = live if isinstance(live, tuple) else (_restored(item), None)
        if item.key not in self._composed:
            reply, private = await asyncio.to_thread(self.replies.reply, incoming, item.key)
            if private:  # in a channel or group chat: to the asker alone, before the answer everyone reads
                await tell_privately(self.adapter, self.app_id, item.payload, private)
            self._composed[item.key] = reply
        await self._send(item, self._composed[item.key], turn)
        self._composed.pop(item.key, None)

    async def apologise(self, item: InboxItem) -> None:
        self._composed.pop(item.key, None)
        await self._send(item, MessageFactory.text(messages.apology()), None)

    async def _send(self, item: InboxItem, reply: Activity, turn: TurnContext | None) -> None:
        """Post once. A connector that has not answered within CONNECTOR_SHARE of the post's time
        limit (20 s of 30) may yet take the post: it goes on in the background, and the item is
        retried later, posting again only if that post fails (bot/teams/late_posts.py)."""
        reference = item.payload.get("reference")
        if turn is None and not isinstance(reference, dict):
            raise DeliveryFailed("no conversation reference was stored", retry=False)
        if self._late.sent(item.key, self.peerbot.last_try(item)):
            return
        seconds = await self.peerbot.posting(item) * CONNECTOR_SHARE  # raises if another worker has taken it over
        await self._late.send(item.key, self._post(reply, reference, turn), seconds)

    async def _post(self, reply: Activity, reference: object, turn: TurnContext | None) -> None:
        try:
            if turn is not None:  # delivery mode expectReplies: the SDK keeps the reply for the response
                await taken(turn.send_activity(reply))
            elif isinstance(reference, dict):
                await post(self.adapter, self.app_id, reference, reply)
        except aiohttp.ClientResponseError as e:  # the connector refused: 4xx is for good (bot removed)
            if e.status == 401:
                self.token_refused()
            raise refused(e) from None
        except pydantic.ValidationError:  # the connector's answer is `taken`'s: this is the stored reference
            raise DeliveryFailed("the stored conversation reference is not one", retry=False) from None
        except Exception as e:  # refused connections, resets: try again
            raise DeliveryFailed(f"{type(e).__name__}: {e}"[:200]) from None


def _restored(item: InboxItem) -> payloads.Incoming:
    """The question or command an inbox item holds (its text redacted)."""
    try:
        return restored(item.key, item.payload)
    except ValueError as e:
        raise DeliveryFailed(str(e), retry=False) from None
