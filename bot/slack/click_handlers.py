"""Button clicks, forms and the Home tab, answered directly rather than through the inbox (a base of
`Handlers` in bot/slack/handlers.py). A click or form that meets the records database unavailable
(a stopped PostgreSQL, a SQLite file another process holds) is one warning line and its user is
asked to try again; an unexpected error is logged with its traceback and the user gets a short
apology.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.service import Cutoff, DeliveryFailed, Peerbot, log_failure, not_recorded
from bot.slack import block_kit, blocks, enabler_blocks, messages
from bot.slack.block_kit import Rendered
from bot.slack.payloads import PLATFORM, ButtonClick, parse_share_value
from bot.slack.posting import SLACK_FAILURES, Destination, failure_line
from bot.slack.recording import before_ack
from bot.slack.workspaces import Tools, Workspaces

log = logging.getLogger(__name__)


class ClickHandlers:
    """What `Handlers` sets up for them: the facade, the workspaces, the count of clicks in progress
    and the rendering of an answer."""

    peerbot: Peerbot
    workspaces: Workspaces
    _inflight: int
    _idle: asyncio.Event
    _answer: Callable[..., Awaitable[Rendered]]

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
            return self.peerbot.feedback(click.value, helpful, PLATFORM, cutoff=cutoff, delivery=click.delivery,
                                         user=f"{click.workspace}:{click.user}")
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
                try:
                    await tools.client.chat_update(
                        channel=click.channel, ts=click.message_ts, text=click.message_text,
                        blocks=blocks.feedback_given(click.blocks, helpful),
                    )
                except SLACK_FAILURES as e:  # stored all the same: say so privately, not "something went wrong"
                    log.warning("Slack: feedback stored, but its message not marked (%s)", failure_line(e))
                    await tools.poster.send(destination, block_kit.notice(messages.feedback_thanks(helpful)))

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
