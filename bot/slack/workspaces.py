"""Which bot token answers in which Slack workspace.

One workspace (SLACK_BOT_TOKEN): that token everywhere. Installed into many (SLACK_CLIENT_ID):
each workspace's installation, looked up in the installation store, both for Bolt's request
authorisation and for the replies the inbox posts later; SLACK_BOT_TOKEN, if also set, still
serves its own workspace. Each token gets its own client, poster, place and mention caches, so
nothing one workspace's token may see leaks into another's answers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize, AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.service import DeliveryFailed, Peerbot
from bot.slack.config import SlackConfig, make_client
from bot.slack.places import PlaceResolver
from bot.slack.posting import Poster
from bot.slack.users import MentionResolver

if TYPE_CHECKING:  # SQLAlchemy is imported only when peerbot is installed into many workspaces
    from bot.slack.installations import Installations


@dataclass(frozen=True)
class Default:
    """The SLACK_BOT_TOKEN workspace, as auth.test described it."""

    team: str
    bot_user_id: str
    bot_id: str


class Tools:
    """What answering in one workspace uses, all with that workspace's token."""

    def __init__(self, client: AsyncWebClient, session: aiohttp.ClientSession, peerbot: Peerbot):
        self.client = client
        self.poster = Poster(client, session)
        self.places = PlaceResolver(client)
        self.resolver = MentionResolver(client, peerbot.identify)


class Workspaces:
    def __init__(self, config: SlackConfig, session: aiohttp.ClientSession, client: AsyncWebClient,
                 peerbot: Peerbot, installations: Installations | None = None, default: Default | None = None):
        self.config = config
        self.session = session
        self.peerbot = peerbot
        self.installations = installations
        self.default = default
        self._default_tools = Tools(client, session, peerbot) if config.bot_token else None
        self._by_team: dict[str, Tools] = {}  # each installed workspace's, with its current token

    async def tools(self, team: str) -> Tools:
        """The tools for workspace `team` (a T… id); DeliveryFailed when peerbot is not installed there."""
        if self.installations is None or (self.default is not None and team == self.default.team):
            if self._default_tools is None:
                raise DeliveryFailed("no Slack bot token", retry=False)
            return self._default_tools
        bot = await self.installations.async_bot_of(team) if team else None
        if bot is None or not bot.bot_token:
            if self._default_tools is not None and not team:
                return self._default_tools
            raise DeliveryFailed(f"peerbot is not installed in Slack workspace {team or '(unknown)'}", retry=False)
        tools = self._by_team.get(team)
        if tools is None or tools.client.token != bot.bot_token:  # new, or its token refreshed
            client = make_client(self.config, self.session, token=bot.bot_token)
            tools = self._by_team[team] = Tools(client, self.session, self.peerbot)
        return tools


class InstalledOrDefault(AsyncAuthorize):
    """Bolt's authorisation from the installation store, with SLACK_BOT_TOKEN's own workspace too."""

    def __init__(self, installations: Installations, config: SlackConfig, client: AsyncWebClient,
                 default: Default | None):
        super().__init__()
        self.installed = AsyncInstallationStoreAuthorize(
            installation_store=installations, client_id=installations.store.client_id, bot_only=True, client=client,
            logger=logging.getLogger("bot.slack.bolt"),
        )
        self.config = config
        self.default = default

    async def __call__(self, *, context: AsyncBoltContext, enterprise_id: str | None, team_id: str | None,
                       user_id: str | None, **actor: str | None) -> AuthorizeResult | None:
        if self.default is not None and team_id == self.default.team:
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=self.config.bot_token,
                                   bot_user_id=self.default.bot_user_id, bot_id=self.default.bot_id)
        return await self.installed(context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                    **actor)
