"""auth.test (and, in Socket Mode, apps.connections.open) as `peerbot serve` starts: a failure that
passes is tried again, a definite one stops.

A definite answer stops `serve` with one line: Slack rejecting the token (`REJECTED_TOKEN`), any
other error code Slack gives that is not one of its passing ones, an HTTP 4xx that is neither 408
nor 429 (not a Slack API at that address), or an address that cannot be reached at all (a name
that does not resolve, a refused connection, TLS to a plain-HTTP port: a setting to fix). Anything
else (Slack's ratelimited, fatal_error, internal_error, service_unavailable, request_timeout; HTTP
5xx, 408, 429; a reset, a time-out, a body cut short or not Slack's) is tried again after
`START_DELAYS`, the last of them repeated, with one warning line a try, until it passes, `serve`
is stopped, or the next try would start after `PEERBOT_START_SECONDS`: then `serve` stops with
one line (`SlackUnavailable`) and exit status 1, for the platform to restart it.
"""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.service import PeerbotError
from bot.setting_values import SettingsError
from bot.slack.posting import failure_line, slack_error

log = logging.getLogger(__name__)

REJECTED_TOKEN = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}
PASSING_CODES = {"ratelimited", "accesslimited", "request_timeout", "service_unavailable", "fatal_error", "internal_error"}
START_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # seconds before each further try; then every 30 s


class SlackUnavailable(PeerbotError):
    """Slack kept failing (in ways that pass) for longer than `serve` may take to start."""


def passes(error: Exception) -> bool:
    """Whether auth.test failing with `error` may well succeed if tried again."""
    if isinstance(error, SlackApiError):
        if code := slack_error(error):
            return code in PASSING_CODES
        status = getattr(error.response, "status_code", None)
        return not isinstance(status, int) or status >= 500 or status in (200, 408, 429)
    if isinstance(error, aiohttp.ClientConnectorError):  # refused, no such host, TLS to plain HTTP
        return False
    return isinstance(error, SlackClientError | aiohttp.ClientError | TimeoutError | ConnectionError)


def definite_line(error: Exception, api_url: str) -> str:
    """The one line `serve` stops with when auth.test fails with `error` for good."""
    code = slack_error(error)
    if code in REJECTED_TOKEN:
        return f"SLACK_BOT_TOKEN was rejected by Slack ({code})"
    if isinstance(error, SlackApiError):
        return f"SLACK_API_URL {api_url} answered auth.test with an error ({failure_line(error)})"
    return f"SLACK_API_URL {api_url} cannot be reached ({type(error).__name__}: {error})"


async def checked_auth(client, api_url: str, deadline: float, delays: tuple[float, ...] = START_DELAYS):
    """auth.test's answer once it passes; SettingsError (one line) on a definite failure,
    SlackUnavailable when it still fails after `deadline` seconds."""
    return await _tried_again("auth.test", client.auth_test, lambda e: definite_line(e, api_url), deadline, delays)


async def checked_app_token(client, app_token: str, deadline: float, delays: tuple[float, ...] = START_DELAYS) -> None:
    """apps.connections.open with SLACK_APP_TOKEN (Socket Mode), tried again as auth.test is;
    SettingsError (one line) when Slack rejects the token or the call for good."""
    def definite(error: Exception) -> str:
        code = slack_error(error)
        if code:
            return f"SLACK_APP_TOKEN was rejected by Slack ({code})"
        return f"apps.connections.open failed ({failure_line(error)})"

    await _tried_again("apps.connections.open", lambda: client.apps_connections_open(app_token=app_token),
                       definite, deadline, delays)


async def _tried_again(method: str, call, definite, deadline: float, delays: tuple[float, ...]):
    began, tries = time.monotonic(), 0
    while True:
        try:
            return await call()
        except Exception as e:  # sorted below: a failure that passes, or one line
            if not passes(e):
                raise SettingsError(definite(e)) from None
            delay = delays[min(tries, len(delays) - 1)]
            tries += 1
            if time.monotonic() - began + delay > deadline:
                raise SlackUnavailable(
                    f"Slack's {method} kept failing as serve started ({tries} tries in {time.monotonic() - began:.0f}s, "
                    f"the last: {failure_line(e)}); not tried again past PEERBOT_START_SECONDS ({deadline:g}s)") from None
            log.warning("Slack: %s failed as serve starts (%s); trying again in %gs (try %d)",
                        method, failure_line(e), delay, tries + 1)
            await asyncio.sleep(delay)
