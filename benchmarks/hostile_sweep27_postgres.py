"""Hostile sweep 27's `pg27` class (see benchmarks/hostile_sweep27.py): Teams questions to `peerbot
serve` on PostgreSQL (sweep 21 did this for Slack): the server stopped while it answers, the postmaster
SIGKILLed mid-burst and started again, a 1 ms statement_timeout for peerbot's role, the database
refusing connections as `serve` starts, and one of two replicas SIGKILLed while it holds the leases.
Pass: 2xx, 4xx or 503, no traceback; each question acknowledged with 2xx answered exactly once (the
other replica's, after the lease); a question after the damage is undone answered; exit 0 on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

from hostile_http import post
from hostile_sweep import Case, Homes
from hostile_sweep21 import ROLE, _cluster, _database, _postmaster, _sql
from slack_double import SlackDouble
from sweep_servers import Loop, Server, two_surfaces_env
from teams_doubles import ConnectorDouble, message

QUESTION = "How did the trusts set up a shared staff bank?"


class Teams:
    """Replicas of `peerbot serve` on one PostgreSQL database, with the Slack and connector doubles."""

    def __init__(self, homes: Homes, url: str, replicas: int = 1):
        self.slack, self.loop = SlackDouble().start(), Loop()
        self.connector = self.loop.run(ConnectorDouble().__aenter__())
        self.homes, self.url = homes, url
        self.homes_used = [homes.fresh() for _ in range(replicas)]
        self.servers = [self._serve(home) for home in self.homes_used]
        for server in self.servers:
            server.ready()
        self.acknowledged: list[str] = []

    def _serve(self, home) -> Server:
        return Server(home, **two_surfaces_env(self.slack), DATABASE_URL=self.url, PEERBOT_LEASE_SECONDS="5")

    def ask(self, count: int, replica: int = 0) -> list[str]:
        problems = []
        for _ in range(count):
            activity = message(self.connector.url, QUESTION, activity_id=f"pg27-{uuid.uuid4().hex[:10]}")
            status = post(f"{self.servers[replica].url}/api/messages", json.dumps(activity).encode(),
                          {"Content-Type": "application/json"})
            if 200 <= status < 300:
                self.acknowledged.append(activity["id"])
            elif status not in (400, 503) and not 400 <= status < 500:
                problems.append(f"HTTP {status}")
        return problems

    def answered_once(self, timeout: float = 90) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = Counter(p.reply_to or p.activity.get("replyToId") for p in self.connector.posts)
            if all(counts[a] >= 1 for a in self.acknowledged):
                break
            time.sleep(0.5)
        counts = Counter(p.reply_to or p.activity.get("replyToId") for p in self.connector.posts)
        if len(self.acknowledged) < 4:  # the three before the damage and the one after, at least
            return [f"only {len(self.acknowledged)} questions acknowledged"]
        lost = [a for a in self.acknowledged if counts[a] == 0]
        twice = [a for a in self.acknowledged if counts[a] > 1]
        return ([f"{len(lost)} of {len(self.acknowledged)} acknowledged never answered"] if lost else []) + \
               ([f"{len(twice)} answered more than once"] if twice else [])

    def close(self, alive: list[int]) -> list[str]:
        problems = []
        for i, server in enumerate(self.servers):
            problems += server.problems_since(0)
            if i in alive:
                problems += server.stop()
            else:
                server.kill()
        self.loop.run(self.connector.__aexit__(None, None, None))
        self.slack.stop()
        for home in self.homes_used:
            self.homes.discard(home)
        return problems


def _kill_postmaster(cluster) -> None:
    pid = _postmaster(cluster)
    for p in [pid, *(int(c) for c in os.popen(f"pgrep -P {pid}").read().split())]:
        os.kill(p, signal.SIGKILL)
    time.sleep(1)
    for stale in (cluster.folder / "data" / "postmaster.pid", cluster.folder / f".s.PGSQL.{cluster.port}.lock"):
        stale.unlink(missing_ok=True)


def cases(homes: Homes, state: dict) -> Iterator[Case]:
    def cluster():
        if "cluster" not in state:
            state["cluster"] = _cluster()
            state["close"] = state["cluster"].stop
        return state["cluster"]

    def burst(name: str, hostile: Callable, undo: Callable, replicas: int = 1, alive: tuple[int, ...] = (0,)) -> Case:
        def run() -> list[str]:
            url, admin = _database(cluster())
            teams = Teams(homes, url, replicas)
            problems = teams.ask(3)
            hostile(cluster(), admin, teams)
            problems += teams.ask(3, alive[0] if replicas > 1 else 0)
            undo(cluster(), admin)
            time.sleep(2)
            problems += teams.ask(1, alive[0]) + teams.answered_once()
            return problems + teams.close(list(alive))
        return Case("pg27", name, run)

    yield burst("server stopped while answering, started after 5 s",
                lambda c, a, t: (c.halt(), time.sleep(5)), lambda c, a: c.resume())
    yield burst("postmaster SIGKILLed mid-burst, started after 1 s",
                lambda c, a, t: _kill_postmaster(c), lambda c, a: c.resume())
    yield burst("statement_timeout 1 ms for the role",
                lambda c, a, t: _sql(a, f"ALTER ROLE {ROLE} SET statement_timeout = 1",
                                     f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{ROLE}'"),
                lambda c, a: _sql(a, f"ALTER ROLE {ROLE} RESET statement_timeout"))
    yield burst("replica a SIGKILLed holding the leases", lambda c, a, t: t.servers[0].kill(), lambda c, a: None,
                replicas=2, alive=(1,))

    def refused_at_start() -> list[str]:
        slack = SlackDouble().start()
        server = Server(homes.fresh(), **two_surfaces_env(slack), DATABASE_URL=f"postgresql://{ROLE}:secretpw@127.0.0.1:1/none")
        settled = server.settled(120)
        if settled is None:
            server.kill()
        slack.stop()
        if settled is None:
            return ["still running after 120 s with no database"]
        return server.exit_problems(must_fail=True) if settled is False else server.stop()
    yield Case("pg27", "connection refused as serve starts", refused_at_start)
