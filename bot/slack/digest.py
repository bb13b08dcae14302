"""The weekly digest in Slack: each DIGEST_CHANNELS channel is a destination of the digest's
posting run (bot/digest/posting.py), posted to with chat.postMessage.

It reuses what answers use: the Web API client of `bot.slack.config` (429s retried after
Retry-After, nothing else, since a post that may have arrived must not be sent twice) and the
mention lookup of `bot.slack.users`, shared by every channel of a run so each email is looked
up once. A posting run is one asyncio run, like `peerbot serve`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.digest.model import Audience, DeliveryError, Digest
from bot.settings import Settings
from bot.slack.config import digest_config, make_client
from bot.slack.digest_blocks import digest_message
from bot.slack.users import Identify, MentionResolver

TIMEOUT_SECONDS = 30
T = TypeVar("T")


class TokenWorkspace:
    """The workspace (team id) of the bot token, asked once with auth.test."""

    def __init__(self, client: AsyncWebClient):
        self.client = client
        self._known: str | None = None

    async def __call__(self) -> str:
        if self._known is None:
            self._known = (await self.client.auth_test()).get("team_id") or ""
        return self._known


class SlackDigestChannel:
    """A DIGEST_CHANNELS channel; its audience is the workspace of the bot token."""

    def __init__(self, client: AsyncWebClient, channel: str, mentions: MentionResolver,
                 workspace: Callable[[], Awaitable[str]]):
        self.client = client
        self.channel = channel
        self.mentions = mentions
        self.workspace = workspace
        self.key = f"slack:{channel}"

    async def audience(self) -> Audience:
        return Audience(await self._call(self.workspace))

    async def post(self, digest: Digest) -> None:
        message = digest_message(digest, await self.mentions.mentions(digest.contacts))
        await self._call(lambda: self.client.chat_postMessage(
            channel=self.channel, text=message.text, blocks=message.blocks, unfurl_links=False, unfurl_media=False
        ))

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        try:
            return await call()
        except SlackApiError as e:
            raise DeliveryError(f"Slack answered {e.response.get('error') or e.response.status_code}") from None
        except (aiohttp.ClientError, OSError) as e:  # refused connections, timeouts, bodies that are not JSON
            reason = getattr(e, "reason", None) or e
            raise DeliveryError(f"cannot reach Slack at {self.client.base_url} ({reason})") from None


def slack_digest_channels(settings: Settings, channels: tuple[str, ...], identify: Identify) -> list[SlackDigestChannel]:
    """The digest's Slack destinations, sharing one client, one mention lookup and one auth.test;
    `identify` gives each contact's Slack identity (contacts.yaml)."""
    client = make_client(digest_config(settings), timeout=TIMEOUT_SECONDS)
    mentions = MentionResolver(client, identify)
    workspace = TokenWorkspace(client)
    return [SlackDigestChannel(client, channel, mentions, workspace) for channel in channels]
