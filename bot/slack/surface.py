"""Starting and stopping the Slack surface inside `peerbot serve`.

`SlackSurface.connect(config, deadline)` checks the bot token with auth.test before anything else starts;
`start(...)` mounts `POST /slack/events` on the shared aiohttp app (HTTP mode) or connects over
a WebSocket (Socket Mode, when SLACK_APP_TOKEN is set); `close()` lets answers in progress finish.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from bot.service import Peerbot
from bot.setting_values import SettingsError
from bot.slack.app import build_bolt_app, mount_slack
from bot.slack.auth_check import checked_app_token, checked_auth
from bot.slack.config import BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH, REQUEST_SECONDS, SlackConfig, make_client
from bot.slack.handlers import Handlers
from bot.slack.socket_mode import checked_socket_mode
from bot.slack.token_rotation import TokenRefresher
from bot.slack.workspaces import Default, InstalledOrDefault, Workspaces

if TYPE_CHECKING:
    import sqlalchemy as sa

    from bot.slack.installations import Installations

log = logging.getLogger(__name__)

DRAIN_SECONDS = 20


class SlackSurface:
    def __init__(self, config: SlackConfig, session: aiohttp.ClientSession, client, default: Default | None):
        self.config = config
        self.session = session
        self.client = client
        self.default = default  # SLACK_BOT_TOKEN's workspace
        self.handlers: Handlers | None = None
        self.bolt_app: AsyncApp | None = None
        self.socket_mode_handler: AsyncSocketModeHandler | None = None

    @classmethod
    async def connect(cls, config: SlackConfig, deadline: float) -> SlackSurface:
        """Check SLACK_BOT_TOKEN (and that SLACK_API_URL answers) with auth.test, tried again while it
        fails in a way that passes, for up to `deadline` seconds (bot.slack.auth_check); with only
        installations through OAuth there is no token to check."""
        # The SDK applies its client's time limit only to sessions it makes itself: this one, shared by
        # every Web API call and response_url post, gets it here (else aiohttp's five minutes).
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS))
        client = make_client(config, session)
        if not config.bot_token:
            return cls(config, session, client, None)
        try:
            response = await checked_auth(client, config.api_url, deadline)
        except BaseException:  # a definite failure (one line), or stopped while trying again
            await session.close()
            raise
        if config.socket_mode:
            await cls._check_app_token(config, client, session, deadline)
        log.info("Slack: connected as %s in %s", response.get("user"), response.get("team"))
        default = Default(*(str(response.get(key) or "") for key in ("team_id", "user_id", "bot_id")))
        return cls(config, session, client, default)

    @staticmethod
    async def _check_app_token(config: SlackConfig, client, session: aiohttp.ClientSession, deadline: float) -> None:
        """Socket Mode would retry a rejected app token for ever; say so once instead."""
        try:
            await checked_app_token(client, config.app_token, deadline)
        except BaseException:
            await session.close()
            raise

    async def start(self, web_app: web.Application, peerbot: Peerbot, database: sa.Engine | None = None) -> None:
        """Mount on `web_app` (before it starts) or connect over Socket Mode; questions go through
        peerbot's inbox, and contacts become mentions as `peerbot.identify` says. Installing into
        many workspaces keeps the installations in `database` (peerbot's own, bot/state)."""
        installations = oauth = authorize = None
        if self.config.oauth is not None:
            if database is None:
                raise SettingsError("installing into many workspaces needs a database for the installations")
            refresher = TokenRefresher(self.client, self.config.oauth.client_id, self.config.oauth.client_secret)
            installations, oauth = await asyncio.to_thread(oauth_settings, self.config, database, refresher)
            authorize = InstalledOrDefault(installations, self.config, self.client, self.default)
        workspaces = Workspaces(self.config, self.session, self.client, peerbot, installations, self.default)
        self.handlers = Handlers(peerbot, workspaces)
        self.bolt_app = bolt_app = build_bolt_app(self.config, self.client, self.handlers, oauth, authorize)
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


def oauth_settings(config: SlackConfig, engine: sa.Engine, refresher: TokenRefresher | None = None
                   ) -> tuple[Installations, AsyncOAuthSettings]:
    """Bolt's OAuth v2 flow on peerbot's database (its tables created if missing), asking for the
    manifest's bot scopes; `state` signed with SLACK_STATE_SECRET; rotating tokens refreshed by `refresher`."""
    from bot.slack.installations import STATE_SECONDS, Installations, SignedStates

    if config.oauth is None:
        raise SettingsError("SLACK_CLIENT_ID is not set")
    installations = Installations(config.oauth.client_id, engine, refresher)
    states = SignedStates(config.oauth.state_secret, engine)
    installations.create_tables()
    states.create_tables()
    return installations, AsyncOAuthSettings(
        client_id=config.oauth.client_id, client_secret=config.oauth.client_secret, scopes=list(BOT_SCOPES),
        install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH, installation_store=installations,
        installation_store_bot_only=True, state_store=states, state_expiration_seconds=STATE_SECONDS,
    )
