"""The Teams endpoint: an Agents SDK application mounted at `POST /api/messages` on peerbot's aiohttp app.

It only translates: an activity becomes an `Incoming` (bot.teams.payloads), peerbot answers on a
worker thread, and the answer goes back as an Adaptive Card (bot.teams.cards).

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
from collections.abc import Callable, Iterable
from http import HTTPStatus

import aiohttp
import pydantic
from aiohttp import web
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    Attachment,
    ContentTypes,
    DeliveryModes,
    InvokeResponse,
)
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator, start_agent_process
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    ConnectionManager,
    MemoryStorage,
    MessageFactory,
    OutboundHostValidator,
    TurnContext,
    TurnState,
)

from bot import messages as shared
from bot.answer import Contact, Identity
from bot.log_filters import filter_once
from bot.plaintext.answers import render_answer
from bot.question import DM, PRIVATE, PUBLIC, Question
from bot.service import DeliveryFailed, InboxItem, NotRecorded, Peerbot, not_recorded
from bot.settings import Settings
from bot.teams import cards, messages, payloads
from bot.teams.config import AUTHENTICATED, teams_mode
from bot.teams.connector import LenientConnectorFactory
from bot.teams.late_posts import LatePosts
from bot.teams.lesson_cards import LESSON_VERB, REVIEW_VERB
from bot.teams.lessons import TeamsLessons, is_dialog
from bot.teams.references import CONNECTOR_FAILURES, post, reference, reply_reference, taken, unposted
from bot.teams.sign_in import SIGN_IN_LOGGERS, SignInFailed, TimedMsalAuth

logger = logging.getLogger(__name__)

ROUTE = "/api/messages"
MESSAGE = "teams.message"  # the inbox kind of a Teams question or command
SUMMARY_LIMIT = 200  # characters of a card message's summary, the preview notifications show
CONNECTOR_SHARE = 2 / 3  # of a post's time limit: a reply the connector has not answered by then is retried later


def connection_manager(settings: Settings) -> ConnectionManager:
    """The Teams credentials as the Agents SDK holds them (empty in anonymous mode). A token's
    issuer is checked too (the SDK's VALIDATE_ISSUER, off unless asked for): Bot Framework's, or
    Microsoft Entra's for this tenant or Microsoft's own. Tokens for replies come from `TimedMsalAuth`."""
    auth = AgentAuthConfiguration(
        client_id=settings.teams_client_id or None,
        tenant_id=settings.teams_tenant_id or None,
        client_secret=settings.teams_client_secret or None,
        anonymous_allowed=settings.teams_allow_anonymous,
        validate_issuer=True,
    )
    return ConnectionManager(provider_factory=TimedMsalAuth, connections_configurations={"SERVICE_CONNECTION": auth})


def make_adapter(connections: ConnectionManager, settings: Settings) -> CloudAdapter:
    """The Agents SDK adapter: with credentials it gets tokens for its replies and posts only to
    Microsoft's connector hosts; in anonymous mode (the local Playground) neither. A failure in a
    turn propagates (the Teams app answers its users' failures itself). Its connector clients read an
    answer whose bytes are not UTF-8 with its status (bot/teams/connector.py)."""
    adapter = CloudAdapter(
        channel_service_client_factory=LenientConnectorFactory(connections),
        host_validator=OutboundHostValidator(enabled=not settings.teams_allow_anonymous),
    )
    adapter.on_turn_error = _propagate  # the SDK's default would post the exception's text to the chat
    # The SDK logs every reply's conversation id at INFO: a personal chat's identifies a person.
    logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
    for signing_in in SIGN_IN_LOGGERS:  # each failure of theirs is SignInFailed, said in one line where it lands
        logging.getLogger(signing_in).setLevel(logging.CRITICAL)
    if settings.teams_allow_anonymous:  # else every anonymous turn warns that it has no app id
        logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)
    return adapter


async def _propagate(_context: TurnContext, error: Exception) -> None:
    raise error


class _QuietValidation(logging.Filter):
    """The SDK logs a traceback for every body that is not an activity; `handle` answers those
    400 itself, in one line, so nobody who can reach the port can fill the log with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Validation error for Activity")


class _QuietUnrecorded(logging.Filter):
    """The SDK logs a traceback for every failed turn; one that failed because the records database
    is unavailable is `handle`'s 503, said in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return error is None or not_recorded(error) is None


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
        self.agent.adaptive_card.action_execute(LESSON_VERB)(self.lessons.on_submit)
        self.agent.adaptive_card.action_execute(REVIEW_VERB)(self.lessons.on_review)
        self.agent.add_route(is_dialog, self.lessons.on_dialog, is_invoke=True)
        self.agent.adaptive_card.action_execute(payloads.WATCH_VERB)(self.lessons.on_watch)
        self._composed: dict[str, Activity] = {}  # inbox key -> reply, so a retry sends the same answer
        self._late = LatePosts()
        peerbot.handle(MESSAGE, self._deliver, self._apologise)
        filter_once("microsoft_agents.activity.activity", _QuietValidation)
        filter_once("microsoft_agents.hosting.core.app.agent_application", _QuietUnrecorded)

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
                  "reference": reply_reference(context.activity)}
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
        reply = self._composed.get(item.key)
        if reply is None:
            reply = self._composed[item.key] = await asyncio.to_thread(self.reply, incoming, item.key)
        await self._send(item, reply, turn)
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
            welcome = activity.type == ActivityTypes.installation_update
            if welcome and await asyncio.to_thread(peerbot.claim, payloads.event_key(activity)):
                await _welcome(context)
        elif payloads.bot_removed(activity):
            await asyncio.to_thread(peerbot.remove_conversation, payloads.conversation_id(activity))
            logger.info("Teams: removed from %s", _described(activity))

    async def _on_feedback(self, context: TurnContext, _state: TurnState, data: object) -> AdaptiveCardInvokeResponse:
        feedback = payloads.read_feedback(data)
        if feedback is None:
            return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message,
                                              value=messages.button_without_data())
        recorded = await asyncio.to_thread(self._record, feedback, payloads.event_key(context.activity))
        text = messages.feedback_thanks(feedback.helpful) if recorded else messages.feedback_not_recorded()
        return AdaptiveCardInvokeResponse(status_code=HTTPStatus.OK, type=ContentTypes.message, value=text)

    def _record(self, feedback: payloads.Feedback, event_key: str) -> bool:
        if not self.peerbot.claim(event_key):
            return True  # Teams redelivered a click that is already stored
        return self.peerbot.feedback(feedback.question_id, feedback.helpful, payloads.PLATFORM)

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

    # --- replies (worker thread) ----------------------------------------------------------

    def reply(self, incoming: payloads.Incoming, delivery: str = "") -> Activity:
        """The reply to a message: a card, or text when a card has nothing to add. `delivery`: the
        inbox key it came with, so that answering it again logs the question once."""
        if incoming.kind != "question":
            return self._command(incoming)
        if not incoming.text:
            return MessageFactory.text(shared.help_reply())
        logged = self.peerbot.ask(Question(
            payloads.PLATFORM, incoming.conversation_id, incoming.text, incoming.place, incoming.workspace,
            incoming.thread, incoming.chat,
        ), delivery=delivery)
        notice = shared.details_removed(logged.redacted_question, posted=True)
        if logged.answer.asked_nothing:  # "thanks", "hi": what peerbot does, as text (no card, nothing to rate)
            return MessageFactory.text("\n\n".join(part for part in (notice, shared.decline(logged.answer)) if part))
        fallback = "\n\n".join(part for part in (notice, render_answer(logged.answer)) if part)
        card = cards.answer_card(logged.answer, logged.question_id, self.upns(logged.answer.contacts), fallback,
                                 watch=incoming.place == DM, notice=notice)
        if not cards.fits(card):
            return MessageFactory.text(f"{messages.too_long_for_a_card()}\n\n{fallback}")
        answer = logged.answer
        lead = shared.answer_lead(len(answer.snippets), len(answer.document_ids)) if answer.answered else shared.decline(answer)
        return card_message(card, lead)

    def _command(self, incoming: payloads.Incoming) -> Activity:
        """`help`, `enablers` and `enabler NAME`, as Slack's slash commands."""
        if incoming.kind == "help":
            return MessageFactory.text(messages.usage())
        if incoming.kind == "lesson":
            return self.lessons.form(incoming.text)
        if incoming.kind == "enablers":
            listings = self.peerbot.enablers()
            if not listings:
                return MessageFactory.text(shared.NO_ENABLERS)
            return card_message(cards.listing_card(listings), shared.ENABLER_LIST_HEADING)
        resolution = self.peerbot.resolve_enabler(incoming.text)
        if resolution.enabler is None:
            return MessageFactory.text(shared.unknown_enabler(incoming.text, resolution))
        summary = self.peerbot.enabler_summary(resolution.enabler.id)
        return card_message(cards.summary_card(summary, self.upns(summary.contacts)), summary.enabler.name)

    def upns(self, contacts: tuple[Contact, ...]) -> dict[str, str]:
        """Contact name -> Teams user principal name, for the contacts who may be mentioned."""
        return mentionable(contacts, self.peerbot.identify)


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


def mentionable(contacts: Iterable[Contact], identify: Callable[[Contact], Identity | None]) -> dict[str, str]:
    """Contact name -> Teams user principal name, for those `identify` gives one."""
    found = {}
    for contact in contacts:
        identity = identify(contact)
        if identity is not None and identity.teams_upn:
            found[contact.name] = identity.teams_upn
    return found


def card_message(card: dict, summary: str) -> Activity:
    """A message carrying one Adaptive Card; `summary` is what notifications show (one line, cut at a word)."""
    attachment = Attachment(content_type=cards.CONTENT_TYPE, content=card)
    return Activity(type=ActivityTypes.message, attachments=[attachment], summary=_one_line(summary, SUMMARY_LIMIT))


def _one_line(text: str, limit: int) -> str:
    """`text` with its line breaks and runs of spaces as single spaces, cut at a word to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _restored(item: InboxItem) -> payloads.Incoming:
    """The question or command an inbox item holds (its text redacted)."""
    fields = {name: item.payload.get(name, "") for name in ("kind", "text", "conversation_id", "place", "workspace", "thread")}
    chat = item.payload.get("chat", False)
    if not all(isinstance(v, str) for v in fields.values()) or not isinstance(chat, bool):
        raise DeliveryFailed("the inbox's Teams message is malformed", retry=False)
    return payloads.Incoming(event_key=item.key, chat=chat, **{**fields, "place": fields["place"] or PRIVATE})


def mount_teams(web_app: web.Application, peerbot: Peerbot, settings: Settings) -> TeamsBot:
    """Serve Teams at `POST /api/messages`, validating tokens as the Agents SDK does."""
    bot = TeamsBot(peerbot, settings)
    web_app["agent_configuration"] = bot.connections.get_default_connection_configuration()  # the SDK's token check
    checked = jwt_authorization_decorator(bot.handle)
    tokens = teams_mode(settings) == AUTHENTICATED

    async def guarded(request: web.Request) -> web.Response:
        if tokens and (problem := payloads.token_problem(request.headers.get("Authorization", ""))):
            logger.warning("Teams: refused a request without a usable token (%s)", problem)
            return web.json_response({"error": "Invalid token or authentication failed."}, status=HTTPStatus.UNAUTHORIZED)
        return await checked(request)

    web_app.router.add_post(ROUTE, guarded)
    return bot
