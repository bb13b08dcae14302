"""The twentieth hostile sweep, part B: the servers, in the cells the earlier sweeps left empty, through
the real `peerbot serve` on 127.0.0.1 with the Slack and Teams doubles.

What the servers accept (routes and payload types), and what had been sent to each before this sweep:
- `POST /slack/events` (signed; JSON events, form-encoded commands, form `payload=` interactions):
  events `url_verification`, `event_callback` of `app_mention`, `message` (DMs, `message.im`),
  `app_home_opened`, `app_uninstalled`, `tokens_revoked`, any other type (acknowledged, ignored);
  commands `/peer`, `/enabler`, `/lesson`; interactions `block_actions` (Helpful, Not helpful,
  Share, Watch, Approve, Edit, Reject, "I can help"), `view_submission` (the lesson form, its edit),
  `message_action` (`ask_peerbot`, `save_lesson`), and what peerbot has no listener for (`shortcut`,
  `block_suggestion`, `view_closed`). Sent before: each field's type mutated at its path (sweeps 6-7:
  `wire6`, `slack7`), bad bytes in each field (`bytes18`), commands as JSON, text, multipart, lying
  charsets (`forms16`), signatures at +-290/301 s (`forms16`), top-level JSON kinds, 10,000 deep
  bodies, bodies not UTF-8 (sweeps 2-5). Never: duplicate keys, a body that is a JSON string of the
  payload, unknown keys at every level, 1 MB in the field peerbot reads, 10,000 deep inside a field,
  every value null, `payload=` that is not JSON, a list, another type's shape, or given twice, the
  uninstall and revocation events, global shortcuts, options requests, views closed (`slack20`).
- Transport (both POST routes): slow and cut bodies (`slow18`, `transport6`); never a Content-Encoding
  (gzip of garbage, of a valid body, deflate, br, an unknown one), a Content-Length longer or shorter
  than the body, chunked bodies with bad chunk sizes, both Transfer-Encoding and Content-Length, no
  Content-Type, a UTF-16 charset (`wire20`).
- `POST /api/messages` (Teams; anonymous here): `message`, `conversationUpdate`, `installationUpdate`,
  `invoke` (`adaptiveCard/action`: feedback, watch, lesson form and review; `task/fetch`,
  `task/submit`; `composeExtension/fetchTask`, `submitAction`), `messageReaction`, anything else
  (acknowledged). Sent before: odd conversation ids and fields mutated (`teams6`, `teams7`), bad
  bytes (`bytes18`), tokens wrong in type and meaning (`teams6`, `teamsjwt16`). Never: each activity
  type with a list, a number, null or an object where another is read, the key missing, unknown
  keys, 1 MB, 10,000 deep, duplicate keys, a JSON string of the activity (`teams20`).
- Socket Mode (`events_api`, `slash_commands`, `interactive` envelopes): frames of every kind and
  envelopes mutated at their paths (`socket7`, `socket16`); never each payload type above inside its
  envelope with every value null, unknown keys, 10,000 deep or duplicate keys (`socket20`).
- Teams tokens (credentials set): expired, another issuer, app or key, `alg: none`, odd schemes
  (`teamsjwt16`); never a key id unknown, missing or not text, an audience list or empty, not yet
  valid, an expiry as text, a valid token over a body of the wrong shape (`teamsjwt20`).
- `GET /healthz`, `/readyz` and the other routes: paths and GET/PUT/DELETE on `/slack/events` (sweep 1);
  never other methods on health and readiness, HEAD, bodies, long queries, HTTP/1.0, absolute URIs,
  `Expect`, 16 KB and repeated headers, two Content-Types (`http20`).
- OAuth (`GET /slack/install`, `/slack/oauth_redirect`): oauth.v2.access failing and of wrong shapes
  (`oauth5`), states replayed, crossed, missing (`oauth18`); never codes and states with a NUL, not
  ASCII, 4 KB or twice, odd cookies, nor tokens_revoked and app_uninstalled of odd shapes or for
  unknown workspaces with installations stored (`oauth20`).
- Interactions replayed or stale (`replay20`): Helpful, Not helpful, Watch, Share, the lesson form,
  Approve, Reject, Edit, "I can help" and a Teams feedback click, each 5 times at once; a click on an
  answer Slack no longer has; Approve of lessons that are not there; a view_submission whose
  private_metadata is damaged; a Share value damaged.
- Not here: SIGKILL and SIGTERM (`kill18`, `term16`), slow clients (`slow18`), failing Web API calls
  (`recover18`, `forever18`, `webapi16`): the brief's other cells, covered in sweeps 16 and 18.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep20.py --hang 90 [--only CLASS ...]

A case passes as in sweep 18: a 2xx, or a 4xx with no traceback in the log; each accepted question
answered exactly once (where the request still asks it), each accepted lesson kept once, each click
stored once; the server still serving afterwards (a mention answered once, at each class's teardown);
a clean exit (status 0) on SIGTERM.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import time
import urllib.parse
import uuid
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
import sys  # noqa: E402

sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Homes  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import _judged_server  # noqa: E402
from hostile_sweep7_shapes import QUESTION  # noqa: E402
from hostile_sweep8 import LESSON  # noqa: E402
from hostile_sweep16 import _answered_in_thread, _mention_answered, _teardown  # noqa: E402
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
from sweep_servers import Server  # noqa: E402
from teams_doubles import card_action, feedback, installation, members, message, message_action, task_invoke  # noqa: E402

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MB = 1_000_000
DEEP = "[" * 10_000 + "]" * 10_000  # JSON nested 10,000 deep


# -- sending ---------------------------------------------------------------------------------------------------

def raw_request(port: int, head: bytes, body: bytes = b"", wait: float = 10.0, close_after: bool = False) -> int:
    """Send bytes as they are; the status the server answers (-1 closed with no answer, -2 none within `wait`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(head + body)
        if close_after:
            s.shutdown(socket.SHUT_WR)
        got = b""
        try:
            while b"\r\n" not in got:
                chunk = s.recv(4096)
                if not chunk:
                    return -1
                got += chunk
        except TimeoutError:
            return -2
        except ConnectionResetError:
            return -1
    parts = got.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1


def signature(body: bytes, ts: str | None = None) -> dict[str, str]:
    ts = ts or str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def head(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()  # UTF-8: a header Slack would never send


def signed_post(server: Server, body: bytes, content_type: str | None, **more: str) -> int:
    headers = {**signature(body), **({"Content-Type": content_type} if content_type else {}),
               "Content-Length": str(len(body)), **more}
    return raw_request(server.port, head("/slack/events", headers), body, wait=hostile_sweep.LIMITS["hang"])


def teams_post(server: Server, body: bytes, content_type: str | None = JSON, **more: str) -> int:
    headers = {**({"Content-Type": content_type} if content_type else {}), "Content-Length": str(len(body)), **more}
    return raw_request(server.port, head("/api/messages", headers), body, wait=hostile_sweep.LIMITS["hang"])


# -- slack20: every Slack payload type, wrong at each level ------------------------------------------------------

def _interaction(payload: dict) -> tuple[bytes, str]:
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), FORM


def _slack_bases() -> dict[str, Callable[[SlackDouble], tuple[dict, str, str]]]:
    """name -> (payload, how it is sent: "json", "form" or "interaction", the dotted path of the text peerbot reads)."""
    now = int(time.time())
    tag = lambda: f"{QUESTION} {uuid.uuid4().hex[:6]}"  # noqa: E731
    event = lambda e: event_callback({"event_ts": f"{now}.000100", **e})  # noqa: E731
    return {
        "mention": lambda d: (app_mention(tag()), "json", "event.text"),
        "dm": lambda d: (direct_message(tag()), "json", "event.text"),
        "url-verification": lambda d: ({"token": "x", "challenge": "c" * 40, "type": "url_verification"}, "json", "challenge"),
        "home-opened": lambda d: (event({"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N",
                                         "tab": "home"}), "json", "event.tab"),
        "app-uninstalled": lambda d: (event({"type": "app_uninstalled"}), "json", "event.type"),
        "tokens-revoked": lambda d: (event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": ["B1"]}}),
                                     "json", "event.tokens"),
        "peer": lambda d: (slash_command("/peer", tag(), d.response_url()), "form", "text"),
        "enabler": lambda d: (slash_command("/enabler", "trust", d.response_url()), "form", "text"),
        "lesson": lambda d: (slash_command("/lesson", "Boards", d.response_url()), "form", "text"),
        "helpful": lambda d: (block_actions("feedback_helpful", "q-1", d.response_url()), "interaction", "actions"),
        "share": lambda d: (block_actions("share_answer", "q-1|x", d.response_url()), "interaction", "actions"),
        "approve": lambda d: (block_actions("lesson_approve", "1", d.response_url(), channel="C0REVIEW1"),
                              "interaction", "actions"),
        "ask-shortcut": lambda d: (message_shortcut(tag(), d.response_url()), "interaction", "message.text"),
        "save-lesson-shortcut": lambda d: (message_shortcut("We met monthly.", d.response_url(), callback_id="save_lesson"),
                                           "interaction", "message.text"),
        "lesson-form": lambda d: (view_submission({"callback_id": "lesson_submit", "private_metadata": "{}"}, LESSON),
                                  "interaction", "view.private_metadata"),
        "global-shortcut": lambda d: ({"type": "shortcut", "callback_id": "ask_peerbot", "trigger_id": "1.2.x",
                                       "user": {"id": "U061F7AUR"}, "team": {"id": "T9TK3CUKW"}}, "interaction", "callback_id"),
        "options": lambda d: ({"type": "block_suggestion", "action_id": "value", "block_id": "enablers", "value": "tru",
                               "user": {"id": "U061F7AUR"}, "team": {"id": "T9TK3CUKW"}}, "interaction", "value"),
        "view-closed": lambda d: ({"type": "view_closed", "user": {"id": "U061F7AUR"}, "team": {"id": "T9TK3CUKW"},
                                   "view": {"id": "V1", "type": "modal", "callback_id": "lesson_submit"}}, "interaction",
                                  "view.callback_id"),
    }


def _set(payload: dict, dotted: str, value) -> dict:
    copy = json.loads(json.dumps(payload))
    node = copy
    keys = dotted.split(".")
    for key in keys[:-1]:
        node = node.setdefault(key, {}) if isinstance(node.get(key), dict) or key not in node else node[key]
        if not isinstance(node, dict):
            return copy
    node[keys[-1]] = value
    return copy


def _get(payload: dict, dotted: str):
    node: object = payload
    for key in dotted.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _extra(payload: dict) -> dict:
    """Unknown keys at every level of objects (lists' objects included)."""
    def walk(node):
        if isinstance(node, dict):
            return {**{k: walk(v) for k, v in node.items()}, "x_unknown": {"a": [1, None, "b"]}, "x_n": 1e308}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node
    return walk(payload)


def _nulls(payload: dict) -> dict:
    return {k: None for k in payload}


def _shapes() -> dict[str, Callable[[dict, str], tuple[bytes | None, str | None] | dict]]:
    """name -> the payload changed (a dict, sent as the base is sent) or (body, content type) as it is."""
    return {
        "unknown-keys-everywhere": lambda p, path: _extra(p),
        "1mb-in-the-read-field": lambda p, path: _set(p, path, "trust " * (MB // 6)),
        "10000-deep-in-the-read-field": lambda p, path: ("deep", path),
        "every-value-null": lambda p, path: _nulls(p),
        "duplicate-keys-last-wrong": lambda p, path: ("dup", "last-wrong"),
        "duplicate-keys-last-right": lambda p, path: ("dup", "last-right"),
        "json-string-of-the-payload": lambda p, path: ("string", ""),
    }


def _encode(payload: dict, how: str) -> tuple[bytes, str]:
    if how == "json":
        return json.dumps(payload).encode(), JSON
    if how == "form":
        return urllib.parse.urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()
                                       if v is not None}).encode(), FORM
    return _interaction(payload)


def _json_text(payload: dict, how: str, special: tuple) -> tuple[bytes, str]:
    """A body made as text: duplicate keys, 10,000 deep in a field, a JSON string of the payload."""
    kind, arg = special
    first_key = "type" if "type" in payload else next(iter(payload))
    text = json.dumps(payload)
    if kind == "dup":
        wrong = json.dumps({first_key: [1, 2]})[1:-1]
        right = json.dumps({first_key: payload[first_key]})[1:-1]
        text = "{" + (f"{right}, {text[1:-1]}, {wrong}" if arg == "last-wrong" else f"{wrong}, {text[1:-1]}, {right}") + "}"
    elif kind == "deep":
        marker = "__DEEP__"
        text = json.dumps(_set(payload, arg, marker)).replace(json.dumps(marker), DEEP)
    else:
        text = json.dumps(text)
    if how == "json":
        return text.encode(), JSON
    if how == "form":  # a command's form: the text field holds it (no JSON in a command)
        return urllib.parse.urlencode({**{k: v for k, v in payload.items() if isinstance(v, str)}, "text": text}).encode(), FORM
    return urllib.parse.urlencode({"payload": text}).encode(), FORM


def slack20_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "slack20", name, run_it, servers.start_both)

    def sent(base: Callable, shape: Callable, keeps_meaning: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            payload, how, path = base(double)
            changed = shape(payload, path)
            body, content_type = _json_text(payload, how, changed) if isinstance(changed, tuple) else _encode(changed, how)
            status = signed_post(server, body, content_type)
            problems = status_problems(status)
            ts = payload.get("event", {}).get("ts") if isinstance(payload.get("event"), dict) else None
            if ts and status == 200 and payload["event"]["type"] == "app_mention":
                problems += _answered_in_thread(double, ts, least=1 if keeps_meaning else 0, most=1, wait=30 if keeps_meaning else 5)
            return problems
        return run_it

    keeping = {"unknown-keys-everywhere", "duplicate-keys-last-right", "1mb-in-the-read-field"}
    for base_name, base in _slack_bases().items():
        for shape_name, shape in _shapes().items():
            yield case(f"{base_name}:{shape_name}", sent(base, shape, shape_name in keeping))

    def form_payload(value: Callable[[SlackDouble], str | list[tuple[str, str]]]):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            made = value(double)
            fields = made if isinstance(made, list) else [("payload", made)]
            return status_problems(signed_post(server, urllib.parse.urlencode(fields).encode(), FORM))
        return run_it

    click = lambda d: json.dumps(block_actions("feedback_helpful", "q-1", d.response_url()))  # noqa: E731
    payloads = {
        "not-json": lambda d: "{type: block_actions",
        "a-list": lambda d: json.dumps([json.loads(click(d))]),
        "a-number": lambda d: "42", "null": lambda d: "null", "empty": lambda d: "",
        "an-event-callback": lambda d: json.dumps(app_mention(QUESTION)),
        "a-command's-form": lambda d: urllib.parse.urlencode(slash_command("/peer", QUESTION, d.response_url())),
        "twice-second-not-json": lambda d: [("payload", click(d)), ("payload", "{")],
        "twice-first-not-json": lambda d: [("payload", "{"), ("payload", click(d))],
        "type-unknown": lambda d: json.dumps({**json.loads(click(d)), "type": "surprise_action"}),
    }
    for name, value in payloads.items():
        yield case(f"form-payload:{name}", form_payload(value))
    def edge(make_ts: Callable[[], str], accepted: bool | None, signer: Callable[[bytes, str], str] | None = None):
        """A mention signed at a timestamp at the window's edge or written oddly; `accepted` None: 200 or 401."""
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
            raw, ts = json.dumps(body).encode(), make_ts()
            headers = signature(raw, ts)
            if signer:
                headers["X-Slack-Signature"] = signer(raw, ts)
            status = raw_request(server.port, head("/slack/events", {**headers, "Content-Type": JSON,
                                                                     "Content-Length": str(len(raw))}), raw)
            problems = status_problems(status)
            if status not in (200, 401) or (accepted is True and status != 200) or (accepted is False and status != 401):
                problems.append(f"HTTP {status} (expected {'200' if accepted else '401' if accepted is False else '200 or 401'})")
            if status == 200:
                problems += _answered_in_thread(double, body["event"]["ts"], wait=30)
            return problems
        return run_it

    now = lambda shift=0: str(int(time.time()) + shift)  # noqa: E731
    hexed = lambda raw, ts: signature(raw, ts)["X-Slack-Signature"]  # noqa: E731
    edges = {
        "ts-299s-old": (lambda: now(-299), True, None), "ts-299s-ahead": (lambda: now(299), True, None),
        "ts-300s-old": (lambda: now(-300), None, None), "ts-300s-ahead": (lambda: now(300), None, None),
        "ts-leading-zeros": (lambda: "000" + now(), False, None), "ts-plus-sign": (lambda: "+" + now(), False, None),
        "ts-fraction": (lambda: now() + ".5", False, None), "ts-negative": (lambda: "-" + now(), False, None),
        "ts-zero": (lambda: "0", False, None), "ts-13-digits": (lambda: "9" * 13, False, None),
        "ts-arabic-indic-digits": (lambda: now().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), False, None),
        "signature-uppercase-hex": (now, False, lambda raw, ts: "v0=" + hexed(raw, ts)[3:].upper()),
        "signature-two-comma-separated": (now, False, lambda raw, ts: hexed(raw, ts) + ",v0=" + "0" * 64),
        "signature-v1": (now, False, lambda raw, ts: "v1=" + hexed(raw, ts)[3:]),
        "signature-padded": (now, None, lambda raw, ts: " " + hexed(raw, ts) + " "),
    }
    for name, (make_ts, accepted, signer) in edges.items():
        yield case(f"signature:{name}", edge(make_ts, accepted, signer))
    yield _teardown("slack20", state, homes, _mention_answered)


# -- wire20: encodings, lengths and chunks --------------------------------------------------------------------

def _wire_cases() -> dict[str, Callable[[bytes, dict], tuple[bytes, bytes, bool]]]:
    """name -> (head, body, close after sending) for a valid `body` with its own headers `own`."""
    def h(path_headers: dict, body: bytes, **more) -> bytes:
        return head(path_headers.pop("__path"), {**path_headers, **more})

    def cl(own: dict, body: bytes, length: int | None = None, **more) -> bytes:
        return h(dict(own), body, **{"Content-Length": str(len(body) if length is None else length), **more})

    def chunked(own: dict, chunks: bytes, **more) -> bytes:
        return h(dict(own), b"", **{"Transfer-Encoding": "chunked", **more})

    garbage = os.urandom(200)
    return {
        "gzip-of-garbage": lambda b, o: (cl(o, garbage, **{"Content-Encoding": "gzip"}), garbage, False),
        "gzip-of-the-body": lambda b, o: (cl(o, gzip.compress(b), **{"Content-Encoding": "gzip"}), gzip.compress(b), False),
        "gzip-cut": lambda b, o: (cl(o, gzip.compress(b)[:30], **{"Content-Encoding": "gzip"}), gzip.compress(b)[:30], False),
        "gzip-bomb-10mb": lambda b, o: (cl(o, gzip.compress(b"{" * 10 * MB), **{"Content-Encoding": "gzip"}),
                                        gzip.compress(b"{" * 10 * MB), False),
        "deflate-of-the-body": lambda b, o: (cl(o, zlib.compress(b), **{"Content-Encoding": "deflate"}), zlib.compress(b), False),
        "br-of-garbage": lambda b, o: (cl(o, garbage, **{"Content-Encoding": "br"}), garbage, False),
        "unknown-encoding": lambda b, o: (cl(o, b, **{"Content-Encoding": "x-peerbot"}), b, False),
        "length-too-long-then-closed": lambda b, o: (cl(o, b, len(b) + 500), b, True),
        "length-too-short": lambda b, o: (cl(o, b, max(1, len(b) // 2)), b, False),
        "length-negative": lambda b, o: (cl(o, b, -5), b, False),
        "length-not-a-number": lambda b, o: (h(dict(o), b, **{"Content-Length": "ten"}), b, False),
        "chunk-size-not-hex": lambda b, o: (chunked(o, b), b"zz\r\n" + b + b"\r\n0\r\n\r\n", False),
        "chunk-size-huge": lambda b, o: (chunked(o, b), b"ffffffffffffffff\r\n" + b + b"\r\n0\r\n\r\n", False),
        "chunk-size-too-small": lambda b, o: (chunked(o, b), b"5\r\n" + b + b"\r\n0\r\n\r\n", False),
        "chunk-no-last-chunk-then-closed": lambda b, o: (chunked(o, b), f"{len(b):x}\r\n".encode() + b + b"\r\n", True),
        "chunked-and-length": lambda b, o: (cl(o, b, 3, **{"Transfer-Encoding": "chunked"}),
                                            f"{len(b):x}\r\n".encode() + b + b"\r\n0\r\n\r\n", False),
        "chunked-valid": lambda b, o: (chunked(o, b), f"{len(b):x}\r\n".encode() + b + b"\r\n0\r\n\r\n", False),
        "no-content-type": lambda b, o: (cl({k: v for k, v in o.items() if k != "Content-Type"}, b), b, False),
        "charset-utf-16": lambda b, o: (cl({**o, "Content-Type": o.get("Content-Type", JSON) + "; charset=utf-16"}, b), b, False),
    }


def wire20_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "wire20", name, run_it, servers.start_both)

    def sent(route: str, make: Callable):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            if route == "slack":
                body = json.dumps(app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")).encode()
                own = {"__path": "/slack/events", "Content-Type": JSON, **signature(body)}
            else:
                body = json.dumps(message(state["connector"].url, QUESTION, conversation=f"a:w20-{uuid.uuid4().hex[:8]}")).encode()
                own = {"__path": "/api/messages", "Content-Type": JSON}
            request_head, request_body, close = make(body, own)
            status = raw_request(server.port, request_head, request_body, wait=15, close_after=close)
            if status == -2:
                return []  # the server waits for a body that never comes: it holds one connection, as for a slow client
            return status_problems(status) if status != -1 else []
        return run_it

    for route in ("slack", "teams"):
        for name, make in _wire_cases().items():
            yield case(f"{route}:{name}", sent(route, make))
    yield _teardown("wire20", state, homes, _mention_answered)


# -- http20: health, readiness and the routes, asked oddly -----------------------------------------------------------

def http20_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "http20", name, run_it, servers.start_both)

    def asked(request: Callable[[SlackDouble], bytes], allowed: tuple[int, ...] = ()):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            status = raw_request(server.port, request(double), wait=15)
            if status == -1:
                return []  # the server closed a request it could not read: nothing to answer
            problems = status_problems(status)
            return problems + ([] if not allowed or status in allowed else [f"HTTP {status} (expected {allowed})"])
        return run_it

    line = lambda method, path, *extra, body=b"": (  # noqa: E731
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "".join(f"{h}\r\n" for h in extra) + f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    for route in ("/healthz", "/readyz"):
        for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH"):
            yield case(f"{route[1:]}:{method}", asked(lambda d, r=route, m=method: line(m, r), (405,)))
        yield case(f"{route[1:]}:HEAD", asked(lambda d, r=route: line("HEAD", r), (200,)))
        yield case(f"{route[1:]}:GET-with-1mb-body", asked(lambda d, r=route: line("GET", r, body=b"x" * MB), (200, 400, 413)))
        yield case(f"{route[1:]}:query-10kb", asked(lambda d, r=route: line("GET", r + "?" + "a=b&" * 2_500), (200, 400, 414)))
        yield case(f"{route[1:]}:http-1.0", asked(lambda d, r=route: f"GET {r} HTTP/1.0\r\n\r\n".encode(), (200,)))
        yield case(f"{route[1:]}:absolute-uri", asked(lambda d, r=route: line("GET", f"http://127.0.0.1{r}"), (200, 400, 404)))
    for route in ("/slack/events", "/api/messages"):
        yield case(f"{route}:expect-100-continue", asked(lambda d, r=route: line(
            "POST", r, "Expect: 100-continue", "Content-Type: application/json", body=b"{}")))
        yield case(f"{route}:expect-unknown", asked(lambda d, r=route: line(
            "POST", r, "Expect: 42-nonsense", "Content-Type: application/json", body=b"{}")))
        yield case(f"{route}:GET", asked(lambda d, r=route: line("GET", r), (405,)))
        yield case(f"{route}:header-16kb", asked(lambda d, r=route: line(
            "POST", r, "X-Long: " + "x" * 16_000, "Content-Type: application/json", body=b"{}"), (400, 401, 431)))
        yield case(f"{route}:100-headers-twice-each", asked(lambda d, r=route: line(
            "POST", r, *[f"X-H{i}: v" for i in range(100)] * 2, "Content-Type: application/json", body=b"{}")))
        yield case(f"{route}:content-type-twice", asked(lambda d, r=route: line(
            "POST", r, "Content-Type: application/json", f"Content-Type: {FORM}", body=b"{}")))
    for path in ("/%00", "/slack/events%00", "/api/messages/../healthz", "/" + "a" * 9_000, "/slack//events"):
        yield case(f"path:{path[:20]}", asked(lambda d, p=path: line("POST", p, body=b"{}")))
    yield _teardown("http20", state, homes, _mention_answered)


# -- oauth20: installing into many workspaces: the redirect's query and cookie, the uninstall events ---------------------

def oauth20_cases(homes: Homes) -> Iterator[Case]:
    from hostile_sweep5 import _begin_install, _get, _installs, _oauth_start

    state: dict = {}

    def case(name: str, run_it) -> Case:
        def checked(server: Server, double: SlackDouble) -> list[str]:
            problems = run_it(server, double)
            double.clear()
            return problems + _installs(server, double)
        return _judged_server(state, homes, "oauth20", name, checked, _oauth_start)

    def redirect(query: Callable[[str, str], str], cookie: Callable[[str], str] = lambda c: c):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            jar, oauth_state = _begin_install(server.port)
            code = double.grant(f"T0Q{uuid.uuid4().hex[:6].upper()}", f"xoxb-q-{uuid.uuid4().hex[:8]}")
            status, _, _ = _get(server.port, "/slack/oauth_redirect?" + query(code, oauth_state), cookie(jar))
            return status_problems(status)
        return run_it

    q = urllib.parse.quote
    queries = {
        "code-with-a-nul": lambda c, st: f"code={c}%00&state={st}",
        "code-not-ascii": lambda c, st: f"code={q('cödé')}&state={st}",
        "code-4kb": lambda c, st: f"code={'c' * 4_000}&state={st}",
        "state-twice-garbage-first": lambda c, st: f"code={c}&state=x&state={st}",
        "state-twice-garbage-last": lambda c, st: f"code={c}&state={st}&state=x",
        "state-4kb": lambda c, st: f"code={c}&state={'s' * 4_000}",
        "state-with-a-nul": lambda c, st: f"code={c}&state={st}%00",
        "error-with-markup-and-a-code": lambda c, st: f"code={c}&state={st}&error={q('<script>x</script>')}",
        "bad-percent-escapes": lambda c, st: "code=%zz&state=%",
        "query-of-100-keys": lambda c, st: "&".join(f"k{i}=v" for i in range(100)) + f"&code={c}&state={st}",
    }
    for name, query in queries.items():
        yield case(f"redirect:{name}", redirect(query))
    cookies = {"another-state's": lambda c: c.split("=", 1)[0] + "=" + "0" * 40, "4kb-garbage": lambda c: "x=" + "y" * 4_000,
               "50-cookies": lambda c: "; ".join(f"c{i}=v" for i in range(50)) + "; " + c, "not-ascii": lambda c: c + "; z=é"}
    for name, cookie in cookies.items():
        yield case(f"redirect-cookie:{name}", redirect(lambda c, st: f"code={c}&state={st}", cookie))

    def event(body: dict):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            return status_problems(signed_post(server, json.dumps(body).encode(), JSON))
        return run_it

    revoked = lambda tokens, team="T0NOBODY1": {**event_callback({"type": "tokens_revoked", "tokens": tokens}),  # noqa: E731
                                                "team_id": team}
    events = {
        "tokens-revoked-unknown-team": revoked({"oauth": ["U1"], "bot": ["B1"]}),
        "tokens-revoked-ids-objects": revoked({"oauth": [{"id": "U1"}], "bot": []}),
        "tokens-revoked-lists-null": revoked({"oauth": None, "bot": None}),
        "tokens-revoked-tokens-a-list": revoked(["U1"]),
        "tokens-revoked-10000-ids": revoked({"oauth": [f"U{i}" for i in range(10_000)], "bot": ["B1"]}),
        "app-uninstalled-unknown-team": {**event_callback({"type": "app_uninstalled"}), "team_id": "T0NOBODY2"},
        "app-uninstalled-no-team": {k: v for k, v in event_callback({"type": "app_uninstalled"}).items() if k != "team_id"},
        "app-uninstalled-enterprise-only": {**event_callback({"type": "app_uninstalled"}), "team_id": None,
                                            "enterprise_id": "E0NOBODY", "is_enterprise_install": True},
    }
    for name, body in events.items():
        yield case(f"event:{name}", event(body))
    yield Case("oauth20", "teardown", lambda: servers.stop(state, homes))


# -- teams20: every activity type, wrong at each level ---------------------------------------------------------

def _teams_bases(url: str) -> dict[str, Callable[[], dict]]:
    chat = lambda: f"a:t20-{uuid.uuid4().hex[:8]}"  # noqa: E731
    reaction = {**message(url, QUESTION), "type": "messageReaction", "reactionsAdded": [{"type": "like"}],
                "replyToId": "1700000000000"}
    return {
        "message": lambda: message(url, QUESTION, conversation=chat()),
        "conversation-update": lambda: members(url, added=True, conversation=chat()),
        "installation-update": lambda: installation(url, "add"),
        "feedback-invoke": lambda: feedback(url, "q-1", True),
        "watch-invoke": lambda: card_action(url, "peerbot.watch", {"question_id": "q-1"}),
        "task-fetch": lambda: task_invoke(url, "task/fetch", {"verb": "peerbot.lesson"}),
        "compose-fetch-task": lambda: message_action(url, "composeExtension/fetchTask", "<p>We met monthly.</p>"),
        "message-reaction": lambda: dict(reaction),
        "lesson-submit": lambda: card_action(url, "peerbot.lesson", {"q": "q-1", **LESSON}),
        "lesson-review": lambda: card_action(url, "peerbot.lesson_review", {"id": 1, "decision": "approve"}),
        "task-submit": lambda: task_invoke(url, "task/submit", {"verb": "peerbot.lesson", **LESSON}),
        "compose-submit-action": lambda: message_action(url, "composeExtension/submitAction", "<p>We met.</p>",
                                                        data=dict(LESSON)),
    }


# where each invoke carries its data (an Adaptive Card's action, a dialog's value): changed a level down too
_TEAMS_INNER = {"feedback-invoke": "value.action.data", "watch-invoke": "value.action.data",
                "lesson-submit": "value.action.data", "lesson-review": "value.action.data", "task-fetch": "value.data",
                "task-submit": "value.data", "compose-fetch-task": "value.messagePayload",
                "compose-submit-action": "value.data"}


_TEAMS_READ = {"message": "text", "conversation-update": "membersAdded", "installation-update": "action",
               "feedback-invoke": "value", "watch-invoke": "value", "task-fetch": "value",
               "compose-fetch-task": "value", "message-reaction": "reactionsAdded", "lesson-submit": "value",
               "lesson-review": "value", "task-submit": "value", "compose-submit-action": "value"}


def teams20_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "teams20", name, run_it, servers.start_both)

    wrong = {
        "from-a-list": lambda a, f: {**a, "from": [a["from"]]},
        "conversation-a-string": lambda a, f: {**a, "conversation": a["conversation"]["id"]},
        "read-field-a-number": lambda a, f: {**a, f: 42},
        "read-field-null": lambda a, f: {**a, f: None},
        "read-field-missing": lambda a, f: {k: v for k, v in a.items() if k != f},
        "read-field-1mb": lambda a, f: {**a, f: "trust " * (MB // 6)},
        "unknown-keys-everywhere": lambda a, f: _extra(a),
        "type-a-list": lambda a, f: {**a, "type": [a["type"]]},
    }
    texts = {
        "10000-deep-in-the-read-field": lambda a, f: json.dumps({**a, f: "__DEEP__"}).replace('"__DEEP__"', DEEP),
        "duplicate-keys-last-wrong": lambda a, f: json.dumps(a)[:-1] + ', "type": 7}',
        "json-string-of-the-activity": lambda a, f: json.dumps(json.dumps(a)),
    }

    def sent(base: str, change: Callable, as_text: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            activity = _teams_bases(state["connector"].url)[base]()
            made = change(activity, _TEAMS_READ[base])
            body = (made if as_text else json.dumps(made)).encode()
            status = teams_post(server, body)
            problems = status_problems(status)
            if base == "message" and change is wrong["unknown-keys-everywhere"] and status in (200, 202):
                chat = activity["conversation"]["id"]
                posts = _wait(lambda: [p for p in state["connector"].posts if p.conversation_id == chat], 30)
                time.sleep(1)
                count = len([p for p in state["connector"].posts if p.conversation_id == chat])
                problems += [] if count == 1 else [f"answered {count} times (expected once)"] if posts or count else \
                    ["never answered"]
            return problems
        return run_it

    inner = {
        "inner-a-list": lambda a, path: _set(a, path, [1, "two"]),
        "inner-a-string-of-its-json": lambda a, path: _set(a, path, json.dumps(_get(a, path))),
        "inner-null": lambda a, path: _set(a, path, None),
        "inner-unknown-keys": lambda a, path: _set(a, path, _extra(_get(a, path) or {})),
    }
    for base in _TEAMS_READ:
        for name, change in wrong.items():
            yield case(f"{base}:{name}", sent(base, change, False))
        for name, change in texts.items():
            yield case(f"{base}:{name}", sent(base, change, True))
        if base in _TEAMS_INNER:
            for name, change in inner.items():
                yield case(f"{base}:{name}", sent(base, lambda a, f, c=change, b=base: c(a, _TEAMS_INNER[b]), False))

    def answered_teams(server: Server, double: SlackDouble) -> list[str]:
        chat = f"a:t20-after-{uuid.uuid4().hex[:6]}"
        status = teams_post(server, json.dumps(message(state["connector"].url, QUESTION, conversation=chat)).encode())
        _wait(lambda: [p for p in state["connector"].posts if p.conversation_id == chat], 60)
        time.sleep(1)
        count = len([p for p in state["connector"].posts if p.conversation_id == chat])
        return status_problems(status) + ([] if count == 1 else [f"a Teams message answered {count} times"]) \
            + _mention_answered(server, double)
    yield _teardown("teams20", state, homes, answered_teams)


# -- replay20: clicks and forms five times at once, stale and damaged ----------------------------------------------

def _db(state: dict, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(state["home"] / "data" / "peerbot.db") as db:
        return db.execute(sql, args).fetchall()


def _answer(server: Server, double: SlackDouble) -> tuple[dict | None, str]:
    """A mention answered: (its post, the question id its buttons carry)."""
    body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
    SlackSender(f"{server.url}/slack/events").event(body)
    posts = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok], 60)
    if not posts:
        return None, ""
    question = next((e.get("value", "") for b in posts[0].blocks if b.get("type") == "actions"
                     for e in b.get("elements", []) if e.get("action_id") == "feedback_helpful"), "")
    return posts[0], question


def _five(send: Callable[[], int]) -> list[int]:
    with ThreadPoolExecutor(5) as pool:
        return list(pool.map(lambda _: send(), range(5)))


def _lesson_submitted(server: Server, double: SlackDouble, title: str) -> tuple[dict, list[str]]:
    SlackSender(f"{server.url}/slack/events").command(slash_command("/lesson", "Boards", double.response_url()))
    double.wait_for("views.open", timeout=30)
    form = double.views[-1]
    status = SlackSender(f"{server.url}/slack/events").interaction(view_submission(form, {**LESSON, "title": title})).status
    return form, status_problems(status)


def replay20_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "replay20", name, run_it, servers.start_both)

    def feedback_five(action: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            post, question = _answer(server, double)
            if not question:
                return ["no answer with buttons to click"]
            payload = block_actions(action, question, double.response_url(), channel=post["channel"],
                                    message={"ts": post.response["ts"], "text": "x", "blocks": post.blocks})
            statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
            time.sleep(2)
            stored = _db(state, "SELECT count(*) FROM feedback WHERE question_id = ?", question)[0][0]
            problems = [p for s in statuses for p in status_problems(s)]
            return problems + ([] if stored == 1 else [f"the click stored {stored} times (expected once)"])
        return run_it

    for action in ("feedback_helpful", "feedback_not_helpful"):
        yield case(f"{action}-five-at-once", feedback_five(action))

    def share_five(server: Server, double: SlackDouble) -> list[str]:
        body = slash_command("/peer", f"{QUESTION} zs{uuid.uuid4().hex[:6]}", double.response_url())
        SlackSender(f"{server.url}/slack/events").command(body)
        shown = _wait(lambda: [c for c in double.calls_to("chat.postEphemeral") if c.ok], 60)
        value = next((e.get("value", "") for c in shown for b in c.blocks if b.get("type") == "actions"
                      for e in b.get("elements", []) if e.get("action_id") == "share_answer"), "")
        if not value:
            return ["no /peer answer with a Share button"]
        payload = block_actions("share_answer", value, double.response_url(), channel=body["channel_id"], ephemeral=True)
        statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        time.sleep(4)
        posted = [c for c in double.calls_to("chat.postMessage", channel=body["channel_id"]) if c.ok]
        problems = [p for s in statuses for p in status_problems(s)]
        return problems + ([] if 1 <= len(posted) <= 5 else [f"shared {len(posted)} times"])
    yield case("share-five-at-once", share_five)

    def watch_five(server: Server, double: SlackDouble) -> list[str]:
        payload = block_actions("watch_question", "q-unknown", double.response_url())
        statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        time.sleep(2)
        return [p for s in statuses for p in status_problems(s)]
    yield case("watch-five-at-once", watch_five)

    def form_five(server: Server, double: SlackDouble) -> list[str]:
        title = f"Boards z20{uuid.uuid4().hex[:6]}"
        SlackSender(f"{server.url}/slack/events").command(slash_command("/lesson", "Boards", double.response_url()))
        double.wait_for("views.open", timeout=30)
        form = double.views[-1]
        payload = view_submission(form, {**LESSON, "title": title})
        statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        time.sleep(2)
        kept = _db(state, "SELECT count(*) FROM lessons WHERE title = ?", title)[0][0]
        problems = [p for s in statuses for p in status_problems(s)]
        return problems + ([] if kept == 1 else [f"the lesson kept {kept} times (expected once)"])
    yield case("lesson-form-five-at-once", form_five)

    def decide_five(action: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            title = f"Boards z20{uuid.uuid4().hex[:6]}"
            _, problems = _lesson_submitted(server, double, title)
            rows = _wait(lambda: _db(state, "SELECT id FROM lessons WHERE title = ?", title), 30)
            if not rows:
                return problems + ["the lesson was not kept"]
            payload = block_actions(action, str(rows[0][0]), double.response_url(), channel="C0REVIEW1", user="U061F7AUR")
            statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
            time.sleep(3)
            status = _db(state, "SELECT status FROM lessons WHERE title = ?", title)
            lesson_files = list((state["home"] / "knowledge").rglob("*.md"))
            written = sum(1 for f in lesson_files if title in f.read_text(encoding="utf-8", errors="replace"))
            problems += [p for s in statuses for p in status_problems(s)]
            if action == "lesson_approve" and written != 1:
                problems.append(f"the approved lesson written {written} times (status {status})")
            return problems
        return run_it

    for action in ("lesson_approve", "lesson_reject", "lesson_edit"):
        yield case(f"{action}-five-at-once", decide_five(action))

    def offer_five(server: Server, double: SlackDouble) -> list[str]:
        payload = block_actions("lesson_offer", "q-unknown", double.response_url())
        statuses = _five(lambda: SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        time.sleep(2)
        return [p for s in statuses for p in status_problems(s)]
    yield case("lesson_offer-five-at-once", offer_five)

    def stale_click(action: str, error: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            post, question = _answer(server, double)
            if not question:
                return ["no answer with buttons to click"]
            double.fail("chat.update", error, times=None)
            payload = block_actions(action, question, double.response_url(), channel=post["channel"],
                                    message={"ts": "1.000001", "text": "gone", "blocks": post.blocks})
            status = SlackSender(f"{server.url}/slack/events").interaction(payload).status
            time.sleep(2)
            double.heal("chat.update")
            return status_problems(status)
        return run_it

    yield case("helpful-on-a-deleted-answer", stale_click("feedback_helpful", "message_not_found"))
    yield case("not-helpful-on-a-deleted-channel", stale_click("feedback_not_helpful", "channel_not_found"))

    def approve_unknown(value: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            payload = block_actions("lesson_approve", value, double.response_url(), channel="C0REVIEW1")
            return status_problems(SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        return run_it

    def share_value(value: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            payload = block_actions("share_answer", value, double.response_url(), ephemeral=True)
            return status_problems(SlackSender(f"{server.url}/slack/events").interaction(payload).status)
        return run_it

    for name, value in {"10000-deep": DEEP, "a-list": "[1]", "q-a-number": '{"q": 1, "t": "x"}', "1mb": "x" * MB}.items():
        yield case(f"share-value-{name}", share_value(value))
    for value in ("999999", "0", "-1", "1e3", "", "x" * 300):
        yield case(f"approve-lesson-{value[:12] or 'empty'}", approve_unknown(value))

    metadata = {"not-json": "{channel:", "a-list": "[1,2]", "a-number": "7", "null": "null", "1mb": "x" * MB,
                "10000-deep": DEEP, "wrong-types": json.dumps({"channel": 5, "thread_ts": [], "lesson_id": "x"}),
                "another-lesson-id": json.dumps({"lesson_id": 999999}), "empty": ""}

    def damaged(value: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            SlackSender(f"{server.url}/slack/events").command(slash_command("/lesson", "Boards", double.response_url()))
            double.wait_for("views.open", timeout=30)
            form = double.views[-1]
            title = f"Boards z20{uuid.uuid4().hex[:6]}"
            payload = view_submission({**form, "private_metadata": value}, {**LESSON, "title": title})
            status = SlackSender(f"{server.url}/slack/events").interaction(payload).status
            time.sleep(1)
            kept = _db(state, "SELECT count(*) FROM lessons WHERE title = ?", title)[0][0]
            return status_problems(status) + ([] if kept <= 1 else [f"the lesson kept {kept} times"])
        return run_it

    for name, value in metadata.items():
        yield case(f"lesson-form-private-metadata-{name}", damaged(value))

    def teams_feedback_five(server: Server, double: SlackDouble) -> list[str]:
        chat = f"a:t20-fb-{uuid.uuid4().hex[:6]}"
        teams_post(server, json.dumps(message(state["connector"].url, QUESTION, conversation=chat)).encode())
        posts = _wait(lambda: [p for p in state["connector"].posts if p.conversation_id == chat], 60)
        question = ""
        for p in posts:
            found = [m for m in [json.dumps(p.activity)] if '"question_id"' in m]
            if found:
                question = json.loads(found[0].split('"question_id": ', 1)[1].split(",", 1)[0].split("}", 1)[0])
        if not question:
            return ["no Teams answer with a question id"]
        activity = feedback(state["connector"].url, question, True, activity_id=f"fb-{uuid.uuid4().hex[:6]}")
        statuses = _five(lambda: teams_post(server, json.dumps(activity).encode()))
        time.sleep(2)
        stored = _db(state, "SELECT count(*) FROM feedback WHERE question_id = ?", question)[0][0]
        return [p for s in statuses for p in status_problems(s)] + (
            [] if stored == 1 else [f"the Teams click stored {stored} times (expected once)"])
    yield case("teams-feedback-five-at-once", teams_feedback_five)
    yield _teardown("replay20", state, homes, _mention_answered)


# -- socket20: the same payloads over Socket Mode -----------------------------------------------------------------

def socket20_cases(homes: Homes) -> Iterator[Case]:
    from hostile_sweep7_shapes import _socket_start
    from hostile_sweep16 import _socket_answered
    from slack_double import socket_envelope

    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "socket20", name, run_it, _socket_start)

    kinds = {"json": "events_api", "form": "slash_commands", "interaction": "interactive"}
    changes: dict[str, Callable[[dict, str], str]] = {
        "every-value-null": lambda p, path: json.dumps(_nulls(p)),
        "unknown-keys-everywhere": lambda p, path: json.dumps(_extra(p)),
        "10000-deep-in-the-read-field": lambda p, path: json.dumps(_set(p, path, "__DEEP__")).replace('"__DEEP__"', DEEP),
        "duplicate-keys-last-wrong": lambda p, path: json.dumps(p)[:-1] + ', "type": [1]}',
    }

    def sent(base: Callable, change: Callable):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            payload, how, path = base(double)
            marker = "__PAYLOAD__"
            frame = json.dumps(socket_envelope(kinds[how], {"x": marker})).replace(json.dumps({"x": marker}),
                                                                                   change(payload, path))
            double.send_envelope(frame)
            time.sleep(1.5)
            return []
        return run_it

    for base_name, base in _slack_bases().items():
        for name, change in changes.items():
            yield case(f"{base_name}:{name}", sent(base, change))
    yield _teardown("socket20", state, homes, lambda server, double: _socket_answered(double))


# -- teamsjwt20: Teams tokens teamsjwt16 did not send, and valid tokens over wrong shapes ------------------------

def teamsjwt20_cases(homes: Homes) -> Iterator[Case]:
    from hostile_sweep6_net import TEAMS_APP, TEAMS_TENANT
    from hostile_sweep16 import SERVICE

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

    def token(audience=TEAMS_APP, kid: str | None = None, **claims) -> str:
        from identity_doubles import KEY_ID, bot_token

        return bot_token(state["key"], audience, service_url=SERVICE, kid=kid or KEY_ID, **claims)

    def headered(**header) -> str:
        """A token signed with the trusted key under a header of our own (a key id of any JSON kind, or none)."""
        import base64

        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        now = int(time.time())
        part = lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode().rstrip("=")  # noqa: E731
        claims = {"iss": "https://api.botframework.com", "aud": TEAMS_APP, "iat": now - 60, "nbf": now - 60,
                  "exp": now + 3600, "serviceurl": SERVICE}
        signing = f"{part({'alg': 'RS256', 'typ': 'JWT', **header})}.{part(claims)}"
        signed = state["key"].sign(signing.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing}.{base64.urlsafe_b64encode(signed).decode().rstrip('=')}"

    def ask(auth: str, body: bytes | None = None) -> int:
        from identity_doubles import expect_replies

        body = body or json.dumps(expect_replies(message(SERVICE, QUESTION, activity_id=f"j20-{uuid.uuid4().hex}"))).encode()
        return teams_post(state["server"], body, Authorization=f"Bearer {auth}")

    def case(name: str, auth: Callable[[], str], refused: tuple[int, ...] = (401,), body: Callable[[], bytes] | None = None
             ) -> Case:
        def run() -> list[str]:
            if not state:
                setup()
            server = state["server"]
            mark = len(server.lines)
            status = ask(auth(), body() if body else None)
            problems = [] if status in refused else [f"HTTP {status} (expected {' or '.join(map(str, refused))})"]
            good = ask(token())
            problems += [] if good == 200 else [f"a valid token afterwards: HTTP {good}"]
            problems += server.problems_since(mark, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
            return problems
        return Case("teamsjwt20", name, run)

    yield case("unknown-key-id", lambda: token(kid="not-a-published-key"))
    yield case("no-key-id", lambda: headered())
    yield case("key-id-a-number", lambda: headered(kid=7))
    yield case("key-id-10kb", lambda: headered(kid="k" * 10_000), refused=(400, 401))
    yield case("key-id-an-object", lambda: headered(kid={"kid": "x"}))
    yield case("key-id-null", lambda: headered(kid=None))
    yield case("audience-a-list-without-the-app", lambda: token(["00000000-0000-0000-0000-000000000000"]))
    yield case("audience-empty", lambda: token(""))
    yield case("not-yet-valid", lambda: token(nbf=int(time.time()) + 3600))
    yield case("expiry-as-text", lambda: token(exp="tomorrow"))
    yield case("issued-in-the-far-future", lambda: token(iat=int(time.time()) + 10**9), refused=(200, 401))
    yield case("serviceurl-claim-a-number", lambda: token(serviceurl=5))
    yield case("valid-token-body-a-list", lambda: token(), refused=(400,), body=lambda: b"[]")
    yield case("valid-token-body-a-json-string", lambda: token(), refused=(400,),
               body=lambda: json.dumps(json.dumps(message(SERVICE, QUESTION))).encode())
    yield case("valid-token-body-10000-deep", lambda: token(), refused=(400,), body=lambda: DEEP.encode())
    yield case("valid-token-activity-type-null", lambda: token(), refused=(200, 202, 400),
               body=lambda: json.dumps({**message(SERVICE, QUESTION), "type": None}).encode())
    yield case("valid-token-from-a-list", lambda: token(), refused=(200, 202, 400),
               body=lambda: json.dumps({**message(SERVICE, QUESTION), "from": [{"id": "x"}]}).encode())
    yield Case("teamsjwt20", "teardown", lambda: servers.stop(state, homes))


FAMILIES = {"slack20": slack20_cases, "wire20": wire20_cases, "http20": http20_cases, "oauth20": oauth20_cases, "teams20": teams20_cases, "replay20": replay20_cases,
            "socket20": socket20_cases, "teamsjwt20": teamsjwt20_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile20-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
