"""The second hostile sweep's server classes: Slack event types, views and buttons and Teams invokes
the first sweep did not mutate (`shapes`), the Slack Web API failing on the methods other than
chat.postMessage and the Teams connector failing (`apis`), and SIGKILL of a build and of `peerbot
serve` answering Teams (`kill`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import hostile_sweep
import sweep_servers as servers
from hostile_http import WRONG, mutated, post, status_problems
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli
from hostile_sweep2 import default_sigint
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    message_shortcut,
    slash_command,
    view_submission,
)
from sweep_servers import Server
from teams_doubles import (
    card_action,
    feedback,
    installation,
    members,
    message,
    message_action,
    task_invoke,
)

QUESTION = "How can trusts build trust at board level?"
SOME_WRONG = {k: WRONG[k] for k in ("null", "list", "dict", "number", "surrogate")} | {"missing": ...}


def _judged(state: dict, send) -> list[str]:
    server = state["server"]
    mark = len(server.lines)
    try:
        status = send(server)
    except OSError:
        status = -2
    problems = status_problems(status) + server.problems_since(mark)
    if status < 0 or server.process.poll() is not None:
        servers.restart(state)
    return problems


def shapes_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, send) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start_both(state, homes)
            return _judged(state, send)
        return Case("shapes", name, run)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    events = {
        "app_home_opened": {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                            "event_ts": "1515449522.000016"},
        "app_uninstalled": {"type": "app_uninstalled"},
        "tokens_revoked": {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": ["B1"]}},
        "message_changed": {"type": "message", "subtype": "message_changed", "channel": "C0LAN2Q65",
                            "message": {"type": "message", "user": "U061F7AUR", "text": "trust?", "ts": "1.2"},
                            "ts": "1515449522.000017", "event_ts": "1515449522.000017"},
        "member_joined_channel": {"type": "member_joined_channel", "user": "U1", "channel": "C1", "team": "T1"},
    }
    paths = {"app_home_opened": ["event.user", "event.tab", "event.channel"], "app_uninstalled": ["team_id"],
             "tokens_revoked": ["event.tokens", "event.tokens.bot", "event.tokens.oauth"],
             "message_changed": ["event.message", "event.message.text", "event.message.user"],
             "member_joined_channel": ["event.user", "event.channel"]}
    for kind, event in events.items():
        for path in paths[kind]:
            for wrong, value in SOME_WRONG.items():
                body = mutated(event_callback(dict(event)), path, value)
                yield case(f"slack-event:{kind}:{path}={wrong}", lambda s, b=body: slack(s).event(b).status)
    for name, body in {"challenge-list": {"type": "url_verification", "challenge": [1], "token": "x"},
                       "challenge-missing": {"type": "url_verification", "token": "x"},
                       "challenge-huge": {"type": "url_verification", "challenge": "c" * 200_000},
                       "app-rate-limited": {"type": "app_rate_limited", "minute_rate_limited": "x", "team_id": []},
                       "unknown-type": {"type": "no_such_type", "event": {"type": "x"}}}.items():
        yield case(f"slack-envelope:{name}", lambda s, b=body: slack(s).event(b).status)
    yield case("slack-ssl-check", lambda s: slack(s).post("ssl_check=1&token=x", "application/x-www-form-urlencoded").status)

    for command in ("/enabler", "/lesson", "/nope"):
        for wrong, text in {"empty": "", "huge": "trust " * 20_000, "controls": "\x00\x1b[31m<!channel>",
                            "help": "help"}.items():
            def send(s: Server, command=command, text=text) -> int:
                return slack(s).command(slash_command(command, text, state["double"].response_url())).status
            yield case(f"command:{command}:{wrong}", send)

    def lesson_form(**fields) -> dict:
        view = {"callback_id": "lesson_submit", "private_metadata": json.dumps({"q": "q-1"})}
        base = {"title": "Boards", "did": "We met monthly", "learned": "Trust takes time", "organisation": "NELFT",
                "contact": "", "contact_agreed": False, "contributor": "", "contributor_named": False, "enablers": []}
        return view_submission(view, base | fields)

    for path in ("view", "view.state", "view.state.values", "view.state.values.title", "view.state.values.title.value",
                 "view.state.values.enablers.value.selected_options", "view.private_metadata", "view.callback_id",
                 "user", "team"):
        for wrong, value in SOME_WRONG.items():
            yield case(f"view:{path}={wrong}", lambda s, p=path, v=value: slack(s).interaction(
                mutated(lesson_form(), p, v)).status)
    for name, fields in {"huge-fields": {"title": "t" * 100_000, "learned": "l" * 500_000},
                         "ping": {"title": "<!channel> <!here>", "learned": "@channel"},
                         "enablers-unknown": {"enablers": ["nope", "x" * 5000]}}.items():
        yield case(f"view:{name}", lambda s, f=fields: slack(s).interaction(lesson_form(**f)).status)
    yield case("view:closed", lambda s: slack(s).interaction({"type": "view_closed", "view": [], "user": None}).status)

    for action in ("lesson_approve", "lesson_edit", "lesson_reject", "lesson_offer", "watch_question", "share_answer"):
        for wrong, value in {"words": "abc", "huge-number": "9" * 40, "negative": "-1", "json": '{"id": 1}',
                             "empty": ""}.items():
            yield case(f"action:{action}={wrong}", lambda s, a=action, v=value: slack(s).interaction(
                block_actions(a, v, state["double"].response_url())).status)
    for path in ("message", "message.text", "message.ts", "channel", "user"):
        for wrong, value in SOME_WRONG.items():
            yield case(f"save-lesson-shortcut:{path}={wrong}", lambda s, p=path, v=value: slack(s).interaction(
                mutated(message_shortcut("We met monthly.", state["double"].response_url(), callback_id="save_lesson"),
                        p, v)).status)

    def teams(body: dict):
        return lambda s: post(f"{s.url}/api/messages", json.dumps(body).encode("utf-8", "surrogatepass"),
                              {"Content-Type": "application/json"})

    def invokes() -> dict[str, tuple[dict, list[str]]]:
        url = state["connector"].url if state else "http://127.0.0.1:1"
        return {
            "feedback": (feedback(url, "q-1", True), ["value", "value.action", "value.action.data",
                                                      "value.action.data.question_id", "value.action.data.helpful",
                                                      "value.action.verb", "name"]),
            "lesson": (card_action(url, "peerbot.lesson", {"q": "q-1", "title": "B", "did": "d", "learned": "l"}),
                       ["value.action.data", "value.action.data.title", "value.action.data.q"]),
            "review": (card_action(url, "peerbot.lesson_review", {"id": 1, "decision": "approve"}),
                       ["value.action.data.id", "value.action.data.decision"]),
            "watch": (card_action(url, "peerbot.watch", {"question_id": "q-1"}), ["value.action.data"]),
            "fetch-task": (message_action(url, "composeExtension/fetchTask", "<p>We met monthly.</p>"),
                           ["value", "value.messagePayload", "value.messagePayload.body",
                            "value.messagePayload.body.content", "value.commandId"]),
            "submit-action": (message_action(url, "composeExtension/submitAction", "<p>x</p>", {"title": "B"}),
                              ["value.data", "value.data.title"]),
            "task-fetch": (task_invoke(url, "task/fetch", {"q": "q-1"}), ["value", "value.data"]),
            "task-submit": (task_invoke(url, "task/submit", {"title": "B"}), ["value.data", "value.data.title"]),
            "installation": (installation(url, "add"), ["action", "channelData", "channelData.team"]),
            "members": (members(url, added=True), ["membersAdded", "membersAdded.0", "membersAdded.0.id"]),
        }

    for kind, (_, activity_paths) in invokes().items():
        for path in activity_paths:
            for wrong, value in SOME_WRONG.items():
                def send(s: Server, kind=kind, path=path, value=value) -> int:
                    body, _ = invokes()[kind]
                    return teams(mutated(body, path, value))(s)
                yield case(f"teams-invoke:{kind}:{path}={wrong}", send)
    yield Case("shapes", "teardown", lambda: servers.stop(state, homes))


def apis_cases(homes: Homes) -> Iterator[Case]:
    """The Slack Web API double failing on each method peerbot calls, other than chat.postMessage
    (the first sweep's), and the Teams connector failing: the server stays up, logs no traceback,
    and a question it acknowledged is answered once the failure passes."""
    state: dict = {}

    def case(name: str, run_it) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start_both(state, homes)
            state["double"].clear()
            server = state["server"]
            mark = len(server.lines)
            problems = run_it(server, state["double"])
            problems += server.problems_since(mark, settle=1)
            if server.process.poll() is not None:
                problems.append(f"the server exited ({server.process.returncode})")
                servers.restart(state)
            return problems
        return Case("apis", name, run)

    faults = {"http-500": dict(kind="http", status=500), "invalid-json": dict(kind="invalid_json"),
              "reset": dict(kind="drop"), "slow-8s": dict(kind="slow", seconds=8)}

    def answered_despite(method: str, fault: dict | None, error: str | None = None, rate: bool = False):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            if fault:
                double.fault(method, **{"times": 2, **fault})
            if error:
                double.fail(method, error, times=2)
            if rate:
                double.rate_limit(method, times=2, retry_after=1)
            body = app_mention(f"trust at board level {method}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok]:
                    return problems
                time.sleep(0.3)
            return problems + [f"no answer posted while {method} failed"]
        return run_it

    for method in ("conversations.info", "users.lookupByEmail"):
        for name, fault in faults.items():
            yield case(f"{method}:{name}", answered_despite(method, fault))
        yield case(f"{method}:ratelimited", answered_despite(method, None, rate=True))
        yield case(f"{method}:error", answered_despite(method, None, "internal_error"))

    def surface_call(method: str, fault: dict | None, error: str | None, send) -> object:
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            if fault:
                double.fault(method, **{"times": 1, **fault})
            if error:
                double.fail(method, error, times=1)
            status = send(server, double)
            time.sleep(3)
            return status_problems(status)
        return run_it

    def lesson_command(server: Server, double: SlackDouble) -> int:
        return SlackSender(f"{server.url}/slack/events").command(
            slash_command("/lesson", "Boards", double.response_url())).status

    def home_opened(server: Server, double: SlackDouble) -> int:
        event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                 "event_ts": "1515449522.000016"}
        return SlackSender(f"{server.url}/slack/events").event(event_callback(event)).status

    def share(server: Server, double: SlackDouble) -> int:
        return SlackSender(f"{server.url}/slack/events").interaction(
            block_actions("share_answer", "q-1", double.response_url())).status

    def peer_command(server: Server, double: SlackDouble) -> int:
        return SlackSender(f"{server.url}/slack/events").command(
            slash_command("/peer", "trust at board level", double.response_url("broken"))).status

    for method, send in (("views.open", lesson_command), ("views.publish", home_opened), ("chat.postEphemeral", share),
                         ("chat.update", share)):
        for name, fault in {**faults, "ratelimited": None, "error": None}.items():
            yield case(f"{method}:{name}", surface_call(method, fault, "internal_error" if name == "error" else None, send))
    yield case("response_url:refused", surface_call("none", None, None, lambda s, d: SlackSender(
        f"{s.url}/slack/events").command(slash_command("/peer", "trust at board level", "http://127.0.0.1:1/r")).status))
    yield case("response_url:not-a-url", surface_call("none", None, None, lambda s, d: SlackSender(
        f"{s.url}/slack/events").command(slash_command("/peer", "trust at board level", "javascript:alert(1)")).status))

    def teams_connector(*statuses: int, refused: bool = False):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            connector = state["connector"]
            connector.fail(*statuses)
            url = "http://127.0.0.1:1" if refused else connector.url
            body = message(url, f"trust at board level {statuses} {refused}")
            before = len(connector.posts)
            status = post(f"{server.url}/api/messages", json.dumps(body).encode(), {"Content-Type": "application/json"})
            problems = status_problems(status) if status != 500 or not (statuses or refused) else []
            if not refused:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and len(connector.posts) == before:
                    time.sleep(0.3)
                if len(connector.posts) == before:
                    problems.append("the Teams answer was never sent once the connector recovered")
            return problems
        return run_it

    for name, statuses in {"500": (500,), "503x2": (503, 503), "429": (429,), "400": (400,), "401": (401,)}.items():
        yield case(f"teams-connector:{name}", teams_connector(*statuses))
    yield case("teams-connector:refused", teams_connector(refused=True))
    yield Case("apis", "teardown", lambda: servers.stop(state, homes))


def kill_cases(homes: Homes) -> Iterator[Case]:
    """SIGKILL of `peerbot index --rebuild` part-way: the old index is still served, the next build
    works; and of `peerbot lessons approve` is not needed (one transaction)."""
    def build_killed(after: float) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", "index", "--rebuild"],
                                           cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                time.sleep(after)
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
                problems = []
                for argv in (["ask", "--json", QUESTION], ["index"], ["ask", "--json", QUESTION]):
                    rc, out, err = run_cli(argv, env)
                    problems += judge_cli(argv, rc, out, err)
                    if argv[0] == "ask" and rc == 0 and not json.loads(out).get("answered"):
                        problems.append(f"not answered after a build killed at {after} s")
                return problems
            finally:
                homes.discard(home)
        return Case("kill", f"index-rebuild-killed@{after}s", run)

    for after in (1.5, 4, 8):
        yield build_killed(after)


def digest_cases(homes: Homes) -> Iterator[Case]:
    """`peerbot digest --post` to two Slack channels while the Web API double fails: one line per
    destination, exit status 1 when any failed, no traceback; a second run posts what failed."""
    def posting(name: str, arrange) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                with SlackDouble() as double:
                    arrange(double)
                    env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                                   DIGEST_CHANNELS="C0LAN2Q65,C0OTHER01")
                    if name == "refused":
                        env["SLACK_API_URL"] = "http://127.0.0.1:1/api/"
                    argv = ["digest", "--post"]
                    rc, out, err = run_cli(argv, env)
                    said = out if rc == 1 and "fail" in out else ""  # one line per destination, on stdout
                    problems = judge_cli(argv, rc, said and f"peerbot: {said}", err)
                    env["SLACK_API_URL"] = double.api_url
                    double.clear()
                    rc2, out2, err2 = run_cli(argv, env)
                    problems += judge_cli(argv, rc2, out2, err2)
                    if rc2 != 0:
                        problems.append(f"a second run after the failure passed still failed ({(out2 + err2).strip()[:120]!r})")
                    return problems
            finally:
                homes.discard(home)
        return Case("digest", name, run)

    for name, fault in {"http-500": dict(kind="http", status=500), "invalid-json": dict(kind="invalid_json"),
                        "reset": dict(kind="drop"), "reset-took-effect": dict(kind="drop", took_effect=True)}.items():
        yield posting(name, lambda d, f=fault: d.fault("chat.postMessage", **{"times": 1, **f}))
    yield posting("ratelimited", lambda d: d.rate_limit("chat.postMessage", times=1, retry_after=1))
    for error in ("channel_not_found", "not_in_channel", "internal_error"):
        yield posting(f"error-{error}", lambda d, e=error: d.fail("chat.postMessage", e, channel="C0OTHER01", times=1))
    yield posting("auth-fails", lambda d: d.fail("auth.test", "invalid_auth", times=1))
    yield posting("refused", lambda d: None)


def signal_cases(homes: Homes) -> Iterator[Case]:
    """SIGTERM or SIGINT to the long-running commands while starting and once running: exit 0
    (or 130 for SIGINT), no traceback."""
    def signalled(argv: list[str], sig: int, after: float, extra: dict[str, str]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                with SlackDouble() as double:
                    from slack_double import free_port

                    env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                   SLACK_API_URL=double.api_url, HOST="127.0.0.1", PORT=str(free_port()), **extra)
                    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0],
                                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                               preexec_fn=default_sigint)
                    time.sleep(after)
                    process.send_signal(sig)
                    try:
                        out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.communicate()
                        return [f"`peerbot {argv[0]}` still running after {signal.Signals(sig).name}"]
                    text = (out + err).decode("utf-8", "backslashreplace")
                    problems = ["traceback"] if "Traceback" in text else []
                    if process.returncode not in (0, 130, 1):
                        problems.append(f"exit status {process.returncode} after {signal.Signals(sig).name}")
                    return problems
            finally:
                homes.discard(home)
        return Case("signals", f"{argv[0]}:{signal.Signals(sig).name}@{after}s", run)

    for argv, extra in ((["serve"], {}), (["schedule"], {"DIGEST_CHANNELS": "C0LAN2Q65"})):
        for sig in (signal.SIGTERM, signal.SIGINT):
            for after in (0.3, 2, 12):
                yield signalled(argv, sig, after, extra)


FAMILIES = {"shapes": shapes_cases, "apis": apis_cases, "kill": kill_cases, "digest": digest_cases,
            "signals": signal_cases}
