"""The fifth hostile sweep: fault classes crossed with surfaces the first four did not reach.

- `oauth5`: installing into many workspaces, the whole flow (the install page's state and cookie,
  then the redirect) with oauth.v2.access and auth.test failing in every way the fourth sweep made
  the other methods fail, answering ok:false with each of Slack's OAuth errors, or answering ok with
  fields of the wrong type; the cookie missing, foreign, huge or of bad bytes; one state used twice
  at once. Then a clean install still works.
- `slack5`: Slack event types and interactivity types no sweep sent (direct messages, message
  subtypes, reactions, link_shared, a Home tab's messages tab, block_suggestion, dialogs, legacy
  interactive messages, global shortcuts, unknown callback ids, several actions, selects), retry
  headers of every wrong kind, and the same delivery sent many times at once (a mention, a /peer, a
  curator's Approve): answered or decided once.
- `yaml5`: every knowledge YAML file damaged (bad bytes, UTF-16, a NUL, an alias bomb, the wrong
  shape) under the commands the first sweep did not run on it (`enabler`, `contacts`,
  `contacts --check`, `digest --preview`, `index`) and under `peerbot serve` (start, then a question).
- `import5`: PDF, Word and web pages damaged in ways no sweep tried (XML entity bombs, a zip bomb,
  50,000 nested tags, UTF-16, a bogus charset, NULs, a truncated PDF, a PDF with no pages) through
  `peerbot import` and `peerbot index`.
- `env5`: the settings only `serve`, `schedule`, `digest --post` and the lesson review read, with
  values of the wrong type, empty, huge, unicode or control characters, under those commands.
- `kill5`: SIGKILL of the long-running commands the fourth sweep did not kill (`schedule` while
  posting, `serve` while answering `/peer` or while a curator's approval is being told, `forget`,
  `teams-conversations --digest-on`, `eval`), then again: nothing lost, nothing posted twice.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep5.py --hang 90 [--only CLASS ...]

A case passes as in the earlier sweeps: a command answers (exit 0) or fails with one `peerbot:` line
and no traceback; the server answers 2xx/4xx (5xx only where a retry is right), logs no traceback
and no secret, stays up, and answers (or decides) what it acknowledged exactly once.
"""

from __future__ import annotations

import http.client
import io
import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_files import BOMB  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import TEAMS_ID  # noqa: E402
from hostile_sweep3 import in_home, judged  # noqa: E402
from hostile_sweep4 import LESSON, PASSING, _once, _seed, _still_asks, _wait  # noqa: E402
from slack_double import (  # noqa: E402
    BOT_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
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

STATE_SECRET = "a-long-random-state-secret-of-40-characters"


def _judged_server(state: dict, homes: Homes, surface: str, name: str, run_it, start=None) -> Case:
    """A case against the class's one server (started by `start(state, homes)` on first use):
    `run_it(server, double)`'s problems, then the log's, and a restart when the server died."""
    def run() -> list[str]:
        if not state:
            (start or servers.start_both)(state, homes)
        server, double = state["server"], state["double"]
        double.clear()
        mark = len(server.lines)
        try:
            problems = run_it(server, double)
        except OSError as e:
            problems = [f"no answer ({e})"]
        problems += server.problems_since(mark, settle=1)
        if server.process.poll() is not None:
            problems.append(f"the server exited ({server.process.returncode})")
            state["restart"](state)
        return problems
    return Case(surface, name, run)


# -- oauth5: installing into many workspaces, Slack failing ------------------------------------------

def _get(port: int, path: str, cookie: str = "") -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=hostile_sweep.LIMITS["hang"])
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if cookie:
            connection.putheader("Cookie", cookie.encode("latin-1", "replace"))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as e:
        return (-2 if "timed out" in str(e) else -1), {}, ""
    finally:
        connection.close()


def _begin_install(port: int) -> tuple[str, str]:
    """/slack/install: the state cookie and the state of its "Add to Slack" link."""
    status, headers, page = _get(port, "/slack/install")
    if status != 200:
        raise AssertionError(f"/slack/install answered {status}")
    cookie = headers["set-cookie"].split(";", 1)[0]
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page).group(1).replace("&amp;", "&")
    return cookie, dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))["state"]


def _oauth_start(state: dict, homes: Homes) -> None:
    """The class's one server, installed by OAuth."""
    servers.start(state, homes, lambda double: slack_env(
        double, SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET, SLACK_STATE_SECRET=STATE_SECRET))


def _installs(server: Server, double: SlackDouble) -> list[str]:
    """A clean install, after whatever the case did: 200, and the workspace's question answered."""
    team, token = f"T0OK{random.randrange(10**6):06d}", f"xoxb-ok-{random.randrange(10**9)}"
    cookie, oauth_state = _begin_install(server.port)
    status, _, _ = _get(server.port, f"/slack/oauth_redirect?code={double.grant(team, token)}&state={oauth_state}", cookie)
    if status != 200:
        return [f"a clean install afterwards answered {status}"]
    body = event_callback(app_mention("trust at board level")["event"])
    body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team
    SlackSender(f"{server.url}/slack/events").event(body)
    if not _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"])
                          if c.ok and c.token == token], 60):
        return ["the workspace installed afterwards was not answered with its own token"]
    return []


OAUTH_ERRORS = ["invalid_code", "bad_redirect_uri", "invalid_client_id", "bad_client_secret", "code_already_used",
                "invalid_grant_type", "oauth_authorization_url_mismatch", "access_denied", "ratelimited",
                "team_added_to_org"]


def _oauth_ok(**change) -> bytes:
    good = {"ok": True, "app_id": "A0KRD7HC3", "authed_user": {"id": "U0INSTALLER"}, "scope": "commands,chat:write",
            "token_type": "bot", "access_token": BOT_TOKEN, "bot_user_id": "U0BOT",  # a token auth.test takes
            "team": {"id": "T0SHAPED1", "name": "Shaped"}, "enterprise": None, "is_enterprise_install": False}
    return json.dumps({k: v for k, v in {**good, **change}.items() if v is not ...}).encode()


OAUTH_SHAPES = {
    "team-a-string": _oauth_ok(team="T0SHAPED1"), "team-missing": _oauth_ok(team=...),
    "team-id-number": _oauth_ok(team={"id": 7, "name": "x"}), "team-null": _oauth_ok(team=None),
    "access-token-missing": _oauth_ok(access_token=...), "access-token-number": _oauth_ok(access_token=5),
    "access-token-huge": _oauth_ok(access_token="xoxb-" + "a" * 100_000), "bot-user-id-list": _oauth_ok(bot_user_id=[1]),
    "authed-user-list": _oauth_ok(authed_user=[]), "authed-user-string": _oauth_ok(authed_user="U1"),
    "enterprise-string": _oauth_ok(enterprise="E1"), "enterprise-install-words": _oauth_ok(is_enterprise_install="yes"),
    "scope-list": _oauth_ok(scope=["a", "b"]), "incoming-webhook-string": _oauth_ok(incoming_webhook="x"),
    "token-type-user": _oauth_ok(token_type="user", access_token="xoxp-user"),
}


def oauth5_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        def checked(server: Server, double: SlackDouble) -> list[str]:
            problems = run_it(server, double)
            double.clear()
            double._faults.clear(), double._failures.clear(), double._rate_limits.clear()
            return problems + _installs(server, double)
        return _judged_server(state, homes, "oauth5", name, checked, _oauth_start)

    def redirect_with(method: str, arrange):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, oauth_state = _begin_install(server.port)
            arrange(double, method)
            code = double.grant(f"T0F{random.randrange(10**6):06d}", f"xoxb-f-{random.randrange(10**9)}")
            status, _, _ = _get(server.port, f"/slack/oauth_redirect?code={code}&state={oauth_state}", cookie)
            return status_problems(status)
        return run_it

    for name, arrange in PASSING.items():
        yield case(f"oauth.v2.access:{name}", redirect_with("oauth.v2.access", arrange))
        yield case(f"auth.test:{name}", redirect_with("auth.test", arrange))
    for error in OAUTH_ERRORS:
        yield case(f"oauth.v2.access:error-{error}", redirect_with(
            "oauth.v2.access", lambda d, m, e=error: d.fail(m, e, times=1)))
    for name, body in OAUTH_SHAPES.items():
        yield case(f"oauth.v2.access:shape-{name}", redirect_with(
            "oauth.v2.access", lambda d, m, b=body: d.fault(m, "body", status=200, body=b)))

    def cookie_case(make_cookie: Callable[[str, str], str]):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, oauth_state = _begin_install(server.port)
            code = double.grant("T0COOKIE1", "xoxb-cookie")
            status, _, _ = _get(server.port, f"/slack/oauth_redirect?code={code}&state={oauth_state}",
                                make_cookie(cookie, oauth_state))
            problems = status_problems(status)
            if status == 200 and cookie not in make_cookie(cookie, oauth_state).split("; "):
                problems.append("installed with a cookie that is not the installer's")
            return problems
        return run_it

    cookies = {"missing": lambda c, s: "", "foreign": lambda c, s: c.split("=")[0] + "=someone-else",
               "huge": lambda c, s: c + "x" * 7000, "bad-bytes": lambda c, s: c.split("=")[0] + "=\u00ff\u00fe",
               "many": lambda c, s: "; ".join([c.split("=")[0] + f"=v{i}" for i in range(200)]),
               "no-equals": lambda c, s: "garbage;;;==", "twice": lambda c, s: f"{c}; {c.split('=')[0]}=other"}
    for name, make in cookies.items():
        yield case(f"cookie:{name}", cookie_case(make))

    def same_state_at_once(server: Server, double: SlackDouble) -> list[str]:
        cookie, oauth_state = _begin_install(server.port)
        codes = [double.grant(f"T0RACE{i:04d}", f"xoxb-race-{i}") for i in range(4)]
        results: list[int] = []

        def go(code: str) -> None:
            results.append(_get(server.port, f"/slack/oauth_redirect?code={code}&state={oauth_state}", cookie)[0])
        threads = [threading.Thread(target=go, args=(code,)) for code in codes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        problems = [p for status in results for p in status_problems(status)]
        if sum(1 for status in results if status == 200) > 1:
            problems.append(f"one state installed {sum(1 for s in results if s == 200)} times")
        return problems

    yield case("state:used-four-times-at-once", same_state_at_once)

    def uninstalled_then_asked(server: Server, double: SlackDouble) -> list[str]:
        team, token = "T0GONE001", "xoxb-gone"
        cookie, oauth_state = _begin_install(server.port)
        _get(server.port, f"/slack/oauth_redirect?code={double.grant(team, token)}&state={oauth_state}", cookie)
        sender = SlackSender(f"{server.url}/slack/events")
        gone = event_callback({"type": "app_uninstalled"})
        gone["team_id"] = gone["authorizations"][0]["team_id"] = team
        problems = status_problems(sender.event(gone).status)
        body = event_callback(app_mention("trust at board level")["event"])
        body["team_id"] = body["event"]["team"] = body["authorizations"][0]["team_id"] = team
        problems += status_problems(sender.event(body).status)
        time.sleep(2)
        if [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok]:
            problems.append("answered in a workspace that had uninstalled peerbot")
        return problems

    yield case("uninstalled-then-asked", uninstalled_then_asked)
    yield Case("oauth5", "teardown", lambda: servers.stop(state, homes))


# -- slack5: event and interaction types no sweep sent; retries; the same delivery at once ------------

def slack5_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "slack5", name, run_it, servers.start_both)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    def sent_event(event: dict):
        return lambda s, d: status_problems(slack(s).event(event_callback(dict(event))).status)

    ts = "1515449600.000100"
    events = {
        "dm": direct_message("trust at board level")["event"],
        "dm-empty-text": direct_message("")["event"],
        "dm-from-bot": {**direct_message("trust")["event"], "bot_id": "B1"},
        "dm-channel-type-number": {**direct_message("trust")["event"], "channel_type": 5},
        "message-bot_message": {"type": "message", "subtype": "bot_message", "channel": "C0LAN2Q65", "text": "x",
                                "ts": ts, "bot_id": "B1"},
        "message-file_share": {"type": "message", "subtype": "file_share", "channel": "C0LAN2Q65", "user": "U1",
                               "text": "<@U0LAN2Q65> trust", "ts": ts, "files": [{"id": 1}, None, "x"]},
        "message-thread_broadcast": {"type": "message", "subtype": "thread_broadcast", "channel": "C0LAN2Q65",
                                     "user": "U1", "text": "trust", "ts": ts, "thread_ts": "1.2", "root": []},
        "message-deleted": {"type": "message", "subtype": "message_deleted", "channel": "C0LAN2Q65", "ts": ts,
                            "deleted_ts": "1.2", "previous_message": "x"},
        "message-me": {"type": "message", "subtype": "me_message", "channel": "D0PNCRP9N", "user": "U1", "text": "trust",
                       "ts": ts, "channel_type": "im"},
        "message-replied": {"type": "message", "subtype": "message_replied", "channel": "C0LAN2Q65", "ts": ts,
                            "message": {"replies": "x"}},
        "message-channel_join": {"type": "message", "subtype": "channel_join", "channel": "C0LAN2Q65", "user": "U1",
                                 "text": "<@U1> has joined", "ts": ts},
        "message-no-ts": {"type": "message", "channel": "D0PNCRP9N", "user": "U1", "text": "trust", "channel_type": "im"},
        "reaction_added": {"type": "reaction_added", "user": "U1", "reaction": "+1", "item": "x", "event_ts": ts},
        "link_shared": {"type": "link_shared", "channel": "C1", "links": [{"url": None}], "message_ts": ts},
        "team_join": {"type": "team_join", "user": "U1"},
        "user_change": {"type": "user_change", "user": {"id": 5}},
        "app_home_opened-messages-tab": {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N",
                                         "tab": "messages", "event_ts": ts},
        "app_home_opened-view-list": {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N",
                                      "tab": "home", "view": [], "event_ts": ts},
        "app_mention-only-the-mention": app_mention("")["event"],
        "app_mention-ten-thousand-mentions": {**app_mention("")["event"], "text": "<@U0LAN2Q65> " * 10_000},
        "app_mention-thread_ts-equals-ts": {**app_mention("trust")["event"], "thread_ts": ts, "ts": ts},
        "app_mention-channel-dm": app_mention("trust at board level", channel="D0PNCRP9N")["event"],
        "app_mention-channel-group": app_mention("trust at board level", channel="G0PRIVATE")["event"],
        "app_mention-channel-unknown-prefix": app_mention("trust at board level", channel="X0WHAT")["event"],
        "app_mention-ts-words": {**app_mention("trust")["event"], "ts": "yesterday", "event_ts": "yesterday"},
        "grid_migration_started": {"type": "grid_migration_started", "enterprise_id": "E1"},
    }
    for name, event in events.items():
        yield case(f"event:{name}", sent_event(event))

    def interaction(payload: dict):
        return lambda s, d: status_problems(slack(s).interaction(payload).status)

    url = "http://127.0.0.1:1/response/x"
    base_user = {"id": "U061F7AUR", "name": "jane", "team_id": "T9TK3CUKW"}
    payloads = {
        "block_suggestion": {"type": "block_suggestion", "user": base_user, "action_id": "enablers", "value": "tr",
                             "view": {"callback_id": "lesson_submit"}},
        "dialog_submission": {"type": "dialog_submission", "user": base_user, "callback_id": "x",
                              "submission": {"a": "b"}, "response_url": url, "channel": {"id": "C1"}},
        "dialog_cancellation": {"type": "dialog_cancellation", "user": base_user, "callback_id": "x"},
        "interactive_message": {"type": "interactive_message", "user": base_user, "callback_id": "x",
                                "actions": [{"name": "a", "value": "b"}], "response_url": url,
                                "channel": {"id": "C1"}, "original_message": None},
        "global-shortcut-ask": {"type": "shortcut", "callback_id": "ask_peerbot", "user": base_user,
                                "trigger_id": "1.2.x", "team": {"id": "T9TK3CUKW"}},
        "global-shortcut-lesson": {"type": "shortcut", "callback_id": "save_lesson", "user": base_user,
                                   "trigger_id": "1.2.y", "team": {"id": "T9TK3CUKW"}},
        "global-shortcut-unknown": {"type": "shortcut", "callback_id": "nope", "user": base_user, "trigger_id": "1.2.z"},
        "message-action-unknown": message_shortcut("trust", url, callback_id="nope"),
        "view-submission-unknown-callback": view_submission({"callback_id": "nope"}, {"title": "x"}),
        "view-submission-no-state": {**view_submission({"callback_id": "lesson_submit"}, {}), "view": {
            "callback_id": "lesson_submit", "private_metadata": "", "state": {}}},
        "view-submission-values-wrong-kinds": view_submission({"callback_id": "lesson_submit"}, {}) | {"view": {
            "callback_id": "lesson_submit", "private_metadata": "{}", "state": {"values": {
                "title": {"value": {"type": "checkboxes", "selected_options": "x"}},
                "did": {"value": {"type": "multi_static_select", "selected_options": [None, 1]}},
                "enablers": {"value": {"type": "plain_text_input", "value": ["building-trust"]}},
                "contact_agreed": {"value": {"type": "checkboxes", "selected_options": [{"value": 1}]}}}}}},
        "view-submission-metadata-list": view_submission({"callback_id": "lesson_submit",
                                                          "private_metadata": "[1, 2]"}, LESSON),
        "view-submission-metadata-huge": view_submission({"callback_id": "lesson_submit",
                                                          "private_metadata": json.dumps({"q": "x" * 300_000})}, LESSON),
        "view_closed-lesson": {"type": "view_closed", "user": base_user, "view": {"callback_id": "lesson_submit"},
                               "is_cleared": "no"},
        "block-actions-three": {**block_actions("feedback_helpful", "q-1", url), "actions": [
            {"action_id": "feedback_helpful", "value": "q-1"}, {"action_id": "share_answer", "value": "q-1"},
            {"action_id": "lesson_approve", "value": "1"}]},
        "block-actions-static-select": {**block_actions("x", "", url), "actions": [
            {"action_id": "feedback_helpful", "type": "static_select", "selected_option": {"value": "q-1"}}]},
        "block-actions-unknown-id": block_actions("no_such_action", "q-1", url),
        "block-actions-no-actions-list": {**block_actions("x", "", url), "actions": {"action_id": "feedback_helpful"}},
        "block-actions-in-view": {**block_actions("lesson_approve", "1", url), "container": {"type": "view",
                                  "view_id": "V1"}, "view": {"id": "V1", "callback_id": "lesson_submit"}},
        "block-actions-ephemeral-share": block_actions("share_answer", "q-1", url, ephemeral=True),
        "workflow_step_edit": {"type": "workflow_step_edit", "callback_id": "x", "user": base_user},
        "unknown-type": {"type": "no_such_interaction", "user": base_user},
    }
    for name, payload in payloads.items():
        yield case(f"interaction:{name}", interaction(payload))

    for command in ("/PEER", "/peer ", "/Enabler", "/lesson\u200b"):
        yield case(f"command:{command!r}", lambda s, d, c=command: status_problems(
            slack(s).command(slash_command(c, "trust at board level", d.response_url())).status))

    def retried(num: str, reason: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            body = app_mention(f"trust at board level {random.random()}")
            sender = slack(server)
            payload = json.dumps(body)
            problems = status_problems(sender.post(payload, "application/json").status)
            problems += status_problems(sender.post(payload, "application/json", {
                "X-Slack-Retry-Num": num, "X-Slack-Retry-Reason": reason}).status)
            time.sleep(1)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
            time.sleep(2)
            posted = [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok]
            return problems + _once(posted, "the answer", True)
        return run_it

    for num, reason in (("abc", "http_timeout"), ("-1", "http_error"), ("9" * 30, "x" * 5000), ("", ""),
                        ("1", "\u00ff\u00fe"), ("1.5", "unknown_reason"), ("0x1", "http_timeout")):
        yield case(f"retry-headers:{num[:8]!r}:{reason[:8]!r}", retried(num, reason))

    def at_once(make: Callable[[], list[Callable[[], int]]], count_posts: Callable[[SlackDouble], list], what: str,
                expected: int = 1):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            senders = make()
            statuses: list[int] = []
            threads = [threading.Thread(target=lambda f=f: statuses.append(f())) for f in senders]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            problems = [p for status in statuses for p in status_problems(status)]
            _wait(lambda: count_posts(double), 60)
            time.sleep(3)
            posted = count_posts(double)
            if len(posted) != expected:
                problems.append(f"{what} {len(posted)} times from {len(senders)} identical deliveries at once")
            return problems
        return run_it

    def same_mention(server_holder: dict, distinct_ids: bool):
        def make() -> list[Callable[[], int]]:
            body = app_mention(f"trust at board level {random.random()}")
            server_holder["ts"] = body["event"]["ts"]
            sender = slack(state["server"])
            bodies = [dict(body, event_id=f"Ev{i:08d}{random.randrange(10**6)}") if distinct_ids else body
                      for i in range(8)]
            return [lambda b=b, i=i: sender.event(b, retry_num=i or None).status for i, b in enumerate(bodies)]
        return make

    for distinct in (False, True):
        holder: dict = {}
        yield case(f"at-once:mention-x8{'-new-event-ids' if distinct else ''}", at_once(
            same_mention(holder, distinct), lambda d, h=holder: [c for c in d.calls_to("chat.postMessage", thread_ts=h["ts"])
                                                                 if c.ok], "the answer posted"))

    peer_tag: dict = {}

    def same_peer() -> list[Callable[[], int]]:
        tag = f"zq{random.randrange(10**8)}"
        peer_tag["tag"] = tag
        form = slash_command("/peer", f"trust at board level {tag}", state["double"].response_url())
        sender = slack(state["server"])
        return [lambda: sender.command(form).status for _ in range(6)]

    yield case("at-once:peer-same-trigger-x6", at_once(same_peer, lambda d: [
        c for c in d.calls_to("chat.postEphemeral") + d.calls_to("response_url")
        if c.ok and peer_tag["tag"] in (c.blocks_text + str(c.get("text", "")))], "the /peer answer posted"))

    def approve_at_once(server: Server, double: SlackDouble) -> list[str]:
        sender = slack(server)
        sender.command(slash_command("/lesson", "Boards", double.response_url()))
        double.wait_for("views.open", timeout=30)
        form = double.views[-1]
        title = f"Boards at once {random.randrange(10**6)}"
        problems = status_problems(sender.interaction(view_submission(form, {**LESSON, "title": title})).status)
        card = next(c for c in double.wait_for("chat.postMessage", channel=REVIEW, timeout=30) if title in c.blocks_text)
        number = next(e["value"] for b in card.blocks if b["type"] == "actions" for e in b["elements"]
                      if e.get("action_id") == "lesson_approve")
        statuses: list[int] = []

        def click(action: str) -> None:
            statuses.append(sender.interaction(block_actions(
                action, number, double.response_url(), channel=REVIEW, user=CURATOR,
                message={"ts": card.response["ts"], "blocks": card.blocks, "text": card["text"]})).status)
        threads = [threading.Thread(target=click, args=(a,)) for a in ("lesson_approve",) * 4 + ("lesson_reject",) * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        problems += [p for status in statuses for p in status_problems(status)]
        time.sleep(4)
        written = [p for p in (state["home"] / "knowledge" / "lessons").glob(f"lesson-{number}-*.md")]
        if len(written) > 1:
            problems.append(f"lesson {number} written {len(written)} times")
        rc, out, err = run_cli(["lessons"], base_env(state["home"]))
        row = next((line for line in out.splitlines() if re.match(rf"#{number}\s", line)), "")
        if written and "approved" not in row:
            problems.append(f"lesson {number} written but recorded as {row[:40]!r}")
        if not written and "approved" in row:
            problems.append(f"lesson {number} approved but its document is missing")
        return problems

    yield case("at-once:approve-x4-reject-x2", approve_at_once)
    yield Case("slack5", "teardown", lambda: servers.stop(state, homes))


# -- yaml5: knowledge YAML damaged, under the commands that had not read it damaged --------------------

YAML_FILES = ["enablers.yaml", "contacts.yaml", "out_of_scope.yaml", "nhs_topics.yaml", "everyday_topics.yaml"]
YAML_DAMAGES: dict[str, Callable[[Path], None]] = {
    "invalid-utf8": lambda p: p.write_bytes(p.read_bytes()[:200] + b"\xff\xfe\xc3(" + p.read_bytes()[200:]),
    "utf16-bom": lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16")),
    "nul-bytes": lambda p: p.write_bytes(p.read_bytes().replace(b"\n", b"\x00\n", 3)),
    "zero-bytes": lambda p: p.write_bytes(b""),
    "alias-bomb": lambda p: p.write_text(BOMB),
    "entries-numbers": lambda p: p.write_text({"enablers.yaml": "enablers: [1, 2]", "contacts.yaml": "people: [1, 2]",
                                               "out_of_scope.yaml": "out_of_scope: {a: 1}", "nhs_topics.yaml":
                                               "nhs_topics: {a: [1, 2]}", "everyday_topics.yaml":
                                               "everyday_topics: {a: 1}"}[p.name] + "\n"),
    "huge-line": lambda p: p.write_text(p.read_text() + "# " + "x" * 3_000_000 + "\n"),
}
YAML_COMMANDS = {"enabler-name": ["enabler", "trust"], "contacts-check": ["contacts", "--check"],
                 "digest-preview": ["digest", "--preview"], "index": ["index"]}


def yaml5_cases(homes: Homes) -> Iterator[Case]:
    for file in YAML_FILES:
        for damage_name, damage in YAML_DAMAGES.items():
            for command, argv in YAML_COMMANDS.items():
                def body(home: Path, file=file, damage=damage, argv=argv) -> list[str]:
                    damage(home / "knowledge" / file)
                    return judged(argv, base_env(home))
                yield in_home(homes, "yaml5", f"{file}:{damage_name}:{command}", body)
        for damage_name in ("invalid-utf8", "alias-bomb", "entries-numbers", "utf16-bom"):
            yield in_home(homes, "yaml5", f"{file}:{damage_name}:serve",
                          lambda home, f=file, d=YAML_DAMAGES[damage_name]: _serve_after(home, lambda: d(
                              home / "knowledge" / f)))


def _serve_after(home: Path, damage: Callable[[], None]) -> list[str]:
    """`peerbot serve` on a data folder whose knowledge was damaged after the index was built (and
    its index built again, so the damage is read when serving): it answers, or exits with one line."""
    damage()
    with SlackDouble() as double:
        server = Server(home, **slack_env(double))
        try:
            ready = server.settled(hostile_sweep.LIMITS["hang"] * 2)
            if ready is False:
                return server.exit_problems()
            if ready is None:
                return [f"not ready after {hostile_sweep.LIMITS['hang'] * 2:.0f} s"] + server.problems_since(0)
            body = app_mention("trust at board level")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"])
                                    if c.ok], 60)
            problems += _once(posted, "the answer", True)
            return problems + server.problems_since(0) + server.stop()
        finally:
            if server.process.poll() is None:
                server.process.kill()


# -- import5: PDF, Word and HTML damaged in new ways --------------------------------------------------

def _docx(document_xml: bytes, core_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    content_types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                     b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     b'<Override PartName="/docProps/core.xml" '
                     b'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
            b'package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document_xml)
        z.writestr("docProps/core.xml", core_xml or (
            b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Trust</dc:title>'
            b'</cp:coreProperties>'))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lollollollollollollollollollol">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([c]), (b"&" + bytes([c - 1]) + b";") * 10) for c in range(98, 106))
          + b"]>")


def _paragraphs(text: bytes) -> bytes:
    return b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>' + text + b'</w:t></w:r></w:p></w:body></w:document>'


def _pdf_no_pages() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _pdf_text(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
               b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(400):  # 400 MB of spaces, a few hundred KB compressed
                member.write(chunk)
    return buffer.getvalue()


def _good_pdf() -> bytes:
    return _pdf_text("Boards built trust with open book finances across the collaborative.")


IMPORT_FILES: dict[str, Callable[[], bytes]] = {
    "html:deep-nesting": lambda: b"<html><body>" + b"<div>" * 50_000 + b"trust" + b"</div>" * 50_000 + b"</body></html>",
    "html:utf16-bom": lambda: "<html><head><title>Trust</title></head><body><p>Boards built trust.</p></body></html>"
                              .encode("utf-16"),
    "html:bogus-charset": lambda: b'<html><head><meta charset="x-no-such-charset"><title>T</title></head>'
                                  b'<body><p>Boards built trust \xe9.</p></body></html>',
    "html:nul-bytes": lambda: b"<html><head><title>T\x00rust</title></head><body><p>Boards\x00 built trust.</p></body></html>",
    "html:one-5mb-line": lambda: b"<html><body><p>" + b"trust " * 900_000 + b"</p></body></html>",
    "html:only-script": lambda: b"<html><script>" + b"var a=1;" * 10_000 + b"</script></html>",
    "html:entity-bomb": lambda: LAUGHS + b"<html><body><p>&i;</p></body></html>",
    "html:meta-wrong-types": lambda: b'<html><head><meta property="og:title" content=""><meta name="author">'
                                     b'<link rel="canonical"><title></title></head><body><h2></h2><p>Trust.</p></body></html>',
    "html:invalid-utf8-title": lambda: b"<html><head><title>\xff\xfe\xfd</title></head><body><p>Trust.</p></body></html>",
    "html:crlf-cr-only": lambda: b"<html>\r<head>\r<title>T</title></head>\r\n<body><p>Boards\rbuilt trust.</p></body></html>",
    "docx:entity-bomb": lambda: _docx(LAUGHS + _paragraphs(b"&i;")),
    "docx:external-entity": lambda: _docx(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                          + _paragraphs(b"&x;")),
    "docx:zip-bomb": _zip_bomb,
    "docx:no-document-xml": lambda: _zipped({"[Content_Types].xml": b"<Types/>"}),
    "docx:document-not-xml": lambda: _docx(b"\xff\xfe not xml at all"),
    "docx:core-not-xml": lambda: _docx(_paragraphs(b"Boards built trust."), core_xml=b"<cp:coreProperties"),
    "docx:core-entity-bomb": lambda: _docx(_paragraphs(b"Boards built trust."), core_xml=LAUGHS + b"<c>&i;</c>"),
    "docx:empty-zip": lambda: _zipped({}),
    "docx:deep-xml": lambda: _docx(b'<w:document ' + W + b'><w:body>' + b"<w:p>" * 20_000 + b"</w:p>" * 20_000
                                   + b"</w:body></w:document>"),
    "docx:encrypted-ole": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
    "pdf:no-pages": _pdf_no_pages,
    "pdf:truncated": lambda: _good_pdf()[: len(_good_pdf()) // 2],
    "pdf:header-only": lambda: b"%PDF-1.7\n",
    "pdf:nul-in-text": lambda: _pdf_text("Boards\\000 built trust\\000 together."),
    "pdf:garbage-after-header": lambda: b"%PDF-1.4\n" + random.Random(5).randbytes(20_000),
    "pdf:xref-loop": lambda: (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 1 0 R>>endobj\n"
                              b"trailer<</Root 1 0 R/Prev 9>>\nstartxref\n9\n%%EOF\n"),
    "pdf:good": _good_pdf,
}


def _zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def import5_cases(homes: Homes) -> Iterator[Case]:
    for name, make in IMPORT_FILES.items():
        suffix = name.split(":")[0]

        def imported(home: Path, make=make, suffix=suffix) -> list[str]:
            source = home / f"incoming.{suffix}"
            source.write_bytes(make())
            problems = judged(["import", str(source)], base_env(home))
            return problems or _still_asks(base_env(home))

        def indexed(home: Path, make=make, suffix=suffix) -> list[str]:
            (home / "knowledge" / f"dropped.{suffix}").write_bytes(make())
            problems = judged(["index"], base_env(home))
            return problems or _still_asks(base_env(home))

        yield in_home(homes, "import5", f"{name}:import", imported)
        yield in_home(homes, "import5", f"{name}:index", indexed)


# -- env5: serve-time, clock and review settings with bad values -------------------------------------

ENV_VALUES = {"empty": "", "unicode": "C0ÄÖ\u202e", "controls": "C0\x1b[31m\x07", "huge": "C" + "0" * 50_000,
              "commas": ",,,", "newline": "C0LAN2Q65\nC0OTHER01"}
ENV_SURFACES = {
    "DIGEST_CHANNELS": ["digest-post", "schedule"], "DIGEST_DAY": ["schedule", "digest-preview"],
    "DIGEST_TIME": ["schedule", "digest-preview"], "DIGEST_TIMEZONE": ["schedule", "digest-preview"],
    "PEERBOT_REVIEW_CHANNEL": ["serve-lesson", "lessons-approve"], "PEERBOT_CURATORS": ["serve-lesson"],
    "SLACK_API_URL": ["digest-post", "lessons-approve"], "PEERBOT_HASH_KEY": ["serve", "lessons"],
    "SLACK_BOT_TOKEN": ["digest-post", "serve"], "SLACK_SIGNING_SECRET": ["serve"],
    "TEAMS_ALLOW_ANONYMOUS": ["serve"], "SLACK_CLIENT_ID": ["serve", "migrate"],
}
EXTRA_VALUES = {"SLACK_API_URL": {"file-url": "file:///etc/passwd", "ftp": "ftp://127.0.0.1/api/",
                                  "bad-port": "http://127.0.0.1:99999/api/", "ipv6-unclosed": "http://[::1/api/",
                                  "no-scheme": "127.0.0.1:1/api/"},
                "DIGEST_TIME": {"25:00": "25:00", "9": "9", "09:00:00": "09:00:00", "-1:00": "-1:00"},
                "DIGEST_TIMEZONE": {"folder": "Europe", "relative-path": "../../../etc/passwd", "utc-offset": "+05:00", "lower": "europe/london"},
                "DIGEST_DAY": {"number": "1", "both": "mon,tue"},
                "TEAMS_ALLOW_ANONYMOUS": {"yes": "yes", "2": "2", "true": "true"}}


def env5_cases(homes: Homes) -> Iterator[Case]:
    for variable, surfaces in ENV_SURFACES.items():
        values = {**ENV_VALUES, **EXTRA_VALUES.get(variable, {})}
        for value_name, value in values.items():
            for surface in surfaces:
                yield in_home(homes, "env5", f"{variable}={value_name}:{surface}",
                              lambda home, v=variable, x=value, s=surface: _with_setting(home, v, x, s))


def _with_setting(home: Path, variable: str, value: str, surface: str) -> list[str]:
    with SlackDouble() as double:
        env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url,
                       DIGEST_CHANNELS="C0LAN2Q65", PEERBOT_CURATORS=CURATOR, PEERBOT_REVIEW_CHANNEL=REVIEW)
        env[variable] = value
        if surface in ("serve", "serve-lesson"):
            return _serve_setting(home, env, double, lesson=surface == "serve-lesson")
        if surface == "schedule":
            return _briefly(["schedule"], env, 6)
        if surface == "lessons-approve":
            _pending_lesson(env)
            return judged(["lessons", "approve", "1"], env)
        argv = {"digest-post": ["digest", "--post"], "digest-preview": ["digest", "--preview"], "lessons": ["lessons"],
                "migrate": ["migrate"]}[surface]
        try:
            rc, out, err = run_cli(argv, env)
        except Hang as e:
            return [str(e)]
        said = f"peerbot: {out}" if argv[0] == "digest" and rc == 1 else out
        return judge_cli(argv, rc, said, err)


def _briefly(argv: list[str], env: dict, seconds: float) -> list[str]:
    """A long-running command: exits with one line, or runs `seconds` and stops on SIGTERM (status 0,
    or the one line it was saying when the signal came)."""
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
        except subprocess.TimeoutExpired:
            process.kill()
            return [f"`peerbot {argv[0]}` did not stop on SIGTERM"]
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return judge_cli(argv, process.returncode, decode(out), decode(err))


def _serve_setting(home: Path, env: dict, double: SlackDouble, lesson: bool) -> list[str]:
    from slack_double import free_port

    port = free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="backslashreplace")
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + hostile_sweep.LIMITS["hang"] * 2
        while time.monotonic() < deadline and process.poll() is None:
            if _get(port, "/readyz")[0] == 200:
                break
            time.sleep(0.5)
        if process.poll() is not None:
            return judge_cli(["serve"], process.returncode, "", process.stderr.read())
        sender = SlackSender(f"{url}/slack/events", env.get("SLACK_SIGNING_SECRET") or SIGNING_SECRET)
        problems = status_problems(sender.event(app_mention("trust at board level")).status)
        if lesson:
            sender.command(slash_command("/lesson", "Boards", double.response_url()))
            if double.wait_for("views.open", timeout=30):
                form = double.views[-1]
                problems += status_problems(sender.interaction(view_submission(form, LESSON)).status)
                card = _wait(lambda: double.calls_to("chat.postMessage", channel=REVIEW), 10)
                number = next((e["value"] for c in card for b in c.blocks if b["type"] == "actions"
                               for e in b["elements"] if e.get("action_id") == "lesson_approve"), None)
                if number:
                    problems += status_problems(sender.interaction(block_actions(
                        "lesson_approve", number, double.response_url(), channel=REVIEW, user=CURATOR)).status)
        time.sleep(3)
        process.send_signal(signal.SIGTERM)
        try:
            _, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
        except subprocess.TimeoutExpired:
            process.kill()
            return problems + ["`peerbot serve` did not stop on SIGTERM"]
        if "Traceback" in err:
            raised = next((line for line in err.splitlines()[err.splitlines().index(next(
                line for line in err.splitlines() if "Traceback" in line)) + 1:] if line and not line.startswith(" ")), "?")
            problems.append(f"traceback in the log ({raised[:160]})")
        if any(secret in err for secret in (BOT_TOKEN, SIGNING_SECRET)):
            problems.append("a secret in the log")
        return problems
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _pending_lesson(env: dict) -> None:
    """Lesson #1 waiting for review, as a form submitted from chat stores it."""
    script = ("from bot.settings import Settings\nfrom bot.corpus import open_state\n"
              "from bot.lessons.desk import LessonDesk\nfrom bot.lessons.model import Draft, Origin\n"
              "from bot.state import LessonRecords\ns = Settings.from_env()\nstate = open_state(s)\n"
              "desk = LessonDesk(LessonRecords(state), s.knowledge_dir, s.curator_ids, lambda: {'building-trust'})\n"
              "desk.submit(Draft(title='Theatre lists', did='We pooled theatre lists across three trusts.', "
              "learned='Agree the rules first.', organisation='Example', enablers=('building-trust',)), "
              "Origin('slack', 'U1'))\nstate.close()\n")
    subprocess.run([sys.executable, "-c", script], cwd=hostile_sweep.CODE[0], env=env, capture_output=True)


# -- kill5: SIGKILL of the long-running commands the fourth sweep did not kill -------------------------

def kill5_cases(homes: Homes) -> Iterator[Case]:
    def killed_then(name: str, argv: list[str], after: float, prepare=None, slow: str | None = None,
                    check=None) -> Case:
        def body(home: Path) -> list[str]:
            with SlackDouble() as double:
                env = base_env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url,
                               DIGEST_CHANNELS="C0LAN2Q65,C0OTHER01", DIGEST_DAY="mon", DIGEST_TIME="00:00", **TEAMS_ID)
                if prepare:
                    prepare(home, env)
                if slow:
                    double.fault(slow, "slow", seconds=2, took_effect=True, times=1)
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(after)
                process.kill()
                process.wait()
                problems: list[str] = []
                if argv[0] == "schedule":
                    problems += _briefly(argv, env, 12)
                else:
                    problems += judged(argv, env)
                problems += _still_asks(env)
                for channel in ("C0LAN2Q65", "C0OTHER01"):
                    posted = [c for c in double.calls_to("chat.postMessage", channel=channel) if c.ok]
                    if len(posted) > 1:
                        problems.append(f"the digest posted {len(posted)} times to {channel}")
                if check:
                    problems += check(home, env)
                return problems
        return in_home(homes, "kill5", f"{name}-killed@{after}s", body)

    def lessons_left(home: Path, env: dict) -> list[str]:
        return judged(["lessons"], env)

    for after in (0.5, 2, 4, 8):
        yield killed_then("schedule-posting", ["schedule"], after, slow="chat.postMessage")
        yield killed_then("forget-before", ["forget", "--before", "2099-01-01"], after, check=lessons_left)
        yield killed_then("eval", ["eval", str(HERE.parent / "tests" / "data" / "dev_questions.jsonl")], after)
        yield killed_then("teams-conversations-digest-on", ["teams-conversations", "--digest-on", "19:x@thread.tacv2"],
                          after)
    for at in (0.3, 1.0, 2.5):
        yield Case("kill5", f"serve-peer-killed@{at}s-after-acks", lambda at=at: _serve_killed_peer(homes, at))
        yield Case("kill5", f"serve-approval-killed@{at}s", lambda at=at: _serve_killed_approving(homes, at))


def _serve_killed_peer(homes: Homes, after: float) -> list[str]:
    """Ten /peer questions acknowledged, the server killed `after` s later, then started again: each
    answered (by chat.postEphemeral or its response URL), and once, but for a post in flight when it
    was killed (an ephemeral post cannot be looked for: README, Reliability), which may come twice."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            double.fault("chat.postEphemeral", "slow", seconds=0.5, took_effect=True, times=None)
            env = slack_env(double)
            first = Server(home, **env).ready()
            sender = SlackSender(f"{first.url}/slack/events")
            tags = [f"zq{random.randrange(10**8)}" for _ in range(10)]
            acked = [t for t in tags if sender.command(slash_command(
                "/peer", f"trust at board level {t}", double.response_url())).status == 200]
            time.sleep(after)
            killed_at = time.perf_counter()
            first.process.kill()
            first.process.wait()
            second = Server(home, **env).ready()

            def answered(tag: str) -> list:
                return [c for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
                        if c.ok and tag in (c.blocks_text + str(c.get("text", "")))]
            _wait(lambda: all(answered(t) for t in acked), 90)
            time.sleep(3)
            for tag in acked:
                if not answered(tag):
                    problems.append(f"an acknowledged /peer ({tag}) never answered")
                elif len(answered(tag)) > 1 and not (len(answered(tag)) == 2 and answered(tag)[0].at > killed_at - 2.5):
                    problems.append(f"a /peer answered {len(answered(tag))} times")  # more than a post in flight at the kill
            problems += second.problems_since(0) + second.stop()
    finally:
        homes.discard(home)
    return problems[:6]


def _serve_killed_approving(homes: Homes, after: float) -> list[str]:
    """A curator's Approve acknowledged, the server killed `after` s later (conversations.open slow),
    then started again: the lesson is approved once and its file written once."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            env = slack_env(double, PEERBOT_CURATORS=CURATOR, PEERBOT_REVIEW_CHANNEL=REVIEW)
            first = Server(home, **env).ready()
            sender = SlackSender(f"{first.url}/slack/events")
            sender.command(slash_command("/lesson", "Boards", double.response_url()))
            double.wait_for("views.open", timeout=30)
            sender.interaction(view_submission(double.views[-1], LESSON))
            card = double.wait_for("chat.postMessage", channel=REVIEW, timeout=30)[0]
            number = next(e["value"] for b in card.blocks if b["type"] == "actions" for e in b["elements"]
                          if e.get("action_id") == "lesson_approve")
            double.fault("chat.update", "slow", seconds=3, took_effect=True, times=None)
            status = sender.interaction(block_actions("lesson_approve", number, double.response_url(), channel=REVIEW,
                                                      user=CURATOR, message={"ts": card.response["ts"],
                                                                             "blocks": card.blocks, "text": card["text"]})).status
            problems += status_problems(status)
            time.sleep(after)
            first.process.kill()
            first.process.wait()
            second = Server(home, **env).ready()
            written = list((home / "knowledge" / "lessons").glob(f"lesson-{number}-*.md"))
            rc, out, err = run_cli(["lessons"], base_env(home, **env))
            problems += judge_cli(["lessons"], rc, out, err)
            if len(written) > 1:
                problems.append(f"the lesson's document written {len(written)} times")
            if status == 200:  # acknowledged: decided (the file written) or still pending, never half
                row = next((line for line in out.splitlines() if re.match(rf"#{number}\s", line)), "")
                if written and "approved" not in row:
                    problems.append(f"its document written but the lesson is {row.strip()[:60]!r}")
                if "approved" in row and not written:
                    problems.append("approved but its document is missing")
            problems += second.problems_since(0) + second.stop()
    finally:
        homes.discard(home)
    return problems


FAMILIES = {"oauth5": oauth5_cases, "slack5": slack5_cases, "yaml5": yaml5_cases, "import5": import5_cases,
            "env5": env5_cases, "kill5": kill5_cases}


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile5-", 2,
                                    lambda name, jobs: jobs if name in ("yaml5", "import5", "env5", "kill5") else 1, _seed)


if __name__ == "__main__":
    sys.exit(main())
