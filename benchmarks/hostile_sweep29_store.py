"""Hostile sweep 29's `store29` class (see benchmarks/hostile_sweep29.py): the database under `peerbot
serve` and `peerbot digest --post` locked by another process for 8 s (BEGIN EXCLUSIVE), the data folder
read-only as `serve` starts (a bind mount), made writable from outside (`nsenter`) once questions have
come, the data folder on a tmpfs filled mid-serve (checked: under 64 KB free), and PostgreSQL stopped and started, or restarted twice, under `serve`.

Pass: Slack mentions and Teams messages sent meanwhile (Slack sending the unacknowledged again once
the fault is undone): each acknowledged answered exactly once, a refusal a 4xx or 503, no traceback;
`digest --post` an answer or one `peerbot` line with status 1 or 2, and after the fault, one more
`--post` leaves the digest posted exactly once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import hostile_sweep
import sweep_servers as servers
from hostile_sweep import Case, Homes, base_env, judge_cli
from hostile_sweep21 import _cluster, _database
from hostile_sweep29_load import Load
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, free_port

LOCKER = ("import sqlite3, sys, time\n"
          "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
          "db.execute('BEGIN EXCLUSIVE')\n"
          "print('locked', flush=True)\n"
          "time.sleep(float(sys.argv[2]))\n"
          "db.execute('ROLLBACK')\n")
DIGEST = "C0DIGEST29"


def lock(home: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the records database exclusively for `seconds` (returns once it holds it)."""
    holder = subprocess.Popen([sys.executable, "-c", LOCKER, str(home / "data" / "peerbot.db"), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    holder.stdout.readline()
    return holder


class Mounted(servers.Server):
    """`peerbot serve` in a mount namespace of its own, set up by the shell `script` first (as root)."""

    def __init__(self, home: Path, script: str, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", f'{script} && exec "$@"', "mounted",
             sys.executable, "-m", "bot.cli", "serve"], cwd=hostile_sweep.CODE[0],
            env=base_env(home, HOST="127.0.0.1", PORT=str(self.port), **env), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="backslashreplace")
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def inside(self, command: str) -> None:
        """`command` run by the shell in the server's mount namespace (the case's driver fails when it fails)."""
        done = subprocess.run(["nsenter", "-t", str(self.process.pid), "-m", "sh", "-c", command], capture_output=True,
                              timeout=60)
        if done.returncode:
            raise RuntimeError(f"{command!r} failed: {done.stderr.decode(errors='replace')[-200:]}")


def _digest_env(home: Path, double: SlackDouble, **more: str) -> dict[str, str]:
    return base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url,
                    DIGEST_CHANNELS=DIGEST, **more)


def _digest(env: dict[str, str], prefix: list[str] | None = None) -> list[str]:
    done = subprocess.run([*(prefix or []), sys.executable, "-m", "bot.cli", "digest", "--post"], cwd=hostile_sweep.CODE[0],
                          env=env, capture_output=True, timeout=180)
    return judge_cli(["digest", "--post"], done.returncode, done.stdout.decode(errors="replace"),
                     done.stderr.decode(errors="replace"))


def _posted_once(double: SlackDouble) -> list[str]:
    posts = [c for c in double.calls_to("chat.postMessage", channel=DIGEST) if c.ok]
    return [] if len(posts) == 1 else [f"the digest posted {len(posts)} times (expected once)"]


def _mounted(homes: Homes, script: Callable[[Path, Path], str],
             run: Callable[[dict, Mounted, Path], list[str]]) -> list[str]:
    """`run(state, server, data folder)` on a `Mounted` server answering both surfaces, set up by
    `script(home, data folder)`; the server and doubles stopped however it ends."""
    home, mine = homes.fresh(), {}
    mine["double"], mine["loop"] = SlackDouble().start(), servers.Loop()
    mine["connector"] = mine["loop"].run(servers.ConnectorDouble().__aenter__())
    data = home / "data"
    server = Mounted(home, script(home, data), **servers.two_surfaces_env(mine["double"]))
    mine.update(server=server, home=home)

    def close() -> None:
        mine["loop"].run(mine["connector"].__aexit__(None, None, None))
        mine["double"].stop()
        homes.discard(home)

    try:
        problems = run(mine, server, data)
    except BaseException:
        server.kill()
        close()
        raise
    if server.process.poll() is not None:  # refused at the start: its exit is judged already
        close()
        return problems
    return problems + servers.stop(mine, homes)


def _under_load(state: dict, fault: Callable[[], None], undo: Callable[[], None], tag: str) -> list[str]:
    """Questions on both surfaces while `fault` holds; `undo`; Slack's retries; each answered once."""
    server, load = state["server"], Load(tag)
    fault()
    load.send(server.url, state["connector"], 5, 5)
    undo()
    load.retry_slack(server.url)
    return load.problems(state["double"], state["connector"], 150) + server.problems_since(0)


def cases(homes: Homes, state: dict) -> Iterator[Case]:
    def sqlite_locked() -> list[str]:
        mine: dict = {}
        servers.start_both(mine, homes)
        holder: list[subprocess.Popen] = []
        problems = _under_load(mine, lambda: holder.append(lock(mine["home"], 8)), lambda: holder[0].wait(), "L29")
        return problems + servers.stop(mine, homes)

    def digest_locked() -> list[str]:
        home, double = homes.fresh(), SlackDouble().start()
        holder = lock(home, 8)
        problems = _digest(_digest_env(home, double))
        holder.wait()
        problems += _digest(_digest_env(home, double)) + _posted_once(double)
        double.stop()
        return problems

    def read_only() -> list[str]:
        """Read-only as `serve` starts (a bind mount with files open to write cannot be made read-only
        later: EBUSY), made writable again once questions have come: served once it is, or refused in
        one line at the start."""
        def run(mine: dict, server: Mounted, data: Path) -> list[str]:
            settled = server.settled(120, ready=False)
            if settled is not True:
                server.kill()
                return server.exit_problems(must_fail=True) if settled is False else ["neither serving nor stopped in 120 s"]
            return _under_load(mine, lambda: None,
                               lambda: (time.sleep(3), server.inside(f'mount -o remount,bind,rw "{data}"')), "R29")
        return _mounted(homes, lambda home, data: f'mount --bind "{data}" "{data}" && mount -o remount,bind,ro "{data}"',
                        run)

    def full() -> list[str]:
        def run(mine: dict, server: Mounted, data: Path) -> list[str]:
            server.ready()
            fill = f'cat /dev/zero > "{data}/filler" 2>/dev/null; test "$(df --output=avail "{data}" | tail -1)" -lt 64'
            return _under_load(mine, lambda: server.inside(fill),
                               lambda: (time.sleep(6), server.inside(f'rm -f "{data}/filler"')), "F29")
        return _mounted(homes, lambda home, data: (
            f'mkdir -p "{home}/disk" && mount -t tmpfs -o size=96m peerbot29 "{home}/disk" && '
            f'cp -a "{data}/." "{home}/disk/" && mount --bind "{home}/disk" "{data}"'), run)

    def digest_read_only() -> list[str]:
        home, double = homes.fresh(), SlackDouble().start()
        data = home / "data"
        readonly = ["unshare", "-m", "sh", "-c", f'mount --bind "{data}" "{data}" && mount -o remount,bind,ro "{data}" '
                    '&& exec "$@"', "readonly"]
        problems = _digest(_digest_env(home, double), readonly)
        problems += _digest(_digest_env(home, double)) + _posted_once(double)
        double.stop()
        return problems

    def postgres(name: str, hostile: Callable[[object], None]) -> Case:
        def run() -> list[str]:
            if "cluster" not in state:
                state["cluster"] = _cluster()
            cluster = state["cluster"]
            url, _ = _database(cluster)
            mine: dict = {}
            servers.start(mine, homes, lambda double: {**servers.two_surfaces_env(double), "DATABASE_URL": url},
                          teams=True)
            done: list[bool] = []
            worker = threading.Thread(target=lambda: (hostile(cluster), done.append(True)))
            problems = _under_load(mine, worker.start, worker.join, "P29")
            return problems + servers.stop(mine, homes)
        return Case("store29", name, run)

    def digest_postgres_stopped() -> list[str]:
        if "cluster" not in state:
            state["cluster"] = _cluster()
        cluster = state["cluster"]
        url, _ = _database(cluster)
        home, double = homes.fresh(), SlackDouble().start()
        cluster.halt()
        try:
            problems = _digest(_digest_env(home, double, DATABASE_URL=url))
        finally:
            cluster.resume()
        problems += _digest(_digest_env(home, double, DATABASE_URL=url)) + _posted_once(double)
        double.stop()
        return problems

    yield Case("store29", "SQLite locked 8 s by another process under serve", sqlite_locked)
    yield Case("store29", "SQLite locked 8 s by another process under digest --post", digest_locked)
    yield Case("store29", "data folder read-only as serve starts, writable after questions came", read_only)
    yield Case("store29", "data folder full 6 s mid-serve", full)
    yield Case("store29", "data folder read-only under digest --post", digest_read_only)
    yield postgres("PostgreSQL stopped 10 s under serve", lambda c: (c.halt(), time.sleep(10), c.resume()))
    yield postgres("PostgreSQL restarted twice in 15 s under serve",
                   lambda c: (c.halt(), c.resume(), time.sleep(5), c.halt(), time.sleep(3), c.resume()))
    yield Case("store29", "PostgreSQL stopped under digest --post", digest_postgres_stopped)

    def close() -> list[str]:
        if "cluster" in state:
            state.pop("cluster").stop()
        return []
    yield Case("store29", "teardown", close)
