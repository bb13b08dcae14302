"""Starting and stopping the Slack surface inside `peerbot serve`.

`SlackSurface.connect(config)` checks the bot token with auth.test before anything else starts;
`start(...)` mounts `POST /slack/events` on the shared aiohttp app (HTTP mode) or connects over
a WebSocket (Socket Mode, when SLACK_APP_TOKEN is set); `close()` lets answers in progress finish.
"""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.service import Peerbot
from bot.settings import SettingsError
from bot.slack.app import build_bolt_app, mount_slack
from bot.slack.config import SlackConfig, make_client
from bot.slack.handlers import Handlers
from bot.slack.posting import Poster, slack_error
from bot.slack.shapes import problem
from bot.slack.users import MentionResolver

log = logging.getLogger(__name__)

DRAIN_SECONDS = 20
REJECTED_TOKEN = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}


class SlackSurface:
    def __init__(self, config: SlackConfig, session: aiohttp.ClientSession, client, bot_user_id: str):
        self.config = config
        self.session = session
        self.client = client
        self.bot_user_id = bot_user_id
        self.handlers: Handlers | None = None
        self.bolt_app: AsyncApp | None = None
        self.socket_mode_handler: AsyncSocketModeHandler | None = None

    @classmethod
    async def connect(cls, config: SlackConfig) -> SlackSurface:
        """Check SLACK_BOT_TOKEN (and that SLACK_API_URL answers) with auth.test."""
        session = aiohttp.ClientSession()
        client = make_client(config, session)
        try:
            response = await client.auth_test()
        except SlackApiError as e:
            await session.close()
            error = slack_error(e)
            if error in REJECTED_TOKEN:
                raise SettingsError(f"SLACK_BOT_TOKEN was rejected by Slack ({error})") from None
            raise SettingsError(f"SLACK_API_URL {config.api_url} answered auth.test with an error ({error})") from None
        except Exception as e:  # DNS, refused connection, not a Slack API at all
            await session.close()
            raise SettingsError(
                f"SLACK_API_URL {config.api_url} cannot be reached ({type(e).__name__}: {e})"
            ) from None
        if config.socket_mode:
            await cls._check_app_token(config, client, session)
        log.info("Slack: connected as %s in %s", response.get("user"), response.get("team"))
        user_id = response.get("user_id")
        return cls(config, session, client, user_id if isinstance(user_id, str) else "")

    @staticmethod
    async def _check_app_token(config: SlackConfig, client, session: aiohttp.ClientSession) -> None:
        """Socket Mode would retry a rejected app token for ever; say so once instead."""
        try:
            await client.apps_connections_open(app_token=config.app_token)
        except SlackApiError as e:
            await session.close()
            raise SettingsError(f"SLACK_APP_TOKEN was rejected by Slack ({slack_error(e)})") from None

    @property
    def mode(self) -> str:
        return "socket_mode" if self.config.socket_mode else "http"

    async def start(self, web_app: web.Application, peerbot: Peerbot) -> None:
        """Mount on `web_app` (before it starts) or connect over Socket Mode; questions go through
        peerbot's inbox, and contacts become mentions as `peerbot.identify` says."""
        resolver = MentionResolver(self.client, peerbot.identify)
        self.handlers = Handlers(peerbot, self.client, resolver, Poster(self.client, self.session), self.bot_user_id)
        self.bolt_app = bolt_app = build_bolt_app(self.config, self.client, self.handlers)
        if self.config.socket_mode:
            self.socket_mode_handler = handler = checked_socket_mode(bolt_app, self.config.app_token, self.client)
            await handler.connect_async()
            log.info("Slack: Socket Mode connected")
        else:
            mount_slack(web_app, bolt_app, self.config.signing_secret)

    async def close(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        if self.socket_mode_handler is not None:
            await self.socket_mode_handler.close_async()
        if self.handlers is not None:
            if not await self.handlers.drain(drain_seconds):
                log.warning("Slack: stopped with answers still in progress")
        await self.session.close()


def checked_socket_mode(bolt_app, app_token: str, client):
    """Bolt's Socket Mode handler, with each envelope's payload checked as the HTTP gate checks a
    body: a malformed one is acknowledged (so it is not redelivered) and logged in one line."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
    from slack_sdk.socket_mode.response import SocketModeResponse

    class CheckedSocketMode(AsyncSocketModeHandler):
        async def handle(self, socket, req) -> None:
            wrong = problem(req.payload)
            if wrong:
                log.warning("Slack: ignored a malformed Socket Mode %s envelope (%s)", req.type, wrong)
                await socket.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
                return
            await super().handle(socket, req)

    return CheckedSocketMode(bolt_app, app_token, web_client=client)
