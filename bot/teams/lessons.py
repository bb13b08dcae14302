"""Lessons from chat in Teams: the `lesson` command's form (an Adaptive Card), its submission
(Action.Execute), and curators' Approve / Edit / Reject on the review card. A submission's review
card is posted to PEERBOT_REVIEW_CHANNEL when that is a Teams conversation peerbot was added to
(from the durable inbox: bot/teams/review_posts.py).
Every answer to an Action.Execute replaces the card it came from, so a refused form comes back
filled in as typed, and a decided card loses its buttons for everyone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from http import HTTPStatus

from microsoft_agents.activity import Activity, ActivityTypes, AdaptiveCardInvokeResponse, ContentTypes, InvokeResponse
from microsoft_agents.hosting.core import ChannelServiceAdapter, MessageFactory, TurnContext, TurnState

from bot.lessons import messages as shared
from bot.lessons.model import Draft, Lesson, LessonError, LessonInvalid, Notice, Origin
from bot.service import Peerbot
from bot.teams import messages, payloads
from bot.teams.lesson_cards import (
    SAVE_COMMAND,
    decided_card,
    dialog,
    dialog_closed,
    lesson_form,
    review_card,
    thanks_card,
)
from bot.teams.lesson_payloads import draft_from_data, edited_lesson, message_action, review_from_data, user_of
from bot.teams.references import CONNECTOR_FAILURES, post, reference, unposted
from bot.teams.review_posts import ReviewPosts

log = logging.getLogger(__name__)

OPENS = {"composeExtension/fetchTask", "task/fetch"}  # the message action's, and "I can help"'s dialog
SUBMITS = {"composeExtension/submitAction", "task/submit"}
KEPT = ("a", "peerbot", "q")  # the dialog's own data (quoted author, "I can help" and its question), kept


def is_dialog(context: TurnContext) -> bool:
    activity = context.activity
    return activity.type == ActivityTypes.invoke and activity.name in OPENS | SUBMITS


class TeamsLessons:
    def __init__(self, peerbot: Peerbot, adapter: ChannelServiceAdapter, app_id: str, card_message,
                 token_refused: Callable[[], None]):
        self.peerbot = peerbot
        self.adapter = adapter
        self.app_id = app_id
        self.card_message = card_message  # (card, summary) -> Activity
        self.reviews = ReviewPosts(peerbot, adapter, app_id, card_message, token_refused)
        peerbot.notify_with(payloads.PLATFORM, self.send_notice)

    def form(self, title: str) -> Activity:
        """The reply to `lesson [title]` (worker thread): the title redacted, since in a channel the form
        is a post everyone sees, which must not repeat a patient's details."""
        return self.card_message(lesson_form(self.peerbot.enablers(), Draft(title=title).redacted()), shared.FORM_TITLE)

    async def on_submit(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        activity, draft = context.activity, draft_from_data(data)
        editing = edited_lesson(data)
        try:
            if editing is not None:
                lesson = await asyncio.to_thread(self.peerbot.edit_lesson, editing, draft, user_of(activity))
                return _card(review_card(lesson, await self._names()))
            origin = Origin(payloads.PLATFORM, user_of(activity) or activity.from_property.id, "",
                            payloads.conversation_id(activity), payloads.workspace(activity))
            lesson = await asyncio.to_thread(self.peerbot.submit_lesson, draft, origin, payloads.event_key(activity),
                                             await self.reviews.owed_kind())
        except LessonInvalid as e:
            enablers = await asyncio.to_thread(self.peerbot.enablers)
            return _card(lesson_form(enablers, draft, data if isinstance(data, dict) else {}, e.problems))
        except LessonError as e:
            return _message(str(e))
        review = await self._post_review(lesson)
        return _card(thanks_card(shared.submitted(lesson.id, review, lesson.draft.text())))

    async def on_dialog(self, context: TurnContext, _state: TurnState) -> None:
        """The lesson form in a dialog: "Save as lesson" on a message (its text filled in) or "I can
        help" on a digest's knowledge gap (the question filled in); then its submission, refused
        with the form as typed or closed with a thank-you."""
        activity = context.activity
        action = message_action(activity.value)
        offer = action.data.get("peerbot") == payloads.OFFER
        enablers = await asyncio.to_thread(self.peerbot.enablers)
        if action.command != SAVE_COMMAND and not offer:
            body = dialog_closed(shared.lessons_off())
        elif activity.name in OPENS and offer:
            asked = action.data.get("q")
            question = await asyncio.to_thread(self.peerbot.gap_question, asked if isinstance(asked, str) else "")
            data = {"peerbot": payloads.OFFER, "q": asked if question else ""}
            body = dialog(lesson_form(enablers, Draft(question=question), data, dialog=True))
        elif activity.name in OPENS:
            body = dialog(lesson_form(enablers, Draft(learned=action.text), {"a": action.author}, dialog=True))
        else:
            body = await self._submit_dialog(activity, action.data, enablers)
        await context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                             value=InvokeResponse(status=HTTPStatus.OK, body=body)))

    async def _submit_dialog(self, activity: Activity, data: dict, enablers) -> dict:
        kept = {k: v for k, v in data.items() if k in KEPT and isinstance(v, str)}
        draft = draft_from_data(data)
        origin = Origin(payloads.PLATFORM, user_of(activity) or activity.from_property.id, kept.get("a", ""),
                        payloads.conversation_id(activity), payloads.workspace(activity))
        try:
            lesson = await asyncio.to_thread(self.peerbot.submit_lesson, draft, origin, payloads.event_key(activity),
                                             await self.reviews.owed_kind())
        except LessonInvalid as e:
            return dialog(lesson_form(enablers, draft, kept, e.problems, dialog=True))
        except LessonError as e:
            return dialog_closed(str(e))
        return dialog_closed(shared.submitted(lesson.id, await self._post_review(lesson), lesson.draft.text()))

    async def on_watch(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        """"Tell me when someone answers this", in a personal chat (the one place peerbot may write to
        someone privately): the chat is remembered, with that consent, to send one message."""
        activity = context.activity
        question_id = data.get("question_id") if isinstance(data, dict) else None
        if not isinstance(question_id, str) or not question_id:
            return _message(messages.button_without_data())
        if not payloads.is_personal(activity):
            return _message(messages.watch_expired())
        chat = payloads.conversation_id(activity)
        await asyncio.to_thread(self.peerbot.save_conversation, chat, payloads.PLATFORM, reference(activity),
                                payloads.workspace(activity))
        watching = await asyncio.to_thread(self.peerbot.watch_question, question_id, payloads.PLATFORM, chat)
        return _message(messages.watching() if watching else messages.watch_expired())

    async def send_notice(self, notice: Notice) -> bool:
        """Tell a waiting Teams asker, in their personal chat, that their question now has an answer."""
        stored = {c.id: c for c in await asyncio.to_thread(self.peerbot.conversations, payloads.PLATFORM)}
        if notice.platform != payloads.PLATFORM or notice.user not in stored:
            return False
        try:
            await post(self.adapter, self.app_id, stored[notice.user].reference, MessageFactory.text(notice.text))
            return True
        except CONNECTOR_FAILURES as e:  # their watch stays: a later answer may still reach them
            log.warning("Teams: could not tell an asker that lesson %s answers their question (%s)",
                        notice.document_id, unposted(e))
            return False
        except Exception:  # their watch stays: a later answer may still reach them
            log.exception("Teams: could not tell an asker that lesson %s answers their question", notice.document_id)
            return False

    async def on_review(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        """Approve, Edit or Reject: curators only; anyone else is told privately and nothing changes."""
        user, review = user_of(context.activity), review_from_data(data)
        if not self.peerbot.is_curator(user):
            return _message(shared.not_a_curator())
        if review is None:
            return _message(shared.lessons_off())
        try:
            if review.decision == "approve":
                approval = await asyncio.to_thread(self.peerbot.approve_lesson, review.lesson_id, user)
                await self.peerbot.tell(approval.notices)  # each asker through their own platform
                return _card(decided_card(approval.lesson, await self._names()))
            if review.decision == "reject":
                lesson = await asyncio.to_thread(self.peerbot.reject_lesson, review.lesson_id, user)
                return _card(decided_card(lesson, await self._names()))
            lesson = await asyncio.to_thread(self.peerbot.lesson, review.lesson_id)
            if lesson.status != "pending":
                raise LessonError(shared.already_decided(lesson.id, lesson.status, lesson.decided_by))
            enablers = await asyncio.to_thread(self.peerbot.enablers)
            return _card(lesson_form(enablers, lesson.draft, {"id": lesson.id}))
        except LessonError as e:
            return _message(str(e))

    async def _post_review(self, lesson: Lesson) -> bool:
        """The card owed in the review channel and posted (bot/teams/review_posts.py); whether that
        is a Teams conversation peerbot is in."""
        return await self.reviews.owe(lesson)

    async def _names(self) -> dict[str, str]:
        return {e.enabler.id: e.enabler.name for e in await asyncio.to_thread(self.peerbot.enablers)}


def _card(card: dict) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.adaptive_card, value=card)


def _message(text: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message, value=text)
