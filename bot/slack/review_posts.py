"""A new lesson's review card in PEERBOT_REVIEW_CHANNEL, posted from the durable inbox.

The card is owed with the lesson: recorded in the inbox (kind `slack.review`, keyed by the lesson) in
the transaction that stores it (`Peerbot.submit_lesson`), so a SIGKILL between storing and posting, or Slack
failing the post, leaves it for the inbox's worker to post (with backoff), not lost. Like an answer,
it carries a marker: a retry looks for it in the review channel first (with a history scope) and
does not post it twice. A lesson decided (or erased) meanwhile gets no card. A card Slack refuses for
its form (`msg_too_long`, `invalid_blocks`) is posted as plain text, as an answer is.
"""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError

from bot.lessons.model import Lesson
from bot.service import DeliveryFailed, InboxItem, Peerbot
from bot.slack.lesson_views import review_card
from bot.slack.posting import (
    UNRENDERABLE,
    Destination,
    as_plain_text,
    delivery_failure,
    find_marked,
    marker,
    slack_error,
    text_field,
    with_marker,
)
from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)

REVIEW = "slack.review"


class ReviewPosts:
    def __init__(self, peerbot: Peerbot, workspaces: Workspaces):
        self.peerbot = peerbot
        self.workspaces = workspaces
        peerbot.handle(REVIEW, self.deliver, self.give_up)

    async def owe(self, lesson: Lesson) -> InboxItem | None:
        """`lesson`'s card, owed with it, taken to post now; None (no review channel; taken by the
        inbox's poll already, or to be posted once serving starts)."""
        if not self.peerbot.review_channel:
            return None
        return await self.peerbot.accept(f"{REVIEW}:{lesson.id}", REVIEW, {"lesson": lesson.id}, "")

    async def deliver(self, item: InboxItem, _live: object = None) -> None:
        channel = self.peerbot.review_channel
        lesson = await asyncio.to_thread(self.peerbot.owed_review_card, item.payload.get("lesson"))
        if not channel or lesson is None:
            return
        names = {e.enabler.id: e.enabler.name for e in await asyncio.to_thread(self.peerbot.enablers)}
        mark = marker(item.key)
        try:
            client = (await self.workspaces.tools(lesson.origin.workspace)).client
            if item.maybe_posted and await find_marked(client, Destination(channel), mark):
                return
            await self.peerbot.posting(item)
            card = with_marker(review_card(lesson, names), mark)
            try:
                posted = await client.chat_postMessage(channel=channel, **card.as_kwargs(), unfurl_links=False,
                                                       unfurl_media=False)
            except SlackApiError as e:  # refused for its form: nothing posted; its text, without the buttons
                if slack_error(e) not in UNRENDERABLE:
                    raise
                log.warning("Slack: lesson #%d's review card was refused (%s); posting it as plain text", lesson.id,
                            slack_error(e))
                posted = await client.chat_postMessage(channel=channel, **as_plain_text(card).as_kwargs(),
                                                       unfurl_links=False, unfurl_media=False)
        except DeliveryFailed:
            raise
        except Exception as e:
            raise delivery_failure(e) from None
        review = {"channel": text_field(posted.data, "channel") or channel, "ts": text_field(posted.data, "ts")}
        await asyncio.to_thread(self.peerbot.lesson_reviewed_at, lesson.id, review)

    async def give_up(self, item: InboxItem) -> None:
        """No one to apologise to: the lesson stays pending, and `peerbot lessons --pending` lists it."""
        log.warning("Slack: lesson #%s's review card was not posted; `peerbot lessons --pending` lists it",
                    item.payload.get("lesson"))
