"""The sixteenth hostile sweep, part B: the servers, where the first fifteen were thin, through the real
`peerbot serve` on 127.0.0.1 with the Slack and Teams doubles.

- `socket16`: Socket Mode frames no sweep sent (sweep 7 only mutated envelopes at their paths): text
  that is not JSON, binary frames, every top-level JSON kind, `hello` again, `disconnect` with each
  reason Slack sends (and none), envelope ids and payloads of the wrong kind, a 2 MB frame, 300 frames
  at once, the same envelope delivered twice and one event under two envelopes; the double closing the
  connection (each close code, or dropped with no close frame), alone or with an envelope in flight.
  After each, a mention over the socket is acknowledged and answered once.
- `sockopen16`: apps.connections.open failing when the connection must be made again (after Slack
  closes it, or after a `disconnect` and then the close): HTTP 500, 503, 429 with and without Retry-After (and one of
  `1.5`), a page, nothing, a reset, 12 s late, ok:false (internal_error, ratelimited,
  service_unavailable), ok:true without a url, a url that is a number, refused, not a WebSocket, not a
  URL; and as `serve` starts. Afterwards the socket is back and a mention answered once.
- `term16`: SIGTERM of `serve` under a burst of mentions, `/peer` and Teams messages at 10, 50 and
  90 % acknowledged, under a Socket Mode burst, with 30 connections trickling their headers, while the
  Web API holds an answer (carried out or not), and SIGINT: `serve` stops within 30 s with status 0,
  and after a restart every acknowledged question is answered exactly once.
- `forms16`: signed HTTP requests of shapes no sweep sent: `/lesson` missing each field, every command
  as JSON, as text/plain, as multipart and with a charset that lies; a `response_url` that is a file,
  FTP, refused, TLS to a plain port, not a URL, 7 KB long (where postEphemeral fails, so it is used);
  signatures 299 s old or ahead (accepted) and 301 s (refused).
- `webapi16`: Slack errors no sweep gave, each on the call that meets it: views.open (`/lesson`)
  expired_trigger_id, invalid_trigger_id, exchanged_trigger_id, view_too_large; chat.update (a
  Helpful click) message_not_found, cant_update_message, edit_window_closed; chat.postEphemeral
  (`/peer`) user_not_in_channel, restricted_action; chat.postMessage (the answer) restricted_action,
  team_access_not_granted, no_text, service_unavailable, request_timeout, internal_error, and 429 with
  a Retry-After of `1.5`, ` 1 `, `0`.
- `teamsjwt16`: Teams with credentials, tokens wrong in meaning rather than type (sweep 6): expired,
  from another issuer, for another app, signed by another key under the trusted key id, `alg: none`,
  its signature cut off, its serviceurl claim naming another service than the activity's; the
  Authorization header as `bearer`, without a scheme, `Basic`, empty, 100 KB: each refused with 401
  (the 100 KB header with 400, past the server's header limit), and a valid token still accepted.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep16.py --hang 90 [--only CLASS ...]

A case passes as in the earlier server sweeps: a 2xx, or a 4xx with no traceback in the log; each
accepted question answered exactly once, each accepted lesson kept; the server still serving
afterwards; a clean exit (status 0) on SIGTERM.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
import sys  # noqa: E402

sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes  # noqa: E402
from hostile_sweep4 import _once, _wait  # noqa: E402
from hostile_sweep5 import _judged_server  # noqa: E402
from hostile_sweep6_net import TEAMS_APP, TEAMS_TENANT  # noqa: E402
from hostile_sweep7_shapes import QUESTION, _socket_start  # noqa: E402
from slack_double import (  # noqa: E402
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    slash_command,
    socket_envelope,
)
from sweep_servers import Loop, Server  # noqa: E402
from teams_doubles import ConnectorDouble, message  # noqa: E402

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


# -- shared checks ------------------------------------------------------------------------------------

def _socket_answered(double: SlackDouble, what: str = "a mention afterwards") -> list[str]:
    """A mention over the socket (once one is connected): acknowledged and answered once."""
    try:
        double.wait_for_socket(60)
    except AssertionError:
        return ["no Socket Mode connection within 60 s"]
    envelope = socket_envelope("events_api", app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}"))
    double.send_envelope(envelope)
    try:
        double.wait_for_ack(envelope["envelope_id"], 60)
    except AssertionError:
        return [f"{what}: not acknowledged within 60 s"]
    ts = envelope["payload"]["event"]["ts"]
    posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok], 60)
    time.sleep(1)
    posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
    return _once(posted, what, True)


def _answered_in_thread(double: SlackDouble, ts: str, least: int = 1, most: int = 1, wait: float = 60) -> list[str]:
    _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok], wait)
    time.sleep(2)
    found = len([c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok])
    return [] if least <= found <= most else [f"the answer posted {found} times (expected {least}-{most})"]


def _mention_answered(server: Server, double: SlackDouble) -> list[str]:
    body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
    status = SlackSender(f"{server.url}/slack/events").event(body).status
    return status_problems(status) + _answered_in_thread(double, body["event"]["ts"])


# -- socket16: Socket Mode frames and closes -----------------------------------------------------------

def _mention_envelope(envelope_id: str | None = None) -> dict:
    return socket_envelope("events_api", app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}"), envelope_id)


def _frames() -> dict[str, Callable[[SlackDouble], list]]:
    """name -> the frames to send (text, bytes for a binary frame, or a dict as JSON), given the double."""
    envelope = lambda **change: {**_mention_envelope(), **change}  # noqa: E731
    without = lambda key: {k: v for k, v in _mention_envelope().items() if k != key}  # noqa: E731
    frames: dict[str, Callable[[SlackDouble], list]] = {
        "text-not-json": lambda d: ["hello there"],
        "text-json-cut": lambda d: ['{"envelope_id": "x1", "type": "events_api", "payload": {'],
        "text-empty": lambda d: [""],
        "text-whitespace-json": lambda d: ["  " + json.dumps(_mention_envelope())],
        "binary-envelope": lambda d: [json.dumps(_mention_envelope()).encode()],
        "binary-garbage": lambda d: [b"\x00\xff" * 500],
        "json-list": lambda d: ["[]"], "json-string": lambda d: ['"events_api"'], "json-number": lambda d: ["42"],
        "json-null": lambda d: ["null"], "json-true": lambda d: ["true"], "json-empty-object": lambda d: ["{}"],
        "json-nested-10000": lambda d: ['{"a":' * 10000 + "1" + "}" * 10000],
        "type-number": lambda d: [{"type": 5, "envelope_id": "e5"}],
        "type-unknown": lambda d: [{"type": "surprise", "envelope_id": "e6", "payload": {}}],
        "hello-again": lambda d: [{"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}],
        "hello-odd": lambda d: [{"type": "hello", "num_connections": "many", "connection_info": [], "debug_info": 5}],
        "envelope-id-missing": lambda d: [without("envelope_id")],
        "envelope-id-number": lambda d: [envelope(envelope_id=5)],
        "envelope-id-object": lambda d: [envelope(envelope_id={"a": 1})],
        "envelope-id-empty": lambda d: [envelope(envelope_id="")],
        "envelope-id-10kb": lambda d: [envelope(envelope_id="e" * 10_000)],
        "payload-missing": lambda d: [without("payload")],
        "payload-list": lambda d: [envelope(payload=[1, 2])],
        "payload-string": lambda d: [envelope(payload=json.dumps(_mention_envelope()["payload"]))],
        "payload-null": lambda d: [envelope(payload=None)],
        "retry-attempt-words": lambda d: [envelope(retry_attempt="many", retry_reason=5)],
        "accepts-response-payload-text": lambda d: [envelope(accepts_response_payload="yes")],
        "slash-payload-a-form-string": lambda d: [socket_envelope("slash_commands", {"x": 1}) | {
            "payload": urllib.parse.urlencode(slash_command("/peer", QUESTION, d.response_url()))}],
        "interactive-payload-string": lambda d: [socket_envelope("interactive", {}) | {
            "payload": json.dumps(block_actions("feedback_helpful", "q-1", d.response_url()))}],
        "frame-2mb": lambda d: [socket_envelope("events_api", app_mention("x" * 2_000_000))],
        "300-frames-at-once": lambda d: ["not json"] * 100 + [{"type": "surprise"}] * 100 + ["[]"] * 100,
    }
    for reason in ("warning", "refresh_requested", "link_disabled", "too_many_websockets", "", None, 7):
        frames[f"disconnect-{reason}"] = lambda d, r=reason: [
            {"type": "disconnect", **({} if r is None else {"reason": r}), "debug_info": {"host": "applink-1"}}]
    return frames


def socket16_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "socket16", name, run_it, _socket_start)

    def frames(make):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            for frame in make(double):
                double.send_envelope(frame)
            time.sleep(1.5)
            return _socket_answered(double)
        return run_it

    for name, make in _frames().items():
        yield case(name, frames(make))

    def twice(same_id: bool):
        """Slack delivering one envelope again (unacknowledged in time: the same id, retry_attempt 1),
        or one event in two envelopes: answered once."""
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            first = _mention_envelope()
            second = {**first, "retry_attempt": 1, "retry_reason": "timeout"} if same_id else \
                {**first, "envelope_id": str(uuid.uuid4())}
            double.send_envelope(first)
            double.send_envelope(second)
            return _answered_in_thread(double, first["payload"]["event"]["ts"]) + _socket_answered(double)
        return run_it

    yield case("same-envelope-twice", twice(True))
    yield case("one-event-two-envelopes", twice(False))

    def closed(code: int | None, in_flight: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            before = double.socket_connections
            problems: list[str] = []
            sent = _mention_envelope()
            if in_flight:
                double.send_envelope(sent)
                time.sleep(0.05)
            double.close_sockets(code or 1000, abort=code is None)
            if not _wait(lambda: [1] if double.socket_connections > before and double._sockets else [], 45):
                return ["no new Socket Mode connection within 45 s of the close"]
            if in_flight:
                if sent["envelope_id"] not in double.acks:  # never acknowledged: Slack sends it again
                    double.send_envelope({**sent, "retry_attempt": 1, "retry_reason": "timeout"})
                problems += _answered_in_thread(double, sent["payload"]["event"]["ts"])
            return problems + _socket_answered(double)
        return run_it

    for code in (1000, 1001, 1011, 4000, None):
        yield case(f"closed-by-slack:{code or 'dropped'}", closed(code, False))
    for code in (1001, None):
        yield case(f"closed-with-an-envelope-in-flight:{code or 'dropped'}", closed(code, True))
    yield _teardown("socket16", state, homes)


def _teardown(surface: str, state: dict, homes: Homes, check=None) -> Case:
    def run() -> list[str]:
        if not state:
            return []
        after = _judged_server(state, homes, surface, "afterwards", check or (lambda s, d: _socket_answered(d)))
        return [f"afterwards: {p}" for p in after.run()] + servers.stop(state, homes)
    return Case(surface, "teardown", run)


# -- sockopen16: apps.connections.open failing when the socket is made again ------------------------------

def _open_faults(double: SlackDouble) -> dict[str, Callable[[], None]]:
    method = "apps.connections.open"
    body = lambda b, status=200: lambda: double.fault(method, "body", times=2, status=status, body=b)  # noqa: E731
    refused = f"ws://127.0.0.1:{_closed_port()}/socket"
    return {
        "http-500": lambda: double.fault(method, "http", times=2, status=500),
        "http-503": lambda: double.fault(method, "http", times=2, status=503),
        "429-retry-after-1": lambda: double.rate_limit(method, times=2, retry_after=1),
        "429-no-retry-after": lambda: double.rate_limit(method, times=1, retry_after=None),
        "429-retry-after-1.5": lambda: double.rate_limit(method, times=2, retry_after="1.5"),
        "page-200": lambda: double.fault(method, "invalid_json", times=2),
        "empty-200": body(b""),
        "reset": lambda: double.fault(method, "drop", times=2),
        "12s-late": lambda: double.fault(method, "slow", times=1, seconds=12, took_effect=True),
        "error-internal_error": lambda: double.fail(method, "internal_error", times=2),
        "error-ratelimited": lambda: double.fail(method, "ratelimited", times=2),
        "error-service_unavailable": lambda: double.fail(method, "service_unavailable", times=2),
        "ok-without-url": body(b'{"ok": true}'),
        "url-a-number": body(b'{"ok": true, "url": 5}'),
        "url-refused": body(json.dumps({"ok": True, "url": refused}).encode()),
        "url-not-a-websocket": body(json.dumps({"ok": True, "url": f"{double.url}api/auth.test"}).encode()),
        "url-not-a-url": body(b'{"ok": true, "url": "not a url"}'),
    }


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sockopen16_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    names = [
        "http-500", "http-503", "429-retry-after-1", "429-no-retry-after", "429-retry-after-1.5", "page-200",
        "empty-200", "reset", "12s-late", "error-internal_error", "error-ratelimited", "error-service_unavailable",
        "ok-without-url", "url-a-number", "url-refused", "url-not-a-websocket", "url-not-a-url"]

    def reconnect(fault: str, how: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            before = double.socket_connections
            _open_faults(double)[fault]()
            if how == "disconnect":  # Slack asks for a new connection, then closes the old one soon after
                double.send_envelope({"type": "disconnect", "reason": "refresh_requested"})
                time.sleep(3)
                before = double.socket_connections
            double.close_sockets(1001)
            if not _wait(lambda: [1] if double.socket_connections > before and double._sockets else [], 90):
                double.heal("apps.connections.open")
                state["restart"](state)  # a fresh server for the next case
                return ["no new Socket Mode connection within 90 s"]
            return _socket_answered(double)
        return run_it

    for name in names:
        yield _judged_server(state, homes, "sockopen16", f"closed:{name}", reconnect(name, "closed"), _socket_start)
    for name in ("http-500", "error-internal_error", "url-refused", "ok-without-url", "reset"):
        yield _judged_server(state, homes, "sockopen16", f"disconnect:{name}", reconnect(name, "disconnect"),
                             _socket_start)
    yield _teardown("sockopen16", state, homes)
    for name in ("http-500", "429-retry-after-1", "page-200", "reset", "url-refused", "ok-without-url"):
        yield Case("sockopen16", f"at-start:{name}", lambda n=name: _socket_start_failing(homes, n))


def _socket_start_failing(homes: Homes, fault: str) -> list[str]:
    """`serve` started while apps.connections.open fails twice: it connects once it heals and answers."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            _open_faults(double)[fault]()
            server = Server(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=double.api_url)
            if not server.settled(120, ready=False):
                return server.exit_problems() or ["`serve` neither ready nor stopped within 120 s"]
            problems = _socket_answered(double)
            return problems + server.problems_since(0) + server.stop()
    finally:
        homes.discard(home)


# -- term16: SIGTERM under load -------------------------------------------------------------------------

def _burst_terminated(homes: Homes, share: float, sig: int = signal.SIGTERM) -> list[str]:
    """60 mentions, 15 `/peer` and 15 Teams messages from 8 senders, each sent until acknowledged;
    `sig` once `share` of them are, then a restart: `serve` stopped with status 0 within 30 s, each
    acknowledged mention answered exactly once, each `/peer` and Teams message at most once (at
    least once when acknowledged)."""
    home = homes.fresh()
    loop = Loop()
    connector = loop.run(ConnectorDouble().__aenter__())
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            double.fault("chat.postMessage", "slow", seconds=0.3, took_effect=True, times=None)
            env = servers.slack_env(double, TEAMS_ALLOW_ANONYMOUS="1")
            target = {"server": Server(home, **env).ready()}
            sends: list[dict] = []
            for i in range(60):
                sends.append({"kind": "mention", "body": app_mention(f"{QUESTION} {i}", channel=f"CTERM{i % 8:04d}")})
            for i in range(15):
                tag = f"zt{i}x{random.randrange(10**6)}"
                sends.append({"kind": "peer", "tag": tag,
                              "form": slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag))})
            for i in range(15):
                chat = f"a:term-{i}-{random.randrange(10**6)}"
                sends.append({"kind": "teams", "chat": chat, "body": message(connector.url, f"{QUESTION} {i}",
                                                                             conversation=chat, activity_id=f"t{i}")})
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
                            status = post(f"{url}/api/messages", json.dumps(item["body"]).encode(), {"Content-Type": JSON})
                    except OSError:
                        status = 0
                    tries += 1
                    if 500 <= status < 600 and status != 503:
                        item["5xx"] = status
                    if status in (200, 202):
                        item["acked"] = True
                        return
                    if item["kind"] == "peer" and status > 0 and status != 503:
                        return
                    time.sleep(0.2)

            with ThreadPoolExecutor(8) as pool:
                futures = [pool.submit(deliver, item) for item in sends]
                while sum(1 for s in sends if s.get("acked")) < share * len(sends) and not all(f.done() for f in futures):
                    time.sleep(0.01)
                first = target["server"]
                first.process.send_signal(sig)
                try:
                    first.process.wait(30)
                except Exception:
                    first.kill()
                    problems.append("did not stop within 30 s of the signal")
                if first.process.returncode not in (0, None) and not problems:
                    problems.append(f"exit status {first.process.returncode} after {signal.Signals(sig).name}")
                problems += [f"first server: {p}" for p in first.problems_since(0, settle=0.5)]
                target["server"] = Server(home, **env).ready()
                for f in futures:
                    f.result()
            server = target["server"]
            acked = [s for s in sends if s.get("acked")]
            if any("5xx" in s for s in sends):
                problems.append(f"{sum(1 for s in sends if '5xx' in s)} deliveries answered 5xx (not 503)")

            def counts() -> tuple[dict, dict, dict]:
                threads: dict[str, int] = {}
                for c in double.calls_to("chat.postMessage"):
                    if c.ok and c.get("thread_ts"):
                        threads[c["thread_ts"]] = threads.get(c["thread_ts"], 0) + 1
                peers: dict[str, int] = {}
                for c in double.calls_to("chat.postEphemeral"):
                    if c.ok:
                        text = c.blocks_text + str(c.get("text", ""))
                        for s in sends:
                            if s["kind"] == "peer" and s["tag"] in text:
                                peers[s["tag"]] = peers.get(s["tag"], 0) + 1
                chats: dict[str, int] = {}
                for p in connector.posts:
                    chats[p.conversation_id] = chats.get(p.conversation_id, 0) + 1
                return threads, peers, chats

            def missing() -> list[dict]:
                threads, peers, chats = counts()
                return [s for s in acked if (s["kind"] == "mention" and s["body"]["event"]["ts"] not in threads)
                        or (s["kind"] == "peer" and s["tag"] not in peers)
                        or (s["kind"] == "teams" and s["chat"] not in chats)]
            _wait(lambda: [] if missing() else [1], 120)
            time.sleep(3)
            threads, peers, chats = counts()
            lost = missing()
            if lost:
                problems.append(f"{len(lost)} of {len(acked)} acknowledged never answered "
                                f"({', '.join(sorted({s['kind'] for s in lost}))})")
            doubled = [s for s in sends if (s["kind"] == "mention" and threads.get(s["body"]["event"]["ts"], 0) > 1)
                       or (s["kind"] == "peer" and peers.get(s["tag"], 0) > 1)
                       or (s["kind"] == "teams" and chats.get(s["chat"], 0) > 1)]
            if doubled:
                problems.append(f"{len(doubled)} answered more than once ({', '.join(sorted({s['kind'] for s in doubled}))})")
            return problems + server.problems_since(0) + server.stop()
    finally:
        loop.run(connector.__aexit__(None, None, None))
        homes.discard(home)


def _socket_burst_terminated(homes: Homes) -> list[str]:
    """40 mentions over Socket Mode at once; SIGTERM once 10 are acknowledged; a restart, the
    unacknowledged sent again (as Slack does): every one answered exactly once, status 0."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            env = dict(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=double.api_url)
            server = Server(home, **env).ready()
            double.wait_for_socket(60)
            envelopes = [_mention_envelope() for _ in range(40)]
            for envelope in envelopes:
                double.send_envelope(envelope)
            _wait(lambda: [1] if sum(1 for e in envelopes if e["envelope_id"] in double.acks) >= 10 else [], 60)
            server.process.send_signal(signal.SIGTERM)
            problems = server.stop() + server.problems_since(0)
            second = Server(home, **env).ready()
            double.wait_for_socket(60)
            for envelope in envelopes:
                if envelope["envelope_id"] not in double.acks:
                    double.send_envelope({**envelope, "retry_attempt": 1, "retry_reason": "timeout"})
            for envelope in envelopes:
                problems += _answered_in_thread(double, envelope["payload"]["event"]["ts"], wait=90)
                if problems:
                    break
            return problems + second.problems_since(0) + second.stop()
    finally:
        homes.discard(home)


def _terminated_with_trickling(homes: Homes) -> list[str]:
    """30 connections sending their headers a byte a second; SIGTERM: status 0 within 30 s."""
    home = homes.fresh()
    held: list[socket.socket] = []
    try:
        with SlackDouble() as double:
            server = Server(home, **servers.slack_env(double)).ready()
            for _ in range(30):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
                held.append(s)
            stop = threading.Event()

            def trickle() -> None:
                while not stop.wait(1):
                    for s in held:
                        try:
                            s.sendall(b"X")
                        except OSError:
                            pass
            threading.Thread(target=trickle, daemon=True).start()
            time.sleep(2)
            problems = _mention_answered(server, double)
            problems += server.stop()
            stop.set()
            return problems + server.problems_since(0)
    finally:
        for s in held:
            s.close()
        homes.discard(home)


def _terminated_while_held(homes: Homes, took_effect: bool) -> list[str]:
    """The Web API holding the answer 20 s (carried out or not); SIGTERM: status 0 within 30 s; after a
    restart the answer is there once (twice at most where the held post was carried out)."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            env = servers.slack_env(double)
            server = Server(home, **env).ready()
            double.fault("chat.postMessage", "slow", seconds=20, took_effect=took_effect, times=1)
            body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            _wait(lambda: double.calls_to("chat.postMessage"), 60)
            problems += server.stop() + server.problems_since(0)
            second = Server(home, **env).ready()
            problems += _answered_in_thread(double, body["event"]["ts"], 1, 2 if took_effect else 1, wait=90)
            return problems + second.problems_since(0) + second.stop()
    finally:
        homes.discard(home)


def term16_cases(homes: Homes) -> Iterator[Case]:
    for share in (0.1, 0.5, 0.9):
        yield Case("term16", f"burst-sigterm-at-{int(share * 100)}pct", lambda s=share: _burst_terminated(homes, s))
    yield Case("term16", "burst-sigint-at-50pct", lambda: _burst_terminated(homes, 0.5, signal.SIGINT))
    yield Case("term16", "socket-mode-burst-sigterm", lambda: _socket_burst_terminated(homes))
    yield Case("term16", "sigterm-with-30-trickling-connections", lambda: _terminated_with_trickling(homes))
    for took in (True, False):
        yield Case("term16", f"sigterm-while-the-answer-is-held:{'taken' if took else 'not-taken'}",
                   lambda t=took: _terminated_while_held(homes, t))


# -- forms16: signed HTTP requests of new shapes ------------------------------------------------------------

def _signed(server: Server, body: bytes, content_type: str, timestamp: int | None = None,
            extra: dict | None = None) -> int:
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, **(extra or {})}
    if content_type:
        headers["Content-Type"] = content_type
    return post(f"{server.url}/slack/events", body, headers)


def _multipart(form: dict) -> tuple[bytes, str]:
    boundary = "peerbotsweep16"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in form.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode(), f"multipart/form-data; boundary={boundary}"


def forms16_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "forms16", name, run_it, lambda s, h: servers.start(s, h))

    def sent(make: Callable[[SlackDouble], tuple[bytes, str]]):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body, content_type = make(double)
            return status_problems(_signed(server, body, content_type)) + _mention_answered(server, double)
        return run_it

    form = lambda command, d: slash_command(command, QUESTION if command != "/enabler" else "trust", d.response_url())  # noqa: E731
    for field in ("team_id", "user_id", "channel_id", "trigger_id", "response_url", "command"):
        yield case(f"lesson-without-{field}", sent(lambda d, f=field: (
            urllib.parse.urlencode({k: v for k, v in form("/lesson", d).items() if k != f}).encode(), FORM)))
    for command in ("/peer", "/enabler", "/lesson"):
        yield case(f"{command[1:]}-as-json", sent(lambda d, c=command: (json.dumps(form(c, d)).encode(), JSON)))
        yield case(f"{command[1:]}-as-text-plain", sent(lambda d, c=command: (
            urllib.parse.urlencode(form(c, d)).encode(), "text/plain")))
        yield case(f"{command[1:]}-as-multipart", sent(lambda d, c=command: _multipart(form(c, d))))
        yield case(f"{command[1:]}-latin1-said-utf8", sent(lambda d, c=command: (
            urllib.parse.urlencode({**form(c, d), "text": "caf\xe9 trust"}, encoding="latin-1").encode(),
            f"{FORM}; charset=utf-8")))
    yield case("interaction-as-json", sent(lambda d: (json.dumps(block_actions(
        "feedback_helpful", "q-1", d.response_url())).encode(), JSON)))
    yield case("interaction-payload-and-command", sent(lambda d: (urllib.parse.urlencode(
        {**form("/peer", d), "payload": json.dumps(block_actions("feedback_helpful", "q-1", d.response_url()))}).encode(),
        FORM)))

    def odd_response_url(url: Callable[[SlackDouble], str]):
        """`/peer` where chat.postEphemeral cannot post, so the answer goes to response_url."""
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fail("chat.postEphemeral", "channel_not_found", times=1)
            body = urllib.parse.urlencode(slash_command("/peer", QUESTION, url(double))).encode()
            return status_problems(_signed(server, body, FORM)) + _mention_answered(server, double)
        return run_it

    urls = {"file": lambda d: "file:///etc/passwd", "ftp": lambda d: "ftp://127.0.0.1/x",
            "refused": lambda d: f"http://127.0.0.1:{_closed_port()}/r", "tls-to-plain": lambda d: f"https://127.0.0.1:{d.port}/response/x",
            "not-a-url": lambda d: "not a url", "javascript": lambda d: "javascript:alert(1)",
            "broken-ipv6": lambda d: "http://[::1/r", "7kb": lambda d: d.response_url("x" * 7_000),
            "empty": lambda d: ""}
    for name, url in urls.items():
        yield case(f"peer-response-url-{name}", odd_response_url(url))

    def skewed(seconds: int, accepted: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
            status = _signed(server, json.dumps(body).encode(), JSON, timestamp=int(time.time()) + seconds)
            if not accepted:
                return [] if status == 401 else [f"HTTP {status} for a signature {seconds} s off"]
            return status_problems(status) + ([] if status == 200 else [f"HTTP {status} for a signature {seconds} s off"]) \
                + _answered_in_thread(double, body["event"]["ts"])
        return run_it

    for seconds, accepted in ((-290, True), (290, True), (-301, False), (301, False)):
        yield case(f"signature-{seconds:+d}s", skewed(seconds, accepted))
    yield _teardown("forms16", state, homes, _mention_answered)


# -- webapi16: Slack errors no sweep gave ---------------------------------------------------------------------

PASSING = {"service_unavailable", "request_timeout", "internal_error"}


def webapi16_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "webapi16", name, run_it, lambda s, h: servers.start(s, h))

    def lesson(error: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fail("views.open", error, times=1)
            form = slash_command("/lesson", "", double.response_url())
            status = SlackSender(f"{server.url}/slack/events").command(form).status
            time.sleep(2)
            return status_problems(status) + _mention_answered(server, double)
        return run_it

    for error in ("expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id", "view_too_large"):
        yield case(f"views.open:{error}", lesson(error))

    def click(error: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            answers = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"])
                                     if c.ok], 60)
            if not answers:
                return problems + ["the answer never came"]
            answer = answers[0]
            question = next((b["elements"][0].get("value", "") for b in answer.blocks
                             if b.get("type") == "actions" and b.get("elements")), "")
            double.fail("chat.update", error, times=1)
            payload = block_actions("feedback_helpful", question, double.response_url(),
                                    channel=answer["channel"], message={"ts": answer.response["ts"], "text": "x"})
            problems += status_problems(SlackSender(f"{server.url}/slack/events").interaction(payload).status)
            time.sleep(2)
            return problems + _mention_answered(server, double)
        return run_it

    for error in ("message_not_found", "cant_update_message", "edit_window_closed"):
        yield case(f"chat.update:{error}", click(error))

    def peer(error: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fail("chat.postEphemeral", error, times=1)
            tag = f"zw{random.randrange(10**6)}"
            url = double.response_url(tag)
            status = SlackSender(f"{server.url}/slack/events").command(slash_command("/peer", f"{QUESTION} {tag}", url)).status
            time.sleep(3)
            shown = [c for c in double.calls if c.ok and c.method in ("chat.postEphemeral", "response")
                     and tag in (c.blocks_text + str(c.get("text", "")))]
            via_url = [c for c in double.calls if c.path.endswith(tag)]
            problems = status_problems(status)
            if len(shown) + len(via_url) > 1:
                problems.append(f"the /peer answer shown {len(shown) + len(via_url)} times")
            return problems + _mention_answered(server, double)
        return run_it

    for error in ("user_not_in_channel", "restricted_action"):
        yield case(f"chat.postEphemeral:{error}", peer(error))

    def answer(error: str | None, retry_after: str | None = None):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            if retry_after is not None:
                double.rate_limit("chat.postMessage", times=1, retry_after=retry_after)
            else:
                double.fail("chat.postMessage", error, times=1)
            body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            passing = retry_after is not None or error in PASSING
            problems += _answered_in_thread(double, body["event"]["ts"], 1 if passing else 0, 1, wait=60 if passing else 5)
            return problems + _mention_answered(server, double)
        return run_it

    for error in ("restricted_action", "team_access_not_granted", "no_text", *sorted(PASSING)):
        yield case(f"chat.postMessage:{error}", answer(error))
    for after in ("1.5", " 1 ", "0"):
        yield case(f"chat.postMessage:429-retry-after-{after.strip() or 'blank'}{'-spaced' if after != after.strip() else ''}",
                   answer(None, after))
    yield _teardown("webapi16", state, homes, _mention_answered)


# -- teamsjwt16: tokens wrong in meaning ------------------------------------------------------------------------

SERVICE = "https://smba.trafficmanager.net/uk/"


def teamsjwt16_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def setup() -> None:
        from identity_doubles import ConnectProxy, jwk, signing_key

        state["home"] = homes.fresh()
        state["key"] = signing_key()
        state["proxy"] = ConnectProxy(state["home"], TEAMS_TENANT)
        state["proxy"].login.keys = [jwk(state["key"])]
        env = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "TEAMS_ALLOW_ANONYMOUS": "",
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": TEAMS_APP,
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secretpw-teams",
               "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TEAMS_TENANT, **state["proxy"].environment()}
        state["server"] = Server(state["home"], **env).ready()

    def token(audience: str = TEAMS_APP, **claims) -> str:
        from identity_doubles import bot_token

        return bot_token(state["key"], audience, service_url=SERVICE, **claims)

    def ask(headers: dict[str, str], service: str = SERVICE) -> int:
        from identity_doubles import expect_replies

        body = expect_replies(message(service, QUESTION, activity_id=f"jwt-{random.randrange(10**9)}"))
        return post(f"{state['server'].url}/api/messages", json.dumps(body).encode(), {"Content-Type": JSON, **headers})

    def case(name: str, headers: Callable[[], dict[str, str]], service: str = SERVICE,
             refused: tuple[int, ...] = (401,)) -> Case:
        def run() -> list[str]:
            if not state:
                setup()
            server = state["server"]
            mark = len(server.lines)
            status = ask(headers(), service)
            problems = [] if status in refused else [f"HTTP {status} (expected {' or '.join(map(str, refused))})"]
            good = ask({"Authorization": f"Bearer {token()}"})
            problems += [] if good == 200 else [f"a valid token afterwards: HTTP {good}"]
            problems += server.problems_since(mark, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
            return problems
        return Case("teamsjwt16", name, run)

    def other_key() -> str:
        from identity_doubles import signing_key

        now = int(time.time())
        import jwt

        return jwt.encode({"iss": "https://api.botframework.com", "aud": TEAMS_APP, "iat": now - 60, "nbf": now - 60,
                           "exp": now + 3600, "serviceurl": SERVICE}, signing_key(), algorithm="RS256",
                          headers={"kid": _kid()})

    def unsigned() -> str:
        import base64

        part = lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode().rstrip("=")  # noqa: E731
        now = int(time.time())
        return f"{part({'alg': 'none', 'kid': _kid()})}.{part({'iss': 'https://api.botframework.com', 'aud': TEAMS_APP, 'exp': now + 3600, 'serviceurl': SERVICE})}."

    bearer = lambda make: lambda: {"Authorization": f"Bearer {make()}"}  # noqa: E731
    yield case("expired-an-hour-ago", bearer(lambda: token(expires_in=-3600)))
    yield case("expired-ten-minutes-ago", bearer(lambda: token(expires_in=-600)))
    yield case("another-issuer", bearer(lambda: token(issuer="https://sts.example.com/")))
    yield case("another-app", bearer(lambda: token("99999999-2222-3333-4444-555555555555")))
    yield case("another-key-same-kid", bearer(other_key))
    yield case("alg-none", bearer(unsigned))
    yield case("signature-cut-off", bearer(lambda: token().rsplit(".", 1)[0] + "."))
    yield case("signature-of-another-token", bearer(lambda: token().rsplit(".", 1)[0] + "." + other_key().rsplit(".", 1)[1]))
    yield case("serviceurl-claim-another-service", bearer(lambda: token()), service="https://evil.example.com/uk/")
    yield case("scheme-lowercase-bearer-expired", lambda: {"Authorization": f"bearer {token(expires_in=-3600)}"})
    yield case("no-scheme", lambda: {"Authorization": token()})
    yield case("basic-scheme", lambda: {"Authorization": "Basic dXNlcjpwYXNz"})
    yield case("empty-bearer", lambda: {"Authorization": "Bearer "})
    yield case("three-dots", lambda: {"Authorization": "Bearer ..."})
    yield case("token-100kb", lambda: {"Authorization": "Bearer " + "a" * 50_000 + "." + "b" * 50_000 + ".c"},
               refused=(400, 401, 431))  # a header past the server's limit is refused before any check
    yield case("payload-not-base64", lambda: {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.%%%%.abc"})
    yield Case("teamsjwt16", "teardown", lambda: servers.stop(state, homes))


def _kid() -> str:
    from identity_doubles import KEY_ID

    return KEY_ID


FAMILIES = {"socket16": socket16_cases, "sockopen16": sockopen16_cases, "term16": term16_cases,
            "forms16": forms16_cases, "webapi16": webapi16_cases, "teamsjwt16": teamsjwt16_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile16-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
