"""The weekly digest in Slack: each DIGEST_CHANNELS channel is a destination of the digest's
posting run (bot/digest/posting.py), posted to with chat.postMessage.

A plain channel id (`C0123ABCD`) is posted with SLACK_BOT_TOKEN; one qualified by its workspace
(`T0123ABCD:C0123ABCD`) with the token that workspace's installation keeps (peerbot installed
into many workspaces), looked up when the run posts, so an uninstalled workspace is one failed
destination, not a failed run. Each workspace's channels share one client (429s retried after
Retry-After, nothing else, since a post that may have arrived must not be sent twice). A digest is
read by a channel, so its people are named, never mentioned: a mention would notify them every week
(README "Contacts are named, not pinged").

Each digest carries a marker (its first block's `block_id`, from the week and the channel), so a
post whose answer was lost can be looked for with conversations.history, which needs a history
scope peerbot's manifest does not ask for: without it the channel cannot be read and the operator
is asked to look (bot/digest/posting.py).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.digest.model import Audience, DeliveryError, Digest, UnconfirmedDelivery
from bot.setting_values import SettingsError
from bot.settings import Settings
from bot.slack import messages
from bot.slack.client import UnreadableAnswer
from bot.slack.config import OAuthConfig, SlackConfig, digest_config, make_client, oauth_config
from bot.slack.digest_blocks import digest_message
from bot.slack.posting import Destination, failure_line, find_marked, marker, slack_error, text_field, with_marker
from bot.slack.token_rotation import TokenRefresher

if TYPE_CHECKING:
    import sqlalchemy as sa

TIMEOUT_SECONDS = 30
SERVER_SIDE = {"internal_error", "fatal_error"}  # Slack: "it's possible some aspect of the operation succeeded"
T = TypeVar("T")


class TokenWorkspace:
    """SLACK_BOT_TOKEN's workspace: its team id asked once with auth.test."""

    def __init__(self, client: AsyncWebClient):
        self._client = client
        self._known: str | None = None

    async def team(self) -> str:
        if self._known is None:
            self._known = text_field((await _call(self._client, self._client.auth_test)).data, "team_id")
        return self._known

    async def client(self) -> AsyncWebClient:
        return self._client


class InstalledWorkspace:
    """A workspace peerbot was installed into: its token from the installation store, looked up once."""

    def __init__(self, team: str, config: SlackConfig, installations: Callable[[], Awaitable[str | None]]):
        self._team = team
        self._config = config
        self._token = installations
        self._client: AsyncWebClient | None = None

    async def team(self) -> str:
        return self._team

    async def client(self) -> AsyncWebClient:
        if self._client is None:
            token = await self._token()
            if not token:
                raise DeliveryError(f"peerbot is not installed in Slack workspace {self._team}")
            self._client = make_client(self._config, timeout=TIMEOUT_SECONDS, most_wait=math.inf, token=token)
        return self._client


class SlackDigestChannel:
    """A DIGEST_CHANNELS channel; its audience is its workspace."""

    def __init__(self, channel: str, workspace: TokenWorkspace | InstalledWorkspace, key: str):
        self.channel = channel
        self.workspace = workspace
        self.key = f"slack:{key}"

    async def audience(self) -> Audience:
        return Audience(await self.workspace.team())

    async def post(self, digest: Digest) -> None:
        client = await self.workspace.client()
        message = with_marker(digest_message(digest), self._marker(digest.week))
        await _call(client, lambda: client.chat_postMessage(
            channel=self.channel, text=message.text, blocks=message.blocks, unfurl_links=False, unfurl_media=False
        ), sending=True)

    async def find(self, week: str) -> bool | None:
        client = await self.workspace.client()
        return await _call(client, lambda: find_marked(client, Destination(self.channel), self._marker(week)))

    def _marker(self, week: str) -> str:
        return marker(f"digest {week} {self.key}")


async def _call(client: AsyncWebClient, call: Callable[[], Awaitable[T]], sending: bool = False) -> T:
    """`call()`, its failures as DeliveryError; when `sending`, one whose outcome is unknown as
    UnconfirmedDelivery: the answer lost after the request went out (a dropped connection, a time-out,
    a body cut short), or Slack failing on its side (an HTTP 5xx; `internal_error` and `fatal_error`,
    which Slack documents as possibly carried out in part). Slack refusing the call (another error
    code, a 4xx; a 429 still refused once its Retry-After waits are spent) is a plain failure: not posted."""
    try:
        return await call()
    except SlackApiError as e:
        if sending and _maybe_carried_out(e):
            raise UnconfirmedDelivery(messages.digest_failure(failure_line(e))) from None
        raise DeliveryError(messages.digest_failure(failure_line(e))) from None
    except UnreadableAnswer as e:  # a body cut short: the call may have been carried out
        raise (UnconfirmedDelivery if sending else DeliveryError)(messages.digest_failure(failure_line(e))) from None
    except SlackClientError as e:  # an answer that is not Slack's: an HTML page
        raise DeliveryError(messages.digest_failure(failure_line(e))) from None
    except aiohttp.ClientConnectorError as e:  # refused, no such host: nothing was sent
        raise DeliveryError(f"cannot reach Slack at {client.base_url} ({e.os_error.strerror or e})") from None
    except (aiohttp.ClientError, OSError) as e:  # dropped connections, time-outs
        reason = getattr(e, "reason", None) or str(e) or type(e).__name__
        if sending:
            raise UnconfirmedDelivery(f"the connection to Slack at {client.base_url} was lost ({reason})") from None
        raise DeliveryError(f"cannot reach Slack at {client.base_url} ({reason})") from None


def _maybe_carried_out(error: SlackApiError) -> bool:
    """Whether Slack's failed answer leaves it unknown whether the call was carried out."""
    status = getattr(error.response, "status_code", None)
    return slack_error(error) in SERVER_SIDE or (isinstance(status, int) and status >= 500)


def slack_digest_channels(settings: Settings, channels: tuple[str, ...],
                          database: Callable[[], sa.Engine]) -> list[SlackDigestChannel]:
    """The digest's Slack destinations; `database` the engine holding the installations (asked only when posting to
    a workspace-qualified channel)."""
    plain = [c for c in channels if ":" not in c]
    found: list[SlackDigestChannel] = []
    if plain:
        default = TokenWorkspace(make_client(digest_config(settings), timeout=TIMEOUT_SECONDS, most_wait=math.inf))
        found += [SlackDigestChannel(channel, default, channel) for channel in plain]
    qualified = [c for c in channels if ":" in c]
    if qualified:
        oauth = oauth_config(settings)
        if oauth is None:
            raise SettingsError(f"DIGEST_CHANNELS names a workspace ({qualified[0]}), so SLACK_CLIENT_ID, "
                                "SLACK_CLIENT_SECRET and SLACK_STATE_SECRET must be set (peerbot installed into many workspaces)")
        config = digest_config(settings, installed=True)
        workspaces: dict[str, InstalledWorkspace] = {}
        for entry in qualified:
            team, channel = entry.split(":", 1)
            if team not in workspaces:
                workspaces[team] = InstalledWorkspace(team, config, _installed_token(oauth, config, team, database))
            found.append(SlackDigestChannel(channel, workspaces[team], entry))
    return found


def _installed_token(oauth: OAuthConfig, config: SlackConfig, team: str,
                     database: Callable[[], sa.Engine]) -> Callable[[], Awaitable[str | None]]:
    """Workspace `team`'s bot token, refreshed first when it rotates and is due."""
    async def token() -> str | None:
        from bot.slack.installations import Installations

        refresher = TokenRefresher(make_client(config, timeout=TIMEOUT_SECONDS, most_wait=math.inf), oauth.client_id, oauth.client_secret)
        bot = await Installations(oauth.client_id, database(), refresher).async_bot_of(team)
        return bot.bot_token if bot else None

    return token
