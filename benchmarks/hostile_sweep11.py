"""The eleventh hostile sweep: rows of the state tables no sweep had damaged, through the real processes
on 127.0.0.1 with the Slack double.

The tenth sweep damaged rows of `lessons`, `questions` (under `digest --preview --week`, whose window
held none of them), `conversations`, `state_meta` and `inbox`; this one takes the rest, each table
under the commands that read it:

- `watches11`: `answer_watches` (an asker waiting for an answer) and the question it waits on, under
  `lessons approve` (which tells each waiting asker) and `forget`: its platform, asker or question id
  NULL, a number, bytes or unknown; the question's text or time NULL, words, a number.
- `digests11`: the digest ledger (`digests`: one row per week and destination) under `digest --post`
  (the Slack double as the destination) and `peerbot schedule` (due earlier today, so it catches up at start): a record's time NULL, words, a number, without a time zone;
  its status unknown or NULL; its attempts NULL, words, negative; its error NULL or bytes; its week or
  destination NULL. A record already sent must not be posted again; a failed one whose attempts are
  not a number is tried again (posted once).
- `features11`: `digest_features` (the enabler each week featured) under `digest --preview --json` and
  `digest --post`: its enabler NULL, a number, bytes, unknown; its week NULL or a year 9999.
- `questions11`: the question log's rows inside the digest's window (`digest --preview --since`).
- `threads11`: `threads` (each thread's or chat's question, for follow-ups) under `serve`: a mention
  answered, its row damaged in place (question NULL, bytes that are not UTF-8, a number, 1 MB, a NUL;
  asked_at NULL, a number, bytes; platform or channel of the wrong type), then a follow-up in the same
  thread (or the same direct-message chat): answered once, no traceback.

A case passes as in the earlier sweeps (a command answers or says one `peerbot:` line, exit 0 or 1,
never a traceback or a hang; a server answers 2xx, logs no traceback, stops cleanly) and: the damaged
row is still there unless the command's own job was to delete it, nothing moved aside; `lessons
approve` approves (exit 0) whatever a waiting asker's row holds.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep11.py --hang 90 [--only CLASS ...]
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import QUESTION  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep10 import LESSON, QUESTION_ROW, _insert, _nothing_lost, _prepare, _rows  # noqa: E402
from slack_double import SlackDouble, SlackSender, app_mention, direct_message  # noqa: E402
from sweep_servers import slack_env  # noqa: E402

NOW = datetime.now(UTC)
RECENT = (NOW - timedelta(days=2)).isoformat(timespec="seconds")
SINCE = (NOW - timedelta(days=6)).date().isoformat()
CHANNEL = "C0LAN2Q65"
DESTINATION = f"slack:{CHANNEL}"
# `digest --post` posts the week due most recently: every week near now gets the damaged record
WEEKS = sorted({f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in (NOW - timedelta(days=n) for n in (0, 7))})
BYTES = b"\xff\xfe\x00bad"


def _command(home: Path, argv: list[str], env: dict[str, str], table: str, before: int,
             keep_rows: bool = True) -> tuple[list[str], int, str, str]:
    try:
        rc, out, err = run_cli(argv, env)
    except Hang as e:
        return [str(e)], -1, "", ""
    if argv[:2] == ["digest", "--post"] and rc == 1 and "Digest " in out:
        rc = 0  # a destination not posted to: its own line and the run's summary on standard output, exit 1
    problems = judge_cli(argv, rc, out, err)
    if keep_rows:
        problems += _nothing_lost(home, table, before)
    return problems, rc, out, err


# -- watches11: an asker waiting for an answer ----------------------------------------------------------

WATCHED = "q-watched-1"
WATCH = {"question_id": WATCHED, "platform": "slack", "asker": "U0WATCH001", "created_at": RECENT}
WATCHED_QUESTION = {**QUESTION_ROW, "id": WATCHED, "asked_at": RECENT, "answered": 0, "channel": CHANNEL,
                    "question": "How do collaboratives share a staff bank across trusts?"}

WATCH_CASES: list[tuple[str, dict, dict]] = [  # (name, the watch's damage, the question's damage)
    ("platform-null", {"platform": None}, {}),
    ("platform-a-number", {"platform": 42}, {}),
    ("platform-unknown", {"platform": "carrier-pigeon"}, {}),
    ("platform-bytes", {"platform": BYTES}, {}),
    ("asker-null", {"asker": None}, {}),
    ("asker-a-number", {"asker": 12345}, {}),
    ("asker-bytes", {"asker": BYTES}, {}),
    ("asker-empty", {"asker": ""}, {}),
    ("question-id-a-number", {"question_id": 7}, {"id": 7}),
    ("question-asked-at-words", {}, {"asked_at": "last tuesday"}),
    ("question-asked-at-null", {}, {"asked_at": None}),
    ("question-asked-at-a-number", {}, {"asked_at": 1732900000}),
    ("question-asked-at-no-zone", {}, {"asked_at": "2026-11-28T10:00:00"}),
    ("question-text-null", {}, {"question": None}),
    ("question-text-bytes", {}, {"question": BYTES}),
    ("question-text-a-number", {}, {"question": 3.5}),
]


def watches11_cases(homes: Homes) -> Iterator[Case]:
    for name, watch, question in WATCH_CASES:
        yield Case("watches11", f"{name}:lessons approve 1", lambda w=watch, q=question: _watch_approve(homes, w, q))
    for name, watch, question, argv in [
        ("created-at-null", {"created_at": None}, {}, ["forget", "--before", SINCE]),
        ("created-at-words", {"created_at": "soon"}, {}, ["forget", "--before", SINCE]),
        ("question-id-null", {"question_id": None}, {}, ["forget", "--channel", CHANNEL]),
        ("platform-bytes", {"platform": BYTES}, {}, ["forget", "--channel", "C0OTHER01"]),
    ]:
        yield Case("watches11", f"{name}:{' '.join(argv)}", lambda w=watch, q=question, a=argv: _watch_forget(homes, w, q, a))


def _watched_home(homes: Homes, watch: dict, question: dict) -> Path:
    home = homes.fresh()
    _insert(home, "questions", {**WATCHED_QUESTION, **question})
    _insert(home, "answer_watches", {**WATCH, **watch})
    _insert(home, "lessons", {**LESSON, "question_id": WATCHED, "question": WATCHED_QUESTION["question"]})
    return home


def _watch_approve(homes: Homes, watch: dict, question: dict) -> list[str]:
    home = _watched_home(homes, watch, question)
    try:
        with SlackDouble() as double:
            argv = ["lessons", "approve", "1"]
            problems, rc, out, err = _command(home, argv, base_env(home, **slack_env(double)), "answer_watches", 0,
                                              keep_rows=False)
            if rc:
                problems.append(f"not approved over a waiting asker's row: {err.strip()[-160:]!r}")
            with sqlite3.connect(home / "data" / "peerbot.db") as db:
                status = db.execute("SELECT status FROM lessons WHERE id = 1").fetchone()[0]
            if status != "approved":
                problems.append(f"the lesson is {status}, not approved")
            return problems
    finally:
        homes.discard(home)


def _watch_forget(homes: Homes, watch: dict, question: dict, argv: list[str]) -> list[str]:
    home = _watched_home(homes, watch, question)
    try:
        problems, *_ = _command(home, argv, base_env(home), "lessons", _rows(home, "lessons"), keep_rows=False)
        return problems
    finally:
        homes.discard(home)


# -- digests11: the digest ledger -----------------------------------------------------------------------

RECORD = {"destination": DESTINATION, "status": "sent", "attempts": 1, "updated_at": RECENT, "error": ""}

DIGEST_CASES: list[tuple[str, dict]] = [
    ("sent-updated-at-words", {"updated_at": "yesterday"}),
    ("sent-updated-at-null", {"updated_at": None}),
    ("sent-updated-at-a-number", {"updated_at": 1732900000}),
    ("sent-updated-at-bytes", {"updated_at": BYTES}),
    ("sent-updated-at-no-zone", {"updated_at": "2026-11-29T10:00:00"}),
    ("posting-updated-at-words", {"status": "posting", "updated_at": "garbage"}),
    ("posting-updated-at-null", {"status": "posting", "updated_at": None}),
    ("posting-updated-at-no-zone", {"status": "posting", "updated_at": "2026-11-29T10:00:00"}),
    ("posting-updated-at-a-date", {"status": "posting", "updated_at": "2026-11-29"}),
    ("unconfirmed-updated-at-words", {"status": "unconfirmed", "updated_at": "who knows"}),
    ("unconfirmed-error-null", {"status": "unconfirmed", "error": None}),
    ("failed-attempts-null", {"status": "failed", "attempts": None}),
    ("failed-attempts-words", {"status": "failed", "attempts": "many"}),
    ("failed-attempts-negative", {"status": "failed", "attempts": -3}),
    ("failed-attempts-huge", {"status": "failed", "attempts": 2**62}),
    ("failed-error-null", {"status": "failed", "attempts": 5, "error": None}),
    ("failed-error-bytes", {"status": "failed", "attempts": 5, "error": BYTES}),
    ("status-unknown", {"status": "frozen"}),
    ("status-null", {"status": None}),
    ("status-bytes", {"status": BYTES}),
    ("destination-null", {"destination": None}),
    ("week-null", {"week": None}),
]


def digests11_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in DIGEST_CASES:
        yield Case("digests11", f"{name}:digest --post", lambda d=damage: _digest_post(homes, d))
    for name in SCHEDULE_CASES:
        yield Case("digests11", f"{name}:schedule", lambda d=dict(DIGEST_CASES)[name]: _digest_schedule(homes, d))
    yield Case("digests11", "unconfirmed-updated-at-words:digest --post --resend",
               lambda: _digest_post(homes, {"status": "unconfirmed", "updated_at": "who knows"}, resend=True))
    for name in ("status-unknown", "status-null"):
        yield Case("digests11", f"{name}:digest --post --resend",
                   lambda d=dict(DIGEST_CASES)[name]: _digest_post(homes, d, resend=True))
    yield Case("digests11", "posting-updated-at-words:forget --channel",
               lambda: _digest_forget(homes, {"status": "posting", "updated_at": "garbage"}))


SCHEDULE_CASES = ["sent-updated-at-words", "posting-updated-at-words", "posting-updated-at-no-zone",
                  "unconfirmed-updated-at-words", "failed-attempts-null"]


def _digest_schedule(homes: Homes, damage: dict) -> list[str]:
    """`peerbot schedule` due earlier today (it catches up the digest missed at start) over the damaged
    record: its run reported without a traceback, then stopped cleanly by SIGTERM."""
    home = _digest_home(homes, damage)
    try:
        with SlackDouble() as double:
            env = base_env(home, **slack_env(double), DIGEST_CHANNELS=CHANNEL, DIGEST_TIMEZONE="UTC",
                           DIGEST_DAY=NOW.strftime("%a").lower(), DIGEST_TIME="00:00")
            clock = subprocess.Popen([sys.executable, "-m", "bot.cli", "schedule"], cwd=hostile_sweep.CODE[0], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     errors="backslashreplace")
            lines: list[str] = []
            reader = threading.Thread(target=lambda: lines.extend(line.rstrip() for line in clock.stderr), daemon=True)
            reader.start()
            ran = _wait(lambda: [line for line in lines if "Digest 20" in line or "Traceback" in line], 90)
            clock.send_signal(signal.SIGTERM)
            try:
                clock.wait(30)
            except subprocess.TimeoutExpired:
                clock.kill()
                return ["`peerbot schedule` did not stop within 30 s of SIGTERM"]
            reader.join(5)
            problems = judge_cli(["schedule"], clock.returncode, "", "\n".join(lines))
            if not ran:
                problems.append("the missed digest was not run within 90 s of start")
            if len(double.calls_to("chat.postMessage", channel=CHANNEL)) > 1:
                problems.append("posted more than once")
            return problems
    finally:
        homes.discard(home)


def _digest_home(homes: Homes, damage: dict) -> Path:
    home = homes.fresh()
    for week in WEEKS:
        _insert(home, "digests", {"week": week, **RECORD, **damage})
    return home


def _digest_post(homes: Homes, damage: dict, resend: bool = False) -> list[str]:
    home = _digest_home(homes, damage)
    try:
        with SlackDouble() as double:
            argv = ["digest", "--post", *(["--resend", DESTINATION] if resend else [])]
            env = base_env(home, **slack_env(double), DIGEST_CHANNELS=CHANNEL)
            problems, rc, out, err = _command(home, argv, env, "digests", _rows(home, "digests"))
            posts = double.calls_to("chat.postMessage", channel=CHANNEL)
            if {**RECORD, **damage}["status"] == "sent" and "week" not in damage and "destination" not in damage and posts:
                problems.append(f"a digest recorded as sent was posted again ({len(posts)} posts)")
            if damage.get("status") == "failed" and not isinstance(damage.get("attempts", 0), int) and not posts:
                problems.append("a failed post whose attempts are not a number was not tried again")
            if len(posts) > 1:
                problems.append(f"posted {len(posts)} times")
            if "status" in damage and damage["status"] not in DIGEST_STATUSES:
                if "another run has been posting it" in out:
                    problems.append("a status peerbot does not write was held as in progress")
                if resend and not posts:
                    problems.append("a status peerbot does not write was not posted when resent")
            return problems
    finally:
        homes.discard(home)


DIGEST_STATUSES = ("posting", "sent", "failed", "unconfirmed")


def _digest_forget(homes: Homes, damage: dict) -> list[str]:
    home = _digest_home(homes, damage)
    try:
        problems, *_ = _command(home, ["forget", "--channel", CHANNEL], base_env(home), "digests", 0, keep_rows=False)
        return problems
    finally:
        homes.discard(home)


# -- features11: the enabler each digest featured -------------------------------------------------------

FEATURE_CASES: list[tuple[str, dict]] = [
    ("enabler-null", {"enabler_id": None}),
    ("enabler-a-number", {"enabler_id": 42}),
    ("enabler-bytes", {"enabler_id": BYTES}),
    ("enabler-unknown", {"enabler_id": "no-such-enabler"}),
    ("week-null", {"week": None}),
    ("week-9999", {"week": "9999-W99"}),
]


def features11_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in FEATURE_CASES:
        for argv in (["digest", "--preview", "--json"], ["digest", "--post"]):
            yield Case("features11", f"{name}:{' '.join(argv)}", lambda d=damage, a=argv: _features(homes, d, a))


def _features(homes: Homes, damage: dict, argv: list[str]) -> list[str]:
    home = homes.fresh()
    try:
        for n, week in enumerate(("2026-W40", "2026-W41", "2026-W42")):
            row = {"week": week, "enabler_id": "building-trust", "recorded_at": RECENT, **damage}
            if "week" in damage and n:
                row["week"] = week  # one damaged week, the others as written
            _insert(home, "digest_features", row)
        with SlackDouble() as double:
            env = base_env(home, **slack_env(double), DIGEST_CHANNELS=CHANNEL)
            problems, rc, out, err = _command(home, argv, env, "digest_features", _rows(home, "digest_features"))
            if not problems and rc:
                problems.append(f"no digest over one featured-enabler row: {err.strip()[-160:]!r}")
            return problems
    finally:
        homes.discard(home)


# -- questions11: the question log inside the digest's window -------------------------------------------

QUESTION_CASES: list[tuple[str, dict]] = [
    ("document-ids-not-json", {"document_ids": "doc-1,doc-2"}),
    ("document-ids-null", {"document_ids": None}),
    ("enabler-ids-a-number", {"enabler_ids": "7"}),
    ("enabler-ids-objects", {"enabler_ids": '[{"id": 1}]'}),
    ("question-null", {"question": None, "answered": 0}),
    ("question-bytes", {"question": BYTES, "answered": 0}),
    ("place-unknown", {"place": "nowhere"}),
    ("workspace-a-number", {"workspace": 5}),
]


def questions11_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in QUESTION_CASES:
        yield Case("questions11", f"{name}:digest --preview --since", lambda d=damage: _questions(homes, d))


def _questions(homes: Homes, damage: dict) -> list[str]:
    home = homes.fresh()
    try:
        _insert(home, "questions", {**QUESTION_ROW, "asked_at": RECENT, **damage})
        argv = ["digest", "--preview", "--since", SINCE]
        problems, rc, out, err = _command(home, argv, base_env(home), "questions", _rows(home, "questions"))
        if not problems and rc:
            problems.append(f"no preview over one question row: {err.strip()[-160:]!r}")
        return problems
    finally:
        homes.discard(home)


# -- threads11: each thread's question, damaged between a mention and its follow-up ---------------------

THREAD_CASES: list[tuple[str, str, object]] = [  # (name, column, value)
    ("question-null", "question", None),
    ("question-bytes", "question", BYTES),
    ("question-a-number", "question", 42),
    ("question-1mb", "question", "staff bank " * 100_000),
    ("question-nul", "question", "staff\x00bank"),
    ("asked-at-null", "asked_at", None),
    ("asked-at-a-number", "asked_at", 1732900000),
    ("asked-at-bytes", "asked_at", BYTES),
    ("platform-bytes", "platform", BYTES),
    ("channel-a-number", "channel", 99),
]


def threads11_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, column: str, value: object, chat: bool) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start(state, homes)
            server, double = state["server"], state["double"]
            mark = len(server.lines)
            home = state["home"]
            if chat:
                dm = f"D0CHAT{random.randrange(10**4):04d}"
                first = direct_message(f"{QUESTION} {random.random()}", channel=dm)
                answered = lambda: double.calls_to("chat.postMessage", channel=dm)  # noqa: E731
            else:
                first = app_mention(f"{QUESTION} {random.random()}")
                root = first["event"]["ts"]
                answered = lambda: double.calls_to("chat.postMessage", thread_ts=root)  # noqa: E731
            sender = SlackSender(f"{server.url}/slack/events")
            problems = [f"the first message: HTTP {s}" for s in [sender.event(first).status] if s != 200]
            if not _wait(answered, 60):
                return problems + ["the first message was not answered"]
            with sqlite3.connect(home / "data" / "peerbot.db", timeout=30) as db:
                db.execute(f"UPDATE threads SET {column} = ? WHERE rowid = (SELECT max(rowid) FROM threads)", (value,))
            follow = (direct_message("and what about finance?", channel=dm) if chat
                      else app_mention("and what about finance?", thread_ts=root))
            problems += [f"the follow-up: HTTP {s}" for s in [sender.event(follow).status] if s != 200]
            if not _wait(lambda: answered()[1:], 60):
                problems.append("the follow-up after the damaged thread row was not answered")
            time.sleep(1)
            if len(answered()) > 2:
                problems.append(f"answered {len(answered())} times, not twice")
            return problems + server.problems_since(mark)
        return Case("threads11", name, run)

    for name, column, value in THREAD_CASES:
        yield case(f"{name}:mention-in-thread", column, value, chat=False)
    for name, column, value in THREAD_CASES[:3] + THREAD_CASES[5:8]:
        yield case(f"{name}:direct-message-chat", column, value, chat=True)
    yield Case("threads11", "teardown", lambda: servers.stop(state, homes))


FAMILIES = {"watches11": watches11_cases, "digests11": digests11_cases, "features11": features11_cases,
            "questions11": questions11_cases, "threads11": threads11_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile11-", 2,
                                    lambda name, jobs: 1 if name == "threads11" else jobs, _prepare)


if __name__ == "__main__":
    sys.exit(main())
