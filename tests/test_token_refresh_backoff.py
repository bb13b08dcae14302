"""A workspace whose token refresh Slack keeps refusing (invalid_refresh_token) is backed off: before,
every request from it tried again and logged a warning. Now one try and one line a back-off, per
workspace, a minute doubling to an hour, on a clock the test moves; the Slack double over HTTP."""

from __future__ import annotations

import asyncio
import logging

import pytest
from slack_double import CLIENT_ID, CLIENT_SECRET, SlackDouble
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.token_rotation import BACK_OFF_FIRST_SECONDS, BACK_OFF_MOST_SECONDS, TokenRefresher


def bot(team: str, refresh_token: str) -> Bot:
    return Bot(app_id="A0KRD7HC3", enterprise_id=None, team_id=team, bot_token=f"xoxe.xoxb-{team}",
               bot_id="B0PEER", bot_user_id="U0PEER", installed_at=1.0, bot_refresh_token=refresh_token,
               bot_token_expires_at=2)


@pytest.fixture
def double():
    with SlackDouble() as slack_api:
        yield slack_api


def refreshing(double: SlackDouble, now: list[float]) -> TokenRefresher:
    return TokenRefresher(AsyncWebClient(base_url=double.api_url), CLIENT_ID, CLIENT_SECRET, clock=lambda: now[0])


def tries(double: SlackDouble, refresh_token: str) -> int:
    return len(double.calls_to("oauth.v2.access", grant_type="refresh_token", refresh_token=refresh_token))


def test_a_refused_refresh_is_tried_once_a_back_off_and_said_once(double, caplog):
    now = [1000.0]
    refresher = refreshing(double, now)
    refused = bot("T0REFUSED", "xoxe-1-refused")
    with caplog.at_level(logging.WARNING, logger="bot.slack.token_rotation"):
        for _ in range(20):  # twenty requests from the workspace within its first back-off
            assert asyncio.run(refresher.refreshed(refused)) is None
    assert tries(double, "xoxe-1-refused") == 1  # before: 20
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "invalid_refresh_token" in lines[0] and "tried again in 60 s" in lines[0]
    assert "xoxe-1-refused" not in caplog.text

    async def waits() -> list[float]:
        """Each back-off's length: the clock moved a second at a time, a request each, until Slack is tried again
        (in one event loop: about 11,000 requests)."""
        found: list[float] = []
        for _ in range(8):
            waited = 0.0
            while tries(double, "xoxe-1-refused") == len(found) + 1:
                now[0] += 1
                waited += 1
                await refresher.refreshed(refused)
            found.append(waited)
        return found

    assert asyncio.run(waits()) == [BACK_OFF_FIRST_SECONDS * 2 ** i for i in range(6)] + [BACK_OFF_MOST_SECONDS] * 2


def test_the_back_off_is_per_workspace_and_ends_with_a_new_install_or_a_refresh_that_works(double, caplog):
    now = [1000.0]
    refresher = refreshing(double, now)
    assert asyncio.run(refresher.refreshed(bot("T0ONE", "xoxe-1-one"))) is None
    double.refresh_tokens["xoxe-1-two"] = "T0TWO"
    assert asyncio.run(refresher.refreshed(bot("T0TWO", "xoxe-1-two"))) is not None  # another workspace: tried
    double.refresh_tokens["xoxe-1-again"] = "T0ONE"
    assert asyncio.run(refresher.refreshed(bot("T0ONE", "xoxe-1-again"))) is not None  # installed again: at once
    double.refresh_tokens.pop("xoxe-1-again")
    with caplog.at_level(logging.WARNING, logger="bot.slack.token_rotation"):
        assert asyncio.run(refresher.refreshed(bot("T0ONE", "xoxe-1-again"))) is None
    assert tries(double, "xoxe-1-again") == 2
    assert "tried again in 60 s" in caplog.text  # a success started the back-off afresh
