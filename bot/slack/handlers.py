"""What peerbot does for each kind of Slack request, after it has been acknowledged.

Questions (mentions, DMs, `/peer`, `/enabler`, "Ask peerbot") come from the durable inbox
(`Peerbot.accept`, `Peerbot.run`): each is composed once, then posted at most once by
`bot.slack.posting`; a failed post is retried by the inbox. Inputs are the normalised objects of
`bot.slack.payloads` (rebuilt from the inbox after a restart); answering goes through
`bot.service.Peerbot` on a worker thread; output is rendered by `bot.slack.blocks` and
`bot.slack.enabler_blocks`. Button clicks and the Home tab are answered directly
(bot/slack/click_handlers.py). An unexpected error is logged with its traceback and the user gets a
short apology where the answer would have gone.
"""

from __future__ import annotations

import asyncio
import logging

from bot import messages as shared
from bot.answer import LoggedAnswer
from bot.service import DeliveryFailed, InboxItem, Peerbot
from bot.slack import block_kit, blocks, enabler_blocks, messages
from bot.slack.block_kit import Rendered
from bot.slack.click_handlers import ClickHandlers
from bot.slack.lesson_handlers import LessonHandlers
from bot.slack.lesson_views import save_offered_message
from bot.slack.payloads import MessageShortcut, SlackMessage, SlashCommand, restored
from bot.slack.posting import Destination, slack_error
from bot.slack.review_posts import ReviewPosts
from bot.slack.workspaces import Tools, Workspaces

log = logging.getLogger(__name__)

MESSAGE, PEER, ENABLER, SHORTCUT = "slack.message", "slack.peer", "slack.enabler", "slack.shortcut"
REQUESTS = {MESSAGE: SlackMessage, PEER: SlashCommand, ENABLER: SlashCommand, SHORTCUT: MessageShortcut}
COMPOSED_KEPT = 500  # composed replies waiting for a retry, at most


class Handlers(ClickHandlers):
    def __init__(self, peerbot: Peerbot, workspaces: Workspaces):
        self.peerbot = peerbot
        self.workspaces = workspaces  # each workspace's client, poster, places and mentions
        self.lessons = LessonHandlers(peerbot, workspaces)
        self.reviews = ReviewPosts(peerbot, workspaces)
        self._composed: dict[str, Rendered] = {}  # inbox key -> reply, so a retry posts the same answer
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        for kind in REQUESTS:
            peerbot.handle(kind, self.deliver, self.apologise)

    # -- questions, through the inbox ----------------------------------------------------------

    async def accept(self, kind: str, request: SlackMessage | SlashCommand | MessageShortcut) -> InboxItem | None:
        """Record the request in the inbox (before the acknowledgement); the item to answer now."""
        return await self.peerbot.accept(request.inbox_key, kind, request.stored(), request.text)

    async def run(self, item: InboxItem, live: object = None) -> None:
        """Answer an accepted item now, with the request it came with."""
        await self.peerbot.run(item, live)

    async def deliver(self, item: InboxItem, live: object = None) -> None:
        request = live if isinstance(live, SlackMessage | SlashCommand | MessageShortcut) else _restored(item)
        tools = await self.workspaces.tools(request.workspace)
        rendered = self._composed.get(item.key)
        if rendered is None:
            rendered = await self._compose(item, request, tools)
            self._keep(item.key, rendered)
        await tools.poster.deliver(_destination(item.kind, request), rendered, item.key, item.maybe_posted,
                                   lambda: self.peerbot.posting(item))
        self._composed.pop(item.key, None)

    async def apologise(self, item: InboxItem) -> None:
        self._composed.pop(item.key, None)
        request = _restored(item)
        apology = block_kit.notice(messages.apology())
        tools = await self.workspaces.tools(request.workspace)
        await tools.poster.deliver(_destination(item.kind, request), apology, item.key, item.maybe_posted,
                                   lambda: self.peerbot.posting(item))

    async def _compose(self, item: InboxItem, request, tools: Tools) -> Rendered:
        kind = item.kind
        if kind == MESSAGE:
            return await self._message(request, tools, item.key)
        if kind == PEER:
            logged = await asyncio.to_thread(self.peerbot.ask, request.question(), delivery=item.key)
            heading = messages.you_asked(block_kit.fit(logged.redacted_question, 1000))
            return await self._answer(logged, tools, heading=heading, share=logged.redacted_question, posted=False,
                                      private=True)
        if kind == ENABLER:
            return await self._enabler(request, tools)
        if not request.text:
            return block_kit.notice(messages.shortcut_without_text())
        place = await tools.places.place(request.channel)
        logged = await asyncio.to_thread(self.peerbot.ask, request.question(place), delivery=item.key)
        await _tell_privately(tools, request.channel, request.user, request.reply_thread, logged)
        return await self._answer(logged, tools, notice=False)

    async def _message(self, message: SlackMessage, tools: Tools, delivery: str) -> Rendered:
        """A mention in a channel or a DM: answered in its thread (a DM in the DM). A follow-up in a
        thread is read with the thread's first question, which peerbot remembers itself."""
        if not message.text:
            return block_kit.notice(block_kit.escape(shared.help_reply()))
        if message.is_dm and (offered := self.peerbot.offered_lesson(message.text)) is not None:
            return save_offered_message(offered)  # "save this as a lesson: …": the form, not an answer
        place = await tools.places.place(message.channel)
        logged = await asyncio.to_thread(self.peerbot.ask, message.question(place), delivery=delivery)
        if message.is_dm:
            return await self._answer(logged, tools, private=True)
        await _tell_privately(tools, message.channel, message.user, message.reply_thread, logged)
        return await self._answer(logged, tools, notice=False)

    async def _enabler(self, command: SlashCommand, tools: Tools) -> Rendered:
        """`/enabler [NAME]`: every enabler in one line each, or a summary of the named one."""
        if command.is_help:  # `/enabler` or `/enabler help`
            return enabler_blocks.enabler_listing_message(await asyncio.to_thread(self.peerbot.enablers))
        name = " ".join(command.text.split())  # a name typed over two lines is one name
        resolution = await asyncio.to_thread(self.peerbot.resolve_enabler, name)
        if resolution.enabler is None:
            return enabler_blocks.unknown_enabler_message(name, resolution)
        summary = await asyncio.to_thread(self.peerbot.enabler_summary, resolution.enabler.id)
        if not summary.lesson_count:
            return block_kit.notice(block_kit.fit(shared.no_lessons_yet(summary.enabler), 3000))
        people = await tools.resolver.mentions(summary.contacts)  # seen by the asker alone (ephemeral)
        return enabler_blocks.enabler_summary_message(summary, people)

    def _keep(self, key: str, rendered: Rendered) -> None:
        if len(self._composed) >= COMPOSED_KEPT:  # items another worker took over: forget the oldest
            for old in list(self._composed)[: COMPOSED_KEPT // 2]:
                del self._composed[old]
        self._composed[key] = rendered

    # -- helpers -------------------------------------------------------------------------------

    async def _answer(self, logged: LoggedAnswer, tools: Tools, heading: str = "", share: str | None = None,
                      posted: bool = True, notice: bool = True, private: bool = False) -> Rendered:
        """`share`: the redacted question, for a "Share in channel" button; `posted`: the question is a
        message others may see (not a slash command), which the notice of identifying details says;
        `notice`: that notice goes in the reply (not in a channel's: `_tell_privately`); `private`: the
        reply is seen by the asker alone (their DM with peerbot, an ephemeral reply), the only place a
        contact is a `<@U…>` mention. Anywhere others read it (a channel, a private channel, a group DM,
        their threads) a contact is their name, role and organisation, never a mention: a mention notifies
        a member of the conversation, and a senior person must not be pinged for strangers' questions."""
        notice_text = shared.details_removed(logged.redacted_question, posted) if notice else ""
        heading = "\n".join(part for part in (heading, block_kit.escape(notice_text)) if part)
        people = await tools.resolver.mentions(logged.answer.contacts) if private else {}
        return blocks.answer_message(logged.answer, logged.question_id, people, heading=heading, share=share)


async def _tell_privately(tools: Tools, channel: str, user: str, thread: str | None, logged: LoggedAnswer) -> None:
    """Tell the asker alone (chat.postEphemeral), never the channel, that their question had details that
    could identify someone; when that cannot be done, it is logged without the details."""
    notice = shared.details_removed(logged.redacted_question, posted=True)
    if not notice:
        return
    try:
        if not user:
            raise ValueError("no asker is known")
        await tools.client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread or None,
                                              text=notice, blocks=[block_kit.section(block_kit.escape(notice))])
    except Exception as e:  # an asker who left, a channel peerbot may not post in: the answer still goes
        log.info("Slack: could not tell an asker privately that their question had identifying details (%s)",
                 slack_error(e) or type(e).__name__)


def _restored(item: InboxItem) -> SlackMessage | SlashCommand | MessageShortcut:
    """The request an inbox item stored; one it cannot be rebuilt from (written by other hands) is
    given up at once, as for a Teams item."""
    try:
        return restored(REQUESTS[item.kind], item.payload)
    except ValueError:
        raise DeliveryFailed(f"the inbox's {item.kind} is malformed", retry=False) from None


def channel_of(kind: str, stored: dict) -> str | None:
    """The channel (or DM) a pending inbox item belongs to, read as `deliver` reads it (`peerbot
    forget --channel` finds a channel's items by it); None for another adapter's kind or a record
    that cannot be rebuilt."""
    if kind not in REQUESTS:
        return None
    try:
        return restored(REQUESTS[kind], stored).channel
    except ValueError:
        return None


def _destination(kind: str, request) -> Destination:
    """Where the reply to a request goes."""
    if kind == MESSAGE:
        return Destination(request.channel, request.reply_thread, after_ts=request.ts)
    if kind in (PEER, ENABLER):
        return Destination(request.channel, ephemeral_to=request.user, response_url=request.response_url)
    if not request.text:
        return Destination("", response_url=request.response_url, respond_only=True)
    return Destination(request.channel, request.reply_thread, response_url=request.response_url,
                       after_ts=request.message_ts)
