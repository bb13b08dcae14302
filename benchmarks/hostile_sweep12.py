"""The twelfth hostile sweep: seeded, generated mutations of what the first eleven fed only by hand or
in JSON's own types, through the real processes on 127.0.0.1 with the Slack and Teams doubles.

- `yamltypes12`: YAML's own types, which no JSON mutation makes, at seeded random paths of every real
  knowledge YAML file (contacts.yaml with a person in it) and of a document's front matter: a date,
  an impossible date, a timestamp, `!!binary`, `!!set`, `!!omap`, `.inf`, `.nan`, sexagesimal `1:20`,
  `no`, `~`, an unknown tag, a Python tag, an undefined alias, a merge key, `!!float` of a word,
  5,000 digits; a key that is a number, `yes`, `~`, a date, a list, a mapping. Under the command that
  reads the file (`contacts --json`, `enabler`, `ask --json`; `index` then `ask` for example questions
  and front matter).
- `bytes12`: the real knowledge YAML files and two documents damaged at seeded random offsets: cut
  there, a byte replaced, a NUL, 0xFF, a BOM, CR, a tab, `: `, `- `, `&a`/`*a`, `{`, `'` inserted,
  a random line given twice; the whole file as CRLF with a BOM. Same commands.
- `answer12`: the Slack Web API answering `ok: true` with its answer mutated at seeded random paths
  (sweep 7's JSON values, a key removed or given twice, the answer another type), the call carried
  out: chat.postMessage (the answer), chat.postEphemeral (`/peer`), views.open (`/lesson`),
  views.publish (the Home tab), chat.update (a feedback click), conversations.info and
  users.lookupByEmail (behind an answer), conversations.replies (looking for a post whose answer was
  lost); auth.test as `serve` starts.
- `oauth12`: oauth.v2.access answering `ok: true` mutated at seeded random paths as `answer12`'s, during
  an install (`/slack/oauth_redirect`); then a clean install answered with its own token.
- `connector12`: the Teams connector answering a reply 200 or 201 with `{"id": ...}` mutated as
  `answer12`'s; the reply shown once.
- `body12`: signed Slack bodies (a mention, `/peer`, a feedback click, the lesson form) and Teams
  activities (a message, the feedback invoke) damaged at seeded random byte offsets: cut, a byte
  replaced, bytes inserted, a slice given twice; then a question still answered in both.
- `kill12`: SIGKILL of `serve` at a seeded random count of acknowledged requests while 4 senders send
  mentions, `/peer` and feedback clicks at once, then a restart (every acknowledged mention and
  `/peer` answered, each at most twice, each acknowledged click recorded once); SIGKILL of `index`
  at a seeded random instant while it builds after 12 new documents, then `serve` starts on what is
  left (ready, a mention answered, no traceback), then `index` finishes.

A case passes as in the earlier sweeps: a command answers or says one `peerbot:` line, exit 0, 1 or 2,
no traceback, no hang; a server answers 2xx/4xx, logs no traceback, stays up and stops cleanly on
SIGTERM; nothing recorded is lost.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep12.py --hang 90 --jobs 2 [--only CLASS ...]
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
import yaml  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep3 import in_home, judged, still_answers  # noqa: E402
from hostile_sweep4 import _once, _wait  # noqa: E402
from hostile_sweep5 import _begin_install, _get, _installs, _judged_server, _oauth_ok, _oauth_start  # noqa: E402
from hostile_sweep6_net import _quick, _signed_headers, _teams_answered  # noqa: E402
from hostile_sweep7_shapes import CONTACTS, FRONT_MATTER, FRONT_MATTER_DOC, QUESTION, json_mutations, mutate  # noqa: E402
from hostile_sweep8 import _burst, _integrity, _set_aside  # noqa: E402
from hostile_sweep10 import QUESTION_ROW, _insert, _prepare  # noqa: E402
from slack_double import (  # noqa: E402
    HISTORY_SCOPES,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    event_callback,
    slash_command,
    view_submission,
)
from sweep_servers import Server, slack_env  # noqa: E402
from teams_doubles import feedback, message  # noqa: E402

SEED = 12


def stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

# -- yamltypes12: YAML's own types ------------------------------------------------------------------------

# What a value becomes, as YAML flow text (the file is written as JSON, which YAML reads, with this in place).
YAML_VALUES: dict[str, str] = {
    "date": "2022-06-01", "impossible-date": "2022-02-30", "timestamp": "2001-12-14t21:59:43.10-05:00",
    "binary": '!!binary "aGVsbG8gd29ybGQ="', "set": "!!set {a: null, b: null}", "omap": "!!omap [{a: 1}, {b: 2}]",
    "inf": ".inf", "nan": ".nan", "sexagesimal": "1:20", "no": "no", "tilde": "~", "unknown-tag": "!peerbot x",
    "python-tag": '!!python/object/apply:os.system ["true"]', "undefined-alias": "*nope",
    "merge": "{<<: {a: 1}, b: 2}", "float-of-a-word": '!!float "abc"', "bad-timestamp": '!!timestamp "2022-13-45"',
    "5000-digits": "1" * 5000, "hex-5000": "0x" + "f" * 5000,
}
YAML_KEYS: dict[str, str] = {
    "key-number": "1", "key-yes": "yes", "key-tilde": "~", "key-date": "2022-06-01", "key-list": "[a, b]",
    "key-mapping": "{a: 1}", "key-nan": ".nan", "key-5000-digits": "1" * 5000,
}


def _paths(node: object, prefix: tuple = ()) -> Iterator[tuple]:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key))


def yaml_mutated(data: object, path: tuple, kind: str) -> bytes:
    """`data` as YAML (JSON text) with the value at `path` (or its key, for a `key-` kind) as `kind`."""
    data = json.loads(json.dumps(data, default=str))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    marker = f"zzmark{random.randrange(10**9)}zz"
    if kind in YAML_KEYS:
        parent[marker] = parent.pop(path[-1])
        return json.dumps(data).replace(f'"{marker}":', f"{YAML_KEYS[kind]}:").encode()
    parent[path[-1]] = marker
    return json.dumps(data).replace(f'"{marker}"', YAML_VALUES[kind]).encode()


def knowledge_files(knowledge: Path) -> dict[str, tuple[str, object, list[list[str]]]]:
    """Each knowledge YAML file: (its name, its real contents, the commands that read it)."""
    def real(name: str) -> object:
        return yaml.safe_load((knowledge / name).read_text())
    ask = [["ask", "--json", QUESTION]]
    return {"contacts": ("contacts.yaml", CONTACTS, [["contacts", "--json", "Julian"]]),
            "enablers": ("enablers.yaml", real("enablers.yaml"), [["enabler", "trust"]]),
            "out-of-scope": ("out_of_scope.yaml", real("out_of_scope.yaml"), ask),
            "nhs-topics": ("nhs_topics.yaml", real("nhs_topics.yaml"), ask),
            "everyday-topics": ("everyday_topics.yaml", real("everyday_topics.yaml"), ask),
            "example-questions": ("example_questions.yaml", real("example_questions.yaml"), [["index"], *ask])}


def _commands(home: Path, commands: list[list[str]]) -> list[str]:
    problems: list[str] = []
    for argv in commands:
        problems += judged(argv, base_env(home))
    return problems


def _sampled_paths(data: object, rng: random.Random, count: int) -> list[tuple]:
    """`count` paths of `data`, a third of them at its first two levels (where the shape is)."""
    every = list(_paths(data))
    shallow = [p for p in every if len(p) <= 2]
    return rng.sample(shallow, min(len(shallow), count // 3)) + rng.sample(every, min(len(every), count - count // 3))


def yamltypes12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED)
    kinds = [*YAML_VALUES, *YAML_KEYS]
    for label, (filename, data, commands) in knowledge_files(hostile_sweep.ROOT / "knowledge").items():
        for path in _sampled_paths(data, rng, 6):
            kind = rng.choice(kinds)
            if kind in YAML_KEYS and not isinstance(_parent(data, path), dict):
                kind = rng.choice(list(YAML_VALUES))
            where = ".".join(map(str, path))[:60]

            def body(home: Path, filename=filename, data=data, path=path, kind=kind, commands=commands) -> list[str]:
                (home / "knowledge" / filename).write_bytes(yaml_mutated(data, path, kind))
                return _commands(home, commands)
            yield in_home(homes, "yamltypes12", f"{label}:{where}={kind}", body)
    for path in _sampled_paths(FRONT_MATTER, rng, 12):
        kind = rng.choice(kinds)
        if kind in YAML_KEYS and not isinstance(_parent(FRONT_MATTER, path), dict):
            kind = rng.choice(list(YAML_VALUES))

        def body(home: Path, path=path, kind=kind) -> list[str]:
            doc = home / "knowledge" / FRONT_MATTER_DOC
            text = doc.read_bytes().split(b"\n---\n", 1)[1]
            doc.write_bytes(b"---\n" + yaml_mutated(FRONT_MATTER, path, kind) + b"\n---\n" + text)
            return _commands(home, [["index"]]) + still_answers(base_env(home))
        yield in_home(homes, "yamltypes12", f"front-matter:{'.'.join(map(str, path))}={kind}", body)


def _parent(data: object, path: tuple) -> object:
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    return data


# -- bytes12: real files damaged at random offsets -----------------------------------------------------------

INSERTS = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r", b"\t", b": ", b"\n- ", b" &a ", b" *a ", b"{", b"'", b"\n  x: [",
           b"\xc3"]


def byte_damage(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One seeded damage of `data`: its name and the damaged bytes."""
    kind = rng.choice(["cut", "replace", "insert", "insert", "line-twice", "slice-twice"])
    at = rng.randrange(1, len(data))
    if kind == "cut":
        return f"cut@{at}", data[:at]
    if kind == "replace":
        value = rng.randrange(256)
        return f"byte@{at}={value:#04x}", data[:at] + bytes([value]) + data[at + 1:]
    if kind == "insert":
        what = rng.choice(INSERTS)
        return f"insert@{at}={what!r}", data[:at] + what + data[at:]
    if kind == "line-twice":
        lines = data.split(b"\n")
        i = rng.randrange(len(lines))
        return f"line{i}-twice", b"\n".join(lines[:i + 1] + lines[i:])
    end = min(len(data), at + rng.randrange(1, 200))
    return f"slice@{at}-{end}-twice", data[:end] + data[at:]


def bytes12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 1)
    knowledge = hostile_sweep.ROOT / "knowledge"
    ask = [["ask", "--json", QUESTION]]
    targets: list[tuple[str, bytes, list[list[str]]]] = [
        ("contacts.yaml", yaml.safe_dump(CONTACTS).encode(), [["contacts", "--json", "Julian"]]),
        ("enablers.yaml", (knowledge / "enablers.yaml").read_bytes(), [["enabler", "trust"]]),
        ("out_of_scope.yaml", (knowledge / "out_of_scope.yaml").read_bytes(), ask),
        ("nhs_topics.yaml", (knowledge / "nhs_topics.yaml").read_bytes(), ask),
        ("everyday_topics.yaml", (knowledge / "everyday_topics.yaml").read_bytes(), ask),
        ("example_questions.yaml", (knowledge / "example_questions.yaml").read_bytes(), [["index"], *ask]),
    ]
    for doc in (FRONT_MATTER_DOC, "west-yorkshire-mhlda-collaborative.md"):
        whole = (knowledge / doc).read_bytes()
        front = whole[:whole.index(b"\n---\n", 4) + 5]
        targets.append((doc, whole[:len(front) + 400], [["index"], *ask]))  # damage lands in the front matter mostly
    for filename, data, commands in targets:
        damages = [byte_damage(data, rng) for _ in range(4)]
        damages.append(("crlf-bom", b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")))
        for name, damaged in damages:
            def body(home: Path, filename=filename, data=data, damaged=damaged, commands=commands) -> list[str]:
                target = home / "knowledge" / filename
                if filename.endswith(".md"):
                    damaged += target.read_bytes()[len(data):]  # the rest of the document as it was
                target.write_bytes(damaged)
                return _commands(home, commands)
            yield in_home(homes, "bytes12", f"{filename}:{name}", body)


# -- answer12: the Web API's ok:true answers of the wrong shape ---------------------------------------------

CHANNEL = "C0LAN2Q65"
TS = "1700000000.000100"
ANSWERS: dict[str, dict] = {
    "chat.postMessage": {"ok": True, "channel": CHANNEL, "ts": TS,
                         "message": {"type": "message", "text": "x", "ts": TS, "bot_id": "B1", "user": "U0BOT"}},
    "chat.postEphemeral": {"ok": True, "message_ts": TS},
    "views.open": {"ok": True, "view": {"id": "V0001", "type": "modal", "callback_id": "lesson_submit",
                                        "title": {"type": "plain_text", "text": "Lesson"}, "hash": "1.a"}},
    "views.publish": {"ok": True, "view": {"id": "V0002", "type": "home", "hash": "1.b"}},
    "chat.update": {"ok": True, "channel": CHANNEL, "ts": TS, "text": "x"},
    "conversations.info": {"ok": True, "channel": {"id": CHANNEL, "name": "general", "is_channel": True,
                                                   "is_private": False, "is_im": False, "is_member": True}},
    "users.lookupByEmail": {"ok": True, "user": {"id": "U0JULIAN1", "team_id": "T0TEAM", "deleted": False,
                                                 "is_bot": False, "profile": {"email": "julian@example.nhs.uk"}}},
    "conversations.replies": {"ok": True, "messages": [{"type": "message", "ts": TS, "text": "x",
                                                        "blocks": [{"type": "section", "block_id": "b1"}]}],
                              "has_more": False, "response_metadata": {"next_cursor": ""}},
    "auth.test": {"ok": True, "url": "https://x.slack.com/", "team": "T", "user": "peerbot", "team_id": "T0TEAM",
                  "user_id": "U0BOT", "bot_id": "B1", "is_enterprise_install": False},
}
PER_METHOD = 8


def _answer_mutations(rng: random.Random, method: str, answer: dict | None = None) -> list[tuple[str, bytes]]:
    """PER_METHOD seeded path mutations of the method's answer, and two of its bytes: a byte that is
    not UTF-8 at a random offset, and the answer nested 100,000 deep."""
    answer = answer or ANSWERS[method]
    every = list(json_mutations(answer))
    chosen = [(name, mutate(answer, path, kind)) for name, path, kind in rng.sample(every, PER_METHOD)]
    text = json.dumps(answer).encode()
    at = rng.randrange(1, len(text) - 1)
    byte = bytes([rng.randrange(0x80, 0x100)])
    return [*chosen, (f"byte@{at}={byte[0]:#04x}", text[:at] + byte + text[at:]),
            ("deep-100000", b"[" * 100_000 + b"]" * 100_000)]


def answer12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 2)
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "answer12", name, run_it, servers.start_both)

    def slack(server: Server) -> SlackSender:
        return SlackSender(f"{server.url}/slack/events")

    def mention(method: str, body: bytes):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fault(method, "body", status=200, body=body, took_effect=True, times=1)
            event = app_mention(f"{QUESTION} {random.random()}", channel=CHANNEL)
            problems = status_problems(slack(server).event(event).status)
            ts = event["event"]["ts"]
            _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok], 60)
            time.sleep(3)
            posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
            return problems + (["the answer never posted"] if not posted else _at_most_twice(posted, "the answer"))
        return run_it

    def peer(body: bytes):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fault("chat.postEphemeral", "body", status=200, body=body, took_effect=True, times=1)
            tag = f"zq{random.randrange(10**8)}"
            problems = status_problems(slack(server).command(slash_command(
                "/peer", f"{QUESTION} {tag}", double.response_url(), channel=CHANNEL)).status)

            def mine() -> list:
                return [c for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
                        if c.ok and tag in (c.blocks_text + str(c.get("text", "")))]
            _wait(mine, 60)
            time.sleep(3)
            return problems + (["the /peer answer never shown"] if not mine() else _at_most_twice(mine(), "/peer"))
        return run_it

    def peer_by_response_url(body: bytes):
        """`/peer` where chat.postEphemeral cannot post, so its answer goes by response_url, which
        shows it and answers `body`."""
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            channel = f"C0R{random.randrange(10**6):06d}"
            double.fail("chat.postEphemeral", "channel_not_found", channel=channel, times=None)
            double.fault("response_url", "body", status=200, body=body, took_effect=True, times=1)
            tag = f"zq{random.randrange(10**8)}"
            problems = status_problems(slack(server).command(slash_command(
                "/peer", f"{QUESTION} {tag}", double.response_url(), channel=channel)).status)

            def mine() -> list:
                return [c for c in double.calls_to("response_url") if c.ok and tag in c.blocks_text + str(c.get("text", ""))]
            _wait(mine, 60)
            time.sleep(3)
            return problems + (["the /peer answer never shown"] if not mine() else _at_most_twice(mine(), "/peer"))
        return run_it

    def surface(method: str, send: Callable[[Server, SlackDouble], int], body: bytes):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.fault(method, "body", status=200, body=body, took_effect=True, times=1)
            status = send(server, double)
            _wait(lambda: double.calls_to(method), 20)
            time.sleep(2)
            return status_problems(status) + ([] if double.calls_to(method) else [f"{method} never called"])
        return run_it

    def lesson_command(server: Server, double: SlackDouble) -> int:
        return slack(server).command(slash_command("/lesson", "Boards", double.response_url())).status

    def home_opened(server: Server, double: SlackDouble) -> int:
        event = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
                 "event_ts": f"{random.randrange(10**9, 2 * 10**9)}.000016"}
        return slack(server).event(event_callback(event)).status

    def feedback_click(server: Server, double: SlackDouble) -> int:
        shown = {"ts": TS, "text": "an answer", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "a"}},
                                                           {"type": "actions", "elements": []}]}
        question = f"q-{random.randrange(10**9)}"  # a question the records know, or the click is not recorded
        _insert(state["home"], "questions", {**QUESTION_ROW, "id": question, "asked_at": stamp()})
        return slack(server).interaction(block_actions("feedback_helpful", question, double.response_url(),
                                                       message=shown)).status

    def replies(body: bytes):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            double.scopes |= set(HISTORY_SCOPES.values())
            double.fault("chat.postMessage", "drop", took_effect=True, times=1)
            double.fault("conversations.replies", "body", status=200, body=body, took_effect=True, times=1)
            event = app_mention(f"{QUESTION} {random.random()}", channel=CHANNEL)
            problems = status_problems(slack(server).event(event).status)
            ts = event["event"]["ts"]
            _wait(lambda: double.calls_to("conversations.replies"), 60)
            time.sleep(6)
            posted = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
            return problems + (["the answer never posted"] if not posted else _at_most_twice(posted, "the answer"))
        return run_it

    def cleared(run_it):
        def wrapped(server: Server, double: SlackDouble) -> list[str]:
            try:
                return run_it(server, double)
            finally:
                double._faults.clear(), double._failures.clear(), double._rate_limits.clear()
        return wrapped

    for name, body in _answer_mutations(rng, "chat.postMessage"):
        yield case(f"chat.postMessage:{name}", cleared(mention("chat.postMessage", body)))
    for method in ("conversations.info", "users.lookupByEmail"):
        for name, body in _answer_mutations(rng, method):
            yield case(f"{method}:{name}", cleared(mention(method, body)))
    for name, body in _answer_mutations(rng, "chat.postEphemeral"):
        yield case(f"chat.postEphemeral:{name}", cleared(peer(body)))
    for method, send in (("views.open", lesson_command), ("views.publish", home_opened), ("chat.update", feedback_click)):
        for name, body in _answer_mutations(rng, method):
            yield case(f"{method}:{name}", cleared(surface(method, send, body)))
    for name, body in _answer_mutations(rng, "conversations.replies"):
        yield case(f"conversations.replies:{name}", cleared(replies(body)))
    for name, body in [(f"random-{i}", rng.randbytes(rng.randrange(1, 64))) for i in range(4)] + [
            ("bad-utf8", b"ok\xff\xfe"), ("json-bad-utf8", b'{"ok": "\xff"}')]:
        yield case(f"response_url:{name}", cleared(peer_by_response_url(body)))

    def afterwards(server: Server, double: SlackDouble) -> list[str]:
        event = app_mention(f"{QUESTION} afterwards", channel=CHANNEL)
        problems = status_problems(slack(server).event(event).status)
        posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok])
        return problems + _once(posted, "the answer afterwards", True) + _teams_answered(server, state["connector"])
    yield case("afterwards:a-question-is-answered", afterwards)
    yield Case("answer12", "teardown", lambda: servers.stop(state, homes))
    for name, body in _answer_mutations(rng, "auth.test"):
        yield Case("answer12", f"serve-start:auth.test:{name}", lambda b=body: _serve_start_with(homes, b))


def _at_most_twice(posted: list, what: str) -> list[str]:
    return [f"{what} shown {len(posted)} times"] if len(posted) > 2 else []


def _serve_start_with(homes: Homes, body: bytes) -> list[str]:
    """`serve` started while auth.test answers `body`: ready and answering, or one line and exit 1/2."""
    home = homes.fresh()
    try:
        with SlackDouble() as double:
            double.fault("auth.test", "body", status=200, body=body, took_effect=True, times=2)
            server = Server(home, **slack_env(double))
            settled = server.settled(120)
            if settled is None:
                server.kill()
                return ["neither ready nor exited within 120 s"]
            if settled is False:
                return server.exit_problems(must_fail=True)
            event = app_mention(f"{QUESTION} {random.random()}")
            problems = status_problems(SlackSender(f"{server.url}/slack/events").event(event).status)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok])
            problems += ["a mention not answered"] if not posted else []
            return problems + server.problems_since(0) + server.stop()
    finally:
        homes.discard(home)


# -- oauth12: oauth.v2.access answering ok:true of the wrong shape --------------------------------------------

def oauth12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 5)
    state: dict = {}
    good = json.loads(_oauth_ok())
    every = list(json_mutations(good))
    mutations = [(name, mutate(good, path, kind)) for name, path, kind in rng.sample(every, 16)]
    text = json.dumps(good).encode()
    at = rng.randrange(1, len(text) - 1)
    mutations += [(f"byte@{at}=0xff", text[:at] + b"\xff" + text[at:]), ("deep-100000", b"[" * 100_000 + b"]" * 100_000)]
    for name, body in mutations:
        def run_it(server: Server, double: SlackDouble, body=body) -> list[str]:
            cookie, oauth_state = _begin_install(server.port)
            double.fault("oauth.v2.access", "body", status=200, body=body, times=1)
            code = double.grant(f"T0F{random.randrange(10**6):06d}", f"xoxb-f-{random.randrange(10**9)}")
            status, _, _ = _get(server.port, f"/slack/oauth_redirect?code={code}&state={oauth_state}", cookie)
            double.clear()
            double._faults.clear(), double._failures.clear(), double._rate_limits.clear()
            return status_problems(status) + _installs(server, double)
        yield _judged_server(state, homes, "oauth12", f"oauth.v2.access:{name}", run_it, _oauth_start)
    yield Case("oauth12", "teardown", lambda: servers.stop(state, homes))


# -- connector12: the Teams connector answering a reply 2xx of the wrong shape --------------------------------

def connector12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 6)
    state: dict = {}
    good = {"id": "reply-1"}
    for name, body in _answer_mutations(rng, "connector", good):
        status = rng.choice([200, 201])

        def run_it(server: Server, double: SlackDouble, body=body, status=status) -> list[str]:
            connector = state["connector"]
            state["loop"].run(_fault(connector, body, status))
            conversation = f"a:chat-{random.randrange(10**9)}"
            activity = message(connector.url, QUESTION, conversation=conversation)
            answered = post(f"{server.url}/api/messages", json.dumps(activity).encode(), {"Content-Type": "application/json"})
            mine = lambda: [p for p in connector.posts if p.conversation_id == conversation]  # noqa: E731
            _wait(mine, 60)
            time.sleep(4)
            return status_problems(answered) + _once(mine(), "the Teams answer", True)
        yield _judged_server(state, homes, "connector12", f"{status}:{name}", run_it, servers.start_both)
    yield Case("connector12", "teardown", lambda: servers.stop(state, homes))


async def _fault(connector, body: bytes, status: int) -> None:
    connector.fault("body", status=status, body=body)


# -- body12: signed bodies damaged at random offsets ----------------------------------------------------------

def _slack_bodies(response_url: str) -> dict[str, tuple[bytes, str]]:
    def payload(body: dict) -> bytes:
        return b"payload=" + urllib.parse.quote_from_bytes(json.dumps(body).encode()).encode()
    form = {"callback_id": "lesson_submit", "private_metadata": json.dumps({"q": "q-1"})}
    lesson = {"title": "Theatre lists", "did": "We pooled theatre lists.", "learned": "Agree the rules first.",
              "organisation": "Example", "enablers": ["building-trust"], "consent": True}
    mention = app_mention(f"{QUESTION} {random.random()}")
    return {"mention": (json.dumps(mention).encode(), "application/json"),
            "peer": (urllib.parse.urlencode(slash_command("/peer", QUESTION, response_url)).encode(),
                     "application/x-www-form-urlencoded"),
            "feedback-click": (payload(block_actions("feedback_helpful", "q-1", response_url)),
                               "application/x-www-form-urlencoded"),
            "lesson-form": (payload(view_submission(form, lesson)), "application/x-www-form-urlencoded")}


def _raw_damage(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["cut", "replace", "insert", "slice-twice"])
    at = rng.randrange(1, len(data))
    if kind == "cut":
        return f"cut@{at}", data[:at]
    if kind == "replace":
        value = rng.randrange(256)
        return f"byte@{at}={value:#04x}", data[:at] + bytes([value]) + data[at + 1:]
    if kind == "insert":
        what = rng.choice([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\\u0000", b"\\ud800", b"%00", b"%ff", b"&", b"=",
                           b'"', b"{", b"]", b",", b"\r\n"])
        return f"insert@{at}={what!r}", data[:at] + what + data[at:]
    end = min(len(data), at + rng.randrange(1, 60))
    return f"slice@{at}-{end}-twice", data[:end] + data[at:]


def body12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 3)
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _quick(state, homes, "body12", name, run_it, settle=0.3)

    for kind in _slack_bodies("http://127.0.0.1:1/r"):
        for _ in range(8):
            choice = rng.random()

            def run_it(server: Server, double: SlackDouble, kind=kind, choice=choice) -> list[str]:
                data, content_type = _slack_bodies(double.response_url())[kind]
                name, damaged = _raw_damage(data, random.Random(choice))
                return status_problems(post(f"{server.url}/slack/events", damaged, _signed_headers(damaged, content_type)))
            yield case(f"slack:{kind}:{choice:.6f}", run_it)
    for kind in ("message", "feedback-invoke"):
        for _ in range(8):
            choice = rng.random()

            def run_it(server: Server, double: SlackDouble, kind=kind, choice=choice) -> list[str]:
                url = state["connector"].url
                activity = message(url, QUESTION) if kind == "message" else feedback(url, "q-1", True)
                activity["id"] = f"{activity.get('id', 'x')}-{random.randrange(10**9)}"
                name, damaged = _raw_damage(json.dumps(activity).encode(), random.Random(choice))
                return status_problems(post(f"{server.url}/api/messages", damaged, {"Content-Type": "application/json"}))
            yield case(f"teams:{kind}:{choice:.6f}", run_it)

    def afterwards(server: Server, double: SlackDouble) -> list[str]:
        event = app_mention(f"{QUESTION} afterwards")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(event).status)
        posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok])
        return problems + _once(posted, "the answer afterwards", True) + _teams_answered(server, state["connector"])
    yield case("afterwards:a-question-is-answered", afterwards)
    yield Case("body12", "teardown", lambda: servers.stop(state, homes))


# -- kill12: SIGKILL under mixed load; of index mid-build, then serve -----------------------------------------

def kill12_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED + 4)
    for _ in range(4):
        at = rng.randrange(3, 30)
        yield Case("kill12", f"serve-mixed-killed-at-{at}-acked", lambda at=at: _serve_killed_mixed(homes, at))
    for _ in range(4):
        after = round(rng.uniform(0.5, 6.0), 2)
        yield Case("kill12", f"index-killed@{after}s-then-serve", lambda after=after: _index_killed_then_serve(homes, after))


def _serve_killed_mixed(homes: Homes, at_acked: int) -> list[str]:
    """Mentions, `/peer` and feedback clicks from 4 senders; SIGKILL once `at_acked` were acknowledged;
    a restart: each acknowledged mention and `/peer` answered (at most twice), each click recorded once."""
    home = homes.fresh()
    problems: list[str] = []
    try:
        with SlackDouble() as double:
            double.fault("chat.postMessage", "slow", seconds=0.3, took_effect=True, times=None)
            tags = [f"zk{i:02d}x{random.randrange(10**6)}" for i in range(36)]
            for tag in tags[2::3]:  # the questions the clicks are on
                _insert(home, "questions", {**QUESTION_ROW, "id": f"q-{tag}", "asked_at": stamp()})
            first = Server(home, **slack_env(double)).ready()
            sender = SlackSender(f"{first.url}/slack/events")
            mentions: dict[int, str] = {}

            def send(i: int) -> int:
                tag = tags[i]
                if i % 3 == 0:
                    body = app_mention(f"{QUESTION} {tag}")
                    mentions[i] = body["event"]["ts"]
                    return sender.event(body).status
                if i % 3 == 1:
                    return sender.command(slash_command("/peer", f"{QUESTION} {tag}", double.response_url())).status
                shown = {"ts": TS, "text": "an answer", "blocks": [{"type": "actions", "elements": []}]}
                return sender.interaction(block_actions("feedback_helpful", f"q-{tag}", double.response_url(),
                                                        message=shown)).status
            acked = _burst(send, len(tags), at_acked, first)
            second = Server(home, **slack_env(double)).ready()
            double.heal("chat.postMessage")

            def unanswered() -> list[int]:
                left = []
                for i in acked:
                    if i % 3 == 0 and not [c for c in double.calls_to("chat.postMessage", thread_ts=mentions[i]) if c.ok]:
                        left.append(i)
                    if i % 3 == 1 and not [c for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
                                           if c.ok and tags[i] in c.blocks_text + str(c.get("text", ""))]:
                        left.append(i)
                return left
            deadline = time.monotonic() + 90
            while unanswered() and time.monotonic() < deadline:
                time.sleep(1)
            time.sleep(3)
            problems += [f"an acknowledged request ({'mention' if i % 3 == 0 else '/peer'}) never answered"
                         for i in unanswered()]
            for i in acked:
                if i % 3 == 0:
                    shown = [c for c in double.calls_to("chat.postMessage", thread_ts=mentions[i]) if c.ok]
                    problems += _at_most_twice(shown, "an acknowledged mention's answer")
            problems += second.problems_since(0) + second.stop()
            with sqlite3.connect(home / "data" / "peerbot.db") as db:
                counts = dict(db.execute("SELECT question_id, COUNT(*) FROM feedback GROUP BY question_id").fetchall())
            for i in acked:
                if i % 3 == 2 and counts.get(f"q-{tags[i]}", 0) != 1:
                    problems.append(f"an acknowledged feedback click recorded {counts.get(f'q-{tags[i]}', 0)} times")
            problems += _integrity(home) + _set_aside(home)
    finally:
        homes.discard(home)
    return problems[:6]


def _index_killed_then_serve(homes: Homes, after: float) -> list[str]:
    """`index` killed `after` seconds into a build of 12 new documents; `serve` then starts on what is
    left (ready, a mention answered, no traceback); then `index` finishes and `ask` answers."""
    home = homes.fresh()
    try:
        for i in range(12):
            (home / "knowledge" / f"new-page-{i}.md").write_text(f"# Boards {i}\n\nBoards met monthly to build trust.\n" * 60)
        env = base_env(home)
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], cwd=hostile_sweep.CODE[0], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(after)
        process.kill()
        process.wait()
        problems: list[str] = []
        with SlackDouble() as double:
            server = Server(home, **slack_env(double))
            settled = server.settled(150)
            if not settled:
                server.kill()
                return [f"serve after the kill: {'not ready within 150 s' if settled is None else 'exited'}"]
            event = app_mention(f"{QUESTION} {random.random()}")
            problems += status_problems(SlackSender(f"{server.url}/slack/events").event(event).status)
            posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok])
            problems += [] if posted else ["a mention not answered after the kill"]
            problems += server.problems_since(0) + server.stop()
        rc, out, err = run_cli(["index"], env)
        problems += judge_cli(["index"], rc, out, err) + ([f"index again: exit {rc}"] if rc else [])
        return problems + still_answers(env) + _set_aside(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


FAMILIES = {"yamltypes12": yamltypes12_cases, "bytes12": bytes12_cases, "answer12": answer12_cases,
            "body12": body12_cases, "oauth12": oauth12_cases, "connector12": connector12_cases,
            "kill12": kill12_cases}
COMMAND_CLASSES = ("yamltypes12", "bytes12", "kill12")


def main() -> int:
    return hostile_sweep.sweep_main(
        __doc__.splitlines()[0], FAMILIES, "hostile12-", 2,
        lambda name, jobs: jobs if name in COMMAND_CLASSES else 1, _prepare)  # a server class's teardown runs last


if __name__ == "__main__":
    sys.exit(main())
