"""The hostile sweep's server cases: `peerbot serve` as a real process on 127.0.0.1, fed wrong shapes
for every field of Slack events, commands and interactions and Teams activities, bad signatures and
tokens, OAuth routes with bad parameters, serve-time settings with bad values, the Slack Web API
double failing, and a SIGKILL under load. A case fails on a 5xx, a refused connection, a traceback
in the server's log, an accepted event never answered, or a secret in the log."""

from __future__ import annotations

import copy
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from hostile_sweep import HANG_SECONDS, Case, Homes
from slack_burst import Burst
from slack_double import (
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    message_shortcut,
    slash_command,
)
from sweep_servers import Server, restart, slack_env, start, stop
from teams_doubles import message

WRONG = {"null": None, "list": [], "dict": {"a": {"b": 1}}, "number": 12, "bool": True, "huge": "x" * 300_000,
         "float": 1.5, "surrogate": "\ud800x"}
EVENT_PATHS = ["type", "event", "event.type", "event.user", "event.text", "event.channel", "event.ts",
               "event.thread_ts", "event.event_ts", "event.team", "event.blocks", "event.files", "event.subtype",
               "event.bot_id", "event.edited", "event.channel_type", "team_id", "api_app_id", "event_id",
               "event_time", "authorizations", "authorizations.0", "is_ext_shared_channel", "enterprise_id"]
COMMAND_FIELDS = ["command", "text", "user_id", "channel_id", "response_url", "trigger_id", "team_id", "api_app_id"]
ACTION_PATHS = ["type", "user", "user.id", "actions", "actions.0", "actions.0.action_id", "actions.0.value",
                "container", "channel", "channel.id", "message", "response_url", "team", "trigger_id"]
SHORTCUT_PATHS = ["callback_id", "message", "message.text", "message.ts", "message.thread_ts", "channel",
                  "user", "team", "response_url", "trigger_id"]
ACTIVITY_PATHS = ["type", "text", "from", "from.id", "from.aadObjectId", "conversation", "conversation.id",
                  "conversation.conversationType", "serviceUrl", "channelId", "id", "recipient", "value",
                  "attachments", "entities", "channelData", "replyToId", "textFormat", "locale", "timestamp"]


def mutated(body: dict, path: str, value) -> dict:
    """`body` with the field at dotted `path` set to `value` (or removed when value is ...)."""
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node.pop(int(last)) if value is ... else node.__setitem__(int(last), value)
    elif value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return body


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=HANG_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, urllib.error.URLError) as e:
        return -1 if "timed out" not in str(e) else -2


def status_problems(status: int) -> list[str]:
    if status == -2:
        return ["no answer within 30 s"]
    if status < 0:
        return ["connection refused or reset"]
    return [f"HTTP {status}"] if status >= 500 else []


def http_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def setup() -> None:
        if not state:
            start(state, homes, lambda double: slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True)

    def request(name: str, send) -> Case:
        def run() -> list[str]:
            setup()
            server: Server = state["server"]
            mark = len(server.lines)
            try:
                status = send(server)
            except OSError:  # the sender's own timeout
                status = -2
            problems = status_problems(status) + server.problems_since(mark)
            if status < 0 or server.process.poll() is not None:  # stuck or gone: the next case gets a new one
                restart(state)
            return problems
        return Case("http", name, run)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    valid = app_mention("trust at board level")
    for path in EVENT_PATHS:
        for kind, value in {**WRONG, "missing": ...}.items():
            body = mutated(valid, path, value)
            yield request(f"event:{path}={kind}", lambda s, b=body: slack(s).event(b).status)
    for field in COMMAND_FIELDS:
        for kind, value in {"missing": ..., "empty": "", "huge": "x" * 100_000, "weird": "%00\x01<@U1>"}.items():
            def send_command(s: Server, field=field, value=value) -> int:
                form = slash_command("/peer", "trust at board level", state["double"].response_url())
                form = mutated(form, field, value)
                return slack(s).command(form).status
            yield request(f"command:{field}={kind}", send_command)
    for kind, make, paths in (("action", lambda: block_actions("feedback_helpful", "q-1", state["double"].response_url()),
                               ACTION_PATHS),
                              ("shortcut", lambda: message_shortcut("trust?", state["double"].response_url()),
                               SHORTCUT_PATHS)):
        for path in paths:
            for wrong, value in {**WRONG, "missing": ...}.items():
                yield request(f"{kind}:{path}={wrong}",
                              lambda s, m=make, p=path, v=value: slack(s).interaction(mutated(m(), p, v)).status)
    raw = {"payload-not-json": b"payload=%7Bnope", "payload-array": b"payload=%5B1%5D", "payload-empty": b"payload=",
           "payload-twice": b"payload=%7B%7D&payload=%7B%7D", "form-garbage": b"%%%&&&==",
           "form-bad-bytes": b"payload=%FF%FE", "json-array": b"[1,2]", "json-string": b'"x"', "json-null": b"null",
           "json-deep": b"[" * 50_000 + b"]" * 50_000, "empty": b"", "binary": bytes(range(256)),
           "huge": b'{"type":"event_callback","event":{"text":"' + b"x" * 8_000_000 + b'"}}'}
    for ctype in ("application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data"):
        for name, body in raw.items():
            def send_raw(s: Server, body=body, ctype=ctype) -> int:
                headers = slack(s).headers(body.decode("latin-1"), ctype)
                return post(f"{s.url}/slack/events", body, headers)
            yield request(f"raw:{ctype.split('/')[1]}:{name}", send_raw)
    sign = {"bad-signature": {"signature": "v0=deadbeef"}, "old-timestamp": {"timestamp": int(time.time()) - 3600},
            "future-timestamp": {"timestamp": int(time.time()) + 3600}, "unsigned": {"unsigned": True},
            "empty-signature": {"signature": ""}, "v1-signature": {"signature": "v1=00"}}
    for name, how in sign.items():
        yield request(f"signature:{name}", lambda s, h=how: _must_refuse(slack(s).event(app_mention("trust"), **h).status))
    for name, headers in {"timestamp-words": {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=ab"},
                          "timestamp-huge": {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=ab"},
                          "timestamp-negative": {"X-Slack-Request-Timestamp": "-5", "X-Slack-Signature": "v0=ab"},
                          "timestamp-float": {"X-Slack-Request-Timestamp": "1.5e9", "X-Slack-Signature": "v0=ab"}}.items():
        yield request(f"signature:{name}", lambda s, h=headers: _must_refuse(
            post(f"{s.url}/slack/events", b'{"type":"event_callback"}', {"Content-Type": "application/json", **h})))
    yield request("replay-answered-once", lambda s: _replay(s, state["double"]))
    for method in ("GET", "PUT", "DELETE"):
        yield request(f"method:{method}", lambda s, m=method: _method(s.url + "/slack/events", m))
    for path in ("/", "/nope", "/slack/events/../../etc/passwd", "/healthz?x=%ff", "/slack/install",
                 "/slack/oauth_redirect?code=x&state=y"):
        yield request(f"get:{path}", lambda s, p=path: _method(s.url + p, "GET"))

    activity = lambda: message(state["connector"].url, "trust at board level")  # noqa: E731
    for path in ACTIVITY_PATHS:
        for kind, value in {**WRONG, "missing": ...}.items():
            def send_activity(s: Server, path=path, value=value) -> int:
                body = json.dumps(mutated(activity(), path, value)).encode("utf-8", "surrogatepass")
                return post(f"{s.url}/api/messages", body, {"Content-Type": "application/json"})
            yield request(f"teams:{path}={kind}", send_activity)
    for name, body in raw.items():
        yield request(f"teams-raw:{name}", lambda s, b=body: post(
            f"{s.url}/api/messages", b, {"Content-Type": "application/json"}))
    yield Case("http", "teardown", lambda: stop(state, homes))


def _must_refuse(status: int) -> int:
    return 599 if status == 200 else status  # a forged request that is accepted counts as a server fault


def _method(url: str, method: str) -> int:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=HANG_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return -1


def _replay(server: Server, double: SlackDouble) -> int:
    body = app_mention("trust at board level replayed")
    sender = SlackSender(f"{server.url}/slack/events")
    statuses = [sender.event(body, retry_num=i or None).status for i in range(3)]
    time.sleep(3)
    posts = [c for c in double.calls_to("chat.postMessage") if c.get("thread_ts") == body["event"]["ts"]]
    if len(posts) != 1:
        return 598  # answered not exactly once
    return max(statuses)


def auth_cases(homes: Homes) -> Iterator[Case]:
    """Teams with its Bot Framework settings (tokens required) and Slack installed by OAuth."""
    state: dict = {}

    def setup() -> None:
        if not state:
            start(state, homes, lambda double: dict(
                SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url,
                SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="secretpw-client", SLACK_STATE_SECRET="s" * 40,
                CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID="00000000-0000-0000-0000-000000000001",
                CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET="secretpw-teams",
                CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID="00000000-0000-0000-0000-000000000002"))

    def case(name: str, send) -> Case:
        def run() -> list[str]:
            setup()
            mark = len(state["server"].lines)
            return status_problems(send(state["server"].url)) + state["server"].problems_since(mark)
        return Case("auth", name, run)

    body = json.dumps(message("http://127.0.0.1:1", "trust")).encode()
    for name, auth in {"none": None, "garbage": "Bearer garbage", "three-parts": "Bearer a.b.c",
                       "basic": "Basic dXNlcjpwYXNz", "empty-bearer": "Bearer ", "alg-none":
                       "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJhdWQiOiJ4In0.", "huge": "Bearer " + "a" * 100_000,
                       "bad-bytes": "Bearer \u00ff\u00fe"}.items():
        headers = {"Content-Type": "application/json", **({"Authorization": auth} if auth else {})}
        yield case(f"teams-token:{name}", lambda u, h=headers: _must_refuse(post(f"{u}/api/messages", body, h)))
    for query in ("", "?code=x", "?state=bad", "?code=x&state=bad", "?error=access_denied&state=bad",
                  "?code=" + "x" * 50_000 + "&state=y", "?code=%ff&state=%fe"):
        yield case(f"oauth-redirect:{query[:30]}", lambda u, q=query: _method(f"{u}/slack/oauth_redirect{q}", "GET"))
    yield case("oauth-install", lambda u: _method(f"{u}/slack/install", "GET"))
    yield case("slack-unknown-team", lambda u: SlackSender(f"{u}/slack/events").event(app_mention("trust")).status)

    yield Case("auth", "teardown", lambda: stop(state, homes))


def serve_settings_cases(homes: Homes) -> Iterator[Case]:
    """Settings only `peerbot serve` uses, each with bad values: the server starts and answers, or
    exits with one clear line."""
    bad = {"PORT": ["abc", "-1", "70000", "1e3"], "HOST": ["256.1.1.1", "nohost.invalid", "::zz"],
           "PEERBOT_RELOAD_SECONDS": ["abc", "-1", "0", "1e308", "nan"],
           "PEERBOT_QUERY_WINDOW_MS": ["0", "-1", "1e308", "abc"],
           "PEERBOT_THREADS": ["0", "-4", "100000", "abc"], "PEERBOT_RETENTION_DAYS": ["0", "-1", "99999999999"],
           "SLACK_API_URL": ["not a url", "http://127.0.0.1:1/api/"], "SLACK_BOT_TOKEN": ["xoxp-wrong-kind"],
           "SLACK_APP_TOKEN": ["xapp-nope"], "SLACK_STATE_SECRET": ["short"],
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": ["not-a-tenant"]}
    for env, values in bad.items():
        for value in values:
            yield Case("serve-env", f"{env}={value!r}", lambda e=env, v=value: _serve_with(homes, e, v))


def _serve_with(homes: Homes, env: str, value: str) -> list[str]:
    home = homes.fresh()
    with SlackDouble() as double:
        extra = slack_env(double)
        if env == "SLACK_STATE_SECRET":
            extra |= {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "secretpw"}
        if env.startswith("CONNECTIONS__"):
            extra |= {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "x",
                      "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secretpw"}
        server = Server(home, port=value, **extra) if env == "PORT" else Server(home, **{**extra, env: value})
        try:
            started = server.settled(60, ready=False)
            if started is False:
                return server.exit_problems()
            if started is None:
                return ["not ready within 60 s and still running"]
            mark = len(server.lines)
            SlackSender(f"{server.url}/slack/events").event(app_mention("trust at board level"))
            time.sleep(2)
            return server.problems_since(mark) + server.stop()
        finally:
            if server.process.poll() is None:
                server.process.kill()
            homes.discard(home)


def slack_api_cases(homes: Homes) -> Iterator[Case]:
    """The Slack Web API double failing while an accepted mention is answered: a passing failure
    is retried until the answer is posted (once); one that never passes ends after a bounded number
    of tries with one log line per failure. Either way no traceback and no token in the log."""
    state: dict = {}
    passing = {"http-500": dict(kind="http", status=500), "http-503": dict(kind="http", status=503),
               "invalid-json": dict(kind="invalid_json"), "reset": dict(kind="drop"),
               "slow-5s": dict(kind="slow", seconds=5, took_effect=True), "http-500-x3": dict(kind="http", times=3),
               "http-400-html": dict(kind="http", status=400), "http-413-html": dict(kind="http", status=413)}
    lasting = ["invalid_auth", "channel_not_found", "not_in_channel", "account_inactive", "internal_error"]

    def setup() -> None:
        if not state:
            start(state, homes)

    def case(name: str, arrange, answered: bool) -> Case:
        def run() -> list[str]:
            setup()
            server, double = state["server"], state["double"]
            double.clear()
            arrange(double)
            mark = len(server.lines)
            body = app_mention(f"trust at board level {name}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            thread = body["event"]["ts"]
            deadline = time.monotonic() + 45
            posted: list = []
            while time.monotonic() < deadline:
                posted = [c for c in double.calls_to("chat.postMessage", thread_ts=thread) if c.ok]
                if posted and answered:
                    break
                time.sleep(0.2)
            tries = len(double.calls_to("chat.postMessage", thread_ts=thread))
            if answered and len(posted) != 1:
                problems.append(f"answered {len(posted)} times after a passing failure ({tries} tries)")
            if not answered and tries > 10:
                problems.append(f"{tries} tries for a failure that never passes")
            return problems + server.problems_since(mark, settle=1)
        return Case("slack-api", name, run)

    for name, fault in passing.items():
        yield case(name, lambda d, f=fault: d.fault("chat.postMessage", **{"times": 1, **f}), answered=True)
    yield case("ratelimited-retry-after-1", lambda d: d.rate_limit("chat.postMessage", retry_after=1), answered=True)
    for error in lasting:
        yield case(f"lasting-{error}", lambda d, e=error: d.fail("chat.postMessage", e), answered=False)

    yield Case("slack-api", "teardown", lambda: stop(state, homes))


def burst_killed(homes: Homes, events: int, senders: int, at_acked: int, env: dict | None = None,
                 before_kill: Callable[[Path], None] | None = None) -> list[str]:
    """SIGKILL of `peerbot serve` once `at_acked` of a burst's `events` are acknowledged (after
    `before_kill(home)`, when given), then a restart that the rest of the burst goes to: every
    acknowledged event is answered, and none twice (the double grants a history scope)."""
    from slack_double import HISTORY_SCOPES

    home = homes.fresh()
    problems: list[str] = []
    with SlackDouble() as double:
        double.scopes |= set(HISTORY_SCOPES.values())
        double.fault("chat.postMessage", "slow", seconds=0.2, took_effect=True, times=None)
        env = slack_env(double, **(env or {}))
        first = Server(home, **env).ready()
        burst = Burst(f"{first.url}/slack/events", [f"trust at board level {i}" for i in range(events)], senders)
        sending = threading.Thread(target=burst.run, args=(time.monotonic() + 150,))
        sending.start()
        if before_kill:
            before_kill(home)
        while burst.acked() < at_acked and sending.is_alive():
            time.sleep(0.01)
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(30)
        second = Server(home, **env).ready()
        burst.retarget(f"{second.url}/slack/events")
        sending.join(180)
        tally = burst.wait_answered(double, timeout=90)
        problems += second.stop()
        if any("Traceback" in line for line in second.lines):
            problems.append("traceback in the restarted server's log")
    homes.discard(home)
    if tally.acked != tally.events:
        problems.append(f"{tally.events - tally.acked} events never acknowledged")
    if tally.unanswered:
        problems.append(f"{len(tally.unanswered)} acknowledged events never answered")
    if tally.duplicates:
        problems.append(f"{len(tally.duplicates)} events answered twice")
    return problems


def sigkill_cases(homes: Homes) -> Iterator[Case]:
    """SIGKILL of `peerbot serve` a third of the way through a burst, then a restart."""
    yield Case("sigkill", "burst-kill-restart", lambda: burst_killed(homes, 90, 10, 30))


FAMILIES = {"http": http_cases, "auth": auth_cases, "serve-env": serve_settings_cases,
            "slack-api": slack_api_cases, "sigkill": sigkill_cases}
