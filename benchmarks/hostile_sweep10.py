"""The tenth hostile sweep: classes the first nine left thin, through the real processes on 127.0.0.1
with the Slack double.

- `rows10`: `peerbot.db` whose schema is right but one row is not as peerbot writes it (a value that is
  not JSON where JSON is kept, JSON of another shape, NULL where text is read, a date that is not
  one), in each table a command reads: `lessons`, `lessons --pending`, `lessons approve`,
  `digest --preview`, `forget --before`, `teams-conversations`, `ask`; and the inbox holding items
  no peerbot wrote, under `serve`. A correct product answers or says one `peerbot:` line, never a
  traceback, and leaves the row where it was (nothing moved aside, nothing deleted); `serve` closes
  a Slack inbox item it cannot rebuild in one line (one of a kind it does not answer it leaves
  pending) and answers the next mention.
- `cache10`: the data folder's kept example-question vectors (`cache/example-questions-*.npy`)
  replaced by a named pipe, a folder, a symlink loop, a link to /dev/zero, zero bytes, half a file,
  a header claiming a billion rows, a pickled object array, NaNs, another dtype; under `ask --json`:
  answered (the vectors made again), no hang, no traceback.
- `examples10`: `knowledge/example_questions.yaml` damaged (invalid UTF-8, UTF-16 with a BOM, a NUL,
  an alias bomb, a list at the top, entries that are numbers or miss a field, a 3 MB evidence line,
  a folder, a named pipe, a symlink loop) under `ask --json`, `index` and `serve` (ready, or one
  line): one line or an answer, no hang, no traceback.
- `grid10`: Slack Enterprise Grid. peerbot installed by OAuth into a workspace that belongs to an
  enterprise organisation (oauth.v2.access names the enterprise, as Slack does there), then that
  workspace's mention, `/peer`, Home tab and Helpful click arrive carrying `enterprise_id`: each
  acknowledged one answered with that workspace's own token; and the same kinds from a workspace of
  the organisation peerbot was not installed in: refused or ignored, never answered with another
  workspace's token.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep10.py --hang 90 [--only CLASS ...]
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import QUESTION  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import CLIENT_ID, CLIENT_SECRET, STATE_SECRET, _begin_install, _get  # noqa: E402
from slack_double import (  # noqa: E402
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
)
from sweep_servers import Server, slack_env  # noqa: E402

LESSON = {"id": 1, "status": "pending", "title": "A shared staff bank", "did": "We pooled bank staff.",
          "learned": "Agree rates first.", "organisation": "Example Health Partnership", "contact": "",
          "contact_agreed": 0, "contributor": "", "contributor_named": 0, "enablers": "[]", "question": "",
          "question_id": "", "platform": "slack", "submitter": "h:0123456789abcdef0123456789abcdef",
          "quoted_author": "", "channel": "", "workspace": "", "submitted_at": "2026-11-20T10:00:00+00:00",
          "decided_at": None, "decided_by": None, "document_id": None, "review": "{}"}
QUESTION_ROW = {"id": "q-damaged-1", "asked_at": "2026-11-24T10:00:00+00:00", "platform": "slack", "channel": "",
                "question": "How do collaboratives share a staff bank?", "answered": 1, "document_ids": "[]",
                "enabler_ids": "[]", "off_topic": 0, "place": "public", "workspace": ""}
CONVERSATION = {"id": "a:teams-chat-1", "platform": "teams", "workspace": "", "digest_opt_in": 1,
                "added_at": "2026-11-20T10:00:00+00:00",
                "reference": json.dumps({"service_url": "https://smba.trafficmanager.net/", "conversation": {"id": "19:x"}})}
WEEK = "2026-W48"


# -- rows10: one row of peerbot.db not as peerbot writes it ---------------------------------------------

def _prepare(homes: Homes) -> None:
    """The template's records database made (every migration), so each case can add its row."""
    rc, _, err = run_cli(["migrate"], base_env(homes.template), timeout=300)
    if rc:
        raise SystemExit(f"could not make the template's records database: {err}")


def _insert(home: Path, table: str, row: dict) -> None:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        names = ", ".join(row)
        db.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def _rows(home: Path, table: str) -> int:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _nothing_lost(home: Path, table: str, before: int) -> list[str]:
    problems = []
    aside = [p.name for p in (home / "data").iterdir() if "damaged" in p.name]
    if aside:
        problems.append(f"moved aside: {aside}")
    elif _rows(home, table) < before:
        problems.append(f"{table}: {before - _rows(home, table)} row(s) gone")
    return problems


ROW_CASES: list[tuple[str, str, dict, list[str]]] = [
    # (name, table, the row's damage, the command)
    ("lesson-enablers-not-json", "lessons", {"enablers": "not json"}, ["lessons"]),
    ("lesson-enablers-a-number", "lessons", {"enablers": "5"}, ["lessons"]),
    ("lesson-enablers-null", "lessons", {"enablers": None}, ["lessons", "--pending"]),
    ("lesson-review-cut-short", "lessons", {"review": '{"channel": "C1"'}, ["lessons"]),
    ("lesson-review-a-list", "lessons", {"review": "[1, 2]"}, ["lessons", "approve", "1"]),
    ("lesson-title-null", "lessons", {"title": None}, ["lessons"]),
    ("lesson-submitted-at-null", "lessons", {"submitted_at": None}, ["lessons"]),
    ("lesson-enablers-not-json:approve", "lessons", {"enablers": "[1,"}, ["lessons", "approve", "1"]),
    ("lesson-title-null:approve", "lessons", {"title": None}, ["lessons", "approve", "1"]),
    ("lesson-status-unknown:reject", "lessons", {"status": "frozen"}, ["lessons", "reject", "1"]),
    ("question-document-ids-not-json", "questions", {"document_ids": "doc-1,doc-2"}, ["digest", "--preview", "--week", WEEK]),
    ("question-enabler-ids-a-number", "questions", {"enabler_ids": "7"}, ["digest", "--preview", "--week", WEEK]),
    ("question-enabler-ids-objects", "questions", {"enabler_ids": '[{"id": 1}]'}, ["digest", "--preview", "--week", WEEK]),
    ("question-question-null", "questions", {"question": None, "answered": 0}, ["digest", "--preview", "--week", WEEK]),
    ("question-asked-at-words", "questions", {"asked_at": "2026-11-24 sometime"}, ["digest", "--preview", "--week", WEEK]),
    ("question-asked-at-words:forget", "questions", {"asked_at": "last tuesday"}, ["forget", "--before", "2026-11-25"]),
    ("conversation-reference-not-json", "conversations", {"reference": "{not json"}, ["teams-conversations"]),
    ("conversation-reference-a-list", "conversations", {"reference": "[]"}, ["teams-conversations"]),
    ("conversation-added-at-null", "conversations", {"added_at": None}, ["teams-conversations"]),
    ("conversation-reference-not-json:digest-on", "conversations", {"reference": "nope"},
     ["teams-conversations", "--digest-on", "a:teams-chat-1"]),
    ("meta-hash-key-null", "state_meta", {"name": "hash_key", "value": None}, ["lessons"]),
    ("meta-hash-key-check-null", "state_meta", {"name": "hash_key_check", "value": None}, ["lessons"]),
]
BASES = {"lessons": LESSON, "questions": QUESTION_ROW, "conversations": CONVERSATION, "state_meta": {}}


def rows10_cases(homes: Homes) -> Iterator[Case]:
    for name, table, damage, argv in ROW_CASES:
        yield Case("rows10", f"{name}:{' '.join(argv)}", lambda t=table, d=damage, a=argv: _damaged_row(homes, t, d, a))
    for name, kind, payload in INBOX_CASES:
        yield Case("rows10", f"inbox-{name}:serve", lambda k=kind, p=payload: _damaged_inbox(homes, k, p))


def _damaged_row(homes: Homes, table: str, damage: dict, argv: list[str]) -> list[str]:
    home = homes.fresh()
    try:
        if table == "state_meta":  # the template's migration made the hashing key: damage it
            with sqlite3.connect(home / "data" / "peerbot.db") as db:
                db.execute("UPDATE state_meta SET value = ? WHERE name = ?", (damage["value"], damage["name"]))
        else:
            _insert(home, table, {**BASES[table], **damage})
        before = _rows(home, table)
        try:
            rc, out, err = run_cli(argv, base_env(home))
        except Hang as e:
            return [str(e)]
        problems = judge_cli(argv, rc, out, err)
        if rc and table != "state_meta" and argv[1:2] not in (["approve"], ["reject"]):
            problems.append(f"`peerbot {' '.join(argv)}` gave up over one row: {err.strip()[-160:]!r}")
        return problems + _nothing_lost(home, table, before)
    finally:
        homes.discard(home)


INBOX_CASES = [  # (name, kind, payload); an item of a kind no surface of this server routes is left pending
    ("unknown-kind", "carrier-pigeon", json.dumps({"text": "hello"})),
    ("message-payload-not-json", "slack.message", "{cut short"),
    ("message-payload-a-list", "slack.message", "[1, 2, 3]"),
    ("peer-fields-wrong-types", "slack.peer", json.dumps({"user": 5, "channel": ["C1"], "text": {"a": 1}})),
    ("message-text-null", "slack.message", json.dumps({"user": "U1", "channel": "C0LAN2Q65", "text": None, "ts": "1.2"})),
]


def _damaged_inbox(homes: Homes, kind: str, payload: str) -> list[str]:
    """An inbox item no peerbot wrote, pending as `serve` starts: closed in one line, and a mention
    sent afterwards answered once."""
    home = homes.fresh()
    key = f"sweep10-{random.random()}"
    _insert(home, "inbox", {"key": key, "kind": kind, "payload": payload, "status": "pending", "phase": "answer",
                            "attempts": 0, "claims": 0, "not_before": 0, "error": "",
                            "accepted_at": "2026-11-29T10:00:00+00:00", "updated_at": "2026-11-29T10:00:00+00:00"})
    problems: list[str] = []
    with SlackDouble() as double:
        server = Server(home, **slack_env(double))
        try:
            server.ready()
            mention = app_mention(f"{QUESTION} {random.random()}")
            problems += [f"a mention: status {s}" for s in [SlackSender(f"{server.url}/slack/events").event(mention).status]
                         if s != 200]
            if not _wait(lambda: double.calls_to("chat.postMessage", thread_ts=mention["event"]["ts"]), 60):
                problems.append("the mention after the damaged item was not answered")
            if kind.startswith("slack.") and not _wait(lambda: _status(home, key) != "pending", 30):
                problems.append("the damaged item is still pending after 30 s")
            problems += server.problems_since(0)
        finally:
            problems += server.stop()
        if not kind.startswith("slack.") and _status(home, key) != "pending":  # read once `serve` has stopped
            problems.append(f"an item of a kind this server does not answer was closed: {_status(home, key)}")
        homes.discard(home)
    return problems


def _status(home: Path, key: str) -> str:
    with sqlite3.connect(home / "data" / "peerbot.db", timeout=30) as db:
        return db.execute("SELECT status FROM inbox WHERE key = ?", (key,)).fetchone()[0]


# -- cache10: the kept example-question vectors damaged -------------------------------------------------

def _npy(array: np.ndarray) -> bytes:
    from io import BytesIO

    out = BytesIO()
    np.save(out, array, allow_pickle=True)
    return out.getvalue()


def _huge_header(kept: bytes) -> bytes:
    """A version 1.0 header that claims a billion rows of the kept width, then the kept data."""
    length = int.from_bytes(kept[8:10], "little")
    header = kept[10:10 + length].decode("latin-1")
    width = header.split("(")[1].split(")")[0].split(",")[1].strip()
    claimed = f"{{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, {width}), }}"
    claimed = claimed.ljust(length - 1) + "\n"
    return kept[:10] + claimed.encode("latin-1") + kept[10 + length:]


CACHE_DAMAGE: dict[str, Callable[[Path, bytes], None]] = {
    "named-pipe": lambda path, kept: (path.unlink(), os.mkfifo(path)),
    "folder": lambda path, kept: (path.unlink(), path.mkdir()),
    "symlink-loop": lambda path, kept: (path.unlink(), path.symlink_to(path.name)),
    "link-to-dev-zero": lambda path, kept: (path.unlink(), path.symlink_to("/dev/zero")),
    "zero-bytes": lambda path, kept: path.write_bytes(b""),
    "half": lambda path, kept: path.write_bytes(kept[:len(kept) // 2]),
    "a-billion-rows-claimed": lambda path, kept: path.write_bytes(_huge_header(kept)),
    "pickled-objects": lambda path, kept: path.write_bytes(_npy(np.array([{"a": 1}, None], dtype=object))),
    "nans": lambda path, kept: path.write_bytes(_npy(np.full(np.load(path).shape, np.nan, dtype=np.float32))),
    "float64": lambda path, kept: path.write_bytes(_npy(np.load(path).astype(np.float64))),
}


def cache10_cases(homes: Homes) -> Iterator[Case]:
    for name in CACHE_DAMAGE:
        yield Case("cache10", f"{name}:ask --json", lambda n=name: _damaged_cache(homes, n))


def _damaged_cache(homes: Homes, damage: str) -> list[str]:
    home = homes.fresh()
    try:
        argv = ["ask", "--json", QUESTION]
        kept = sorted((home / "data" / "cache").glob("example-questions-*.npy"))
        if not kept:
            rc, out, err = run_cli(argv, base_env(home))
            kept = sorted((home / "data" / "cache").glob("example-questions-*.npy"))
        if not kept:
            return ["driver: no kept example-question vectors in the data folder's cache"]
        path = kept[0]
        CACHE_DAMAGE[damage](path, path.read_bytes())
        try:
            rc, out, err = run_cli(argv, base_env(home))
        except Hang as e:
            return [str(e)]
        problems = judge_cli(argv, rc, out, err)
        if not problems and rc:
            problems.append(f"not answered: {err.strip()[-160:]!r}")
        return problems
    finally:
        homes.discard(home)


# -- examples10: example_questions.yaml damaged ---------------------------------------------------------

def _bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    return ("\n".join(lines) + "\nexample_questions: *a9\n").encode()


EXAMPLE_DAMAGE: dict[str, Callable[[Path, bytes], None]] = {
    "invalid-utf8": lambda path, good: path.write_bytes(good[:200] + b"\xff\xfe\xc3\x28" + good[200:]),
    "utf16-bom": lambda path, good: path.write_bytes(good.decode().encode("utf-16")),
    "a-nul": lambda path, good: path.write_bytes(good[:100] + b"\x00" + good[100:]),
    "alias-bomb": lambda path, good: path.write_bytes(_bomb()),
    "a-list-on-top": lambda path, good: path.write_bytes(b"- question: a\n- question: b\n"),
    "entries-numbers": lambda path, good: path.write_bytes(b"example_questions: [1, 2.5, true, null]\n"),
    "entry-missing-evidence": lambda path, good: path.write_bytes(
        b"example_questions:\n  - question: How?\n    document: nelft-operating-model-case-study\n"),
    "evidence-3mb": lambda path, good: path.write_bytes(
        b"example_questions:\n  - question: How?\n    document: nelft-operating-model-case-study\n    evidence: "
        + b"w" * 3_000_000 + b"\n"),
    "folder": lambda path, good: (path.unlink(), path.mkdir()),
    "named-pipe": lambda path, good: (path.unlink(), os.mkfifo(path)),
    "symlink-loop": lambda path, good: (path.unlink(), path.symlink_to(path.name)),
}


def examples10_cases(homes: Homes) -> Iterator[Case]:
    for name in EXAMPLE_DAMAGE:
        for argv in (["ask", "--json", QUESTION], ["index"]):
            yield Case("examples10", f"{name}:{argv[0]}", lambda n=name, a=argv: _damaged_examples(homes, n, a))
    for name in ("alias-bomb", "named-pipe", "entries-numbers"):
        yield Case("examples10", f"{name}:serve", lambda n=name: _damaged_examples_serve(homes, n))


def _damaged_examples(homes: Homes, damage: str, argv: list[str]) -> list[str]:
    home = homes.fresh()
    try:
        path = home / "knowledge" / "example_questions.yaml"
        EXAMPLE_DAMAGE[damage](path, path.read_bytes())
        try:
            rc, out, err = run_cli(argv, base_env(home))
        except Hang as e:
            return [str(e)]
        return judge_cli(argv, rc, out, err)
    finally:
        homes.discard(home)


def _damaged_examples_serve(homes: Homes, damage: str) -> list[str]:
    home = homes.fresh()
    path = home / "knowledge" / "example_questions.yaml"
    EXAMPLE_DAMAGE[damage](path, path.read_bytes())
    with SlackDouble() as double:
        server = Server(home, **slack_env(double))
        try:
            settled = server.settled(hostile_sweep.LIMITS["hang"] * 2)
            if settled is None:
                return ["`serve` neither ready nor stopped"] + server.stop()
            if settled is False:
                return server.exit_problems()
            mention = app_mention(f"{QUESTION} {random.random()}")
            SlackSender(f"{server.url}/slack/events").event(mention)
            problems = [] if _wait(lambda: double.calls_to("chat.postMessage", thread_ts=mention["event"]["ts"]), 60) \
                else ["a mention not answered"]
            return problems + server.problems_since(0) + server.stop()
        finally:
            if server.process.poll() is None:
                server.kill()
            homes.discard(home)


# -- grid10: Slack Enterprise Grid -------------------------------------------------------------------------

ENTERPRISE = "E0GRID0001"
GRID_TEAM, GRID_TOKEN = "T0GRIDWS01", "xoxb-grid-workspace-token"
OTHER_TEAM = "T0GRIDWS02"


def _grid_start(state: dict, homes: Homes) -> None:
    """The class's one server, with no SLACK_BOT_TOKEN, installed by OAuth into GRID_TEAM of ENTERPRISE."""
    servers.start(state, homes, lambda double: {**slack_env(
        double, SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET, SLACK_STATE_SECRET=STATE_SECRET),
        "SLACK_BOT_TOKEN": ""})
    server, double = state["server"], state["double"]
    cookie, oauth_state = _begin_install(server.port)
    code = double.grant(GRID_TEAM, GRID_TOKEN)
    grant = {"ok": True, "app_id": "A0KRD7HC3", "authed_user": {"id": "U0INSTALLER"}, "scope": "commands,chat:write",
             "token_type": "bot", "access_token": GRID_TOKEN, "bot_user_id": "U0BOT",
             "team": {"id": GRID_TEAM, "name": "Grid workspace"}, "enterprise": {"id": ENTERPRISE, "name": "NHS Grid"},
             "is_enterprise_install": False}
    double.installed[GRID_TOKEN] = GRID_TEAM
    double.fault("oauth.v2.access", "body", status=200, body=json.dumps(grant).encode())
    status, _, page = _get(server.port, f"/slack/oauth_redirect?code={code}&state={oauth_state}", cookie)
    if status != 200:
        raise AssertionError(f"the Grid install answered {status}: {page[:200]}")


def _in_grid(body: dict, team: str) -> dict:
    """`body` as Slack sends it from workspace `team` of ENTERPRISE."""
    body = json.loads(json.dumps(body))
    if "event" in body:
        body["team_id"], body["enterprise_id"] = team, ENTERPRISE
        body["event"]["team"] = team
        body["authorizations"] = [{"enterprise_id": ENTERPRISE, "team_id": team, "user_id": "U0BOT", "is_bot": True,
                                   "is_enterprise_install": False}]
    else:
        body["team"] = {"id": team, "domain": "grid"}
        body["enterprise"] = {"id": ENTERPRISE, "name": "NHS Grid"}
        body["user"]["team_id"] = team
    return body


def _grid_mention(server: Server, double: SlackDouble, team: str) -> tuple[int, Callable[[], list]]:
    mention = _in_grid(event_callback(app_mention(f"{QUESTION} {random.random()}")["event"]), team)
    status = SlackSender(f"{server.url}/slack/events").event(mention).status
    return status, lambda: double.calls_to("chat.postMessage", thread_ts=mention["event"]["ts"])


def _grid_command(server: Server, double: SlackDouble, team: str) -> tuple[int, Callable[[], list]]:
    url = double.response_url(f"grid-{random.random()}")
    form = slash_command("/peer", QUESTION, url)
    form.update(team_id=team, enterprise_id=ENTERPRISE, is_enterprise_install="false")
    status = SlackSender(f"{server.url}/slack/events").command(form).status
    return status, lambda: double.calls_to("chat.postEphemeral", channel="C2147483705") + _responses(double, url)


def _grid_home(server: Server, double: SlackDouble, team: str) -> tuple[int, Callable[[], list]]:
    user = f"U0HOME{random.randrange(10**4):04d}"
    body = _in_grid(event_callback({"type": "app_home_opened", "user": user, "channel": "D0HOME1", "tab": "home",
                                    "event_ts": "1.1"}), team)
    status = SlackSender(f"{server.url}/slack/events").event(body).status
    return status, lambda: double.calls_to("views.publish", user_id=user)


def _grid_click(server: Server, double: SlackDouble, team: str) -> tuple[int, Callable[[], list]]:
    url = double.response_url(f"grid-click-{random.random()}")
    body = _in_grid(block_actions("feedback_helpful", "no-such-question", url), team)
    status = SlackSender(f"{server.url}/slack/events").interaction(body).status
    return status, lambda: double.calls_to("chat.postEphemeral", channel="C0LAN2Q65") + _responses(double, url)


def _responses(double: SlackDouble, url: str) -> list:
    return [c for c in double.calls_to("response_url") if url.endswith(c.path)]


GRID_KINDS = {"mention": _grid_mention, "peer": _grid_command, "home-opened": _grid_home, "click": _grid_click}


def grid10_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, kind: str, team: str) -> Case:
        def run() -> list[str]:
            if not state:
                _grid_start(state, homes)
            server, double = state["server"], state["double"]
            mark = len(server.lines)
            time.sleep(2)  # what the previous case set going has been posted by now
            double.clear()
            status, answered = GRID_KINDS[kind](server, double, team)
            problems = [] if status < 500 else [f"HTTP {status}"]
            if team == GRID_TEAM:
                if status != 200:
                    problems.append(f"the installed Grid workspace's {kind}: HTTP {status}")
                elif not _wait(answered, 45):
                    problems.append(f"the installed Grid workspace's {kind}: acknowledged, never answered")
                elif any(c.token and c.token != GRID_TOKEN for c in answered()):
                    problems.append(f"answered with another token than {GRID_TEAM}'s")
            else:
                time.sleep(3)
                if any(c.token == GRID_TOKEN for c in answered()):
                    problems.append(f"a workspace peerbot is not installed in answered with {GRID_TEAM}'s token")
            return problems + server.problems_since(mark)
        return Case("grid10", name, run)

    for kind in GRID_KINDS:
        yield case(f"installed-workspace:{kind}", kind, GRID_TEAM)
    for kind in ("mention", "peer"):
        yield case(f"other-workspace-of-the-grid:{kind}", kind, OTHER_TEAM)
    yield Case("grid10", "teardown", lambda: servers.stop(state, homes))


FAMILIES = {"rows10": rows10_cases, "cache10": cache10_cases, "examples10": examples10_cases, "grid10": grid10_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile10-", 2,
                                    lambda name, jobs: 1 if name == "grid10" else jobs, _prepare)


if __name__ == "__main__":
    sys.exit(main())
