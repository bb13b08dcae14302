"""The twenty-sixth hostile sweep: rotating Slack tokens, the knowledge folder changing under a running
server, a full disk under `peerbot serve`, and settings of absurd size or odd digits; through the real
processes (`peerbot serve` on 127.0.0.1 with the Slack double and real signing; `peerbot` commands).

Sweeps 1-25 (their lists checked) installed workspaces with rotating tokens only to store them (sweep 24:
`expires_in` out of reach) and never let one expire; reloaded a newer index only as published whole
(sweeps 4, 8); put file-size limits on commands only (limits22, fsize6); and set numeric settings to
`0`, `nan`, `1e30`, `5 MB`, `1_000`, `0x10` (env15, env22), never to other scripts' digits, 100 KB, or
text not UTF-8.

- `rotate26`: a workspace installed with token rotation on, its first token then expired; the refresh
  (oauth.v2.access, grant_type refresh_token) answered well, refused with each error code, HTML, not JSON,
  `ok: true` without a token or with a user token, an expiry of text, negative, 10**30 or 5,000 digits,
  no new refresh token, reset, cut, 40 s of silence; the database refusing to keep the new token; two
  mentions at once; `digest --post` to the workspace; `serve` restarted after a refresh.
- `reload26`: `serve` reloading every second while each file of the knowledge folder that is read on
  load (contacts, enablers, out-of-scope, topic lists, example questions) is emptied, cut to a third,
  made random bytes, valid YAML of the wrong shape, a folder, or given a BOM and CRLF, as `peerbot index`
  publishes a new lesson; then mended: the new lesson is answered (each file's last case).
- `fsize26`: `serve` under RLIMIT_FSIZE (0 bytes, the records database's size, +16 KB, +256 KB) answering
  a burst of mentions, then restarted without it and Slack's retries of any refused sent.
- `env26`: each numeric setting as Arabic-Indic and fullwidth digits, 1e-400, 100 KB of digits, a
  newline inside, text not UTF-8; each text setting as 100 KB, not UTF-8, `<!channel>`, a zero-width
  space; under `peerbot migrate` (digest settings under `digest --preview`).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep26.py --hang 120 --jobs 3 --only env26
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep26.py --hang 120 --only rotate26 fsize26
    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep26.py --hang 120 --only reload26

Pass rule (sweep 23's): a 2xx, or a 4xx with no traceback in the log; each question acknowledged answered
exactly once (after a restart too); no token, refresh token or client secret in any log; the server still
serving; a clean exit on SIGTERM; a command's failure one `peerbot:` line and exit 1 or 2.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import STATE_SECRET, _begin_install, _get, _judged_server, _oauth_start  # noqa: E402
from hostile_sweep16 import _mention_answered  # noqa: E402
from hostile_sweep23 import _log_problems  # noqa: E402
from slack_double import (  # noqa: E402
    API_APP_ID,
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    event_callback,
)
from sweep_servers import Server  # noqa: E402

QUESTION = "How did others build trust between boards?"
DIGITS = "7" * 5000


def _mention_in(team: str, text: str) -> dict:
    body = event_callback(app_mention(text)["event"])
    body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team
    return body


def _answers(double: SlackDouble, ts: str) -> list:
    return [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]


def _secrets(lines: list[str], *secrets: str) -> list[str]:
    found = [s for s in (*secrets, CLIENT_SECRET) if s and any(s in line for line in lines)]
    return ["a token or secret in the log"] if found else []


# -- rotate26 -----------------------------------------------------------------------------------------------------

def _install_rotating(server: Server, double: SlackDouble, team: str) -> tuple[str, str]:
    """`team` installed with rotation on (its token has an hour left), then that token expired."""
    token, refresh = f"xoxe.xoxb-{team}-first", f"xoxe-1-{team}-refresh"
    answer = {"ok": True, "app_id": API_APP_ID, "authed_user": {"id": "U0INSTALLER"}, "scope": "chat:write",
              "token_type": "bot", "access_token": token, "bot_user_id": BOT_USER_ID, "refresh_token": refresh,
              "expires_in": 3600, "team": {"id": team, "name": "Rotating"}, "enterprise": None,
              "is_enterprise_install": False}
    double.installed[token] = team
    double.refresh_tokens[refresh] = team
    double.fault("oauth.v2.access", "body", times=1, status=200, body=json.dumps(answer).encode())
    cookie, oauth_state = _begin_install(server.port)
    status, _, _ = _get(server.port, f"/slack/oauth_redirect?code=c0de&state={oauth_state}", cookie)
    if status != 200:
        raise AssertionError(f"the rotating install answered {status}")
    double.expired.add(token)
    return token, refresh


def _refresh_answer(team: str, **change) -> bytes:
    """A refresh's answer with `change` (a value KeyError: the key left out); its token is accepted."""
    answer = {"ok": True, "app_id": API_APP_ID, "token_type": "bot", "access_token": f"xoxe.xoxb-{team}-odd",
              "refresh_token": f"xoxe-1-{team}-refresh", "expires_in": 43200, "bot_user_id": BOT_USER_ID,
              "team": {"id": team}}
    for key, value in change.items():
        if value is KeyError:
            answer.pop(key)
        else:
            answer[key] = value
    return json.dumps(answer).replace('"__digits__"', DIGITS).encode()


REFRESH_REFUSED = ["invalid_refresh_token", "invalid_client_id", "bad_client_secret", "invalid_grant_type",
                   "token_revoked", "ratelimited", "internal_error", "fatal_error"]
REFRESH_ODD = {  # answered 200 with this shape: (answer, whether a usable token comes)
    "ok-true-no-token": ({"access_token": KeyError}, False),
    "token-type-user": ({"token_type": "user"}, False),
    "token-a-number": ({"access_token": 12345}, False),
    "expires-in-text": ({"expires_in": "43200"}, True),
    "expires-in-negative": ({"expires_in": -5}, True),
    "expires-in-10**30": ({"expires_in": 10**30}, True),
    "expires-in-5000-digits": ({"expires_in": "__digits__"}, False),  # the answer cannot be read at all
    "no-new-refresh-token": ({"refresh_token": KeyError}, True),
}
REFRESH_FAULTS = {"html-500": ("http", 500), "not-json": ("invalid_json", 200), "reset": ("reset", 599),
                  "cut": ("cut", 200), "silent-40s": ("slow", 200)}


def _rotation(arrange: Callable[[SlackDouble, str], None] | None, usable: bool, mentions: int = 1,
              settle: float = 5) -> Callable:
    """A rotating install, its refresh arranged by `arrange`; `mentions` at once: each answered once with a
    new token when `usable`, else (after `settle` s) one warning line; once healed, a mention answered."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        team = f"T0RT{random.randrange(10**6):06d}"
        mark = len(server.lines)
        double.heal("oauth.v2.access")
        first, refresh = _install_rotating(server, double, team)
        if arrange:
            arrange(double, team)
        bodies = [_mention_in(team, f"{QUESTION} {uuid.uuid4().hex[:6]}") for _ in range(mentions)]
        sender = SlackSender(f"{server.url}/slack/events")
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda b=b: statuses.append(sender.event(b).status)) for b in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        problems = [p for status in statuses for p in status_problems(status)]
        if usable:
            _wait(lambda: all(_answers(double, b["event"]["ts"]) for b in bodies), 90)
            time.sleep(2)
            for body in bodies:
                shown = _answers(double, body["event"]["ts"])
                if len(shown) != 1 or shown[0].token == first:
                    problems.append(f"answered {len(shown)} times (expected once, with a new token)")
            refreshed = [c for c in double.calls_to("oauth.v2.access", grant_type="refresh_token") if c.ok]
            if len(refreshed) > 1:
                problems.append(f"refreshed {len(refreshed)} times")
        else:
            time.sleep(settle)
            if not any("was not refreshed" in line for line in server.lines[mark:]):
                problems.append("no 'was not refreshed' line")
            double.heal("oauth.v2.access")
            body = _mention_in(team, f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems += status_problems(sender.event(body).status)
            if not _wait(lambda: _answers(double, body["event"]["ts"]), 90):
                problems.append("not answered once Slack refreshed the token again")
        double.heal("oauth.v2.access")
        tokens = {c.token for c in double.calls if c.token.startswith("xoxe.")}
        return problems + _secrets(server.lines[mark:], first, refresh, *tokens)
    return run_it


def _refused(code: str) -> Callable:
    def arrange(double: SlackDouble, team: str) -> None:
        double.fault("oauth.v2.access", "body", times=None, status=200,
                     body=json.dumps({"ok": False, "error": code}).encode())
    return arrange


def _odd(change: dict) -> Callable:
    def arrange(double: SlackDouble, team: str) -> None:
        double.installed[f"xoxe.xoxb-{team}-odd"] = team
        double.fault("oauth.v2.access", "body", times=None, status=200, body=_refresh_answer(team, **change))
    return arrange


def _faulted(kind: str, status: int) -> Callable:
    def arrange(double: SlackDouble, team: str) -> None:
        double.fault("oauth.v2.access", kind, times=None, status=status, seconds=40 if kind == "slow" else 0.0,
                     body=b"<html>busy</html>" if kind == "http" else b"")
    return arrange


def _db_refuses(server: Server, double: SlackDouble) -> list[str]:
    """The records database refusing the new token's row: answered all the same, one warning line."""
    team = f"T0RD{random.randrange(10**6):06d}"
    with sqlite3.connect(server_home[0] / "data" / "peerbot.db") as db:
        db.execute(f"CREATE TRIGGER refuse_{team} BEFORE UPDATE ON slack_bots WHEN NEW.team_id = '{team}' "
                   "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    mark = len(server.lines)
    first, refresh = _install_rotating(server, double, team)
    body = _mention_in(team, f"{QUESTION} {uuid.uuid4().hex[:6]}")
    problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
    _wait(lambda: _answers(double, body["event"]["ts"]), 90)
    time.sleep(2)
    shown = _answers(double, body["event"]["ts"])
    if len(shown) != 1:
        problems.append(f"answered {len(shown)} times (expected once)")
    if not any("was not stored" in line for line in server.lines[mark:]):
        problems.append("no 'was not stored' line")
    return problems + _secrets(server.lines[mark:], first, refresh, *(c.token for c in shown))


def _digest(server: Server, double: SlackDouble) -> list[str]:
    """`digest --post` to a workspace whose rotating token expired: posted once, with a new token."""
    team, channel = f"T0RG{random.randrange(10**6):06d}", f"C0RG{random.randrange(10**6):06d}"
    first, refresh = _install_rotating(server, double, team)
    env = base_env(server_home[0], SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url,
                   SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET, SLACK_STATE_SECRET=STATE_SECRET,
                   DIGEST_CHANNELS=f"{team}:{channel}")
    rc, out, err = run_cli(["digest", "--post"], env, timeout=300)
    problems = judge_cli(["digest", "--post"], rc, out, err)
    posts = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
    if len(posts) != 1 or posts[0].token == first:
        problems.append(f"the digest posted {len(posts)} times (expected once, with a new token)")
    return problems + _secrets((out + err).splitlines(), first, refresh, *(c.token for c in posts))


def _restarted(homes: Homes) -> Case:
    """A refresh, then `serve` killed and started again (a server of its own): the stored new token used,
    not refreshed again."""
    def run() -> list[str]:
        state: dict = {}
        try:
            _oauth_start(state, homes)
            server, double = state["server"], state["double"]
            team = f"T0RS{random.randrange(10**6):06d}"
            _install_rotating(server, double, team)
            first = _mention_in(team, f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(first).status)
            _wait(lambda: _answers(double, first["event"]["ts"]), 90)
            state["restart"](state)
            server = state["server"]
            body = _mention_in(team, f"{QUESTION} {uuid.uuid4().hex[:6]}")
            problems += status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            _wait(lambda: _answers(double, body["event"]["ts"]), 90)
            if len(_answers(double, body["event"]["ts"])) != 1:
                problems.append("not answered once after the restart")
            refreshed = [c for c in double.calls_to("oauth.v2.access", grant_type="refresh_token") if c.ok]
            if len(refreshed) != 1:
                problems.append(f"refreshed {len(refreshed)} times (expected once)")
            return problems + _log_problems(server)
        finally:
            servers.stop(state, homes)
    return Case("rotate26", "serve-restarted-after-a-refresh", run)


server_home: list[Path] = []  # the home of the class's one server


def rotate26_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        _oauth_start(s, h)
        server_home[:] = [s["home"]]

    cls = "rotate26"
    yield _judged_server(state, homes, cls, "refresh-answered-well", _rotation(None, True), start)
    yield _judged_server(state, homes, cls, "two-mentions-at-once", _rotation(None, True, mentions=2), start)
    yield _judged_server(state, homes, cls, "five-mentions-at-once", _rotation(None, True, mentions=5), start)
    for code in REFRESH_REFUSED:
        yield _judged_server(state, homes, cls, f"refused:{code}", _rotation(_refused(code), False), start)
    for name, (change, usable) in REFRESH_ODD.items():
        yield _judged_server(state, homes, cls, f"odd:{name}", _rotation(_odd(change), usable), start)
    for name, (kind, status) in REFRESH_FAULTS.items():
        yield _judged_server(state, homes, cls, f"fault:{name}",
                             _rotation(_faulted(kind, status), False, settle=45 if kind == "slow" else 5), start)
    yield _judged_server(state, homes, cls, "database-refuses-the-new-token", _db_refuses, start)
    yield _judged_server(state, homes, cls, "digest-post-expired-token", _digest, start)
    yield Case(cls, "teardown", lambda: (_log_problems(state["server"]) + servers.stop(state, homes)) if state else [])
    yield _restarted(homes)


# -- reload26 -----------------------------------------------------------------------------------------------------

SUPPORT = ["out_of_scope.yaml", "nhs_topics.yaml", "everyday_topics.yaml", "example_questions.yaml", "contacts.yaml",
           "enablers.yaml"]


def _damages(good: bytes) -> dict[str, Callable[[Path], None]]:
    rng = random.Random(26)
    return {
        "emptied": lambda p: p.write_bytes(b""),
        "cut-at-a-third": lambda p: p.write_bytes(good[:len(good) // 3]),
        "random-bytes": lambda p: p.write_bytes(bytes(rng.randrange(256) for _ in range(4096))),
        "wrong-shape": lambda p: p.write_bytes(b"- 1\n- 2\n"),
        "a-folder": lambda p: (p.unlink(), p.mkdir()),
        "bom-and-crlf": lambda p: p.write_bytes(b"\xef\xbb\xbf" + good.replace(b"\n", b"\r\n")),
    }


RELOAD_DAMAGES = ["bom-and-crlf", "random-bytes", "a-folder", "emptied"]  # of _damages (time allows these); one that
# fails the load last, as the file's taken-up case looks for the last lesson published


def _lesson(knowledge: Path, word: str) -> str:
    title = f"Pooling orders for {word} pumps"
    (knowledge / f"{word}.md").write_text(
        f"---\ntitle: {title}\npublisher: Southmoor Collaborative\n---\n\n## What we did\n\nFour trusts pooled their "
        f"orders for {word} pumps and agreed one {word} model for every ward. Nurses from each trust tested three "
        f"{word} pumps on a training ward before anyone signed a contract.\n")
    return title


def _served(server: Server, double: SlackDouble, word: str) -> bool:
    body = app_mention(f"How did trusts pool their orders for {word} pumps? {uuid.uuid4().hex[:4]}")
    SlackSender(f"{server.url}/slack/events").event(body)
    posts = _wait(lambda: _answers(double, body["event"]["ts"]), 60)
    return any(word in c.blocks_text + str(c.get("text", "")) for c in posts)


def _mend(path: Path, good: bytes) -> None:
    if path.is_dir():
        path.rmdir()
    path.write_bytes(good)


def _reloaded(name: str, damage: str, words: dict[str, str]) -> Callable:
    """A new lesson published while `name` is damaged: the server answers on (once), no traceback; the
    file mended (nothing newer published)."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        knowledge = server_home[0] / "knowledge"
        path = knowledge / name
        good = path.read_bytes()
        word = f"quill{uuid.uuid4().hex[:6]}"
        _lesson(knowledge, word)
        words[name] = word
        _damages(good)[damage](path)
        env = base_env(server_home[0])
        try:
            rc, out, err = run_cli(["index"], env, timeout=300)
            problems = judge_cli(["index"], rc, out, err)
            time.sleep(4)  # the server's reload (each second) meets the damaged file
            problems += _mention_answered(server, double)
        finally:
            _mend(path, good)
        rc, out, err = run_cli(["index"], env, timeout=300)  # publishes what a failed `index` did not
        return problems + judge_cli(["index"], rc, out, err)
    return run_it


def _taken_up(name: str, words: dict[str, str]) -> Callable:
    """`name` mended: the last lesson published is answered within 75 s (no newer generation appears)."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        word = words.get(name)
        if word is None:
            return ["no lesson was published"]
        deadline = time.monotonic() + 75
        while time.monotonic() < deadline:
            if _served(server, double, word):
                return []
            time.sleep(5)
        return [f"the lesson published while {name} was damaged is not answered 75 s after it was mended"]
    return run_it


def reload26_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    words: dict[str, str] = {}

    def start(s: dict, h: Homes) -> None:
        servers.start(s, h, lambda d: servers.slack_env(d, PEERBOT_RELOAD_SECONDS="1"))
        server_home[:] = [s["home"]]

    for name in SUPPORT:
        for damage in RELOAD_DAMAGES:
            yield _judged_server(state, homes, "reload26", f"{name}:{damage}", _reloaded(name, damage, words), start)
        yield _judged_server(state, homes, "reload26", f"{name}:mended-and-taken-up", _taken_up(name, words), start)
    yield Case("reload26", "teardown", lambda: (_log_problems(state["server"]) + servers.stop(state, homes))
               if state else [])


# -- fsize26 ------------------------------------------------------------------------------------------------------

class LimitedServer(Server):
    """`peerbot serve` whose files may grow to `limit` bytes at most (RLIMIT_FSIZE)."""

    def __init__(self, home: Path, limit: int, **env: str):
        self.port = servers.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"], cwd=hostile_sweep.CODE[0],
            env=base_env(home, HOST="127.0.0.1", PORT=str(self.port), **env), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="backslashreplace",
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()


def _full_disk(homes: Homes, label: str, extra: int | None) -> Case:
    """A burst of 8 mentions to `serve` under RLIMIT_FSIZE; then `serve` without it and Slack's retries of
    the refused: every mention answered exactly once."""
    def run() -> list[str]:
        home, double = homes.fresh(), SlackDouble().start()
        server: Server | None = None
        try:
            database = home / "data" / "peerbot.db"
            size = database.stat().st_size if database.exists() else 0
            limit = 0 if extra is None else size + extra
            server = LimitedServer(home, limit, **servers.slack_env(double))
            settled = server.settled(150)
            if settled is None:
                return ["neither ready nor exited within 150 s"]
            if settled is False:  # refused to start: one line
                problems = server.exit_problems(must_fail=True)
                server = Server(home, **servers.slack_env(double)).ready()
                return problems + _mention_answered(server, double) + server.stop()
            sender = SlackSender(f"{server.url}/slack/events")
            bodies = [app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]} {'x' * 2000}") for _ in range(8)]
            statuses = [sender.event(body).status for body in bodies]
            time.sleep(10)
            problems = server.problems_since(0)
            server.kill()
            server = Server(home, **servers.slack_env(double)).ready()
            sender = SlackSender(f"{server.url}/slack/events")
            for body, status in zip(bodies, statuses, strict=True):
                if not 200 <= status < 300:  # Slack sends it again
                    problems += status_problems(sender.event(body, retry_num=1).status)
            for body in bodies:
                _wait(lambda b=body: _answers(double, b["event"]["ts"]), 90)
            time.sleep(3)
            for body, status in zip(bodies, statuses, strict=True):
                shown = len(_answers(double, body["event"]["ts"]))
                if shown != 1:
                    problems.append(f"a mention acknowledged {status} answered {shown} times")
            return problems + server.problems_since(0) + server.stop()
        finally:
            if server is not None:
                server.kill()
            double.stop()
            homes.discard(home)
    return Case("fsize26", label, run)


def fsize26_cases(homes: Homes) -> Iterator[Case]:
    yield _full_disk(homes, "fsize-0", None)
    yield _full_disk(homes, "fsize-database-size", 0)
    yield _full_disk(homes, "fsize-plus-16KB", 16 * 1024)
    yield _full_disk(homes, "fsize-plus-256KB", 256 * 1024)


# -- env26 --------------------------------------------------------------------------------------------------------

NUMERIC = ["PEERBOT_ANSWER_THREADS", "PEERBOT_BUILD_WORKERS", "PEERBOT_LEASE_SECONDS", "PEERBOT_MAX_DOCUMENT_MB",
           "PEERBOT_QUERY_BATCH", "PEERBOT_QUERY_WINDOW_MS", "PEERBOT_RELOAD_SECONDS", "PEERBOT_RETENTION_DAYS",
           "PEERBOT_START_GRACE_SECONDS", "PEERBOT_START_SECONDS", "PEERBOT_THREADS"]
NUMBERS = {"arabic-indic": "\u0663\u0660", "fullwidth": "\uff13\uff10", "1e-400": "1e-400", "100KB-digits": "9" * 100_000,
           "newline-inside": "5\n6", "not-utf8": "5\udcff"}
TEXT = ["DIGEST_DAY", "DIGEST_TIME", "DIGEST_TIMEZONE", "DIGEST_CHANNELS", "PEERBOT_CURATORS", "PEERBOT_REVIEW_CHANNEL",
        "PEERBOT_MODEL", "PEERBOT_QUERY_ENCODER", "PEERBOT_HASH_KEY", "SLACK_API_URL", "DATABASE_URL",
        "TEAMS_ALLOW_ANONYMOUS", "SLACK_CLIENT_SECRET"]
TEXTS = {"100KB": "C0123ABCD," * 10_000, "not-utf8": "abc\udcff\udcfe", "channel-ping": "<!channel> x",  # stderr only
         "zero-width": "\u200bmonday\u200b"}


def _setting(homes: Homes, name: str, label: str, value: str) -> Case:
    argv = ["digest", "--preview"] if name.startswith("DIGEST_") or name == "PEERBOT_CURATORS" else ["migrate"]

    def run() -> list[str]:
        home = homes.fresh()
        try:
            rc, out, err = run_cli(argv, {**base_env(home), name: value}, timeout=hostile_sweep.LIMITS["hang"])
            problems = judge_cli(argv, rc, out, err)
            if name in ("PEERBOT_HASH_KEY", "SLACK_CLIENT_SECRET") and value[:40] in out + err:
                problems.append("the secret's value is echoed")
            if len(err) > 5000:
                problems.append(f"{len(err)} characters on standard error (the value echoed whole?)")
            return problems
        finally:
            homes.discard(home)
    return Case("env26", f"{name}={label}", run)


def env26_cases(homes: Homes) -> Iterator[Case]:
    for name in NUMERIC:
        for label, value in NUMBERS.items():
            yield _setting(homes, name, label, value)
    for name in TEXT:
        for label, value in TEXTS.items():
            yield _setting(homes, name, label, value)


FAMILIES = {"rotate26": rotate26_cases, "reload26": reload26_cases, "fsize26": fsize26_cases, "env26": env26_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile26-", 1,
                                    lambda name, jobs: jobs if name == "env26" else 1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
