"""How long a posted reply stays unrecorded: from the double's receipt of the post to its inbox row
marked done, under sweep 29's load (10 Slack mentions and 10 Teams messages at once to the real
`peerbot serve`, hashing model, the Slack and connector doubles), on a fresh server and on a server
restarted after a SIGKILL that left a burst's 20 replies pending (their posts held by the doubles, as
kill29's first case), which resumes all 20 at once. A reply in
this window when the process dies is posted again by the next start (README, Reliability).

A thread reads the inbox every 2 ms (SQLite, read-only): an item's channel or activity id while it
is pending (its payload), the first read that finds it done. Receipt times are the doubles'
(`Call.at`, `Post.at`); windows are rounded up by the 2 ms of the reads.

`--busy N` keeps N more processes spinning meanwhile (the load of the other sessions on the machine).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/post_record_window.py [--rounds 3] [--busy N] [--code EXPORT]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_sweep29_load import Load  # noqa: E402

POLL = 0.002


class InboxWatch(threading.Thread):
    """Reads the inbox every POLL s: `ids[key]` the channel or activity id a row was for, `done[key]`
    when it was first seen finished (perf_counter)."""

    def __init__(self, database: Path):
        super().__init__(daemon=True)
        self.database = database
        self.ids: dict[str, str] = {}
        self.done: dict[str, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=1) as db:
                    rows = db.execute("SELECT key, payload, status FROM inbox").fetchall()
            except sqlite3.Error:
                rows = []
            now = time.perf_counter()
            for key, payload, status in rows:
                if status == "pending":
                    self.ids.setdefault(key, payload)
                else:
                    self.done.setdefault(key, now)
            time.sleep(POLL)

    def finished(self, name: str) -> float | None:
        """When the row whose payload named `name` was first seen done."""
        keys = [k for k, payload in self.ids.items() if name in payload]
        return self.done.get(keys[0]) if len(keys) == 1 else None


def windows(watch: InboxWatch, load: Load, state: dict, since: float) -> dict[str, list[float]]:
    """Per surface, ms from each post received after `since` to its row seen done (and, for Slack,
    from the double's answer to the post: the part that is peerbot's)."""
    found: dict[str, list[float]] = {"slack": [], "slack, from its answer": [], "teams": []}
    for channel in load.slack:
        for call in state["double"].calls_to("chat.postMessage", channel=channel):
            done = watch.finished(channel)
            if call.ok and call.at >= since and done is not None:
                found["slack"].append((done - call.at) * 1000)
                if call.answered_at is not None:
                    found["slack, from its answer"].append((done - call.answered_at) * 1000)
    for activity_id in load.teams:
        for post in [p for p in state["connector"].posts if p.conversation_id == f"a:{activity_id}"]:
            done = watch.finished(activity_id)
            if post.at >= since and done is not None:
                found["teams"].append((done - post.at) * 1000)
    return found


def settle(load: Load, state: dict, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (load._slack_counts(state["double"]).count(0)
                                           or load._teams_lost(state["connector"])):
        time.sleep(0.2)
    time.sleep(1)


def one_round(homes: hostile_sweep.Homes, tag: str) -> dict[str, dict[str, list[float]]]:
    """A burst on a fresh server; then a burst whose posts the doubles hold, SIGKILLed, and the restart
    resuming it."""
    state: dict = {}
    servers.start_both(state, homes)
    watch = InboxWatch(state["home"] / "data" / "peerbot.db")
    watch.start()
    try:
        fresh = Load(f"F{tag}")
        fresh.send(state["server"].url, state["connector"], 10, 10)
        settle(fresh, state)
        result = {"fresh": windows(watch, fresh, state, 0.0)}
        killed = Load(f"R{tag}")
        state["double"].fault("chat.postMessage", "slow", times=10, seconds=20)
        for _ in range(10):
            state["connector"].fault("hold")
        killed.send(state["server"].url, state["connector"], 10, 10)
        time.sleep(3)
        state["server"].kill()
        state["double"].heal("chat.postMessage")
        state["connector"].release()
        restarted = time.perf_counter()
        state["server"] = servers.Server(state["home"], **servers.two_surfaces_env(state["double"])).ready()
        killed.retry_slack(state["server"].url)
        settle(killed, state)
        result["restarted"] = windows(watch, killed, state, restarted)
        return result
    finally:
        watch.stopped.set()
        servers.stop(state, homes)


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"n={len(ordered)} median {statistics.median(ordered):.0f} ms, p90 {p90:.0f} ms, max {ordered[-1]:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, help="processes spinning meanwhile")
    parser.add_argument("--code", type=Path, default=hostile_sweep.ROOT, help="run the peerbot of this checkout")
    args = parser.parse_args()
    hostile_sweep.CODE[0] = args.code.resolve()
    totals: dict[tuple[str, str], list[float]] = {}
    spinning = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        run_rounds(args.rounds, totals)
    finally:
        for process in spinning:
            process.kill()
            process.wait()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for (phase, surface), values in sorted(totals.items()):
        print(f"all {phase} {surface}: {summary(values)}")
    return 0


def run_rounds(rounds: int, totals: dict[tuple[str, str], list[float]]) -> None:
    with tempfile.TemporaryDirectory(prefix="post-record-") as scratch:
        homes = hostile_sweep.Homes(Path(scratch))
        homes.build()
        for i in range(rounds):
            for phase, surfaces in one_round(homes, str(i)).items():
                for surface, values in surfaces.items():
                    totals.setdefault((phase, surface), []).extend(values)
                    print(f"round {i} {phase} {surface}: {summary(values)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
