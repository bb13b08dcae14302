"""What peerbot does for each kind of Slack request, after it has been acknowledged.

Inputs are the normalised objects of `bot.slack.payloads`; answering goes through
`bot.service.Peerbot` (in a worker thread, so the event loop keeps acknowledging); output is
rendered by `bot.slack.blocks`. An unexpected error is logged with its traceback and the user
gets a short apology where the answer would have gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot import messages as shared
from bot.service import LoggedAnswer, Peerbot
from bot.slack import blocks, messages
from bot.slack.blocks import Rendered
from bot.slack.payloads import PLATFORM, ButtonClick, MessageShortcut, SlackMessage, SlashCommand, parse_share_value
from bot.slack.places import PlaceResolver
from bot.slack.users import MentionResolver

log = logging.getLogger(__name__)

# Errors meaning "peerbot may not post here": answer the asker privately instead.
CANNOT_POST = {"channel_not_found", "not_in_channel", "is_archived", "user_not_in_channel", "restricted_action"}


@dataclass(frozen=True)
class Destination:
    channel: str
    thread_ts: str | None = None
    ephemeral_to: str = ""  # a user id: only they see the message
    response_url: str = ""  # the fallback when peerbot cannot post in the channel


class Handlers:
    def __init__(self, peerbot: Peerbot, client: AsyncWebClient, resolver: MentionResolver, session=None):
        self.peerbot = peerbot
        self.guide = peerbot.guide  # enablers: listing(), resolve(name), summarise(id)
        self.client = client
        self.resolver = resolver
        self.places = PlaceResolver(client)
        self.session = session
        self._claims = ThreadPoolExecutor(1, thread_name_prefix="slack-claims")
        self._inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # -- admission and bookkeeping ------------------------------------------------------------

    async def claim(self, keys: tuple[str, ...]) -> bool:
        """True the first time a delivery is seen (kept in SQLite, so it holds across restarts).

        Runs on its own thread, not the pool that answers: an acknowledgement never queues
        behind answers in progress, however many there are."""
        if not keys:
            return True
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._claims, self.peerbot.state.claim_event, *keys)

    async def drain(self, timeout: float) -> bool:
        """Wait (up to `timeout` seconds) for answers in progress; True when none is left."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except TimeoutError:
            return False

    def close(self) -> None:
        self._claims.shutdown(wait=False)

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

    async def _guarded(self, destination: Destination, work: Callable[[], Awaitable[None]]) -> None:
        async with self._tracked():
            try:
                await work()
            except Exception:  # the conversation's id is not logged: it may be someone's DM
                log.exception("Slack: failed to handle a request")
                try:
                    await self.send(destination, blocks.notice(messages.apology()))
                except Exception:
                    log.exception("Slack: could not post the apology")

    # -- requests ------------------------------------------------------------------------------

    async def message(self, message: SlackMessage) -> None:
        """A mention in a channel or a DM: answer in its thread (a DM in the DM). A follow-up in a
        thread is read with the thread's first question, which peerbot remembers itself."""
        destination = Destination(message.channel, message.reply_thread)

        async def work() -> None:
            if not message.text:
                await self.send(destination, blocks.notice(blocks.escape(shared.empty_question())))
                return
            place = await self.places.place(message.channel)
            logged = await asyncio.to_thread(self.peerbot.ask, message.question(place))
            await self.send(destination, await self._answer(logged))

        await self._guarded(destination, work)

    async def peer(self, command: SlashCommand) -> None:
        """`/peer QUESTION`: the answer only the asker sees, with a "Share in channel" button."""
        destination = Destination(command.channel, ephemeral_to=command.user, response_url=command.response_url)

        async def work() -> None:
            logged = await asyncio.to_thread(self.peerbot.ask, command.question())
            heading = messages.you_asked(blocks.fit(command.text, 1000))
            await self.send(destination, await self._answer(logged, heading=heading, shareable=True))

        await self._guarded(destination, work)

    async def enabler(self, command: SlashCommand) -> None:
        """`/enabler [NAME]`: every enabler in one line each, or a summary of the named one."""
        destination = Destination(command.channel, ephemeral_to=command.user, response_url=command.response_url)

        async def work() -> None:
            if command.is_help:  # `/enabler` or `/enabler help`
                listing = await asyncio.to_thread(self.guide.listing)
                await self.send(destination, blocks.enabler_listing_message(listing))
                return
            resolution = await asyncio.to_thread(self.guide.resolve, command.text)
            if resolution.enabler is None:
                await self.send(destination, blocks.unknown_enabler_message(command.text, resolution.suggestions))
                return
            summary = await asyncio.to_thread(self.guide.summarise, resolution.enabler.id)
            if not summary.lesson_count:
                await self.send(destination, blocks.notice(blocks.fit(shared.no_lessons_yet(summary.enabler), 3000)))
                return
            people = await self.resolver.mentions(summary.contacts)
            await self.send(destination, blocks.enabler_summary_message(summary, people))

        await self._guarded(destination, work)

    async def shortcut(self, shortcut: MessageShortcut) -> None:
        """"Ask peerbot" on a message: answer its text in its thread."""
        destination = Destination(shortcut.channel, shortcut.reply_thread, response_url=shortcut.response_url)

        async def work() -> None:
            if not shortcut.text:
                await self._respond(shortcut.response_url, blocks.notice(messages.shortcut_without_text()))
                return
            place = await self.places.place(shortcut.channel)
            logged = await asyncio.to_thread(self.peerbot.ask, shortcut.question(place))
            await self.send(destination, await self._answer(logged))

        await self._guarded(destination, work)

    async def feedback(self, click: ButtonClick, helpful: bool) -> None:
        """Store a Helpful / Not helpful click and acknowledge it by updating the message."""
        destination = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)

        async def work() -> None:
            if not await asyncio.to_thread(self.peerbot.feedback, click.value, helpful, PLATFORM):
                await self.send(destination, blocks.notice(messages.feedback_not_recorded()))
            elif click.is_ephemeral or not click.blocks:
                await self.send(destination, blocks.notice(messages.feedback_thanks(helpful)))
            else:
                await self.client.chat_update(
                    channel=click.channel, ts=click.message_ts, text=click.message_text,
                    blocks=blocks.feedback_given(click.blocks, helpful),
                )

        await self._guarded(destination, work)

    async def share(self, click: ButtonClick) -> None:
        """"Share in channel" on a `/peer` answer: post the same answer publicly."""
        destination = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)

        async def work() -> None:
            shared_question = parse_share_value(click.value)
            if shared_question is None:
                raise ValueError(f"malformed share button value {click.value[:80]!r}")
            question_id, text = shared_question
            answer = await asyncio.to_thread(self.peerbot.answerer.answer, text)
            heading = messages.shared_by(click.user, blocks.fit(text, 1000))
            rendered = await self._answer(LoggedAnswer(answer, question_id), heading=heading)
            if await self.send(Destination(click.channel, response_url=click.response_url), rendered):
                await self._respond(click.response_url, None, delete_original=True)

        await self._guarded(destination, work)

    async def home(self, user: str) -> None:
        """The App Home tab: what peerbot does, how to ask, the enablers, the corpus size."""

        async with self._tracked():
            try:
                listing = await asyncio.to_thread(self.guide.listing)
                snapshot = self.peerbot.answerer.snapshot
                view = blocks.home_view(listing, len(snapshot.documents), len(snapshot.passages))
                await self.client.views_publish(user_id=user, view=view)
            except Exception:  # nowhere to apologise on the Home tab: log it
                log.exception("Slack: could not publish the Home tab")

    # -- helpers -------------------------------------------------------------------------------

    async def _answer(self, logged: LoggedAnswer, heading: str = "", shareable: bool = False) -> Rendered:
        people = await self.resolver.mentions(logged.answer.contacts)
        return blocks.answer_message(logged.answer, logged.question_id, people, heading=heading, shareable=shareable)

    async def send(self, destination: Destination, rendered: Rendered) -> bool:
        """Post where asked; True if it went there, False if it went privately to the asker instead."""
        try:
            if destination.ephemeral_to:
                await self.client.chat_postEphemeral(
                    channel=destination.channel, user=destination.ephemeral_to, **rendered.as_kwargs()
                )
            else:
                await self.client.chat_postMessage(
                    channel=destination.channel, thread_ts=destination.thread_ts, unfurl_links=False,
                    unfurl_media=False, **rendered.as_kwargs(),
                )
            return True
        except SlackApiError as e:
            if e.response.get("error") not in CANNOT_POST or not destination.response_url:
                raise
        if not destination.ephemeral_to:
            rendered = Rendered(rendered.text, [blocks.section(messages.cannot_post_here()), *rendered.blocks])
        await self._respond(destination.response_url, rendered)
        return False

    async def _respond(self, response_url: str, rendered: Rendered | None, delete_original: bool = False) -> None:
        """Reply through a slash command's or an interaction's response_url (always private)."""
        if not response_url:
            return
        webhook = AsyncWebhookClient(response_url, session=self.session)
        if delete_original:
            response = await webhook.send_dict({"delete_original": True})
        else:
            response = await webhook.send(response_type="ephemeral", replace_original=False, **rendered.as_kwargs())
        if response.status_code >= 400:
            raise RuntimeError(f"response_url answered {response.status_code}")
