"""Lessons from chat in Teams: the `lesson` command's form (an Adaptive Card), its submission
(Action.Execute), and curators' Approve / Edit / Reject on the review card. A submission's review
card is posted to PEERBOT_REVIEW_CHANNEL when that is a Teams conversation peerbot was added to.
Every answer to an Action.Execute replaces the card it came from, so a refused form comes back
filled in as typed, and a decided card loses its buttons for everyone."""

from __future__ import annotations

import asyncio
import logging
from http import HTTPStatus

from microsoft_agents.activity import Activity, AdaptiveCardInvokeResponse, ContentTypes
from microsoft_agents.hosting.core import ChannelServiceAdapter, TurnContext, TurnState

from bot.lessons.model import Draft, Lesson, LessonError, LessonInvalid, Origin
from bot.service import Peerbot
from bot.teams import lesson_messages as say
from bot.teams import payloads
from bot.teams.lesson_cards import decided_card, lesson_form, review_card, thanks_card
from bot.teams.lesson_payloads import draft_from_data, edited_lesson, review_from_data, user_of
from bot.teams.references import post

log = logging.getLogger(__name__)


class TeamsLessons:
    def __init__(self, peerbot: Peerbot, adapter: ChannelServiceAdapter, app_id: str, card_message):
        self.peerbot = peerbot
        self.adapter = adapter
        self.app_id = app_id
        self.card_message = card_message  # (card, summary) -> Activity

    def form(self, title: str) -> Activity:
        """The reply to `lesson [title]` (worker thread)."""
        return self.card_message(lesson_form(self.peerbot.enablers(), Draft(title=title)), say.FORM_TITLE)

    async def on_submit(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        activity, draft = context.activity, draft_from_data(data)
        editing = edited_lesson(data)
        try:
            if editing is not None:
                lesson = await asyncio.to_thread(self.peerbot.edit_lesson, editing, draft, user_of(activity))
                return _card(review_card(lesson, await self._names()))
            origin = Origin(payloads.PLATFORM, user_of(activity) or activity.from_property.id, "",
                            payloads.conversation_id(activity), payloads.workspace(activity))
            lesson = await asyncio.to_thread(self.peerbot.submit_lesson, draft, origin)
        except LessonInvalid as e:
            enablers = await asyncio.to_thread(self.peerbot.enablers)
            return _card(lesson_form(enablers, draft, data if isinstance(data, dict) else {}, e.problems))
        except LessonError as e:
            return _message(str(e))
        review = await self._post_review(lesson)
        return _card(thanks_card(say.submitted(lesson.id, review)))

    async def on_review(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        """Approve, Edit or Reject: curators only; anyone else is told privately and nothing changes."""
        user, review = user_of(context.activity), review_from_data(data)
        if not self.peerbot.is_curator(user):
            return _message(say.not_a_curator())
        if review is None:
            return _message(say.lessons_off())
        try:
            if review.decision == "approve":
                approval = await asyncio.to_thread(self.peerbot.approve_lesson, review.lesson_id, user)
                return _card(decided_card(approval.lesson, await self._names()))
            if review.decision == "reject":
                lesson = await asyncio.to_thread(self.peerbot.reject_lesson, review.lesson_id, user)
                return _card(decided_card(lesson, await self._names()))
            lesson = await asyncio.to_thread(self.peerbot.lesson, review.lesson_id)
            if lesson.status != "pending":
                raise LessonError(say.already_decided(lesson.id, lesson.status, lesson.decided_by))
            enablers = await asyncio.to_thread(self.peerbot.enablers)
            return _card(lesson_form(enablers, lesson.draft, {"id": lesson.id}))
        except LessonError as e:
            return _message(str(e))

    async def _post_review(self, lesson: Lesson) -> bool:
        """Post the card to the review channel when it is a Teams conversation peerbot is in."""
        channel = self.peerbot.review_channel
        stored = {c.id: c for c in await asyncio.to_thread(self.peerbot.conversations, payloads.PLATFORM)}
        if channel not in stored:
            return False
        try:
            await post(self.adapter, self.app_id, stored[channel].reference,
                       self.card_message(review_card(lesson, await self._names()), say.card_heading(lesson.id)))
        except Exception:  # the lesson is stored: `peerbot lessons` still shows it
            log.exception("Teams: could not post lesson #%d to the review channel", lesson.id)
            return False
        await asyncio.to_thread(self.peerbot.lesson_reviewed_at, lesson.id, {"platform": "teams", "channel": channel})
        return True

    async def _names(self) -> dict[str, str]:
        return {e.enabler.id: e.enabler.name for e in await asyncio.to_thread(self.peerbot.enablers)}


def _card(card: dict) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.adaptive_card, value=card)


def _message(text: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message, value=text)
