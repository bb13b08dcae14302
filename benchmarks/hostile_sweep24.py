"""The twenty-fourth hostile sweep: answers of the right status and the wrong shape, numbers JSON cannot
carry into Python, and every HTTP method on every route, through the real `peerbot serve` on 127.0.0.1
with the Slack and Teams doubles (real signing).

Sweeps 1-23 sent failing calls (sweep 23: 429s, 5xx, pages, lists, `ok` missing or text, cuts, resets,
silence, each `ok:false` code), payloads mutated at every path with null, true, 0, -1, 1e308, a list, an
object (sweep 7), every value null and 10,000-deep fields (sweep 20), and odd methods on the health routes
(sweep 20). None answered a call with `ok: true` and its fields missing or of the wrong type, sent a number
Python's JSON reader cannot hold (1e400 is infinity; an integer of 5,000 digits is refused by Python's
4,300-digit limit), or sent PUT, DELETE, PATCH, OPTIONS, HEAD, TRACE or an unknown method to the Slack,
OAuth and Teams routes.

- `okshape24`: the Slack Web API answering with its status right and its body odd: chat.postMessage (a
  mention's answer) `ok: true` with no ts or channel, or of the wrong type (a number, null, a list, an
  object, 1e400, 100 KB), `ok` given twice (either last), `ok: false` with no error, an error that is a
  number, null, a list or 100 KB, a ts of 5,000 digits; chat.postEphemeral (a `/peer` answer) seven of
  those; conversations.info with the channel missing, a
  list, text, null, or flags of the wrong type; users.lookupByEmail answering an id that is not an id
  (its own server, as lookups are cached); views.open, views.publish, chat.update, the review card's post
  `ok: true` with their fields missing or mistyped; oauth.v2.access `ok: true` with each field the install
  reads missing or mistyped; auth.test as `serve` starts with its fields missing or mistyped.
- `numbers24`: signed Slack events, interactions and Teams messages with 1e400, -1e400, 1e-400, -0 and
  an integer of 5,000 digits at the paths peerbot reads and at an unknown key.
- `methods24`: PUT, DELETE, PATCH, OPTIONS, HEAD, TRACE, an unknown method and a lower-case `post` on
  `/slack/events`, `/slack/install`, `/slack/oauth_redirect`, `/api/messages` and a path peerbot does not
  serve, each with a validly signed mention as its body (signing is not the only guard).
- `teamsok24`: the Teams connector taking a reply (2xx) and answering `{"id": null}`, an id that is a
  list, 100 KB or 5,000 digits, `{}`, `null`, a JSON string, nothing with 200, or 204.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep24.py --hang 90 [--only CLASS ...]

Pass rule (as sweep 23's): a 2xx, or a 4xx with no traceback in the log; each question answered exactly
once (a post carried out whose answer cannot be read may show twice: the documented exception); no
`<!channel>` ping that the asker did not write; the server still serving afterwards (a mention answered
once at each class's teardown); a clean exit (status 0) on SIGTERM; no token in any log.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import STATE_SECRET, _begin_install, _get, _installs, _judged_server, _oauth_start  # noqa: E402
from hostile_sweep7_shapes import QUESTION  # noqa: E402
from hostile_sweep8 import LESSON  # noqa: E402
from hostile_sweep16 import _mention_answered  # noqa: E402
from hostile_sweep20 import head, raw_request, signature  # noqa: E402
from hostile_sweep23 import (  # noqa: E402
    AT_MOST_ONCE,
    ONCE,
    Way,
    _body,
    _click,
    _healed,
    _home,
    _lesson,
    _log_problems,
    _shown,
)
from slack_double import (  # noqa: E402
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
    view_submission,
)
from sweep_servers import Loop, Server  # noqa: E402
from teams_doubles import ConnectorDouble, message  # noqa: E402

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
DIGITS = "7" * 5000  # past Python's 4,300-digit limit for reading an integer
BIG = "x" * 100_000
NUMBERS = {"1e400": "1e400", "-1e400": "-1e400", "1e-400": "1e-400", "minus-zero": "-0", "5000-digits": DIGITS}


def _raw(text: str) -> bytes:
    return text.encode()


def _took(text: str, times: int = 1) -> Callable:
    """`text` as Slack's answer to a call it carried out."""
    return _body(_raw(text), took=True, times=times)


def _not_carried(text: str, times: int = 1) -> Callable:
    """`text` as Slack's answer to a call it did not carry out."""
    return _body(_raw(text), took=False, times=times)


def _srv(state: dict, homes: Homes, cls: str, name: str, run_it, start) -> Case:
    return _judged_server(state, homes, cls, name, run_it, start)


# -- okshape24 ----------------------------------------------------------------------------------------------------

POST_SHAPES: dict[str, Way] = {
    "ok-true-alone": Way(_took('{"ok": true}')),
    "ts-and-channel-numbers": Way(_took('{"ok": true, "channel": 5, "ts": 1.5}')),
    "ts-channel-message-null": Way(_took('{"ok": true, "channel": null, "ts": null, "message": null}')),
    "ts-a-list-message-text": Way(_took('{"ok": true, "channel": "C1", "ts": ["1.2"], "message": "text"}')),
    "ts-an-object-message-a-list": Way(_took('{"ok": true, "ts": {"a": 1}, "message": []}')),
    "ts-1e400": Way(_took('{"ok": true, "ts": 1e400}')),
    "ts-100kb": Way(_took(json.dumps({"ok": True, "ts": BIG}))),
    "warning-a-number-metadata-a-list": Way(_took('{"ok": true, "warning": 7, "response_metadata": []}')),
    "ok-twice-true-last-carried-out": Way(_took('{"ok": false, "ok": true}')),
    "ok-twice-false-last": Way(_not_carried('{"ok": true, "ok": false, "error": "internal_error"}')),
    "ok-true-with-an-error-carried-out": Way(_took('{"ok": true, "error": "internal_error"}')),
    "ok-false-no-error": Way(_not_carried('{"ok": false}')),
    "error-a-number": Way(_not_carried('{"ok": false, "error": 5}')),
    "error-null": Way(_not_carried('{"ok": false, "error": null}')),
    "error-a-list": Way(_not_carried('{"ok": false, "error": ["ratelimited"]}')),
    "error-an-object": Way(_not_carried('{"ok": false, "error": {"code": "fatal_error"}}')),
    "error-100kb": Way(_not_carried(json.dumps({"ok": False, "error": BIG}))),
    "ts-5000-digits-carried-out": Way(_took('{"ok": true, "ts": ' + DIGITS + "}"), AT_MOST_ONCE),
}

INFO_SHAPES = {
    "ok-true-alone": '{"ok": true}',
    "channel-a-list": '{"ok": true, "channel": [{"id": "C1"}]}',
    "channel-text": '{"ok": true, "channel": "C1"}',
    "channel-null": '{"ok": true, "channel": null}',
    "flags-of-wrong-types": '{"ok": true, "channel": {"is_private": "no", "is_channel": 1, "is_im": null, '
                            '"is_archived": "true", "is_ext_shared": {}, "name": 5}}',
    "flags-lists": '{"ok": true, "channel": {"is_private": [], "is_mpim": [true], "is_shared": "", "name": []}}',
    "a-number-of-5000-digits": '{"ok": true, "channel": {"id": "C1", "created": ' + DIGITS + "}}",
}

VIEW_SHAPES = {"ok-true-alone": '{"ok": true}', "view-a-list": '{"ok": true, "view": []}',
               "view-fields-mistyped": '{"ok": true, "view": {"id": 5, "hash": [], "state": "x"}}',
               "view-null": '{"ok": true, "view": null}'}

UPDATE_SHAPES = {"ok-true-alone": '{"ok": true}', "ts-a-number-message-a-list": '{"ok": true, "ts": 5, "message": []}'}

REVIEW_SHAPES = {"ok-true-alone": '{"ok": true}', "ts-number-channel-list": '{"ok": true, "ts": 5, "channel": []}',
                 "ts-1e400": '{"ok": true, "ts": 1e400, "channel": "C0REVIEW1"}'}


def _grant(**change) -> str:
    base = {"ok": True, "app_id": "A0PEER", "authed_user": {"id": "U0INSTALLER"}, "scope": "chat:write",
            "token_type": "bot", "access_token": f"xoxb-odd-{random.randrange(10**9)}", "bot_user_id": BOT_USER_ID,
            "team": {"id": f"T0ODD{random.randrange(10**6):06d}", "name": "Odd"}, "enterprise": None,
            "is_enterprise_install": False}
    for key, value in change.items():
        if value is KeyError:
            base.pop(key)
        else:
            base[key] = value
    return json.dumps(base)


OAUTH_SHAPES: dict[str, Callable[[], str]] = {
    "ok-true-alone": lambda: '{"ok": true}',
    "no-access-token": lambda: _grant(access_token=KeyError),
    "access-token-a-number": lambda: _grant(access_token=12345),
    "access-token-100kb": lambda: _grant(access_token="xoxb-" + BIG),
    "team-null": lambda: _grant(team=None),
    "team-text": lambda: _grant(team="T0ODD"),
    "team-id-a-list": lambda: _grant(team={"id": ["T1"], "name": 5}),
    "authed-user-a-list": lambda: _grant(authed_user=["U1"]),
    "bot-user-id-an-object": lambda: _grant(bot_user_id={"id": "U1"}),
    "enterprise-text-install-yes": lambda: _grant(enterprise="E1", is_enterprise_install="yes"),
    "scope-a-list-token-type-null": lambda: _grant(scope=["chat:write"], token_type=None),
    "app-id-a-number": lambda: _grant(app_id=7),
    "expires-in-10**30-with-refresh": lambda: _grant(expires_in=10**30, refresh_token="xoxe-1-odd"),
    "expires-in-negative-with-refresh": lambda: _grant(expires_in=-5, refresh_token="xoxe-1-odd"),
    "expires-in-5000-digits": lambda: _grant(refresh_token="xoxe-1-odd").replace('"ok": true', '"ok": true, "expires_in": '
                                                                                  + DIGITS),
}

AUTH_SHAPES = {
    "ok-true-alone": '{"ok": true}',
    "user-id-a-list": '{"ok": true, "user_id": ["U1"], "team_id": "T1", "bot_id": "B1"}',
    "team-id-a-number": '{"ok": true, "user_id": "U1", "team_id": 7, "bot_id": "B1"}',
    "bot-id-an-object": '{"ok": true, "user_id": "U1", "team_id": "T1", "bot_id": {"id": "B1"}}',
    "url-a-number-user-text": '{"ok": true, "url": 5, "user": [], "team": {}}',
    "every-field-null": '{"ok": true, "url": null, "team": null, "user": null, "team_id": null, "user_id": null, '
                        '"bot_id": null, "is_enterprise_install": null}',
}


def _posted(double: SlackDouble, channel: str, ts: str) -> int:
    return len([c for c in double.calls_to("chat.postMessage", channel=channel, thread_ts=ts) if c.ok])


def _answer_shape(way: Way) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"CSHP{random.randrange(10**6):06d}"
        way.arrange(double, "chat.postMessage", channel)
        body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}", channel=channel)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        ts = body["event"]["ts"]
        _wait(lambda: _posted(double, channel, ts), 90)
        time.sleep(8)  # a second post, if one is coming, comes within the first retries
        shown = _posted(double, channel, ts)
        if way.expect == ONCE and shown != 1:
            problems.append(f"answered {shown} times (expected once)")
        if way.expect == AT_MOST_ONCE and not 1 <= shown <= 2:
            problems.append(f"answered {shown} times (expected once, twice at most)")
        return problems
    return run_it


EPHEMERAL_SHAPES = ["ok-true-alone", "ts-and-channel-numbers", "ok-twice-true-last-carried-out", "ok-twice-false-last",
                    "ok-false-no-error", "error-a-list", "ts-5000-digits-carried-out"]


def _peer_shape(way: Way) -> Callable:
    """`/peer` whose private reply (chat.postEphemeral) Slack answers with `way`'s body."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel, tag = f"CEPH{random.randrange(10**6):06d}", f"zt{uuid.uuid4().hex[:8]}"
        way.arrange(double, "chat.postEphemeral", channel)
        body = slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag), channel=channel)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").command(body).status)
        _wait(lambda: _shown(double, channel, tag=tag), 90)
        time.sleep(8)
        shown = _shown(double, channel, tag=tag)
        if way.expect == ONCE and shown != 1:
            problems.append(f"shown {shown} times (expected once)")
        if way.expect == AT_MOST_ONCE and not 1 <= shown <= 2:
            problems.append(f"shown {shown} times (expected once, twice at most)")
        return problems
    return run_it


def _info_shape(text: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"CINF{random.randrange(10**6):06d}"
        _body(_raw(text), took=True, times=None)(double, "conversations.info", channel)
        body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}", channel=channel)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        _wait(lambda: _posted(double, channel, body["event"]["ts"]), 90)
        time.sleep(3)
        shown = _posted(double, channel, body["event"]["ts"])
        if not any(c.method == "conversations.info" for c in double.calls):
            problems.append("conversations.info was not called (case not exercised)")
        return problems + ([] if shown == 1 else [f"answered {shown} times (expected once)"])
    return run_it


def _review_shape(text: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        _body(_raw(text), took=True, times=1)(double, "chat.postMessage", servers.REVIEW)
        sender = SlackSender(f"{server.url}/slack/events")
        problems = status_problems(sender.command(slash_command("/lesson", "Boards", double.response_url())).status)
        if not _wait(lambda: [c for c in double.calls_to("views.open") if c.ok], 30) or not double.views:
            return problems + ["/lesson opened no form"]
        title = f"Lesson {uuid.uuid4().hex[:6]}"
        problems += status_problems(sender.interaction(view_submission(double.views[-1], {**LESSON, "title": title})).status)
        if not _wait(lambda: [c for c in double.calls_to("chat.postMessage", channel=servers.REVIEW)
                              if title in c.blocks_text + str(c.get("text", ""))], 30):
            problems.append("the lesson's review card was never posted")
        time.sleep(2)
        _healed(double, "chat.postMessage")
        return problems
    return run_it


def _odd_install(make: Callable[[], str]) -> Callable:
    """The install's redirect with oauth.v2.access answering `make()`; when it installed, a mention
    from that workspace; then a clean install answered."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        text = make()
        token = re.search(r'"access_token": "([^"]+)"', text)
        team = re.search(r'"team": \{"id": "(T0ODD\d+)"', text)
        if token and team:  # the Web API takes the odd install's token, so the install is stored
            double.installed[token.group(1)] = team.group(1)
        double.fault("oauth.v2.access", "body", times=1, status=200, body=_raw(text), took_effect=False)
        cookie, oauth_state = _begin_install(server.port)
        status, _, _ = _get(server.port, f"/slack/oauth_redirect?code=odd{random.randrange(10**6)}&state={oauth_state}",
                            cookie)
        problems = status_problems(status)
        _healed(double, "oauth.v2.access")
        if status == 200 and team:  # installed: its workspace's mention is handled (2xx or 4xx, no traceback)
            body = event_callback(app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")["event"])
            body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team.group(1)
            problems += status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            time.sleep(3)
        return problems + _installs(server, double)
    return run_it


def _lookup_injection(homes: Homes) -> Case:
    """users.lookupByEmail answering an id that carries `<!channel>`: no channel ping in the answer."""
    def run() -> list[str]:
        state: dict = {"home": homes.fresh()}
        try:
            knowledge = state["home"] / "knowledge"
            (knowledge / "contacts.yaml").write_text("people:\n  - name: Julian Hartley\n    email: jh@example.nhs.uk\n")
            rc, _, err = run_cli(["index"], base_env(state["home"]), timeout=300)
            if rc:
                return [f"`peerbot index` with a contact's email failed ({rc}): {err[-200:]}"]
            servers.start(state, homes)
            server, double = state["server"], state["double"]
            _body(_raw('{"ok": true, "user": {"id": "U1> <!channel", "name": "x"}}'), took=True, times=None)(
                double, "users.lookupByEmail", None)
            problems = _mention_answered(server, double)
            if not double.calls_to("users.lookupByEmail"):
                problems.append("users.lookupByEmail was not called (case not exercised)")
            pinged = [c for c in double.calls_to("chat.postMessage") if "<!channel" in c.blocks_text + str(c.get("text", ""))]
            problems += [f"{len(pinged)} posts carry <!channel>"] if pinged else []
            return problems + server.problems_since(0, settle=1)
        finally:
            problems_at_stop = servers.stop(state, homes) if state else []
            if problems_at_stop:
                print(f"okshape24 lookup: {problems_at_stop}")
    return Case("okshape24", "users.lookupByEmail:id-with-a-channel-ping", run)


def _auth_shape(homes: Homes, name: str, text: str) -> Case:
    def run() -> list[str]:
        double = SlackDouble().start()
        home = homes.fresh()
        try:
            _body(_raw(text), took=True, times=None)(double, "auth.test", None)
            server = Server(home, **servers.slack_env(double))
            settled = server.settled(150)
            if settled is None:
                server.kill()
                return ["neither ready nor exited within 150 s"]
            if settled is False:
                return server.exit_problems(must_fail=True) + _log_problems(server)
            problems = _log_problems(server) + _mention_answered(server, double)
            return problems + server.stop()
        finally:
            double.stop()
            homes.discard(home)
    return Case("okshape24", f"auth.test:{name}", run)


def okshape24_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    start = lambda s, h: servers.start(s, h, lambda d: servers.slack_env(  # noqa: E731
        d, PEERBOT_CURATORS=servers.CURATOR, PEERBOT_REVIEW_CHANNEL=servers.REVIEW))
    cls = "okshape24"
    for name, way in POST_SHAPES.items():
        yield _srv(state, homes, cls, f"chat.postMessage:{name}", _answer_shape(way), start)
    for name in EPHEMERAL_SHAPES:
        yield _srv(state, homes, cls, f"chat.postEphemeral:{name}", _peer_shape(POST_SHAPES[name]), start)
    for name, text in INFO_SHAPES.items():
        yield _srv(state, homes, cls, f"conversations.info:{name}", _info_shape(text), start)
    for name, text in VIEW_SHAPES.items():
        yield _srv(state, homes, cls, f"views.open:{name}", _lesson(Way(_took(text)), False), start)
    for name, text in list(VIEW_SHAPES.items())[:2]:
        yield _srv(state, homes, cls, f"views.publish:{name}", _home(Way(_took(text))), start)
    for name, text in UPDATE_SHAPES.items():
        yield _srv(state, homes, cls, f"chat.update:{name}", _click(Way(_took(text))), start)
    for name, text in REVIEW_SHAPES.items():
        yield _srv(state, homes, cls, f"chat.postMessage-review-card:{name}", _review_shape(text), start)
    yield Case(cls, "teardown", lambda: (_mention_answered(state["server"], state["double"])
                                         + _log_problems(state["server"]) + servers.stop(state, homes)) if state else [])
    oauth: dict = {}
    for name, make in OAUTH_SHAPES.items():
        yield _srv(oauth, homes, cls, f"oauth.v2.access:{name}", _odd_install(make), _oauth_start)
    yield Case(cls, "teardown", lambda: servers.stop(oauth, homes))
    yield _lookup_injection(homes)
    for name, text in AUTH_SHAPES.items():
        yield _auth_shape(homes, name, text)


# -- numbers24 ----------------------------------------------------------------------------------------------------

MARK = "__number24__"


def _with_number(payload: dict, dotted: str, literal: str) -> bytes:
    """`payload` as JSON with `literal` (as written, not a JSON string) at `dotted`."""
    copy = json.loads(json.dumps(payload))
    node = copy
    keys = dotted.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = MARK
    else:
        node[last] = MARK
    return json.dumps(copy).replace(f'"{MARK}"', literal).encode()


def _slack_number(dotted: str, literal: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        body = _with_number(app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}"), dotted, literal)
        status = raw_request(server.port, head("/slack/events", {**signature(body), "Content-Type": JSON,
                                                                  "Content-Length": str(len(body))}), body, wait=30)
        return status_problems(status)
    return run_it


def _interaction_number(dotted: str, literal: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        payload = block_actions("feedback_helpful", "q-1", double.response_url())
        inner = _with_number(payload, dotted, literal).decode()
        body = urllib.parse.urlencode({"payload": inner}).encode()
        status = raw_request(server.port, head("/slack/events", {**signature(body), "Content-Type": FORM,
                                                                  "Content-Length": str(len(body))}), body, wait=30)
        return status_problems(status)
    return run_it


def _teams_number(dotted: str, literal: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        activity = message(state_connector[0].url, QUESTION, conversation=f"a:n24-{uuid.uuid4().hex[:8]}")
        body = _with_number(activity, dotted, literal)
        status = raw_request(server.port, head("/api/messages", {"Content-Type": JSON, "Content-Length": str(len(body))}),
                             body, wait=30)
        return status_problems(status)
    return run_it


state_connector: list = []  # the numbers24 server's Teams connector double


def numbers24_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        servers.start_both(s, h)
        state_connector[:] = [s["connector"]]

    cls = "numbers24"
    for path in ("event_time", "event.ts", "event.event_ts", "event.text", "authorizations.0.is_bot", "x_unknown"):
        for label, literal in NUMBERS.items():
            yield _srv(state, homes, cls, f"mention:{path}={label}", _slack_number(path, literal), start)
    for path in ("actions.0.action_ts", "container.message_ts", "x_unknown"):
        for label in ("1e400", "5000-digits"):
            yield _srv(state, homes, cls, f"helpful-click:{path}={label}", _interaction_number(path, NUMBERS[label]), start)
    for path in ("text", "timestamp", "id", "channelData", "from.id", "x_unknown"):
        for label in ("1e400", "5000-digits", "minus-zero"):
            yield _srv(state, homes, cls, f"teams-message:{path}={label}", _teams_number(path, NUMBERS[label]), start)

    def teardown() -> list[str]:
        if not state:
            return []
        problems = _mention_answered(state["server"], state["double"]) + _log_problems(state["server"])
        return problems + servers.stop(state, homes)
    yield Case(cls, "teardown", teardown)


# -- methods24 ----------------------------------------------------------------------------------------------------

def _method(method: str, path: str) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        mention = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
        body = json.dumps(mention).encode()
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", f"Content-Type: {JSON}",
                 f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in signature(body).items())]
        status = raw_request(server.port, ("\r\n".join(lines) + "\r\n\r\n").encode(), body, wait=30)
        problems = [] if status == -1 else status_problems(status)  # closed unread: nothing to answer
        if 200 <= status < 300 and path == "/slack/events" and method.upper() != "POST":
            problems.append(f"HTTP {status} to {method}")
        time.sleep(2)
        answered = [c for c in double.calls_to("chat.postMessage", thread_ts=mention["event"]["ts"]) if c.ok]
        if answered and method.upper() != "POST":
            problems.append(f"a mention sent by {method} was answered")
        return problems
    return run_it


def _both_routes(state: dict, homes: Homes) -> None:
    """A server answering Slack (installed by OAuth, so /slack/install is served) and Teams."""
    servers.start(state, homes, lambda d: servers.slack_env(d, TEAMS_ALLOW_ANONYMOUS="1", SLACK_CLIENT_ID=CLIENT_ID,
                                                            SLACK_CLIENT_SECRET=CLIENT_SECRET,
                                                            SLACK_STATE_SECRET=STATE_SECRET))


def methods24_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    cls = "methods24"
    for path in ("/slack/events", "/slack/install", "/slack/oauth_redirect", "/api/messages", "/no/such/path"):
        for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "BREW", "post"):
            yield _srv(state, homes, cls, f"{path}:{method}", _method(method, path), _both_routes)

    def teardown() -> list[str]:
        if not state:
            return []
        problems = _mention_answered(state["server"], state["double"]) + _log_problems(state["server"])
        return problems + servers.stop(state, homes)
    yield Case(cls, "teardown", teardown)


# -- teamsok24 ----------------------------------------------------------------------------------------------------

TEAMS_OK = {
    "id-null": (200, b'{"id": null}'),
    "id-a-list": (200, b'{"id": ["a"]}'),
    "id-100kb": (201, json.dumps({"id": BIG}).encode()),
    "id-5000-digits": (200, b'{"id": ' + DIGITS.encode() + b"}"),
    "empty-object": (200, b"{}"),
    "null": (200, b"null"),
    "a-json-string": (201, b'"posted"'),
    "nothing-200": (200, b""),
    "nothing-204": (204, b""),
}


def teamsok24_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        servers.start(s, h, lambda d: servers.slack_env(d, TEAMS_ALLOW_ANONYMOUS="1"))
        s["loop"] = Loop()

    def case(name: str, status: int, body: bytes) -> Case:
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            connector: ConnectorDouble = state["loop"].run(ConnectorDouble().__aenter__())
            try:
                connector.fault("body", status=status, body=body)
                activity = message(connector.url, QUESTION, conversation=f"a:t24-{name}", activity_id=uuid.uuid4().hex[:12])
                problems = status_problems(post(f"{server.url}/api/messages", json.dumps(activity).encode(),
                                                {"Content-Type": JSON}))
                _wait(lambda: connector.posts, 90)
                time.sleep(8)
                shown = len(connector.posts)
                return problems + ([] if shown == 1 else [f"{shown} replies shown (expected one)"])
            finally:
                state["loop"].run(connector.__aexit__(None, None, None))
        return _srv(state, homes, "teamsok24", name, run_it, start)

    for name, (status, body) in TEAMS_OK.items():
        yield case(name, status, body)

    def teardown() -> list[str]:
        if not state:
            return []
        return _mention_answered(state["server"], state["double"]) + _log_problems(state["server"]) + servers.stop(state, homes)
    yield Case("teamsok24", "teardown", teardown)


# -- term24 -------------------------------------------------------------------------------------------------------

def _digest(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "digest", "--post"], cwd=hostile_sweep.CODE[0], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="backslashreplace")


def _ok_posts(double: SlackDouble, channel: str) -> int:
    return len([c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok])


def _term_case(homes: Homes, name: str, sig: int, held: str, took: bool, channels: int = 1, at: float | None = None,
               twice: bool = False) -> Case:
    """`digest --post` to `channels` Slack channels, the one `held` (if any) answered 20 s late (carried
    out or not); `sig` sent when the held post reaches Slack (or `at` s after the start); then, healed, a
    second run. Each channel shows the digest at most once; one never asked is posted by the second run."""
    def run() -> list[str]:
        double, home = SlackDouble().start(), homes.fresh()
        try:
            names = [f"CTRM{i}{random.randrange(10**5):05d}" for i in range(channels)]
            held_channel = names[int(held)] if held else None
            if held_channel:
                double.fault("chat.postMessage", "slow", times=1, seconds=20, took_effect=took, channel=held_channel)
            env = base_env(home, **servers.slack_env(double, DIGEST_CHANNELS=",".join(names)))
            process = _digest(env)
            if at is not None:
                time.sleep(at)
            elif not _wait(lambda: double.calls_to("chat.postMessage", channel=held_channel), 120):
                process.kill()
                return ["the held post never reached Slack"]
            time.sleep(0.5)
            process.send_signal(sig)
            if twice:
                time.sleep(0.2)
                process.send_signal(sig)
            try:
                out, err = process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                return [f"still running 60 s after signal {sig}"]
            asked = {c: bool(double.calls_to("chat.postMessage", channel=c)) for c in names}
            problems = []
            if "Traceback (most recent call last)" in out + err:
                problems.append(f"traceback ({err.strip().splitlines()[-1][:160]})")
            if sig != signal.SIGKILL:
                if process.returncode not in (0, 1, 130, 143):
                    problems.append(f"exit status {process.returncode} after signal {sig}")
                if process.returncode and not any(line.startswith("peerbot") for line in err.splitlines()):
                    problems.append(f"exit {process.returncode} with no `peerbot:` line ({err.strip()[-120:]!r})")
            double.heal("chat.postMessage")
            rc, out2, err2 = run_cli(["digest", "--post"], env, timeout=150)
            problems += [f"second run: {p}" for p in judge_cli(["digest", "--post"], rc, out2, err2)]
            time.sleep(1)
            for channel in names:
                shown = _ok_posts(double, channel)
                if shown > 1:
                    problems.append(f"{channel}: the digest shown {shown} times")
                if not asked[channel] and shown != 1:
                    problems.append(f"{channel}: never asked before the signal, then posted {shown} times")
            return problems
        finally:
            double.stop()
            homes.discard(home)
    return Case("term24", name, run)


def term24_cases(homes: Homes) -> Iterator[Case]:
    for label, sig in (("sigterm", signal.SIGTERM), ("sigint", signal.SIGINT), ("sigkill", signal.SIGKILL)):
        for took in (False, True):
            yield _term_case(homes, f"{label}:post-held-{'carried-out' if took else 'not-carried-out'}", sig, "0", took)
        yield _term_case(homes, f"{label}:second-of-three-held", sig, "1", False, channels=3)
        yield _term_case(homes, f"{label}:at-0.3s-before-any-post", sig, "", False, channels=2, at=0.3)
    yield _term_case(homes, "sigterm-twice:post-held", signal.SIGTERM, "0", True, twice=True)
    yield _term_case(homes, "sigterm:at-2s-three-channels", signal.SIGTERM, "", False, channels=3, at=2.0)


FAMILIES = {"okshape24": okshape24_cases, "numbers24": numbers24_cases, "methods24": methods24_cases,
            "teamsok24": teamsok24_cases, "term24": term24_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile24-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
