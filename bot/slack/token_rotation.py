"""Slack's rotating bot tokens, refreshed before they expire. With token rotation on, an installed
workspace's bot token lasts 12 hours and comes with a refresh token; a token with under two hours left is
exchanged for a new one (oauth.v2.access, `grant_type=refresh_token`). Slack or the network failing, or
answering without a bot token, is one warning line and the old token kept; that workspace's refresh is
tried again after a minute, then twice as long each time up to an hour (its uses meanwhile try none and
log nothing), or at once when it is installed again (a new refresh token).
(Bolt's own rotation needs the client secret, reads Slack's answer unchecked and lets the database's
failure to keep the new token out raw, so the installation store does it: bot.slack.installations.)"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.posting import SLACK_FAILURES, failure_line, text_field

log = logging.getLogger(__name__)

REFRESH_BEFORE_SECONDS = 2 * 3600  # Bolt's default: a token is refreshed in its last two hours
# A rotating token's life (Slack's is 12 hours); one longer, or not positive, is kept as not expiring: an
# expiry past the year 9999 cannot be stored (OverflowError), and one in the past would have every use of
# the token refresh it.
MAX_TOKEN_SECONDS = 366 * 24 * 3600
BACK_OFF_FIRST_SECONDS = 60.0  # a refresh that failed is not tried again for this long, then twice as long each time
BACK_OFF_MOST_SECONDS = 3600.0


def due(bot: Bot, now: float) -> bool:
    """Whether `bot`'s token should be refreshed at `now` (pure): it rotates and has under two hours left."""
    expires = bot.bot_token_expires_at
    return bool(bot.bot_refresh_token) and expires is not None and expires <= now + REFRESH_BEFORE_SECONDS


def renewed(bot: Bot, answer: object, now: float) -> Bot | None:
    """`bot` with the new token of oauth.v2.access's `answer` (pure); None when it gives no bot token.
    A refresh token missing keeps the old one; an expiry missing or out of reach keeps the token as not
    expiring (as an install does: bot.slack.oauth_flow)."""
    token = text_field(answer, "access_token")
    if not token or text_field(answer, "token_type") != "bot":
        return None
    expires = answer.get("expires_in") if isinstance(answer, dict) else None
    fresh = Bot(**bot.to_dict_for_copying())
    fresh.bot_token = token
    fresh.bot_refresh_token = text_field(answer, "refresh_token") or bot.bot_refresh_token
    fresh.bot_token_expires_at = (int(now) + expires if type(expires) is int and 0 < expires <= MAX_TOKEN_SECONDS
                                  else None)
    return fresh


@dataclass(frozen=True)
class BackOff:
    """A workspace's refresh that failed: not tried again before `until` (unless its refresh token changed)."""

    refresh_token: str
    wait: float
    until: float


def backed_off(previous: BackOff | None, refresh_token: str, now: float) -> BackOff:
    """The back-off after a failed refresh (pure): a minute, doubled on each failure of the same refresh
    token, at most an hour."""
    again = previous is not None and previous.refresh_token == refresh_token
    wait = min(previous.wait * 2, BACK_OFF_MOST_SECONDS) if again and previous else BACK_OFF_FIRST_SECONDS
    return BackOff(refresh_token, wait, now + wait)


class TokenRefresher:
    """Exchanges a workspace's refresh token for a new bot token, with the app's client id and secret;
    one that failed is backed off per workspace (`clock`: seconds, for when to try again)."""

    def __init__(self, client: AsyncWebClient, client_id: str, client_secret: str,
                 clock: Callable[[], float] = time.monotonic):
        self.client = client
        self.client_id = client_id
        self.client_secret = client_secret
        self._clock = clock
        self._backing_off: dict[tuple[str | None, str | None], BackOff] = {}  # one entry a failing workspace

    async def refreshed(self, bot: Bot) -> Bot | None:
        """`bot` with a new token, or None when Slack gave none (one warning line a back-off) or its
        workspace's last refresh failed a moment ago (nothing tried, nothing said)."""
        key, token = (bot.enterprise_id, bot.team_id), bot.bot_refresh_token or ""
        held = self._backing_off.get(key)
        if held is not None and held.refresh_token == token and self._clock() < held.until:
            return None
        try:
            answer = await self.client.oauth_v2_access(client_id=self.client_id, client_secret=self.client_secret,
                                                       grant_type="refresh_token", refresh_token=token)
        except SLACK_FAILURES as e:
            self._failed(bot, key, token, f" ({failure_line(e)})")
            return None
        fresh = renewed(bot, answer.data, time.time())
        if fresh is None:
            self._failed(bot, key, token, ": oauth.v2.access answered without a bot token")
        else:
            self._backing_off.pop(key, None)
        return fresh

    def _failed(self, bot: Bot, key: tuple[str | None, str | None], token: str, why: str) -> None:
        held = self._backing_off[key] = backed_off(self._backing_off.get(key), token, self._clock())
        log.warning("Slack: the token of workspace %s was not refreshed%s; it is tried again in %.0f s (its old "
                    "token is used meanwhile)", bot.team_id, why, held.wait)
