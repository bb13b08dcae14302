"""Whether a Slack conversation is public, asked once and remembered for a while.

conversations.info needs only `channels:read`: a channel's metadata, never its messages. For a
private channel or a group DM that scope is not enough and Slack refuses, which is the answer
too: anything peerbot cannot confirm as public is private (bot.question fails safe).
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.question import DM, PRIVATE, Place
from bot.slack.payloads import place_of
from bot.slack.posting import SLACK_FAILURES, failure_line

log = logging.getLogger(__name__)

REMEMBER_SECONDS = 3600  # a channel made private is treated as private within the hour
MAX_REMEMBERED = 5000


class PlaceResolver:
    def __init__(self, client: AsyncWebClient, remember_seconds: float = REMEMBER_SECONDS):
        self.client = client
        self.remember_seconds = remember_seconds
        self._known: dict[str, tuple[Place, float]] = {}  # channel id -> (place, when looked up)

    async def place(self, channel: str) -> Place:
        if channel.startswith("D"):
            return DM
        known = self._known.get(channel)
        if known and time.monotonic() - known[1] < self.remember_seconds:
            return known[0]
        try:
            response = await self.client.conversations_info(channel=channel)
            found = response.get("channel")
            place = place_of(found) if isinstance(found, dict) else PRIVATE
        except SlackApiError as e:  # missing_scope (a private place), channel_not_found, ...
            log.info("Slack: conversations.info answered %s; treating the conversation as private", failure_line(e))
            place = PRIVATE
        except SLACK_FAILURES as e:  # not reached, or an answer of the wrong kind
            log.warning("Slack: conversations.info failed (%s); treating the conversation as private", failure_line(e))
            return PRIVATE  # not remembered: next time may tell
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[channel] = (place, time.monotonic())
        return place
