"""The eighteenth hostile sweep, part B: the servers, in the classes the earlier sweeps covered least,
through the real `peerbot serve` on 127.0.0.1 with the Slack and Teams doubles.

- `kill18`: SIGKILL of `serve` at many moments of a mixed burst (Slack mentions, `/peer`, Teams
  messages, lesson forms from 8 senders): at the first acknowledgement, at seeded instants 0.05-2 s into
  the burst (the ack, the group commit, answering), at 25/75/100 % acknowledged, while the Web API holds
  an answer's post (carried out or not), while a new index generation is built and picked up, and
  SIGTERM followed by SIGKILL during the drain; Socket Mode bursts killed at 10/50/90 % acknowledged and
  while a post is held. After a restart (the unacknowledged sent again, as Slack and Teams do) every
  acknowledged question is answered exactly once and every acknowledged lesson kept once. Each burst
  prints a `twice:` line: its mentions answered twice, split between posts in flight at Slack at the
  kill and posts Slack had answered (peerbot's window before its record is on disk).
- `recover18`: each Slack Web API call the app makes failing for a while, then recovering: chat.postMessage
  (the answer), chat.postEphemeral and the response_url (`/peer`), views.publish (the Home tab),
  conversations.info and users.lookupByEmail (behind an answer), conversations.replies (looking for a post
  whose answer was lost): HTTP 500/503, resets, 429, ok:false, pages, 40 s late, failing for 20 s or 45 s
  then healing. The answer is posted once, later. The Teams connector likewise.
- `forever18`: the same calls failing for good (per channel, or a Teams connector of its own): the
  question given up cleanly (one "gave up" line per phase, a bounded number of tries, no traceback),
  the server answering others meanwhile.
- `bytes18`: bad bytes in every field of a mention, `/peer` and a Teams message (invalid UTF-8, a NUL, a
  lone surrogate as the escape \\ud800, U+2028, a right-to-left override, 40 kB of combining marks,
  `<!channel>`, `@here`): 2xx or 4xx, an accepted question answered once, nothing posted that would ping.
- `slow18`: slowloris headers, a signed body trickled over 60 s (mention, `/peer`, Teams), 400 idle
  keep-alive connections, pipelined requests, 300 /healthz and /readyz at once, while other requests are
  served.
- `oauth18`: the install flow replayed or cut: a state used again after a good install and after a
  failed one, no code, no state, `error=access_denied`, no cookie, two installs' states crossed,
  oauth.v2.access failing and then a second try; then a clean install works.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep18.py --hang 90 [--only CLASS ...]

A case passes as in sweep 16: a 2xx, or a 4xx with no traceback in the log; each accepted question
answered exactly once, each accepted lesson kept; the server still serving afterwards; a clean exit
(status 0) on SIGTERM.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
import sys  # noqa: E402

sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, run_cli  # noqa: E402
from hostile_sweep4 import _wait  # noqa: E402
from hostile_sweep5 import _begin_install, _get, _judged_server, _oauth_start  # noqa: E402
from hostile_sweep7_shapes import QUESTION  # noqa: E402
from hostile_sweep8 import DANGER, LESSON  # noqa: E402
from hostile_sweep16 import _answered_in_thread, _mention_answered, _mention_envelope  # noqa: E402
from slack_double import (  # noqa: E402
    APP_TOKEN,
    BOT_TOKEN,
    SlackDouble,
    SlackSender,
    app_mention,
    slash_command,
    view_submission,
)
from sweep_servers import Loop, Server  # noqa: E402
from teams_doubles import ConnectorDouble, message  # noqa: E402

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def _signed(server: Server, body: bytes, content_type: str) -> int:
    """`body` posted to /slack/events with Slack's signature of its bytes as they are (the SDK's
    signer decodes them first, so it cannot sign bytes that are not UTF-8)."""
    import hashlib
    import hmac

    from slack_double import SIGNING_SECRET

    ts = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return post(f"{server.url}/slack/events", body, {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
                                                    "Content-Type": content_type})


def _ok_posts(double: SlackDouble, ts: str) -> int:
    return len([c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok])


# -- kill18: SIGKILL at many moments of a mixed burst ------------------------------------------------------

def _mixed_sends(double: SlackDouble, connector_url: str, form: dict | None, mentions: int = 30) -> list[dict]:
    sends: list[dict] = []
    for i in range(mentions):
        sends.append({"kind": "mention", "body": app_mention(f"{QUESTION} {i}", channel=f"CKILL{i % 8:04d}")})
    for i in range(8):
        tag = f"zk{i}x{random.randrange(10**6)}"
        sends.append({"kind": "peer", "tag": tag, "form": slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag))})
    for i in range(8):
        chat = f"a:kill-{i}-{random.randrange(10**6)}"
        sends.append({"kind": "teams", "chat": chat, "body": message(connector_url, f"{QUESTION} {i}", conversation=chat,
                                                                     activity_id=f"k{i}-{random.randrange(10**6)}")})
    if form is not None:
        for i in range(6):
            sends.append({"kind": "lesson", "title": f"Boards zl{i:02d}x{random.randrange(10**6)}", "form": form})
    random.shuffle(sends)
    return sends


def _deliver(item: dict, target: dict, deadline: float) -> None:
    """Send `item` until it is acknowledged (as Slack and Teams send again), to whichever server is up."""
    tries = 0
    while time.monotonic() < deadline:
        url = target["server"].url
        try:
            if item["kind"] == "mention":
                status = SlackSender(f"{url}/slack/events").event(item["body"], retry_num=tries or None).status
            elif item["kind"] == "peer":
                status = SlackSender(f"{url}/slack/events").command(item["form"]).status
            elif item["kind"] == "lesson":
                status = SlackSender(f"{url}/slack/events").interaction(
                    view_submission(item["form"], {**LESSON, "title": item["title"]})).status
            else:
                status = post(f"{url}/api/messages", json.dumps(item["body"]).encode(), {"Content-Type": JSON})
        except (OSError, AssertionError):
            status = 0
        tries += 1
        if 500 <= status < 600 and status != 503:
            item["5xx"] = status
        if status in (200, 202):
            item["acked"] = True
            return
        if item["kind"] in ("peer", "lesson") and status > 0 and status != 503:
            return
        time.sleep(0.2)


def _counts(double: SlackDouble, connector: ConnectorDouble, sends: list[dict], home: Path) -> dict[int, int]:
    """id(item) -> how many times it was answered (or, for a lesson, stored)."""
    threads: dict[str, int] = {}
    for c in double.calls_to("chat.postMessage"):
        if c.ok and c.get("thread_ts"):
            threads[c["thread_ts"]] = threads.get(c["thread_ts"], 0) + 1
    shown = [c.blocks_text + str(c.get("text", "")) for c in double.calls
             if c.ok and c.method in ("chat.postEphemeral", "response_url")]
    chats: dict[str, int] = {}
    for p in connector.posts:
        chats[p.conversation_id] = chats.get(p.conversation_id, 0) + 1
    lessons = ""
    if any(s["kind"] == "lesson" for s in sends):
        _, lessons, _ = run_cli(["lessons"], base_env(home))
    out = {}
    for s in sends:
        if s["kind"] == "mention":
            out[id(s)] = threads.get(s["body"]["event"]["ts"], 0)
        elif s["kind"] == "peer":
            out[id(s)] = sum(1 for text in shown if s["tag"] in text)
        elif s["kind"] == "teams":
            out[id(s)] = chats.get(s["chat"], 0)
        else:
            out[id(s)] = lessons.count(s["title"])
    return out


def _judge_burst(double: SlackDouble, connector: ConnectorDouble, sends: list[dict], home: Path,
                 restarted_at: float) -> list[str]:
    """Every acknowledged item answered (a lesson kept) once. A mention's answer may come twice only when
    its first post came from the killed server (reached the double before the restart began) and peerbot
    may not read the thread (the manifest's scopes: README, Answering); a `/peer` answer and a Teams
    reply cannot be read back (at most twice). (Not "before the kill": on a loaded machine the double
    reads a request the killed server sent a moment later.)"""
    acked = [s for s in sends if s.get("acked")]
    answered = [s for s in acked if s["kind"] != "lesson"]

    def missing() -> list[dict]:
        counts = _counts(double, connector, answered, home)
        return [s for s in answered if not counts[id(s)]]
    _wait(lambda: [] if missing() else [1], 120)
    time.sleep(3)
    counts = _counts(double, connector, sends, home)
    problems = []
    lost = [s for s in acked if counts[id(s)] == 0]
    if lost:
        problems.append(f"{len(lost)} of {len(acked)} acknowledged never answered or kept "
                        f"({', '.join(sorted({s['kind'] for s in lost}))})")
    # a Slack thread can be read back before posting again, a lesson looked up; a private `/peer` answer
    # and a Teams reply cannot (bot/teams/late_posts.py): one in flight at the kill may show twice
    readable = "channels:history" in double.scopes
    first_post = {}
    for c in double.calls_to("chat.postMessage"):
        if c.ok and c.get("thread_ts"):
            first_post.setdefault(c["thread_ts"], c.at)

    def most(s: dict) -> int:
        if s["kind"] == "mention":
            in_flight = first_post.get(s["body"]["event"]["ts"], restarted_at) < restarted_at
            return 2 if in_flight and not readable else 1
        return {"lesson": 1, "peer": 2, "teams": 2}[s["kind"]]
    doubled = [s for s in sends if counts[id(s)] > most(s)]
    if doubled:
        problems.append(f"{len(doubled)} answered or kept more than they may be "
                        f"({', '.join(sorted({s['kind'] for s in doubled}))})")
        for s in [s for s in doubled if s["kind"] == "mention"][:2]:
            ts = s["body"]["event"]["ts"]
            seen = [(c.method, c.status, round(c.at, 2)) for c in double.calls
                    if c.get("thread_ts") == ts or c.get("ts") == ts]
            problems.append(f"  calls for {ts}: {seen}")
    if any("5xx" in s for s in sends):
        problems.append(f"{sum(1 for s in sends if '5xx' in s)} deliveries answered 5xx (not 503)")
    return problems


def _say_twice(double: SlackDouble, sends: list[dict], killed_at: float) -> None:
    """One line: the mentions answered twice, split by where their first post was when the server was
    killed: Slack had not answered it yet (in flight: only reading the thread can tell), or had answered
    it (the window between peerbot hearing "posted" and its record of it being on disk)."""
    posts: dict[str, list] = {}
    for c in double.calls_to("chat.postMessage"):
        if c.ok and c.get("thread_ts"):
            posts.setdefault(c["thread_ts"], []).append(c)
    twice = [posts[s["body"]["event"]["ts"]] for s in sends
             if s["kind"] == "mention" and len(posts.get(s["body"]["event"]["ts"], [])) > 1]
    answered = [p for p in twice if p[0].answered_at is not None and p[0].answered_at < killed_at]
    gaps = sorted(round(killed_at - p[0].answered_at, 3) for p in answered)
    print(f"twice: {len(twice)} mentions answered twice; {len(twice) - len(answered)} in flight at Slack at the "
          f"kill, {len(answered)} whose post Slack had answered (that long before the kill, s: {gaps})", flush=True)


def _lesson_form(server: Server, double: SlackDouble) -> dict:
    SlackSender(f"{server.url}/slack/events").command(slash_command("/lesson", "Boards", double.response_url()))
    double.wait_for("views.open", timeout=30)
    return double.views[-1]


def _burst_killed(homes: Homes, strike: Callable[[dict, list[dict], SlackDouble, Path], None],
                  post_fault: Callable[[SlackDouble], None] | None = None, history: bool = False) -> list[str]:
    """A mixed burst from 8 senders; `strike(target, sends, double, home)` kills the server at its moment;
    a restart; every acknowledged item answered (or kept) once (`_judge_burst`). `history`: the bot token
    may read channels (channels:history), so a mention's answer can be looked for before posting again."""
    home = homes.fresh()
    loop = Loop()
    connector = loop.run(ConnectorDouble().__aenter__())
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            if history:
                double.scopes |= {"channels:history", "groups:history"}
            env = servers.slack_env(double, TEAMS_ALLOW_ANONYMOUS="1", PEERBOT_CURATORS="U061F7AUR",
                                    PEERBOT_REVIEW_CHANNEL="C0REVIEW1")
            target = {"server": Server(home, **env).ready()}
            form = _lesson_form(target["server"], double)
            double.clear()
            double.fault("chat.postMessage", "slow", seconds=0.2, took_effect=True, times=None)
            if post_fault:
                post_fault(double)
            sends = _mixed_sends(double, connector.url, form)
            deadline = time.monotonic() + 240
            with ThreadPoolExecutor(8) as pool:
                futures = [pool.submit(_deliver, item, target, deadline) for item in sends]
                first = target["server"]
                strike(target, sends, double, home)
                killed_at = time.perf_counter()
                first.kill()
                problems += [f"first server: {p}" for p in first.problems_since(0, settle=0.3)]
                double.heal("chat.postMessage")
                restarted_at = time.perf_counter()
                target["server"] = Server(home, **env).ready()
                for f in futures:
                    f.result()
            server = target["server"]
            judged = _judge_burst(double, connector, sends, home, restarted_at)
            _say_twice(double, sends, killed_at)
            if judged:  # what the restarted server said of its posts, to tell a slow post from a lost record
                judged += [f"  log: {line[-160:]}" for line in server.lines if "inbox:" in line][:3]
            problems += judged
            problems += _integrity(home)
            return problems + server.problems_since(0) + server.stop()
    finally:
        loop.run(connector.__aexit__(None, None, None))
        homes.discard(home)


def _integrity(home: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        found = db.execute("PRAGMA integrity_check").fetchone()[0]
    return [] if found == "ok" else [f"peerbot.db integrity: {found[:80]}"]


def _at_acked(share: float) -> Callable:
    def strike(target: dict, sends: list[dict], double: SlackDouble, home: Path) -> None:
        need = max(1, int(share * len(sends)))
        _wait(lambda: [1] if sum(1 for s in sends if s.get("acked")) >= need else [], 120)
    return strike


def _at_instant(seconds: float) -> Callable:
    def strike(target: dict, sends: list[dict], double: SlackDouble, home: Path) -> None:
        time.sleep(seconds)
    return strike


def _at_post(target: dict, sends: list[dict], double: SlackDouble, home: Path) -> None:
    _wait(lambda: [c for c in double.calls_to("chat.postMessage") if c.params.get("thread_ts")], 60)
    time.sleep(0.3)


def _during_drain(delay: float) -> Callable:
    def strike(target: dict, sends: list[dict], double: SlackDouble, home: Path) -> None:
        _wait(lambda: [1] if sum(1 for s in sends if s.get("acked")) >= len(sends) // 3 else [], 120)
        target["server"].process.send_signal(signal.SIGTERM)
        time.sleep(delay)
    return strike


def _during_pickup(target: dict, sends: list[dict], double: SlackDouble, home: Path) -> None:
    """A new document and `peerbot index` while the burst runs; the kill once the new generation is current
    (or the build is done), so the server is picking it up or answering from it."""
    (home / "knowledge" / "sweep18-new-lesson.md").write_text(
        "---\ntitle: Board trust in a new collaborative\n---\n\nBoards built trust by meeting monthly and sharing "
        "their risk registers openly, which the peer leads said made the difference.\n", encoding="utf-8")
    env = base_env(home)
    build = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], cwd=hostile_sweep.CODE[0], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        build.wait(240)
    except subprocess.TimeoutExpired:
        build.kill()
    time.sleep(random.uniform(0.0, 1.5))


def _socket_killed(homes: Homes, share: float | None, history: bool = False) -> list[str]:
    """40 mentions over Socket Mode; SIGKILL at `share` acknowledged (None: while a post is held and
    carried out); a restart, the unacknowledged sent again: each answered once (twice at most where its
    first post reached Slack before the kill and the thread cannot be read, as in `_judge_burst`)."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            if history:
                double.scopes |= {"channels:history", "groups:history"}
            env = dict(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=double.api_url)
            server = Server(home, **env).ready()
            double.wait_for_socket(60)
            double.fault("chat.postMessage", "slow", seconds=0.2, took_effect=True, times=None)
            if share is None:
                double.heal("chat.postMessage")
                double.fault("chat.postMessage", "slow", seconds=10, took_effect=True, times=1)
            envelopes = [_mention_envelope() for _ in range(40)]
            for envelope in envelopes:
                double.send_envelope(envelope)
            if share is None:
                _wait(lambda: double.calls_to("chat.postMessage"), 60)
                time.sleep(0.3)
            else:
                _wait(lambda: [1] if sum(1 for e in envelopes if e["envelope_id"] in double.acks) >= share * 40 else [], 60)
            server.kill()
            problems = server.problems_since(0)
            double.heal("chat.postMessage")
            before = double.socket_connections
            restarted_at = time.perf_counter()
            second = Server(home, **env).ready()
            _wait(lambda: [1] if double.socket_connections > before else [], 60)
            time.sleep(1)
            for envelope in envelopes:
                if envelope["envelope_id"] not in double.acks:
                    double.send_envelope({**envelope, "retry_attempt": 1, "retry_reason": "timeout"})
            wrong = []
            _wait(lambda: [1] if all(_ok_posts(double, e["payload"]["event"]["ts"]) for e in envelopes) else [], 120)
            time.sleep(3)
            for envelope in envelopes:
                posts = [c.at for c in double.calls_to("chat.postMessage", thread_ts=envelope["payload"]["event"]["ts"])
                         if c.ok]
                if len(posts) != 1 and not (len(posts) == 2 and not history and posts[0] < restarted_at):
                    wrong.append(len(posts))
            if wrong:
                problems.append(f"{len(wrong)} of 40 mentions answered {sorted(set(wrong))} times, not once")
            return problems + _integrity(home) + second.problems_since(0) + second.stop()
    finally:
        homes.discard(home)


def kill18_cases(homes: Homes) -> Iterator[Case]:
    case = lambda name, run: Case("kill18", name, run)  # noqa: E731
    yield case("mixed-at-first-ack", lambda: _burst_killed(homes, _at_acked(0.0)))
    rng = random.Random(18)
    for _i in range(6):
        seconds = round(rng.uniform(0.05, 2.0), 2)
        yield case(f"mixed-at-{seconds}s", lambda s=seconds: _burst_killed(homes, _at_instant(s)))
    for share in (0.25, 0.75, 1.0):
        yield case(f"mixed-at-{int(share * 100)}pct-acked", lambda s=share: _burst_killed(homes, _at_acked(s)))
    for took in (True, False):
        yield case(f"mixed-while-a-post-is-held:{'taken' if took else 'not-taken'}", lambda t=took: _burst_killed(
            homes, _at_post, lambda d: d.fault("chat.postMessage", "slow", seconds=15, took_effect=t, times=1)))
    yield case("mixed-during-index-pickup", lambda: _burst_killed(homes, _during_pickup))
    for delay in (0.2, 2.0):
        yield case(f"mixed-sigterm-then-sigkill-{delay}s-into-the-drain", lambda d=delay: _burst_killed(homes, _during_drain(d)))
    for share in (0.1, 0.5, 0.9):
        yield case(f"socket-at-{int(share * 100)}pct-acked", lambda s=share: _socket_killed(homes, s))
    yield case("socket-while-a-post-is-held", lambda: _socket_killed(homes, None))
    # the bot token allowed to read channels (README: Scopes): a mention's answer is looked for, never twice
    for share in (0.25, 0.75):
        yield case(f"history-mixed-at-{int(share * 100)}pct-acked",
                   lambda s=share: _burst_killed(homes, _at_acked(s), history=True))
    yield case("history-mixed-at-0.6s", lambda: _burst_killed(homes, _at_instant(0.6), history=True))
    yield case("history-mixed-while-a-post-is-held:taken", lambda: _burst_killed(
        homes, _at_post, lambda d: d.fault("chat.postMessage", "slow", seconds=15, took_effect=True, times=1),
        history=True))
    yield case("history-socket-at-50pct-acked", lambda: _socket_killed(homes, 0.5, history=True))


# -- recover18: each call failing for a while, then recovering ------------------------------------------------

def _clear(double: SlackDouble) -> None:
    double._faults.clear(), double._failures.clear(), double._rate_limits.clear()


def _healing(double: SlackDouble, method: str, seconds: float) -> None:
    double.fault(method, "http", times=None, status=503)
    threading.Timer(seconds, double.heal, (method,)).start()


def _mention_once(arrange: Callable[[SlackDouble], None], wait: float = 120) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        arrange(double)
        body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        problems += _answered_in_thread(double, body["event"]["ts"], wait=wait)
        _clear(double)
        return problems + _mention_answered(server, double)
    return run_it


def _peer_once(arrange: Callable[[SlackDouble], None]) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        arrange(double)
        tag = f"zr{random.randrange(10**6)}"
        status = SlackSender(f"{server.url}/slack/events").command(
            slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag))).status
        problems = status_problems(status)
        shown = lambda: [c for c in double.calls if c.ok and c.method in ("chat.postEphemeral", "response_url")  # noqa: E731
                         and tag in c.blocks_text + str(c.get("text", ""))]
        _wait(shown, 120)
        time.sleep(2)
        if len(shown()) != 1:
            problems.append(f"the /peer answer shown {len(shown())} times")
        _clear(double)
        return problems + _mention_answered(server, double)
    return run_it


def _home_once(arrange: Callable[[SlackDouble], None]) -> Callable:
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        from slack_double import event_callback

        arrange(double)
        user = f"U0H{random.randrange(10**6):06d}"
        body = event_callback({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                               "event_ts": f"{time.time():.6f}"})
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        published = lambda: [c for c in double.calls_to("views.publish", user_id=user) if c.ok]  # noqa: E731
        _wait(published, 60)
        time.sleep(1)
        if len(published()) > 1:
            problems.append(f"the Home tab published {len(published())} times")
        _clear(double)
        return problems + _mention_answered(server, double)
    return run_it


def recover18_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "recover18", name, run_it, lambda s, h: servers.start(s, h))

    pm = "chat.postMessage"
    answer = {
        "http-500-twice": lambda d: d.fault(pm, "http", times=2, status=500),
        "http-503-three-times": lambda d: d.fault(pm, "http", times=3, status=503),
        "http-502-twice": lambda d: d.fault(pm, "http", times=2, status=502),
        "reset-twice-not-taken": lambda d: d.fault(pm, "drop", times=2),
        "reset-once-taken": lambda d: d.fault(pm, "drop", times=1, took_effect=True),
        "reset-taken-then-replies-failing": lambda d: (d.fault(pm, "drop", times=1, took_effect=True),
                                                        d.fault("conversations.replies", "http", times=2, status=500)),
        "429-three-times": lambda d: d.rate_limit(pm, times=3, retry_after=1),
        "internal_error-three-times": lambda d: d.fail(pm, "internal_error", times=3),
        "fatal_error-twice": lambda d: d.fail(pm, "fatal_error", times=2),
        "page-200-twice": lambda d: d.fault(pm, "invalid_json", times=2),
        "empty-200-taken": lambda d: d.fault(pm, "body", times=1, status=200, body=b"", took_effect=True),
        "40s-late-not-taken": lambda d: d.fault(pm, "slow", times=1, seconds=40),
        "40s-late-taken": lambda d: d.fault(pm, "slow", times=1, seconds=40, took_effect=True),
        "503-for-20s": lambda d: _healing(d, pm, 20),
        "503-for-45s": lambda d: _healing(d, pm, 45),
        "conversations.info-503-for-20s": lambda d: _healing(d, "conversations.info", 20),
        "conversations.info-reset-three-times": lambda d: d.fault("conversations.info", "drop", times=3),
        "users.lookupByEmail-500-three-times": lambda d: d.fault("users.lookupByEmail", "http", times=3),
    }
    for name, arrange in answer.items():
        yield case(f"answer:{name}", _mention_once(arrange))
    eph = "chat.postEphemeral"
    peer = {
        "http-500-twice": lambda d: d.fault(eph, "http", times=2),
        "reset-twice": lambda d: d.fault(eph, "drop", times=2),
        "internal_error-twice": lambda d: d.fail(eph, "internal_error", times=2),
        "429-twice": lambda d: d.rate_limit(eph, times=2, retry_after=1),
        "503-for-20s": lambda d: _healing(d, eph, 20),
    }
    for name, arrange in peer.items():
        yield case(f"peer:{name}", _peer_once(arrange))
    for name, arrange in {"http-500-twice": lambda d: d.fault("views.publish", "http", times=2),
                          "internal_error-twice": lambda d: d.fail("views.publish", "internal_error", times=2),
                          "reset-twice": lambda d: d.fault("views.publish", "drop", times=2)}.items():
        yield case(f"home:{name}", _home_once(arrange))
    yield Case("recover18", "teardown", lambda: servers.stop(state, homes))
    yield from _teams_recover_cases(homes)


def _teams_recover_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        servers.start(s, h, lambda double: servers.slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True)

    def once(arrange: Callable[[ConnectorDouble], None], heal_after: float | None = None) -> Callable:
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            connector: ConnectorDouble = state["connector"]
            arrange(connector)
            if heal_after:
                threading.Timer(heal_after, connector.failures.clear).start()
            chat = f"a:recover-{random.randrange(10**9)}"
            body = message(connector.url, QUESTION, conversation=chat, activity_id=f"r{random.randrange(10**9)}")
            status = post(f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": JSON})
            problems = status_problems(status)
            shown = lambda: [p for p in connector.posts if p.conversation_id == chat]  # noqa: E731
            _wait(shown, 150)
            time.sleep(2)
            if len(shown()) != 1:
                problems.append(f"the Teams reply shown {len(shown())} times")
            connector.failures.clear(), connector.faults.clear()
            return problems
        return run_it

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "recover18", f"teams:{name}", run_it, start)

    yield case("500-twice", once(lambda c: c.fail(500, 500)))
    yield case("502-three-times", once(lambda c: c.fail(502, 502, 502)))
    yield case("503-twice", once(lambda c: c.fail(503, 503)))
    yield case("429-twice", once(lambda c: c.fail(429, 429)))
    yield case("reset-twice", once(lambda c: (c.fault("drop"), c.fault("drop"))))
    yield case("40s-late", once(lambda c: c.fault("slow", seconds=40)))
    yield case("500-for-20s", once(lambda c: c.fail(*[500] * 1000), heal_after=20))
    yield Case("recover18", "teams:teardown", lambda: servers.stop(state, homes))


# -- forever18: failing for good -------------------------------------------------------------------------------

FOREVER_SLACK = [("chat.postMessage", e) for e in ("internal_error", "service_unavailable", "ratelimited", "fatal_error",
                                                      "request_timeout", "surprise_error", "channel_not_found")] + \
                [("chat.postEphemeral", e) for e in ("internal_error", "fatal_error")]
FOREVER_TEAMS = [500, 503, 429]


def forever18_cases(homes: Homes) -> Iterator[Case]:
    """All the questions are sent at once (each failing for good on a channel or connector of its own),
    then each case judges its own after the retries must be over (about 4 minutes)."""
    state: dict = {}

    def begin() -> None:
        start = lambda s, h: servers.start(s, h, lambda d: servers.slack_env(d, TEAMS_ALLOW_ANONYMOUS="1"))  # noqa: E731
        start(state, homes)
        server, double = state["server"], state["double"]
        state["loop"] = Loop()
        sent: dict[str, dict] = {}
        for i, (method, error) in enumerate(FOREVER_SLACK):
            channel = f"CFOREVER{i:02d}"
            double.fail("chat.postMessage", error, channel=channel)
            double.fail("chat.postEphemeral", error, channel=channel)
            if method == "chat.postMessage":
                body = app_mention(f"{QUESTION} {i}", channel=channel)
                status = SlackSender(f"{server.url}/slack/events").event(body).status
            else:
                with socket.socket() as closed:  # the response_url refused too: no way to show it
                    closed.bind(("127.0.0.1", 0))
                    refused = f"http://127.0.0.1:{closed.getsockname()[1]}/response/forever{i}"
                body = slash_command("/peer", QUESTION, refused, channel=channel)
                status = SlackSender(f"{server.url}/slack/events").command(body).status
            sent[f"{method}:{error}"] = {"channel": channel, "status": status}
        for status in FOREVER_TEAMS:
            connector = state["loop"].run(ConnectorDouble().__aenter__())
            connector.fail(*[status] * 10_000)
            state.setdefault("connectors", []).append(connector)
            body = message(connector.url, QUESTION, conversation=f"a:forever-{status}", activity_id=f"f{status}")
            sent[f"teams:{status}"] = {"connector": connector, "status": post(
                f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": JSON})}
        state["sent"], state["began"] = sent, time.monotonic()

    def judged(name: str) -> Callable[[], list[str]]:
        def run() -> list[str]:
            if not state:
                begin()
            # the answer's tries (2+5+15+30+60 s apart), then the apology's: over by 4.5 minutes
            while time.monotonic() - state["began"] < 270:
                time.sleep(1)
            server, double, item = state["server"], state["double"], state["sent"][name]
            problems = status_problems(item["status"])
            if "connector" in item:
                tries = len(item["connector"].refused)
            else:
                tries = len([c for c in double.calls if c.get("channel") == item["channel"]
                             and c.method in ("chat.postMessage", "chat.postEphemeral")])
            if tries == 0:
                problems.append("never tried")
            if tries > 14:
                problems.append(f"tried {tries} times (more than the answer's and the apology's tries)")
            return problems + server.problems_since(0, settle=0)
        return run

    for method, error in FOREVER_SLACK:
        yield Case("forever18", f"{method}:{error}", judged(f"{method}:{error}"))
    for status in FOREVER_TEAMS:
        yield Case("forever18", f"teams:{status}", judged(f"teams:{status}"))

    def afterwards() -> list[str]:
        if not state:
            return []
        server, double = state["server"], state["double"]
        lines = server.lines
        gave_up = [line for line in lines if "gave up" in line]
        problems = []
        expected = len(FOREVER_SLACK) + len(FOREVER_TEAMS)
        if len(gave_up) < expected:
            problems.append(f"{len(gave_up)} 'gave up' lines for {expected} questions that could never be posted")
        if len(gave_up) > 2 * expected:
            problems.append(f"{len(gave_up)} 'gave up' lines for {expected} questions (more than one a phase)")
        double_calls = len(double.calls)
        refused = sum(len(c.refused) for c in state.get("connectors", []))
        time.sleep(15)
        if len(double.calls) > double_calls or sum(len(c.refused) for c in state.get("connectors", [])) > refused:
            problems.append("still trying after giving up")
        problems += _mention_answered(server, double)
        for connector in state.get("connectors", []):
            state["loop"].run(connector.__aexit__(None, None, None))
        state.pop("loop")
        return problems + servers.stop(state, homes)
    yield Case("forever18", "teardown", afterwards)


# -- bytes18: bad bytes in every field ----------------------------------------------------------------------

BAD = {
    "invalid-utf8": "\x00BADBYTES\x00", "nul": "a\x00b", "lone-surrogate": "\ud800", "u2028": "a\u2028b\u2029c",
    "rtl-override": "\u202etrust\u202c", "combining-40kb": "a" + "\u0301" * 20_000, "channel": "<!channel>",
    "here": "@here <!here>", "everyone": "<!everyone|everyone>",
}
FEW = ("invalid-utf8", "nul", "lone-surrogate", "combining-40kb", "channel")


def _encoded(value: dict) -> bytes:
    """JSON with the invalid-UTF-8 marker as the raw bytes 0xFF 0xFE and a lone surrogate as its escape."""
    text = json.dumps(value, ensure_ascii=True)
    return text.encode().replace(b"\\u0000BADBYTES\\u0000", b"\xff\xfe\xc3(")


def _pings(double: SlackDouble) -> list[str]:
    from hostile_sweep8 import _mrkdwn

    for c in double.calls:
        if c.ok and c.method in ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url", "views.open",
                                 "views.publish"):
            texts = [str(c.get("text", ""))] + _mrkdwn(c.blocks, [])
            if any(DANGER.search(t) for t in texts):
                return [f"{c.method} carried a broadcast that would ping"]
    return []


def _set(body: dict, path: tuple, value) -> dict:
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


def bytes18_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        servers.start(s, h, lambda double: servers.slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True)

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "bytes18", name, run_it, start)

    def mention(path: tuple, bad: str, is_text: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = app_mention(QUESTION)
            ts = body["event"]["ts"]
            value = f"<@U0BOT> {QUESTION} {BAD[bad]}" if is_text else BAD[bad]
            status = _signed(server, _encoded(_set(body, path, value)), JSON)
            problems = status_problems(status)
            if status == 200 and is_text:
                problems += _answered_in_thread(double, ts, wait=30)
            elif status == 200:
                time.sleep(2)
                if _ok_posts(double, ts) > 1:
                    problems.append(f"answered {_ok_posts(double, ts)} times")
            return problems + _pings(double) + _mention_answered(server, double)
        return run_it

    def peer(field: str, bad: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            form = slash_command("/peer", QUESTION, double.response_url())
            form[field] = f"{QUESTION} {BAD[bad]}" if field == "text" else BAD[bad]
            form = {k: v.replace("\ud800", "SURROGATE") for k, v in form.items()}
            raw = urllib.parse.urlencode(form).replace("%00BADBYTES%00", "%FF%FE%C3%28")
            raw = raw.replace("SURROGATE", "%ED%A0%80")  # a lone surrogate's bytes, as Python will not encode them
            status = _signed(server, raw.encode(), FORM)
            time.sleep(2)
            return status_problems(status) + _pings(double) + _mention_answered(server, double)
        return run_it

    def teams(path: tuple, bad: str, is_text: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            connector: ConnectorDouble = state["connector"]
            chat = f"a:bytes-{random.randrange(10**9)}"
            body = message(connector.url, QUESTION, conversation=chat, activity_id=f"b{random.randrange(10**9)}")
            _set(body, path, f"{QUESTION} {BAD[bad]}" if is_text else BAD[bad])
            before = len(connector.posts)
            status = post(f"{server.url}/api/messages", _encoded(body), {"Content-Type": JSON})
            problems = status_problems(status)
            shown = lambda: connector.posts[before:]  # noqa: E731
            if status in (200, 201, 202) and is_text:
                _wait(shown, 30)
            time.sleep(1)
            if len(shown()) > 1:
                problems.append(f"the Teams reply shown {len(shown())} times")
            if status in (200, 201, 202) and is_text and not shown():
                problems.append("an acknowledged Teams message never answered")
            return problems
        return run_it

    for bad in BAD:
        yield case(f"mention-text:{bad}", mention(("event", "text"), bad, True))
        yield case(f"peer-text:{bad}", peer("text", bad))
        yield case(f"teams-text:{bad}", teams(("text",), bad, True))
    for field in (("event", "user"), ("event", "channel"), ("event", "ts"), ("event_id",), ("team_id",),
                  ("event", "thread_ts")):
        for bad in FEW:
            yield case(f"mention-{'.'.join(field)}:{bad}", mention(field, bad, False))
    for field in ("user_name", "channel_name", "team_domain", "user_id"):
        for bad in ("invalid-utf8", "nul", "channel"):
            yield case(f"peer-{field}:{bad}", peer(field, bad))
    for field in (("from", "name"), ("from", "id"), ("conversation", "id"), ("locale",)):
        for bad in ("invalid-utf8", "lone-surrogate", "combining-40kb"):
            yield case(f"teams-{'.'.join(field)}:{bad}", teams(field, bad, False))
    yield Case("bytes18", "teardown", lambda: servers.stop(state, homes))


# -- slow18: slow clients while others are served ----------------------------------------------------------

def _hold(port: int, count: int, opening: bytes) -> list[socket.socket]:
    held = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(opening)
            held.append(s)
        except OSError:
            break
    return held


def _trickle(port: int, head: bytes, body: bytes, seconds: float) -> int:
    """`head` at once, then `body` spread over `seconds`: the status answered (0: none, -1: closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds + 40) as s:
        try:
            s.sendall(head)
            step = max(1, len(body) // 60)
            for i in range(0, len(body), step):
                s.sendall(body[i:i + step])
                time.sleep(seconds / max(1, len(body) / step))
            answer = s.recv(200)
        except OSError:
            return -1
    match = re.match(rb"HTTP/1\.[01] (\d+)", answer)
    return int(match.group(1)) if match else 0


def _signed_head(path: str, body: bytes, content_type: str, signed: bool = True) -> bytes:
    from slack_double import SIGNING_SECRET
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()))
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    if signed:
        head += (f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: "
                 f"{SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body)}\r\n")
    return (head + "\r\n").encode()


def slow18_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def start(s: dict, h: Homes) -> None:
        servers.start(s, h, lambda double: servers.slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"), teams=True)

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "slow18", name, run_it, start)

    def with_held(count: int, opening: bytes, trickle: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            held = _hold(server.port, count, opening)
            stop = threading.Event()

            def drip() -> None:
                while not stop.wait(1):
                    for s in held:
                        try:
                            s.sendall(b"X")
                        except OSError:
                            pass
            if trickle:
                threading.Thread(target=drip, daemon=True).start()
            try:
                time.sleep(2)
                problems = _mention_answered(server, double)
                status = _get(server.port, "/healthz")[0]
                problems += [] if status == 200 else [f"/healthz answered {status} meanwhile"]
            finally:
                stop.set()
                for s in held:
                    s.close()
            return problems
        return run_it

    yield case("slowloris-200-headers-a-byte-a-second", with_held(200, b"POST /slack/events HTTP/1.1\r\nHost: x\r\n", True))
    yield case("slowloris-200-teams-headers", with_held(200, b"POST /api/messages HTTP/1.1\r\nHost: x\r\n", True))
    yield case("400-idle-keep-alive", with_held(400, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", False))
    yield case("200-bodies-declared-and-trickled", with_held(
        200, b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nContent-Type: application/json\r\n\r\n{",
        True))

    def trickled(kind: str, seconds: float):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            if kind == "mention":
                body = app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}")
                raw = json.dumps(body).encode()
                head = _signed_head("/slack/events", raw, JSON)
            elif kind == "peer":
                tag = f"zs{random.randrange(10**6)}"
                raw = urllib.parse.urlencode(slash_command("/peer", f"{QUESTION} {tag}", double.response_url(tag))).encode()
                head = _signed_head("/slack/events", raw, FORM)
            else:
                chat = f"a:slow-{random.randrange(10**9)}"
                raw = json.dumps(message(state["connector"].url, QUESTION, conversation=chat,
                                         activity_id=f"s{random.randrange(10**9)}")).encode()
                head = _signed_head("/api/messages", raw, JSON, signed=False)
            result: dict = {}
            runner = threading.Thread(target=lambda: result.update(status=_trickle(server.port, head, raw, seconds)))
            runner.start()
            problems = _mention_answered(server, double)  # others served meanwhile
            runner.join(seconds + 60)
            status = result.get("status", -2)
            if status == 0 or status >= 500:
                problems.append(f"the trickled {kind}: {status or 'no answer'}")
            if status == 200 and kind == "mention":
                problems += _answered_in_thread(double, body["event"]["ts"])
            if status in (200, 202) and kind == "teams":
                if not _wait(lambda: [p for p in state["connector"].posts if p.conversation_id == chat], 30):
                    problems.append("the trickled Teams message acknowledged and never answered")
            return problems
        return run_it

    for kind in ("mention", "peer", "teams"):
        yield case(f"{kind}-body-trickled-over-60s", trickled(kind, 60))
    yield case("mention-body-trickled-over-10s", trickled("mention", 10))

    def pipelined(server: Server, double: SlackDouble) -> list[str]:
        bodies = [app_mention(f"{QUESTION} {uuid.uuid4().hex[:6]}") for _ in range(8)]
        raw = b""
        for body in bodies:
            data = json.dumps(body).encode()
            raw += _signed_head("/slack/events", data, JSON) + data
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
            s.sendall(raw)
            time.sleep(3)
        problems = []
        for body in bodies:
            found = _ok_posts(double, body["event"]["ts"])
            if found > 1:
                problems.append(f"a pipelined mention answered {found} times")
        return problems + _mention_answered(server, double)
    yield case("8-mentions-pipelined-on-one-connection", pipelined)

    def probes(server: Server, double: SlackDouble) -> list[str]:
        statuses: list[int] = []
        with ThreadPoolExecutor(30) as pool:
            mention = pool.submit(_mention_answered, server, double)
            statuses = list(pool.map(lambda i: _get(server.port, "/healthz" if i % 2 else "/readyz")[0], range(300)))
            problems = mention.result()
        bad = [s for s in statuses if s != 200]
        return problems + ([f"{len(bad)} of 300 probes answered {sorted(set(bad))}"] if bad else [])
    yield case("300-health-probes-at-once-under-a-mention", probes)
    yield Case("slow18", "teardown", lambda: servers.stop(state, homes))


# -- oauth18: the install flow replayed or cut --------------------------------------------------------------

def oauth18_cases(homes: Homes) -> Iterator[Case]:
    from hostile_sweep5 import _installs

    state: dict = {}

    def case(name: str, run_it) -> Case:
        def checked(server: Server, double: SlackDouble) -> list[str]:
            problems = run_it(server, double)
            _clear(double)
            return problems + _installs(server, double)
        return _judged_server(state, homes, "oauth18", name, checked, _oauth_start)

    def grant(double: SlackDouble) -> str:
        return double.grant(f"T0R{random.randrange(10**6):06d}", f"xoxb-r-{random.randrange(10**9)}")

    def redirect(server: Server, query: str, cookie: str = "") -> list[str]:
        status = _get(server.port, f"/slack/oauth_redirect?{query}", cookie)[0]
        return [] if 0 < status < 500 else [f"the redirect answered {status}"]

    def replay_after(good: bool):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, st = _begin_install(server.port)
            if not good:
                double.fail("oauth.v2.access", "invalid_code", times=1)
            problems = redirect(server, f"code={grant(double)}&state={st}", cookie)
            again = _get(server.port, f"/slack/oauth_redirect?code={grant(double)}&state={st}", cookie)[0]
            if again == 200 and good:
                problems.append("a state used a second time was accepted (200)")
            return problems + ([f"the replay answered {again}"] if not 0 < again < 500 else [])
        return run_it

    yield case("state-replayed-after-a-good-install", replay_after(True))
    yield case("state-replayed-after-a-failed-exchange", replay_after(False))
    yield case("no-code", lambda s, d: redirect(s, f"state={_begin_install(s.port)[1]}", _begin_install(s.port)[0]))

    def cut(query: Callable[[str, str], str], with_cookie: bool = True):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, st = _begin_install(server.port)
            return redirect(server, query(grant(double), st), cookie if with_cookie else "")
        return run_it

    yield case("no-code-same-flow", cut(lambda code, st: f"state={st}"))
    yield case("no-state", cut(lambda code, st: f"code={code}"))
    yield case("empty-code-and-state", cut(lambda code, st: "code=&state="))
    yield case("error-access_denied", cut(lambda code, st: f"error=access_denied&state={st}"))
    yield case("no-cookie", cut(lambda code, st: f"code={code}&state={st}", with_cookie=False))
    yield case("code-twice-in-the-query", cut(lambda code, st: f"code={code}&code=other&state={st}"))

    def crossed(server: Server, double: SlackDouble) -> list[str]:
        first_cookie, first_state = _begin_install(server.port)
        second_cookie, second_state = _begin_install(server.port)
        return redirect(server, f"code={grant(double)}&state={second_state}", first_cookie) + \
            redirect(server, f"code={grant(double)}&state={first_state}", second_cookie)
    yield case("two-installs-states-crossed", crossed)

    def failing_then_again(fault: Callable[[SlackDouble], None]):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, st = _begin_install(server.port)
            fault(double)
            problems = redirect(server, f"code={grant(double)}&state={st}", cookie)
            _clear(double)
            return problems  # `_installs` then tries a whole new install, as a person would
        return run_it

    yield case("oauth.v2.access-500-then-again", failing_then_again(lambda d: d.fault("oauth.v2.access", "http", times=1)))
    yield case("oauth.v2.access-reset-then-again", failing_then_again(lambda d: d.fault("oauth.v2.access", "drop", times=1)))
    yield case("oauth.v2.access-35s-late-then-again",
               failing_then_again(lambda d: d.fault("oauth.v2.access", "slow", times=1, seconds=35)))
    yield Case("oauth18", "teardown", lambda: servers.stop(state, homes))


FAMILIES = {"kill18": kill18_cases, "recover18": recover18_cases, "forever18": forever18_cases,
            "bytes18": bytes18_cases, "slow18": slow18_cases, "oauth18": oauth18_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile18-", 1, lambda name, jobs: 1)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
