"""The Teams endpoint: an Agents SDK application mounted at `POST /api/messages` on peerbot's aiohttp app.

It only translates: an activity becomes an `Incoming` (bot.teams.payloads), peerbot answers on a
worker thread, and the answer goes back as an Adaptive Card (bot.teams.replies, bot.teams.cards).
The Agents SDK's credentials, adapter and log filters are set up in bot.teams.hosting.

A message is recorded in the durable inbox and acknowledged (202) before it is answered, as Slack's
events are: its reply is posted afterwards, through the conversation reference stored with it, by
the same worker and leases that answer Slack (bot/delivery.py), so it is not lost if the process
dies in between (bot/teams/outbox.py). Being added to or removed from a conversation, and the
welcome, are bot/teams/membership.py's. (A caller
that asks for the replies in the response, delivery mode expectReplies, is answered inside the
turn.) An activity that cannot be recorded (the records database unavailable) is refused with
503, so that Teams sends it again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from http import HTTPStatus

from aiohttp import web
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    ContentTypes,
    DeliveryModes,
    InvokeResponse,
)
from microsoft_agents.hosting.aiohttp import jwt_authorization_decorator, start_agent_process
from microsoft_agents.hosting.core import (
    AgentApplication,
    MemoryStorage,
    MessageFactory,
    TurnContext,
    TurnState,
)

from bot.log_filters import filter_once
from bot.service import HeldElsewhere, NotRecorded, Peerbot, not_recorded
from bot.settings import Settings
from bot.teams import messages, payloads
from bot.teams.asker_notice import asker
from bot.teams.config import AUTHENTICATED, teams_mode
from bot.teams.hosting import (
    QuietUnrecorded,
    QuietUnrouted,
    QuietValidation,
    connection_manager,
    forget_refused_tokens,
    make_adapter,
)
from bot.teams.inbox_items import MESSAGE
from bot.teams.lesson_cards import LESSON_VERB, REVIEW_VERB
from bot.teams.lessons import TeamsLessons, is_dialog
from bot.teams.membership import Membership
from bot.teams.outbox import Outbox
from bot.teams.references import reply_reference
from bot.teams.replies import Replies, card_message
from bot.teams.sign_in import SignInFailed
from bot.teams.signing_keys import install as read_cached_keys_first
from bot.teams.tokens import token_problem

logger = logging.getLogger(__name__)

ROUTE = "/api/messages"


class TeamsBot:
    """Peerbot in Teams: questions and commands, feedback clicks, being added and removed.

    A question is recorded in the durable inbox, acknowledged, then answered in a task of its own
    and replied to through the conversation reference stored with it. If the reply cannot be sent
    (the connector fails, the process dies), the inbox keeps it and the worker tries again later."""

    def __init__(self, peerbot: Peerbot, settings: Settings):
        self.peerbot = peerbot
        self.app_id = settings.teams_client_id
        self.connections = connection_manager(settings)
        self.adapter = make_adapter(self.connections, settings)
        self.adapter.on_turn_error = self._on_turn_error
        self.agent = AgentApplication[TurnState](
            storage=MemoryStorage(), connection_manager=self.connections,
            remove_recipient_mention=False, start_typing_timer=False,
        )
        self.agent.activity(ActivityTypes.message)(self._on_message)
        self.agent.activity([ActivityTypes.conversation_update, ActivityTypes.installation_update])(Membership(peerbot).on_update)
        self.agent.adaptive_card.action_execute(payloads.FEEDBACK_VERB)(self._on_feedback)
        token_refused = functools.partial(forget_refused_tokens, self.connections)
        self.lessons = TeamsLessons(peerbot, self.adapter, self.app_id, card_message, token_refused)
        self.replies = Replies(peerbot, self.lessons)
        self.agent.adaptive_card.action_execute(LESSON_VERB)(self.lessons.on_submit)
        self.agent.adaptive_card.action_execute(REVIEW_VERB)(self.lessons.on_review)
        self.agent.add_route(is_dialog, self.lessons.on_dialog, is_invoke=True)
        self.agent.adaptive_card.action_execute(payloads.WATCH_VERB)(self.lessons.on_watch)
        outbox = Outbox(peerbot, self.adapter, self.app_id, self.replies, token_refused)
        peerbot.handle(MESSAGE, outbox.deliver, outbox.apologise)
        filter_once("microsoft_agents.activity.activity", QuietValidation)
        filter_once("microsoft_agents.hosting.core.app.agent_application", QuietUnrecorded, QuietUnrouted)

    async def handle(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.json_response({"error": "the body is not JSON"}, status=400)
        problem = payloads.activity_problem(body)
        if problem:
            logger.warning("Teams: refused a request that is not an activity (%s)", problem)
            return web.json_response({"error": f"not an activity: {problem}"}, status=400)
        try:
            response = await start_agent_process(request, self.agent, self.adapter)
        except NotRecorded as e:
            logger.warning("Teams: an activity was not recorded, so not acknowledged; Teams sends it again (%s)", e)
            return _send_again()
        except HeldElsewhere as e:  # another server is posting this install's welcome: ask again after it
            logger.info("Teams: not acknowledged, Teams sends it again (%s)", e)
            return _send_again()
        except SignInFailed as e:  # the SDK needs a token before peerbot sees the activity
            logger.warning("Teams: no token from Microsoft's sign-in service, so an activity was not taken; "
                           "Teams sends it again (%s)", e)
            return _send_again()
        if response is not None and response.status == HTTPStatus.NOT_IMPLEMENTED:  # the SDK: no route took it
            return web.json_response({"error": "peerbot does not handle this invoke"}, status=400)
        return response if response is not None else web.Response(status=HTTPStatus.ACCEPTED)

    # --- routes ---------------------------------------------------------------------------

    async def _on_message(self, context: TurnContext, _state: TurnState) -> None:
        incoming = payloads.read_message(context.activity)
        if incoming is None:
            return
        stored = {"kind": incoming.kind, "conversation_id": incoming.conversation_id, "place": incoming.place,
                  "workspace": incoming.workspace, "thread": incoming.thread, "chat": incoming.chat,
                  "reference": reply_reference(context.activity),
                  **(asker(context.activity) if incoming.kind == "question" else {})}
        key = incoming.event_key or f"{payloads.PLATFORM}:unkeyed:{uuid.uuid4().hex}"  # no id: cannot be matched
        item = await self.peerbot.accept(key, MESSAGE, stored, incoming.text)  # NotRecorded: a 503
        if item is None:
            return
        if context.activity.delivery_mode == DeliveryModes.expect_replies:
            await self.peerbot.run(item, (incoming, context))  # the caller asked for the replies in this response
        else:
            self.peerbot.run_soon(item, (incoming, None))  # after the acknowledgement

    async def _on_feedback(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        feedback = payloads.read_feedback(data)
        if feedback is None:
            return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message,
                                              value=messages.button_without_data())
        recorded = await asyncio.to_thread(self._record, feedback, payloads.event_key(context.activity),
                                           payloads.sender_id(context.activity))
        text = messages.feedback_thanks(feedback.helpful) if recorded else messages.feedback_not_recorded()
        return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message, value=text)

    def _record(self, feedback: payloads.Feedback, event_key: str, user: str) -> bool:
        # a click Teams redelivers is True, stored once; a person's clicks are one vote, their latest
        return self.peerbot.feedback(feedback.question_id, feedback.helpful, payloads.PLATFORM, delivery=event_key,
                                     user=user)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """A failure while answering someone is logged with its traceback and they get a generic
        apology; the records database unavailable is NotRecorded, for `handle` to refuse with 503;
        any other failure (an install, a proactive post) propagates to the caller."""
        unrecorded = not_recorded(error)
        if unrecorded is not None:
            raise unrecorded
        kind = context.activity.type
        if kind not in (ActivityTypes.message, ActivityTypes.invoke):
            raise error
        logger.error("Teams: failed to answer a %s activity", kind, exc_info=error)
        if kind == ActivityTypes.invoke:
            body = AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message, value=messages.apology())
            apology = Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(
                status=HTTPStatus.OK, body=body.model_dump(mode="json", by_alias=True, exclude_none=True)))
        else:
            apology = MessageFactory.text(messages.apology())
        await context.send_activity(apology)


def _send_again() -> web.Response:
    return web.json_response({"error": "peerbot cannot take this now; send it again"},
                             status=HTTPStatus.SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})


def mount_teams(web_app: web.Application, peerbot: Peerbot, settings: Settings) -> TeamsBot:
    """Serve Teams at `POST /api/messages`, validating tokens as the Agents SDK does."""
    bot = TeamsBot(peerbot, settings)
    web_app["agent_configuration"] = bot.connections.get_default_connection_configuration()  # the SDK's token check
    checked = jwt_authorization_decorator(bot.handle)
    tokens = teams_mode(settings) == AUTHENTICATED
    if tokens:
        read_cached_keys_first(settings.teams_key_refresh_seconds)

    async def guarded(request: web.Request) -> web.Response:
        # a token is checked wherever one comes: anonymous mode lets a request without one in, but the SDK
        # still verifies one that is sent (an `alg: none` token was a KeyError inside it, HTTP 500)
        authorization = request.headers.get("Authorization")
        if (tokens or authorization is not None) and (problem := token_problem(authorization or "")):
            logger.warning("Teams: refused a request without a usable token (%s)", problem)
            return web.json_response({"error": "Invalid token or authentication failed."}, status=HTTPStatus.UNAUTHORIZED)
        return await checked(request)

    web_app.router.add_post(ROUTE, guarded)
    return bot
