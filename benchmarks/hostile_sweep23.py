"""The twenty-third hostile sweep: the calls peerbot makes out (the Slack Web API, the Teams connector,
the digest's posts), each failing in each way, through the real `peerbot serve` on 127.0.0.1 with the
Slack and Teams doubles (real signing).

The ways a call fails (`WAYS`): HTTP 429 without a Retry-After and with one of 1, 86400, -5, an HTTP
date and words; HTTP 500, 502, 503; an HTML page (200); a body labelled JSON that is not; JSON of the
wrong shape (a list, `ok` missing, `ok` the text "false", `ok` the text "true" over a post carried
out); a body cut short (carried out or not); a connection reset (carried out or not); no answer
(40 s, past the post's 30 s limit); the answer trickled a byte every 0.4 s (carried out); and
`ok:false` with channel_not_found, not_in_channel, is_archived, msg_too_long, invalid_blocks (once,
and for good), token_revoked, account_inactive, missing_scope, ratelimited, fatal_error and
request_timeout (for good).

- `post23`: chat.postMessage (a mention's answer), chat.postEphemeral (a `/peer` answer, its
  response_url beside it) and conversations.info (behind an answer), each way on a channel of its
  own, all at once beside a burst of 20 mentions on healthy channels. A question whose post fails
  for a while is answered exactly once; one whose post fails for good is given up (one "gave up"
  line naming what failed, a bounded number of tries, nothing pending afterwards).
- `inline23`: the calls made while a request is handled, one case at a time: views.open (`/lesson`),
  views.publish (the Home tab), chat.update (a Helpful click), users.lookupByEmail (behind an
  answer), oauth.v2.access (the install's redirect): 2xx or 4xx and no traceback; a clean call
  afterwards works.
- `auth23`: auth.test failing as `serve` starts: it starts and answers, or exits with one
  `peerbot:` line.
- `teams23`: the Teams connector (Bot Framework REST, anonymous) answering a reply with 401, 403,
  404 (conversation gone), 412, 429 (with Retry-After of 1, 86400, -5 and a date), 500, 502, 503,
  504, twice and for good; a reset; no answer; a 2xx of the wrong shape; each on a connector of its
  own, all at once beside 20 healthy Teams messages. Once each question gets exactly one reply (the
  answer, or for a 4xx the apology) or, failing for good, none and a "gave up" line.
- `digest23`: `peerbot digest --post` to Slack channels failing each way: exit 0 or 1 with one
  `peerbot: error:` line a failed destination, never the token; a second run after the channel heals
  posts a digest whose first post surely failed, and never posts twice one that may have arrived.
- `tdigest23`: the same run to Teams conversations opted in to the digest, each with a connector of
  its own answering 401, 403, 404, 412, 429, 500, 502, 503 (three times), resetting, never
  answering, or a 2xx of the wrong shape; one run for all, a second once they heal.
- `kill23`: SIGKILL of `serve` while posts fail (held, reset, refused, rate-limited, for good) under a
  burst of 20 mentions, then a restart: nothing acknowledged is lost, each answered once or given
  up, nothing left pending.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep23.py --hang 90 [--only CLASS ...]

Pass rule (as sweep 20's): a 2xx, or a 4xx with no traceback in the logs; each accepted question
answered exactly once (a post carried out whose answer was lost may show twice: peerbot cannot read a
channel's history without a history scope, the documented exception); each accepted lesson kept; the
server still serving afterwards (a mention answered once at each class's teardown); a clean exit
(status 0) on SIGTERM; no token in any log.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import _begin_install, _get, _installs, _oauth_start  # noqa: E402
from hostile_sweep7_shapes import QUESTION  # noqa: E402
from hostile_sweep8 import LESSON  # noqa: E402
from hostile_sweep16 import _mention_answered  # noqa: E402
from slack_double import (  # noqa: E402
    BOT_TOKEN,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
    view_submission,
)
from sweep_servers import Loop, Server  # noqa: E402
from teams_doubles import ConnectorDouble, installation, message  # noqa: E402

JSON = "application/json"
CANNOT_POST = {"channel_not_found", "not_in_channel", "is_archived"}  # a /peer reply goes by its response_url
WINDOW = 300  # seconds after the burst by which every retry and apology is over (2+5+15+30+60 s, twice, + limits)
ONCE, GIVEN_UP, AT_MOST_ONCE = "once", "given up", "at most once"


@dataclass(frozen=True)
class Way:
    """One way a Slack call fails: `arrange(double, method, channel)`; what the asker should see."""

    arrange: Callable[[SlackDouble, str, str | None], None]
    expect: str = ONCE
    code: str = ""  # Slack's error code the "gave up" line names


def _date(seconds: float) -> str:
    return email.utils.formatdate(time.time() + seconds, usegmt=True)


def _body(body: bytes, status: int = 200, took: bool = False, content_type: str = JSON, times: int = 2) -> Callable:
    return lambda d, m, c: d.fault(m, "body", times=times, status=status, body=body, content_type=content_type,
                                   took_effect=took, channel=c)


def _fault(kind: str, times: int = 2, **more) -> Callable:
    return lambda d, m, c: d.fault(m, kind, times=times, channel=c, **more)


def _limited(retry_after, times: int = 2) -> Callable:
    return lambda d, m, c: d.rate_limit(m, times=times, retry_after=retry_after() if callable(retry_after)
                                        else retry_after, channel=c)


def _refused(code: str, times: int | None = None) -> Callable:
    return lambda d, m, c: d.fail(m, code, channel=c, times=times)


WAYS: dict[str, Way] = {
    "429-no-retry-after": Way(_limited(None)),
    "429-retry-after-1": Way(_limited(1)),
    "429-retry-after-86400": Way(_limited(86400, times=1)),
    "429-retry-after-negative": Way(_limited(-5)),
    "429-retry-after-date": Way(_limited(lambda: _date(2))),
    "429-retry-after-words": Way(_limited("soon")),
    "http-500": Way(_fault("http", status=500)),
    "http-502": Way(_fault("http", status=502)),
    "http-503": Way(_fault("http", status=503)),
    "html-page-200": Way(_body(b"<html><body>Bad gateway</body></html>", content_type="text/html")),
    "not-json": Way(_fault("invalid_json")),
    "json-list": Way(_body(b"[]")),
    "ok-missing": Way(_body(b'{"channel": "C1", "ts": "1.2"}')),
    "ok-text-false": Way(_body(b'{"ok": "false", "error": "internal_error"}')),
    "ok-text-true-carried-out": Way(_body(b'{"ok": "true"}', took=True, times=1), AT_MOST_ONCE),
    "cut-short": Way(_fault("cut", times=1)),
    "cut-short-carried-out": Way(_fault("cut", times=1, took_effect=True), AT_MOST_ONCE),
    "reset": Way(_fault("reset")),
    "reset-carried-out": Way(_fault("reset", times=1, took_effect=True), AT_MOST_ONCE),
    "no-answer-40s": Way(_fault("slow", times=1, seconds=40)),
    "trickle-carried-out": Way(_fault("trickle", times=1, seconds=0.4, took_effect=True), AT_MOST_ONCE),
    **{f"{code}-for-good": Way(_refused(code), GIVEN_UP, code) for code in (
        "channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "invalid_blocks", "token_revoked",
        "account_inactive", "missing_scope", "ratelimited", "fatal_error", "request_timeout")},
    "msg_too_long-once": Way(_refused("msg_too_long", 1)),
    "invalid_blocks-once": Way(_refused("invalid_blocks", 1)),
    "fatal_error-twice": Way(_refused("fatal_error", 2)),
    "request_timeout-twice": Way(_refused("request_timeout", 2)),
}
# /peer: its reply is private (chat.postEphemeral, or the response_url where peerbot may not post)
EPHEMERAL = ["429-no-retry-after", "429-retry-after-date", "http-500", "http-503", "html-page-200", "json-list",
             "ok-missing", "reset", "no-answer-40s", "channel_not_found-for-good", "not_in_channel-for-good",
             "is_archived-for-good", "token_revoked-for-good", "fatal_error-twice", "msg_too_long-once"]
# conversations.info (whether the channel is public) behind an answer
INFO = ["http-500", "html-page-200", "json-list", "ok-text-false", "reset", "no-answer-40s",
        "channel_not_found-for-good", "missing_scope-for-good", "token_revoked-for-good"]


def _db(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        return db.execute(sql).fetchall()


def _log_problems(server: Server) -> list[str]:
    problems = server.problems_since(0, settle=0)
    return problems + (["the bot token in the log"] if any(BOT_TOKEN in line for line in server.lines) else [])


def _gave_up(server: Server | list[Server], code: str) -> list[str]:
    lines = [line for one in (server if isinstance(server, list) else [server]) for line in one.lines]
    found = [line for line in lines if "gave up" in line and code in line]
    return [] if found else [f"no 'gave up' line naming {code}"]


def _pending(home: Path) -> list[str]:
    left = _db(home, "SELECT count(*) FROM inbox WHERE status = 'pending' AND kind != 'earlier'")[0][0]
    return [f"{left} inbox items still pending after {WINDOW} s"] if left else []


def _shown(double: SlackDouble, channel: str, ts: str | None = None, tag: str = "") -> int:
    """Posts carried out in `channel` (in the thread `ts`), or private replies carrying `tag`."""
    if tag:
        return len([c for c in double.calls if c.ok and c.method in ("chat.postEphemeral", "response_url")
                    and tag in c.blocks_text + str(c.get("text", ""))])
    return len([c for c in double.calls_to("chat.postMessage", channel=channel, thread_ts=ts) if c.ok])


def _tries(double: SlackDouble, channel: str) -> int:
    return len([c for c in double.calls if c.get("channel") == channel and c.method.startswith("chat.")])


def _judge(way: Way, shown: int, tries: int, server: Server | list[Server]) -> list[str]:
    problems = []
    if way.expect == ONCE and shown != 1:
        problems.append(f"answered {shown} times (expected once)")
    elif way.expect == AT_MOST_ONCE and not 1 <= shown <= 2:
        problems.append(f"answered {shown} times (expected once, twice at most when a post carried out was lost)")
    elif way.expect == GIVEN_UP:
        if shown > 1:
            problems.append(f"shown {shown} times while failing for good")
        problems += _gave_up(server, way.code)
    if tries > 30:
        problems.append(f"{tries} tries: not given up")
    return problems


# -- post23 ------------------------------------------------------------------------------------------------------

def _burst(sender: SlackSender, count: int = 20, prefix: str = "CBURST") -> list[tuple[str, str, int]]:
    """`count` mentions at once on healthy channels: (channel, ts, status) each."""
    def one(i: int) -> tuple[str, str, int]:
        body = app_mention(f"{QUESTION} b{i}", channel=f"{prefix}{i:02d}")
        return body["event"]["channel"], body["event"]["ts"], sender.event(body).status
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def _burst_problems(double: SlackDouble, sent: list[tuple[str, str, int]]) -> list[str]:
    problems = [p for _, _, status in sent for p in status_problems(status)]
    counts = [_shown(double, channel, ts) for channel, ts, _ in sent]
    wrong = [n for n in counts if n != 1]
    return problems + ([f"burst: {len(wrong)} of {len(sent)} mentions not answered once ({wrong})"] if wrong else [])


def post23_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    plan: list[tuple[str, str, Way, str]] = []  # (case name, surface: mention, peer, info, channel)
    for i, name in enumerate(WAYS):
        plan.append((f"chat.postMessage:{name}", "mention", WAYS[name], f"CPM{i:03d}"))
    for i, name in enumerate(EPHEMERAL):
        plan.append((f"chat.postEphemeral:{name}", "peer", WAYS[name], f"CPE{i:03d}"))
    for i, name in enumerate(INFO):
        plan.append((f"conversations.info:{name}", "info", WAYS[name], f"CCI{i:03d}"))

    def begin() -> None:
        servers.start(state, homes)
        server, double = state["server"], state["double"]
        sender = SlackSender(f"{server.url}/slack/events")
        sent: dict[str, dict] = {}

        def fire(item: tuple[str, str, Way, str]) -> None:
            name, surface, way, channel = item
            method = {"mention": "chat.postMessage", "peer": "chat.postEphemeral", "info": "conversations.info"}[surface]
            way.arrange(double, method, channel)
            tag = f"zt{uuid.uuid4().hex[:8]}"
            if surface == "peer":
                body = slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag), channel=channel)
                sent[name] = {"status": sender.command(body).status, "channel": channel, "tag": tag}
            else:
                body = app_mention(f"{QUESTION} {tag}", channel=channel)
                sent[name] = {"status": sender.event(body).status, "channel": channel, "ts": body["event"]["ts"]}

        with ThreadPoolExecutor(20) as pool:
            burst = pool.submit(_burst, sender)
            list(pool.map(fire, plan))
            state["burst"] = burst.result()
        state["sent"], state["began"] = sent, time.monotonic()

    def judged(name: str, surface: str, way: Way) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if not state:
                begin()
            while time.monotonic() - state["began"] < WINDOW:
                time.sleep(1)
            server, double, item = state["server"], state["double"], state["sent"][name]
            shown = _shown(double, item["channel"], item.get("ts"), item.get("tag", ""))
            expect = way
            if surface == "info" or (surface == "peer" and way.code in CANNOT_POST):
                expect = Way(way.arrange)  # answered regardless; privately through the response_url
            problems = status_problems(item["status"]) + _judge(expect, shown, _tries(double, item["channel"]), server)
            return problems
        return run

    for name, surface, way, _ in plan:
        yield Case("post23", name, judged(name, surface, way))

    def teardown() -> list[str]:
        if not state:
            return []
        server, double = state["server"], state["double"]
        problems = _burst_problems(double, state["burst"]) + _pending(state["home"]) + _log_problems(server)
        problems += _mention_answered(server, double)
        return problems + servers.stop(state, homes)
    yield Case("post23", "teardown", teardown)


# -- inline23 ----------------------------------------------------------------------------------------------------

INLINE_WAYS = ["429-no-retry-after", "429-retry-after-86400", "http-500", "http-503", "html-page-200", "not-json",
               "json-list", "ok-missing", "ok-text-false", "cut-short", "reset", "no-answer-40s",
               "token_revoked-for-good", "fatal_error-twice", "missing_scope-for-good"]


def _healed(double: SlackDouble, method: str) -> None:
    double.heal(method)
    double._failures.pop(method, None), double._rate_limits.pop(method, None)
    for key in [key for key in double._channel_limits if key[0] == method]:
        del double._channel_limits[key]


def _judged_inline(state: dict, homes: Homes, name: str, run_it: Callable[[Server, SlackDouble], list[str]],
                   start: Callable[[dict, Homes], None]) -> Case:
    def run() -> list[str]:
        if not state:
            start(state, homes)
        server, double = state["server"], state["double"]
        double.clear()
        mark = len(server.lines)
        try:
            problems = run_it(server, double)
        except OSError as e:
            problems = [f"no answer ({e})"]
        problems += server.problems_since(mark, settle=1)
        if server.process.poll() is not None:
            problems.append(f"the server exited ({server.process.returncode})")
            state["restart"](state)
        return problems
    return Case("inline23", name, run)


def _lesson(way: Way, late: bool) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        way.arrange(double, "views.open", None)
        sender = SlackSender(f"{server.url}/slack/events")
        problems = status_problems(sender.command(slash_command("/lesson", "Boards", double.response_url())).status)
        time.sleep(42 if late else 3)
        _healed(double, "views.open")
        sender.command(slash_command("/lesson", "Boards", double.response_url()))
        if not _wait(lambda: [c for c in double.calls_to("views.open") if c.ok], 30) or not double.views:
            return problems + ["a clean /lesson afterwards opened no form"]
        form = double.views[-1]
        title = f"Lesson {uuid.uuid4().hex[:6]}"
        problems += status_problems(sender.interaction(view_submission(form, {**LESSON, "title": title})).status)
        return problems
    return run_it


def _home(way: Way) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        way.arrange(double, "views.publish", None)
        user = f"U{random.randrange(10**8):08d}"
        opened = event_callback({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                                 "event_ts": f"{time.time():.6f}"})
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(opened).status)
        time.sleep(2)
        _healed(double, "views.publish")
        return problems + _mention_answered(server, double)
    return run_it


def _click(way: Way) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"CUPD{random.randrange(10**6):06d}"
        body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}", channel=channel)
        sender = SlackSender(f"{server.url}/slack/events")
        sender.event(body)
        posts = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok], 60)
        if not posts:
            return ["the mention was not answered"]
        value = next((e.get("value", "") for b in posts[0].blocks if b.get("type") == "actions"
                      for e in b.get("elements", []) if e.get("action_id") == "feedback_helpful"), "")
        way.arrange(double, "chat.update", channel)
        click = block_actions("feedback_helpful", value, double.response_url(), channel=channel,
                              message={"ts": posts[0].response.get("ts"), "text": "x", "blocks": posts[0].blocks})
        problems = status_problems(sender.interaction(click).status)
        time.sleep(2)
        _healed(double, "chat.update")
        return problems + _mention_answered(server, double)
    return run_it


def _lookup(way: Way) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        way.arrange(double, "users.lookupByEmail", None)
        problems = _mention_answered(server, double)
        _healed(double, "users.lookupByEmail")
        return problems
    return run_it


def _oauth(way: Way) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        way.arrange(double, "oauth.v2.access", None)
        team, token = f"T0BAD{random.randrange(10**6):06d}", f"xoxb-bad-{random.randrange(10**9)}"
        cookie, oauth_state = _begin_install(server.port)
        status, _, _ = _get(server.port, f"/slack/oauth_redirect?code={double.grant(team, token)}&state={oauth_state}",
                            cookie)
        problems = status_problems(status)
        _healed(double, "oauth.v2.access")
        return problems + _installs(server, double)
    return run_it


def inline23_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    start = lambda s, h: servers.start(s, h, lambda d: servers.slack_env(  # noqa: E731
        d, PEERBOT_CURATORS=servers.CURATOR, PEERBOT_REVIEW_CHANNEL=servers.REVIEW))
    for name in INLINE_WAYS:
        yield _judged_inline(state, homes, f"views.open:{name}", _lesson(WAYS[name], "40s" in name), start)
    for name in INLINE_WAYS[:10]:
        yield _judged_inline(state, homes, f"views.publish:{name}", _home(WAYS[name]), start)
    for name in INLINE_WAYS[:10]:
        yield _judged_inline(state, homes, f"chat.update:{name}", _click(WAYS[name]), start)
    for name in ("http-500", "json-list", "reset", "no-answer-40s", "token_revoked-for-good"):
        yield _judged_inline(state, homes, f"users.lookupByEmail:{name}", _lookup(WAYS[name]), start)
    yield Case("inline23", "teardown", lambda: (_mention_answered(state["server"], state["double"])
                                                + servers.stop(state, homes)) if state else [])
    oauth: dict = {}
    for name in ("429-no-retry-after", "http-502", "html-page-200", "json-list", "ok-missing", "ok-text-true-carried-out",
                 "cut-short", "reset", "no-answer-40s", "trickle-carried-out", "fatal_error-twice"):
        yield _judged_inline(oauth, homes, f"oauth.v2.access:{name}", _oauth(WAYS[name]), _oauth_start)
    yield Case("inline23", "teardown", lambda: servers.stop(oauth, homes))


# -- auth23 ------------------------------------------------------------------------------------------------------

def auth23_cases(homes: Homes) -> Iterator[Case]:
    def case(name: str) -> Case:
        def run() -> list[str]:
            double = SlackDouble().start()
            home = homes.fresh()
            try:
                WAYS[name].arrange(double, "auth.test", None)
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
        return Case("auth23", name, run)

    for name in ("429-retry-after-words", "http-503", "html-page-200", "json-list", "ok-missing", "cut-short", "reset",
                 "no-answer-40s", "token_revoked-for-good", "account_inactive-for-good", "fatal_error-twice"):
        yield case(name)


# -- teams23 -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamsWay:
    arrange: Callable[[ConnectorDouble], None]
    expect: str = ONCE
    status: int = 0  # the connector's answer the "gave up" line names


def _statuses(*statuses: int) -> Callable[[ConnectorDouble], None]:
    return lambda c: c.fail(*statuses)


def _teams_ways() -> dict[str, TeamsWay]:
    ways: dict[str, TeamsWay] = {}
    for status in (401, 403, 404, 412):  # for good at once: the apology is refused too
        ways[f"{status}-once"] = TeamsWay(_statuses(status))  # the apology is the one reply
        ways[f"{status}-for-good"] = TeamsWay(_statuses(*[status] * 50), GIVEN_UP, status)
    for status in (429, 500, 502, 503, 504):
        ways[f"{status}-twice"] = TeamsWay(_statuses(status, status))
        ways[f"{status}-for-good"] = TeamsWay(_statuses(*[status] * 50), GIVEN_UP, status)
    for label, after in (("1", "1"), ("86400", "86400"), ("negative", "-5"), ("date", None)):
        ways[f"429-retry-after-{label}"] = TeamsWay(lambda c, after=after: c.fault(
            "body", status=429, body=b'{"error": {"code": "Throttled"}}',
            headers={"Retry-After": after or _date(2)}))
    ways["reset-twice"] = TeamsWay(lambda c: (c.fault("drop"), c.fault("drop")))
    # a reply the connector never answers may yet show: given up on the last try, not sent again (late_posts.py)
    ways["no-answer"] = TeamsWay(lambda c: c.fault("hold"), AT_MOST_ONCE)
    ways["html-200-carried-out"] = TeamsWay(lambda c: c.fault("body", status=200, body=b"<html>ok</html>",
                                                              content_type="text/html"))
    ways["list-201-carried-out"] = TeamsWay(lambda c: c.fault("body", status=201, body=b"[]"))
    ways["id-number-200-carried-out"] = TeamsWay(lambda c: c.fault("body", status=200, body=b'{"id": 7}'))
    ways["html-502"] = TeamsWay(lambda c: c.fault("body", status=502, body=b"<html>Bad gateway</html>",
                                                  content_type="text/html"))
    return ways


def teams23_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    ways = _teams_ways()

    def begin() -> None:
        servers.start(state, homes, lambda d: servers.slack_env(d, TEAMS_ALLOW_ANONYMOUS="1"))
        server = state["server"]
        state["loop"] = Loop()
        healthy = state["loop"].run(ConnectorDouble().__aenter__())
        state["connectors"] = [healthy]
        sent: dict[str, dict] = {}

        def send(connector: ConnectorDouble, conversation: str) -> int:
            body = message(connector.url, QUESTION, conversation=conversation, activity_id=uuid.uuid4().hex[:12])
            return post(f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": JSON})

        for name, way in ways.items():
            connector = state["loop"].run(ConnectorDouble().__aenter__())
            way.arrange(connector)
            state["connectors"].append(connector)
            sent[name] = {"connector": connector, "conversation": f"a:t23-{name}"}
        with ThreadPoolExecutor(20) as pool:
            burst = [pool.submit(send, healthy, f"a:t23-burst-{i}") for i in range(20)]
            statuses = list(pool.map(lambda n: send(sent[n]["connector"], sent[n]["conversation"]), list(sent)))
            state["burst"] = [f.result() for f in burst]
        for name, status in zip(sent, statuses, strict=True):
            sent[name]["status"] = status
        state["sent"], state["began"], state["healthy"] = sent, time.monotonic(), healthy

    def judged(name: str, way: TeamsWay) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if not state:
                begin()
            while time.monotonic() - state["began"] < WINDOW:
                time.sleep(1)
            item, server = state["sent"][name], state["server"]
            connector: ConnectorDouble = item["connector"]
            shown, tries = len(connector.posts), len(connector.posts) + len(connector.refused) + len(connector.held)
            problems = status_problems(item["status"])
            if way.expect == ONCE and shown != 1:
                problems.append(f"{shown} replies shown (expected one)")
            if way.expect == AT_MOST_ONCE and (shown > 1 or not shown and not any(
                    "never answered a reply" in line for line in server.lines)):
                problems.append(f"{shown} replies shown, and no line saying the connector never answered")
            if way.expect == GIVEN_UP:
                problems += [] if shown == 0 else [f"{shown} replies shown while failing for good"]
                if not any("gave up" in line and f"answered {way.status}" in line for line in server.lines):
                    problems.append(f"no 'gave up' line naming the connector's {way.status}")
            if tries > 14:
                problems.append(f"{tries} tries: not given up")
            return problems
        return run

    for name, way in ways.items():
        yield Case("teams23", name, judged(name, way))

    def teardown() -> list[str]:
        if not state:
            return []
        problems = [p for status in state["burst"] for p in status_problems(status)]
        by_chat: dict[str, int] = {}
        for p in state["healthy"].posts:
            by_chat[p.conversation_id] = by_chat.get(p.conversation_id, 0) + 1
        wrong = [c for c in (f"a:t23-burst-{i}" for i in range(20)) if by_chat.get(c) != 1]
        problems += [f"burst: {len(wrong)} of 20 Teams messages not answered once"] if wrong else []
        problems += _pending(state["home"]) + _log_problems(state["server"])
        for connector in state["connectors"]:
            state["loop"].run(connector.__aexit__(None, None, None))
        return problems + servers.stop(state, homes)
    yield Case("teams23", "teardown", teardown)


# -- digest23 ----------------------------------------------------------------------------------------------------

DIGEST_WAYS = ["429-no-retry-after", "429-retry-after-86400", "http-500", "http-503", "html-page-200", "not-json",
               "json-list", "ok-missing", "cut-short", "cut-short-carried-out", "reset", "reset-carried-out",
               "no-answer-40s", "channel_not_found-for-good", "not_in_channel-for-good", "is_archived-for-good",
               "token_revoked-for-good", "msg_too_long-once", "invalid_blocks-for-good", "fatal_error-for-good"]
# the first run's post surely did not arrive: the second run must post it
DEFINITE = {"429-no-retry-after", "429-retry-after-86400", "channel_not_found-for-good", "not_in_channel-for-good",
            "is_archived-for-good", "token_revoked-for-good", "msg_too_long-once", "invalid_blocks-for-good"}
# (fatal_error is not: Slack says some of the call may have been carried out, so the digest is not posted again)


def digest23_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(i: int, name: str) -> Case:
        def run() -> list[str]:
            if not state:
                state["double"], state["home"] = SlackDouble().start(), homes.fresh()
            double, channel = state["double"], f"CDIG{i:03d}"
            way = WAYS[name]
            way.arrange(double, "chat.postMessage", channel)
            env = base_env(state["home"], **servers.slack_env(double, DIGEST_CHANNELS=channel))
            rc, out, err = run_cli(["digest", "--post"], env, timeout=150)
            problems = judge_cli(["digest", "--post"], rc, out, err)
            problems += ["the bot token in the output"] if BOT_TOKEN in out + err else []
            if rc == 1 and not re.search(rf"peerbot: error: .*{channel}", err):
                problems.append(f"exit 1 without an error line naming {channel}")
            _healed(double, "chat.postMessage")
            rc2, out2, err2 = run_cli(["digest", "--post"], env, timeout=150)
            problems += [f"second run: {p}" for p in judge_cli(["digest", "--post"], rc2, out2, err2)]
            posted = len([c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok])
            if posted > 1:
                problems.append(f"the digest posted {posted} times")
            if posted == 0 and name in DEFINITE:
                problems.append("the digest never posted after the channel healed (its first post surely failed)")
            return problems
        return Case("digest23", name, run)

    for i, name in enumerate(DIGEST_WAYS):
        yield case(i, name)

    def teardown() -> list[str]:
        if state:
            state["double"].stop()
            homes.discard(state["home"])
        return []
    yield Case("digest23", "teardown", teardown)


# -- tdigest23 ---------------------------------------------------------------------------------------------------

TDIGEST_WAYS: dict[str, tuple[Callable[[ConnectorDouble], None], bool]] = {  # the way; whether surely not posted
    **{f"{status}": (_statuses(*[status] * 3), True) for status in (401, 403, 404, 412, 429, 500, 502, 503)},
    "reset": (lambda c: c.fault("drop"), False),
    "no-answer": (lambda c: c.fault("hold"), False),
    "html-200": (lambda c: c.fault("body", status=200, body=b"<html>ok</html>", content_type="text/html"), False),
    "list-201": (lambda c: c.fault("body", status=201, body=b"[]"), False),
}


def tdigest23_cases(homes: Homes) -> Iterator[Case]:
    """Every case's conversation is opted in to the digest, each with a connector of its own failing its
    way; one `digest --post` posts to them all, a second after they heal; each case judges its own."""
    state: dict = {}

    def begin() -> None:
        state["home"], state["loop"] = homes.fresh(), Loop()
        double = SlackDouble().start()
        state["double"] = double
        env = {"TEAMS_ALLOW_ANONYMOUS": "1"}
        server = Server(state["home"], **env).ready()
        connectors = {}
        for i, name in enumerate(TDIGEST_WAYS):
            connector = state["loop"].run(ConnectorDouble().__aenter__())
            conversation = f"19:tdigest{i:02d}@thread.tacv2"
            post(f"{server.url}/api/messages", json.dumps(installation(connector.url, "add", conversation)).encode(),
                 {"Content-Type": JSON})
            connectors[name] = (connector, conversation)
        time.sleep(3)
        state["problems"] = server.stop() + _log_problems(server)
        base = base_env(state["home"], **env)
        for _, conversation in connectors.values():
            rc, out, err = run_cli(["teams-conversations", "--digest-on", conversation], base)
            state["problems"] += judge_cli(["teams-conversations"], rc, out, err)
        for name, (connector, _) in connectors.items():
            connector.posts.clear()
            TDIGEST_WAYS[name][0](connector)
        began = time.monotonic()
        state["first"] = run_cli(["digest", "--post"], base, timeout=400)
        state["first_seconds"] = time.monotonic() - began
        for connector, _ in connectors.values():
            connector.failures.clear(), connector.faults.clear(), connector.release()
        state["second"] = run_cli(["digest", "--post"], base, timeout=400)
        state["connectors"] = connectors

    def case(name: str) -> Case:
        def run() -> list[str]:
            if not state:
                begin()
            connector, conversation = state["connectors"][name]
            problems = list(state["problems"])
            for label in ("first", "second"):
                rc, out, err = state[label]
                problems += [f"{label} run: {p}" for p in judge_cli(["digest", "--post"], rc, out, err)]
            posted = len(connector.posts)
            if posted > 1:
                problems.append(f"the digest posted {posted} times")
            if posted == 0 and TDIGEST_WAYS[name][1]:
                problems.append("the digest never posted after the connector healed (its first post surely failed)")
            if name == "no-answer" and state["first_seconds"] > 120:
                problems.append(f"the digest run took {state['first_seconds']:.0f} s (a connector that never answers)")
            if TDIGEST_WAYS[name][1] and conversation not in state["first"][2]:
                problems.append(f"no error line naming teams:{conversation}")
            return problems
        return Case("tdigest23", name, run)

    for name in TDIGEST_WAYS:
        yield case(name)

    def teardown() -> list[str]:
        if state:
            for connector, _ in state["connectors"].values():
                state["loop"].run(connector.__aexit__(None, None, None))
            state["double"].stop()
            homes.discard(state["home"])
        return []
    yield Case("tdigest23", "teardown", teardown)


# -- kill23 ------------------------------------------------------------------------------------------------------

KILL_WAYS = ["no-answer-40s", "reset", "http-503", "429-retry-after-1", "429-retry-after-86400", "not-json",
             "fatal_error-twice", "channel_not_found-for-good", "ratelimited-for-good", "token_revoked-for-good",
             "reset-carried-out", "trickle-carried-out"]


def kill23_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def begin() -> None:
        servers.start(state, homes)
        server, double = state["server"], state["double"]
        sender = SlackSender(f"{server.url}/slack/events")
        sent: dict[str, dict] = {}
        for i, name in enumerate(KILL_WAYS):
            channel = f"CKILL{i:03d}"
            WAYS[name].arrange(double, "chat.postMessage", channel)
            body = app_mention(f"{QUESTION} k{i}", channel=channel)
            sent[name] = {"channel": channel, "ts": body["event"]["ts"], "body": body}
        with ThreadPoolExecutor(20) as pool:
            burst = pool.submit(_burst, sender, 20, "CKBURST")
            statuses = list(pool.map(lambda n: sender.event(sent[n]["body"]).status, list(sent)))
            state["burst"] = burst.result()
        for name, status in zip(sent, statuses, strict=True):
            sent[name]["status"] = status
        time.sleep(4)  # the failing posts under way: held, trickling, waiting out a Retry-After
        server.kill()
        unacknowledged = [n for n in sent if sent[n]["status"] != 200]
        state["server"] = Server(state["home"], **servers.slack_env(double)).ready()
        resender = SlackSender(f"{state['server'].url}/slack/events")
        for name in unacknowledged:  # as Slack does: sent again
            sent[name]["status"] = resender.event(sent[name]["body"], retry_num=1).status
        state["sent"], state["began"], state["killed"] = sent, time.monotonic(), server

    def judged(name: str) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if not state:
                begin()
            while time.monotonic() - state["began"] < WINDOW:
                time.sleep(1)
            double, item = state["double"], state["sent"][name]
            problems = status_problems(item["status"])
            return problems + _judge(WAYS[name], _shown(double, item["channel"], item["ts"]),
                                     _tries(double, item["channel"]), [state["killed"], state["server"]])
        return run

    for name in KILL_WAYS:
        yield Case("kill23", name, judged(name))

    def teardown() -> list[str]:
        if not state:
            return []
        server, double = state["server"], state["double"]
        problems = _burst_problems(double, state["burst"]) + _pending(state["home"])
        problems += _log_problems(server) + _log_problems(state["killed"]) + _mention_answered(server, double)
        return problems + servers.stop(state, homes)
    yield Case("kill23", "teardown", teardown)


FAMILIES = {"post23": post23_cases, "inline23": inline23_cases, "auth23": auth23_cases, "teams23": teams23_cases,
            "digest23": digest23_cases, "tdigest23": tdigest23_cases, "kill23": kill23_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile23-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    sys.exit(main())
