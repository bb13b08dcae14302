"""The Teams endpoint: an Agents SDK application mounted at `POST /api/messages` on peerbot's aiohttp app.

It only translates: an activity becomes an `Incoming` (bot.teams.payloads), peerbot answers on a
worker thread, and the answer goes back as an Adaptive Card (bot.teams.replies, bot.teams.cards).
The Agents SDK's credentials, adapter and log filters are set up in bot.teams.hosting.

A message is recorded in the durable inbox and acknowledged (202) before it is answered, as Slack's
events are: its reply is posted afterwards, through the conversation reference stored with it, by
the same worker and leases that answer Slack (bot/delivery.py), so it is not lost if the process
dies in between; a connector slow to answer is waited for (bot/teams/late_posts.py). (A caller
that asks for the replies in the response, delivery mode expectReplies, is answered inside the
turn.) An activity that cannot be recorded (the records database unavailable) is refused with
503, so that Teams sends it again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from http import HTTPStatus

import aiohttp
import pydantic
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
from bot.question import PUBLIC
from bot.service import HELD, DeliveryFailed, HeldElsewhere, InboxItem, NotRecorded, Peerbot, not_recorded
from bot.settings import Settings
from bot.teams import messages, payloads
from bot.teams.asker_notice import asker, tell_privately
from bot.teams.config import AUTHENTICATED, teams_mode
from bot.teams.hosting import QuietUnrecorded, QuietUnrouted, QuietValidation, connection_manager, make_adapter
from bot.teams.inbox_items import MESSAGE, WELCOME, restored
from bot.teams.late_posts import LatePosts
from bot.teams.lesson_cards import LESSON_VERB, REVIEW_VERB
from bot.teams.lessons import TeamsLessons, is_dialog
from bot.teams.references import CONNECTOR_FAILURES, post, reference, reply_reference, taken, unposted
from bot.teams.replies import Replies, card_message
from bot.teams.sign_in import SignInFailed
from bot.teams.signing_keys import install as read_cached_keys_first
from bot.teams.tokens import token_problem

logger = logging.getLogger(__name__)

ROUTE = "/api/messages"
CONNECTOR_SHARE = 2 / 3  # of a post's time limit: a reply the connector has not answered by then is retried later


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
        self.agent.activity([ActivityTypes.conversation_update, ActivityTypes.installation_update])(self._on_membership)
        self.agent.adaptive_card.action_execute(payloads.FEEDBACK_VERB)(self._on_feedback)
        self.lessons = TeamsLessons(peerbot, self.adapter, self.app_id, card_message)
        self.replies = Replies(peerbot, self.lessons)
        self.agent.adaptive_card.action_execute(LESSON_VERB)(self.lessons.on_submit)
        self.agent.adaptive_card.action_execute(REVIEW_VERB)(self.lessons.on_review)
        self.agent.add_route(is_dialog, self.lessons.on_dialog, is_invoke=True)
        self.agent.adaptive_card.action_execute(payloads.WATCH_VERB)(self.lessons.on_watch)
        self._composed: dict[str, Activity] = {}  # inbox key -> reply, so a retry sends the same answer
        self._welcoming: set[str] = set()  # installs whose welcome is being posted in this process
        self._late = LatePosts()
        peerbot.handle(MESSAGE, self._deliver, self._apologise)
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

    async def _deliver(self, item: InboxItem, live: object) -> None:
        """Compose the reply (from the message, or from the inbox after a retry or a restart) and
        post it through the stored reference (or into the turn, when its caller expects replies)."""
        incoming, turn = live if isinstance(live, tuple) else (_restored(item), None)
        if item.key not in self._composed:
            reply, private = await asyncio.to_thread(self.replies.reply, incoming, item.key)
            if private:  # in a channel or group chat: to the asker alone, before the answer everyone reads
                await tell_privately(self.adapter, self.app_id, item.payload, private)
            self._composed[item.key] = reply
        await self._send(item, self._composed[item.key], turn)
        self._composed.pop(item.key, None)

    async def _apologise(self, item: InboxItem) -> None:
        self._composed.pop(item.key, None)
        await self._send(item, MessageFactory.text(messages.apology()), None)

    async def _send(self, item: InboxItem, reply: Activity, turn: TurnContext | None) -> None:
        """Post once. A connector that has not answered within CONNECTOR_SHARE of the post's time
        limit (20 s of 30) may yet take the post: it goes on in the background, and the item is
        retried later, posting again only if that post fails (bot/teams/late_posts.py)."""
        reference = item.payload.get("reference")
        if turn is None and not isinstance(reference, dict):
            raise DeliveryFailed("no conversation reference was stored", retry=False)
        if self._late.sent(item.key, self.peerbot.last_try(item)):
            return
        seconds = await self.peerbot.posting(item) * CONNECTOR_SHARE  # raises if another worker has taken it over
        await self._late.send(item.key, self._post(reply, reference, turn), seconds)

    async def _post(self, reply: Activity, reference: object, turn: TurnContext | None) -> None:
        try:
            if turn is not None:  # delivery mode expectReplies: the SDK keeps the reply for the response
                await taken(turn.send_activity(reply))
            elif isinstance(reference, dict):
                await post(self.adapter, self.app_id, reference, reply)
        except aiohttp.ClientResponseError as e:  # the connector refused: 4xx is for good (bot removed)
            raise DeliveryFailed(f"the connector answered {e.status}", retry=e.status >= 500 or e.status in (408, 429)) from None
        except pydantic.ValidationError:  # the connector's answer is `taken`'s: this is the stored reference
            raise DeliveryFailed("the stored conversation reference is not one", retry=False) from None
        except Exception as e:  # refused connections, resets: try again
            raise DeliveryFailed(f"{type(e).__name__}: {e}"[:200]) from None

    async def _on_membership(self, context: TurnContext, _state: TurnState) -> None:
        activity, peerbot = context.activity, self.peerbot
        if payloads.bot_added(activity):
            conversation = payloads.conversation_id(activity)
            await asyncio.to_thread(peerbot.save_conversation, conversation, payloads.PLATFORM, reference(activity),
                                    payloads.team_id(activity))
            logger.info("Teams: added to %s", _described(activity))
            if activity.type == ActivityTypes.installation_update:
                await self._welcome_once(context)
        elif payloads.bot_removed(activity):
            await asyncio.to_thread(peerbot.remove_conversation, payloads.conversation_id(activity))
            logger.info("Teams: removed from %s", _described(activity))

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


    async def _welcome_once(self, context: TurnContext) -> None:
        """Welcome once per install, whichever server (replica) Teams' redelivery reaches: the
        delivery is held in the inbox (an owner and a lease) while the welcome is posted, and marked
        posted after it. A redelivery while another server posts it is refused with 503, for Teams to
        send again (posted by then, or free once a killed poster's lease runs out); one while this
        process posts it, or after, is not welcomed again; a process stopped mid-post gives it back."""
        key = payloads.event_key(context.activity)
        if key in self._welcoming or await asyncio.to_thread(self.peerbot.seen, key):  # seen: welcomed before stop 36
            return
        if await self.peerbot.hold(key, WELCOME) != HELD:
            return
        self._welcoming.add(key)
        done = False
        try:
            await _welcome(context)
            done = True
        finally:
            self._welcoming.discard(key)
            if done:
                await asyncio.to_thread(self.peerbot.posted, key, WELCOME, True)
            else:  # cancelled mid-post (the process stopping): no await can run here
                self.peerbot.posted(key, WELCOME, False)


async def _welcome(context: TurnContext) -> None:
    """Say what peerbot does where it was installed. The conversation is stored already; a connector
    that fails is one line (the welcome is not tried again), not a 500 that makes Teams resend."""
    try:
        await taken(context.send_activity(MessageFactory.text(messages.usage())))
    except CONNECTOR_FAILURES as e:
        logger.warning("Teams: could not post the welcome to %s (%s)", _described(context.activity), unposted(e))


def _send_again() -> web.Response:
    return web.json_response({"error": "peerbot cannot take this now; send it again"},
                             status=HTTPStatus.SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})


def _described(activity: Activity) -> str:
    """A conversation for the log: a public channel by its id, a chat only by its kind (a personal
    chat's id identifies a person)."""
    place = payloads.place_of(activity)
    return f"channel {payloads.conversation_id(activity)}" if place == PUBLIC else f"a {place} conversation"


def _restored(item: InboxItem) -> payloads.Incoming:
    """The question or command an inbox item holds (its text redacted)."""
    try:
        return restored(item.key, item.payload)
    except ValueError as e:
        raise DeliveryFailed(str(e), retry=False) from None


def mount_teams(web_app: web.Application, peerbot: Peerbot, settings: Settings) -> TeamsBot:
    """Serve Teams at `POST /api/messages`, validating tokens as the Agents SDK does."""
    bot = TeamsBot(peerbot, settings)
    web_app["agent_configuration"] = bot.connections.get_default_connection_configuration()  # the SDK's token check
    checked = jwt_authorization_decorator(bot.handle)
    tokens = teams_mode(settings) == AUTHENTICATED
    if tokens:
        read_cached_keys_first(settings.teams_key_refresh_seconds)

    async def guarded(request: web.Request) -> web.Response:
        if tokens and (problem := token_problem(request.headers.get("Authorization", ""))):
            logger.warning("Teams: refused a request without a usable token (%s)", problem)
            return web.json_response({"error": "Invalid token or authentication failed."}, status=HTTPStatus.UNAUTHORIZED)
        return await checked(request)

    web_app.router.add_post(ROUTE, guarded)
    return bot
