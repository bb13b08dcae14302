"""The eighth hostile sweep: classes the first seven touched thinly, through the real processes on
127.0.0.1 with the Slack double.

- `ping8`: a broadcast or a mention someone typed (`<!channel>`, `<!here|here>`, `<!subteam^…>`,
  `<@U…>`, `<#C…>`, a spoofed link, bare `@channel`/`@here`/`@everyone`, one already escaped) in a
  mention, a DM, `/peer`, `/enabler`, `/lesson`, the lesson form (its review card and notices), and
  both message shortcuts: nothing peerbot posts (the fallback `text`, every mrkdwn text of its
  blocks, a modal's) may carry it so that Slack would ping or link it.
- `race8`: two writers at once, started together or 0.3 s apart: `index` from nothing and after a
  new document, `index --rebuild` with `index`, `index` with `ask`, `migrate` on no database,
  `lessons approve` twice and with `reject`, `digest --post` twice, `forget --before` twice,
  `import` of one page twice, and `index --rebuild` while `serve` answers mentions: each command
  answers or says one line, the end state is whole (one lesson file, one decision, each digest
  channel once, `ask` answers), the server answers every mention once.
- `kill8`: SIGKILL at random instants (seeded) of `index` from nothing and after a change, of
  `lessons approve`, `migrate` from nothing and `digest --post`; of `serve` while lesson forms,
  feedback clicks or OAuth installs arrive: after a restart nothing acknowledged is lost or
  doubled and SQLite's integrity check passes.
- `loop8`: a symlink loop, a link to itself, a folder, an empty file at each path peerbot keeps
  (the data folder, `peerbot.db`, `index/`, `index/current`, a generation's files, `.build.lock`,
  the query encoder cache, the corpus folder, `lessons/`), under `ask`, `lessons`, `index`, and
  `serve` starting: one line, records kept.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep8.py --hang 90 [--only CLASS ...]
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import QUESTION, _argv, _home_files  # noqa: E402
from hostile_sweep4 import LESSON, _wait  # noqa: E402
from hostile_sweep5 import STATE_SECRET, _begin_install, _get, _judged_server, _pending_lesson  # noqa: E402
from slack_double import (  # noqa: E402
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    slash_command,
    view_submission,
)
from sweep_servers import CURATOR, REVIEW, Server, slack_env  # noqa: E402


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **more)


def _integrity(home: Path) -> list[str]:
    db = home / "data" / "peerbot.db"
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=30) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as e:
        return [f"peerbot.db cannot be checked ({e})"]
    return [] if verdict == "ok" else [f"peerbot.db integrity_check: {verdict[:100]}"]


def _set_aside(home: Path) -> list[str]:
    return [f"the records database was moved aside ({p.name})" for p in (home / "data").glob("peerbot.db.damaged-*")]


def _answers(env: dict) -> list[str]:
    try:
        rc, out, err = run_cli(["ask", "--json", QUESTION], env)
    except Hang as e:
        return [f"afterwards: {e}"]
    problems = judge_cli(["ask", "--json"], rc, out, err)
    if rc == 0 and not json.loads(out).get("answered"):
        problems.append("afterwards the question is not answered")
    elif rc:
        problems.append(f"afterwards `ask` fails: {(out + err).strip()[-120:]!r}")
    return problems


def _said(argv: list[str], rc: int, out: str, err: str) -> list[str]:
    said = f"peerbot: {out}" if argv[0] == "digest" and rc == 1 else out  # digest reports on stdout
    return judge_cli(argv, rc, said, err)


# -- ping8: broadcasts and mentions someone typed never ping ------------------------------------------

VARIANTS = {
    "channel": "<!channel>", "here": "<!here>", "everyone": "<!everyone>", "here-labelled": "<!here|here>",
    "channel-labelled": "<!channel|@channel>", "subteam": "<!subteam^S0EVIL0|@leads>", "user": "<@U0EVIL00>",
    "user-labelled": "<@U0EVIL00|boss>", "channel-link": "<#C0EVIL00|general>", "link-spoof": "<https://evil.example|https://nhs.uk>",
    "bare-channel": "@channel", "bare-here": "@here", "bare-everyone": "@everyone", "bare-upper": "@HERE!",
    "escaped": "&lt;!channel&gt;", "zero-width-and-rtl": "\u202e@here\u200b <!here>",
}
DANGER = re.compile(r"<!(?:channel|here|everyone|subteam)|<@U0EVIL|<#C0EVIL|<https?://evil"
                    r"|(?<![\w\u2060])@(?:channel|here|everyone)\b", re.I)
_NOT_READ = {"value", "initial_value", "action_id", "block_id", "private_metadata", "callback_id", "url",
             "external_id", "hash", "image_url", "alt_text"}


def _mrkdwn(node, out: list[str]) -> list[str]:
    """Every text Slack would read as mrkdwn: not plain_text objects, not values that are never shown."""
    if isinstance(node, dict):
        if node.get("type") == "plain_text":
            return out
        for key, value in node.items():
            if key in _NOT_READ:
                continue
            if isinstance(value, str) and key == "text":
                out.append(value)
            else:
                _mrkdwn(value, out)
    elif isinstance(node, list):
        for item in node:
            _mrkdwn(item, out)
    return out


def _posted_texts(double: SlackDouble) -> list[tuple[str, str]]:
    found = []
    for call in list(double.calls):
        if call.method not in ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.open", "views.update",
                               "views.publish", "views.push", "response_url"):
            continue
        params = dict(call.params)
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    pass
        found += [(call.method, text) for text in _mrkdwn(params, [])]
    return found


def ping8_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, send: Callable[[Server, SlackDouble, str], Callable[[], list]], typed: str) -> Case:
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            done = send(server, double, typed)
            if not _wait(done, 45):
                return ["no reply seen within 45 s"]
            time.sleep(1.5)
            pings = [(m, t) for m, t in _posted_texts(double) if DANGER.search(t)]
            return [f"{m} carries {DANGER.search(t).group(0)!r}: {t[:90]!r}" for m, t in pings[:2]]
        return _judged_server(state, homes, "ping8", name, run_it, servers.start_both)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    def mention(server, double, typed):
        body = app_mention(f"{typed} how do trusts build trust between boards {typed}")
        slack(server).event(body)
        return lambda: double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"])

    def dm(server, double, typed):
        body = direct_message(f"{typed} what is a provider collaborative {typed}")
        slack(server).event(body)
        return lambda: double.calls_to("chat.postMessage", channel="D0PNCRP9N")

    def command(name: str, text: str):
        def send(server, double, typed):
            slack(server).command(slash_command(name, text.replace("{}", typed), double.response_url()))
            return lambda: double.calls_to("chat.postEphemeral") + double.calls_to("response_url") \
                + double.calls_to("views.open")
        return send

    def lesson_form(server, double, typed):
        slack(server).command(slash_command("/lesson", "Boards", double.response_url()))
        opened = _wait(lambda: double.calls_to("views.open"), 30)
        if not opened:
            return lambda: []
        fields = {**LESSON, "title": f"Boards {typed} {random.random()}", "did": f"We {typed} pooled lists.",
                  "learned": f"{typed} agree rules first.", "organisation": f"Org {typed}", "contact": f"Dr {typed}",
                  "contributor": f"Jo {typed}"}
        refused = '"response_action": "errors"' in slack(server).interaction(view_submission(double.views[-1], fields)).body
        return lambda: refused or double.calls_to("chat.postMessage", channel=REVIEW)  # refused: the form says why

    def shortcut(callback: str):
        def send(server, double, typed):
            slack(server).interaction(message_shortcut(f"{typed} we pooled theatre lists {typed}",
                                                       double.response_url(), callback_id=callback))
            return lambda: double.calls_to("views.open") + double.calls_to("chat.postEphemeral") \
                + double.calls_to("response_url") + double.calls_to("chat.postMessage")
        return send

    surfaces = {"mention": mention, "dm": dm, "peer": command("/peer", "{} how do trusts build trust {}"),
                "peer-not-covered": command("/peer", "{} zqxv wibble frobnicate {}"),
                "enabler": command("/enabler", "{} trust"), "lesson-command": command("/lesson", "{} boards {}"),
                "lesson-form": lesson_form, "shortcut-ask": shortcut("ask_peerbot"),
                "shortcut-lesson": shortcut("save_lesson")}
    for surface, send in surfaces.items():
        for variant, typed in VARIANTS.items():
            yield case(f"{surface}:{variant}", send, typed)
    yield Case("ping8", "teardown", lambda: servers.stop(state, homes))


# -- race8: two writers at once ----------------------------------------------------------------------

def _together(first: list[str], second: list[str], env: dict, gap: float) -> list[tuple[list[str], int, str, str]]:
    """Both commands, the second `gap` s after the first; each one's (argv, rc, out, err)."""
    results: list = [None, None]

    def one(i: int, argv: list[str]) -> None:
        try:
            results[i] = (argv, *run_cli(argv, env))
        except Hang as e:
            results[i] = (argv, -999, "", str(e))

    threads = [threading.Thread(target=one, args=(0, first))]
    threads[0].start()
    time.sleep(gap)
    threads.append(threading.Thread(target=one, args=(1, second)))
    threads[1].start()
    for thread in threads:
        thread.join()
    return results


def _judge_pair(results) -> list[str]:
    problems = []
    for argv, rc, out, err in results:
        problems += [err] if rc == -999 else _said(argv, rc, out, err)
    return problems


def race8_cases(homes: Homes) -> Iterator[Case]:
    def pair(name: str, first: list[str], second: list[str], prepare=None, check=None, slack: bool = False) -> None:
        for gap in (0.0, 0.3, 1.0):
            def run(gap=gap) -> list[str]:
                home = homes.fresh()
                try:
                    _home_files(home)
                    with SlackDouble() as double:
                        env = _env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                                   DIGEST_CHANNELS="C0LAN2Q65,C0OTHER01")
                        if prepare:
                            prepare(home, env)
                        problems = _judge_pair(_together(_argv(first, home), _argv(second, home), env, gap))
                        if check:
                            problems += check(home, env, double)
                        return problems + _set_aside(home) + _integrity(home) + _answers(env)
                finally:
                    homes.discard(home)
            cases.append(Case("race8", f"{name}@{gap}s", run))

    def from_nothing(home: Path, env: dict) -> None:
        import shutil
        shutil.rmtree(home / "data")

    def changed(home: Path, env: dict) -> None:
        (home / "knowledge" / "new-page.md").write_text("# Boards\n\nBoards met monthly to build trust.\n" * 40)

    def pending(home: Path, env: dict) -> None:
        _pending_lesson(env)

    def one_lesson_file(home: Path, env: dict, double) -> list[str]:
        written = list((home / "knowledge" / "lessons").glob("lesson-1-*.md"))
        rc, out, err = run_cli(["lessons"], env)
        row = next((line for line in out.splitlines() if line.startswith("#1")), "")
        problems = [f"lesson #1's document written {len(written)} times"] if len(written) > 1 else []
        if ("approved" in row) != bool(written):
            problems.append(f"lesson #1 {row.strip()[:60]!r} with {len(written)} documents")
        if "pending" in row:
            problems.append("lesson #1 still pending after two decisions")
        return problems

    def digest_once(home: Path, env: dict, double: SlackDouble) -> list[str]:
        problems = []
        for channel in ("C0LAN2Q65", "C0OTHER01"):
            posted = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
            if len(posted) != 1:
                problems.append(f"the digest posted {len(posted)} times to {channel}")
        return problems

    def new_page_found(home: Path, env: dict, double) -> list[str]:
        rc, out, err = run_cli(["index"], env)
        return [] if "0 added, 0 updated" in out else [f"a third `index` still had work: {out.strip()[:100]!r}"]

    def imported_once(home: Path, env: dict, double) -> list[str]:
        made = [p for p in (home / "knowledge").rglob("*.md") if "page" in p.name.lower() or "boards" in p.name.lower()]
        leftovers = [p.name for p in (home / "knowledge").rglob("*") if p.is_file() and (p.name.startswith(".")
                                                                                         or p.suffix == ".tmp")]
        problems = [f"left in the corpus: {leftovers[:3]}"] if leftovers else []
        return problems + ([f"the page imported {len(made)} times: {[p.name for p in made]}"] if len(made) > 1 else [])

    cases: list[Case] = []
    pair("index-twice-from-nothing", ["index"], ["index"], from_nothing, new_page_found)
    pair("index-twice-after-a-change", ["index"], ["index"], changed, new_page_found)
    pair("rebuild-and-index", ["index", "--rebuild"], ["index"], changed, new_page_found)
    pair("index-and-ask", ["index", "--rebuild"], ["ask", "--json", QUESTION], changed)
    pair("migrate-twice-from-nothing", ["migrate"], ["migrate"], from_nothing)
    pair("approve-twice", ["lessons", "approve", "1"], ["lessons", "approve", "1"], pending, one_lesson_file)
    pair("approve-and-reject", ["lessons", "approve", "1"], ["lessons", "reject", "1"], pending, one_lesson_file)
    pair("digest-post-twice", ["digest", "--post"], ["digest", "--post"], None, digest_once)
    pair("forget-twice", ["forget", "--before", "2030-01-01"], ["forget", "--before", "2030-01-01"])
    pair("import-twice", ["import", "HOME/page.html"], ["import", "HOME/page.html"], None, imported_once)
    yield from cases
    for gap in (0.5, 2.0):
        yield Case("race8", f"rebuild-while-serving@{gap}s", lambda gap=gap: _rebuild_while_serving(homes, gap))


def _rebuild_while_serving(homes: Homes, gap: float) -> list[str]:
    """`index --rebuild` twice while `serve` (reloading each second) answers a mention every 0.3 s."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            server = Server(home, **slack_env(double), PEERBOT_RELOAD_SECONDS="1").ready()
            sender = SlackSender(f"{server.url}/slack/events")
            env = _env(home)
            stop = threading.Event()
            sent: list[str] = []

            def ask() -> None:
                while not stop.is_set():
                    body = app_mention(f"{QUESTION} {random.random()}")
                    if sender.event(body).status == 200:
                        sent.append(body["event"]["ts"])
                    time.sleep(0.3)

            asker = threading.Thread(target=ask)
            asker.start()
            (home / "knowledge" / "new-page.md").write_text("# Boards\n\nBoards met monthly to build trust.\n" * 40)
            problems += _judge_pair(_together(["index", "--rebuild"], ["index", "--rebuild"], env, gap))
            time.sleep(2)
            stop.set()
            asker.join()
            _wait(lambda: all(double.calls_to("chat.postMessage", thread_ts=ts) for ts in sent), 60)
            for ts in sent:
                posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
                if len(posted) != 1:
                    problems.append(f"a mention sent while indexing answered {len(posted)} times")
                    break
            problems += server.problems_since(0) + server.stop()
    finally:
        homes.discard(home)
    return problems


# -- kill8: SIGKILL at random instants ---------------------------------------------------------------

def kill8_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(8)

    def from_nothing(home: Path, env: dict) -> None:
        import shutil
        shutil.rmtree(home / "data")

    def changed(home: Path, env: dict) -> None:
        for i in range(12):
            (home / "knowledge" / f"new-page-{i}.md").write_text(f"# Boards {i}\n\nBoards met monthly to build trust.\n" * 60)

    def pending(home: Path, env: dict) -> None:
        _pending_lesson(env)

    def lesson_whole(home: Path, env: dict, double) -> list[str]:
        written = list((home / "knowledge" / "lessons").glob("lesson-1-*.md"))
        rc, out, err = run_cli(["lessons"], env)
        row = next((line for line in out.splitlines() if line.startswith("#1")), "")
        problems = [f"lesson #1's document written {len(written)} times"] if len(written) > 1 else []
        if "approved" not in row:
            problems.append(f"lesson #1 not approved after approving again: {row.strip()[:60]!r}")
        if written and not written[0].read_text().rstrip().endswith(tuple("abcdefghijklmnopqrstuvwxyz.!?)")):
            problems.append("lesson #1's document does not end as a document does")
        return problems

    def digest_once(home: Path, env: dict, double: SlackDouble) -> list[str]:
        posted = [c for c in double.calls_to("chat.postMessage", channel="C0LAN2Q65") if c.ok]
        return [f"the digest posted {len(posted)} times"] if len(posted) != 1 else []

    def killed(name: str, argv: list[str], window: float, prepare=None, check=None, slow: str | None = None) -> None:
        for _ in range(5 if name != "migrate-from-nothing" else 4):
            after = round(rng.uniform(0.05, window), 2)

            def run(after=after) -> list[str]:
                home = homes.fresh()
                try:
                    _home_files(home)
                    with SlackDouble() as double:
                        if slow:
                            double.fault(slow, "slow", seconds=0.7, took_effect=True, times=1)
                        env = _env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                                   DIGEST_CHANNELS="C0LAN2Q65")
                        if prepare:
                            prepare(home, env)
                        process = subprocess.Popen([sys.executable, "-m", "bot.cli", *_argv(argv, home)],
                                                   cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.DEVNULL)
                        time.sleep(after)
                        process.kill()
                        process.wait()
                        problems = []
                        for then in (argv, ["lessons"]):
                            rc, out, err = run_cli(_argv(then, home), env)
                            problems += _said(then, rc, out, err)
                            if then == argv and rc:
                                problems.append(f"run again after the kill: exit {rc} {(out + err).strip()[-100:]!r}")
                        if check:
                            problems += check(home, env, double)
                        return problems + _set_aside(home) + _integrity(home) + _answers(env)
                finally:
                    homes.discard(home)
            cases.append(Case("kill8", f"{name}@{after}s", run))

    cases: list[Case] = []
    killed("index-from-nothing", ["index"], 4.0, from_nothing)
    killed("index-after-a-change", ["index"], 5.0, changed)
    killed("lessons-approve", ["lessons", "approve", "1"], 3.0, pending, lesson_whole)
    killed("migrate-from-nothing", ["migrate"], 2.5, from_nothing)
    killed("digest-post", ["digest", "--post"], 4.0, None, digest_once, slow="chat.postMessage")
    yield from cases
    for _ in range(3):
        at = rng.randrange(2, 9)
        yield Case("kill8", f"serve-lesson-forms-killed-at-{at}-acked", lambda at=at: _serve_killed_forms(homes, at))
        at = rng.randrange(2, 14)
        yield Case("kill8", f"serve-feedback-killed-at-{at}-acked", lambda at=at: _serve_killed_feedback(homes, at))
        at = rng.randrange(1, 5)
        yield Case("kill8", f"serve-oauth-killed-at-{at}-installed", lambda at=at: _serve_killed_oauth(homes, at))


def _serve_env(double: SlackDouble) -> dict[str, str]:
    return slack_env(double, PEERBOT_CURATORS=CURATOR, PEERBOT_REVIEW_CHANNEL=REVIEW)


def _burst(send: Callable[[int], int], count: int, at_acked: int, server: Server, senders: int = 4) -> list[int]:
    """`count` requests from `senders` threads; SIGKILL once `at_acked` were acknowledged. The acknowledged."""
    acked: list[int] = []
    lock = threading.Lock()
    todo = list(range(count))

    def worker() -> None:
        while True:
            with lock:
                if not todo or len(acked) >= at_acked:
                    return
                i = todo.pop(0)
            try:
                status = send(i)
            except (OSError, AssertionError):  # the server is gone (killed by a neighbour)
                return
            if status == 200:
                with lock:
                    acked.append(i)
                    if len(acked) == at_acked and server.process.poll() is None:
                        server.process.kill()

    threads = [threading.Thread(target=worker) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.process.kill()
    server.process.wait()
    return acked


def _serve_killed_forms(homes: Homes, at_acked: int) -> list[str]:
    """Lesson forms submitted under load, `serve` killed once `at_acked` were acknowledged, restarted:
    every acknowledged lesson stored once."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            first = Server(home, **_serve_env(double)).ready()
            sender = SlackSender(f"{first.url}/slack/events")
            sender.command(slash_command("/lesson", "Boards", double.response_url()))
            form = double.wait_for("views.open", timeout=30) and double.views[-1]
            titles = [f"Boards zq{i:02d}x{random.randrange(10**6)}" for i in range(12)]
            acked = _burst(lambda i: sender.interaction(view_submission(form, {**LESSON, "title": titles[i]})).status,
                           len(titles), at_acked, first)
            second = Server(home, **_serve_env(double)).ready()
            time.sleep(3)
            problems += second.problems_since(0) + second.stop()
            rc, out, err = run_cli(["lessons"], _env(home))
            problems += judge_cli(["lessons"], rc, out, err)
            for i in acked:
                seen = out.count(titles[i])
                if seen != 1:
                    problems.append(f"an acknowledged lesson form stored {seen} times")
            problems += _integrity(home) + _set_aside(home)
    finally:
        homes.discard(home)
    return problems[:6]


def _serve_killed_feedback(homes: Homes, at_acked: int) -> list[str]:
    """Feedback clicks under load on answers given, `serve` killed once `at_acked` were acknowledged,
    restarted: each acknowledged click recorded once."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            double.fault("chat.update", "slow", seconds=0.3, took_effect=True, times=None)
            first = Server(home, **_serve_env(double)).ready()
            sender = SlackSender(f"{first.url}/slack/events")
            answers = []
            for _ in range(16):
                body = app_mention(f"{QUESTION} {random.random()}")
                sender.event(body)
                answers.append(body["event"]["ts"])
            _wait(lambda: all(double.calls_to("chat.postMessage", thread_ts=ts) for ts in answers), 90)
            clicks = []
            for ts in answers:
                call = next((c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok), None)
                value = call and next((e.get("value") for b in call.blocks if b.get("type") == "actions"
                                       for e in b.get("elements", []) if e.get("action_id") == "feedback_helpful"), None)
                if value:
                    clicks.append((value, {"ts": call.response.get("ts"), "blocks": call.blocks, "text": call["text"]}))
            if len(clicks) < 10:
                return [f"only {len(clicks)} answers with feedback buttons"]
            acked = _burst(lambda i: sender.interaction(block_actions("feedback_helpful", clicks[i][0],
                                                                      double.response_url(), message=clicks[i][1])).status,
                           len(clicks), at_acked, first)
            second = Server(home, **_serve_env(double)).ready()
            time.sleep(4)
            problems += second.problems_since(0) + second.stop()
            with sqlite3.connect(home / "data" / "peerbot.db") as db:
                rows = db.execute("SELECT question_id, COUNT(*) FROM feedback GROUP BY question_id").fetchall()
            counts = dict(rows)
            for i in acked:
                if counts.get(clicks[i][0], 0) != 1:
                    problems.append(f"an acknowledged feedback click recorded {counts.get(clicks[i][0], 0)} times")
            problems += _integrity(home) + _set_aside(home)
    finally:
        homes.discard(home)
    return problems[:6]


def _serve_killed_oauth(homes: Homes, at_installed: int) -> list[str]:
    """Workspaces installing one after another (oauth.v2.access slow), `serve` killed after `at_installed`
    were answered 200, restarted: each of those workspaces answered with its own token."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            double.fault("oauth.v2.access", "slow", seconds=0.4, times=None)
            env = slack_env(double, SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET,
                            SLACK_STATE_SECRET=STATE_SECRET)
            first = Server(home, **env).ready()
            teams = [(f"T0K{i}{random.randrange(10**5):05d}", f"xoxb-k{i}-{random.randrange(10**9)}") for i in range(8)]

            def install(i: int) -> int:
                cookie, oauth_state = _begin_install(first.port)
                team, token = teams[i]
                return _get(first.port, f"/slack/oauth_redirect?code={double.grant(team, token)}&state={oauth_state}",
                            cookie)[0]
            installed = _burst(install, len(teams), at_installed, first, senders=2)
            second = Server(home, **env).ready()
            for i in installed:
                team, token = teams[i]
                body = event_callback(app_mention("trust at board level")["event"])
                body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team
                problems += status_problems(SlackSender(f"{second.url}/slack/events").event(body).status)
                if not _wait(lambda b=body, t=token: [c for c in double.calls_to("chat.postMessage", thread_ts=b["event"]["ts"])
                                                      if c.ok and c.token == t], 60):
                    problems.append("a workspace whose install was answered 200 is not answered after the restart")
            problems += second.problems_since(0) + second.stop() + _integrity(home) + _set_aside(home)
    finally:
        homes.discard(home)
    return problems[:6]


# -- loop8: links and folders where peerbot keeps its files -------------------------------------------

def _loop(path: Path) -> None:
    """A symlink loop: path -> path.loop -> path."""
    _clear(path)
    os.symlink(path.name + ".loop", path)
    os.symlink(path.name, path.with_name(path.name + ".loop"))


def _self(path: Path) -> None:
    _clear(path)
    os.symlink(path.name, path)


def _folder(path: Path) -> None:
    _clear(path)
    path.mkdir()
    (path / "stray").write_text("x")


def _empty(path: Path) -> None:
    _clear(path)
    path.write_bytes(b"")


def _clear(path: Path) -> None:
    import shutil
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def loop8_cases(homes: Homes) -> Iterator[Case]:
    def gen(home: Path) -> Path:
        return (home / "data" / "index" / "current").resolve()

    targets: dict[str, Callable[[Path], Path]] = {
        "peerbot.db": lambda h: h / "data" / "peerbot.db",
        "index-folder": lambda h: h / "data" / "index",
        "current": lambda h: h / "data" / "index" / "current",
        "generation": gen,
        "index.db": lambda h: gen(h) / "index.db",
        "vectors.faiss": lambda h: gen(h) / "vectors.faiss",
        "build-lock": lambda h: h / "data" / "index" / ".build.lock",
        "cache": lambda h: h / "data" / "cache",
        "lessons-folder": lambda h: h / "knowledge" / "lessons",
        "corpus-document": lambda h: next(p for p in sorted((h / "knowledge").glob("*.md"))),
    }
    damages = {"loop": _loop, "self-link": _self, "folder": _folder, "empty": _empty}
    commands = {"ask": ["ask", "--json", QUESTION], "lessons": ["lessons", "--pending"], "index": ["index"]}
    for target, where in targets.items():
        for damage_name, damage in damages.items():
            if damage_name in ("folder", "empty") and target in ("index-folder", "generation", "cache", "lessons-folder"):
                if damage_name == "folder":
                    continue  # a folder already
            for command_name, argv in commands.items():
                yield Case("loop8", f"{target}:{damage_name}:{command_name}",
                           lambda w=where, d=damage, a=argv: _damaged(homes, w, d, a))
    for target in ("peerbot.db", "current", "index.db", "cache"):
        yield Case("loop8", f"{target}:loop:serve", lambda w=targets[target]: _damaged_serve(homes, w))
    for root in ("data", "knowledge"):
        yield Case("loop8", f"{root}-folder:loop:ask", lambda r=root: _damaged(homes, lambda h, r=r: h / r, _loop,
                                                                                ["ask", "--json", QUESTION], kept=False))


def _seed(homes: Homes) -> None:
    env = _env(homes.template)
    _pending_lesson(env)
    run_cli(["lessons"], env)
    run_cli(["ask", QUESTION], env)  # the query encoder cache and the records


def _damaged(homes: Homes, where: Callable[[Path], Path], damage: Callable[[Path], None], argv: list[str],
             kept: bool = True) -> list[str]:
    home = homes.fresh()
    try:
        env = _env(home)
        path = where(home)
        damage(path)
        try:
            rc, out, err = run_cli(argv, env)
        except Hang as e:
            return [str(e)]
        problems = judge_cli(argv, rc, out, err)
        if not kept:
            return problems
        if path.name != "peerbot.db":
            problems += _set_aside(home)
            rc, out, err = run_cli(["lessons", "--pending"], env)
            if "#1" not in out:
                problems.append(f"afterwards lesson #1 is not pending ({(out + err).strip()[-100:]!r})")
        return problems
    finally:
        homes.discard(home)


def _damaged_serve(homes: Homes, where: Callable[[Path], Path]) -> list[str]:
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            _loop(where(home))
            server = Server(home, **slack_env(double))
            if server.settled(120) is False:
                return server.exit_problems()
            body = app_mention(f"{QUESTION} {random.random()}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            if not _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok], 60):
                problems.append("a mention not answered")
            return problems + server.problems_since(0) + server.stop()
    finally:
        homes.discard(home)


# -- busy8: the records database held by another process while a click or form writes ---------------

BUSY_SECONDS = 35  # longer than SQLite's 30 s wait for a lock


def busy8_cases(homes: Homes) -> Iterator[Case]:
    for action in ("feedback-helpful", "feedback-not-helpful", "watch", "share", "approve", "reject", "edit",
                   "lesson-form", "lesson-command", "save-lesson-shortcut", "ask-shortcut", "peer", "mention",
                   "home-opened"):
        yield Case("busy8", action, lambda a=action: _busy(homes, a))


def _button(call, action_id: str) -> str | None:
    return next((e.get("value") for b in call.blocks if b.get("type") == "actions" for e in b.get("elements", [])
                 if e.get("action_id") == action_id), None)


def _busy(homes: Homes, action: str) -> list[str]:
    """`serve` with an answer, a "not covered" reply, a `/peer` answer and a lesson's review card in
    place; then another process holds `peerbot.db` for 35 s while `action` arrives: 2xx, 4xx or 503
    (Slack sends it again), no traceback, its user told when it was acknowledged and not done."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            server = Server(home, **_serve_env(double)).ready()
            sender = SlackSender(f"{server.url}/slack/events")
            asked = app_mention(QUESTION)
            sender.event(asked)
            gap = app_mention("zzqx marmalade trombones and who?")
            sender.event(gap)
            answer = double.wait_for("chat.postMessage", thread_ts=asked["event"]["ts"], timeout=60)[0]
            not_covered = double.wait_for("chat.postMessage", thread_ts=gap["event"]["ts"], timeout=60)[0]
            sender.command(slash_command("/peer", QUESTION, double.response_url()))
            peer = _wait(lambda: double.calls_to("chat.postEphemeral"), 60)[0]
            sender.command(slash_command("/lesson", "Boards", double.response_url()))
            form = double.wait_for("views.open", timeout=30) and double.views[-1]
            sender.interaction(view_submission(form, LESSON))
            card = double.wait_for("chat.postMessage", channel=REVIEW, timeout=30)[0]
            message = {"ts": answer.response.get("ts"), "blocks": answer.blocks, "text": answer["text"]}
            card_message = {"ts": card.response.get("ts"), "blocks": card.blocks, "text": card["text"]}
            sends: dict[str, Callable[[], object]] = {
                "feedback-helpful": lambda: sender.interaction(block_actions(
                    "feedback_helpful", _button(answer, "feedback_helpful"), double.response_url(), message=message)),
                "feedback-not-helpful": lambda: sender.interaction(block_actions(
                    "feedback_not_helpful", _button(answer, "feedback_not_helpful"), double.response_url(),
                    message=message)),
                "watch": lambda: sender.interaction(block_actions(
                    "watch_question", _button(not_covered, "watch_question"), double.response_url(),
                    message={"ts": not_covered.response.get("ts"), "blocks": not_covered.blocks,
                             "text": not_covered["text"]})),
                "share": lambda: sender.interaction(block_actions(
                    "share_answer", _button(peer, "share_answer"), double.response_url(), channel="C2147483705",
                    ephemeral=True)),
                **{verb: (lambda v=verb: sender.interaction(block_actions(
                    f"lesson_{v}", _button(card, f"lesson_{v}"), double.response_url(), channel=REVIEW, user=CURATOR,
                    message=card_message))) for verb in ("approve", "reject", "edit")},
                "lesson-form": lambda: sender.interaction(view_submission(form, {**LESSON, "title": "Boards again"})),
                "lesson-command": lambda: sender.command(slash_command("/lesson", "Boards", double.response_url())),
                "save-lesson-shortcut": lambda: sender.interaction(message_shortcut(
                    "We pooled theatre lists", double.response_url(), callback_id="save_lesson")),
                "ask-shortcut": lambda: sender.interaction(message_shortcut(QUESTION, double.response_url())),
                "peer": lambda: sender.command(slash_command("/peer", f"{QUESTION} again", double.response_url())),
                "mention": lambda: sender.event(app_mention(f"{QUESTION} again")),
                "home-opened": lambda: sender.event(event_callback({
                    "type": "app_home_opened", "user": CURATOR, "channel": "D0PNCRP9N", "tab": "home",
                    "event_ts": "1515449522.000016"})),
            }
            double.clear()
            mark = len(server.lines)
            holder = sqlite3.connect(home / "data" / "peerbot.db", isolation_level=None, timeout=30)
            holder.execute("BEGIN IMMEDIATE")
            try:
                try:
                    status = sends[action]().status
                except TimeoutError:  # held past Slack's patience: Slack shows a failure or sends it again
                    status = -2
                if status >= 500 and status != 503:
                    problems.append(f"HTTP {status}")
                time.sleep(BUSY_SECONDS)
            finally:
                holder.execute("COMMIT")
                holder.close()
            if status in (503, -2) and action in ("mention", "home-opened"):
                sends[action]()  # Slack sends an event again
            time.sleep(8)
            heard = [c for c in double.calls if c.method != "auth.test"]
            if status == 200 and not heard and action != "home-opened":
                problems.append("acknowledged, and then nothing: neither done nor its user told")
            problems += server.problems_since(mark) + server.stop()
            if problems:  # kept for reading, beside the sweep's scratch folder
                (homes.scratch.parent / f"{homes.scratch.name}-busy8-{action}.log").write_text("\n".join(server.lines))
    finally:
        homes.discard(home)
    return problems


FAMILIES = {"ping8": ping8_cases, "race8": race8_cases, "kill8": kill8_cases, "loop8": loop8_cases,
            "busy8": busy8_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile8-", 1,
                                    lambda name, jobs: jobs if name in ("loop8", "race8", "busy8") else 1, _seed)


if __name__ == "__main__":
    sys.exit(main())
