"""The twenty-first hostile sweep: peerbot served on PostgreSQL, with replicas (DATABASE_URL; a
throw-away cluster made as the tests make it, tests/postgres_cluster.py).

- `url21`: DATABASE_URL wrong in each part (host, port, user, password, database name,
  sslmode=require against a server without SSL, a garbage URL, another scheme) at `serve` start and
  under each command that reads it: one `peerbot:` line, a non-zero exit, never the password.
- `db21`: two `serve` replicas on one database under a burst of mentions and /peer commands while
  the database is made hostile: the postmaster SIGKILLed (crash recovery) and restarted fast,
  SIGSTOPped for 5 and 40 s, connections exhausted by other sessions, a table locked ACCESS
  EXCLUSIVE for 10 s, the database made read-only, a 1 ms statement_timeout for peerbot's role.
- `replica21`: the same burst with one replica SIGKILLed at several moments; the other finishes
  its work and the killed one's.
- `rows21`: rows and schema changed by another session: a table or column dropped or renamed, a
  JSON column holding the wrong shape or invalid values, a text column holding bytes peerbot did
  not write; then the burst.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep21.py --hang 120 [--only CLASS ...]

Pass rule (as sweep 18's): every answer is 2xx, or 4xx with no traceback in the logs; each
acknowledged question is answered exactly once (at most once where the database refuses every
write: read-only, a 1 ms statement_timeout, a dropped table); the servers still serve afterwards
(a question asked after the damage is undone is answered) and exit 0 on SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import psycopg  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from postgres_cluster import PostgresCluster  # noqa: E402
from slack_double import SlackDouble, SlackSender, app_mention, free_port, slash_command  # noqa: E402
from sweep_servers import Server, slack_env  # noqa: E402

SECRET = "secretpw"  # the sweep's servers fail a case whose log shows it (sweep_servers)
ROLE = "bot21"
LEASE = "5"


def _cluster() -> PostgresCluster:
    """A cluster whose TCP connections for ROLE need its password (the superuser's stay trusted)."""
    cluster = PostgresCluster()
    hba = cluster.folder / "data" / "pg_hba.conf"
    hba.write_text(f"host all {ROLE} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{SECRET}'")
        # durable commits for peerbot's sessions (the cluster turns them off): a crash keeps what was acknowledged
        admin.execute(f"ALTER ROLE {ROLE} SET synchronous_commit = on")
        admin.execute("SELECT pg_reload_conf()")
    return cluster


def _database(cluster: PostgresCluster) -> tuple[str, str]:
    """A new database owned by ROLE: (peerbot's URL, the superuser's URL)."""
    admin_url = cluster.create_database()
    name = admin_url.rsplit("/", 1)[1]
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" OWNER TO {ROLE}')
    return f"postgresql://{ROLE}:{SECRET}@127.0.0.1:{cluster.port}/{name}", admin_url


def _sql(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as db:
        for statement in statements:
            db.execute(statement)


def _secret(text: str, what: str) -> list[str]:
    return [f"{what}: the password in its output"] if SECRET in text else []


# -- url21 ------------------------------------------------------------------------------------------

def url21_cases(homes: Homes) -> Iterator[Case]:
    shared: dict = {}
    lock = threading.Lock()

    def urls() -> dict[str, str]:
        with lock:
            if "cluster" not in shared:
                shared["cluster"] = _cluster()
                shared["url"], _ = _database(shared["cluster"])
        c, good = shared["cluster"], shared["url"]
        name = good.rsplit("/", 1)[1]
        return {
            "host": good.replace("127.0.0.1", "nohost.invalid"),
            "port": good.replace(f":{c.port}/", f":{free_port()}/"),
            "user": good.replace(f"{ROLE}:", "nobody21:"),
            "password": good.replace(f":{SECRET}@", f":{SECRET}x@"),
            "database": good.replace(f"/{name}", "/nosuchdb21"),
            "sslmode-require": good + "?sslmode=require",
            "garbage": f"postgresql://{ROLE}:{SECRET}@[::1:bad/x",
            "garbage-port": f"postgresql://{ROLE}:{SECRET}@127.0.0.1:notaport/x",
            "not-a-url": f"{SECRET} is not a url",
            "mysql": f"mysql://{ROLE}:{SECRET}@127.0.0.1/x",
            "bad-option": good + "?sslmode=sometimes",
        }

    commands = {"serve": None, "lessons": ["lessons"], "migrate": ["migrate"], "forget": ["forget", "--before", "2020-01-01"],
                "digest": ["digest", "--preview"], "teams-conversations": ["teams-conversations"]}

    def case(part: str, command: str) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                url = urls()[part]
                if command == "serve":
                    with SlackDouble() as double:
                        server = Server(home, **slack_env(double, DATABASE_URL=url))
                        settled = server.settled(90)
                    if settled is not False:
                        server.stop()
                        return [f"serve still running with DATABASE_URL wrong ({part})"]
                    lines = "\n".join(server.lines)
                    return server.exit_problems(must_fail=True) + _secret(lines, "serve") + _one_line(lines, "serve")
                argv = commands[command]
                rc, out, err = run_cli(argv, base_env(home, DATABASE_URL=url), timeout=90)
                return (judge_cli(argv, rc, out, err, must_fail=True) + _secret(out + err, command)
                        + _one_line(err, command))
            finally:
                homes.discard(home)
        return Case("url21", f"{part}-{command}", run)

    for part in ("host", "port", "user", "password", "database", "sslmode-require", "garbage", "garbage-port",
                 "not-a-url", "mysql", "bad-option"):
        for command in commands:
            yield case(part, command)

    def teardown() -> list[str]:
        if "cluster" in shared:
            shared["cluster"].stop()
        return []
    yield Case("url21", "teardown", teardown)


def _one_line(err: str, what: str) -> list[str]:
    said = [line for line in err.splitlines() if line.startswith("peerbot:")]
    if len(said) != 1:
        return [f"{what}: {len(said)} `peerbot:` lines ({err.strip().splitlines()[-1:] or ['nothing']})"]
    if "DATABASE_URL" not in said[0] and "database" not in said[0].lower():
        return [f"{what}: the line does not name the database: {said[0][:160]}"]
    return []


# -- the burst on two replicas ---------------------------------------------------------------------

class Burst:
    """Two replicas, their own data folders, one database; mentions and /peer commands sent to either."""

    def __init__(self, homes: Homes, double: SlackDouble, url: str):
        self.homes, self.double, self.url = homes, double, url
        self.home_folders = [homes.fresh(), homes.fresh()]
        self.servers = [self._start(i) for i in range(2)]
        self.sent: dict[str, int] = {}  # thread ts -> HTTP status
        self.peers: dict[str, int] = {}  # response_url marker -> status
        self.killed: set[int] = set()  # replicas SIGKILLed on purpose and not started again

    def _start(self, i: int) -> Server:
        return Server(self.home_folders[i], **slack_env(self.double, DATABASE_URL=self.url,
                                                          PEERBOT_LEASE_SECONDS=LEASE)).ready()

    def restart(self, i: int) -> None:
        self.servers[i] = self._start(i)
        self.killed.discard(i)

    def send(self, n: int, label: str, to: int | None = None) -> None:
        for k in range(n):
            server = self.servers[to if to is not None else k % 2]
            if server.process.poll() is not None:
                server = self.servers[1 - (to if to is not None else k % 2)]
            body = app_mention(f"trust at board level {label} {k}")
            try:
                self.sent[body["event"]["ts"]] = SlackSender(f"{server.url}/slack/events").event(body).status
            except OSError:
                self.sent[body["event"]["ts"]] = 0
            if k % 3 == 0:
                marker = f"{label}-{k}"
                form = slash_command("/peer", "trust at board level",
                                     self.double.response_url(marker))
                try:
                    self.peers[marker] = SlackSender(f"{server.url}/slack/commands").command(form).status
                except OSError:
                    self.peers[marker] = 0

    def judge(self, exactly: bool, timeout: float = 120) -> list[str]:
        problems = []
        for what, statuses in (("mention", self.sent), ("/peer", self.peers)):
            for status in statuses.values():
                if status >= 500 and status != 503:
                    problems.append(f"HTTP {status} for a {what}")
        deadline = time.monotonic() + timeout
        for ts, status in self.sent.items():
            if status != 200:
                continue
            while True:
                posted = [c for c in self.double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
                if posted or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            if len(posted) > 1 or (exactly and not posted):
                problems.append(f"an acknowledged mention answered {len(posted)} times")
        return problems

    def still_serves(self) -> list[str]:
        problems = []
        for i, server in enumerate(self.servers):
            if i in self.killed:
                continue
            if server.process.poll() is not None:
                problems.append(f"replica {i} exited ({server.process.returncode})")
                continue
            body = app_mention("trust at board level afterwards")
            status = SlackSender(f"{server.url}/slack/events").event(body).status
            ts = body["event"]["ts"]
            deadline = time.monotonic() + 90
            while not [c for c in self.double.calls_to("chat.postMessage", thread_ts=ts) if c.ok] \
                    and time.monotonic() < deadline:
                time.sleep(0.3)
            if status != 200 or not [c for c in self.double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]:
                problems.append(f"replica {i} did not answer a question afterwards (HTTP {status})")
        return problems

    def finish(self, name: str, found: list[str]) -> list[str]:
        problems = []
        for i, server in enumerate(self.servers):
            problems += [f"replica {i}: {p}" for p in server.problems_since(0)]
            if server.process.poll() is None:
                problems += [f"replica {i}: {p}" for p in server.stop()]
        if problems or found:
            kept = Path(tempfile.gettempdir()) / f"hostile21-{name}.log"
            kept.write_text("\n\n".join("\n".join(s.lines) for s in self.servers))
            problems.append(f"logs: {kept}")
        for folder in self.home_folders:
            self.homes.discard(folder)
        return problems


def _burst_case(family: str, name: str, hostile: Callable[[PostgresCluster, str, Burst], None],
                exactly: bool = True) -> Callable[[Homes], Case]:
    def make(homes: Homes) -> Case:
        def run() -> list[str]:
            cluster = _cluster()
            try:
                url, admin = _database(cluster)
                with SlackDouble() as double:
                    burst = Burst(homes, double, url)
                    problems: list[str] = []
                    try:
                        burst.send(6, "before")
                        hostile(cluster, admin, burst)
                        burst.send(6, "after")
                        problems += burst.judge(exactly)
                        problems += burst.still_serves()
                    finally:
                        problems += burst.finish(name, problems)
                    return problems
            finally:
                cluster.stop()
        return Case(family, name, run)
    return make


def _postmaster(cluster: PostgresCluster) -> int:
    return int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _start_again(cluster: PostgresCluster) -> None:
    cluster.resume()


def _crash(delay: float) -> Callable:
    """The postmaster and its children SIGKILLed (a machine or container dying), then started again
    after `delay` seconds: crash recovery replays the WAL."""
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        pid = _postmaster(cluster)
        children = [int(p) for p in os.popen(f"pgrep -P {pid}").read().split()]
        for p in [pid, *children]:
            os.kill(p, signal.SIGKILL)
        burst.send(4, "crashed")
        time.sleep(delay)
        deadline = time.monotonic() + 20
        while _alive(pid) and time.monotonic() < deadline:  # gone (or a zombie): pg_ctl does not see it running
            time.sleep(0.1)
        for stale in (cluster.folder / "data" / "postmaster.pid", cluster.folder / f".s.PGSQL.{cluster.port}.lock"):
            stale.unlink(missing_ok=True)  # a zombie's pid is still taken: the new postmaster would wait on it
        _start_again(cluster)
    return hostile


def _stopped(seconds: float) -> Callable:
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        pid = _postmaster(cluster)
        children = [int(p) for p in os.popen(f"pgrep -P {pid}").read().split()]
        for p in [pid, *children]:
            os.kill(p, signal.SIGSTOP)
        try:
            burst.send(4, "stopped")
            time.sleep(seconds)
        finally:
            for p in [pid, *children]:
                os.kill(p, signal.SIGCONT)
    return hostile


def _held(statement_for: Callable[[str], list[str]], seconds: float, label: str) -> Callable:
    """Another session runs statements and holds its transaction `seconds` while the burst goes on."""
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        done = threading.Event()

        def hold() -> None:
            with psycopg.connect(admin) as db:
                for statement in statement_for(admin):
                    db.execute(statement)
                done.wait(seconds)
        t = threading.Thread(target=hold)
        t.start()
        time.sleep(0.5)
        burst.send(4, label)
        time.sleep(seconds)
        done.set()
        t.join()
    return hostile


def _exhausted(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
    held = []
    try:
        while True:
            held.append(psycopg.connect(admin))
    except psycopg.OperationalError:
        pass
    try:
        burst.send(4, "exhausted")
        time.sleep(10)
    finally:
        for c in held:
            c.close()


def _setting(sql: Callable[[str], str], undo: Callable[[str], str], seconds: float = 10) -> Callable:
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        name = admin.rsplit("/", 1)[1]
        _sql(cluster.url(), sql(name))
        try:
            burst.send(4, "set")
            time.sleep(seconds)
        finally:
            _sql(cluster.url(), undo(name))
    return hostile


def db21_cases(homes: Homes) -> Iterator[Case]:
    yield _burst_case("db21", "postmaster-sigkill-restart-fast", _crash(0.5))(homes)
    yield _burst_case("db21", "postmaster-sigkill-restart-5s", _crash(5))(homes)
    yield _burst_case("db21", "postmaster-sigstop-5s", _stopped(5))(homes)
    yield _burst_case("db21", "postmaster-sigstop-40s", _stopped(40))(homes)
    yield _burst_case("db21", "connections-exhausted", _exhausted)(homes)
    for table in ("inbox", "questions", "lessons"):
        yield _burst_case("db21", f"lock-{table}-access-exclusive-10s", _held(
            lambda _u, t=table: [f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE"], 10, f"locked-{table}"))(homes)
    yield _burst_case("db21", "database-read-only", _setting(
        lambda n: f'ALTER DATABASE "{n}" SET default_transaction_read_only = on',
        lambda n: f'ALTER DATABASE "{n}" RESET default_transaction_read_only'), exactly=False)(homes)
    yield _burst_case("db21", "role-statement-timeout-1ms", _setting(
        lambda n: f"ALTER ROLE {ROLE} SET statement_timeout = 1",
        lambda n: f"ALTER ROLE {ROLE} RESET statement_timeout"), exactly=False)(homes)


# -- replica21 --------------------------------------------------------------------------------------

def _kill_replica(after: float, restart: bool) -> Callable:
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        burst.send(6, "before-kill", to=0)
        time.sleep(after)
        burst.servers[0].kill()
        burst.killed.add(0)
        burst.send(4, "killed")
        if restart:
            burst.restart(0)
    return hostile


def replica21_cases(homes: Homes) -> Iterator[Case]:
    for after in (0.0, 0.3, 1.0, 3.0):
        yield _burst_case("replica21", f"kill-a-{after}s-after-its-burst", _kill_replica(after, False))(homes)
    yield _burst_case("replica21", "kill-a-0.3s-then-restart", _kill_replica(0.3, True))(homes)


# -- rows21 -----------------------------------------------------------------------------------------

def _changed(*statements: str, undo: tuple[str, ...] = ()) -> Callable:
    def hostile(cluster: PostgresCluster, admin: str, burst: Burst) -> None:
        _sql(admin, *statements)
        burst.send(4, "changed")
        time.sleep(5)
        if undo:
            _sql(admin, *undo)
    return hostile


def rows21_cases(homes: Homes) -> Iterator[Case]:
    for table in ("inbox", "questions"):
        do, undo = (f"ALTER TABLE {table} RENAME TO {table}_gone",), (f"ALTER TABLE {table}_gone RENAME TO {table}",)
        yield _burst_case("rows21", f"table-{table}-renamed", _changed(*do, undo=undo), exactly=False)(homes)
    yield _burst_case("rows21", "inbox-payload-json-wrong-shape", _changed(
        "UPDATE inbox SET payload = '[1, 2, 3]'"))(homes)
    yield _burst_case("rows21", "inbox-payload-json-null-fields", _changed(
        "UPDATE inbox SET payload = '{\"event\": null, \"body\": 7}'"))(homes)
    yield _burst_case("rows21", "inbox-pending-junk-row", _changed(
        "INSERT INTO inbox (key, kind, payload, status) VALUES ('junk21', 'slack.message', '\"x\"', 'pending')"))(homes)
    yield _burst_case("rows21", "questions-text-bytes", _changed(
        "UPDATE questions SET question = chr(1) || chr(27) || '[31m' || chr(65533) || repeat('z', 100000)"))(homes)
    yield _burst_case("rows21", "lesson-enablers-invalid-json", _changed(
        "INSERT INTO lessons (status, title, did, learned, enablers) VALUES ('pending', 't', 'd', 'l', '{not json')",
        "INSERT INTO lessons (status, title, did, learned, enablers) VALUES ('approved', 't', 'd', 'l', '7')"))(homes)


FAMILIES = {"url21": url21_cases, "db21": db21_cases, "replica21": replica21_cases, "rows21": rows21_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile21-", 2,
                                    lambda name, jobs: jobs if name in ("url21", "db21") else 1)


if __name__ == "__main__":
    sys.exit(main())
