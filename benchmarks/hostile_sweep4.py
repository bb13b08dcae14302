"""The fourth hostile sweep: classes the first three left out, through the real processes.

- `slack4`: the Slack Web API double failing on every kind of post peerbot makes: the answer in a
  thread, the `/peer` answer (chat.postEphemeral), the lesson form (views.open), the review card,
  the Home tab (views.publish), the feedback update (chat.update), the look-ups behind an answer
  (conversations.info, users.lookupByEmail), the asker's direct message when a lesson is
  approved (conversations.open), and `digest --post`: HTTP 502 and 503, 429 with no Retry-After
  or one that is a date or words, Slack's own errors (ratelimited, is_archived, token_revoked, ...),
  an answer that comes after the client's time limit, a reset, and bodies of the wrong kind (HTML
  or nothing with 200, a JSON list, text, number or null, `ok` missing, `ts` a number).
- `teams4`: the Teams connector answering 502, 429 with and without Retry-After, too late, a reset,
  HTML or nothing or a JSON list with 200, HTML with 500.
- `kill4`: SIGKILL of `peerbot serve` at several points of a burst (and while an index reload is
  under way), then a restart: every acknowledged question answered once; SIGKILL of `peerbot index`,
  `import`, `lessons approve` and `digest --post` at many points, then the next commands work.
- `statedb4`: the records database (peerbot.db) truncated, with zeroed pages, garbage in the
  middle, a newer schema, a table missing, under every command that opens it and `peerbot serve`.
- `postgres4`: `peerbot serve` on PostgreSQL (DATABASE_URL; a throw-away cluster) whose server is
  stopped while serving, then started again: what was acknowledged is answered once.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep4.py --hang 90 [--only CLASS ...]

A case passes when a command answers (exit 0) or fails with one `peerbot:` line and no traceback,
the server answers 2xx/4xx (5xx only where a retry is right), logs no traceback, stays up, and
answers what it acknowledged exactly once (at most once where the failure never passes).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_http  # noqa: E402
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import COMMANDS, QUESTION, TEAMS_ID, _argv, _home_files  # noqa: E402
from hostile_sweep3 import in_home, judged  # noqa: E402
from slack_double import (  # noqa: E402
    BOT_TOKEN,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
    view_submission,
)
from sweep_servers import CURATOR, REVIEW, Server, slack_env  # noqa: E402

LESSON = {"title": "How we shared theatre lists", "did": "We pooled elective theatre lists across three trusts.",
          "learned": "Agree the clinical prioritisation rules first.", "organisation": "Example Collaborative",
          "enablers": ["building-trust"], "contact": "Dr Sam Example", "contact_agreed": True,
          "contributor": "Jo Bloggs", "contributor_named": True}

# Failures that pass (the next try works): what each does to one call.
PASSING: dict[str, Callable[[SlackDouble, str], None]] = {
    "http-502": lambda d, m: d.fault(m, "http", status=502),
    "http-503": lambda d, m: d.fault(m, "http", status=503),
    "429-no-retry-after": lambda d, m: d.rate_limit(m, 1, None),
    "429-retry-after-date": lambda d, m: d.rate_limit(m, 1, "Wed, 21 Oct 2015 07:28:00 GMT"),
    "429-retry-after-words": lambda d, m: d.rate_limit(m, 1, "soon"),
    "error-ratelimited": lambda d, m: d.fail(m, "ratelimited", times=1),
    "timeout-25s": lambda d, m: d.fault(m, "slow", seconds=25),  # the client gives up after 20 s
    "reset": lambda d, m: d.fault(m, "drop"),
    "html-200": lambda d, m: d.fault(m, "body", status=200, body=b"<html>ok</html>", content_type="text/html"),
    "empty-200": lambda d, m: d.fault(m, "body", status=200, body=b""),
    "json-list": lambda d, m: d.fault(m, "body", status=200, body=b"[1, 2]"),
    "json-string": lambda d, m: d.fault(m, "body", status=200, body=b'"ok"'),
    "json-number": lambda d, m: d.fault(m, "body", status=200, body=b"5"),
    "json-null": lambda d, m: d.fault(m, "body", status=200, body=b"null"),
    "ok-missing": lambda d, m: d.fault(m, "body", status=200, body=b'{"channel": "C1"}'),
    "wrong-types": lambda d, m: d.fault(m, "body", status=200, took_effect=True, body=json.dumps(
        {"ok": True, "ts": 5, "channel": 7, "message": [], "user": "x", "view": "v", "team_id": 3}).encode()),
}
LASTING = ["channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "token_revoked", "account_inactive",
           "msg_too_long"]


def _wait(found: Callable[[], list], timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found():
            return found()
        time.sleep(0.3)
    return found()


def _once(posted: list, what: str, passing: bool) -> list[str]:
    if passing and len(posted) != 1:
        return [f"{what} posted {len(posted)} times after a failure that passed"]
    if len(posted) > 1:
        return [f"{what} posted {len(posted)} times"]
    return []


# -- slack4: every kind of Slack post failing -------------------------------------------------------

def slack4_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it: Callable[[Server, SlackDouble], list[str]]) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start_both(state, homes)
            server, double = state["server"], state["double"]
            double.clear()
            mark = len(server.lines)
            try:
                problems = run_it(server, double)
            except OSError as e:
                problems = [f"no answer ({e})"]
            problems += server.problems_since(mark, settle=2)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
            if problems and server.process.poll() is not None:
                servers.restart(state)
            return problems
        return Case("slack4", name, run)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    def answer(arrange, passing: bool, channel: str = "C0LAN2Q65"):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            arrange(double, "chat.postMessage")
            body = app_mention(f"trust at board level {random.random()}", channel=channel)
            problems = status_problems(slack(server).event(body).status)
            ts = body["event"]["ts"]
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok],
                           60 if passing else 8)
            time.sleep(3)  # a second post would come within the first retry's delay
            posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
            return problems + _once(posted, "the answer", passing)
        return run_it

    def ephemeral(arrange, passing: bool, channel: str = "C2147483705"):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            arrange(double, "chat.postEphemeral")
            tag = f"zq{random.randrange(10**8)}"
            form = slash_command("/peer", f"trust at board level {tag}", double.response_url(), channel=channel)
            problems = status_problems(slack(server).command(form).status)

            def mine() -> list:
                return [c for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
                        if c.ok and tag in (c.blocks_text + str(c.get("text", "")))]
            _wait(mine, 60 if passing else 8)
            time.sleep(3)
            return problems + _once(mine(), "the /peer answer", passing)
        return run_it

    def surface(method: str, send: Callable[[Server, SlackDouble], int]):
        def make(arrange):
            def run_it(server: Server, double: SlackDouble) -> list[str]:
                arrange(double, method)
                status = send(server, double)
                time.sleep(3)
                return status_problems(status)
            return run_it
        return make

    def lesson_command(server: Server, double: SlackDouble) -> int:
        return slack(server).command(slash_command("/lesson", "Boards", double.response_url())).status

    def home_opened(server: Server, double: SlackDouble) -> int:
        event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                 "event_ts": "1515449522.000016"}
        return slack(server).event(event_callback(event)).status

    def feedback_click(server: Server, double: SlackDouble) -> int:
        message = {"ts": "1700000001.000100", "text": "an answer",
                   "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "an answer"}},
                              {"type": "actions", "elements": []}]}
        return slack(server).interaction(block_actions("feedback_helpful", "q-1", double.response_url(),
                                                       message=message)).status

    def review_card(server: Server, double: SlackDouble) -> int:
        """The lesson form submitted: the lesson is stored and its card posted to the review channel."""
        arranged = double._faults.pop("chat.postMessage", None), double._rate_limits.pop("chat.postMessage", None), \
            double._failures.pop("chat.postMessage", None)
        double.clear()
        slack(server).command(slash_command("/lesson", "Boards", double.response_url()))
        double.wait_for("views.open", timeout=30)
        form = double.views[-1]
        for store, value in zip((double._faults, double._rate_limits, double._failures), arranged, strict=True):
            if value is not None:
                store["chat.postMessage"] = value
        return slack(server).interaction(view_submission(form, {**LESSON, "title": f"Boards {random.random()}"})).status

    def looked_up(method: str, arrange):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            arrange(double, method)
            body = app_mention(f"trust at board level {method} {random.random()}")
            problems = status_problems(slack(server).event(body).status)
            ts = body["event"]["ts"]
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok])
            return problems + ([] if posted else [f"no answer posted while {method} failed"])
        return run_it

    for name, arrange in PASSING.items():
        yield case(f"answer:{name}", answer(arrange, passing=True))
        yield case(f"peer-ephemeral:{name}", ephemeral(arrange, passing=True))
        yield case(f"views.open:{name}", surface("views.open", lesson_command)(arrange))
        yield case(f"views.publish:{name}", surface("views.publish", home_opened)(arrange))
        yield case(f"chat.update:{name}", surface("chat.update", feedback_click)(arrange))
        yield case(f"review-card:{name}", surface("chat.postMessage", review_card)(arrange))
        for method in ("conversations.info", "users.lookupByEmail"):
            yield case(f"{method}:{name}", looked_up(method, arrange))
    for index, error in enumerate(LASTING):
        channel = f"C0LAST{index:03d}"
        lasting = lambda d, m, e=error, c=channel: d.fail(m, e, channel=c)  # noqa: E731
        yield case(f"answer:lasting-{error}", answer(lasting, passing=False, channel=channel))
        yield case(f"peer-ephemeral:lasting-{error}", ephemeral(lasting, passing=False, channel=channel))
    for name in ("http-503", "reset", "json-list", "wrong-types", "empty-200", "429-retry-after-date"):
        for method in ("conversations.open", "chat.postMessage"):
            yield case(f"lesson-dm:{method}:{name}", _lesson_dm(method, PASSING[name]))
    yield case("lesson-dm:conversations.open:channel-a-string", _lesson_dm("conversations.open", lambda d, m: d.fault(
        m, "body", status=200, body=b'{"ok": true, "channel": "D0DM"}')))
    yield Case("slack4", "teardown", lambda: servers.stop(state, homes))


def _lesson_dm(method: str, arrange):
    """A knowledge gap watched by its asker, a lesson offered for it, and a curator's Approve, with
    `method` failing on the way to the asker's direct message."""
    def run_it(server: Server, double: SlackDouble) -> list[str]:
        slack = SlackSender(f"{server.url}/slack/events")
        asker = f"UASK{random.randrange(10**6):06d}"
        gap = f"zzqx{random.randrange(10**8)} and who?"  # a new gap each time: an approved lesson covers its own
        ask = app_mention(gap, user=asker)
        slack.event(ask)
        [reply] = double.wait_for("chat.postMessage", thread_ts=ask["event"]["ts"], timeout=60)[:1]
        watch = next(e for b in reply.blocks if b["type"] == "actions" for e in b["elements"]
                     if e.get("action_id") == "watch_question")
        slack.interaction(block_actions("watch_question", watch["value"], double.response_url(), user=asker,
                                        message={"ts": reply.response["ts"]}))
        double.wait_for("chat.postEphemeral", user=asker, timeout=30)
        slack.interaction(block_actions("lesson_offer", watch["value"], double.response_url(), user="USUBMIT01",
                                        channel="C0DIGEST01"))
        double.wait_for("views.open", timeout=30)
        form = double.views[-1]
        title = f"Theatre lists {random.randrange(10**6)}"
        slack.interaction(view_submission(form, {**LESSON, "title": title, "question": gap}, user="USUBMIT01"))
        card = next(c for c in double.wait_for("chat.postMessage", channel=REVIEW, timeout=30)
                    if title in c.blocks_text)
        number = next(e["value"] for b in card.blocks if b["type"] == "actions" for e in b["elements"]
                      if e.get("action_id") == "lesson_approve")
        arrange(double, method)
        approve = block_actions("lesson_approve", number, double.response_url(), channel=REVIEW, user=CURATOR,
                                message={"ts": card.response["ts"], "blocks": card.blocks, "text": card["text"]})
        status = slack.interaction(approve).status
        _wait(lambda: double.calls_to("conversations.open", users=asker), 40)
        time.sleep(3)
        return status_problems(status)
    return run_it


# -- digest --post with the shapes ---------------------------------------------------------------

def digest4_cases(homes: Homes) -> Iterator[Case]:
    """`peerbot digest --post` to two channels with chat.postMessage answering each PASSING way
    once: one line per destination, no traceback; a second run posts what failed, and no channel
    has the digest twice."""
    def posting(name: str, arrange) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                with SlackDouble() as double:
                    arrange(double, "chat.postMessage")
                    env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                                   DIGEST_CHANNELS="C0LAN2Q65,C0OTHER01")
                    problems = []
                    for _ in range(2):
                        rc, out, err = run_cli(["digest", "--post"], env)
                        said = f"peerbot: {out}" if rc == 1 else out  # one line per destination, on stdout
                        problems += judge_cli(["digest", "--post"], rc, said, err)
                    for channel in ("C0LAN2Q65", "C0OTHER01"):
                        posted = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
                        if len(posted) > 1:
                            problems.append(f"the digest posted {len(posted)} times to {channel}")
                    return problems
            finally:
                homes.discard(home)
        return Case("digest4", name, run)

    for name, arrange in PASSING.items():
        yield posting(name, arrange)
    yield posting("auth.test-json-list", lambda d, m: PASSING["json-list"](d, "auth.test"))
    yield posting("auth.test-wrong-types", lambda d, m: PASSING["wrong-types"](d, "auth.test"))
    yield posting("auth.test-429-date", lambda d, m: PASSING["429-retry-after-date"](d, "auth.test"))


# -- teams4: the connector failing ------------------------------------------------------------------

def teams4_cases(homes: Homes) -> Iterator[Case]:
    from teams_doubles import message

    state: dict = {}
    faults: dict[str, tuple[Callable, bool]] = {  # how the connector fails once; whether it was delivered anyway
        "502": (lambda c: c.fail(502), False),
        "429-retry-after-1": (lambda c: c.fault("body", status=429, body=b'{"error": {"code": "Throttled"}}',
                                                 headers={"Retry-After": "1"}), False),
        "429-no-retry-after": (lambda c: c.fault("body", status=429, body=b""), False),
        "500-html": (lambda c: c.fault("body", status=500, body=b"<html>oops</html>", content_type="text/html"), False),
        "reset": (lambda c: c.fault("drop"), False),
        "slow-40s": (lambda c: c.fault("slow", seconds=40), True),
        "200-html": (lambda c: c.fault("body", status=200, body=b"<html>ok</html>", content_type="text/html"), True),
        "200-empty": (lambda c: c.fault("body", status=200, body=b""), True),
        "200-json-list": (lambda c: c.fault("body", status=200, body=b"[1]"), True),
        "200-id-number": (lambda c: c.fault("body", status=200, body=b'{"id": 5}'), True),
        "201-empty": (lambda c: c.fault("body", status=201, body=b""), True),
    }

    def case(name: str, arrange, delivered: bool) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start_both(state, homes)
            server, connector = state["server"], state["connector"]
            mark = len(server.lines)
            arrange(connector)
            tag = f"zq{random.randrange(10**8)}"
            conversation = f"a:chat-{tag}"  # the answer's own conversation: how its posts are told apart
            body = message(connector.url, "trust at board level", conversation=conversation)
            status = post(f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": "application/json"})
            problems = status_problems(status)

            def mine() -> list:
                return [p for p in connector.posts if p.conversation_id == conversation]
            _wait(mine, 90)
            time.sleep(4)
            problems += _once(mine(), "the Teams answer", True)
            problems += server.problems_since(mark, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
                servers.restart(state)
            return problems
        return Case("teams4", name, run)

    for name, (arrange, delivered) in faults.items():
        yield case(name, arrange, delivered)
    yield Case("teams4", "teardown", lambda: servers.stop(state, homes))


# -- kill4: SIGKILL at many points --------------------------------------------------------------------

def kill4_cases(homes: Homes) -> Iterator[Case]:
    def new_generation(home: Path) -> None:
        """A new generation built by another process: the server is loading it when killed."""
        (home / "knowledge" / "new-lesson.md").write_text("# Boards\n\nBoards met monthly to build trust.\n")
        run_cli(["index"], base_env(home))
        time.sleep(random.uniform(0.5, 2.5))

    def burst_killed(at_acked: int, reload: bool = False) -> Case:
        return Case("kill4", f"serve-killed-at-{at_acked}-acked{'-during-reload' if reload else ''}",
                    lambda: hostile_http.burst_killed(homes, 60, 8, at_acked, {"PEERBOT_RELOAD_SECONDS": "1"},
                                                      new_generation if reload else None))

    for at in (1, 12, 45):
        yield burst_killed(at)
    yield burst_killed(20, reload=True)

    def command_killed(name: str, argv: list[str], after: float, prepare=None, extra=None) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                _home_files(home)
                with SlackDouble() as double:
                    env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                                   DIGEST_CHANNELS="C0LAN2Q65", **TEAMS_ID, **(extra or {}))
                    if prepare:
                        prepare(home, env)
                    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *_argv(argv, home)],
                                               cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL)
                    time.sleep(after)
                    process.kill()
                    process.wait()
                    problems = []
                    for then in (argv, ["ask", "--json", QUESTION], ["lessons"]):
                        rc, out, err = run_cli(_argv(then, home), env)
                        said = f"peerbot: {out}" if then[0] == "digest" and rc == 1 else out
                        problems += judge_cli(then, rc, said, err)
                        if then[0] == "ask" and rc == 0 and not json.loads(out).get("answered"):
                            problems.append(f"not answered after `{name}` was killed at {after} s")
                    posted = [c for c in double.calls_to("chat.postMessage") if c.ok]
                    if len(posted) > 1:
                        problems.append(f"the digest posted {len(posted)} times")
                    return problems
            finally:
                homes.discard(home)
        return Case("kill4", f"{name}-killed@{after}s", run)

    def changed(home: Path, env: dict) -> None:
        (home / "knowledge" / "new-page.md").write_text("# Boards\n\nBoards met monthly to build trust.\n" * 50)

    def pending_lesson(home: Path, env: dict) -> None:
        """Lesson #1 waiting for review (stored as the server stores a submitted form)."""
        script = ("from bot.settings import Settings\nfrom bot.corpus import open_state\n"
                  "from bot.lessons.desk import LessonDesk\nfrom bot.lessons.model import Draft, Origin\n"
                  "from bot.state import LessonRecords\ns = Settings.from_env()\nstate = open_state(s)\n"
                  "desk = LessonDesk(LessonRecords(state), s.knowledge_dir, s.curator_ids, lambda: {'building-trust'})\n"
                  "desk.submit(Draft(title='Theatre lists', did='We pooled theatre lists across three trusts.', "
                  "learned='Agree the rules first.', organisation='Example', enablers=('building-trust',)), "
                  "Origin('slack', 'U1'))\nstate.close()\n")
        subprocess.run([sys.executable, "-c", script], cwd=hostile_sweep.CODE[0], env=env, check=True,
                       capture_output=True)

    for after in (0.3, 1, 2, 4, 7):
        yield command_killed("index", ["index"], after, changed)
        yield command_killed("import", ["import", "HOME/page.html"], after)
        yield command_killed("digest-post", ["digest", "--post"], after)
    for after in (0.3, 1.5, 4):
        yield command_killed("index-rebuild", ["index", "--rebuild"], after)
        yield command_killed("lessons-approve", ["lessons", "approve", "1"], after, pending_lesson)
        yield command_killed("migrate", ["migrate"], after)


# -- statedb4: the records database damaged -----------------------------------------------------------

def _zero_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page * 3):
        data[start:start + page] = bytes(min(page, len(data) - start))
    path.write_bytes(bytes(data))


def _garbage_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2048] = os.urandom(min(2048, len(data) - middle))
    path.write_bytes(bytes(data))


def _sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    try:
        for statement in statements:
            db.execute(statement)
        db.commit()
    finally:
        db.close()


def _tables(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    finally:
        db.close()


def statedb4_cases(homes: Homes) -> Iterator[Case]:
    damages: dict[str, Callable[[Path], None]] = {
        "truncated-half": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        "truncated-header": lambda p: p.write_bytes(p.read_bytes()[:100]),
        "zeroed-pages": _zero_pages,
        "garbage-middle": _garbage_middle,
        "newer-user-version": lambda p: _sql(p, "PRAGMA user_version = 99"),
        "newer-migration": lambda p: _sql(p, "INSERT INTO _migrations VALUES ('0099_from_a_newer_peerbot', '2030-01-01')"),
        "header-only": lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(84)),
    }
    commands = ["ask", "enabler-name", "digest-preview", "digest-post", "lessons", "lessons-approve", "migrate",
                "forget-before", "teams-conversations", "index"]

    def body_for(damage: Callable[[Path], None], command: str):
        def body(home: Path) -> list[str]:
            with SlackDouble() as double:
                env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                               DIGEST_CHANNELS="C0LAN2Q65", **TEAMS_ID)
                damage(home / "data" / "peerbot.db")  # the template's, with rows in it (`_seed`)
                problems = judged(_argv(COMMANDS[command], home), env)
                return problems or _still_asks(env)
        return body

    for name, damage in damages.items():
        for command in commands:
            yield in_home(homes, "statedb4", f"{name}:{command}", body_for(damage, command))
    for table in ("inbox", "lessons", "questions", "_migrations", "digests", "conversations"):
        def dropped(p: Path, table=table) -> None:
            found = [t for t in _tables(p) if t == table or t.startswith(table)]
            _sql(p, *[f"DROP TABLE IF EXISTS {t}" for t in found[:1] or [table]])
        for command in ("ask", "lessons", "migrate"):
            yield in_home(homes, "statedb4", f"table-{table}-missing:{command}", body_for(dropped, command))
    for name in ("truncated-half", "zeroed-pages", "garbage-middle", "newer-migration"):
        yield in_home(homes, "statedb4", f"{name}:serve", lambda home, d=damages[name]: _serve_on_damaged(home, d))


def _seed(homes: Homes) -> None:
    """The template's records database with rows in it: a question asked (and its answer logged)."""
    env = base_env(homes.template)
    run_cli(["ask", QUESTION], env)
    run_cli(["lessons"], env)


def _still_asks(env: dict) -> list[str]:
    """Nothing lost that a question needs: `peerbot ask` answers (or says in one line why not)."""
    try:
        rc, out, err = run_cli(["ask", "--json", QUESTION], env)
    except Hang as e:
        return [f"afterwards: {e}"]
    return judge_cli(["ask", "(afterwards)"], rc, out, err)


def _serve_on_damaged(home: Path, damage: Callable[[Path], None]) -> list[str]:
    with SlackDouble() as double:
        env = slack_env(double)
        damage(home / "data" / "peerbot.db")
        server = Server(home, **env)
        try:
            if server.settled(120, ready=False) is False:
                return server.exit_problems()
            body = app_mention("trust at board level")
            status = SlackSender(f"{server.url}/slack/events").event(body).status
            problems = status_problems(status)
            if status == 200:
                posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"])
                                        if c.ok])
                problems += _once(posted, "the answer", True)
            return problems + server.problems_since(0) + server.stop()
        finally:
            if server.process.poll() is None:
                server.process.kill()


# -- postgres4: the database server stopped while serving ------------------------------------------

def postgres4_cases(homes: Homes) -> Iterator[Case]:
    def run_with(down_seconds: float, send_while_down: int) -> Case:
        def run() -> list[str]:
            from postgres_cluster import PostgresCluster

            home = homes.fresh()
            cluster = PostgresCluster()
            problems: list[str] = []
            try:
                url = cluster.create_database()
                with SlackDouble() as double:
                    env = slack_env(double, DATABASE_URL=url)
                    server = Server(home, **env).ready()
                    sender = SlackSender(f"{server.url}/slack/events")
                    sent: dict[str, int] = {}

                    def ask(label: str) -> None:
                        body = app_mention(f"trust at board level {label}")
                        sent[body["event"]["ts"]] = sender.event(body).status

                    for i in range(3):
                        ask(f"before {i}")
                    cluster._run("pg_ctl", "-D", "data", "-m", "fast", "stop")
                    for i in range(send_while_down):
                        ask(f"down {i}")
                    time.sleep(down_seconds)
                    options = (f"-p {cluster.port} -k {cluster.folder} -c listen_addresses=127.0.0.1 -c fsync=off")
                    cluster._run("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-t", "60", "-o", options, "start")
                    for i in range(3):
                        ask(f"after {i}")
                    for ts, status in sent.items():
                        if status >= 500 and status != 503:
                            problems.append(f"HTTP {status} for a question while the database was down")
                        if status == 200:
                            posted = _wait(lambda ts=ts: [c for c in double.calls_to("chat.postMessage", thread_ts=ts)
                                                          if c.ok], 90)
                            problems += _once(posted, "an acknowledged answer", True)
                    if server.process.poll() is not None:
                        problems.append(f"the server exited ({server.process.returncode})")
                    else:
                        problems += server.problems_since(0) + server.stop()
                    if problems:  # the server's log kept for a look
                        kept = Path(tempfile.gettempdir()) / f"hostile4-postgres4-{down_seconds}-{send_while_down}.log"
                        kept.write_text("\n".join(server.lines))
                        problems.append(f"its log: {kept}")
            finally:
                cluster.stop()
                homes.discard(home)
            return problems
        return Case("postgres4", f"stopped-{down_seconds}s-{send_while_down}-sent-while-down", run)

    yield run_with(2, 0)
    yield run_with(5, 3)
    yield run_with(20, 3)


FAMILIES = {"slack4": slack4_cases, "digest4": digest4_cases, "teams4": teams4_cases, "kill4": kill4_cases,
            "statedb4": statedb4_cases, "postgres4": postgres4_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile4-", 2,
                                    lambda name, jobs: jobs if name in ("statedb4", "digest4") else 1, _seed)

if __name__ == "__main__":
    sys.exit(main())
