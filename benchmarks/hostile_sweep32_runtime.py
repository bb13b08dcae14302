"""Hostile sweep 32's run-time classes (see benchmarks/hostile_sweep32.py), each on a real `peerbot serve`
(hashing model) answering Slack and anonymous Teams with the local doubles, under a load of
benchmarks/hostile_sweep29_load.py (Slack mentions on their own channels, Teams messages with their own
ids; a mention not acknowledged is sent again, as Slack does).

- `jump32`: the wall clock jumping under `serve` (libfaketime reading its offset from a file at each
  call; the monotonic clock untouched): back a day, a year, to 1970, forward a year and a century; then
  questions on both surfaces, and a new index built elsewhere (`PEERBOT_RELOAD_SECONDS=1`). Pass: each
  Teams question answered once; a Slack mention either answered or refused (401) with a log line that
  names the clock; no traceback; the new index taken up; SIGTERM exit 0.
- `store32`: `peerbot.db` under a running server deleted (with its -wal and -shm), replaced by a folder,
  an empty file, random bytes, a named pipe or another database, its -wal replaced by a folder, the data
  folder moved away; then a load. Pass: 2xx, 4xx or 503 (never another 5xx), no traceback in the log,
  the server up or gone with one line; the original put back and the server restarted: a load answered
  once each.
- `pg32`: every session of peerbot's role ended by `pg_terminate_backend` from a second connection
  every 0.2 s for 6 s (or only those idle in a transaction, or only those running a statement) while
  `serve` answers a burst, and under `digest --post`, `lessons`, `forget --before`, `forget --channel`,
  `migrate` and `digest --preview`. Pass: each acknowledged question answered once; a command an answer
  or one `peerbot` line with status 1 or 2, and the same command succeeding once the sessions are left
  alone.
- `kill32`: `serve` (`PEERBOT_RELOAD_SECONDS=1`) SIGKILLed 0-3 s after `peerbot index` built a changed
  corpus (while it takes up the new generation), restarted; two `serve` on one data folder (the second
  started beside a running one, and two at once on a data folder with no index yet). Pass: ready again
  within 120 s, the new document found by `ask`, a load answered once each; a second server serving
  beside the first or refusing in one line.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import sweep_servers as servers
from hostile_http import post
from hostile_sweep import Case, Homes, base_env, checked, run_cli
from hostile_sweep21 import ROLE, _cluster, _database
from hostile_sweep27_postgres import Teams
from hostile_sweep29_load import Load
from slack_double import SlackDouble
from teams_doubles import message

FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
NEW_DOC = ("---\ntitle: Winter rota lesson\npublisher: NHS Providers\n---\n\n# Winter rota\n\n"
           "The quokka rota let the pharmacists of three trusts cover each other's winter weekends.\n")


def _wall_clock(home: Path) -> dict[str, str]:
    clock = home / "clock"
    clock.write_text("+0\n")
    return {"LD_PRELOAD": FAKETIME, "FAKETIME_TIMESTAMP_FILE": str(clock), "FAKETIME_CACHE_DURATION": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1"}


def _serve(homes: Homes, home: Path | None = None, **more: str) -> dict:
    state: dict = {"home": home or homes.fresh()}
    servers.start(state, homes, lambda double: {**servers.two_surfaces_env(double), **more}, teams=True)
    return state


def _new_doc_indexed(home: Path) -> list[str]:
    """`peerbot index` (real clock) of the corpus with a new document."""
    (home / "knowledge" / "quokka.md").write_text(NEW_DOC)
    return checked(["index"], base_env(home))


def _taken_up(state: dict, seconds: float = 30) -> list[str]:
    """A Teams question on the new document answered with its words, within `seconds`."""
    connector = state["connector"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        before = len(connector.posts)
        asked = message(connector.url, "How did the pharmacists' quokka rota cover winter weekends?",
                        conversation=f"a:quokka-{uuid.uuid4().hex[:8]}")
        post(f"{state['server'].url}/api/messages", json.dumps(asked).encode(), {"Content-Type": "application/json"})
        end = time.monotonic() + 20
        while len(connector.posts) <= before and time.monotonic() < end:
            time.sleep(0.3)
        if any("quokka" in json.dumps(p.activity).lower() for p in connector.posts[before:]):
            return []
        time.sleep(1)
    return ["the new index was not taken up"]


# -- jump32 -----------------------------------------------------------------------------------------------

JUMPS = {"back a day": "-1d", "back a year": "-365d", "back to 1970": "@1970-01-01 00:00:00",
         "forward a year": "+365d", "forward a century": "+36500d"}


def jump_cases(homes: Homes) -> Iterator[Case]:
    for name, jump in JUMPS.items():
        def run(j=jump) -> list[str]:
            home = homes.fresh()
            state = _serve(homes, home, PEERBOT_RELOAD_SECONDS="1", **_wall_clock(home))
            server = state["server"]
            load = Load("J32")
            load.send(server.url, state["connector"], 2, 2)
            (home / "clock").write_text(j + "\n")
            time.sleep(1.5)
            mark = len(server.lines)
            after = Load("K32")
            after.send(server.url, state["connector"], 2, 3)
            problems = load.problems(state["double"], state["connector"], 60) + server.problems_since(0)
            refused = [c for c, i in after.slack.items() if i["status"] == 401]
            if refused and not any("clock" in line for line in server.lines[mark:]):
                problems.append(f"{len(refused)} Slack mentions refused (401), and no log line names the clock")
            after.slack = {c: i for c, i in after.slack.items() if i["status"] != 401}
            problems += after.problems(state["double"], state["connector"], 60)
            problems += _new_doc_indexed(home) + _taken_up(state)
            return problems + servers.stop(state, homes)
        yield Case("jump32", name, run)


# -- store32 ----------------------------------------------------------------------------------------------

def _fifo(path: Path) -> None:
    os.mkfifo(path)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "deleted with its -wal and -shm": lambda db: [p.unlink(missing_ok=True) for p in
                                                  (db, db.with_name("peerbot.db-wal"), db.with_name("peerbot.db-shm"))],
    "replaced by a folder": lambda db: db.mkdir(),
    "replaced by an empty file": lambda db: db.write_bytes(b""),
    "replaced by random bytes": lambda db: db.write_bytes(random.Random(32).randbytes(8192)),
    "replaced by a named pipe": _fifo,
    "replaced by another peerbot's database": lambda db: None,  # made by `migrate` in a scratch folder first
    "its -wal replaced by a folder": lambda db: None,
}


def store_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in DAMAGE.items():
        def run(n=name, d=damage) -> list[str]:
            state = _serve(homes)
            home, server = state["home"], state["server"]
            data = home / "data"
            db, aside = data / "peerbot.db", home / "aside"
            aside.mkdir()
            first = Load("S32")
            first.send(server.url, state["connector"], 2, 2)
            problems = first.problems(state["double"], state["connector"], 60)
            if n.startswith("its -wal"):
                wal = data / "peerbot.db-wal"
                if wal.exists():
                    wal.rename(aside / wal.name)
                wal.mkdir()
            else:
                for part in ("peerbot.db", "peerbot.db-wal", "peerbot.db-shm"):
                    if (data / part).exists():
                        (data / part).rename(aside / part)
                if n.startswith("replaced by another"):
                    other = homes.fresh()
                    shutil.rmtree(other / "data")
                    run_cli(["migrate"], base_env(other))
                    shutil.copy(other / "data" / "peerbot.db", db)
                    homes.discard(other)
                else:
                    d(db)
            load = Load("T32")
            load.send(server.url, state["connector"], 3, 3)
            time.sleep(5)
            problems += [f"under the damage: {p}" for p in server.problems_since(0)]
            problems += [f"under the damage: HTTP {i['status']}" for i in [*load.slack.values(), *load.teams.values()]
                         if i["status"] >= 500 and i["status"] != 503 or i["status"] < 0]
            if server.process.poll() is not None:
                problems += server.exit_problems()
            # the original put back, the server restarted: questions answered
            for part in ("peerbot.db", "peerbot.db-wal", "peerbot.db-shm"):
                target = data / part
                if target.is_dir() and not target.is_symlink():
                    target.rmdir()
                else:
                    target.unlink(missing_ok=True)
                if (aside / part).exists():
                    (aside / part).rename(target)
            servers.restart(state)
            again = Load("U32")
            again.send(state["server"].url, state["connector"], 2, 2)
            problems += again.problems(state["double"], state["connector"], 90)
            return problems + state["server"].problems_since(0) + servers.stop(state, homes)
        yield Case("store32", name, run)

    def data_moved() -> list[str]:
        state = _serve(homes)
        home, server = state["home"], state["server"]
        (home / "data").rename(home / "data-moved")
        load = Load("M32")
        load.send(server.url, state["connector"], 3, 3)
        time.sleep(5)
        problems = [f"HTTP {i['status']}" for i in [*load.slack.values(), *load.teams.values()]
                    if i["status"] >= 500 and i["status"] != 503 or i["status"] < 0]
        problems += server.problems_since(0)
        if server.process.poll() is not None:
            problems += server.exit_problems()
        shutil.rmtree(home / "data", ignore_errors=True)
        (home / "data-moved").rename(home / "data")
        servers.restart(state)
        again = Load("V32")
        again.send(state["server"].url, state["connector"], 2, 2)
        return problems + again.problems(state["double"], state["connector"], 90) + servers.stop(state, homes)
    yield Case("store32", "the data folder moved away", data_moved)


# -- pg32 -------------------------------------------------------------------------------------------------

WHICH = {"every session": "", "idle in a transaction": " AND state = 'idle in transaction'",
         "running a statement": " AND state = 'active'"}


class Terminator:
    """A second connection ending peerbot's sessions every 0.2 s until stopped."""

    def __init__(self, admin: str, which: str):
        self.admin, self.which, self.ended = admin, which, 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with psycopg.connect(self.admin, autocommit=True) as db:
            while not self.stopping.wait(0.2):
                rows = db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s"
                                  + self.which, [ROLE]).fetchall()
                self.ended += len(rows)

    def stop(self) -> int:
        self.stopping.set()
        self.thread.join(10)
        return self.ended


def pg_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def cluster():
        if "cluster" not in state:
            state["cluster"] = _cluster()
        return state["cluster"]

    for name, which in WHICH.items():
        def burst(w=which) -> list[str]:
            url, admin = _database(cluster())
            teams = Teams(homes, url)
            problems = teams.ask(2)
            killer = Terminator(admin, w)
            problems += teams.ask(4)
            time.sleep(6)
            killer.stop()
            problems += teams.ask(2) + teams.answered_once()
            return problems + teams.close([0])
        yield Case("pg32", f"serve, Teams burst, {name} ended", burst)

    commands = {"digest --post": ["digest", "--post"], "lessons": ["lessons"], "forget --before": ["forget", "--before",
                "2026-01-01"], "forget --channel": ["forget", "--channel", "C0AB12CD3"], "migrate": ["migrate"],
                "digest --preview": ["digest", "--preview"]}
    for name, argv in commands.items():
        def command(a=argv) -> list[str]:
            url, admin = _database(cluster())
            home, double = homes.fresh(), SlackDouble().start()
            env = base_env(home, **servers.slack_env(double), DATABASE_URL=url, DIGEST_CHANNELS="C0DIGEST32")
            try:
                problems = checked(["migrate"], env)
                killer = Terminator(admin, "")
                started = time.monotonic()
                while time.monotonic() - started < 6:
                    problems += checked(a, env)
                killer.stop()
                rc, out, err = run_cli(a, env)
                if rc and not (a == ["digest", "--post"] and "may have" in err):
                    problems.append(f"after the sessions were left alone: exit {rc} ({err.strip()[-160:]!r})")
                return sorted(set(problems))
            finally:
                double.stop()
                homes.discard(home)
        yield Case("pg32", f"{name} while every session is ended", command)
    yield Case("pg32", "teardown", lambda: (state.pop("cluster").stop() if "cluster" in state else None) or [])


# -- kill32 -----------------------------------------------------------------------------------------------

def kill_cases(homes: Homes) -> Iterator[Case]:
    for delay in (0.0, 0.3, 0.7, 1.2, 2.0, 3.0):
        def run(d=delay) -> list[str]:
            state = _serve(homes, PEERBOT_RELOAD_SECONDS="1")
            home = state["home"]
            problems = _new_doc_indexed(home)
            time.sleep(d)
            servers.restart(state)
            problems += _taken_up(state, 60)
            load = Load("R32")
            load.send(state["server"].url, state["connector"], 2, 2)
            return problems + load.problems(state["double"], state["connector"], 90) + servers.stop(state, homes)
        yield Case("kill32", f"SIGKILL {delay:.1f} s after index, while taking it up", run)

    def beside() -> list[str]:
        state = _serve(homes)
        second = servers.Server(state["home"], **servers.two_surfaces_env(state["double"]))
        settled = second.settled(120)
        problems = []
        if settled is None:
            second.kill()
            problems.append("the second server neither served nor stopped within 120 s")
        elif settled is False:
            problems += second.exit_problems(must_fail=True)
        load = Load("B32")
        load.send(state["server"].url, state["connector"], 2, 2)
        if settled:
            load.send(second.url, state["connector"], 2, 2)
        problems += load.problems(state["double"], state["connector"], 90) + second.problems_since(0)
        if settled:
            problems += second.stop()
        return problems + servers.stop(state, homes)
    yield Case("kill32", "a second serve on the same data folder", beside)

    def both_fresh() -> list[str]:
        home = homes.fresh()
        shutil.rmtree(home / "data")
        double = SlackDouble().start()
        pair = [servers.Server(home, **servers.two_surfaces_env(double)) for _ in range(2)]
        problems = []
        settled = [s.settled(180) for s in pair]
        for server, done in zip(pair, settled):
            if done is None:
                server.kill()
                problems.append("a server neither served nor stopped within 180 s")
            elif done is False:
                problems += server.exit_problems(must_fail=True)
            else:
                problems += server.problems_since(0) + server.stop()
        if not any(settled):
            problems.append("neither server served")
        double.stop()
        homes.discard(home)
        return problems
    yield Case("kill32", "two serve at once on a data folder with no index", both_fresh)


_PG: dict = {}
FAMILIES = {"jump32": jump_cases, "store32": store_cases, "pg32": lambda homes: pg_cases(homes, _PG),
            "kill32": kill_cases}
