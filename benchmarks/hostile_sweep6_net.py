"""The sixth hostile sweep, over the wire: fault kinds crossed with the network surfaces the first
five sweeps did not reach, through the real `peerbot serve` on 127.0.0.1.

- `wire6`: wrong JSON shapes generated from recorded valid payloads, not listed by hand: every path
  of a Slack mention, DM, Home tab, each button (feedback, share, watch, offer, approve), the lesson
  form, both message shortcuts, and a Teams message, membership, installation, feedback, lesson
  and dialog activity, its value replaced by each JSON kind the earlier sweeps did not send (true,
  -0, 1e400, a 30-digit and a 5,000-digit integer, a NUL, a lone surrogate, an empty string, a list
  900 deep), and every object given a key that is a NUL or a lone surrogate; slash command forms
  with a field twice, bad UTF-8 and NULs; top-level kinds and deep arrays; a body whose
  Content-Type, charset or byte-order mark disagrees with it.
- `transport6`: connections that never finish (headers trickled, a body declared and not sent, a
  chunked body stopped half-way), hundreds at once, and the server's descriptors exhausted, while
  real Slack and Teams questions must still be answered.
- `webapi6`: each Web API call peerbot makes (the answer, the `/peer` answer, views.open,
  views.publish, chat.update, conversations.info, users.lookupByEmail, conversations.replies, and
  auth.test as `serve` starts) answering ok:false with each relevant error code, truncated JSON,
  or hanging past every time limit; SLACK_API_URL a name that does not resolve, refused, or https
  to a plain-HTTP port.
- `teams6`: the connector answering 401, 403, 404, 429 with a Retry-After, 500 three times, or
  never; conversation ids that are paths, queries, unicode; with credentials, the signing keys'
  endpoint failing (500, HTML, not a key set, keys of the wrong shape, reset, hanging) and tokens
  whose claims are of the wrong type: refused with 401, and a valid token accepted afterwards.
- `kill6`: SIGKILL of `serve` under a mixed burst (Slack mentions, `/peer`, Teams messages) with
  the Web API and the connector slow, at several moments, and twice in a row during recovery.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep6_net.py --hang 90 [--only CLASS ...]

A case passes as in the earlier sweeps: the server answers 2xx/4xx (5xx only where a retry is
right), logs no traceback and no secret, stays up, and answers or decides each event it
acknowledged exactly once; afterwards a normal question is still answered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes  # noqa: E402
from hostile_sweep4 import CURATOR, LESSON, _once, _wait  # noqa: E402
from hostile_sweep5 import _judged_server  # noqa: E402
from slack_double import (  # noqa: E402
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    slash_command,
    view_submission,
)
from sweep_servers import Loop, Server, slack_env  # noqa: E402
from teams_doubles import ConnectorDouble, card_action, feedback, installation, members, message, task_invoke  # noqa: E402

QUESTION = "trust at board level"


# -- wire6: wrong JSON shapes, generated --------------------------------------------------------------

# Each kind is a marker the JSON text is given in place of a value (json.dumps cannot write 1e400, -0,
# a 5,000-digit number or 900 nested lists), swapped for its text after serialising.
KINDS: dict[str, str] = {
    "true": "true", "negzero": "-0", "inf": "1e400", "int30": "9" * 30, "int5000": "9" * 5000,
    "nul": '"a\\u0000b"', "surrogate": '"\\ud800"', "empty": '""', "deep900": "[" * 900 + "]" * 900,
}
KEY_KINDS = {"key-nul": '"\\u0000"', "key-surrogate": '"\\udfff"'}


def paths(node: object, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path in a JSON value (the root excluded), parents before children."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def marked(body: object, path: tuple, marker: str) -> object:
    """`body` (a deep copy) with the value at `path` replaced by `marker`."""
    body = json.loads(json.dumps(body))
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = marker
    return body


def with_kind(body: object, path: tuple, kind: str) -> str:
    """The JSON text of `body` with the value at `path` of `kind` (or an extra odd key at the object there)."""
    marker = f"@@{random.randrange(10**12)}@@"
    if kind in KEY_KINDS:
        target = body
        for key in path:
            target = target[key]
        if not isinstance(target, dict):
            return ""
        text = json.dumps(marked(body, path, {**target, marker: 1}))
        return text.replace(f'"{marker}"', KEY_KINDS[kind])
    return json.dumps(marked(body, path, marker)).replace(f'"{marker}"', KINDS[kind])


def slack_payloads(response_url: str) -> dict[str, tuple[str, dict]]:
    """Valid payloads of each kind peerbot handles: (how it is sent, the payload)."""
    home = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
            "event_ts": "1515449522.000016"}
    form = {"callback_id": "lesson_submit", "private_metadata": json.dumps({"q": "q-1"})}
    payloads = {
        "mention": ("event", app_mention(QUESTION)),
        "dm": ("event", direct_message(QUESTION)),
        "home": ("event", event_callback(home)),
        "lesson-form": ("interaction", view_submission(form, dict(LESSON))),
        "ask-shortcut": ("interaction", message_shortcut(QUESTION, response_url)),
        "lesson-shortcut": ("interaction", message_shortcut("We met monthly.", response_url, callback_id="save_lesson")),
    }
    for action, value in (("feedback_helpful", "q-1"), ("share_answer", "q-1"), ("watch_question", "q-1"),
                          ("lesson_offer", "q-1"), ("lesson_approve", "1")):
        payloads[f"button-{action}"] = ("interaction", block_actions(action, value, response_url, user=CURATOR))
    return payloads


def teams_payloads(service_url: str) -> dict[str, dict]:
    return {
        "message": message(service_url, QUESTION),
        "channel-message": message(service_url, QUESTION, conversation="19:c@thread.tacv2;messageid=1", kind="channel",
                                   mention=True),
        "members-added": members(service_url, added=True),
        "installation": installation(service_url, "add"),
        "feedback": feedback(service_url, "q-1", True),
        "lesson-card": card_action(service_url, "peerbot.lesson", {"q": "q-1", "title": "B", "did": "d", "learned": "l"}),
        "task-fetch": task_invoke(service_url, "task/fetch", {"q": "q-1"}),
    }


def _fresh_ids(body: object) -> object:
    """A payload with a new event id, so that no case is taken as another's retry."""
    return json.loads(json.dumps(body).replace('"Ev', f'"Ev{random.randrange(10**6)}x'))


def _quick(state: dict, homes: Homes, surface: str, name: str, run_it, start=None, settle: float = 0.05) -> Case:
    """A case against the class's one server (`start(state, homes)` on first use; the Slack server
    by default), several at once (`--jobs`): the log is read `settle` seconds after the answer, so a
    traceback may be told under a case a little later (`--match` it alone)."""
    lock = state.setdefault("lock", threading.Lock())

    def run() -> list[str]:
        with lock:
            if "server" not in state:
                (start or servers.start_both)(state, homes)
        server, double = state["server"], state["double"]
        mark = len(server.lines)
        try:
            problems = run_it(server, double)
        except OSError as e:
            problems = [f"no answer ({e})"]
        problems += server.problems_since(mark, settle=settle)
        with lock:
            if state["server"] is server and server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
                state["restart"](state)
        return problems
    return Case(surface, name, run)


def wire6_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        if name.startswith("afterwards"):
            return _judged_server(state, homes, "wire6", name, run_it, servers.start_both)
        return _quick(state, homes, "wire6", name, run_it)

    def send_slack(how: str, text: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            sender = SlackSender(f"{server.url}/slack/events")
            if how == "event":
                return status_problems(_post_raw(sender, text, "application/json"))
            form = urllib.parse.urlencode({"payload": text})
            return status_problems(_post_raw(sender, form, "application/x-www-form-urlencoded"))
        return run_it

    def send_teams(text: str, content_type: str = "application/json", raw: bytes | None = None):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = raw if raw is not None else text.encode("utf-8", "surrogatepass")
            return status_problems(post(f"{server.url}/api/messages", body, {"Content-Type": content_type}))
        return run_it

    url = "http://127.0.0.1:1/response/x"  # replaced by the double's own when the case runs
    for name, (how, payload) in slack_payloads(url).items():
        for path in paths(payload):
            if name.startswith("button-") and name != "button-feedback_helpful" and path[0] != "actions":
                continue  # the buttons' payloads differ only in their action
            for kind in (*KINDS, *KEY_KINDS):
                def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                    how, fresh = slack_payloads(double.response_url())[name]
                    text = with_kind(_fresh_ids(fresh), path, kind)
                    return send_slack(how, text)(server, double) if text else []
                if kind in KEY_KINDS and not isinstance(_at(payload, path), dict):
                    continue
                yield case(f"slack:{name}:{'.'.join(map(str, path))}={kind}", run_it)
    for name, payload in teams_payloads("http://127.0.0.1:1").items():
        for path in paths(payload):
            for kind in (*KINDS, *KEY_KINDS):
                if kind in KEY_KINDS and not isinstance(_at(payload, path), dict):
                    continue

                def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                    fresh = teams_payloads(state["connector"].url)[name]
                    fresh["id"] = f"{fresh.get('id', 'x')}-{random.randrange(10**9)}"
                    text = with_kind(fresh, path, kind)
                    return send_teams(text)(server, double) if text else []
                yield case(f"teams:{name}:{'.'.join(map(str, path))}={kind}", run_it)

    # slash commands: form fields can only be text, so their faults are of forms
    for command in ("/peer", "/enabler", "/lesson"):
        for field in ("command", "text", "user_id", "channel_id", "response_url", "trigger_id", "team_id"):
            for kind, encode in {"twice": lambda f, k: urllib.parse.urlencode(f) + f"&{k}={urllib.parse.quote(f[k])}x",
                                 "bad-utf8": lambda f, k: _form_with(f, k, "%ED%A0%80%FF"),
                                 "nul": lambda f, k: _form_with(f, k, "a%00b"),
                                 "percent-broken": lambda f, k: _form_with(f, k, "%E2%8")}.items():
                def run_it(server: Server, double: SlackDouble, command=command, field=field, encode=encode) -> list[str]:
                    form = slash_command(command, QUESTION, double.response_url())
                    return status_problems(_post_raw(SlackSender(f"{server.url}/slack/events"), encode(form, field),
                                                     "application/x-www-form-urlencoded"))
                yield case(f"command:{command}:{field}={kind}", run_it)

    # the whole body: top-level kinds, duplicate keys, content types and charsets that disagree
    mention = lambda: json.dumps(app_mention(QUESTION))  # noqa: E731
    bodies = {
        "top-true": "true", "top-number": "1e400", "top-bigint": "9" * 5000, "top-negzero": "-0",
        "deep-object-900": '{"a":' * 900 + "1" + "}" * 900, "deep-array-in-event-990": None,
        "duplicate-type-keys": None, "duplicate-event-keys": None, "nan": '{"type": NaN}',
        "bom": "\ufeff" + mention(),
    }
    for name, text in bodies.items():
        def run_it(server: Server, double: SlackDouble, name=name, text=text) -> list[str]:
            body = text
            if name == "deep-array-in-event-990":
                body = mention().replace('"text": "', '"x": ' + "[" * 990 + "]" * 990 + ', "text": "', 1)
            elif name == "duplicate-type-keys":
                body = mention().replace('"type": "event_callback"', '"type": "event_callback", "type": [1]')
            elif name == "duplicate-event-keys":
                body = '{"event": 5, ' + mention()[1:]
            problems = status_problems(_post_raw(SlackSender(f"{server.url}/slack/events"), body, "application/json"))
            teams = body.replace('"type": "event_callback"', '"type": "message"') if name != "bom" else \
                "\ufeff" + json.dumps(message(state["connector"].url, QUESTION))
            return problems + send_teams(teams)(server, double)
        yield case(f"body:{name}", run_it)
    activity = lambda: json.dumps(message(state["connector"].url, QUESTION))  # noqa: E731
    for ctype in ("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "",
                  "application/json; charset=utf-16", "application/json; charset=latin-1", "application/xml",
                  "application/json; charset=utf-8; charset=ascii", "application/json, text/plain", "*/*"):
        def run_it(server: Server, double: SlackDouble, ctype=ctype) -> list[str]:
            text = mention().replace(QUESTION, "trust at board level, café")
            problems = status_problems(_post_raw(SlackSender(f"{server.url}/slack/events"), text, ctype))
            return problems + send_teams("", ctype, activity().replace(QUESTION, "café trust").encode())(server, double)
        yield case(f"content-type:{ctype or 'none'}", run_it)

    def still_answered(server: Server, double: SlackDouble) -> list[str]:
        """Afterwards a normal question is answered, in Slack and in Teams."""
        body = app_mention(f"{QUESTION} afterwards")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
        problems += _once(posted, "the answer afterwards", True)
        return problems + _teams_answered(server, state["connector"])
    yield case("afterwards:a-question-is-answered", still_answered)
    yield Case("wire6", "teardown", lambda: time.sleep(5) or servers.stop(state, homes))


def _at(node: object, path: tuple) -> object:
    for key in path:
        node = node[key]
    return node


def _form_with(form: dict, key: str, raw_value: str) -> str:
    return "&".join(f"{k}={raw_value if k == key else urllib.parse.quote(str(v))}" for k, v in form.items())


def _post_raw(sender: SlackSender, text: str, content_type: str) -> int:
    """`text` signed as Slack signs it (over its UTF-8 bytes) and posted as `content_type`."""
    body = text.encode("utf-8", "surrogatepass")
    return post(sender.url, body, _signed_headers(body, content_type))


def _signed_headers(body: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    return {**headers, "Content-Type": content_type} if content_type else headers


def _teams_answered(server: Server, connector: ConnectorDouble, timeout: float = 60) -> list[str]:
    conversation = f"a:chat-{random.randrange(10**9)}"
    body = message(connector.url, QUESTION, conversation=conversation)
    status = post(f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": "application/json"})
    mine = lambda: [p for p in connector.posts if p.conversation_id == conversation]  # noqa: E731
    _wait(mine, timeout)
    return status_problems(status) + _once(mine(), "the Teams answer", True)


# -- transport6: connections that never finish, many at once ------------------------------------------

def _idle(port: int, count: int, opening: bytes, trickle: bytes = b"") -> tuple[list[socket.socket], Callable[[], None]]:
    """`count` connections that send `opening` and then, once a second, `trickle` (never finishing)."""
    sockets: list[socket.socket] = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(opening)
            sockets.append(s)
        except OSError:
            break
    stop = threading.Event()

    def drip() -> None:
        while not stop.wait(1):
            for s in list(sockets):
                try:
                    s.sendall(trickle)
                except OSError:
                    sockets.remove(s)
    if trickle:
        threading.Thread(target=drip, daemon=True).start()

    def close() -> None:
        stop.set()
        for s in sockets:
            try:
                s.close()
            except OSError:
                pass
    return sockets, close


def transport6_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it, start=None) -> Case:
        return _judged_server(state if start is None else {}, homes, "transport6", name, run_it, start or servers.start_both)

    def while_held(count: int, opening: bytes, trickle: bytes = b"", hold: float = 3.0):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            sockets, close = _idle(server.port, count, opening, trickle)
            problems = [] if len(sockets) >= count * 0.9 else [f"only {len(sockets)} of {count} connections taken"]
            try:
                time.sleep(hold)
                problems += _questions_answered(server, double, state)
            finally:
                close()
            time.sleep(1)
            return problems
        return run_it

    slack_head = b"POST /slack/events HTTP/1.1\r\nHost: peerbot\r\n"
    teams_head = b"POST /api/messages HTTP/1.1\r\nHost: peerbot\r\n"
    for count in (50, 400):
        yield case(f"slowloris-headers-trickled-x{count}", while_held(count, slack_head, b"X-a: b\r\n"))
        yield case(f"teams-slowloris-headers-trickled-x{count}", while_held(count, teams_head, b"X-a: b\r\n"))
        yield case(f"body-declared-never-sent-x{count}", while_held(
            count, slack_head + b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"type\":"))
        yield case(f"teams-body-declared-never-sent-x{count}", while_held(
            count, teams_head + b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"type\":"))
        yield case(f"chunked-stopped-half-way-x{count}", while_held(
            count, slack_head + b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"type\":\"event_c"))
        yield case(f"body-trickled-a-byte-a-second-x{count}", while_held(
            count, teams_head + b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", b" "))
    yield case("idle-keepalive-after-a-request-x200", while_held(
        200, b"GET /healthz HTTP/1.1\r\nHost: peerbot\r\n\r\n"))

    def cut_and_gone(count: int):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            _, close = _idle(server.port, count, slack_head + b"Content-Type: application/json\r\nContent-Length: 900\r\n\r\n{")
            time.sleep(1)
            close()
            time.sleep(2)
            return _questions_answered(server, double, state)
        return run_it
    yield case("body-cut-then-gone-x300", cut_and_gone(300))

    yield Case("transport6", "descriptors-exhausted-limit-256-x400", lambda: _low_limit_case(homes))
    yield Case("transport6", "teardown", lambda: servers.stop(state, homes))


def _low_limit_case(homes: Homes) -> list[str]:
    """More connections than the server may have files open (its limit set to 256): it keeps
    serving those it has, says so in a few lines at most, and answers once they are gone."""
    local = servers.start({}, homes, lambda double: slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True, files=256)
    server = local["server"]
    try:
        sockets, close = _idle(server.port, 400, b"POST /slack/events HTTP/1.1\r\nHost: peerbot\r\n")
        time.sleep(2)
        meanwhile: list[list[str]] = []  # a mention sent while no descriptor is free, again until taken (as Slack does)
        asking = threading.Thread(target=lambda: meanwhile.append(_sent_until_taken(server, local["double"])))
        asking.start()
        time.sleep(3)
        close()
        asking.join(180)
        problems = [f"sent while descriptors were exhausted: {p}" for found in meanwhile for p in found]
        problems += _questions_answered(server, local["double"], local)
        problems += server.problems_since(0, settle=1)
        accept_lines = [line for line in server.lines if "accept" in line.lower() or "Too many open files" in line]
        if len(accept_lines) > 3:
            problems.append(f"{len(accept_lines)} log lines about refused connections")
        if server.process.poll() is not None:
            problems.append(f"the server exited ({server.process.returncode})")
        return problems
    finally:
        problems_after = servers.stop(local, homes)
        if problems_after:
            print(f"note: {problems_after}")


def _sent_until_taken(server: Server, double: SlackDouble) -> list[str]:
    """A mention sent (again each second, for a minute, as Slack sends a delivery again) until it is
    acknowledged; once it is, it is answered once."""
    body = app_mention(f"{QUESTION} {random.random()}")
    for attempt in range(60):
        try:
            if SlackSender(f"{server.url}/slack/events").event(body, retry_num=attempt or None).status == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        return ["a mention was not acknowledged within a minute"]
    posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
    return _once(posted, "a mention's answer", True)


def _questions_answered(server: Server, double: SlackDouble, state: dict) -> list[str]:
    """A Slack mention and a Teams message sent now are acknowledged and answered once."""
    body = app_mention(f"{QUESTION} {random.random()}")
    try:
        status = SlackSender(f"{server.url}/slack/events").event(body).status
    except OSError as e:
        return [f"a real question was not taken ({e})"]
    problems = status_problems(status)
    posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
    problems += _once(posted, "a real question's answer", True)
    return problems + _teams_answered(server, state["connector"])


# -- webapi6: each Web API call answering each error -------------------------------------------------

ERRORS = ["channel_not_found", "not_in_channel", "is_archived", "msg_too_long", "invalid_blocks", "ratelimited",
          "token_revoked", "account_inactive", "missing_scope", "fatal_error"]
PASSING_ERRORS = {"ratelimited", "fatal_error"}  # Slack's own failure: the next try may work


def webapi6_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "webapi6", name, run_it, servers.start_both)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    def answer(method: str, arrange, passing: bool):
        """A mention answered while `method` (the answer itself or a look-up behind it) fails."""
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            channel = f"C0W{random.randrange(10**6):06d}"
            arrange(double, method, channel)
            body = app_mention(f"{QUESTION} {random.random()}", channel=channel)
            problems = status_problems(slack(server).event(body).status)
            ts = body["event"]["ts"]
            wanted = passing or method != "chat.postMessage"
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok],
                           60 if wanted else 10)
            time.sleep(3)
            posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
            tries = len(double.calls_to("chat.postMessage", thread_ts=ts))
            if tries > 12:
                problems.append(f"{tries} tries")
            return problems + _once(posted, "the answer", wanted)
        return run_it

    def ephemeral(arrange, passing: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            channel = f"C0E{random.randrange(10**6):06d}"
            arrange(double, "chat.postEphemeral", channel)
            tag = f"zq{random.randrange(10**8)}"
            problems = status_problems(slack(server).command(slash_command(
                "/peer", f"{QUESTION} {tag}", double.response_url(), channel=channel)).status)

            def mine() -> list:
                return [c for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
                        if c.ok and tag in (c.blocks_text + str(c.get("text", "")))]
            _wait(mine, 60 if passing else 10)
            time.sleep(3)
            return problems + _once(mine(), "the /peer answer", passing)
        return run_it

    def surface(method: str, send):
        def make(arrange):
            def run_it(server: Server, double: SlackDouble) -> list[str]:
                arrange(double, method, None)
                status = send(server, double)
                time.sleep(3)
                return status_problems(status)
            return run_it
        return make

    def lesson_command(server: Server, double: SlackDouble) -> int:
        return slack(server).command(slash_command("/lesson", "Boards", double.response_url())).status

    def home_opened(server: Server, double: SlackDouble) -> int:
        event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                 "event_ts": "1515449522.000016"}
        return slack(server).event(event_callback(event)).status

    def feedback_click(server: Server, double: SlackDouble) -> int:
        shown = {"ts": "1700000001.000100", "text": "an answer",
                 "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "an answer"}},
                            {"type": "actions", "elements": []}]}
        return slack(server).interaction(block_actions("feedback_helpful", "q-1", double.response_url(),
                                                       message=shown)).status

    def share_click(server: Server, double: SlackDouble) -> int:
        return slack(server).interaction(block_actions("share_answer", "q-1", double.response_url())).status

    def error(code: str):
        return lambda d, m, c: d.fail(m, code, times=1 if code in PASSING_ERRORS else None,
                                      channel=c if m in ("chat.postMessage", "chat.postEphemeral") else None)

    def cleared(run_it):
        def wrapped(server: Server, double: SlackDouble) -> list[str]:
            try:
                return run_it(server, double)
            finally:
                double._faults.clear(), double._failures.clear(), double._rate_limits.clear()
        return wrapped

    faults = {f"error-{code}": error(code) for code in ERRORS}
    faults |= {
        "truncated-json": lambda d, m, c: d.fault(m, "body", status=200, body=b'{"ok": true, "ts": "17000', times=1),
        "truncated-json-error": lambda d, m, c: d.fault(m, "body", status=200, body=b'{"ok": false, "err', times=1),
        "ok-false-no-error": lambda d, m, c: d.fault(m, "body", status=200, body=b'{"ok": false}', times=1),
        "error-a-list": lambda d, m, c: d.fault(m, "body", status=200, body=b'{"ok": false, "error": ["x"]}', times=1),
        "hang-120s": lambda d, m, c: d.fault(m, "slow", seconds=120, times=1),
    }
    passing_kinds = PASSING_ERRORS | {"truncated-json", "truncated-json-error", "ok-false-no-error", "error-a-list",
                                      "hang-120s"}
    for name, arrange in faults.items():
        passing = name.removeprefix("error-") in passing_kinds or name in passing_kinds
        yield case(f"answer:{name}", cleared(answer("chat.postMessage", arrange, passing)))
        yield case(f"peer-ephemeral:{name}", cleared(ephemeral(arrange, passing)))
        for method in ("conversations.info", "users.lookupByEmail"):
            yield case(f"{method}:{name}", cleared(answer(method, arrange, True)))
        for method, send in (("views.open", lesson_command), ("views.publish", home_opened),
                             ("chat.update", feedback_click), ("chat.postEphemeral", share_click)):
            yield case(f"{method}:{name}", cleared(surface(method, send)(arrange)))
    for name in ("error-fatal_error", "truncated-json", "hang-120s", "error-missing_scope", "error-a-list"):
        yield case(f"conversations.replies-after-a-reset:{name}", cleared(_replies_failing(faults[name])))
    yield case("afterwards:a-question-is-answered", lambda s, d: _questions_answered(s, d, state))
    yield Case("webapi6", "teardown", lambda: servers.stop(state, homes))

    for name, arrange in {**{f"error-{code}": (lambda d, c=code: d.fail("auth.test", c, times=1))
                             for code in ("invalid_auth", "token_revoked", "fatal_error", "ratelimited", "missing_scope")},
                          "truncated-json": lambda d: d.fault("auth.test", "body", status=200, body=b'{"ok": tr'),
                          "json-list": lambda d: d.fault("auth.test", "body", status=200, body=b"[1]"),
                          "html-200": lambda d: d.fault("auth.test", "body", status=200, body=b"<html>",
                                                        content_type="text/html"),
                          "wrong-types": lambda d: d.fault("auth.test", "body", status=200, took_effect=True, body=json.dumps(
                              {"ok": True, "team_id": ["T1"], "user_id": {"a": 1}, "bot_id": 5, "user": [], "team": 7}
                          ).encode()),
                          "reset": lambda d: d.fault("auth.test", "drop"),
                          "http-503": lambda d: d.fault("auth.test", "http", status=503),
                          "hang-120s": lambda d: d.fault("auth.test", "slow", seconds=120)}.items():
        yield Case("webapi6", f"serve-start:auth.test:{name}", lambda a=arrange: _serve_start_with(homes, a))
    for name, api_url in {"dns-failure": "http://peerbot-no-such-host.invalid/api/",
                          "https-to-plain-http": "https://127.0.0.1:{port}/api/",
                          "refused": "http://127.0.0.1:1/api/"}.items():
        yield Case("webapi6", f"slack-api-url:{name}", lambda u=api_url: _unreachable_api(homes, u))


def _replies_failing(arrange):
    """The answer's first post reset after it took effect (so the retry looks for it in the thread)
    while conversations.replies fails: posted once."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        from slack_double import HISTORY_SCOPES

        double.scopes |= set(HISTORY_SCOPES.values())
        double.fault("chat.postMessage", "drop", took_effect=True, times=1)
        arrange(double, "conversations.replies", None)
        body = app_mention(f"{QUESTION} {random.random()}")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        ts = body["event"]["ts"]
        _wait(lambda: double.calls_to("conversations.replies"), 60)
        time.sleep(8)
        posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
        if len(posted) > 2:
            problems.append(f"the answer posted {len(posted)} times")
        return problems + ([] if posted else ["the answer never posted"])
    return run_it


def _ready_or_gone(server: Server, timeout: float = 150) -> bool:
    """Wait until the server is ready (True) or has exited (False); AssertionError if neither."""
    ready = server.settled(timeout)
    if ready is None:
        server.process.kill()
        raise AssertionError(f"neither ready nor stopped within {timeout:.0f} s")
    return ready


def _serve_start_with(homes: Homes, arrange) -> list[str]:
    """`serve` starting while auth.test fails once: it starts and answers, or it stops with one
    `peerbot:` line (exit 1 or 2) and no traceback; started again, it answers."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            arrange(double)
            env = slack_env(double)
            server = Server(home, **env)
            if _ready_or_gone(server):
                problems = server.problems_since(0)
            else:
                problems = server.exit_problems()
                server = Server(home, **env).ready()
            body = app_mention(f"{QUESTION} {random.random()}")
            problems += status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
            problems += _once(posted, "the answer once started", True)
            problems += server.problems_since(0) + server.stop()
            return problems
    finally:
        homes.discard(home)


def _unreachable_api(homes: Homes, api_url: str) -> list[str]:
    """SLACK_API_URL that cannot be reached: `serve` stops at once with one `peerbot:` line (its
    auth.test fails), or serves with every question acknowledged, each failure one line, no
    traceback, no secret, a bounded number of tries, and the server still healthy."""
    home = homes.fresh()
    with SlackDouble() as double:
        api_url = api_url.replace("{port}", str(double.port))
        server = Server(home, **slack_env(double, SLACK_API_URL=api_url))
        try:
            if not _ready_or_gone(server):
                said = "\n".join(server.lines)
                return server.exit_problems() + ([] if "SLACK_API_URL" in said else ["stopped without naming SLACK_API_URL"])
            sender = SlackSender(f"{server.url}/slack/events")
            statuses = [sender.event(app_mention(f"{QUESTION} {i}")).status for i in range(3)]
            statuses.append(sender.command(slash_command("/peer", QUESTION, double.response_url())).status)
            statuses.append(sender.command(slash_command("/lesson", "Boards", double.response_url())).status)
            statuses.append(sender.event(event_callback({"type": "app_home_opened", "user": "U061F7AUR",
                                                         "channel": "D0PNCRP9N", "tab": "home",
                                                         "event_ts": "1515449522.000016"})).status)
            statuses.append(sender.interaction(block_actions("share_answer", "q-1", double.response_url())).status)
            time.sleep(25)
            problems = [p for status in statuses for p in status_problems(status)]
            problems += server.problems_since(0, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
            lines = len([line for line in server.lines if "WARNING" in line or "ERROR" in line])
            if lines > 40:
                problems.append(f"{lines} warning lines in 25 s for 7 requests")
            return problems + server.stop()
        finally:
            if server.process.poll() is None:
                server.process.kill()
            homes.discard(home)


# -- teams6: the connector failing, odd conversation ids, the signing keys failing ----------------------

def teams6_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "teams6", name, run_it, servers.start_both)

    def connector_failing(arrange, delivered_at_most: int = 1, wanted: bool = True, conversation: str | None = None):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            connector = state["connector"]
            arrange(connector)
            chat = conversation or f"a:chat-{random.randrange(10**9)}"
            body = message(connector.url, QUESTION, conversation=chat)
            status = post(f"{server.url}/api/messages", json.dumps(body).encode("utf-8", "surrogatepass"),
                          {"Content-Type": "application/json"})
            problems = status_problems(status)
            mine = lambda: [p for p in connector.posts if p.conversation_id == chat.split(";")[0]  # noqa: E731
                            or urllib.parse.unquote(p.conversation_id) == chat]
            if status == 202 or status == 200:
                _wait(mine, 70 if wanted else 30)
                time.sleep(3)
                if wanted and not mine():
                    problems.append("the Teams answer never posted")
                if len(mine()) > delivered_at_most:
                    problems.append(f"the Teams answer posted {len(mine())} times")
            connector.failures.clear()
            connector.faults.clear()
            connector.release()
            connector._release.clear()
            return problems
        return run_it

    failing = {
        "401": (lambda c: c.fail(401), False), "403": (lambda c: c.fail(403), False),
        "404": (lambda c: c.fail(404), False), "500-x3": (lambda c: c.fail(500, 500, 500), True),
        "429-retry-after-2": (lambda c: c.fault("body", status=429, body=b"{}", headers={"Retry-After": "2"}), True),
        "429-retry-after-3600": (lambda c: c.fault("body", status=429, body=b"{}", headers={"Retry-After": "3600"}), True),
        "429-retry-after-words": (lambda c: c.fault("body", status=429, body=b"{}", headers={"Retry-After": "soon"}), True),
        "hang": (lambda c: c.fault("hold"), False),
        "408": (lambda c: c.fail(408), True),
        "413": (lambda c: c.fail(413), False),
    }
    for name, (arrange, wanted) in failing.items():
        yield case(f"connector:{name}", connector_failing(arrange, wanted=wanted))
    for name, conversation in {"slashes": "a:chat/../../v3/x", "query": "a:chat?x=1&y=2", "hash": "a:chat#frag",
                               "percent": "a:chat%2F%2E%2E", "unicode": "a:chat-café-\u202e", "spaces": "a:chat with spaces",
                               "empty-thread": "19:x@thread.tacv2;messageid=", "semicolons": "a:x;;;;messageid=1;y",
                               "newline": "a:chat\nX-Header: 1", "backslash": "a:chat\\..\\x"}.items():
        yield case(f"conversation-id:{name}", connector_failing(lambda c: None, wanted=False, conversation=conversation))
    yield case("afterwards:a-question-is-answered", lambda s, d: _questions_answered(s, d, state))
    yield Case("teams6", "teardown", lambda: servers.stop(state, homes))
    yield from _token_cases(homes)


TEAMS_APP = "11111111-2222-3333-4444-555555555555"
TEAMS_TENANT = "66666666-7777-8888-9999-000000000000"


def _token_cases(homes: Homes) -> Iterator[Case]:
    """Teams with credentials: the signing keys' endpoint failing, tokens with claims of the wrong
    type. Each refused with 401 (no 5xx, no traceback); then a valid token is accepted."""
    state: dict = {}

    def setup() -> None:
        from identity_doubles import ConnectProxy, jwk, signing_key

        state["home"] = homes.fresh()
        state["key"] = signing_key()
        state["proxy"] = ConnectProxy(state["home"], TEAMS_TENANT)
        state["good_keys"] = [jwk(state["key"])]
        state["proxy"].login.keys = list(state["good_keys"])
        state["faults"] = []
        original = state["proxy"].login._handle

        async def handle(request):
            from aiohttp import web

            if state["faults"] and "keys" in request.path:
                fault = state["faults"][0]
                if fault.get("times", 1) <= 1:
                    state["faults"].pop(0)
                else:
                    fault["times"] -= 1
                if fault["kind"] == "body":
                    return web.Response(status=fault["status"], body=fault["body"], content_type="application/json")
                if fault["kind"] == "reset":
                    request.transport.close()
                    return web.Response()
                if fault["kind"] == "hang":
                    import asyncio

                    await asyncio.sleep(fault["seconds"])
            return await original(request)
        state["proxy"].login._handle = handle
        env = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "TEAMS_ALLOW_ANONYMOUS": "",
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": TEAMS_APP,
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secretpw-teams",
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TEAMS_TENANT, **state["proxy"].environment()}
        state["server"] = Server(state["home"], **env).ready()

    def valid(**claims) -> str:
        from identity_doubles import bot_token

        return bot_token(state["key"], TEAMS_APP, service_url="https://smba.trafficmanager.net/uk/", **claims)

    def ask(token: str) -> int:
        from identity_doubles import expect_replies

        body = expect_replies(message("https://smba.trafficmanager.net/uk/", QUESTION,
                                      activity_id=f"tok-{random.randrange(10**9)}"))
        return post(f"{state['server'].url}/api/messages", json.dumps(body).encode(),
                    {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})

    def case(name: str, run_it) -> Case:
        def run() -> list[str]:
            if not state:
                setup()
            server = state["server"]
            mark = len(server.lines)
            problems = run_it()
            problems += server.problems_since(mark, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
            return problems
        return Case("teams6", name, run)

    def keys_failing(fault: dict):
        def run_it() -> list[str]:
            state["faults"][:] = [dict(fault, times=50)]
            status = ask(valid(kid=f"rotated-{random.randrange(10**6)}"))  # a key id not cached: the keys are fetched
            problems = [] if status in (401, 503) else [f"HTTP {status} while the signing keys failed"]
            state["faults"].clear()
            state["proxy"].login.keys = list(state["good_keys"])
            after = ask(valid())
            return problems + ([] if after == 200 else [f"a valid token afterwards: HTTP {after}"])
        return run_it

    bad_jwks = {
        "500": {"kind": "body", "status": 500, "body": b"<html>oops</html>"},
        "html-200": {"kind": "body", "status": 200, "body": b"<html>ok</html>"},
        "list": {"kind": "body", "status": 200, "body": b"[1, 2]"},
        "keys-text": {"kind": "body", "status": 200, "body": b'{"keys": "x"}'},
        "keys-empty": {"kind": "body", "status": 200, "body": b'{"keys": []}'},
        "key-without-n": {"kind": "body", "status": 200, "body": b'{"keys": [{"kty": "RSA", "kid": "k", "e": "AQAB"}]}'},
        "key-kid-number": {"kind": "body", "status": 200, "body": b'{"keys": [{"kty": "RSA", "kid": 5, "n": "x", "e": "AQAB"}]}'},
        "key-kty-unknown": {"kind": "body", "status": 200, "body": b'{"keys": [{"kty": "XYZ", "kid": "k"}]}'},
        "keys-null": {"kind": "body", "status": 200, "body": b'{"keys": null}'},
        "truncated": {"kind": "body", "status": 200, "body": b'{"keys": [{"kty": "RS'},
        "reset": {"kind": "reset"},
        "hang-40s": {"kind": "hang", "seconds": 40},
    }
    for name, fault in bad_jwks.items():
        yield case(f"signing-keys:{name}", keys_failing(fault))

    def claims(make: Callable[[], str], refused: bool):
        """Signed with the trusted key: refused (401) when it is for another app or issuer; else
        401 or accepted, never a 5xx."""
        def run_it() -> list[str]:
            status = ask(make())
            if refused and status != 401 or status not in (200, 401):
                return [f"HTTP {status} for a token with odd claims"]
            return []
        return run_it

    now = int(time.time())
    base = {"iss": "https://api.botframework.com", "aud": TEAMS_APP, "iat": now - 60, "nbf": now - 60, "exp": now + 3600,
            "serviceurl": "https://smba.trafficmanager.net/uk/"}
    odd_claims = {
        "aud-list-of-others": {"aud": ["x", "y"]}, "aud-number": {"aud": 5}, "aud-null": {"aud": None},
        "exp-text": {"exp": "tomorrow"}, "exp-huge": {"exp": 10**30}, "exp-1e400": {},
        "nbf-future": {"nbf": now + 10**6}, "iat-text": {"iat": "x"}, "iss-number": {"iss": 7}, "iss-list": {"iss": ["a"]},
        "serviceurl-list": {"serviceurl": ["x"]}, "tid-object": {"tid": {"a": 1}}, "appid-number": {"appid": 5},
    }
    for name, change in odd_claims.items():
        payload = {**base, **change, **({"exp": "__INF__"} if name == "exp-1e400" else {})}
        yield case(f"token-claims:{name}", claims(lambda p=payload: _raw_token(state["key"], p),
                                                  refused=name.startswith(("aud-", "iss-", "nbf-"))))
    for name, headers in {"kid-number": {"kid": 5}, "kid-list": {"kid": ["a"]}, "alg-hs256-header": {"alg": "HS256"},
                          "typ-number": {"typ": 5}, "jku-foreign": {"jku": "http://127.0.0.1:1/keys"},
                          "crit": {"crit": ["exp"]}}.items():
        yield case(f"token-header:{name}", claims(lambda h=headers: _raw_token(state["key"], base, h),
                                                  refused=name.startswith(("kid-", "alg-"))))

    yield Case("teams6", "teardown-tokens", lambda: servers.stop(state, homes))


def _raw_token(key, payload: dict, headers: dict | None = None) -> str:
    """A token signed with `key` whose header and payload are written as given (types PyJWT would refuse)."""
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def part(value: dict) -> str:
        text = json.dumps(value).replace('"__INF__"', "1e400")
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    head = {"alg": "RS256", "typ": "JWT", "kid": "peerbot-test-key", **(headers or {})}
    signing_input = f"{part(head)}.{part(payload)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


# -- kill6: SIGKILL under a mixed burst ----------------------------------------------------------------

def kill6_cases(homes: Homes) -> Iterator[Case]:
    for at in (0.1, 0.4, 0.8):
        yield Case("kill6", f"mixed-burst-killed-at-{int(at * 100)}pct", lambda a=at: _mixed_killed(homes, [a]))
    yield Case("kill6", "mixed-burst-killed-twice-during-recovery", lambda: _mixed_killed(homes, [0.3], again=True))


def _mixed_killed(homes: Homes, at: list[float], again: bool = False, senders: int = 12,
                  after: Callable[[Path], None] = lambda home: None) -> list[str]:
    """120 Slack mentions, 30 `/peer` and 30 Teams messages sent by `senders` senders, each until it
    is acknowledged; the server SIGKILLed once `at` of them are (and, `again`, once more 1 s after the
    restart is ready), then restarted: each acknowledged mention answered exactly once, each
    acknowledged Teams message at least once (and at most once unless it was in flight at a kill),
    each acknowledged `/peer` at least once. `after(home)` runs once the server has stopped (the
    seventh sweep checks the databases there)."""
    from concurrent.futures import ThreadPoolExecutor

    from slack_double import HISTORY_SCOPES

    home = homes.fresh()
    problems: list[str] = []
    loop = Loop()
    connector = loop.run(ConnectorDouble().__aenter__())
    with SlackDouble() as double:
        double.scopes |= set(HISTORY_SCOPES.values())
        double.fault("chat.postMessage", "slow", seconds=0.3, took_effect=True, times=None)
        double.fault("chat.postEphemeral", "slow", seconds=0.3, took_effect=True, times=None)
        env = slack_env(double, TEAMS_ALLOW_ANONYMOUS="1")
        target = {"server": Server(home, **env).ready()}
        sends: list[dict] = []
        for i in range(120):
            sends.append({"kind": "mention", "body": app_mention(f"{QUESTION} {i}", channel=f"CKILL{i % 12:04d}")})
        for i in range(30):
            tag = f"zk{i}x{random.randrange(10**6)}"
            sends.append({"kind": "peer", "tag": tag, "form": slash_command("/peer", f"{QUESTION} {tag}",
                                                                              double.response_url())})
        for i in range(30):
            chat = f"a:kill-{i}-{random.randrange(10**6)}"
            sends.append({"kind": "teams", "chat": chat, "body": message(connector.url, f"{QUESTION} {i}",
                                                                         conversation=chat, activity_id=f"k{i}")})
        random.shuffle(sends)
        deadline = time.monotonic() + 240

        def deliver(item: dict) -> None:
            tries = 0
            while time.monotonic() < deadline:
                url = target["server"].url
                try:
                    if item["kind"] == "mention":
                        status = SlackSender(f"{url}/slack/events").event(item["body"], retry_num=tries or None).status
                    elif item["kind"] == "peer":
                        status = SlackSender(f"{url}/slack/events").command(item["form"]).status
                    else:
                        status = post(f"{url}/api/messages", json.dumps(item["body"]).encode(),
                                      {"Content-Type": "application/json"})
                except OSError:
                    status = 0
                tries += 1
                if status in (200, 202):
                    item["acked"] = True
                    return
                if item["kind"] == "peer" and status > 0:  # Slack never sends a command again
                    return
                time.sleep(0.2)

        pool = ThreadPoolExecutor(senders)
        futures = [pool.submit(deliver, item) for item in sends]
        kills = [*at, *([None] if again else [])]
        for share in kills:
            if share is None:  # once more, while the restarted server recovers
                time.sleep(1)
            else:
                while sum(1 for s in sends if s.get("acked")) < share * len(sends) and not all(f.done() for f in futures):
                    time.sleep(0.01)
            os.kill(target["server"].process.pid, signal.SIGKILL)
            target["server"].process.wait(30)
            in_flight = {p.conversation_id for p in connector.posts}
            target.setdefault("in_flight", set()).update(in_flight)
            target["server"] = Server(home, **env).ready()
        for f in futures:
            f.result()
        pool.shutdown()
        server = target["server"]
        acked = [s for s in sends if s.get("acked")]

        def unanswered() -> list[dict]:
            posts = [c["thread_ts"] for c in double.calls_to("chat.postMessage") if c.ok and c.get("thread_ts")]
            private = " ".join(c.blocks_text + str(c.get("text", "")) for c in
                               double.calls_to("chat.postEphemeral") + double.calls_to("response_url") if c.ok)
            teams = {p.conversation_id for p in connector.posts}
            return [s for s in acked if (s["kind"] == "mention" and s["body"]["event"]["ts"] not in posts)
                    or (s["kind"] == "peer" and s["tag"] not in private)
                    or (s["kind"] == "teams" and s["chat"] not in teams)]
        end = time.monotonic() + 150
        while unanswered() and time.monotonic() < end:
            time.sleep(0.5)
        left = unanswered()
        if left:
            problems.append(f"{len(left)} acknowledged never answered ({sorted({s['kind'] for s in left})})")
        posts = [c["thread_ts"] for c in double.calls_to("chat.postMessage") if c.ok and c.get("thread_ts")]
        twice = [t for t in set(posts) if posts.count(t) > 1]
        if twice:
            problems.append(f"{len(twice)} mentions answered twice")
        teams = [p.conversation_id for p in connector.posts]
        teams_twice = [c for c in set(teams) if teams.count(c) > 1 and c not in target.get("in_flight", set())]
        if teams_twice:
            problems.append(f"{len(teams_twice)} Teams messages answered twice (not in flight at a kill)")
        if len(acked) != len(sends):
            lost = [s for s in sends if not s.get("acked") and s["kind"] != "peer"]
            if lost:
                problems.append(f"{len(lost)} events never acknowledged")
        problems += [f"after the restart: {p}" for p in server.problems_since(0, settle=1)]
        problems += server.stop()
    loop.run(connector.__aexit__(None, None, None))
    after(home)
    homes.discard(home)
    return problems


FAMILIES = {"wire6": wire6_cases, "transport6": transport6_cases, "webapi6": webapi6_cases, "teams6": teams6_cases,
            "kill6": kill6_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile6net-", 4,
                                    lambda name, jobs: jobs if name == "wire6" else 1)


if __name__ == "__main__":
    sys.exit(main())
