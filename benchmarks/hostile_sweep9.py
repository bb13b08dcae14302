"""The ninth hostile sweep: classes the first eight left out, through the real processes on
127.0.0.1 with the Slack double and the Microsoft sign-in doubles.

- `token9`: Teams with credentials, as in production. Peerbot's reply to a Teams message needs an
  access token from Microsoft Entra (MSAL reads the tenant's OpenID metadata, then asks the token
  endpoint). Either endpoint answers never, a byte every 2 s, HTTP 500/503/429 (Retry-After -5),
  200 with HTML, nothing, a list or text, invalid_client, a token answer without its token, a
  body cut short, or a reset, for 15 s, then heals. Meanwhile `serve` must stay up (/healthz
  answers) and answer each Teams message 2xx or 503 (Teams sends it again), never 500 or not at
  all; once sign-in is back, both messages (sent again where refused) are in the inbox once and a
  token is asked for; no traceback, no secret in the log, a clean stop on SIGTERM. (Slack is left out: its SDK
  sends every call through HTTPS_PROXY, which here leads to the sign-in doubles.)
- `wire9`: the Slack Web API at the transport level (a front between `serve` and the Slack double
  answering chat.postMessage for the answer itself): a redirect to another origin (301, 302, 307,
  308), bytes that are not HTTP, a TLS alert, a status line and headers then nothing, a body cut
  short, a body a byte a second, a negative or wordy Content-Length, gzip that is not, a 100
  Continue first, an empty 200, a 429 whose Retry-After is negative, huge, far in the future or
  past, or NaN. The answer is shown at most twice (once when the failure says nothing was
  posted), the bot token never reaches another origin, no traceback, and a second mention is
  answered once.
- `disk9`: `serve`'s data folder on a 64 MB tmpfs, full or all but 16 KB full while mentions arrive,
  or full or read-only as it starts: each mention acknowledged or refused with 503, /healthz up, no
  traceback; once the disk is back every mention answered once.
- `pause9`: SIGSTOP of `serve` for 8 s or 45 s (past its 5 s leases; 45 s past a post's own fence)
  with 12 mentions in flight, alone or while a second replica on the same `peerbot.db` takes over;
  then SIGCONT: every acknowledged mention answered exactly once.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep9.py --hang 90 [--only CLASS ...]
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import QUESTION  # noqa: E402
from hostile_sweep3 import _fill, _small_disk  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from identity_doubles import SIGN_IN_FAULTS, ConnectProxy, bot_token, jwk, signing_key  # noqa: E402
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention  # noqa: E402
from sweep_servers import Server  # noqa: E402
from teams_doubles import message  # noqa: E402

SLACK_ENV = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "66666666-7777-8888-9999-000000000000"
TEAMS_SECRET = "teams-client-secret-never-printed"
SERVICE_URL = "https://smba.trafficmanager.net/"
FAULT_SECONDS = 15


def _health_stalls(url: str, seconds: float) -> list[str]:
    """Poll /healthz for `seconds`: each time it did not answer within 5 s."""
    stalls, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                response.read()
        except OSError as e:
            stalls.append(f"/healthz did not answer ({type(e).__name__}) {began - deadline + seconds:.0f} s into the fault")
        time.sleep(max(0.0, 0.5 - (time.monotonic() - began)))
    return stalls[:1]


def _inbox(home: Path) -> int:
    with sqlite3.connect(home / "data" / "peerbot.db", timeout=30) as db:
        return db.execute("SELECT count(*) FROM inbox").fetchone()[0]


# -- token9: Microsoft's sign-in service failing while peerbot needs a token for a Teams reply --------

def token9_cases(homes: Homes) -> Iterator[Case]:
    for endpoint in ("metadata", "token"):
        for kind in SIGN_IN_FAULTS:
            yield Case("token9", f"{endpoint}:{kind}", lambda e=endpoint, k=kind: _signing_in(homes, e, k))


def _signing_in(homes: Homes, endpoint: str, kind: str) -> list[str]:
    home = homes.fresh()
    proxy = ConnectProxy(home, TENANT)
    key = signing_key()
    proxy.login.keys = [jwk(key)]
    problems: list[str] = []
    try:
        server = Server(home, TEAMS_ALLOW_ANONYMOUS="", CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=CLIENT_ID,
                        CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET=TEAMS_SECRET,
                        CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID=TENANT, **proxy.environment()).ready()
        proxy.login.fail(endpoint, kind)
        token = bot_token(key, CLIENT_ID, service_url=SERVICE_URL)
        activities = [message(SERVICE_URL, QUESTION, activity_id=f"sign-in-{n}-{random.random()}") for n in (1, 2)]
        statuses: dict[int, int] = {}

        def send(n: int) -> None:
            statuses[n] = post(f"{server.url}/api/messages", json.dumps(activities[n]).encode(),
                               {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})

        send(0)
        threading.Timer(4, send, (1,)).start()  # while the first one's token is awaited
        problems += _health_stalls(server.url, FAULT_SECONDS)
        proxy.login.heal()
        problems += [f"a Teams message during the fault: {p}" for n in (0, 1) if n in statuses and statuses[n] != 503
                     for p in status_problems(statuses[n])]
        deadline = time.monotonic() + 60  # Teams sends again what was refused with 503
        while time.monotonic() < deadline and any(statuses.get(n) != 202 for n in (0, 1)):
            time.sleep(1)
            for n in (0, 1):
                if statuses.get(n) in (503, -2):
                    send(n)
        if any(statuses.get(n) != 202 for n in (0, 1)):
            problems.append(f"not taken once sign-in was back: {statuses}")
        elif _inbox(home) != 2:
            problems.append(f"{_inbox(home)} messages in the inbox, not 2")
        if not _wait(lambda: proxy.login.tokens, 60):
            problems.append("no token asked for once sign-in was back")
        problems += server.problems_since(0)
        if any(TEAMS_SECRET in line for line in server.lines):
            problems.append("the Teams client secret in the log")
        problems += server.stop()
        if problems:
            (homes.scratch.parent / f"{homes.scratch.name}-token9-{endpoint}-{kind}.log").write_text(
                "\n".join(server.lines))
    finally:
        proxy.close()
        homes.discard(home)
    return problems


# -- wire9: the Slack Web API answering the answer's post with bytes of the wrong kind ----------------

COLLECTOR_PATH = "/api/chat.postMessage"
WIRE_FAULTS = {  # kind -> (carried out by Slack before the broken answer, what is sent back)
    **{f"redirect-{code}": (False, None) for code in (301, 302, 307, 308)},
    "not-http": (False, b"garbage, not HTTP\r\n\r\n"),
    "tls-alert": (False, b"\x15\x03\x01\x00\x02\x02\x28"),
    "headers-then-nothing": (True, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"),
    "cut-short": (True, b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"ok": true, "ts'),
    "trickle": (True, None),
    "negative-length": (True, b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{"ok": true}'),
    "wordy-length": (True, b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: many\r\n\r\n{"ok": true}'),
    "gzip-lie": (True, b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n'
                       b'Content-Length: 12\r\n\r\n{"ok": true}'),
    "continue-first": (True, None),
    "empty-200": (True, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n"),
    **{f"retry-after-{name}": (False, b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: " + value.encode()
                               + b"\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                               + b'{"ok": false, "error": "ratelimited"}   ')
       for name, value in (("negative", "-5"), ("huge", "99999999999"), ("far-future", "Fri, 31 Dec 9999 23:59:59 GMT"),
                           ("past", "Thu, 01 Jan 1970 00:00:00 GMT"), ("nan", "nan"), ("1e400", "1e400"),
                           ("empty", ""))},
}


class WireFront:
    """A raw HTTP front for the Slack double: the first chat.postMessage is answered as `kind` says
    (forwarded to the double first when Slack would have carried it out); everything else is
    forwarded. A redirect points at `collector`, which records the Authorization headers it gets."""

    def __init__(self, double: SlackDouble, kind: str):
        self.double, self.kind, self.armed = double, kind, True
        self.authorizations: list[str] = []
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def _start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.collector = await asyncio.start_server(self._collect, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    def close(self) -> None:
        async def stop() -> None:
            self.server.close()
            self.collector.close()
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)

    @staticmethod
    async def _request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes]:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        return head[0], headers, body

    def _forward(self, line: str, headers: dict[str, str], body: bytes) -> bytes:
        path = line.split(" ")[1]
        request = urllib.request.Request(f"{self.double.url.rstrip('/')}{path}", data=body, method=line.split(" ")[0],
                                         headers={k: v for k, v in headers.items() if k not in ("host", "content-length")})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, answer, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, answer, kind = e.code, e.read(), e.headers.get("Content-Type", "")
        return (f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {len(answer)}\r\n"
                "Connection: close\r\n\r\n").encode() + answer

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line, headers, body = await self._request(reader)
            if not (self.armed and f" {COLLECTOR_PATH} " in line):
                writer.write(await asyncio.to_thread(self._forward, line, headers, body))
                return
            self.armed = False
            carried_out, reply = WIRE_FAULTS[self.kind]
            if carried_out:
                forwarded = await asyncio.to_thread(self._forward, line, headers, body)
                reply = {"continue-first": b"HTTP/1.1 100 Continue\r\n\r\n" + forwarded}.get(self.kind, reply)
            if self.kind.startswith("redirect-"):
                where = self.collector.sockets[0].getsockname()[1]
                reply = (f"HTTP/1.1 {self.kind[-3:]} Moved\r\nLocation: http://127.0.0.1:{where}{COLLECTOR_PATH}\r\n"
                         "Content-Length: 0\r\n\r\n").encode()
            if self.kind == "trickle":
                for byte in forwarded:
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(0.3)
                return
            writer.write(reply)
            await writer.drain()
            if self.kind == "headers-then-nothing":
                await asyncio.sleep(60)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    async def _collect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _, headers, _ = await self._request(reader)
            self.authorizations.append(headers.get("authorization", ""))
            answer = b'{"ok": true, "ts": "1.000001", "channel": "C0LAN2Q65"}'
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(answer)
                         + answer)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()


def wire9_cases(homes: Homes) -> Iterator[Case]:
    for kind in WIRE_FAULTS:
        yield Case("wire9", kind, lambda k=kind: _wire(homes, k))


def _wire(homes: Homes, kind: str) -> list[str]:
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            front = WireFront(double, kind)
            try:
                server = Server(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=front.api_url).ready()
                sender = SlackSender(f"{server.url}/slack/events")
                first = app_mention(f"{QUESTION} {random.random()}")
                problems += [f"the mention: {p}" for p in status_problems(sender.event(first).status)]
                carried_out = WIRE_FAULTS[kind][0]

                def shown() -> list:
                    return [c for c in double.calls_to("chat.postMessage", thread_ts=first["event"]["ts"]) if c.ok]

                def times() -> int:
                    return len(shown()) + len(front.authorizations)

                _wait(lambda: times() >= (2 if carried_out else 1), 120)
                time.sleep(3)
                count = times()
                if not count:
                    problems.append("the answer never shown")
                elif count > (2 if carried_out else 1):
                    problems.append(f"the answer shown {count} times")
                if any(BOT_TOKEN in a for a in front.authorizations):
                    problems.append("the bot token sent to another origin after a redirect")
                second = app_mention(f"{QUESTION} {random.random()}")
                sender.event(second)
                if len(_wait(lambda: double.calls_to("chat.postMessage", thread_ts=second["event"]["ts"]), 60)) != 1:
                    problems.append("a later mention not answered once")
                problems += server.problems_since(0) + server.stop()
                if problems:
                    (homes.scratch.parent / f"{homes.scratch.name}-wire9-{kind}.log").write_text("\n".join(server.lines))
            finally:
                front.close()
    finally:
        homes.discard(home)
    return problems


# -- disk9: `serve`'s data folder full or read-only while events arrive --------------------------------

def disk9_cases(homes: Homes) -> Iterator[Case]:
    for fault in ("full", "nearly-full"):
        yield Case("disk9", f"{fault}:mentions", lambda f=fault: _disk(homes, f))
    for fault in ("full", "read-only"):  # Linux refuses to make a file system read-only under open writers
        yield Case("disk9", f"{fault}:start", lambda f=fault: _disk(homes, f, at_start=True))


def _disk(homes: Homes, fault: str, at_start: bool = False) -> list[str]:
    """`serve` on a 64 MB tmpfs, answering; then the disk full (or all but 16 KB) while 4 mentions
    arrive: each acknowledged (then answered) or refused with 503 (Slack sends it again), no 500, no
    traceback, /healthz up; once the disk is back, every mention answered once. `at_start`: `serve`
    starts on the full or read-only disk (serves, or stops with one line and then starts once the
    disk is back)."""
    home = homes.fresh()
    try:
        with _small_disk("64m") as disk, SlackDouble() as double:
            if disk is None:
                return []  # no mount rights: the class is skipped
            shutil.copytree(home / "data", disk / "data", symlinks=True)
            servers: list[Server] = []
            try:
                return _on_disk(homes, home, disk, double, servers, fault, at_start)
            finally:
                for server in servers:
                    if server.process.poll() is None:
                        server.process.kill()
                        server.process.wait()
                subprocess.run(["mount", "-o", "remount,rw", str(disk)], capture_output=True)
    finally:
        homes.discard(home)


def _answers(double: SlackDouble, mentions: list[dict], seconds: float) -> list[int]:
    """How many times each mention was answered, once each is (or `seconds` have passed), and 3 s more."""
    def counts() -> list[int]:
        return [len([c for c in double.calls_to("chat.postMessage", thread_ts=m["event"]["ts"]) if c.ok])
                for m in mentions]

    _wait(lambda: all(counts()), seconds)
    time.sleep(3)
    return counts()


def _disk_back(disk: Path, fault: str) -> None:
    if fault == "read-only":
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    else:
        (disk / "filler").unlink(missing_ok=True)


def _on_disk(homes: Homes, home: Path, disk: Path, double: SlackDouble, servers: list[Server], fault: str,
             at_start: bool) -> list[str]:
    problems: list[str] = []
    env = {**SLACK_ENV, "SLACK_API_URL": double.api_url, "PEERBOT_DATA_DIR": str(disk / "data")}
    if at_start and fault == "full":
        _fill(disk)
    elif at_start:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    servers.append(server := Server(home, **env))
    try:
        server.ready()
    except AssertionError:
        server._reader.join(5)
        problems += judge_cli(["serve"], server.process.returncode, "", "\n".join(server.lines))
        _disk_back(disk, fault)
        servers.append(server := Server(home, **env).ready())
    sender = SlackSender(f"{server.url}/slack/events")
    if not at_start:
        warm = app_mention(f"{QUESTION} {random.random()}")
        sender.event(warm)
        double.wait_for("chat.postMessage", thread_ts=warm["event"]["ts"], timeout=60)
        _fill(disk)
        if fault == "nearly-full":
            filler = disk / "filler"
            os.truncate(filler, filler.stat().st_size - 16384)
    mark = len(server.lines)
    mentions = [app_mention(f"{QUESTION} {random.random()}") for _ in range(4)]
    statuses = [sender.event(m).status for m in mentions]
    problems += [f"a mention on a {fault} disk: {p}" for st in statuses if st != 503 for p in status_problems(st)]
    problems += _health_stalls(server.url, 6)
    _disk_back(disk, fault)
    for mention, status in zip(mentions, statuses, strict=True):
        if status != 200:
            sender.event(mention, retry_num=1)  # Slack sends again what was not acknowledged
    answered = _answers(double, mentions, 120)  # an item whose answer met the full disk: once its lease ends
    if answered != [1, 1, 1, 1]:
        problems.append(f"answers per mention once the disk was back: {answered} (acknowledged: {statuses})")
    problems += server.problems_since(mark) + server.stop()
    if problems:
        (homes.scratch.parent / f"{homes.scratch.name}-disk9-{fault}.log").write_text("\n".join(server.lines))
    return problems


# -- pause9: `serve` paused (SIGSTOP) past its leases under load, then resumed --------------------------

def pause9_cases(homes: Homes) -> Iterator[Case]:
    for replicas in (2, 1):
        for seconds in (8, 45):
            yield Case("pause9", f"{'beside-a-replica' if replicas == 2 else 'alone'}:{seconds}s",
                       lambda r=replicas, t=seconds: _paused(homes, r, t))


def _paused(homes: Homes, replicas: int, seconds: float) -> list[str]:
    """12 mentions acknowledged by `serve` A (leases of 5 s, each post 0.5 s slow), A stopped with
    SIGSTOP 1.5 s later for `seconds` (past its leases; 45 s is past a post's own 30 s fence too) while
    replica B on the same `peerbot.db` takes over what A's leases no longer hold; then SIGCONT: every
    mention answered exactly once, both servers without a traceback."""
    home = homes.fresh()
    problems: list[str] = []
    servers: list[Server] = []
    try:
        with SlackDouble() as double:
            env = {**SLACK_ENV, "SLACK_API_URL": double.api_url, "PEERBOT_LEASE_SECONDS": "5"}
            servers += [Server(home, **env).ready() for _ in range(replicas)]
            double.fault("chat.postMessage", "slow", times=None, seconds=0.5, took_effect=True)
            sender = SlackSender(f"{servers[0].url}/slack/events")
            mentions = [app_mention(f"{QUESTION} {n} {random.random()}") for n in range(12)]
            statuses = [sender.event(m).status for m in mentions]
            problems += [f"a mention: {p}" for st in statuses for p in status_problems(st)]
            time.sleep(1.5)
            servers[0].process.send_signal(signal.SIGSTOP)
            time.sleep(seconds)
            servers[0].process.send_signal(signal.SIGCONT)
            answered = _answers(double, mentions, 120)
            time.sleep(10)  # a resumed worker's late post would show by now
            answered = _answers(double, mentions, 0)
            if any(n != 1 for n in answered):
                problems.append(f"answers per mention: {answered}")
            for server in servers:
                problems += server.problems_since(0) + server.stop()
            if problems:
                for n, server in enumerate(servers):
                    (homes.scratch.parent / f"{homes.scratch.name}-pause9-{replicas}-{seconds}-{n}.log").write_text(
                        "\n".join(server.lines))
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.send_signal(signal.SIGCONT)
                server.process.kill()
                server.process.wait()
        homes.discard(home)
    return problems


FAMILIES = {"token9": token9_cases, "wire9": wire9_cases, "disk9": disk9_cases, "pause9": pause9_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile9-", 1,
                                    lambda name, jobs: jobs, lambda homes: run_cli(["ask", QUESTION],
                                                                                  hostile_sweep.base_env(homes.template)))


if __name__ == "__main__":
    sys.exit(main())
