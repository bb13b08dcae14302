"""The twenty-ninth hostile sweep (held-out faults): SIGKILL of `peerbot serve` with Slack and Teams
questions in flight, the database locked, read-only, full or stopped under `serve` and `digest --post`,
the Slack Web API and the Teams connector answering oddly, Microsoft's sign-in metadata and keys
down, the command line's odd outputs and signals, and odd bytes in request bodies. Every case runs the
real `peerbot` processes on 127.0.0.1 (hashing model) with the local doubles.

- `kill29`: `serve` SIGKILLed with 10 Slack mentions and 10 Teams messages in flight (their answers
  held by a Slack API answering 20 s late and a connector holding replies; twice, 0.5 s into the
  questions and 0.5 s after the restart; while every Slack post is rate-limited), then started again,
  Slack sending the unacknowledged again. Pass: each question acknowledged with a 2xx answered exactly once,
  each Slack mention acknowledged by its third retry; no traceback.
- `store29`: see benchmarks/hostile_sweep29_store.py.
- `api29`: the answer's `chat.postMessage` failing in ways sweep 23 did not (a fractional or repeated
  Retry-After, a 500 carrying `ok: true`, JSON cut or holding NaN, `ok: false` whose error is null, a
  number, 10 KB, escape codes or the bot token, two hangs of 35 s); the Teams connector answering
  binary, 401 with WWW-Authenticate, 1 MB error pages, an empty 200; Microsoft's OpenID metadata down
  for a new key id, its keys endpoint down as `serve` starts. Pass: the mention answered once (or,
  refused for good, one warning line naming it), no traceback, no log line over 5,000 characters, no
  escape code or token in the log; a Teams reply not delivered is one warning line, the next answered;
  a token while keys cannot be read is 401 or 503, a good token accepted once they can.
- `bytes29`: bodies with an escaped NUL or lone surrogate (answered), a raw NUL, 1 MB and 10 MB of
  valid JSON, 900 levels of nesting in an extra field, a BOM, UTF-16, no content type, a false
  Content-Encoding, NaN, duplicate keys, text/plain. Pass: 2xx or 4xx, no traceback, the server on.
- `cli29`: see benchmarks/hostile_sweep29_cli.py.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep29.py [--only CLASS ...] [--code EXPORT]
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import hostile_sweep27_tokens as tokens  # noqa: E402
import hostile_sweep29_cli  # noqa: E402
import hostile_sweep29_store  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes  # noqa: E402
from hostile_sweep29_load import QUESTION, Load, slack_event  # noqa: E402
from identity_doubles import bot_token, jwk, signing_key  # noqa: E402
from slack_double import BOT_TOKEN, SlackSender, app_mention, block_actions  # noqa: E402
from teams_doubles import message  # noqa: E402

WINDOW = 150  # seconds each fired question has to be answered


# -- kill29 ---------------------------------------------------------------------------------------------------

def _killed(homes: Homes, kills: int, arrange: Callable[[dict], None] | None = None, wait: float = 1.5) -> list[str]:
    """`serve` SIGKILLed `kills` times, `wait` s after the questions began and after each restart."""
    state: dict = {}
    servers.start_both(state, homes)
    if arrange:
        arrange(state)
    load, problems = Load(f"K{kills}"), []
    sender = threading.Thread(target=load.send, args=(state["server"].url, state["connector"], 10, 10))
    sender.start()
    killed, may_repeat = [], {}
    for _ in range(kills):
        time.sleep(wait)
        killed.append(state["server"])
        state["server"].kill()
        sender.join()
        answered = len([c for c in state["double"].calls_to("chat.postMessage") if c.ok]) + len(state["connector"].posts)
        acknowledged = sum(1 for i in [*load.slack.values(), *load.teams.values()] if 200 <= i["status"] < 300)
        pending = {surface: _pending(state["home"], surface) for surface in ("slack", "teams")}
        may_repeat = {surface: may_repeat.get(surface, 0) + n for surface, n in pending.items()}
        print(f"  kill29: at the kill, {acknowledged} of 20 acknowledged, {answered} answered, pending {pending}",
              flush=True)
        state["double"].heal("chat.postMessage")
        state["double"].rate_limit("chat.postMessage", times=0)
        state["connector"].faults.clear()
        state["connector"].release()
        state["server"] = servers.Server(state["home"], **servers.two_surfaces_env(state["double"])).ready()
        sender = threading.Thread(target=load.retry_slack, args=(state["server"].url,))
        sender.start()
    sender.join()
    problems += load.problems(state["double"], state["connector"], WINDOW, slack_may_repeat=may_repeat["slack"],
                              teams_may_repeat=may_repeat["teams"], kills=kills)
    for server in killed:
        problems += server.problems_since(0, settle=0)
    return problems + servers.stop(state, homes)


def _pending(home: Path, surface: str) -> int:
    """The surface's items still pending in the inbox of a killed server: a reply the kill may have cut
    between its post and its record, which the next start may post again (README, Answering: a Teams
    conversation cannot be searched for an earlier reply, nor a Slack one without a history scope)."""
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        return db.execute("SELECT count(*) FROM inbox WHERE kind LIKE ? AND status = 'pending'",
                          (f"{surface}.%",)).fetchone()[0]


def _held(state: dict) -> None:
    """Slack's answers to the first 10 posts come 20 s late (not carried out); Teams holds 10 replies."""
    state["double"].fault("chat.postMessage", "slow", times=10, seconds=20)
    for _ in range(10):
        state["connector"].fault("hold")


def kill_cases(homes: Homes, state: dict) -> Iterator[Case]:
    yield Case("kill29", "SIGKILL with 10 Slack and 10 Teams answers held by slow APIs", lambda: _killed(
        homes, 1, _held, wait=4))
    yield Case("kill29", "SIGKILL twice, 0.5 s into the questions and 0.5 s after the restart",
               lambda: _killed(homes, 2, wait=0.5))
    yield Case("kill29", "SIGKILL while every Slack post is answered 429 Retry-After 2", lambda: _killed(
        homes, 1, lambda s: s["double"].rate_limit("chat.postMessage", times=40, retry_after=2), wait=3))


# -- api29 ----------------------------------------------------------------------------------------------------

ONCE, ONCE_OR_WARNED, AT_MOST_ONCE = "once", "once-or-warned", "at-most-once"


def _body(body: bytes, status: int = 200, took: bool = False, times: int = 2) -> Callable:
    return lambda d, c: d.fault("chat.postMessage", "body", times=times, status=status, body=body, took_effect=took,
                                channel=c)


SLACK_WAYS: dict[str, tuple[Callable, str]] = {
    "429 Retry-After 0.5": (lambda d, c: d.rate_limit("chat.postMessage", times=2, retry_after="0.5", channel=c), ONCE),
    "500 carrying ok true": (_body(b'{"ok": true, "channel": "C1", "ts": "1.2"}', status=500), ONCE),
    "ts NaN, carried out": (_body(b'{"ok": true, "ts": NaN}', took=True, times=1), AT_MOST_ONCE),
    "ok false, error 10 KB": (_body(b'{"ok": false, "error": "' + b"e" * 10_000 + b'"}'), ONCE_OR_WARNED),
    "ok false, error with escape codes": (_body(b'{"ok": false, "error": "bad\\n\\u001b[31mred\\u0007"}'),
                                          ONCE_OR_WARNED),
    "ok false, error echoing the token": (_body(json.dumps({"ok": False, "error": f"invalid_auth {BOT_TOKEN}"})
                                                .encode()), ONCE_OR_WARNED),
    "hangs 35 s, twice": (lambda d, c: d.fault("chat.postMessage", "slow", times=2, seconds=35, channel=c), ONCE),
}


def _log_problems(lines: list[str]) -> list[str]:
    found = []
    if any(len(line) > 5_000 for line in lines):
        found.append("a log line over 5,000 characters")
    if any("\x1b" in line or "\x07" in line for line in lines):
        found.append("an escape code in the log")
    return found


def slack_api_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def begin() -> None:
        servers.start(state, homes)
        sent = state["sent"] = {}
        for i, (name, (arrange, _)) in enumerate(SLACK_WAYS.items()):
            channel = f"CAPI29{i:02d}"
            arrange(state["double"], channel)
            sent[name] = {"channel": channel, "body": app_mention(f"{QUESTION} a{i}", channel=channel)}
        with ThreadPoolExecutor(len(sent)) as pool:
            statuses = list(pool.map(lambda item: slack_event(state["server"].url, item["body"]), sent.values()))
        for item, status in zip(sent.values(), statuses, strict=True):
            item["status"] = status
        state["began"] = time.monotonic()

    def judged(name: str, expect: str) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if "sent" not in state:
                begin()
            item, double, server = state["sent"][name], state["double"], state["server"]
            ts = item["body"]["event"]["ts"]
            deadline = state["began"] + WINDOW
            shown = lambda: len([c for c in double.calls_to("chat.postMessage", channel=item["channel"], thread_ts=ts)  # noqa: E731
                                 if c.ok])
            while time.monotonic() < deadline and not shown():
                time.sleep(1)
            time.sleep(2)
            count, problems = shown(), status_problems(item["status"])
            warned = any(item["channel"] in line and " WARNING " in line for line in server.lines)
            if expect == ONCE and count != 1 or expect == AT_MOST_ONCE and not 1 <= count <= 2:
                problems.append(f"answered {count} times")
            if expect == ONCE_OR_WARNED and not (count == 1 or count == 0 and warned):
                problems.append(f"answered {count} times{'' if warned else ', and no warning line naming it'}")
            return problems
        return run

    for name, (_, expect) in SLACK_WAYS.items():
        yield Case("api29", f"slack: {name}", judged(name, expect))

    def logs() -> list[str]:
        if "server" not in state:
            return []
        server = state["server"]
        return server.problems_since(0, settle=0) + _log_problems(server.lines) + servers.stop(state, homes)
    yield Case("api29", "slack: the log", logs)


CONNECTOR_WAYS = {
    "binary 200": dict(kind="body", status=200, body=bytes(range(256)) * 4, content_type="application/octet-stream"),
    "401 with WWW-Authenticate": dict(kind="body", status=401, body=b"{}", headers={
        "WWW-Authenticate": 'Bearer error="invalid_token", error_description="expired \x1b[31m"'.replace("\x1b", "")}),
    "403 of 1 MB HTML": dict(kind="body", status=403, body=b"<p>no</p>" * 120_000, content_type="text/html"),
    "200 empty": dict(kind="body", status=200, body=b""),
}


def connector_cases(homes: Homes, state: dict) -> Iterator[Case]:
    for name, fault in CONNECTOR_WAYS.items():
        def run(f=fault) -> list[str]:
            if "server" not in state:
                servers.start_both(state, homes)
            server, connector = state["server"], state["connector"]
            mark = len(server.lines)
            for _ in range(1 if f["status"] < 300 else 6):
                connector.fault(**f)
            load = Load("T29")
            load.send(server.url, connector, 0, 1)
            time.sleep(5)
            problems = [p for i in load.teams.values() for p in status_problems(i["status"])]
            delivered = f["status"] < 300
            if not delivered and not any(" WARNING " in line for line in server.lines[mark:]):
                problems.append("a reply not delivered, and no warning line")
            connector.faults.clear()
            after = Load("T29b")
            after.send(server.url, connector, 0, 1)
            problems += after.problems(state["double"], connector, 60)
            return problems + server.problems_since(mark) + _log_problems(server.lines[mark:])
        yield Case("api29", f"teams connector: {name}", run)
    yield Case("api29", "teams connector: stop", lambda: servers.stop(state, homes) if "server" in state else [])


def sign_in_cases(homes: Homes, state: dict) -> Iterator[Case]:
    """Microsoft's OpenID metadata failing for a new key id; its keys endpoint down as `serve` starts."""
    def metadata_down() -> list[str]:
        if "server" not in state:
            tokens._start(state, homes)
        login, server = state["proxy"].login, state["server"]
        mark = len(server.lines)
        fresh = signing_key()
        login.keys = [*login.keys, jwk(fresh, kid="fresh-29")]
        login.fail("metadata", "http-500")
        time.sleep(31)  # past PyJWT's 30 s between fetches for unknown key ids
        status = tokens._send(state, f"Bearer {tokens._signed(fresh, kid='fresh-29')}")
        problems = [] if status in (401, 503) else [f"HTTP {status} while the metadata cannot be read, not 401/503"]
        login.heal()
        return problems + _good_token_within(state, fresh, "fresh-29", 45) + server.problems_since(mark)

    def keys_down_at_start() -> list[str]:
        mine: dict = {}
        key = signing_key()
        home = homes.fresh()
        proxy = tokens.ConnectProxy(home, tokens.TENANT)
        proxy.login.keys = [jwk(key)]
        proxy.login.fail("keys", "http-503")
        mine.update(home=home, proxy=proxy, key=key)
        mine["server"] = servers.Server(home, SLACK_BOT_TOKEN="", SLACK_SIGNING_SECRET="", TEAMS_ALLOW_ANONYMOUS="",
                                        CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID=tokens.CLIENT_ID,
                                        CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET=tokens.SECRET,
                                        CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID=tokens.TENANT,
                                        **proxy.environment()).ready()
        status = tokens._send(mine, f"Bearer {bot_token(key, tokens.CLIENT_ID)}")
        problems = [] if status in (401, 503) else [f"HTTP {status} while the keys cannot be read, not 401/503"]
        proxy.login.heal()
        problems += _good_token_within(mine, key, "peerbot-test-key", 45) + mine["server"].problems_since(0)
        return problems + servers.stop(mine, homes)

    yield Case("api29", "sign-in: OpenID metadata 500 for a new key id", metadata_down)
    yield Case("api29", "sign-in: keys endpoint 503 as serve starts", keys_down_at_start)
    yield Case("api29", "sign-in: stop", lambda: servers.stop(state, homes) if "server" in state else [])


def _good_token_within(state: dict, key, kid: str, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if tokens._send(state, f"Bearer {tokens._signed(key, kid=kid)}") == 200:
            return []
        time.sleep(3)
    return [f"a good token still refused {seconds:.0f} s after the keys could be read again"]


# -- bytes29 --------------------------------------------------------------------------------------------------

def _event_bytes(text: str = QUESTION, **extra) -> bytes:
    return json.dumps(app_mention(text, channel="CBYTES29", **extra)).encode()


def _teams_bytes(state: dict, **change) -> bytes:
    return json.dumps({**message(state["connector"].url, QUESTION), **change}).encode()


def _deep(levels: int) -> dict:
    node: dict = {}
    for _ in range(levels):
        node = {"a": node}
    return node


SLACK_BODIES: dict[str, Callable[[dict], tuple[bytes, dict[str, str]]]] = {
    "escaped NUL in the text (answered)": lambda s: (_event_bytes("shared\u0000staff bank"), {}),
    "escaped lone surrogate in the text (answered)": lambda s: (_event_bytes("shared staff \ud83d bank"), {}),
    "raw NUL byte inside a string": lambda s: (_event_bytes().replace(b"shared", b"sha\x00red"), {}),
    "10 MB of valid JSON": lambda s: (_event_bytes(pad="x" * 10_000_000), {}),
    "UTF-16 with its charset": lambda s: (_event_bytes().decode().encode("utf-16"),
                                          {"Content-Type": "application/json; charset=utf-16"}),
}
TEAMS_BODIES: dict[str, Callable[[dict], tuple[bytes, dict[str, str]]]] = {
    "10 MB of valid JSON": lambda s: (_teams_bytes(s, pad="x" * 10_000_000), {}),
    "900 levels in channelData": lambda s: (_teams_bytes(s, channelData=_deep(900)), {}),
    "NaN and Infinity in value": lambda s: (_teams_bytes(s).replace(b'"type": "message"',
                                                                  b'"value": [NaN, Infinity], "type": "message"'), {}),
    "text/plain": lambda s: (_teams_bytes(s), {"Content-Type": "text/plain"}),
    "escaped lone surrogate in from.name": lambda s: (json.dumps({**message(s["connector"].url, QUESTION), "from": {
        "id": "29:x", "name": "Sam \ud800"}}).encode("utf-8", "surrogatepass").replace(b"\xed\xa0\x80", b"\\ud800"),
        {}),
}


def bytes_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def slack(name: str, make: Callable) -> Case:
        def run() -> list[str]:
            setup()
            server, double = state["server"], state["double"]
            mark, before = len(server.lines), _posts(double)
            body, headers = make(state)
            signed = SlackSender(f"{server.url}/slack/events").headers(body.decode("latin-1"), "application/json")
            headers = {k: v for k, v in {**signed, **headers}.items() if v is not None}
            status = post(f"{server.url}/slack/events", body, headers)
            problems = status_problems(status)
            if "(answered)" in name and 200 <= status < 300:
                if not _answered_soon(double, before):
                    problems.append("an acknowledged mention never answered")
                elif any("\\u0000" in json.dumps(c.params) for c in double.calls_to("chat.postMessage", channel="CBYTES29")):
                    problems.append("a NUL in the post")
            return problems + _after(state, status, mark)
        return Case("bytes29", f"slack: {name}", run)

    def teams(name: str, make: Callable) -> Case:
        def run() -> list[str]:
            setup()
            server = state["server"]
            mark = len(server.lines)
            body, headers = make(state)
            status = post(f"{server.url}/api/messages", body, {"Content-Type": "application/json", **headers})
            return status_problems(status) + _after(state, status, mark)
        return Case("bytes29", f"teams: {name}", run)

    for name, make in SLACK_BODIES.items():
        yield slack(name, make)
    yield Case("bytes29", "slack: interaction payload of 10 MB", lambda: _interaction(state, setup))
    for name, make in TEAMS_BODIES.items():
        yield teams(name, make)
    yield Case("bytes29", "stop", lambda: servers.stop(state, homes) if "server" in state else [])


def _posts(double) -> int:
    return len([c for c in double.calls_to("chat.postMessage", channel="CBYTES29") if c.ok])


def _answered_soon(double, before: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _posts(double) > before:
            time.sleep(2)
            return True
        time.sleep(0.5)
    return False


def _interaction(state: dict, setup: Callable[[], None]) -> list[str]:
    setup()
    server = state["server"]
    mark = len(server.lines)
    payload = block_actions("feedback_helpful", "q-1", state["double"].response_url())
    payload["pad"] = "x" * 10_000_000
    try:
        status = SlackSender(f"{server.url}/slack/events").interaction(payload).status
    except OSError:
        status = -1
    return status_problems(status) + _after(state, status, mark)


def _after(state: dict, status: int, mark: int) -> list[str]:
    problems = state["server"].problems_since(mark)
    if status < 0 or state["server"].process.poll() is not None:
        problems.append("the server stopped answering")
        servers.restart(state)
    return problems


CLASSES: dict[str, Callable[[Homes, dict], Iterator[Case]]] = {
    "kill29": kill_cases, "store29": hostile_sweep29_store.cases,
    "api29": lambda homes, state: (c for make in (slack_api_cases, connector_cases, sign_in_cases)
                                   for c in make(homes, state.setdefault(make.__name__, {}))),
    "bytes29": bytes_cases, "cli29": hostile_sweep29_cli.cases}


def main() -> int:
    families = {name: (lambda homes, make=make: make(homes, {})) for name, make in CLASSES.items()}
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], families, "sweep29-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    sys.exit(main())
