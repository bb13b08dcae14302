"""What sweep 32 (benchmarks/hostile_sweep32.py) found: a `HOST` holding escape codes and a line
break was echoed as it was by `serve`'s one error line (clearing the terminal, retitling it, splitting
the line); a server whose clock was more than five minutes wrong refused every Slack request with the
line a forged one gets, so nothing said the clock was to blame."""

from __future__ import annotations

import logging
import time

import pytest
from copied_home import environment, peerbot
from slack_double import SIGNING_SECRET, SlackSender, app_mention, free_port

from bot.slack.signature import clock_skew, signed, skew_words

ESCAPES = "C0AB\x1b[2J\x1b]0;owned\x07\nC0CD"


def test_a_host_holding_escape_codes_is_one_line_quoting_them(tmp_path):
    (tmp_path / "knowledge").mkdir()
    env = environment(tmp_path, HOST=ESCAPES, PORT=str(free_port()), SLACK_BOT_TOKEN="xoxb-1-2-abc",
                      SLACK_SIGNING_SECRET="0123456789abcdef")
    done = peerbot(env, "serve")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.startswith("peerbot: error: cannot listen on 'C0AB\\x1b[2J\\x1b]0;owned\\x07\\nC0CD':")


def test_a_printable_host_is_named_as_typed(tmp_path):
    """The must-not-take: a plain host name is not quoted."""
    (tmp_path / "knowledge").mkdir()
    env = environment(tmp_path, HOST="no-such-host.invalid", PORT=str(free_port()), SLACK_BOT_TOKEN="xoxb-1-2-abc",
                      SLACK_SIGNING_SECRET="0123456789abcdef")
    done = peerbot(env, "serve")
    assert done.returncode == 1 and done.stderr.startswith("peerbot: error: cannot listen on no-such-host.invalid:")


@pytest.mark.parametrize("offset", [-600, -365 * 86400, 3 * 3600], ids=["10 minutes old", "a year old", "3 hours ahead"])
def test_a_correctly_signed_request_far_from_the_clock_is_refused_naming_the_clock(server, slack, double, caplog, offset):
    with caplog.at_level(logging.WARNING):
        assert slack.event(app_mention("How can trusts build trust?"), timestamp=int(time.time()) + offset).status == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.slack.app"]
    assert len(lines) == 1 and "this machine's clock is wrong" in lines[0]
    assert skew_words(offset) in lines[0]
    assert not double.calls_to("chat.postMessage")


def test_a_wrongly_signed_old_request_gets_the_plain_refusal(server, slack, caplog):
    """The must-not-take: only Slack's own signature earns the clock line; a forgery, old or not, does not."""
    with caplog.at_level(logging.WARNING):
        assert slack.event(app_mention("x"), timestamp=int(time.time()) - 600, signature="v0=" + "0" * 64).status == 401
        assert slack.event(app_mention("x"), signature="v0=" + "0" * 64).status == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.slack.app"]
    assert lines == ["Slack: rejected a request with a missing, wrong or stale signature from 127.0.0.1"] * 2


def test_a_request_within_five_minutes_is_signed_and_has_no_skew():
    headers = SlackSender("http://x").headers("{}", "application/json", timestamp=int(time.time()) - 200)
    assert signed(headers, b"{}", SIGNING_SECRET) and clock_skew(headers, b"{}", SIGNING_SECRET) is None
    old = SlackSender("http://x").headers("{}", "application/json", timestamp=1_000_000_000)
    assert not signed(old, b"{}", SIGNING_SECRET)
    assert clock_skew(old, b"{}", SIGNING_SECRET, now=1_000_000_000 + 86400 * 3) == -86400 * 3
    assert skew_words(-86400 * 3) == "3 days before" and skew_words(7200) == "2 hours after"
