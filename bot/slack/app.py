"""The Bolt app (asyncio): listeners that normalise each request, record it in the durable inbox,
acknowledge it at once, and hand it to `Handlers`. `mount_slack` puts it on the shared aiohttp
server behind a gate that checks the signature and the body's shape before Bolt sees it.

Admission (is this a question for peerbot? has it been answered before?) happens before the
acknowledgement, so an answered delivery is dropped before Slack hears back, and an accepted one
is on disk before Slack stops retrying it.
"""

from __future__ import annotations

import logging
import re

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.log_filters import filter_once
from bot.service import InboxItem, NotRecorded, not_recorded
from bot.slack import block_kit, blocks, messages, shapes
from bot.slack.config import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH, SlackConfig
from bot.slack.handlers import ENABLER, MESSAGE, PEER, SHORTCUT, Handlers
from bot.slack.lesson_listeners import add_lesson_listeners
from bot.slack.oauth_flow import CheckedOAuthFlow
from bot.slack.payloads import (
    SlashCommand,
    click_from_payload,
    command_from_payload,
    home_opened_by,
    message_from_event,
    shortcut_from_payload,
)
from bot.slack.posting import SLACK_FAILURES, failure_line
from bot.slack.signature import clock_skew, signed, skew_words

log = logging.getLogger(__name__)

PEER_COMMAND = "/peer"
ENABLER_COMMAND = "/enabler"
ASK_SHORTCUT = "ask_peerbot"  # the message shortcut's callback_id in slack/manifest.yaml


class _ClientGiven(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN itself and warns that our client (which holds it) wins, or, when
    installing into many workspaces, that it "will be ignored": peerbot's own authorisation still
    answers that token's workspace with it (bot/slack/workspaces.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "`token` will be unused" not in message and "SLACK_BOT_TOKEN env variable) will be ignored" not in message


class _UnhandledInOneLine(logging.Filter):
    """Bolt follows "Unhandled request (...)" with lines of sample listener code for a developer;
    an operator's log gets the first line only."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Unhandled request") and "\n" in message:
            record.msg, record.args = message.split("\n", 1)[0], ()
        return True


def build_bolt_app(config: SlackConfig, client: AsyncWebClient, handlers: Handlers,
                   oauth: AsyncOAuthSettings | None = None, authorize: AsyncAuthorize | None = None) -> AsyncApp:
    """`oauth` and `authorize`: installing into many workspaces, each request authorised by its
    workspace's installation."""
    filter_once("bot.slack.bolt", _ClientGiven, _UnhandledInOneLine)
    bolt_logger = logging.getLogger("bot.slack.bolt")
    flow = CheckedOAuthFlow(client=client, logger=bolt_logger, settings=oauth) if oauth else None
    app = AsyncApp(name="peerbot", client=client, signing_secret=config.signing_secret, logger=bolt_logger,
                   oauth_flow=flow, authorize=authorize,  # type: ignore[arg-type]  # an AsyncAuthorize is taken as is
                   installation_store_bot_only=True if oauth else None)

    async def admit_message(body, context, next):
        message = message_from_event(body, context.bot_user_id or "")
        item = await handlers.accept(MESSAGE, message) if message else None
        if item is None:
            return BoltResponse(status=200, body="")  # not a question for peerbot, or answered already
        context["slack_message"], context["inbox_item"] = message, item
        await next()

    async def on_message(context):
        await handlers.run(context["inbox_item"], context["slack_message"])

    @app.error
    async def on_error(error, logger, body):
        """A request that could not be recorded is refused with 503 (one warning line): Slack sends an
        event again; a shortcut it does not, and shows its user that it failed. Slack or the network
        failing in a call Bolt makes itself (auth.test, on the first request it handles) is one warning
        line too (HTTP 500). Anything else is logged with its traceback, as Bolt does. The records database unavailable is NotRecorded
        wherever a listener met it (the lesson form stores its lesson before acknowledging)."""
        error = not_recorded(error) or error
        if isinstance(error, NotRecorded):
            if body.get("type") == "event_callback":
                logger.warning("Slack: an event was not recorded, so not acknowledged; Slack sends it again (%s)", error)
            else:
                logger.warning("Slack: a %s was not recorded, so refused with 503; Slack does not send it again and "
                               "shows its user that it failed (%s)",
                               "message shortcut" if body.get("type") == "message_action" else "request", error)
            return BoltResponse(status=503, body="", headers={"Retry-After": "5"})
        if isinstance(error, SLACK_FAILURES):  # e.g. every file descriptor held by idle clients
            logger.warning("Slack: a request could not be handled, a call to Slack failed (%s); Slack sends an event "
                           "again", failure_line(error) if isinstance(error, SlackClientError) else repr(error))
            return None
        logger.exception(f"Failed to handle a request (error: {error})")
        return None

    app.event("app_mention", middleware=[admit_message])(on_message)
    app.event("message", middleware=[admit_message])(on_message)

    @app.event("app_home_opened")
    async def on_home_opened(body):
        user, team = home_opened_by(body)
        if user:
            await handlers.home(user, team)

    async def admit_command(kind: str, command: SlashCommand, ack) -> InboxItem | None:
        """Record a command, then acknowledge it. Slack never sends a command again, so one that
        cannot be recorded is acknowledged with a request to send it again (one warning line)."""
        try:
            item = await handlers.accept(kind, command)
        except NotRecorded as e:
            log.warning("Slack: a %s command was not recorded; its sender is asked to send it again (%s)",
                        command.command, e)
            await ack(response_type="ephemeral", **block_kit.notice(messages.not_taken_now()).as_kwargs())
            return None
        await ack()
        return item

    @app.command(PEER_COMMAND)
    async def on_peer(ack, body):
        command = command_from_payload(body)
        if command.is_help:
            await ack(response_type="ephemeral", **block_kit.notice(messages.peer_usage()).as_kwargs())
            return
        item = await admit_command(PEER, command, ack)
        if item:
            await handlers.run(item, command)

    @app.command(ENABLER_COMMAND)
    async def on_enabler(ack, body):
        command = command_from_payload(body)
        item = await admit_command(ENABLER, command, ack)
        if item:
            await handlers.run(item, command)

    @app.message_shortcut(ASK_SHORTCUT)
    async def on_ask_shortcut(ack, body, context):
        shortcut = shortcut_from_payload(body, context.bot_user_id or "")
        item = await handlers.accept(SHORTCUT, shortcut)
        await ack()
        if item:
            await handlers.run(item, shortcut)

    async def on_feedback(ack, body, helpful: bool):
        """Recorded, then acknowledged (Slack never sends a click again, so one acknowledged is never
        lost to a restart); the records database unavailable is a 503, Slack telling its user."""
        click = click_from_payload(body)
        recorded = await handlers.record_feedback(click, helpful)
        await ack()
        await handlers.feedback(click, helpful, recorded)

    @app.action(blocks.HELPFUL_ACTION)
    async def on_helpful(ack, body):
        await on_feedback(ack, body, helpful=True)

    @app.action(blocks.NOT_HELPFUL_ACTION)
    async def on_not_helpful(ack, body):
        await on_feedback(ack, body, helpful=False)

    @app.action(blocks.SHARE_ACTION)
    async def on_share(ack, body):
        await ack()
        await handlers.share(click_from_payload(body))

    add_lesson_listeners(app, handlers)
    _uninstall_listeners(app)

    @app.event(re.compile(".*"))  # last: Bolt runs the first listener that matches
    async def on_other_event(event):
        """An event type peerbot does not subscribe to (a workspace's manifest may add some):
        acknowledged, so that Slack does not retry it and then disable the subscription."""
        log.debug("Slack: ignored a %s event", event.get("type"))

    return app


def _uninstall_listeners(app: AsyncApp) -> None:
    """Uninstalling peerbot from a workspace, or revoking its bot token, deletes that workspace's
    stored token at once (installed into many workspaces); with SLACK_BOT_TOKEN alone there is
    nothing stored, so the event is acknowledged and logged."""
    store = app.installation_store
    revoked = AsyncTokenRevocationListeners(store) if store is not None else None

    @app.event("app_uninstalled")
    async def on_uninstalled(context):
        log.warning("Slack: peerbot was uninstalled from workspace %s%s", context.team_id or "(unknown)",
                    "; its token is deleted" if revoked else "")
        if revoked:
            await revoked.handle_app_uninstalled_events(context)

    @app.event("tokens_revoked")
    async def on_revoked(event, context):
        log.warning("Slack: tokens were revoked in workspace %s%s", context.team_id or "(unknown)",
                    "; they are deleted" if revoked else "")
        if revoked:
            await revoked.handle_tokens_revoked_events(event, context)


async def checked_body(request: web.Request, signing_secret: str) -> dict | web.Response:
    """The request's body, parsed once, when it carries Slack's signature and is shaped as Slack sends
    it; else the answer to give (401, or 400 naming what is wrong)."""
    raw = await request.read()
    if not signed(request.headers, raw, signing_secret):
        skew = clock_skew(request.headers, raw, signing_secret)
        if skew is not None:  # Slack's own request, refused: every one will be while this machine's clock is wrong
            log.warning("Slack: rejected a correctly signed request dated %s this server's clock (over 5 minutes "
                        "apart: a replay, or this machine's clock is wrong; check its time sync)", skew_words(skew))
        else:
            log.warning("Slack: rejected a request with a missing, wrong or stale signature from %s", request.remote)
        return web.json_response({"error": "invalid signature"}, status=401)
    try:
        body = shapes.parse_body(raw, request.content_type)
    except shapes.MalformedBody as e:
        return web.json_response({"error": f"malformed request body: {e}"}, status=400)
    problem = shapes.problem(body)
    if problem:
        log.warning("Slack: a signed request with a malformed body (%s)", problem)
        return web.json_response({"error": f"malformed request body: {problem}"}, status=400)
    return body


def mount_slack(web_app: web.Application, bolt_app: AsyncApp, signing_secret: str, path: str = EVENTS_PATH) -> None:
    """Serve events, commands, interactivity and shortcuts on `POST path` of the shared server.

    The gate checks the signature, then parses the body once and checks its shape (400 when it is
    not what Slack sends); Bolt gets the parsed body, already verified."""

    async def slack_events(request: web.Request) -> web.Response:
        body = await checked_body(request, signing_secret)
        if isinstance(body, web.Response):
            return body
        bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=dict(request.headers),
                                        mode="socket_mode")  # "verified already", as over Socket Mode
        return await to_aiohttp_response(await bolt_app.async_dispatch(bolt_request))

    web_app.router.add_post(path, slack_events)
    flow = bolt_app.oauth_flow
    if flow is not None:  # installing into many workspaces: Bolt's install page and redirect, state checked
        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        web_app.router.add_get(INSTALL_PATH, install)
        web_app.router.add_get(REDIRECT_PATH, redirect)
