"""The Bolt app (asyncio): listeners that normalise each request, acknowledge it at once, and
hand the normalised object to `Handlers`. `mount_slack` puts it on the shared aiohttp server.

Admission (is this a question for peerbot? has it been seen before?) happens before the
acknowledgement, so a retried or duplicate delivery is dropped before Slack hears back.
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, messages
from bot.slack.config import EVENTS_PATH, SlackConfig
from bot.slack.handlers import Handlers
from bot.slack.payloads import (
    click_from_payload, command_from_payload, home_opened_by, message_from_event, shortcut_from_payload,
)

log = logging.getLogger(__name__)

PEER_COMMAND = "/peer"
ENABLER_COMMAND = "/enabler"
ASK_SHORTCUT = "ask_peerbot"  # the message shortcut's callback_id in slack/manifest.yaml


class _ClientGiven(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN itself and warns that our client (which holds it) wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_bolt_app(config: SlackConfig, client: AsyncWebClient, handlers: Handlers) -> AsyncApp:
    bolt_logger = logging.getLogger("bot.slack.bolt")
    if not any(isinstance(f, _ClientGiven) for f in bolt_logger.filters):
        bolt_logger.addFilter(_ClientGiven())
    app = AsyncApp(name="peerbot", client=client, signing_secret=config.signing_secret, logger=bolt_logger)
    # Bolt logs a rejected request's whole body at INFO; mount_slack logs the rejection without it.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)

    async def admit_message(body, context, next):
        message = message_from_event(body, context.bot_user_id or "")
        if message is None or not await handlers.claim(message.delivery_keys):
            return BoltResponse(status=200, body="")  # not a question for peerbot, or already answered
        context["slack_message"] = message
        await next()

    async def on_message(context):
        await handlers.message(context["slack_message"])

    app.event("app_mention", middleware=[admit_message])(on_message)
    app.event("message", middleware=[admit_message])(on_message)

    @app.event("app_home_opened")
    async def on_home_opened(body):
        user = home_opened_by(body)
        if user:
            await handlers.home(user)

    @app.command(PEER_COMMAND)
    async def on_peer(ack, body):
        command = command_from_payload(body)
        if command.is_help:
            await ack(response_type="ephemeral", **blocks.notice(messages.peer_usage()).as_kwargs())
            return
        claimed = await handlers.claim(command.delivery_keys)
        await ack()
        if claimed:
            await handlers.peer(command)

    @app.command(ENABLER_COMMAND)
    async def on_enabler(ack, body):
        command = command_from_payload(body)
        claimed = await handlers.claim(command.delivery_keys)
        await ack()
        if claimed:
            await handlers.enabler(command)

    @app.message_shortcut(ASK_SHORTCUT)
    async def on_ask_shortcut(ack, body, context):
        shortcut = shortcut_from_payload(body, context.bot_user_id or "")
        claimed = await handlers.claim(shortcut.delivery_keys)
        await ack()
        if claimed:
            await handlers.shortcut(shortcut)

    @app.action(blocks.HELPFUL_ACTION)
    async def on_helpful(ack, body):
        await ack()
        await handlers.feedback(click_from_payload(body), helpful=True)

    @app.action(blocks.NOT_HELPFUL_ACTION)
    async def on_not_helpful(ack, body):
        await ack()
        await handlers.feedback(click_from_payload(body), helpful=False)

    @app.action(blocks.SHARE_ACTION)
    async def on_share(ack, body):
        await ack()
        await handlers.share(click_from_payload(body))

    return app


def mount_slack(web_app: web.Application, bolt_app: AsyncApp, path: str = EVENTS_PATH) -> None:
    """Serve events, commands, interactivity and shortcuts on `POST path` of the shared server."""

    async def slack_events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
        except (ValueError, UnicodeDecodeError):  # a body that is neither form data nor JSON
            return web.json_response({"error": "malformed request body"}, status=400)
        response = await bolt_app.async_dispatch(bolt_request)
        if response.status == 401:
            log.warning("Slack: rejected a request with a missing, wrong or stale signature from %s", request.remote)
        return await to_aiohttp_response(response)

    web_app.router.add_post(path, slack_events)

