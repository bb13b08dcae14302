"""What the twelfth hostile sweep (benchmarks/hostile_sweep12.py) found, each over HTTP on 127.0.0.1
against peerbot's real server and the Slack double.

An answer from Slack whose body cannot be read as text or parsed (bytes that are not UTF-8; JSON
nested past Python's parser) escaped the Slack SDK as aiohttp's UnicodeDecodeError or json's
RecursionError, which no caller takes as Slack failing: installing by OAuth was an HTTP 500 with a
traceback. `bot/slack/client.SlackClient` now makes it `UnreadableAnswer`, as a body that is not JSON.
"""

from __future__ import annotations

import sqlite3

import pytest
from serve_process import said_since
from test_hostile_sweep5_finds import _answer, begin_install, get, installing  # noqa: F401  (a fixture)

NOT_UTF8 = _answer().replace(b'"U0BOT"', b'"U0B\xffOT"')  # one byte that is not UTF-8 in a sound answer
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("body", [NOT_UTF8, DEEP], ids=["not-utf-8", "nested-100000-deep"])
def test_an_install_whose_oauth_answer_cannot_be_read_is_refused_in_one_line_not_a_500(installing, body):  # noqa: F811
    double, port, lines = installing["double"], installing["port"], installing["lines"]
    cookie, state = begin_install(port)
    double.fault("oauth.v2.access", "body", status=200, body=body, times=1)
    mark = len(lines)
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0BROKEN1', 'xoxb-broken')}&state={state}",
                          cookie)
    assert 400 <= status < 500, page
    said = "".join(said_since(lines, mark, "Slack: an install failed"))
    assert "Traceback" not in said and said.count("Slack: an install failed") == 1, said[-3000:]
    assert "not UTF-8" in said or "too deeply" in said, said
    with sqlite3.connect(installing["db"]) as db:
        assert db.execute("SELECT team_id FROM slack_bots WHERE team_id = 'T0BROKEN1'").fetchall() == []

    cookie, state = begin_install(port)  # the installer tries again, and Slack answers as it should
    status, _, page = get(port, f"/slack/oauth_redirect?code={double.grant('T0AGAIN01', 'xoxb-again')}&state={state}",
                          cookie)
    assert status == 200, page
