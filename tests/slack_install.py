"""Installing peerbot into a Slack workspace over OAuth against a running `peerbot serve` (the Slack
double answers oauth.v2.access): the state secret, a GET with the state cookie, the install page's
"Add to Slack" link and state, and a mention from the installed workspace."""

from __future__ import annotations

import http.client
import re
import urllib.parse

from slack_double import app_mention, event_callback

STATE_SECRET = "a-long-random-state-secret-of-40-characters"


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict, str]:
    """GET `path` of the server on `port`: the status, the headers (lower-case names) and the page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()


def install_link(port: int) -> tuple[str, dict[str, str]]:
    """/slack/install: the state cookie, and the query of the one "Add to Slack" link it shows."""
    status, headers, page = get(port, "/slack/install")
    assert status == 200, page
    [link] = {m.replace("&amp;", "&") for m in re.findall(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page)}
    return headers["set-cookie"].split(";", 1)[0], dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))


def begin_install(port: int) -> tuple[str, str]:
    """/slack/install: the state cookie, and the state its "Add to Slack" link carries."""
    cookie, query = install_link(port)
    return cookie, query["state"]


def mention_in(team: str, text: str, channel: str | None = None) -> dict:
    """An app_mention event from workspace `team` (in `channel`, else the double's usual channel)."""
    body = event_callback(app_mention(text, **({"channel": channel} if channel else {}))["event"])
    body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team
    return body
