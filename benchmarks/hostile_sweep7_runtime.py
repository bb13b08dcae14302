"""The seventh hostile sweep, at run time: what fails while `peerbot serve` is starting or serving,
through the real process on 127.0.0.1 with the Slack and Teams doubles.

- `start7`: auth.test as `serve` starts failing in each way that passes (HTTP 500, 502, 503 with a
  page, 429 with Retry-After, a reset, 25 s late, 200 with a page, a list, cut short; ok:false
  ratelimited, fatal_error, internal_error, service_unavailable, request_timeout, accesslimited),
  twice: `serve` must start and answer; each definite way (invalid_auth, not_authed,
  token_revoked, token_expired, account_inactive, missing_scope, HTTP 404): one `peerbot:` line
  naming it, exit 1; SIGTERM while it tries again: a clean stop.
- `idle7`: `serve` allowed 256 (or 512) descriptors, and 400 (or 900) connections held open the
  whole time (headers unfinished, headers trickled, a body declared and never sent, idle after a
  request, bytes that are not HTTP): a mention sent meanwhile (again each second, as Slack does)
  is answered once, and so is a Teams message.
- `respurl7`: a slash command's and an interaction's `response_url` failing (HTTP 400, 404, 410,
  500, 502, 503, 429 with Retry-After, a reset before or after it took effect, 25 s late, 200
  with a page): the `/peer` answer where chat.postEphemeral cannot post, a message shortcut's
  reply, and the Share button's removal of the private answer; shown once when the failure
  passes (twice at most when it took effect unseen), given up in one line otherwise, never a
  traceback, never an apology for something that went through.
- `webapi7`: chat.postMessage, chat.postEphemeral and views.publish answering invalid_blocks,
  invalid_blocks_format or msg_too_long once: the reply posted as plain text, once; answering them
  for good, and channel_not_found, not_in_channel, is_archived, token_revoked, account_inactive:
  given up in one line naming the code.
- `digest7`: `digest --post` while chat.postMessage answers a body cut short, HTML labelled JSON,
  a list, or nothing: one line a channel, no traceback, and the next run posts each channel once.
- `teams7`: the connector answering 200 with a body cut short, HTML or nothing, 201 with a list,
  503 and 429 with Retry-After, 502 with a page, a reset: the reply shown once, no traceback.
- `kill7`: SIGKILL of `serve` under 20 concurrent senders (mentions, `/peer`, Teams) with the
  Web API slow, at 10, 50 and 90 % acknowledged, then a restart: every acknowledged mention
  answered once, the records database passing SQLite's integrity check; SIGKILL of `digest --post`
  while Slack holds its first post (carried out or not), then again: no channel posted twice.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep7_runtime.py --hang 90 [--only CLASS ...]

A case passes as in the earlier sweeps: the server answers 2xx/4xx, logs no traceback and no
secret, stays up, and answers or decides each event it acknowledged exactly once.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import hostile_sweep6_net as net6  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep4 import _once, _wait  # noqa: E402
from hostile_sweep5 import _judged_server  # noqa: E402
from slack_double import (  # noqa: E402
    BOT_TOKEN,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    message_shortcut,
    slash_command,
)
from sweep_servers import Server, slack_env  # noqa: E402
from teams_doubles import ConnectorDouble, message  # noqa: E402

QUESTION = net6.QUESTION


# -- start7: auth.test failing as serve starts ---------------------------------------------------------

PASSING_START = {
    **{f"http-{status}": (lambda d, s=status: d.fault("auth.test", "http", status=s, times=2)) for status in (500, 502, 503)},
    "429-retry-after-1": lambda d: d.rate_limit("auth.test", 2, 1),
    "reset": lambda d: d.fault("auth.test", "drop", times=2),
    "slow-25s-past-the-limit": lambda d: d.fault("auth.test", "slow", seconds=25, times=1),
    "200-html": lambda d: d.fault("auth.test", "body", status=200, body=b"<html>", content_type="text/html", times=2),
    "200-a-list": lambda d: d.fault("auth.test", "body", status=200, body=b"[1]", times=2),
    "200-cut-short": lambda d: d.fault("auth.test", "body", status=200, body=b'{"ok": tr', times=2),
    **{f"error-{code}": (lambda d, c=code: d.fail("auth.test", c, times=2))
       for code in ("ratelimited", "fatal_error", "internal_error", "service_unavailable", "request_timeout",
                    "accesslimited")},
}
DEFINITE_START = {
    **{f"error-{code}": (lambda d, c=code: d.fail("auth.test", c)) for code in
       ("invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope")},
    "http-404": lambda d: d.fault("auth.test", "http", status=404, times=None),
}


def start7_cases(homes: Homes) -> Iterator[Case]:
    for name, arrange in PASSING_START.items():
        yield Case("start7", f"passing:{name}", lambda a=arrange: _start_passing(homes, a))
    for name, arrange in DEFINITE_START.items():
        yield Case("start7", f"definite:{name}", lambda a=arrange: _start_definite(homes, a))
    yield Case("start7", "sigterm-while-trying-again", lambda: _start_stopped(homes))


def _start_passing(homes: Homes, arrange) -> list[str]:
    """auth.test fails in a way that passes: `serve` starts (tries again) and answers a mention once."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            arrange(double)
            server = Server(home, **slack_env(double))
            if not net6._ready_or_gone(server, timeout=240):
                return [f"stopped (exit {server.process.returncode}): " + " | ".join(server.lines[-2:])[:200]]
            body = app_mention(f"{QUESTION} {random.random()}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
            problems += _once(posted, "the answer", True)
            tries = len(double.calls_to("auth.test"))
            said = len([line for line in server.lines if "auth.test failed" in line])
            if said > tries:
                problems.append(f"{said} lines for {tries} tries of auth.test")
            return problems + server.problems_since(0) + server.stop()
    finally:
        homes.discard(home)


def _start_definite(homes: Homes, arrange) -> list[str]:
    """auth.test fails for good: `serve` stops with one `peerbot:` line, after one try."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            arrange(double)
            server = Server(home, **slack_env(double))
            if net6._ready_or_gone(server, timeout=120):
                server.stop()
                return ["started although auth.test failed for good"]
            problems = server.exit_problems(must_fail=True)
            tries = len(double.calls_to("auth.test"))
            return problems + ([f"{tries} tries of auth.test"] if tries > 1 else [])
    finally:
        homes.discard(home)


def _start_stopped(homes: Homes) -> list[str]:
    """SIGTERM while auth.test keeps failing with 503: stops at once, no traceback."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            double.fault("auth.test", "http", status=503, times=None)
            server = Server(home, **slack_env(double))
            _wait(lambda: len(double.calls_to("auth.test")) >= 2 or server.process.poll() is not None, 120)
            if server.process.poll() is not None:
                server._reader.join(5)
                return [f"stopped by itself (exit {server.process.returncode})"]
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(30)
            except Exception:
                server.process.kill()
                return ["did not stop within 30 s of SIGTERM"]
            server._reader.join(5)
            return server.problems_since(0) + ([] if server.process.returncode in (0, 130) else
                                                [f"exit status {server.process.returncode}"])
    finally:
        homes.discard(home)


# -- idle7: a low descriptor limit and connections held open -------------------------------------------

SLACK_HEAD = b"POST /slack/events HTTP/1.1\r\nHost: peerbot\r\n"
IDLE_OPENINGS = {
    "headers-unfinished": (SLACK_HEAD, b""),
    "headers-trickled": (SLACK_HEAD, b"X-a: b\r\n"),
    "body-declared-never-sent": (SLACK_HEAD + b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{", b""),
    "idle-after-a-request": (b"GET /healthz HTTP/1.1\r\nHost: peerbot\r\n\r\n", b""),
    "not-http": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b""),
    "nothing-sent": (b"", b""),
}


def idle7_cases(homes: Homes) -> Iterator[Case]:
    for name, (opening, trickle) in IDLE_OPENINGS.items():
        yield Case("idle7", f"limit-256-x400:{name}", lambda o=opening, t=trickle: _held_open(homes, 256, 400, o, t))
    yield Case("idle7", "limit-512-x900:headers-unfinished", lambda: _held_open(homes, 512, 900, SLACK_HEAD, b""))


def _held_open(homes: Homes, files: int, count: int, opening: bytes, trickle: bytes) -> list[str]:
    """`count` connections held open for the whole case on a server allowed `files` descriptors: a
    mention sent meanwhile (again each second until taken) is answered once; a Teams message too."""
    local = servers.start({}, homes, lambda double: slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True,
                          files=files)
    server = local["server"]
    close = lambda: None  # noqa: E731
    try:
        held, close = net6._idle(server.port, count, opening, trickle)
        time.sleep(2)
        problems = [f"while {len(held)} connections were held: {p}" for p in net6._sent_until_taken(server, local["double"])]
        problems += [f"while held: {p}" for p in net6._teams_answered(server, local["connector"])]
        problems += server.problems_since(0, settle=1)
        if server.process.poll() is not None:
            problems.append(f"the server exited ({server.process.returncode})")
        return problems
    finally:
        close()
        problems_after = servers.stop(local, homes)
        if problems_after:
            print(f"note: {problems_after}")


# -- respurl7: response_url failing --------------------------------------------------------------------

RESPONSE_FAULTS = {
    **{f"http-{status}": (lambda d, s=status: d.fault("response_url", "http", status=s, times=1), status >= 500)
       for status in (400, 404, 410, 500, 502, 503)},
    "429-retry-after-1": (lambda d: d.rate_limit("response_url", 1, 1), True),
    "reset-before": (lambda d: d.fault("response_url", "drop", times=1), True),
    "reset-after-it-took-effect": (lambda d: d.fault("response_url", "drop", times=1, took_effect=True), True),
    "slow-25s-past-the-limit": (lambda d: d.fault("response_url", "slow", seconds=25, times=1, took_effect=True), True),
    "200-html": (lambda d: d.fault("response_url", "body", status=200, body=b"<html>", content_type="text/html",
                                   times=1, took_effect=True), True),
    "200-bad-json": (lambda d: d.fault("response_url", "body", status=200, body=b'{"ok": tr', times=1,
                                       took_effect=True), True),
}


def respurl7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "respurl7", name, _cleared(run_it), servers.start_both)

    for name, (arrange, passing) in RESPONSE_FAULTS.items():
        yield case(f"peer-answer-where-ephemeral-cannot-post:{name}", _peer_by_response_url(arrange, passing))
        yield case(f"shortcut-on-a-message-without-text:{name}", _shortcut_reply(arrange, passing))
        yield case(f"share-removing-the-private-answer:{name}", _share_click(arrange))
    yield case("afterwards:a-question-is-answered", lambda s, d: net6._questions_answered(s, d, state))
    yield Case("respurl7", "teardown", lambda: servers.stop(state, homes))


def _cleared(run_it):
    def wrapped(server: Server, double: SlackDouble) -> list[str]:
        try:
            return run_it(server, double)
        finally:
            double._faults.clear(), double._failures.clear(), double._rate_limits.clear()
    return wrapped


def _shown(double: SlackDouble, tag: str) -> list:
    return [c for c in double.calls_to("response_url") + double.calls_to("chat.postEphemeral")
            if c.ok and tag in (c.blocks_text + str(c.get("text", "")))]


def _peer_by_response_url(arrange, passing: bool):
    """`/peer` in a channel peerbot cannot post in: the answer goes through response_url, which fails once."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"C0R{random.randrange(10**6):06d}"
        double.fail("chat.postEphemeral", "channel_not_found", channel=channel)
        arrange(double)
        tag = f"zr{random.randrange(10**8)}"
        mark = len(server.lines)
        url = double.response_url()
        status = SlackSender(f"{server.url}/slack/events").command(slash_command(
            "/peer", f"{QUESTION} {tag}", url, channel=channel)).status
        problems = status_problems(status)
        _wait(lambda: _shown(double, tag), 90 if passing else 20)
        time.sleep(3)
        shown = _shown(double, tag)
        took_effect_unseen = any(c.status == 200 and not c.response for c in double.calls_to("response_url"))
        if passing and not shown:
            problems.append("the /peer answer never shown after a failure that passes")
        if len(shown) > (2 if took_effect_unseen else 1):
            problems.append(f"the /peer answer shown {len(shown)} times")
        tries = len([c for c in double.calls_to("response_url") if c.path.endswith(url.rsplit("/", 1)[1])])
        if tries > 14:
            problems.append(f"{tries} tries of response_url")
        if not passing and not any("gave up" in line or "response_url" in line for line in server.lines[mark:]):
            problems.append("given up without a line saying so")
        return problems
    return run_it


def _shortcut_reply(arrange, passing: bool):
    """"Ask peerbot" on a message without text: the reply only through response_url, failing once."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        arrange(double)
        url = double.response_url()
        status = SlackSender(f"{server.url}/slack/events").interaction(message_shortcut("", url)).status
        problems = status_problems(status)
        mine = lambda: [c for c in double.calls_to("response_url") if c.ok and c.path.endswith(url.rsplit("/", 1)[1])]  # noqa: E731
        _wait(mine, 90 if passing else 20)
        time.sleep(3)
        if passing and not mine():
            problems.append("the shortcut's reply never shown after a failure that passes")
        if len(mine()) > 2:
            problems.append(f"the shortcut's reply shown {len(mine())} times")
        return problems
    return run_it


def _share_click(arrange):
    """Share in channel: the answer posted publicly once; removing the private copy failing is one
    line, not an apology (the share went through)."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        arrange(double)
        channel = f"C0S{random.randrange(10**6):06d}"
        value = json.dumps({"q": f"q-{random.randrange(10**6)}", "t": QUESTION})
        url = double.response_url()
        status = SlackSender(f"{server.url}/slack/events").interaction(
            block_actions("share_answer", value, url, channel=channel)).status
        problems = status_problems(status)
        shared = lambda: [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]  # noqa: E731
        _wait(shared, 60)
        time.sleep(3)
        problems += _once(shared(), "the shared answer", True)
        apologies = [c for c in double.calls_to("chat.postEphemeral", channel=channel) if c.ok and "Sorry" in c.blocks_text]
        if apologies:
            problems.append("an apology after the answer was shared")
        return problems
    return run_it


# -- webapi7: Slack refusing a reply's form, or for good ---------------------------------------------

FORM_ERRORS = ("invalid_blocks", "invalid_blocks_format", "msg_too_long")
LASTING_ERRORS = FORM_ERRORS + ("channel_not_found", "not_in_channel", "is_archived", "token_revoked", "account_inactive")


def webapi7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "webapi7", name, _cleared(run_it), servers.start_both)

    for code in FORM_ERRORS:
        yield case(f"answer:{code}-once", _mention(code, once=True))
        yield case(f"peer-ephemeral:{code}-once", _peer(code, once=True))
        yield case(f"home-tab:{code}", _home(code))
    for code in LASTING_ERRORS:
        yield case(f"answer:{code}-lasting", _mention(code, once=False))
        yield case(f"peer-ephemeral:{code}-lasting", _peer(code, once=False))
    yield case("afterwards:a-question-is-answered", lambda s, d: net6._questions_answered(s, d, state))
    yield Case("webapi7", "teardown", lambda: servers.stop(state, homes))


def _mention(code: str, once: bool):
    """A mention's answer refused with `code` (once: then accepted): posted once (as plain text when
    the form was refused); for good: not posted, one line naming the code, the asker apologised to
    where the channel allows."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"C0F{random.randrange(10**6):06d}"
        body = app_mention(f"{QUESTION} {random.random()}", channel=channel)
        double.fail("chat.postMessage", code, channel=channel, times=1 if once else None)
        mark = len(server.lines)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        ts = body["event"]["ts"]
        answers = lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts)  # noqa: E731
                           if c.ok and "Sorry" not in c.blocks_text]
        if once:
            _wait(answers, 60)
            time.sleep(2)
            problems += _once(answers(), "the answer", True)
        else:
            _wait(lambda: [line for line in server.lines[mark:] if "gave up" in line], 60)
            time.sleep(2)
            if answers():
                problems.append("posted although Slack refused it for good")
            if not any(code in line for line in server.lines[mark:]):
                problems.append(f"no line naming {code}")
        return problems
    return run_it


def _peer(code: str, once: bool):
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        channel = f"C0G{random.randrange(10**6):06d}"
        double.fail("chat.postEphemeral", code, channel=channel, times=1 if once else None)
        tag = f"zp{random.randrange(10**8)}"
        mark = len(server.lines)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").command(slash_command(
            "/peer", f"{QUESTION} {tag}", double.response_url(), channel=channel)).status)
        if once:
            _wait(lambda: _shown(double, tag), 60)
            time.sleep(2)
            problems += _once(_shown(double, tag), "the /peer answer", True)
        else:
            _wait(lambda: _shown(double, tag) or [line for line in server.lines[mark:] if "gave up" in line], 60)
            time.sleep(2)
            if len(_shown(double, tag)) > 1:
                problems.append(f"the /peer answer shown {len(_shown(double, tag))} times")
            if not _shown(double, tag) and not any(code in line for line in server.lines[mark:]):
                problems.append(f"neither shown nor a line naming {code}")
        return problems
    return run_it


def _home(code: str):
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        double.fail("views.publish", code, times=1)
        mark = len(server.lines)
        event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                 "event_ts": "1515449522.000016"}
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(event_callback(event)).status)
        _wait(lambda: double.calls_to("views.publish"), 30)
        time.sleep(2)
        if not any(code in line for line in server.lines[mark:]):
            problems.append(f"no line naming {code}")
        return problems
    return run_it


# -- digest7: digest --post with Slack answering unreadably ---------------------------------------------

DIGEST_FAULTS = {
    "200-cut-short": lambda d: d.fault("chat.postMessage", "body", status=200, body=b'{"ok": true, "ts": "17', times=1),
    "200-html-labelled-json": lambda d: d.fault("chat.postMessage", "invalid_json", times=1),
    "200-a-list": lambda d: d.fault("chat.postMessage", "body", status=200, body=b"[]", times=1),
    "200-nothing": lambda d: d.fault("chat.postMessage", "body", status=200, body=b"", times=1),
    "500-html": lambda d: d.fault("chat.postMessage", "http", status=500, times=1),
    "invalid_blocks": lambda d: d.fail("chat.postMessage", "invalid_blocks", times=1),
}


def digest7_cases(homes: Homes) -> Iterator[Case]:
    for name, arrange in DIGEST_FAULTS.items():
        yield Case("digest7", f"digest-post:{name}", lambda a=arrange: _digest_posted(homes, a))


def _digest_posted(homes: Homes, arrange) -> list[str]:
    """Two channels, the first post failing: one line for it naming Slack's answer (not "unexpected
    ..., see the log"), no traceback; a second run posts what was not, and no channel twice."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            arrange(double)
            env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                           DIGEST_CHANNELS="C0DIGEST1,C0DIGEST2")
            problems = []
            for run in (1, 2):
                rc, out, err = run_cli(["digest", "--post"], env)
                said = f"peerbot: {out}" if rc == 1 else out  # one line per destination, on stdout (as digest4)
                problems += [f"run {run}: {p}" for p in judge_cli(["digest", "--post"], rc, said, err)]
                if "unexpected" in out:
                    problems.append(f"run {run}: a failure it did not expect ({out.splitlines()[0][:120]})")
            for channel in ("C0DIGEST1", "C0DIGEST2"):
                taken = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
                if len(taken) > 1:
                    problems.append(f"{channel} posted {len(taken)} times")
            return problems
    finally:
        homes.discard(home)


# -- teams7: the connector answering unreadably --------------------------------------------------------

TEAMS_FAULTS = {  # ConnectorDouble.fault's arguments; "body" with a 2xx is delivered, with another status not
    "200-cut-short": {"kind": "body", "status": 200, "body": b'{"id": "1'},
    "200-html": {"kind": "body", "status": 200, "body": b"<html>", "content_type": "text/html"},
    "200-nothing": {"kind": "body", "status": 200, "body": b""},
    "201-a-list": {"kind": "body", "status": 201, "body": b"[]"},
    "503-retry-after-1": {"kind": "body", "status": 503, "body": b"<html>busy", "content_type": "text/html",
                          "headers": {"Retry-After": "1"}},
    "502-html": {"kind": "body", "status": 502, "body": b"<html>bad gateway", "content_type": "text/html"},
    "429-retry-after-2": {"kind": "body", "status": 429, "body": b"{}", "headers": {"Retry-After": "2"}},
    "reset": {"kind": "drop"},
}


def teams7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "teams7", name, run_it, servers.start_both)

    for name, fault in TEAMS_FAULTS.items():
        yield case(f"reply:{name}", _teams_reply(state, fault))
    yield case("afterwards:a-question-is-answered", lambda s, d: net6._questions_answered(s, d, state))
    yield Case("teams7", "teardown", lambda: servers.stop(state, homes))


def _teams_reply(state: dict, fault: dict):
    """The connector failing the reply once: shown once (a 2xx it answered unreadably is not posted again)."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        connector: ConnectorDouble = state["connector"]
        connector.fault(**fault)  # type: ignore[arg-type]
        chat = f"a:chat7-{random.randrange(10**9)}"
        status = post(f"{server.url}/api/messages", json.dumps(message(connector.url, QUESTION, conversation=chat)).encode(),
                      {"Content-Type": "application/json"})
        problems = status_problems(status)
        mine = lambda: [p for p in connector.posts if p.conversation_id == chat]  # noqa: E731
        _wait(mine, 70)
        time.sleep(3)
        connector.faults.clear()
        return problems + _once(mine(), "the Teams reply", True)
    return run_it


# -- kill7: SIGKILL under 20 concurrent senders ---------------------------------------------------------

def kill7_cases(homes: Homes) -> Iterator[Case]:
    for at in (0.1, 0.5, 0.9):
        yield Case("kill7", f"20-senders-killed-at-{int(at * 100)}pct", lambda a=at: _killed(homes, a))
    for took_effect in (True, False):
        yield Case("kill7", f"digest-post-killed-mid-post:{'taken' if took_effect else 'not-taken'}",
                   lambda t=took_effect: _digest_killed(homes, t))


def _digest_killed(homes: Homes, took_effect: bool) -> list[str]:
    """`digest --post` to two channels SIGKILLed while Slack holds the first post (carried out or
    not), then run again: no channel posted twice, the second posted once, no traceback, and the
    records database passes SQLite's integrity check."""
    import subprocess

    home = homes.fresh()
    try:
        with SlackDouble() as double:
            double.fault("chat.postMessage", "slow", seconds=20, took_effect=took_effect, times=1)
            env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                           DIGEST_CHANNELS="C0DIGEST1,C0DIGEST2")
            process = subprocess.Popen([sys.executable, "-m", "bot.cli", "digest", "--post"], cwd=hostile_sweep.CODE[0],
                                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if not _wait(lambda: double.calls_to("chat.postMessage"), 120):
                process.kill()
                return ["chat.postMessage never called"]
            process.kill()
            process.wait()
            rc, out, err = run_cli(["digest", "--post"], env)
            said = f"peerbot: {out}" if rc == 1 else out
            problems = judge_cli(["digest", "--post"], rc, said, err)
            for channel, wanted in (("C0DIGEST1", False), ("C0DIGEST2", True)):
                taken = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
                problems += _once(taken, f"the digest in {channel}", wanted)
            with sqlite3.connect(home / "data" / "peerbot.db") as db:
                found = db.execute("PRAGMA integrity_check").fetchone()[0]
            return problems + ([] if found == "ok" else [f"peerbot.db integrity check: {found}"])
    finally:
        homes.discard(home)


def _killed(homes: Homes, at: float) -> list[str]:
    checked: list[str] = []

    def integrity(home: Path) -> None:
        with sqlite3.connect(home / "data" / "peerbot.db") as db:
            found = db.execute("PRAGMA integrity_check").fetchone()[0]
        if found != "ok":
            checked.append(f"peerbot.db integrity check: {found}")
    return net6._mixed_killed(homes, [at], senders=20, after=integrity) + checked


FAMILIES = {"start7": start7_cases, "idle7": idle7_cases, "respurl7": respurl7_cases, "webapi7": webapi7_cases,
            "digest7": digest7_cases, "teams7": teams7_cases, "kill7": kill7_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile7run-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    sys.exit(main())
