"""SIGKILL under load: the real `peerbot serve` (Slack over HTTP with real signing against the Slack
double, Teams against the connector double; hashing model, 127.0.0.1) under sustained concurrent
load (benchmarks/kill_load.py: mentions, DMs, /peer, /enabler, thread follow-ups, feedback clicks,
lessons saved, Teams messages), killed with SIGKILL at random moments, each at one of these points
in turn: plain; moments after `peerbot index` published a generation the server is taking up
(PEERBOT_RELOAD_SECONDS=1); during the retention deletion a start makes (half the DM questions
aged first); during `peerbot schedule`'s digest post; during `peerbot lessons approve`; during
`peerbot index --rebuild`; during `peerbot forget --channel` (the command killed with the server).
Meanwhile the Slack double fails calls: about 5% of chat.postMessage (internal_error, HTTP 500, a
post whose answer is lost) and, every few seconds, one of 429 with Retry-After (1 s, waited out in the
call; 15 s, waited out in the inbox), a 25 s hang (over
peerbot's 20 s limit), a connection reset, invalid_auth, token_expired, msg_too_long; two channels
refuse every post for good (channel_not_found, not_in_channel); and the Teams connector double one of
HTTP 500, 401, 429 with Retry-After, a dropped connection. Each killed command is run again after
the restart, as an operator would.

Judged at the end (every acknowledged item answered, or the window of 180 s passed):
- each acknowledged item answered exactly once (kill_load.py defines acknowledged); a reply in
  flight at a kill may come once more where it cannot be looked for (a Teams reply, a private
  reply, a Slack thread without a history scope: README, Reliability), so repeats are counted
  against the items pending in the inbox at each kill; a mention in a refused channel gets no post
  there (its asker a private reply instead), with a warning line naming Slack's code; no inbox
  item left pending;
- `PRAGMA integrity_check` ok on peerbot.db and on every generation's index.db; no temporary file
  left in the corpus folder, no generation a killed build left once `peerbot index` ran again;
  `peerbot ask` answers from the index;
- the digest posted at most once (exactly once with a history scope); each lesson saved is one
  row, each approved lesson one whole document; each lesson still pending has its review card in
  the review channel, once (repeats as for replies); a forgotten channel has nothing left to forget;
- no traceback, token or signing secret in any log; no command line but one `peerbot` line.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/kill_under_load.py [--runs 2] [--kills 22]
        [--senders 8] [--seed 44]
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
from hostile_sweep import Homes, base_env, judge_cli, run_cli  # noqa: E402
from kill_load import GONE, Load, answer_counts  # noqa: E402
from slack_double import HISTORY_SCOPES, SlackDouble  # noqa: E402
from sweep_servers import REVIEW, Loop, Server, two_surfaces_env  # noqa: E402
from teams_doubles import ConnectorDouble  # noqa: E402

POINTS = ("plain", "take-up", "retention", "schedule", "approve", "index", "forget")
DIGEST = "CKLDIGEST"
APOLOGY = "Sorry, something went wrong"


class Run:
    def __init__(self, homes: Homes, history: bool, rng: random.Random):
        self.rng, self.history, self.home = rng, history, homes.fresh()
        self.double = SlackDouble().start()
        if history:
            self.double.scopes |= set(HISTORY_SCOPES.values())
        self.connector = Loop().run(ConnectorDouble().__aenter__())
        today = datetime.now(ZoneInfo("Europe/London")).strftime("%a").lower()
        self.env = {**two_surfaces_env(self.double), "PEERBOT_RELOAD_SECONDS": "1", "DIGEST_CHANNELS": DIGEST,
                    "DIGEST_DAY": today, "DIGEST_TIME": "00:00"}
        self.cli_env = base_env(self.home, **self.env)
        self.servers = [Server(self.home, **self.env).ready()]
        self.load = Load(self.servers[-1].url, self.double, self.connector)
        self.problems: list[str] = []
        self.pending: Counter = Counter()  # items pending in the inbox at the kills, by kind's surface
        self.approved: set[int] = set()
        self.forgotten: list[str] = []
        self.points: Counter = Counter()
        self.faulting = True
        self.erased = 0  # acknowledged clicks on questions retention or forget then erased (not judged)

    @property
    def server(self) -> Server:
        return self.servers[-1]

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.home / "data" / "peerbot.db", timeout=30)

    def faults(self) -> None:
        """Slack failing calls while the load runs."""
        d = self.double
        d.chaos("chat.postMessage", 0.05, seed=self.rng.randrange(1000))
        for channel, code in zip(GONE, ("channel_not_found", "not_in_channel"), strict=True):
            d.fail("chat.postMessage", code, channel=channel)
        c = self.connector
        ways = [lambda: d.rate_limit("chat.postMessage", times=3, retry_after=1),
                lambda: d.rate_limit("chat.postMessage", times=1, retry_after=15),  # past a worker's 10 s: the inbox waits
                lambda: d.fault("chat.postMessage", "slow", seconds=25, took_effect=self.rng.random() < 0.5),
                lambda: d.fault("chat.postMessage", "reset"), lambda: d.fail("chat.postMessage", "invalid_auth", times=1),
                lambda: d.fail("chat.postMessage", "token_expired", times=1),
                lambda: d.fail("chat.postMessage", "msg_too_long", times=1),
                lambda: c.fail(500), lambda: c.fail(401), lambda: c.fault("drop"),
                lambda: c.fault("body", status=429, body=b"{}", headers={"Retry-After": "3"})]
        while self.faulting:
            self.rng.choice(ways)()
            time.sleep(self.rng.uniform(2, 5))

    def cli(self, *argv: str) -> str:
        try:
            rc, out, err = run_cli(list(argv), self.cli_env, timeout=240)
        except hostile_sweep.Hang as e:
            self.problems.append(str(e))
            return ""
        said = f"peerbot: {out}" if argv[0] == "digest" and rc == 1 else out
        self.problems += judge_cli(list(argv), rc, said, err)
        return out + err

    def popen(self, *argv: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=self.cli_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self, point: str, number: int) -> None:
        """SIGKILL of the server (and the point's command) at `point`; the command run again after."""
        rng, again = self.rng, None
        if point == "take-up":
            (self.home / "knowledge" / f"kill-{number}.md").write_text(
                f"---\ntitle: Kill note {number}\npublisher: Example\n---\n\n# Staff bank\n\n"
                f"Trusts pooled bank staff across sites in round {number} and agreed one rate card.\n")
            self.cli("index")
            time.sleep(rng.uniform(0, 2.5))
        elif point == "retention":
            self.server.kill()
            with self.db() as db:
                db.execute("UPDATE questions SET asked_at = '2001-01-01T00:00:00+00:00' WHERE id IN (SELECT id FROM "
                           "questions WHERE id NOT IN (SELECT question_id FROM feedback) ORDER BY asked_at LIMIT "
                           "(SELECT count(*) / 2 FROM questions))")
            self.servers.append(Server(self.home, **self.env))
            time.sleep(rng.uniform(0.3, 2.0))
        elif point in ("schedule", "approve", "index", "forget"):
            argv = {"schedule": ["schedule"], "index": ["index", "--rebuild"]}.get(point, [])
            if point == "approve":
                with self.db() as db:
                    row = db.execute("SELECT min(id) FROM lessons WHERE status = 'pending'").fetchone()
                if row[0] is None:
                    point, argv = "plain", []
                else:
                    self.approved.add(row[0])
                    argv = again = ["lessons", "approve", str(row[0])]
            elif point == "forget":
                channel = self._answered_channel()
                argv = again = ["forget", "--channel", channel] if channel else []
                if channel:
                    self.forgotten.append(channel)
            again = again or (["digest", "--post"] if point == "schedule" else ["index"] if point == "index" else None)
            command = self.popen(*argv) if argv else None
            time.sleep(rng.uniform(0.05, 3.0 if point in ("schedule", "index") else 1.0))
            if command:
                command.send_signal(signal.SIGKILL)
                command.wait()
        else:
            time.sleep(rng.uniform(0.2, 3))
        self.points[point] += 1
        self.server.kill()
        with self.db() as db:
            for kind, n in db.execute("SELECT substr(kind, 1, instr(kind, '.') - 1), count(*) FROM inbox "
                                      "WHERE status = 'pending' GROUP BY 1"):
                self.pending[kind] += n
        self.servers.append(Server(self.home, **self.env).ready())
        self.load.url = self.server.url
        if again:
            self.cli(*again)

    def _answered_channel(self) -> str | None:
        with self.load._lock:
            mentions = [i for i in self.load.items if i.kind == "mention" and i.acked and not i.key.startswith(GONE)
                        and not i.extra.get("forgotten")]
        for item in mentions[:-20]:
            if any(p["channel"] == item.key.split("/")[0] for p in self.double.posted):
                item.extra["forgotten"] = True
                return item.key.split("/")[0]
        return None

    def finish(self, window: float = 180) -> None:
        self.faulting = False
        self.double.chaos("chat.postMessage", 0.0)
        self.double.heal("chat.postMessage")
        self.double.rate_limit("chat.postMessage", times=0)
        self.connector.failures.clear()
        self.connector.faults.clear()
        deadline = time.monotonic() + window
        while time.monotonic() < deadline:
            with self.db() as db:
                if not db.execute("SELECT count(*) FROM inbox WHERE status = 'pending'").fetchone()[0]:
                    break
            time.sleep(1)
        for channel in self.forgotten:
            said = self.cli("forget", "--channel", channel)
            if re.search(r"\b[1-9][0-9]* ", said.partition(":")[2]):
                self.problems.append(f"forget --channel {channel} found records left: {said.strip()[:160]!r}")
        self.cli("index")
        if '"answered": true' not in self.cli("ask", "--json", "How can trusts build trust at board level?"):
            self.problems.append("`peerbot ask` gave no answer after the run")
        self.problems += self.server.stop()
        for server in self.servers:
            self.problems += server.problems_since(0, settle=0)
        self.problems += self._files() + self._records()
        log = Path(tempfile.gettempdir()) / f"peerbot-kill-{id(self)}.log"
        log.write_text("\n".join(line for s in self.servers for line in s.lines))
        print(f"  the servers' logs: {log}", flush=True)

    def _files(self) -> list[str]:
        found = []
        for path in (self.home / "data" / "peerbot.db", *(self.home / "data").rglob("index.db")):
            with sqlite3.connect(path) as db:
                if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    found.append(f"{path.name} fails its integrity check")
        unpublished = [g.name for g in (self.home / "data" / "index").glob("gen-*")
                       if not (g / "checksums.json").is_file()]  # after the last `peerbot index`
        if unpublished:
            found.append(f"a generation never published left after `peerbot index`: {unpublished[0]}")
        left = [p.name for p in (self.home / "knowledge").rglob(".*") if p.is_file()]
        if left:
            found.append(f"{len(left)} temporary file(s) left in the corpus folder: {left[0]}")
        for lesson in self.approved:
            docs = list((self.home / "knowledge" / "lessons").glob(f"lesson-{lesson}-*.md"))
            if len(docs) != 1 or not docs[0].read_text().rstrip().endswith("Agree the rules first."):
                found.append(f"approved lesson {lesson}: {len(docs)} documents, or not whole")
        digests = [p for p in self.double.posted if p["channel"] == DIGEST]
        if len(digests) > 1 or (self.history and self.points["schedule"] and not digests):
            found.append(f"the digest posted {len(digests)} times")
        return found

    def _records(self) -> list[str]:
        with self.db() as db:
            lessons = Counter(t for (t,) in db.execute("SELECT title FROM lessons"))
            feedback = Counter(q for (q,) in db.execute("SELECT question_id FROM feedback"))
            kept = {q for (q,) in db.execute("SELECT id FROM questions")}
        for item in self.load.items:  # a click on an answer whose question retention or forget took: not kept
            if item.kind == "feedback" and item.key not in kept:
                item.acked = False
                self.erased += 1
            ended = dict(db.execute("SELECT key, status FROM inbox"))
            db_lessons = dict(db.execute("SELECT id, status FROM lessons"))
        self.counts = answer_counts(self.load, lessons, feedback)
        found = []
        gone = [i for i in self.load.items if i.acked and i.key.startswith(GONE)]
        said = "\n".join(line for s in self.servers for line in s.lines)
        if gone and not all(code in said for code in ("channel_not_found", "not_in_channel")):
            found.append("a refused channel's post not named in a warning line")
        found += self._review_cards(db_lessons)
        if any(status == "pending" for status in ended.values()):
            found.append(f"{sum(s == 'pending' for s in ended.values())} inbox items still pending")
        for kind, counts in self.counts.items():
            if kind in ("feedback", "lesson"):
                bad = sum(n for k, n in counts.items() if k != 1)
                if bad:
                    found.append(f"{kind}: {bad} acknowledged not recorded once ({dict(counts)})")
                continue
            surface = "teams" if kind == "teams" else "slack"
            lost = counts[0] - (sum(1 for i in gone if i.kind == kind) if kind == "mention" else 0)
            repeats = sum(n * (k - 1) for k, n in counts.items() if k > 1)
            may = 0 if surface == "slack" and self.history and kind not in ("peer", "enabler") else self.pending[surface]
            for item in [i for i in self.load.items if i.kind == kind and i.acked and not i.key.startswith(GONE)][:0 if not lost else None]:
                if kind == "mention" and self.counts and self._posts_in(item) == item.extra["follow_ups"]:
                    channel = item.key.split("/")[0]
                    calls = [(c["thread_ts"] if "thread_ts" in c.params else None, c.status, c.response.get("error"))
                             for c in self.double.calls_to("chat.postMessage", channel=channel)]
                    print(f"  lost {item.key} (follow-ups {item.extra['follow_ups']}, tries {item.tries}): {calls}",
                          flush=True)
            if lost or repeats > may:
                found.append(f"{kind}: {lost} lost, {repeats} repeats (at most {may} allowed) ({dict(counts)})")
        return found

    def _review_cards(self, lessons: dict[int, str]) -> list[str]:
        """Each lesson's review cards: one for each lesson still pending (none may be owed for one
        approved before its card went out); repeats judged as for Slack replies."""
        cards = Counter(int(m[1]) for p in self.double.posted if p["channel"] == REVIEW
                        if (m := re.match(r"Lesson #(\d+)", p["text"] or "")))
        self.cards = Counter(min(cards[n], 2) if status == "pending" or cards[n] else "none, decided first"
                             for n, status in lessons.items())
        lost = sum(1 for n, status in lessons.items() if status == "pending" and not cards[n])
        repeats = sum(n - 1 for n in cards.values() if n > 1)
        may = 0 if self.history else self.pending["slack"]
        return [f"review cards: {lost} lost, {repeats} repeats (at most {may} allowed)"] if lost or repeats > may else []

    def apologies(self) -> Counter:
        """Apologies posted in place of an answer, by surface."""
        said = Counter("slack" for p in self.double.posted if APOLOGY in (p["text"] or ""))
        said.update("teams" for p in self.connector.posts if APOLOGY in str(p.activity.get("text", "")))
        return said

    def _posts_in(self, item) -> int:
        channel, ts = item.key.split("/")
        return sum(1 for p in self.double.posted if p["channel"] == channel and p["thread_ts"] == ts)

    def close(self) -> None:
        self.double.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2, help="runs; odd ones with a history scope")
    parser.add_argument("--kills", type=int, default=22, help="SIGKILLs a run")
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--seed", type=int, default=44)
    parser.add_argument("--history", action="store_true", help="every run with a history scope")
    parser.add_argument("--code", type=Path, help="the checkout whose peerbot runs (before/after figures)")
    args = parser.parse_args()
    if args.code:
        hostile_sweep.CODE[0] = args.code.resolve()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="peerbot-kill-") as scratch:
        homes = Homes(Path(scratch))
        homes.build()
        for number in range(args.runs):
            started = time.monotonic()
            run = Run(homes, history=number % 2 == 1 or args.history, rng=random.Random(args.seed + number))
            faults = threading.Thread(target=run.faults, daemon=True)
            faults.start()
            senders = run.load.run(args.senders, time.monotonic() + 10**6)
            try:
                for k in range(args.kills):
                    time.sleep(run.rng.uniform(1, 4))
                    run.kill(POINTS[k % len(POINTS)], k)
                    print(f"  run {number + 1}: kill {k + 1} ({POINTS[k % len(POINTS)]})", flush=True)
                time.sleep(3)
                run.load.stop_at = time.monotonic()
                for t in senders:
                    t.join(120)
                run.finish()
            finally:
                run.close()
            items = Counter(i.kind for i in run.load.items if i.acked)
            print(f"run {number + 1} ({'history scope' if run.history else 'manifest scopes'}): "
                  f"{sum(run.points.values())} kills {dict(run.points)}; acknowledged {dict(items)}, "
                  f"{run.load.redeliveries} redelivered, {run.erased} clicks on erased questions; pending at the kills {dict(run.pending)}; "
                  f"answers per item {({k: dict(v) for k, v in run.counts.items()})}; "
                  f"review cards per lesson {dict(run.cards)}; apologies {dict(run.apologies())}; "
                  f"{time.monotonic() - started:.0f} s", flush=True)
            for problem in run.problems:
                print(f"  FAIL: {problem}", flush=True)
            failed += bool(run.problems)
    print(f"{args.runs} runs, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
