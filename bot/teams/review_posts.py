"""A new lesson's review card in a Teams review channel, posted from the durable inbox (as Slack's,
bot/slack/review_posts.py): owed in the inbox with the lesson itself, posted at once, and
tried again by the inbox's worker when the connector fails or the process dies meanwhile. A lesson
decided (or erased) before its card went out gets none. A Teams conversation cannot be searched, so
a card whose post was cut off after the connector took it may show twice, as a reply may."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
from microsoft_agents.hosting.core import ChannelServiceAdapter

from bot.lessons import messages as shared
from bot.lessons.model import Lesson
from bot.service import DeliveryFailed, InboxItem, NotRecorded, Peerbot
from bot.teams import payloads
from bot.teams.lesson_cards import review_card
from bot.teams.references import CONNECTOR_FAILURES, post, refused, unposted

log = logging.getLogger(__name__)

REVIEW = "teams.review"


class ReviewPosts:
    def __init__(self, peerbot: Peerbot, adapter: ChannelServiceAdapter, app_id: str, card_message,
                 token_refused: Callable[[], None]):
        self.peerbot, self.adapter, self.app_id = peerbot, adapter, app_id
        self.card_message = card_message  # (card, summary) -> Activity
        self.token_refused = token_refused
        peerbot.handle(REVIEW, self.deliver, self.give_up)

    async def owed_kind(self) -> str:
        """The inbox kind a new lesson's card is owed as (`Peerbot.submit_lesson`, in the lesson's own
        transaction), or "" when the review channel is not a Teams conversation peerbot is in."""
        return REVIEW if await self._reference() is not None else ""

    async def owe(self, lesson: Lesson) -> bool:
        """Post `lesson`'s card, owed with it, now (a failure is left to the inbox's retries); whether
        the review channel is a Teams conversation peerbot is in (curators will see it)."""
        if await self._reference() is None:
            return False
        try:
            item = await self.peerbot.accept(f"{REVIEW}:{lesson.id}", REVIEW, {"lesson": lesson.id}, "")
        except NotRecorded as e:  # the lesson is stored: `peerbot lessons --pending` lists it
            log.warning("Teams: lesson #%d's review card could not be recorded (%s); it is not posted", lesson.id, e)
            return False
        if item is not None:
            await self.peerbot.run(item)
        return True

    async def deliver(self, item: InboxItem, _live: object = None) -> None:
        reference = await self._reference()
        lesson = await asyncio.to_thread(self.peerbot.owed_review_card, item.payload.get("lesson"))
        if reference is None or lesson is None:
            return
        names = {e.enabler.id: e.enabler.name for e in await asyncio.to_thread(self.peerbot.enablers)}
        card = self.card_message(review_card(lesson, names), shared.card_heading(lesson.id))
        await self.peerbot.posting(item)
        try:
            await post(self.adapter, self.app_id, reference, card)
        except aiohttp.ClientResponseError as e:
            if e.status == 401:
                self.token_refused()
            raise refused(e) from None
        except CONNECTOR_FAILURES as e:  # refused connections, resets: try again
            raise DeliveryFailed(unposted(e)) from None
        review = {"platform": payloads.PLATFORM, "channel": self.peerbot.review_channel}
        await asyncio.to_thread(self.peerbot.lesson_reviewed_at, lesson.id, review)

    async def give_up(self, item: InboxItem) -> None:
        """No one to apologise to: the lesson stays pending, and `peerbot lessons --pending` lists it."""
        log.warning("Teams: lesson #%s's review card was not posted; `peerbot lessons --pending` lists it",
                    item.payload.get("lesson"))

    async def _reference(self) -> dict | None:
        """The stored reference of the review channel, when it is a Teams conversation peerbot is in."""
        channel = self.peerbot.review_channel
        stored = {c.id: c for c in await asyncio.to_thread(self.peerbot.conversations, payloads.PLATFORM)}
        return stored[channel].reference if channel in stored else None
