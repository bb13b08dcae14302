"""What peerbot does for each kind of Slack request, after it has been acknowledged.

Questions (mentions, DMs, `/peer`, `/enabler`, "Ask peerbot") come from the durable inbox
(`Peerbot.accept`, `Peerbot.run`): each is composed once, then posted at most once by
`bot.slack.posting`; a failed post is retried by the inbox. Inputs are the normalised objects of
`bot.slack.payloads` (rebuilt from the inbox after a restart); answering goes through
`bot.service.Peerbot` on a worker thread; output is rendered by `bot.slack.blocks` and
`bot.slack.enabler_blocks`. Button clicks and the Home tab are answered directly. A click or form
that meets the records database unavailable (a stopped PostgreSQL, a SQLite file another process
holds) is one warning line and
its user is asked to try again; an unexpected error is logged with its traceback and the user
gets a short apology where the answer would have gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot import messages as shared
from bot.answer import LoggedAnswer
from bot.service import Cutoff, DeliveryFailed, InboxItem, Peerbot, log_failure, not_recorded
from bot.slack import block_kit, blocks, enabler_blocks, messages
from bot.slack.block_kit import Rendered
from bot.slack.lesson_handlers import LessonHandlers
from bot.slack.payloads import (
    PLATFORM,
    ButtonClick,
    MessageShortcut,
    SlackMessage,
    SlashCommand,
    parse_share_value,
    restored,
)
from bot.slack.posting import SLACK_FAILURES, Destination, failure_line
from bot.slack.recording import before_ack
from bot.slack.workspaces import Tools, Workspaces

log = logging.getLogger(__name__)

MESSAGE, PEER, ENABLER, SHORTCUT = "slack.message", "slack.peer", "slack.enabler", "slack.shortcut"
REQUESTS = {MESSAGE: SlackMessage, PEER: SlashCommand, ENABLER: SlashCommand, SHORTCUT: MessageShortcut}
COMPOSED_KEPT = 500  # composed replies waiting for a retry, at most


class Handlers:
    def __init__(self, peerbot: Peerbot, workspaces: Workspaces):
        self.peerbot = peerbot
        self.workspaces = workspaces  # each workspace's client, poster, places and mentions
        self.lessons = LessonHandlers(peerbot, workspaces)
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
            return await self._answer(logged, tools, heading=heading, share=logged.redacted_question, posted=False)
        if kind == ENABLER:
            return await self._enabler(request, tools)
        if not request.text:
            return block_kit.notice(messages.shortcut_without_text())
        place = await tools.places.place(request.channel)
        return await self._answer(
            await asyncio.to_thread(self.peerbot.ask, request.question(place), delivery=item.key), tools)

    async def _message(self, message: SlackMessage, tools: Tools, delivery: str) -> Rendered:
        """A mention in a channel or a DM: answered in its thread (a DM in the DM). A follow-up in a
        thread is read with the thread's first question, which peerbot remembers itself."""
        if not message.text:
            return block_kit.notice(block_kit.escape(shared.help_reply()))
        place = await tools.places.place(message.channel)
        return await self._answer(
            await asyncio.to_thread(self.peerbot.ask, message.question(place), delivery=delivery), tools)

    async def _enabler(self, command: SlashCommand, tools: Tools) -> Rendered:
        """`/enabler [NAME]`: every enabler in one line each, or a summary of the named one."""
        if command.is_help:  # `/enabler` or `/enabler help`
            return enabler_blocks.enabler_listing_message(await asyncio.to_thread(self.peerbot.enablers))
        resolution = await asyncio.to_thread(self.peerbot.resolve_enabler, command.text)
        if resolution.enabler is None:
            return enabler_blocks.unknown_enabler_message(command.text, resolution)
        summary = await asyncio.to_thread(self.peerbot.enabler_summary, resolution.enabler.id)
        if not summary.lesson_count:
            return block_kit.notice(block_kit.fit(shared.no_lessons_yet(summary.enabler), 3000))
        people = await tools.resolver.mentions(summary.contacts)
        return enabler_blocks.enabler_summary_message(summary, people)

    def _keep(self, key: str, rendered: Rendered) -> None:
        if len(self._composed) >= COMPOSED_KEPT:  # items another worker took over: forget the oldest
            for old in list(self._composed)[: COMPOSED_KEPT // 2]:
                del self._composed[old]
        self._composed[key] = rendered

    # -- clicks and the Home tab, answered directly ---------------------------------------------

    async def drain(self, timeout: float) -> bool:
        """Wait (up to `timeout` seconds) for clicks in progress; True when none is left."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except TimeoutError:
            return False

    @contextlib.asynccontextmanager
    async def _tracked(self):
        self._inflight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._inflight -= 1
            if not self._inflight:
                self._idle.set()

    async def guarded(self, destination: Destination, work: Callable[[], Awaitable[None]], team: str = "") -> None:
        """Run a click's or a form's work, counted for `drain`; an unexpected error is logged and the
        user gets an apology at `destination` (in workspace `team`)."""
        await self._guarded(team, destination, lambda _tools: work())

    async def track(self, work: Callable[[], Awaitable[None]]) -> None:
        """Run work that handles its own failures, counted for `drain`."""
        async with self._tracked():
            await work()

    async def record_watch(self, click: ButtonClick) -> bool:
        """"Tell me when someone answers this": remember who asked to hear, with their consent (before
        the click is acknowledged); False when the question is unknown or expired."""
        return await before_ack(self.peerbot.watch_question, click.value, PLATFORM, click.user)

    async def watch(self, click: ButtonClick, watching: bool) -> None:
        """Tell the click's user whether they will hear."""
        destination = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)

        async def work(tools: Tools) -> None:
            await tools.poster.send(destination, block_kit.notice(messages.watching() if watching else messages.watch_expired()))

        await self._guarded(click.workspace, destination, work)

    async def _guarded(self, team: str, destination: Destination, work: Callable[[Tools], Awaitable[None]]) -> None:
        async with self._tracked():
            try:
                tools = await self.workspaces.tools(team)
            except DeliveryFailed as e:
                log.warning("Slack: %s", e)
                return
            except Exception as e:  # the installations are in the records database
                if not_recorded(e) is None:
                    raise
                log.warning("Slack: a click or form could not be handled: %s", not_recorded(e))
                return
            try:
                await work(tools)
            except SLACK_FAILURES as e:  # the conversation's id is not logged: it may be someone's DM
                log.warning("Slack: a call failed while handling a request (%s)", failure_line(e))
                sorry = messages.apology()
            except Exception as e:
                unavailable = not_recorded(e)
                if unavailable is None:
                    log.exception("Slack: failed to handle a request")
                    sorry = messages.apology()
                else:  # Slack never sends a click or a form again: its user is asked to
                    log.warning("Slack: a click or form could not be recorded; its user is asked to try again (%s)",
                                unavailable)
                    sorry = messages.not_recorded_now()
            else:
                return
            try:
                await tools.poster.send(destination, block_kit.notice(sorry))
            except SLACK_FAILURES as e:
                log.warning("Slack: could not post the apology (%s)", failure_line(e))
            except Exception:
                log.exception("Slack: could not post the apology")

    async def record_feedback(self, click: ButtonClick, helpful: bool) -> bool:
        """Store a Helpful / Not helpful click (before it is acknowledged), once however often it is
        delivered; False when the question is unknown or expired."""
        cutoff = Cutoff()  # refused after RECORD_SECONDS: then it is not stored later either (a retry would count twice)

        def record() -> bool:  # the same click delivered again is True, stored once
            return self.peerbot.feedback(click.value, helpful, PLATFORM, cutoff=cutoff, delivery=click.delivery)
        return await before_ack(record, cutoff=cutoff)

    async def feedback(self, click: ButtonClick, helpful: bool, recorded: bool) -> None:
        """Acknowledge a stored click by updating the message (or say it could not be)."""
        destination = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)

        async def work(tools: Tools) -> None:
            if not recorded:
                await tools.poster.send(destination, block_kit.notice(messages.feedback_not_recorded()))
            elif click.is_ephemeral or not click.blocks:
                await tools.poster.send(destination, block_kit.notice(messages.feedback_thanks(helpful)))
            else:
                await tools.client.chat_update(
                    channel=click.channel, ts=click.message_ts, text=click.message_text,
                    blocks=blocks.feedback_given(click.blocks, helpful),
                )

        await self._guarded(click.workspace, destination, work)

    async def share(self, click: ButtonClick) -> None:
        """"Share in channel" on a `/peer` answer: post the same answer publicly."""
        destination = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)

        async def work(tools: Tools) -> None:
            if not self.peerbot.ready:  # the answer cannot be composed yet; the asker still has theirs
                await tools.poster.send(destination, block_kit.notice(messages.still_starting()))
                return
            shared_question = parse_share_value(click.value)
            if shared_question is None:  # not a value peerbot's button carries: nothing to share
                log.warning("Slack: a Share button click with a malformed value")
                await tools.poster.send(destination, block_kit.notice(messages.share_unavailable()))
                return
            question_id, text = shared_question
            logged = await asyncio.to_thread(self.peerbot.reshare, question_id, text)
            heading = messages.shared_by(click.user, block_kit.fit(text, 1000))
            rendered = await self._answer(logged, tools, heading=heading)
            if await tools.poster.send(Destination(click.channel, response_url=click.response_url), rendered):
                try:
                    await tools.poster.respond(click.response_url, None, delete_original=True)
                except SLACK_FAILURES as e:  # shared all the same: nothing to apologise for
                    log.warning("Slack: shared an answer, but could not remove its private copy (%s)", failure_line(e))

        await self._guarded(click.workspace, destination, work)

    async def home(self, user: str, team: str) -> None:
        """The App Home tab: what peerbot does, how to ask, the enablers, the corpus size (published
        when it is next opened if peerbot is still starting)."""
        if not self.peerbot.ready:
            return
        async with self._tracked():
            try:
                tools = await self.workspaces.tools(team)
                listing = await asyncio.to_thread(self.peerbot.enablers)
                size = self.peerbot.corpus_size()
                view = enabler_blocks.home_view(listing, size.documents, size.passages)
                await tools.client.views_publish(user_id=user, view=view)
            except SLACK_FAILURES as e:  # nowhere to apologise on the Home tab: log it
                log.warning("Slack: could not publish the Home tab (%s)", failure_line(e))
            except Exception as e:
                log_failure(log, e, "Slack: could not publish the Home tab")

    # -- helpers -------------------------------------------------------------------------------

    async def _answer(self, logged: LoggedAnswer, tools: Tools, heading: str = "", share: str | None = None,
                      posted: bool = True) -> Rendered:
        """`share`: the redacted question, for a "Share in channel" button; `posted`: the question is a
        message others may see (not a slash command), which the notice of identifying details says."""
        notice = shared.details_removed(logged.redacted_question, posted)
        heading = "\n".join(part for part in (heading, block_kit.escape(notice)) if part)
        people = await tools.resolver.mentions(logged.answer.contacts)
        return blocks.answer_message(logged.answer, logged.question_id, people, heading=heading, share=share)


def _restored(item: InboxItem) -> SlackMessage | SlashCommand | MessageShortcut:
    """The request an inbox item stored; one it cannot be rebuilt from (written by other hands) is
    given up at once, as for a Teams item."""
    try:
        return restored(REQUESTS[item.kind], item.payload)
    except ValueError:
        raise DeliveryFailed(f"the inbox's {item.kind} is malformed", retry=False) from None


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
