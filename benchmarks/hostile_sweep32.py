"""The thirty-second hostile sweep: Teams activities wrong at depth, the wall clock far from today,
settings holding bytes that are not text, each through the real `peerbot` (hashing model) on 127.0.0.1
with the local Slack and Teams doubles; the run-time classes (the clock jumping under `serve`, the
records database replaced mid-run, PostgreSQL sessions ended mid-transaction, SIGKILL as `serve` takes
up a new index, two `serve` on one data folder) are in benchmarks/hostile_sweep32_runtime.py.

Checked against sweeps 1-31 (grep of their case lists): shapes27 set each *top-level* field of a
message missing or of the wrong type and sweep 29 sent 900 levels in channelData, never a field inside
`from`, `conversation`, `recipient`, `channelData.tenant/team/channel`, an entity or an attachment's
content, nor a card submit's `value` nested or holding 100,000 keys; no sweep ran a command under a
wall clock other than today's (sweep 31: libfaketime was not installed; now it is, from Debian); env
sweeps gave numeric and path settings odd *text*, never bytes that are not UTF-8 or an escape code in a
token, a channel id, a time zone or `DATABASE_URL`.

- `teams32`: an anonymous Teams server and the connector double; a message with one field at depth
  missing or of the wrong type (answered where the answer does not need it), odd entities and
  attachments, card submits nested 600 deep or of 100,000 keys, timestamps and locales of nonsense.
  Pass: 2xx or 4xx, no traceback, the server up; an `answered:` case answered.
- `clock32`: `ask`, `index`, `digest --preview` (text and JSON), `digest --post`, `lessons`, `forget
  --before`, `migrate` and `schedule` (SIGTERM after 6 s) under libfaketime's wall clock at 1970-01-01,
  1969 (a negative time), just past 2038-01-19 03:14:07, 2100 and 2262 (near the last instant Python's
  clock can hold); the monotonic clock untouched. Pass: an answer, or one `peerbot` line and status 1
  or 2, never a traceback or hang; `schedule` exits 0 on SIGTERM.
- `env32`: `peerbot serve` (Slack and anonymous Teams) with one setting holding bytes that are not UTF-8
  or an escape code and a line break. Pass: serving (stopped by SIGTERM, exit 0) or one `peerbot` line
  and status 1 or 2; no escape code or token in what it writes.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep32.py --hang 90 [--only teams32 clock32 env32 jump32 store32 pg32 kill32] [--code EXPORT]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import hostile_sweep32_runtime as runtime  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_sweep import Case, Homes, base_env, checked, sweep_main  # noqa: E402
from hostile_sweep27 import _set, _teams_case  # noqa: E402
from slack_double import SlackDouble  # noqa: E402
from teams_doubles import card_action, message  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
sys.setrecursionlimit(20_000)  # the 2,000-deep activity is encoded by the driver
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


# -- teams32: activities wrong at depth ----------------------------------------------------------------

def _deep(levels: int, leaf: object = "x") -> object:
    node: object = leaf
    for _ in range(levels):
        node = {"a": node}
    return node


ODD = {"null": None, "number": 7, "list": [1, "x"], "object": {"a": [None]}, "10 KB": "x" * 10_000}
DEPTH = ["from.id", "from.name", "from.aadObjectId", "from.role", "conversation.id", "conversation.tenantId",
         "conversation.conversationType", "conversation.isGroup", "recipient.id", "channelData.tenant.id",
         "channelData.tenant"]
KEPT = ["from.name", "from.aadObjectId", "from.role", "conversation.tenantId", "conversation.isGroup",
        "recipient.name", "channelData.tenant.id", "localTimestamp", "localTimezone", "timestamp", "locale"]


def teams_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def case(name: str, make: Callable[[str], object], **kw) -> Case:
        return _teams_case("teams32", name, state, setup, make, **kw)

    for path in DEPTH:
        for kind in ("missing", "null", "list", "10 KB") if path.startswith(("from.id", "conversation.id")) else (
                "missing", "list", "object"):
            value = ... if kind == "missing" else ODD[kind]
            yield case(f"{path}={kind}", lambda u, p=path, v=value: _set(message(u, QUESTION), p, v))
    for path in KEPT:  # the answer does not need these: odd values still get the question answered
        yield case(f"answered:{path}=odd", lambda u, p=path: _set(message(u, QUESTION), p, [{"x": 1e308}, None]),
                   answered=True)
    channel = lambda u: message(u, QUESTION, kind="channel", conversation="19:c32@thread.tacv2", mention=True)  # noqa: E731
    for path, value in {"channelData.team": [1], "channelData.team.id": {"x": 1}, "channelData.channel": "General",
                        "channelData.channel.id": 5, "channelData.channel.type": ["private"],
                        "channelData.eventType": {"a": 1}, "channelData.settings": _deep(600)}.items():
        yield case(f"channel:{path}={type(value).__name__}", lambda u, p=path, v=value: _set(channel(u), p, v))
    mention = {"type": "mention", "text": "<at>peerbot</at>", "mentioned": {"id": "28:bot", "name": "peerbot"}}
    for name, entities in {"mentioned a string": [{**mention, "mentioned": "peerbot"}],
                           "mentioned.id a list": [{**mention, "mentioned": {"id": ["a"], "name": None}}],
                           "mention text a number": [{**mention, "text": 5}],
                           "entity type a list": [{"type": ["mention"]}],
                           "clientInfo odd": [{"type": "clientInfo", "locale": {"x": 1}, "timezone": "Mars/Phobos",
                                               "platform": 5}],
                           "entities 600 deep": [_deep(600)], "10,000 mentions": [mention] * 10_000}.items():
        yield case(f"entities:{name}", lambda u, e=entities: {**message(u, QUESTION, mention=True), "entities": e})
    for name, attachments in {"contentType a number": [{"contentType": 5, "content": "x"}],
                              "card content 600 deep": [{"contentType": "application/vnd.microsoft.card.adaptive",
                                                         "content": _deep(600)}],
                              "card body of nulls": [{"contentType": "application/vnd.microsoft.card.adaptive",
                                                      "content": {"type": "AdaptiveCard", "body": [None] * 1000}}],
                              "html content an object": [{"contentType": "text/html", "content": {"p": 1}}],
                              "contentUrl javascript": [{"contentType": "image/png", "contentUrl": "javascript:alert(1)",
                                                         "name": "n" * 100_000}],
                              "file download info odd": [{"contentType": "application/vnd.microsoft.teams.file.download.info",
                                                          "content": {"downloadUrl": ["x"], "fileType": None}}]}.items():
        yield case(f"attachments:{name}", lambda u, a=attachments: {**message(u, QUESTION), "attachments": a})
    for verb in ("peerbot.feedback", "peerbot.lesson"):
        for name, data in {"600 deep": _deep(600), "100,000 keys": {f"k{i}": i for i in range(100_000)},
                           "question_id 600 deep": {"question_id": _deep(600), "helpful": True},
                           "fields of lists": {"title": [["t"]], "lesson": [{"x": None}], "question_id": [[1]]}}.items():
            yield case(f"submit {verb}:{name}", lambda u, v=verb, d=data: card_action(u, v, d))
    yield case("submit value 600 deep, no action", lambda u: {**card_action(u, "peerbot.feedback", {}), "value": _deep(600)})
    yield case("message value 600 deep", lambda u: {**message(u, ""), "value": _deep(600)})
    yield case("text of 10,000 unclosed <at>", lambda u: message(u, "<at>" * 10_000 + QUESTION))
    yield case("answered:textFormat xml", lambda u: {**message(u, QUESTION), "textFormat": "xml"}, answered=True)
    yield case("replyToId 600 deep", lambda u: {**message(u, QUESTION), "replyToId": _deep(600)})
    yield case("whole activity 2,000 deep in an extra key", lambda u: {**message(u, QUESTION), "extra": _deep(2000)})


# -- clock32: the wall clock far from today --------------------------------------------------------------

CLOCKS = {"1970-01-01": "@1970-01-01 00:00:00", "1969 (negative)": "@1969-06-01 12:00:00",
          "past 2038-01-19": "@2038-01-19 03:14:10", "2100": "@2100-03-01 09:00:00", "2262": "@2262-04-01 00:00:00"}


def clock_env(home: Path, clock: str, **more: str) -> dict[str, str]:
    """Settings under libfaketime's clock starting at `clock` (the monotonic clock with it: libfaketime's
    sleep fails when only the wall clock is moved, which no real clock does)."""
    return base_env(home, LD_PRELOAD=FAKETIME, FAKETIME=clock, **more)


def _schedule(env: dict[str, str]) -> list[str]:
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "schedule"], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(6)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return ["`peerbot schedule` still running 30 s after SIGTERM"]
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return hostile_sweep.judge_cli(["schedule"], process.returncode, decode(out), decode(err))


def clock_cases(homes: Homes) -> Iterator[Case]:
    def command(name: str, clock: str, argv: list[str], slack: bool = False, change: bool = False) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            double = SlackDouble().start() if slack else None
            try:
                extra = servers.slack_env(double, DIGEST_CHANNELS="C0DIGEST32") if double else {}
                if change:
                    (home / "knowledge" / "clock32.md").write_text(
                        "---\ntitle: Clock lesson\npublisher: NHS Providers\n---\n\n# Staff bank\n\n"
                        "The trusts shared one staff bank, agreed by every board in turn.\n")
                env = clock_env(home, clock, **extra)
                return _schedule(env) if argv == ["schedule"] else checked(argv, env)
            finally:
                if double:
                    double.stop()
                homes.discard(home)
        return Case("clock32", f"{name}:{' '.join(argv)}", run)

    for name, clock in CLOCKS.items():
        yield command(name, clock, ["ask", "--json", QUESTION])
        yield command(name, clock, ["index"], change=True)
        yield command(name, clock, ["digest", "--preview"])
        yield command(name, clock, ["digest", "--preview", "--json"])
        yield command(name, clock, ["digest", "--post"], slack=True)
        yield command(name, clock, ["lessons"])
        yield command(name, clock, ["forget", "--before", "2026-01-01"])
        yield command(name, clock, ["migrate"])
        yield command(name, clock, ["schedule"], slack=True)


# -- env32: settings holding bytes that are not text ----------------------------------------------------

SETTINGS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PORT", "HOST", "DIGEST_TIMEZONE",
            "DIGEST_CHANNELS", "DIGEST_DAY", "DIGEST_TIME", "DATABASE_URL", "PEERBOT_RETENTION_DAYS",
            "PEERBOT_RELOAD_SECONDS", "PEERBOT_MODEL", "PEERBOT_CURATORS", "PEERBOT_REVIEW_CHANNEL",
            "PEERBOT_HASH_KEY", "TEAMS_ALLOW_ANONYMOUS", "SLACK_CLIENT_ID", "PEERBOT_THREADS", "TZ", "LC_ALL"]
VALUES = {"bytes": os.fsdecode(b"zq\xff\xfeq7zx"), "escape": "C0AB\x1b[2J\x1b]0;owned\x07\nC0CD"}


def _serve_judged(home: Path, env: dict[str, str]) -> list[str]:
    server = servers.Server(home, **env)
    settled = server.settled(120)
    if settled is None:
        server.kill()
        return ["neither serving nor stopped within 120 s"]
    problems = server.problems_since(0) + (server.stop() if settled else server.exit_problems())
    text = "\n".join(server.lines)
    if "\x1b" in text or "\x07" in text:
        problems.append("an escape code in the log")
    secret = next((k for k in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PEERBOT_HASH_KEY")
                   if "q7zx" in env.get(k, "")), None)
    if secret and "q7zx" in text:
        problems.append(f"{secret}'s value in the log")
    return problems


def env_cases(homes: Homes) -> Iterator[Case]:
    for setting in SETTINGS:
        for kind, value in VALUES.items():
            def run(s=setting, v=value) -> list[str]:
                home = homes.fresh()
                double = SlackDouble().start()
                try:
                    env = {**servers.two_surfaces_env(double), s: v}
                    return _serve_judged(home, env)
                finally:
                    double.stop()
                    homes.discard(home)
            yield Case("env32", f"serve:{setting}={kind}", run)


_TEAMS: dict = {}


def _teams_with_teardown(homes: Homes) -> Iterator[Case]:
    yield from teams_cases(homes, _TEAMS)
    yield Case("teams32", "teardown", lambda: servers.stop(_TEAMS, homes))


FAMILIES = {"teams32": _teams_with_teardown, "clock32": clock_cases, "env32": env_cases, **runtime.FAMILIES}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "sweep32-", 3,
                        lambda name, jobs: jobs if name in ("clock32", "env32") else 1))
