"""Lessons from chat in Slack, after the acknowledgement (or, for a submitted form and a curator's
Approve or Reject, deciding it before): opening the lesson form, storing a submission through
`Peerbot`, the review card in PEERBOT_REVIEW_CHANNEL, curators' Approve / Edit / Reject, and the
direct messages to askers a new lesson answers. Everything else of the core is reached through the
facade."""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass

from bot.lessons import messages as shared
from bot.lessons.model import Draft, Lesson, LessonError, LessonInvalid, Notice, Origin
from bot.service import Cutoff, Peerbot, log_failure, not_recorded
from bot.slack import block_kit, messages
from bot.slack.lesson_payloads import FormOpening, FormSubmission, lesson_id
from bot.slack.lesson_views import (
    APPROVE_ACTION,
    EDIT_VIEW,
    decided_card,
    edited_view,
    lesson_modal,
    review_card,
    thanks_view,
)
from bot.slack.notices import send_notice
from bot.slack.payloads import PLATFORM, ButtonClick
from bot.slack.posting import SLACK_FAILURES, Destination, failure_line, text_field
from bot.slack.recording import before_ack
from bot.slack.review_posts import REVIEW
from bot.slack.workspaces import Workspaces

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    """A curator's Approve or Reject, decided before the click is acknowledged: the lesson as it now
    is and the askers to tell, or (`refusal`, plain text) why nothing was decided."""

    lesson: Lesson | None = None
    notices: tuple[Notice, ...] = ()
    refusal: str = ""


class LessonHandlers:
    def __init__(self, peerbot: Peerbot, workspaces: Workspaces):
        self.peerbot = peerbot
        self.workspaces = workspaces  # each workspace's client and poster
        peerbot.notify_with(PLATFORM, self._notify)

    async def _notify(self, notice) -> bool:
        """A direct message to an asker, through the deployment's own workspace (SLACK_BOT_TOKEN)."""
        try:
            tools = await self.workspaces.tools("")
        except Exception:
            log.warning("Slack: no workspace to tell an asker from; they stay waiting")
            return False
        return await send_notice(tools.client, notice)

    async def open_form(self, opening: FormOpening, draft: Draft, *, metadata: dict | None = None,
                        edit: bool = False) -> None:
        enablers = await asyncio.to_thread(self.peerbot.enablers)
        view = lesson_modal(enablers, opening.metadata() if metadata is None else metadata, draft, edit)
        tools = await self.workspaces.tools(opening.workspace)
        await tools.client.views_open(trigger_id=opening.trigger_id, view=view)

    async def offer(self, click: ButtonClick) -> None:
        """"I can help" on a knowledge gap: the form with the question filled in."""
        question = await asyncio.to_thread(self.peerbot.gap_question, click.value)
        opening = FormOpening(click.trigger_id, click.user, click.channel, click.workspace,
                              question_id=click.value if question else "")
        await self.open_form(opening, Draft(question=question))

    async def submit(self, submission: FormSubmission) -> tuple[dict, Lesson | None]:
        """A submitted form: what to answer Slack with (the form's problems, field by field, keeping
        everything typed; or a thank-you), and the lesson stored, if any."""
        if submission.callback_id == EDIT_VIEW:
            return await self._edit(submission)
        meta = submission.metadata
        origin = Origin(PLATFORM, submission.user, _text(meta.get("a")), _text(meta.get("c")),
                        _text(meta.get("w")) or submission.workspace)
        try:
            lesson = await asyncio.to_thread(self.peerbot.submit_lesson, submission.draft, origin, submission.delivery,
                                             REVIEW if self.peerbot.review_channel else "")  # its card owed with it
        except LessonInvalid as e:
            return {"response_action": "errors", "errors": e.problems}, None
        except LessonError as e:
            return {"response_action": "errors", "errors": {"title": str(e)}}, None
        return {"response_action": "update", "view": thanks_view(lesson.id, bool(self.peerbot.review_channel), lesson.draft.text())}, lesson

    async def _edit(self, submission: FormSubmission) -> tuple[dict, Lesson | None]:
        number = lesson_id(submission.metadata.get("id"))
        if number is None:
            return {"response_action": "errors", "errors": {"title": shared.lessons_off()}}, None
        try:
            lesson = await asyncio.to_thread(self.peerbot.edit_lesson, number, submission.draft, submission.user)
        except LessonInvalid as e:
            return {"response_action": "errors", "errors": e.problems}, None
        except LessonError as e:
            return {"response_action": "errors", "errors": {"title": str(e)}}, None
        return {"response_action": "update", "view": edited_view(lesson.id)}, lesson

    async def post_review(self, lesson: Lesson) -> None:
        """Refresh an edited lesson's card in the review channel (or post it, when none is recorded;
        a new lesson's card is posted from the inbox: bot/slack/review_posts.py)."""
        card = review_card(lesson, await self._enabler_names())
        try:
            client = (await self.workspaces.tools(lesson.origin.workspace)).client  # the review channel's workspace
            if lesson.review.get("ts"):
                await client.chat_update(channel=lesson.review["channel"], ts=lesson.review["ts"],
                                              **card.as_kwargs())
            elif self.peerbot.review_channel:
                posted = await client.chat_postMessage(channel=self.peerbot.review_channel, **card.as_kwargs(),
                                                            unfurl_links=False, unfurl_media=False)
                review = {"channel": text_field(posted.data, "channel") or self.peerbot.review_channel,
                          "ts": text_field(posted.data, "ts")}
                await asyncio.to_thread(self.peerbot.lesson_reviewed_at, lesson.id, review)
        except SLACK_FAILURES as e:  # the lesson is stored: `peerbot lessons` still shows it
            log.warning("Slack: could not post lesson #%d to the review channel (%s)", lesson.id, failure_line(e))
        except Exception as e:  # recording where the card is may meet the records database unavailable
            log_failure(log, e, "Slack: could not post lesson #%d to the review channel", lesson.id)

    async def decide(self, click: ButtonClick) -> Decision:
        """Approve or Reject, stored before the click is acknowledged (Slack never sends a click again),
        within RECORD_SECONDS: NotRecorded when the records database is unavailable or does not answer
        in time, so that the click is refused (503) and its curator sees it failed; the decision then
        does not land later either. Anything unexpected is logged and the curator gets an apology."""
        try:
            number = lesson_id(click.value)
            if not self.peerbot.is_curator(click.user):
                return Decision(refusal=shared.not_a_curator())
            if number is None:
                raise LessonError(shared.lessons_off())
            cutoff = Cutoff()
            if click.action_id == APPROVE_ACTION:
                approval = await before_ack(functools.partial(self.peerbot.approve_lesson, cutoff=cutoff), number,
                                            click.user, cutoff=cutoff)
                return Decision(approval.lesson, approval.notices)
            return Decision(await before_ack(functools.partial(self.peerbot.reject_lesson, cutoff=cutoff), number,
                                             click.user, cutoff=cutoff))
        except LessonError as e:
            return Decision(refusal=str(e))
        except Exception as e:
            if not_recorded(e) is not None:
                raise
            log.exception("Slack: failed to decide lesson %s", click.value)
            return Decision(refusal=messages.apology())

    async def show_decision(self, click: ButtonClick, decision: Decision) -> None:
        """After the acknowledgement: the card shows the decision and the askers it answers are told,
        or the curator is told privately why nothing was decided."""
        if decision.lesson is None:
            private = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)
            poster = (await self.workspaces.tools(click.workspace)).poster
            await poster.send(private, block_kit.notice(block_kit.escape(decision.refusal)))
            return
        await self._show_decided(decision.lesson, click)
        if decision.notices:
            await self.peerbot.tell(decision.notices)  # each asker through their own platform

    async def edit(self, click: ButtonClick) -> None:
        """Edit on a review card: the lesson form, filled in; curators only, anyone else is told privately."""
        private = Destination(click.channel, ephemeral_to=click.user, response_url=click.response_url)
        number = lesson_id(click.value)
        poster = (await self.workspaces.tools(click.workspace)).poster
        if not self.peerbot.is_curator(click.user):
            await poster.send(private, block_kit.notice(block_kit.escape(shared.not_a_curator())))
            return
        try:
            if number is None:
                raise LessonError(shared.lessons_off())
            lesson = await asyncio.to_thread(self.peerbot.lesson, number)
            if lesson.status != "pending":
                raise LessonError(shared.already_decided(lesson.id, lesson.status, lesson.decided_by))
            opening = FormOpening(click.trigger_id, click.user, click.channel, click.workspace)
            await self.open_form(opening, lesson.draft, metadata={"id": lesson.id}, edit=True)
        except LessonError as e:
            await poster.send(private, block_kit.notice(block_kit.escape(str(e))))

    async def _show_decided(self, lesson: Lesson, click: ButtonClick) -> None:
        card = decided_card(lesson, await self._enabler_names())
        tools = await self.workspaces.tools(click.workspace)
        await tools.client.chat_update(channel=click.channel, ts=click.message_ts, **card.as_kwargs())

    async def _enabler_names(self) -> dict[str, str]:
        return {e.enabler.id: e.enabler.name for e in await asyncio.to_thread(self.peerbot.enablers)}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
