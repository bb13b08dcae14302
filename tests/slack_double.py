"""A local double of Slack for end-to-end tests and benchmarks, on 127.0.0.1 and a free port.

- `SlackDouble`: the Web API (`{url}api/METHOD`) recording every call: auth.test,
  chat.postMessage, chat.postEphemeral, chat.update, users.lookupByEmail, views.publish,
  conversations.info, apps.connections.open; `response_url`s
  views.open, views.update, conversations.open (a DM's id); `response_url`s
  (`{url}response/ID`); and a Socket Mode WebSocket (`ws://.../socket`) that sends envelopes and
  records their acks. Like Slack, each method needs its scopes, by default those
  slack/manifest.yaml asks for (`missing_scope` otherwise); conversations.info needs the scope of
  the conversation's kind (`channels:read` for a public channel, `groups:read` for a private one,
  `mpim:read`, `im:read`), and any method the double does not know is `unknown_method`. Channels are public unless `channels` says
  otherwise (`private_channel()`, `group_dm()`, `direct_message_channel()`); ids starting G or D
  are private channels and DMs.
  conversations.replies and conversations.history return what was posted, to an app that has
  the history scopes (peerbot's manifest has none, so peerbot gets `missing_scope`).
  Failure injection: `fail(method, error, channel=...)` (e.g. `channel_not_found` for one
  channel id), `rate_limit(method, times, retry_after)` (HTTP 429 with Retry-After), and
  `fault(method, kind, ...)` (a method, or "response_url"): an HTTP error status, a body that is not JSON, a response that
  comes too late, or a dropped connection, each either after the call took effect or before.
  `settle()` waits until what a killed client sent has been taken in (for counting after a crash).
- `SlackSender`: sends correctly signed requests to an app, as Slack does.
- Payload builders shaped like Slack's documented examples.

The double runs its own event loop in a background thread, so synchronous tests can use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import socket
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_USER_ID = "UPEERBOT01"
BOT_ID = "BPEERBOT01"
TEAM_ID = "T061EG9R6"
CLIENT_ID, CLIENT_SECRET = "1234567890.0987654321", "client-secret-of-the-double"
API_APP_ID = "A0MDYCDME"
CHANNEL_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update")
MANIFEST = Path(__file__).resolve().parent.parent / "slack" / "manifest.yaml"
# The bot scopes each method needs (Slack's method reference); conversation methods depend on the kind.
METHOD_SCOPES = {
    "chat.postMessage": "chat:write", "chat.postEphemeral": "chat:write", "chat.update": "chat:write",
    "users.lookupByEmail": "users:read.email", "conversations.open": "im:write",
}
HISTORY_SCOPES = {"public": "channels:history", "private": "groups:history", "mpim": "mpim:history", "im": "im:history"}
KIND_SCOPES = {"public": "channels:read", "private": "groups:read", "mpim": "mpim:read", "im": "im:read"}


def manifest_scopes() -> set[str]:
    return set(yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"])


def public_channel(channel_id: str, name: str = "general") -> dict:
    return {"id": channel_id, "name": name, "is_channel": True, "is_group": False, "is_im": False, "is_mpim": False,
            "is_private": False, "is_ext_shared": False, "is_pending_ext_shared": False, "is_org_shared": False}


def private_channel(channel_id: str, name: str = "leads-private") -> dict:
    return {**public_channel(channel_id, name), "is_group": False, "is_private": True}


def group_dm(channel_id: str) -> dict:
    return {**public_channel(channel_id, "mpdm-a--b--c-1"), "is_channel": False, "is_group": True, "is_mpim": True,
            "is_private": True}


def direct_message_channel(channel_id: str, user: str = "U061F7AUR") -> dict:
    return {"id": channel_id, "is_im": True, "user": user, "is_private": True, "is_channel": False}


def _kind(channel: dict) -> str:
    if channel.get("is_im"):
        return "im"
    if channel.get("is_mpim"):
        return "mpim"
    return "private" if channel.get("is_private") else "public"


def free_port() -> int:
    """A port of 127.0.0.1 free now, for a server (often another process) to bind a moment later.
    Drawn below the kernel's ephemeral range, from which bind(0) would hand one out: the machine's
    outgoing connections (other tests, pytest-xdist's other worker) take their ports from that range
    too, and one could take the port before the server binds it. Drawn at random (not seeded: each
    worker its own draws), never 3000 or 3978."""
    low = _EPHEMERAL_LOW
    draw = random.SystemRandom()
    for _ in range(200):
        port = draw.randrange(max(1024, low - 12000), low)
        if port in (3000, 3978):
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:  # taken (or in TIME_WAIT): another
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ephemeral_low() -> int:
    """The first port of the kernel's ephemeral range (Linux's default where it cannot be read)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


_EPHEMERAL_LOW = _ephemeral_low()


@dataclass
class Call:
    method: str  # a Web API method, or "response_url"
    params: dict  # query string, form fields and JSON body merged
    token: str
    at: float  # time.perf_counter() when the double received it
    status: int = 200
    path: str = ""
    response: dict = field(default_factory=dict)  # what the double answered
    answered_at: float | None = None  # time.perf_counter() when the double sent its answer (None: not yet, or never)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.response.get("ok", True) is not False

    def __getitem__(self, key):
        return self.params[key]

    def get(self, key, default=None):
        return self.params.get(key, default)

    @property
    def blocks(self) -> list[dict]:
        blocks = self.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    @property
    def blocks_text(self) -> str:
        """Every text in the blocks, joined (to look for what a user would read)."""
        return "\n".join(_texts(self.blocks))


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        out = [node["text"]] if isinstance(node.get("text"), str) else []
        for key, value in node.items():
            if key != "text" or not isinstance(value, str):
                out += _texts(value)
        return out
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


@dataclass
class _Failure:
    error: str
    channel: str | None
    times: int | None  # None: for ever


@dataclass
class _Fault:
    kind: str  # "http" (status and body), "invalid_json", "slow" (answers after `seconds`), "drop", "body",
    # "reset" (a TCP reset), "cut" (half the answer, then the connection closes), "trickle" (a byte each `seconds`)
    times: int | None
    took_effect: bool  # whether the call was carried out (a post is in the conversation) all the same
    status: int = 500
    seconds: float = 0.0
    body: bytes = b""  # "body": what the answer carries, as it is
    content_type: str = "application/json"
    channel: str | None = None  # only the calls for this channel (None: any)


@dataclass
class SlackDouble:
    bot_token: str = BOT_TOKEN
    app_token: str = APP_TOKEN
    users_by_email: dict[str, str] = field(default_factory=dict)  # email -> user id
    replies: dict[tuple[str, str], list[dict]] = field(default_factory=dict)  # (channel, thread_ts) -> messages
    channels: dict[str, dict] = field(default_factory=dict)  # channel id -> its conversations.info object
    scopes: set[str] = field(default_factory=manifest_scopes)  # the bot token's scopes
    team_id: str = TEAM_ID  # the workspace of the bot token
    team_name: str = "Peerbot Test"  # its name, as auth.test gives it (typed by the workspace's admin)
    installed: dict[str, str] = field(default_factory=dict)  # bot tokens of workspaces installed by OAuth -> team id
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # token rotation: refresh token -> team id
    expired: set[str] = field(default_factory=set)  # bot tokens past their expiry: answered token_expired

    def __post_init__(self):
        self.calls: list[Call] = []
        self.listeners: list[Callable[[Call], None]] = []  # callables told of each call as it is recorded (a benchmark's cheap wait)
        self.acks: dict[str, dict] = {}  # Socket Mode: envelope id -> the ack's payload
        self._failures: dict[str, list[_Failure]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._chaos: dict[str, object] = {}  # method -> a draw of a failure (or None) per call
        self.posted: list[dict] = []  # messages chat.postMessage put in a conversation
        self.views: list[dict] = []  # modals views.open and views.update showed
        self._rate_limits: dict[str, list] = {}  # method -> [times left, retry_after]
        self._channel_limits: dict[tuple[str, str], list] = {}  # (method, channel) -> [times left, retry_after]
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._envelopes: asyncio.Queue | None = None
        self._stopping = asyncio.Event()  # set when the double stops
        self._sockets: set[web.WebSocketResponse] = set()
        self.socket_connections = 0  # Socket Mode connections made so far (a reconnection adds one)
        self._transports: dict[web.WebSocketResponse, asyncio.BaseTransport] = {}
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="slack-double")
        self._runner: web.AppRunner | None = None
        self._grants: dict[str, tuple[str, str]] = {}  # OAuth code -> (team id, bot token)

    def grant(self, team_id: str, bot_token: str) -> str:
        """What Slack does when someone approves the install in `team_id`: a one-time code for
        oauth.v2.access, which will hand out `bot_token` (a token for that workspace)."""
        code = f"code-{uuid.uuid4().hex[:12]}"
        self._grants[code] = (team_id, bot_token)
        return code

    # -- life cycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_url(self) -> str:
        return f"{self.url}api/"

    def start(self) -> SlackDouble:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():  # its selector and wake-up pipe: a long test worker would run out
            self._loop.close()

    def __enter__(self) -> SlackDouble:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    async def _start(self) -> None:
        self._envelopes = asyncio.Queue()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _open_connections(self) -> int:
        """Connections open now, each counted until its requests have been handled."""
        return len(self._runner.server.connections) if self._runner and self._runner.server else 0

    async def _stop(self) -> None:
        self._stopping.set()  # answers held back by a "slow" fault go now: stopping need not wait them out
        for ws in list(self._sockets):
            await ws.close()
        await self._runner.cleanup()

    # -- set-up by tests -----------------------------------------------------------------------

    def fail(self, method: str, error: str, channel: str | None = None, times: int | None = None) -> None:
        """Answer `method` (for one channel, or any) with {"ok": false, "error": error}."""
        with self._cond:
            self._failures.setdefault(method, []).append(_Failure(error, channel, times))

    def fault(self, method: str, kind: str, *, times: int | None = 1, took_effect: bool = False, status: int = 500,
              seconds: float = 0.0, body: bytes = b"", content_type: str = "application/json",
              channel: str | None = None) -> None:
        """The next `times` calls of `method` fail at the HTTP level: "http" (status, an HTML body),
        "invalid_json" (200 with a body that is not JSON), "slow" (the answer comes after
        `seconds`), "drop" (the connection closes with no answer) or "body" (`status` with `body`
        as it is: JSON of the wrong shape, nothing, HTML), "reset" (a TCP reset, no answer), "cut"
        (half the answer, then the connection closes) or "trickle" (the answer a byte every
        `seconds`). `took_effect`: the call is carried out first (a post appears in the
        conversation), as when only the answer is lost. `channel`: only that channel's calls."""
        with self._cond:
            self._faults.setdefault(method, []).append(
                _Fault(kind, times, took_effect, status, seconds, body, content_type, channel))

    def heal(self, method: str) -> None:
        """`method` stops failing as `fault` made it (a fault set for ever ends now)."""
        with self._cond:
            self._faults.pop(method, None)

    def chaos(self, method: str, share: float, seed: int = 7) -> None:
        """From now on about `share` of the calls of `method` fail, each in one of these ways, in
        turn: Slack's internal_error, HTTP 500, a dropped connection after the call took effect."""
        rng = random.Random(seed)
        kinds = [_Failure("internal_error", None, 1), _Fault("http", 1, False), _Fault("drop", 1, True)]

        def draw():
            return rng.choice(kinds) if rng.random() < share else None

        with self._cond:
            self._chaos[method] = draw

    def rate_limit(self, method: str, times: int = 1, retry_after: int | str | None = 0,
                   channel: str | None = None) -> None:
        """The next `times` calls of `method` (for `channel` only, when given) get HTTP 429 with a
        Retry-After header (None: without one; text: that header as it is, e.g. an HTTP date)."""
        with self._cond:
            if channel is None:
                self._rate_limits[method] = [times, retry_after]
            else:
                self._channel_limits[(method, channel)] = [times, retry_after]

    def response_url(self, name: str = "") -> str:
        return f"{self.url}response/{name or uuid.uuid4().hex}"

    # -- reading what arrived ------------------------------------------------------------------

    def calls_to(self, method: str, **match) -> list[Call]:
        """Every call of `method` whose params match `match`, answered successfully or not."""
        with self._cond:
            return [c for c in self.calls if c.method == method and _matches(c, match)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60, **match) -> list[Call]:
        """The first `count` successful calls of `method` whose params match `match`; waits for them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and c.ok and _matches(c, match)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("channel"), c.status) for c in self.calls]
                    raise AssertionError(f"waited for {count} x {method} {match}; the double saw {seen}")
                self._cond.wait(left)

    def wait_for_ack(self, envelope_id: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id}; acks: {list(self.acks)}")
                self._cond.wait(left)
            return self.acks[envelope_id]

    def clear(self) -> None:
        with self._cond:
            self.calls.clear()

    def stall(self, seconds: float) -> None:
        """Keep the double's thread busy for `seconds` (as a busy machine may), taking nothing in."""
        self._loop.call_soon_threadsafe(time.sleep, seconds)

    def settle(self, timeout: float = 30) -> None:
        """Wait until the double has taken in everything sent to it and every connection to it has
        closed, for a test whose only client has just been killed: a call the client sent just
        before it died may still be in a socket, or waiting to be accepted, when it is gone (more so
        on a busy machine, the double's thread waiting for the interpreter's lock). Afterwards each
        such call is recorded, or never will be. A request of this method's own comes first: once it
        is answered, every connection made before it has been accepted."""
        try:
            urllib.request.urlopen(self.url, timeout=timeout).close()
        except urllib.error.HTTPError as e:  # not found: the double answered, which is all that was needed
            e.close()
        deadline = time.monotonic() + timeout
        while asyncio.run_coroutine_threadsafe(self._open_connections(), self._loop).result(timeout):
            if time.monotonic() > deadline:
                raise AssertionError("a connection to the Slack double is still open")
            time.sleep(0.02)

    # -- Socket Mode ---------------------------------------------------------------------------

    def send_envelope(self, envelope: dict | str | bytes) -> None:
        """Send an envelope to every connected Socket Mode client (queued until one connects): a dict
        as JSON, text as it is (a text frame), bytes as a binary frame."""
        self._loop.call_soon_threadsafe(self._envelopes.put_nowait, envelope)

    def wait_for_socket(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets:
            if time.monotonic() > deadline:
                raise AssertionError("no Socket Mode client connected")
            time.sleep(0.01)

    def close_sockets(self, code: int = 1000, abort: bool = False) -> None:
        """End every Socket Mode connection: a close frame with `code`, as Slack sends when it moves a
        client, or (`abort`) the connection dropped with no close frame."""
        async def close() -> None:
            for ws in list(self._sockets):
                if abort:
                    self._transports[ws].close()
                else:
                    await ws.close(code=code)
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        self._transports[ws] = request.transport
        self.socket_connections += 1
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": API_APP_ID}}))
        sender = asyncio.ensure_future(self._send_envelopes(ws))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    data = json.loads(message.data)
                    if isinstance(data, dict) and "envelope_id" in data:  # an ack (of any id, whatever was sent)
                        with self._cond:
                            found = data["envelope_id"]
                            self.acks[found if isinstance(found, str) else json.dumps(found)] = data.get("payload") or {}
                            self._cond.notify_all()
        finally:
            sender.cancel()
            self._sockets.discard(ws)
            self._transports.pop(ws, None)
        return ws

    async def _send_envelopes(self, ws: web.WebSocketResponse) -> None:
        while not ws.closed:
            envelope = await self._envelopes.get()
            if isinstance(envelope, bytes):
                await ws.send_bytes(envelope)
            else:
                await ws.send_str(envelope if isinstance(envelope, str) else json.dumps(envelope))

    # -- the Web API ---------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = dict(request.query)
        body = await request.read()
        if body:
            if request.content_type == "application/json":
                params.update(json.loads(body))
            else:
                params.update(dict(urllib.parse.parse_qsl(body.decode())))
        token = params.pop("token", "") or request.headers.get("Authorization", "").removeprefix("Bearer ")
        call = Call(method, params, token, time.perf_counter(), path=request.path)
        with self._cond:
            limit = self._channel_limits.get((method, params.get("channel"))) or self._rate_limits.get(method)
            if limit and limit[0] > 0:
                limit[0] -= 1
                call.status = 429
                self._record(call)
                after = {} if limit[1] is None else {"Retry-After": str(limit[1])}
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=after)
            failure = self._failure_for(method, params)
            fault = self._fault_for(method, params.get("channel"))
            drawn = self._chaos[method]() if method in self._chaos and not (failure or fault) else None
            if isinstance(drawn, _Failure):
                failure = drawn.error
            elif isinstance(drawn, _Fault):
                fault = drawn
            expected = self.app_token if method == "apps.connections.open" else self.bot_token
            if method == "oauth.v2.access":  # the app's client credentials, not a token
                call.response = self._oauth_access(params, request.headers.get("Authorization", ""))
            elif failure:
                call.response = {"ok": False, "error": failure}
            elif token in self.expired:
                call.response = {"ok": False, "error": "token_expired"}
            elif token != expected and not (method != "apps.connections.open" and token in self.installed):
                call.response = {"ok": False, "error": "invalid_auth"}
            elif fault is None or fault.took_effect:
                call.response = self._reply(method, params, token)
            else:
                call.response = {"ok": False, "error": f"double_fault_{fault.kind}"}
            if fault is not None and not fault.took_effect:
                call.status = fault.status if fault.kind in ("http", "body") else 599  # not carried out
            self._record(call)
        answer = await self._answer(request, call.response, fault)
        call.answered_at = time.perf_counter()
        return answer

    async def _answer(self, request: web.Request, response: dict | str, fault: _Fault | None) -> web.Response:
        """`response` (JSON, or text as a response_url answers), or what `fault` makes of it."""
        answer = (lambda: web.json_response(response)) if isinstance(response, dict) else (lambda: web.Response(text=response))
        if fault is None:
            return answer()
        if fault.kind == "slow":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), fault.seconds)
            return answer()
        if fault.kind == "drop":
            request.transport.close()  # the client sees the connection close with no answer
            return web.Response()
        if fault.kind == "reset":
            request.transport.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            request.transport.abort()
            return web.Response()
        if fault.kind in ("cut", "trickle"):
            body = json.dumps(response).encode() if isinstance(response, dict) else response.encode()
            if fault.kind == "cut":  # the head promises the whole answer; half of it comes
                request.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        b"Content-Length: %d\r\n\r\n%s" % (len(body), body[:len(body) // 2]))
                request.transport.close()
                return web.Response()
            stream = web.StreamResponse(headers={"Content-Type": "application/json"})
            stream.content_length = len(body)
            await stream.prepare(request)
            with contextlib.suppress(ConnectionError):  # the client gave up waiting
                for byte in body:
                    await stream.write(bytes([byte]))
                    await asyncio.sleep(fault.seconds)
                await stream.write_eof()
            return stream
        if fault.kind == "invalid_json":
            return web.Response(text="<html>upstream error", content_type="application/json")
        if fault.kind == "body":
            return web.Response(status=fault.status, body=fault.body, content_type=fault.content_type)
        return web.Response(status=fault.status, text="<html><body>Internal Server Error</body></html>",
                            content_type="text/html")

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)
        self._cond.notify_all()

    def _fault_for(self, method: str, channel: object = None) -> _Fault | None:
        for fault in self._faults.get(method, []):
            if fault.times != 0 and fault.channel in (None, channel):
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def _failure_for(self, method: str, params: dict) -> str:
        for failure in self._failures.get(method, []):
            if failure.channel in (None, params.get("channel")) and failure.times != 0:
                if failure.times is not None:
                    failure.times -= 1
                return failure.error
        return ""

    def _next_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    def channel_info(self, channel_id: str) -> dict | None:
        if channel_id in self.channels:
            return self.channels[channel_id]
        if channel_id.startswith("C"):
            return public_channel(channel_id)
        if channel_id.startswith("G"):
            return private_channel(channel_id)
        if channel_id.startswith("D"):
            return direct_message_channel(channel_id)
        return None

    def _needed_scope(self, method: str, params: dict) -> str:
        if method in ("conversations.info", "conversations.replies", "conversations.history"):
            channel = self.channel_info(params.get("channel", ""))
            scopes = KIND_SCOPES if method == "conversations.info" else HISTORY_SCOPES
            return scopes[_kind(channel)] if channel else ""
        return METHOD_SCOPES.get(method, "")

    def _oauth_access(self, params: dict, authorization: str) -> dict:
        """oauth.v2.access: the client id and secret (form fields, or HTTP Basic), and a code
        `grant` issued, once; the workspace's bot token is then valid in the Web API."""
        import base64

        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        else:
            client_id, secret = params.get("client_id", ""), params.get("client_secret", "")
        if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
            return {"ok": False, "error": "invalid_client_id" if client_id != CLIENT_ID else "bad_client_secret"}
        if params.get("grant_type") == "refresh_token":
            return self._refresh(params.get("refresh_token", ""))
        grant = self._grants.pop(params.get("code", ""), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        team, token = grant
        self.installed[token] = team
        return {"ok": True, "app_id": API_APP_ID, "authed_user": {"id": "U0INSTALLER"}, "scope": ",".join(sorted(self.scopes)),
                "token_type": "bot", "access_token": token, "bot_user_id": BOT_USER_ID,
                "team": {"id": team, "name": f"Workspace {team}"}, "enterprise": None, "is_enterprise_install": False}

    def _refresh(self, refresh_token: str) -> dict:
        """oauth.v2.access exchanging a refresh token (token rotation): a new bot token of 12 hours."""
        team = self.refresh_tokens.get(refresh_token)
        if team is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        token = f"xoxe.xoxb-{team}-{next(self._ts)}"
        self.installed[token] = team
        return {"ok": True, "app_id": API_APP_ID, "scope": ",".join(sorted(self.scopes)), "token_type": "bot",
                "access_token": token, "refresh_token": refresh_token, "expires_in": 43200, "bot_user_id": BOT_USER_ID,
                "team": {"id": team, "name": f"Workspace {team}"}, "enterprise": None, "is_enterprise_install": False}

    def _reply(self, method: str, params: dict, token: str = "") -> dict:
        needed = self._needed_scope(method, params)
        if needed and needed not in self.scopes:
            return {"ok": False, "error": "missing_scope", "needed": needed, "provided": ",".join(sorted(self.scopes))}
        if method == "auth.test":
            team = self.installed.get(token, self.team_id)
            return {"ok": True, "url": "https://peerbot-test.slack.com/", "team": self.team_name, "user": "peerbot",
                    "team_id": team, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "conversations.info":
            channel = self.channel_info(params.get("channel", ""))
            return {"ok": True, "channel": channel} if channel else {"ok": False, "error": "channel_not_found"}
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "bot_id": BOT_ID, "user": BOT_USER_ID, "text": params.get("text", ""), "ts": ts}
            blocks = params.get("blocks") or []
            self.posted.append({**message, "channel": params.get("channel"), "thread_ts": params.get("thread_ts"),
                                "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks})
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text", "")}
        if method == "users.lookupByEmail":
            user_id = self.users_by_email.get(params.get("email", "").lower())
            if not user_id:
                return {"ok": False, "error": "users_not_found"}
            return {"ok": True, "user": {"id": user_id, "team_id": TEAM_ID, "name": user_id.lower(), "deleted": False,
                                         "is_bot": False, "profile": {"email": params.get("email")}}}
        if method in ("views.open", "views.update"):
            view = params.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            if method == "views.open" and not params.get("trigger_id"):
                return {"ok": False, "error": "invalid_trigger_id"}
            self.views.append(view)
            return {"ok": True, "view": {"id": f"V{len(self.views):04d}", **view}}
        if method == "conversations.open":
            users = params.get("users", "")
            if not users or "," in users:
                return {"ok": False, "error": "user_not_found" if not users else "not_implemented"}
            return {"ok": True, "channel": {"id": "D" + users.lstrip("UW")[:10].upper()}}
        if method == "views.publish":
            view = params.get("view") or {}
            return {"ok": True, "view": {"id": "V0001", **(json.loads(view) if isinstance(view, str) else view)}}
        if method == "conversations.replies":
            channel, root = params.get("channel"), params.get("ts")
            messages = self.replies.get((channel, root), []) + [
                m for m in self.posted if m["channel"] == channel and root in (m["ts"], m["thread_ts"])]
            return {"ok": True, "messages": _after(messages, params.get("oldest")), "has_more": False}
        if method == "conversations.history":
            messages = [m for m in self.posted if m["channel"] == params.get("channel") and not m["thread_ts"]]
            return {"ok": True, "messages": _after(messages, params.get("oldest")), "has_more": False}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": False, "error": "unknown_method"}

    async def _response_url(self, request: web.Request) -> web.Response:
        """What a response_url does: shows the reply (recorded as a call of "response_url"), or fails
        as `fault("response_url", ...)` and `rate_limit("response_url", ...)` say."""
        params = json.loads(await request.read() or b"{}")
        call = Call("response_url", params, "", time.perf_counter(), path=request.path)
        with self._cond:
            limit = self._rate_limits.get("response_url")
            if limit and limit[0] > 0:
                limit[0] -= 1
                call.status = 429
                self._record(call)
                after = {} if limit[1] is None else {"Retry-After": str(limit[1])}
                return web.Response(status=429, text="rate_limited", headers=after)
            fault = self._fault_for("response_url")
            if fault is not None and not fault.took_effect:
                call.status = fault.status if fault.kind in ("http", "body") else 599  # not shown
            self._record(call)
        return await self._answer(request, "ok", fault)


def _after(messages: list[dict], oldest) -> list[dict]:
    return [m for m in messages if not oldest or float(m["ts"]) >= float(oldest)]


def _matches(call: Call, match: dict) -> bool:
    return all(call.params.get(k) == v for k, v in match.items())


# -- sending signed requests, as Slack does -----------------------------------------------------

@dataclass
class Response:
    status: int
    body: str
    headers: dict


class SlackSender:
    def __init__(self, url: str, signing_secret: str = SIGNING_SECRET):
        self.url = url  # e.g. http://127.0.0.1:PORT/slack/events
        self.verifier = SignatureVerifier(signing_secret)

    def headers(self, body: str, content_type: str, timestamp: int | None = None, signature: str | None = None,
                unsigned: bool = False):
        if unsigned:  # no X-Slack-Signature and no X-Slack-Request-Timestamp at all
            return {"Content-Type": content_type}
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature if signature is not None else self.verifier.generate_signature(
                timestamp=ts, body=body
            ),
        }

    def post(self, body: str, content_type: str, extra: dict | None = None, **sign) -> Response:
        headers = {**self.headers(body, content_type, **sign), **(extra or {})}
        headers = {k: v for k, v in headers.items() if v is not None}
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # a loaded CI machine: not 10 s
                return Response(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read().decode(), dict(e.headers))

    def event(self, payload: dict, retry_num: int | None = None, **sign) -> Response:
        extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return self.post(json.dumps(payload), "application/json", extra, **sign)

    def command(self, form: dict, **sign) -> Response:
        return self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded", **sign)

    def interaction(self, payload: dict, **sign) -> Response:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **sign)


# -- payloads shaped like Slack's documented examples ---------------------------------------------

_ids = itertools.count(1)


def new_ts() -> str:
    return f"{1515449522 + next(_ids)}.000016"


def event_callback(event: dict, event_id: str | None = None) -> dict:
    return {
        "token": "ZZZZZZWSxiZZZ2yIvs3peJ", "team_id": TEAM_ID, "api_app_id": API_APP_ID, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }


def app_mention(text: str, channel: str = "C0LAN2Q65", ts: str | None = None, thread_ts: str | None = None,
                user: str = "U061F7AUR", event_id: str | None = None, **extra) -> dict:
    """`@peerbot text` in a channel (Slack's app_mention example)."""
    ts = ts or new_ts()
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "channel": channel,
             "event_ts": ts, "team": TEAM_ID, **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event_callback(event, event_id)


def direct_message(text: str, channel: str = "D0PNCRP9N", ts: str | None = None, user: str = "U061F7AUR",
                   event_id: str | None = None, **extra) -> dict:
    """A message in the bot's DM (a message.im event)."""
    ts = ts or new_ts()
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
             "channel_type": "im", "team": TEAM_ID, **extra}
    return event_callback(event, event_id)


def slash_command(command: str, text: str, response_url: str, channel: str = "C2147483705",
                  user: str = "U2147483697", trigger_id: str | None = None) -> dict:
    return {
        "token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": TEAM_ID, "team_domain": "example",
        "enterprise_id": "E0001", "enterprise_name": "Globular Construct Inc", "channel_id": channel,
        "channel_name": "test", "user_id": user, "user_name": "Steve", "command": command, "text": text,
        "response_url": response_url, "trigger_id": trigger_id or f"13345224609.738474920.{uuid.uuid4().hex[:8]}",
        "api_app_id": API_APP_ID,
    }


def block_actions(action_id: str, value: str, response_url: str, channel: str = "C0LAN2Q65",
                  message: dict | None = None, user: str = "U061F7AUR", ephemeral: bool = False,
                  action_ts: str = "") -> dict:
    container = {"type": "message", "message_ts": (message or {}).get("ts", new_ts()), "channel_id": channel,
                 "is_ephemeral": ephemeral}
    payload = {
        "type": "block_actions", "user": {"id": user, "username": "jane", "name": "jane", "team_id": TEAM_ID},
        "api_app_id": API_APP_ID, "token": "9s8d9as89d8as9d8as989", "container": container,
        "trigger_id": f"12466734323.1395872398.{uuid.uuid4().hex[:8]}", "team": {"id": TEAM_ID, "domain": "example"},
        "channel": {"id": channel, "name": "review-updates"}, "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "feedback", "value": value, "type": "button",
                     "text": {"type": "plain_text", "text": "Helpful", "emoji": True},
                     "action_ts": action_ts or f"{int(time.time())}.000100"}],
    }
    if message is not None and not ephemeral:
        payload["message"] = message
    return payload


def message_shortcut(text: str, response_url: str, channel: str = "C0LAN2Q65", message_ts: str | None = None,
                     thread_ts: str | None = None, user: str = "U061F7AUR", callback_id: str = "ask_peerbot") -> dict:
    message_ts = message_ts or new_ts()
    message = {"type": "message", "user": "U0D15K92L", "ts": message_ts, "text": text}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "message_action", "token": "Nj2rfC2hU8mAfgaJLemZgO7H", "callback_id": callback_id,
        "trigger_id": f"13345224609.8534564800.{uuid.uuid4().hex[:8]}", "response_url": response_url,
        "team": {"id": TEAM_ID, "domain": "pandamonium"}, "channel": {"id": channel, "name": "general"},
        "user": {"id": user, "name": "jane"}, "message": message, "message_ts": message_ts,
        "action_ts": f"{int(time.time())}.000100",
    }


def form_values(fields: dict) -> dict:
    """A modal's `state.values` as Slack sends them for peerbot's lesson form: text fields as
    plain_text_input, lists as a multi-select's options, True as a ticked checkbox."""
    values = {}
    for name, value in fields.items():
        if isinstance(value, bool):
            chosen = [{"text": {"type": "plain_text", "text": "agreed"}, "value": "agreed"}] if value else []
            values[name] = {"value": {"type": "checkboxes", "selected_options": chosen}}
        elif isinstance(value, (list, tuple)):
            options = [{"text": {"type": "plain_text", "text": v}, "value": v} for v in value]
            values[name] = {"value": {"type": "multi_static_select", "selected_options": options}}
        else:
            values[name] = {"value": {"type": "plain_text_input", "value": value}}
    return values


def view_submission(view: dict, fields: dict, user: str = "U061F7AUR") -> dict:
    """A view_submission of `view` (as views.open showed it) with `fields` typed in."""
    return {
        "type": "view_submission", "team": {"id": TEAM_ID, "domain": "example"},
        "user": {"id": user, "username": "jane", "name": "jane", "team_id": TEAM_ID}, "api_app_id": API_APP_ID,
        "token": "9s8d9as89d8as9d8as989", "trigger_id": f"12466734323.1395872398.{uuid.uuid4().hex[:8]}",
        "view": {"id": "V0001", "team_id": TEAM_ID, "type": "modal", "blocks": view.get("blocks", []),
                 "private_metadata": view.get("private_metadata", ""), "callback_id": view.get("callback_id", ""),
                 "state": {"values": form_values(fields)}, "hash": "156772938.1827394", "title": view.get("title"),
                 "app_id": API_APP_ID, "bot_id": BOT_ID},
        "response_urls": [],
    }


def socket_envelope(kind: str, payload: dict, envelope_id: str | None = None) -> dict:
    """A Socket Mode envelope: kind is "events_api", "slash_commands" or "interactive"."""
    return {"envelope_id": envelope_id or str(uuid.uuid4()), "payload": payload, "type": kind,
            "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": ""}


# -- peerbot's real server in a background thread, against the double -----------------------------

class PeerbotServer:
    """`peerbot serve`'s Slack wiring (SlackSurface + aiohttp server) run in-process on 127.0.0.1,
    talking to `double`. The corpus is passed in so tests share one loaded index; contacts' Slack
    identities come from its contacts directory (contacts.yaml)."""

    def __init__(self, settings, corpus, double: SlackDouble, *, socket_mode=False, policy=None, loader=None):
        import dataclasses

        self.port = free_port()
        self.settings = dataclasses.replace(
            settings, host="127.0.0.1", port=self.port, slack_bot_token=double.bot_token,
            slack_signing_secret=SIGNING_SECRET, slack_api_url=double.api_url,
            slack_app_token=double.app_token if socket_mode else "",
        )
        self.corpus = corpus
        self.policy = policy  # the inbox's retry policy (None: peerbot's own)
        self.loader = loader  # how to rebuild and open a newer index (a CorpusLoader), as `peerbot serve` has
        self.service = None
        self.state = None
        self.peerbot = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="peerbot-server")
        self._task: asyncio.Future | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def start(self) -> PeerbotServer:
        self._thread.start()
        self._ready, self._done, self._error = threading.Event(), threading.Event(), None

        async def begin() -> None:
            self._task = asyncio.ensure_future(self._main())

        asyncio.run_coroutine_threadsafe(begin(), self._loop).result(10)
        while not self._ready.wait(0.02):
            if self._done.is_set():
                raise RuntimeError("peerbot's server did not start") from self._error
        return self

    async def _main(self) -> None:
        from bot.http_server import create_app, serve_until_stopped
        from bot.service import Peerbot
        from bot.slack.config import slack_config
        from bot.slack.surface import SlackSurface
        from bot.state import StateStore

        try:
            self.service = await SlackSurface.connect(slack_config(self.settings), self.settings.start_seconds)
            try:
                self.state = StateStore(self.settings.state_db_path)
                self.peerbot = Peerbot(self.corpus, self.state, self.policy, self.loader, settings=self.settings)
                web_app = create_app({"slack": self.service.config.mode})
                await self.service.start(web_app, self.peerbot)
                web_app.on_startup.append(lambda _app: self.peerbot.start())
                web_app.on_shutdown.append(lambda _app: self.peerbot.stop())
                await serve_until_stopped(web_app, ("127.0.0.1", self.port), self._ready.set)
            finally:
                await self.service.close(drain_seconds=10)
                if self.state:
                    self.state.close()
        except asyncio.CancelledError:
            pass
        except BaseException as e:
            self._error = e
        finally:
            self._done.set()

    def drain(self, timeout: float = 60) -> bool:
        """Wait until no answer (or click) is in progress."""
        async def idle() -> bool:
            return await self.peerbot.drain(timeout) and await self.service.handlers.drain(timeout)

        return asyncio.run_coroutine_threadsafe(idle(), self._loop).result(2 * timeout + 5)

    def rows(self, sql: str, *args) -> list[dict]:
        """What the server's SQLite state database answers to `sql`, a dict a row."""
        import sqlite3

        with sqlite3.connect(self.settings.state_db_path) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(sql, args)]

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._task.cancel)
        self._done.wait(30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():  # its selector and wake-up pipe: a long test worker would run out
            self._loop.close()

    def __enter__(self) -> PeerbotServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def slack_trial(settings, corpus, data_dir: Path):
    """A trial module's one server (`corpus`, with its own data folder and records) and its Slack double."""
    import dataclasses

    with SlackDouble() as double, PeerbotServer(dataclasses.replace(settings, data_dir=data_dir), corpus, double) as server:
        yield server, double


def reply_to(trial: tuple[PeerbotServer, SlackDouble], event: dict) -> str:
    """What Slack shows for peerbot's reply to a signed event sent to a `slack_trial` server."""
    server, double = trial
    double.clear()
    SlackSender(server.events_url).event(event)
    return double.wait_for("chat.postMessage")[0].blocks_text


def reply_in_thread(trial: tuple[PeerbotServer, SlackDouble], root: str, follow_up: str) -> str:
    """The reply to `follow_up` asked in the thread of a channel mention asking `root` (`slack_trial`)."""
    first = app_mention(root)
    reply_to(trial, first)
    return reply_to(trial, app_mention(follow_up, thread_ts=first["event"]["ts"]))
