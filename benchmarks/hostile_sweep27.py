"""The twenty-seventh hostile sweep: the Teams surface (activities of every wrong shape, the Bot
Connector failing), Teams tokens and Microsoft's signing keys (a credentialed server behind the local
sign-in doubles), the command line's streams, locale and folders (benchmarks/hostile_sweep27_cli.py),
and PostgreSQL out of reach, each through the real `peerbot` processes on 127.0.0.1.

- `shapes27`: activities with fields missing, extra or of the wrong type, 10,000 attachments, Adaptive
  Card submit values of the wrong type, conversationUpdate / messageReaction / invoke kinds odd, bidi
  controls, NULs and `<at>` channel mentions in the text (an anonymous Teams server and the connector
  double). Pass: 2xx or 4xx, no traceback; a question whose extras are odd still answered; no post
  mentions anyone (`<at>` or a mention entity) the asker did not; no bidi control or NUL in a post.
- `connector27`: the connector answering a reply with 401, 403, 404, 429, 500, 503, an HTML page, a
  JSON list, a dropped connection or 20 s of silence. Pass: the message acknowledged, no traceback,
  one warning line when the reply is not delivered, and the next question answered.
- `tokens27`: tokens expired, not yet valid, for another audience or issuer, unsigned, `alg: none`,
  HS256 signed with the public key, of 100 KB, with claims of the wrong type, under another scheme; the
  keys endpoint answering 500, HTML, a list or nothing, or stalling under another request's fetch;
  the keys rotated to a new key id.
  Pass: 401 (or 503 while the keys cannot be read), no traceback, no token in the log, and a good token
  accepted once the keys are back (the rotated key's token too).
- `cli27`: see benchmarks/hostile_sweep27_cli.py; `pg27`: Teams on PostgreSQL, see
  benchmarks/hostile_sweep27_postgres.py.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep27.py [--only CLASS ...] [--code EXPORT]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import hostile_sweep27_cli  # noqa: E402
import hostile_sweep27_postgres  # noqa: E402
import hostile_sweep27_tokens  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, sweep  # noqa: E402
from teams_doubles import card_action, feedback, members, message  # noqa: E402

BIDI = "\u202e\u2066\u2067\u2068\u2069\u200f\u061c"


def _posts(state: dict) -> list:
    return list(state["connector"].posts)


def _post_problems(activity_posts: list, asked: str) -> list[str]:
    """A post mentioning anyone the asker did not, or holding a bidi control or NUL."""
    found = []
    for sent in activity_posts:
        text = json.dumps(sent.activity, ensure_ascii=False)
        if any(e.get("type") == "mention" for e in sent.activity.get("entities") or [] if isinstance(e, dict)):
            found.append("a post mentions someone")
        if "<at>" in text and "<at>" not in asked:
            found.append("a post holds <at>")
        if any(c in text for c in BIDI + "\x00"):
            found.append("a post holds a bidi control or NUL")
    return found


def _answered(state: dict, before: int, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(state["connector"].posts) <= before and time.monotonic() < deadline:
        time.sleep(0.2)
    return [] if len(state["connector"].posts) > before else ["a question acknowledged and never answered"]


def _teams_case(cls: str, name: str, state: dict, setup: Callable[[], None], activity: Callable[[str], object],
                answered: bool = False, raw: bytes | None = None, before_send: Callable[[dict], None] | None = None,
                warned: bool = False) -> Case:
    def run() -> list[str]:
        setup()
        server = state["server"]
        mark, before = len(server.lines), len(state["connector"].posts)
        if before_send:
            before_send(state)
        body = activity(state["connector"].url)
        data = raw if raw is not None else json.dumps(body).encode("utf-8", "surrogatepass")
        status = post(f"{server.url}/api/messages", data, {"Content-Type": "application/json"})
        problems = status_problems(status)
        if answered and 200 <= status < 300:
            problems += _answered(state, before)
        if warned:
            time.sleep(3)
            if not any(" WARNING " in line for line in server.lines[mark:]):
                problems.append("a reply not delivered, and no warning line")
            state["connector"].failures.clear()
            state["connector"].faults.clear()
            state["connector"].release()
            before = len(state["connector"].posts)
            status = post(f"{server.url}/api/messages", json.dumps(message(state["connector"].url, "shared staff bank"))
                          .encode(), {"Content-Type": "application/json"})
            problems += status_problems(status) + _answered(state, before)
        asked = json.dumps(body) if raw is None else ""
        problems += _post_problems(state["connector"].posts[before:], asked) + server.problems_since(mark)
        if status < 0 or server.process.poll() is not None:
            servers.restart(state)
        return problems
    return Case(cls, name, run)


def _set(body: dict, path: str, value) -> dict:
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node
    if value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return body


QUESTION = "How did the trusts set up a shared staff bank?"
WRONG = {"null": None, "number": 7, "list": [1, "x"], "object": {"a": [None]}, "true": True, "empty": ""}
TOP = ["type", "text", "from", "from.id", "conversation", "conversation.id", "conversation.conversationType",
       "serviceUrl", "recipient", "channelData", "entities", "attachments", "value", "id"]
KEPT = ["attachments", "channelData.tenant", "locale", "textFormat", "timestamp", "entities", "replyToId"]


def shape_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def case(name: str, make: Callable[[str], object], **kw) -> Case:
        return _teams_case("shapes27", name, state, setup, make, **kw)

    for path in TOP:
        for kind, value in {"missing": ..., **WRONG}.items():
            if path in ("type", "text", "from", "conversation", "serviceUrl", "value") or kind in ("missing", "list"):
                yield case(f"{path}={kind}", lambda u, p=path, v=value: _set(message(u, QUESTION), p, v))
    for path in KEPT:  # fields the answer does not need: odd values still get the question answered
        yield case(f"answered:{path}=odd", lambda u, p=path: _set(message(u, QUESTION), p, {"x": [1e308, None]}),
                   answered=True)
    yield case("answered:extra 2000 keys", lambda u: {**message(u, QUESTION), **{f"k{i}": i for i in range(2000)}},
               answered=True)
    yield case("answered:10000 attachments", lambda u: {**message(u, QUESTION), "attachments": [
        {"contentType": "text/html", "content": "<p>x</p>"}] * 10_000}, answered=True)
    yield case("attachments of numbers", lambda u: {**message(u, QUESTION), "attachments": list(range(5000))})
    yield case("attachment content a list", lambda u: {**message(u, QUESTION), "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "content": [1, 2]}]})
    for name, text in {"bidi": f"{BIDI}{QUESTION}{BIDI}", "nul": "shared\x00staff\x00bank", "nul only": "\x00",
                       "at channel": f"<at>General</at> {QUESTION}", "at everyone": "@channel @everyone staff bank",
                       "surrogate": "staff \ud800 bank", "1 MB": "staff bank " * 100_000,
                       "bidi only": BIDI * 50, "html": "<script>alert(1)</script> staff bank"}.items():
        yield case(f"text:{name}", lambda u, t=text: message(u, t))
    yield case("channel mention entity of everyone", lambda u: {**message(u, QUESTION, kind="channel",
               conversation="19:g@thread.tacv2", mention=True), "entities": [
        {"type": "mention", "text": "<at>General</at>", "mentioned": {"id": "19:g@thread.tacv2", "name": "General"}},
        {"type": "mention", "mentioned": None}, "entity text", 5]})
    good = feedback("U", "q-1", True)
    for path, value in {"value": "text", "value.action": [1], "value.action.data": "x", "value.action.verb": 5,
                        "value.action.data.question_id": ["q"], "value.action.data.helpful": "yes",
                        "value.action.data.question_id2": {"a": 1}, "name": 5, "value.action.type": None}.items():
        yield case(f"submit:{path}={type(value).__name__}",
                   lambda u, p=path, v=value: _set({**good, "serviceUrl": u}, p, v))
    for verb in ("peerbot.feedback", "peerbot.lesson", "peerbot.more", "nonsense", ""):
        for data in ([], "x", {"question_id": 1e308}, None):
            yield case(f"card {verb or 'empty'}:{type(data).__name__}", lambda u, v=verb, d=data: card_action(u, v, d))
    for name, extra in {"membersAdded a string": {"membersAdded": "bot"}, "membersAdded numbers": {"membersAdded": [1, 2]},
                        "membersAdded 5000": {"membersAdded": [{"id": f"u{i}"} for i in range(5000)]},
                        "membersRemoved null": {"membersRemoved": None}, "topicName list": {"topicName": [1]}}.items():
        yield case(f"conversationUpdate:{name}", lambda u, e=extra: {**members(u, added=True), **e})
    for name, extra in {"reactionsAdded text": {"reactionsAdded": "like"}, "reactionsAdded odd": {"reactionsAdded": [
            {"type": 5}, None]}, "reactionsRemoved deep": {"reactionsRemoved": [[[[]]]]}, "no replyToId": {}}.items():
        yield case(f"messageReaction:{name}", lambda u, e=extra: {**_set(message(u, ""), "type", "messageReaction"), **e})
    for name in ("task/fetch", "task/submit", "composeExtension/query", "actionableMessage/executeAction",
                 "signin/verifyState", "fileConsent/invoke", "", "x" * 10_000):
        yield case(f"invoke:{name[:20] or 'empty'}", lambda u, n=name: {**_set(message(u, ""), "type", "invoke"),
                                                                         "name": n, "value": [None]})
    for kind in ("installationUpdate", "typing", "endOfConversation", "event", "handoff", "trace", "Message", ""):
        yield case(f"type:{kind or 'empty'}", lambda u, k=kind: _set(message(u, QUESTION), "type", k))
    yield case("answered:same id twice (second)", lambda u: message(u, QUESTION, activity_id="dup-27"),
               before_send=lambda s: post(f"{s['server'].url}/api/messages", json.dumps(
                   message(s["connector"].url, QUESTION, activity_id="dup-27")).encode(),
                   {"Content-Type": "application/json"}))


def connector_cases(homes: Homes, state: dict) -> Iterator[Case]:
    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    for status in (401, 403, 404, 429, 500, 502, 503):
        yield _teams_case("connector27", f"reply answered {status}", state, setup,
                          lambda u: message(u, QUESTION), before_send=lambda s, st=status: s["connector"].fail(*[st] * 8),
                          warned=True)
    faults = {"html 200": dict(kind="body", status=200, body=b"<html>ok</html>", content_type="text/html"),
              "html 500": dict(kind="body", status=500, body=b"<html>oops</html>", content_type="text/html"),
              "json list 200": dict(kind="body", status=200, body=b"[1,2]"),
              "429 retry-after 3600": dict(kind="body", status=429, body=b"{}", headers={"Retry-After": "3600"}),
              "drop": dict(kind="drop"), "slow 20 s": dict(kind="slow", seconds=20.0)}
    for name, fault in faults.items():
        def arm(s: dict, f=fault) -> None:
            for _ in range(1 if f["kind"] in ("slow", "body") and f.get("status", 200) < 300 else 8):
                s["connector"].fault(**f)
        yield _teams_case("connector27", f"reply {name}", state, setup, lambda u: message(u, QUESTION),
                          before_send=arm, answered=name in ("slow 20 s",))


CLASSES: dict[str, Callable[[Homes, dict], Iterator[Case]]] = {
    "shapes27": shape_cases, "connector27": connector_cases,
    "tokens27": hostile_sweep27_tokens.cases, "cli27": hostile_sweep27_cli.cases, "pg27": hostile_sweep27_postgres.cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=sorted(CLASSES), default=list(CLASSES))
    parser.add_argument("--code", type=Path, help="run this checkout's peerbot (an export of an older commit)")
    arguments = parser.parse_args()
    chosen = arguments.only
    if arguments.code:
        hostile_sweep.CODE[0] = arguments.code.resolve()
    total = failed = 0
    with tempfile.TemporaryDirectory(prefix="sweep27-") as scratch:
        homes = Homes(Path(scratch))
        homes.build()
        for name in chosen:
            state: dict = {}
            try:
                outcomes = sweep(CLASSES[name](homes, state), 1)
            finally:
                stop_problems = servers.stop(state, homes) if "server" in state else []
                if "close" in state:
                    state["close"]()
            bad = sum(1 for o in outcomes if o.problems) + bool(stop_problems)
            for problem in stop_problems:
                print(f"FAIL {name}/stop: {problem}")
            print(f"{name}: {len(outcomes)} cases, {bad} failed", flush=True)
            total, failed = total + len(outcomes), failed + bad
    print(f"all: {total} cases, {failed} failed")


if __name__ == "__main__":
    main()
