"""Starting and stopping the Slack surface inside `peerbot serve`.

`SlackService.connect(config)` checks the bot token with auth.test before anything else starts;
`start(...)` mounts `POST /slack/events` on the shared aiohttp app (HTTP mode) or connects over
a WebSocket (Socket Mode, when SLACK_APP_TOKEN is set); `close()` lets answers in progress finish.
"""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web
from slack_sdk.errors import SlackApiError

from bot.service import Peerbot
from bot.settings import SettingsError
from bot.slack.app import build_bolt_app, mount_slack
from bot.slack.config import SlackConfig, make_client
from bot.slack.directory import identities
from bot.slack.handlers import Handlers
from bot.slack.users import Identify, MentionResolver

log = logging.getLogger(__name__)

DRAIN_SECONDS = 20
REJECTED_TOKEN = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}


class SlackService:
    def __init__(self, config: SlackConfig, session: aiohttp.ClientSession, client, bot_user_id: str):
        self.config = config
        self.session = session
        self.client = client
        self.bot_user_id = bot_user_id
        self.handlers: Handlers | None = None
        self.bolt_app = None
        self.socket_mode_handler = None

    @classmethod
    async def connect(cls, config: SlackConfig) -> SlackService:
        """Check SLACK_BOT_TOKEN (and that SLACK_API_URL answers) with auth.test."""
        session = aiohttp.ClientSession()
        client = make_client(config, session)
        try:
            response = await client.auth_test()
        except SlackApiError as e:
            await session.close()
            error = e.response.get("error", "")
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
        return cls(config, session, client, response.get("user_id", ""))

    @staticmethod
    async def _check_app_token(config: SlackConfig, client, session: aiohttp.ClientSession) -> None:
        """Socket Mode would retry a rejected app token for ever; say so once instead."""
        try:
            await client.apps_connections_open(app_token=config.app_token)
        except SlackApiError as e:
            await session.close()
            raise SettingsError(f"SLACK_APP_TOKEN was rejected by Slack ({e.response.get('error', '')})") from None

    @property
    def mode(self) -> str:
        return "socket_mode" if self.config.socket_mode else "http"

    async def start(self, web_app: web.Application, peerbot: Peerbot, identify: Identify | None = None) -> None:
        """Mount on `web_app` (before it starts) or connect over Socket Mode. Contacts' Slack
        identities come from the answerer's contacts directory unless `identify` is given."""
        identify = identify or identities(peerbot.answerer.directory)
        self.handlers = Handlers(peerbot, self.client, MentionResolver(self.client, identify), self.session)
        self.bolt_app = build_bolt_app(self.config, self.client, self.handlers)
        if self.config.socket_mode:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self.socket_mode_handler = AsyncSocketModeHandler(
                self.bolt_app, self.config.app_token, web_client=self.client
            )
            await self.socket_mode_handler.connect_async()
            log.info("Slack: Socket Mode connected")
        else:
            mount_slack(web_app, self.bolt_app)

    async def close(self, drain_seconds: float = DRAIN_SECONDS) -> None:
        if self.socket_mode_handler is not None:
            await self.socket_mode_handler.close_async()
        if self.handlers is not None:
            if not await self.handlers.drain(drain_seconds):
                log.warning("Slack: stopped with answers still in progress")
            self.handlers.close()
        await self.session.close()
