"""The thirty-fourth hostile sweep: a key given twice in every YAML file peerbot reads, at each depth;
the newest knowledge file (`nhs_subjects.yaml`) in every wrong shape; and the newest outgoing call (a
lesson's review card, posted from the inbox) answered by Slack in every wrong way. Each through the real
`peerbot` (hashing model) on 127.0.0.1 with the local Slack double (real signing).

Checked against sweeps 1-33 (grep of their case lists): duplicate keys were written only in a sidecar
(hostile_files.py) and `checksums.json` (sweep 19), and passed there on "no traceback"; no sweep asked
whether the first of two values was silently dropped (a contact's `contactable: false` overridden by a
later `true`, a whole `people:` list replaced by a second one, one of two areas named alike lost).
`nhs_subjects.yaml` came after sweep 19's inventory of the knowledge files and was never given a wrong
shape. The review card (stop 46) came after sweeps 12 and 23, which failed only answers, `/peer`,
views, the Home tab and digests.

- `dupkeys34`: contacts.yaml, enablers.yaml, out_of_scope.yaml, nhs_topics.yaml, nhs_subjects.yaml,
  everyday_topics.yaml, example_questions.yaml, a document's front matter and a sidecar, each with one
  key given twice (at the top, in a section's mapping, in an entry), under `index`, `ask --json` and
  (contacts) `contacts --json`. Pass: one `peerbot` line naming the key given twice (the file left
  out, or the command refused), never a silent exit 0 that kept only one of the two values.
- `subjects34`: `nhs_subjects.yaml` as a list, a string, null, a number, empty, BOM + content, cut
  mid-token, 2,000-deep nesting, a folder, unreadable; an area as text, a number, a mapping; a
  subject as a number, a list, null; the section as numbers in quotes. Pass: `ask` answers or says
  one `peerbot` line, no traceback.
- `review34`: a lesson saved with `/lesson`'s form while chat.postMessage to PEERBOT_REVIEW_CHANNEL is
  answered with HTML (200 and 502), an empty body, JSON of the wrong shape (a list, null, a string,
  `ok` missing, `ok` "true", ok:true without `ts`, `ts` a number or a list, `channel` an object,
  100-deep nesting), ok:false with an unknown error code or none, a body cut short, a reset, a
  dropped connection, a 6 s answer. Pass: the form acknowledged 2xx, the lesson kept, its card
  posted (once, or at most twice where the call was carried out and its answer lost) or given up
  with one line, no traceback, no token in the log, the server still serving.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep34.py --hang 90 [--only dupkeys34 subjects34 review34] [--code EXPORT]
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from slack_double import BOT_TOKEN, SlackSender, app_mention, message_shortcut, view_submission  # noqa: E402
from teams_doubles import card_action, installation, message  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
DOCUMENT = "nelft-operating-model-case-study.md"
CONTACTS = ("people:\n  - name: Sam Example\n    email: sam.example@example.nhs.uk\n    topics: [staff bank]\n"
            "    contactable: false\n")

# -- dupkeys34: one key given twice ---------------------------------------------------------------------


def _before(pattern: str, snippet: str) -> Callable[[str], str]:
    """The text with `snippet` inserted before the first line matching `pattern` (so the key it repeats
    comes first, and YAML's last-one-wins would drop it)."""
    def edit(text: str) -> str:
        found = re.search(pattern, text, re.M)
        if not found:
            raise AssertionError(f"no line matches {pattern!r}")
        return text[:found.start()] + snippet + text[found.start():]
    return edit


def _after(pattern: str, snippet: str) -> Callable[[str], str]:
    """The text with `snippet` inserted after the first line matching `pattern`."""
    def edit(text: str) -> str:
        found = re.search(pattern + r".*\n", text, re.M)
        if not found:
            raise AssertionError(f"no line matches {pattern!r}")
        return text[:found.end()] + snippet + text[found.end():]
    return edit


def _contacts(edit: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: edit(text.replace("people: []\n", CONTACTS))


def _append(snippet: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + "\n" + snippet


# file -> case name -> the edit that gives one key twice
DUPLICATES: dict[str, dict[str, Callable[[str], str]]] = {
    "contacts.yaml": {
        "people twice": _contacts(_append("people:\n  - name: Kim Other\n")),
        "a person's name twice": _contacts(_after(r"^  - name: Sam Example", "    name: Kim Other\n")),
        "a person's email twice": _contacts(_after(r"^    email:", "    email: kim.other@example.nhs.uk\n")),
        "a person's topics twice": _contacts(_after(r"^    topics:", "    topics: [theatres]\n")),
        "a person's contactable twice": _contacts(_append("    contactable: true\n")),
        "in a flow mapping": lambda text: text.replace(
            "people: []\n", "people:\n  - {name: Sam Example, email: a@example.nhs.uk, email: b@example.nhs.uk}\n"),
    },
    "enablers.yaml": {
        "enablers twice": _append("enablers:\n  - id: extra\n    name: Extra\n    description: An extra one.\n"
                                  "    synonyms: [extra]\n"),
        "an enabler's id twice": _after(r"^  - id: collaborative-leadership", "    id: leadership-two\n"),
        "an enabler's name twice": _after(r"^    name: Modelling", "    name: Leading\n"),
        "an enabler's description twice": _after(r"^    description: Leaders embed", "    description: Other.\n"),
        "an enabler's synonyms twice": _after(r"^    synonyms: \[collaborative", "    synonyms: [other]\n"),
    },
    "out_of_scope.yaml": {
        "out_of_scope twice": _append("out_of_scope:\n  small talk:\n    reply: Hello.\n    examples: [hello]\n"),
        "lesson_questions twice": _append("lesson_questions:\n  - '\\bwho\\b'\n"),
        "a kind twice": _before(r"^  getting round the rules:",
                                "  getting round the rules:\n    reply: Other.\n    examples: [other]\n"),
        "a kind's reply twice": _after(r"^    reply: peerbot can't help with getting round", "    reply: Other.\n"),
        "a kind's cues twice": _before(r"^    cues:", "    cues: ['\\bzzz\\b']\n"),
        "a kind's examples twice": _before(r"^    examples:", "    examples: [other]\n"),
    },
    "nhs_topics.yaml": {
        "nhs_topics twice": _append("nhs_topics:\n  other:\n    - something else\n"),
        "an area twice": _before(r"^  digital, data and technology:",
                                 "  digital, data and technology:\n    - a topic lost\n"),
    },
    "nhs_subjects.yaml": {
        "nhs_subjects twice": _append("nhs_subjects:\n  other:\n    - something else\n"),
        "an area twice": _before(r"^  workforce, HR and employment:",
                                 "  workforce, HR and employment:\n    - a subject lost\n"),
    },
    "everyday_topics.yaml": {
        "everyday_topics twice": _append("everyday_topics:\n  other:\n    kind: general knowledge and chat\n"
                                         "    topics: [weather]\n"),
        "an area twice": _before(r"^  sport and fitness:", "  sport and fitness:\n    kind: general knowledge and chat\n"
                                                           "    topics: [a topic lost]\n"),
        "an area's kind twice": _before(r"^    kind: general knowledge and chat", "    kind: nothing of the kind\n"),
        "an area's topics twice": _before(r"^    topics:", "    topics: [a topic lost]\n"),
    },
    "example_questions.yaml": {
        "example_questions twice": _append("example_questions:\n- question: what is lost?\n"
                                           "  document: key-enablers-provider-collaboratives\n"
                                           "  evidence: Trust leaders have identified several key enablers\n"),
        "a question twice": _after(r"^- question: what do trust CEOs", "  question: a question lost\n"),
        "a document twice": _after(r"^  document: key-enablers", "  document: west-yorkshire-mhlda-collaborative\n"),
        "evidence twice": _after(r"^  evidence: Trust leaders", "  evidence: words lost\n"),
    },
    DOCUMENT: {f"front matter {key} twice": _before(r"^---\n\n", f"{key}: {value}\n") for key, value in {
        "title": "Another title", "publisher": "Someone else", "url": "https://example.org/other",
        "organisations": "[Another Trust]", "region": "Elsewhere", "aliases": "[Other]", "people": "[]",
        "enablers": "[building-trust]"}.items()},
    "staff-bank-note.meta.yaml": {f"sidecar {key} twice": (lambda k: lambda text: text + f"{k}: Second {k}\n")(key)
                                  for key in ("title", "publisher", "url")},
}
SIDECAR_TEXT = "title: Staff bank note\npublisher: Example Trust\nurl: https://example.org/note\n"


def dupkey_cases(homes: Homes) -> Iterator[Case]:
    def case(file: str, name: str, edit: Callable[[str], str]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                path = home / "knowledge" / file
                if file.endswith(".meta.yaml"):
                    (home / "knowledge" / "staff-bank-note.html").write_text(
                        "<html><body><article><h1>Staff bank</h1><p>The trusts pooled their bank staff across "
                        "three hospitals.</p></article></body></html>\n")
                    path.write_text(edit(SIDECAR_TEXT))
                else:
                    path.write_text(edit(path.read_text()))
                problems: list[str] = []
                said = ""
                commands = [["index"], ["ask", QUESTION, "--json"]]
                if file == "contacts.yaml":
                    commands.append(["contacts", "--json"])
                accepted = True
                for argv in commands:
                    rc, out, err = run_cli(argv, env)
                    problems += judge_cli(argv, rc, out, err)
                    said += err + (out if argv == ["index"] else "")  # `index` lists the files it left out
                    accepted = accepted and rc == 0
                if not re.search(r"twice|more than once|duplicate", said, re.I):
                    problems.append(f"a key given twice in {file} was read silently (one of its values dropped)"
                                    if accepted else "refused without saying which key is given twice")
                return problems
            except Hang as e:
                return [str(e)]
            finally:
                homes.discard(home)
        return Case("dupkeys34", f"{file}: {name}", run)

    for file, edits in DUPLICATES.items():
        for name, edit in edits.items():
            yield case(file, name, edit)


# -- subjects34: nhs_subjects.yaml in every wrong shape ---------------------------------------------------

def _deep(depth: int) -> str:
    return "nhs_subjects:\n  area:\n" + "    - " + "[" * depth + "x" + "]" * depth + "\n"


SUBJECTS: dict[str, Callable[[Path], None]] = {
    "a list on top": lambda p: p.write_text("- nhs_subjects\n- area\n"),
    "a string on top": lambda p: p.write_text("nhs subjects\n"),
    "null on top": lambda p: p.write_text("~\n"),
    "a number on top": lambda p: p.write_text("42\n"),
    "empty": lambda p: p.write_bytes(b""),
    "a BOM then content": lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes()),
    "cut mid-token": lambda p: p.write_bytes(p.read_bytes()[:p.read_bytes().index(b"programmed ac") + 10]),
    "cut in a quoted value": lambda p: p.write_text("nhs_subjects:\n  area:\n    - 'an unclosed subj"),
    "2,000 deep": lambda p: p.write_text(_deep(2000)),
    "a folder": lambda p: (p.unlink(), p.mkdir()),
    "unreadable": lambda p: p.chmod(0),
    "the section a string": lambda p: p.write_text("nhs_subjects: staff bank, pay\n"),
    "the section a list": lambda p: p.write_text("nhs_subjects:\n  - staff bank\n  - pay\n"),
    "an area as text": lambda p: p.write_text("nhs_subjects:\n  workforce: pay and rotas\n"),
    "an area as a number": lambda p: p.write_text("nhs_subjects:\n  workforce: 12\n"),
    "an area as a mapping": lambda p: p.write_text("nhs_subjects:\n  workforce: {pay: rotas}\n"),
    "a subject as a number": lambda p: p.write_text("nhs_subjects:\n  workforce:\n    - 12\n"),
    "a subject as a list": lambda p: p.write_text("nhs_subjects:\n  workforce:\n    - [pay, rotas]\n"),
    "a subject null": lambda p: p.write_text("nhs_subjects:\n  workforce:\n    -\n"),
    "numbers in quotes": lambda p: p.write_text("nhs_subjects:\n  '1':\n    - '2'\n"),
}


def subject_cases(homes: Homes) -> Iterator[Case]:
    def case(name: str, damage: Callable[[Path], None]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                damage(home / "knowledge" / "nhs_subjects.yaml")
                problems: list[str] = []
                for argv in (["ask", QUESTION, "--json"], ["index"]):
                    rc, out, err = run_cli(argv, env)
                    problems += judge_cli(argv, rc, out, err)
                return problems
            except Hang as e:
                return [str(e)]
            finally:
                homes.discard(home)
        return Case("subjects34", name, run)

    for name, damage in SUBJECTS.items():
        yield case(name, damage)


# -- review34: the review card's post answered wrongly -----------------------------------------------------

REVIEW = "C0REVIEW34"
LESSON = {"title": "Theatre lists shared", "did": "We pooled theatre lists across three trusts.",
          "learned": "Agree the rules first.", "organisation": "Example Surgical Collaborative",
          "enablers": ["building-trust"], "contact": "", "contact_agreed": False, "contributor": "",
          "contributor_named": False}


def _body(body: bytes, status: int = 200, content_type: str = "application/json", carried: bool = True) -> Callable:
    return lambda d: d.fault("chat.postMessage", "body", status=status, body=body, content_type=content_type,
                             took_effect=carried, channel=REVIEW)


def _kind(kind: str, carried: bool = False, **more) -> Callable:
    return lambda d: d.fault("chat.postMessage", kind, took_effect=carried, channel=REVIEW, **more)


WAYS: dict[str, Callable] = {
    "html 200": _body(b"<html><body>OK</body></html>", content_type="text/html", carried=False),
    "html 200 carried out": _body(b"<html><body>OK</body></html>", content_type="text/html"),
    "html 502": _body(b"<html><body>Bad gateway</body></html>", 502, "text/html", carried=False),
    "empty 200": _body(b"", carried=False),
    "empty 200 carried out": _body(b""),
    "a list": _body(b"[]"),
    "null": _body(b"null"),
    "a string": _body(b'"ok"'),
    "ok missing": _body(b'{"channel": "C0REVIEW34", "ts": "1.2"}'),
    "ok the text true": _body(b'{"ok": "true", "channel": "C0REVIEW34", "ts": "1.2"}'),
    "ok true without ts": _body(b'{"ok": true, "channel": "C0REVIEW34"}'),
    "ts a number": _body(b'{"ok": true, "channel": "C0REVIEW34", "ts": 1.5}'),
    "ts a list": _body(b'{"ok": true, "channel": "C0REVIEW34", "ts": ["1.2"]}'),
    "channel an object": _body(b'{"ok": true, "channel": {"id": "C0REVIEW34"}, "ts": "1.2"}'),
    "100 deep": _body(b'{"ok": true, "message": ' + b"[" * 100 + b"]" * 100 + b"}"),
    "unknown error code": lambda d: d.fail("chat.postMessage", "zz_not_a_slack_error", channel=REVIEW, times=1),
    "ok false no error": _body(b'{"ok": false}', carried=False),
    "ok false error a list": _body(b'{"ok": false, "error": ["x"]}', carried=False),
    "cut short": _kind("cut"),
    "cut short carried out": _kind("cut", carried=True),
    "reset": _kind("reset"),
    "dropped carried out": _kind("drop", carried=True),
    "slow 6 s": _kind("slow", carried=True, seconds=6),
}


def _reviews(home: Path, kind: str = "slack.review") -> dict[str, dict]:
    """The review cards owed in the inbox, by key (a finished item's payload is emptied: its key is what stays)."""
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        db.row_factory = sqlite3.Row
        return {r["key"]: dict(r) for r in db.execute("SELECT key, status, attempts FROM inbox WHERE kind = ?", (kind,))}


def _lessons(home: Path) -> dict[int, str]:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        return dict(db.execute("SELECT id, status FROM lessons"))


def review_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def settings(double):
        return servers.slack_env(double, PEERBOT_REVIEW_CHANNEL=REVIEW)

    def case(name: str, arrange: Callable) -> Case:
        def run() -> list[str]:
            if not state:
                servers.start(state, homes, settings)
            server, double, home = state["server"], state["double"], state["home"]
            double.clear()
            arrange(double)
            mark = len(server.lines)
            before, owed = set(_lessons(home)), set(_reviews(home))
            sender = SlackSender(f"{server.url}/slack/events")
            text = f"Pooling theatre lists worked ({name})."
            shortcut = message_shortcut(text, double.response_url(), channel="C0LESSON34",
                                                callback_id="save_lesson")
            problems = status_problems(sender.interaction(shortcut).status)
            view = double.wait_for("views.open", timeout=60, trigger_id=shortcut["trigger_id"])[0]["view"]
            view = json.loads(view) if isinstance(view, str) else view
            form = view_submission(view, {**LESSON, "title": f"Theatre lists shared ({name})"})
            form["view"]["id"] = f"V34{uuid.uuid4().hex[:8].upper()}"  # each view Slack opens has its own id
            problems += status_problems(sender.interaction(form).status)
            deadline = time.monotonic() + 90
            new: list[int] = []
            rows: list[dict] = []
            while time.monotonic() < deadline:
                new = sorted(set(_lessons(home)) - before)
                rows = [row for key, row in _reviews(home).items() if key not in owed]
                if rows and all(r["status"] != "pending" for r in rows):
                    break
                time.sleep(0.2)
            if len(new) != 1:
                return problems + [f"{len(new)} lessons kept for one form"]
            cards = [c for c in double.calls_to("chat.postMessage", channel=REVIEW) if 200 <= c.status < 300
                     and c.response and c.response.get("ok")]
            if not rows or rows[0]["status"] == "pending":
                problems.append(f"the card still pending after 90 s ({rows})")
            elif rows[0]["status"] == "answered" and not 1 <= len(cards) <= 2:
                problems.append(f"card marked posted but {len(cards)} carried out")
            elif rows[0]["status"] != "answered" and not any("review card" in line for line in server.lines[mark:]):
                problems.append(f"card ended {rows[0]['status']} with no line saying so")
            if any(BOT_TOKEN in line for line in server.lines[mark:]):
                problems.append("the bot token in the log")
            return problems + server.problems_since(mark, settle=0.5)
        return Case("review34", name, run)

    for name, arrange in WAYS.items():
        yield case(name, arrange)

    def teardown() -> list[str]:
        if not state:
            return []
        double, server = state["double"], state["server"]
        double.clear()
        body = app_mention(f"{QUESTION} after the faults")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        if not double.wait_for("chat.postMessage", timeout=60, thread_ts=body["event"]["ts"]):
            problems.append("a question after the faults was not answered")
        return problems + servers.stop(state, homes)
    yield Case("review34", "teardown", teardown)


# -- treview34: the Teams review card's post answered wrongly -----------------------------------------------

TEAMS_REVIEW = "19:review34@thread.tacv2"
TEAMS_WAYS: dict[str, Callable] = {
    **{f"{status} html": (lambda st: lambda c: c.fault("body", status=st, body=b"<html>error</html>",
                                                       content_type="text/html"))(status)
       for status in (200, 201, 400, 404, 502)},
    "200 empty": lambda c: c.fault("body", status=200, body=b""),
    "200 a list": lambda c: c.fault("body", status=200, body=b"[]"),
    "200 null": lambda c: c.fault("body", status=200, body=b"null"),
    "200 id a number": lambda c: c.fault("body", status=200, body=b'{"id": 5}'),
    "200 id a list": lambda c: c.fault("body", status=200, body=b'{"id": ["a"]}'),
    "200 cut JSON": lambda c: c.fault("body", status=200, body=b'{"id": "1:ab'),
    "400 error a string": lambda c: c.fault("body", status=400, body=b'{"error": "BadArgument"}'),
    "403 error code a number": lambda c: c.fault("body", status=403, body=b'{"error": {"code": 7, "message": null}}'),
    "429 retry-after words": lambda c: c.fault("body", status=429, body=b"{}", headers={"Retry-After": "soon"}),
    "503 then healed": lambda c: c.fail(503),
    "dropped": lambda c: c.fault("drop"),
    "slow 6 s": lambda c: c.fault("slow", seconds=6),
}


def teams_review_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def settings(double):
        return {"TEAMS_ALLOW_ANONYMOUS": "1", "PEERBOT_REVIEW_CHANNEL": TEAMS_REVIEW}

    def setup() -> list[str]:
        servers.start(state, homes, settings, teams=True)
        installed = installation(state["connector"].url, "add", conversation=TEAMS_REVIEW)
        return status_problems(post(f"{state['server'].url}/api/messages", json.dumps(installed).encode(),
                                    {"Content-Type": "application/json"}))

    def case(name: str, arrange: Callable) -> Case:
        def run() -> list[str]:
            problems = [] if state else setup()
            server, connector, home = state["server"], state["connector"], state["home"]
            mark, owed, cards_before = len(server.lines), set(_reviews(home, "teams.review")), len(connector.posts)
            arrange(connector)
            form = {"title": f"Theatre lists shared ({name})", "did": LESSON["did"], "learned": LESSON["learned"],
                    "organisation": LESSON["organisation"], "enablers": "building-trust", "contact": "",
                    "contact_agreed": "false", "contributor": "", "contributor_named": "false"}
            before = set(_lessons(home))
            problems += status_problems(post(f"{server.url}/api/messages", json.dumps(
                card_action(connector.url, "peerbot.lesson", form)).encode(), {"Content-Type": "application/json"}))
            deadline = time.monotonic() + 120
            rows: list[dict] = []
            while time.monotonic() < deadline:
                rows = [row for key, row in _reviews(home, "teams.review").items() if key not in owed]
                if rows and all(r["status"] != "pending" for r in rows):
                    break
                time.sleep(0.2)
            new = set(_lessons(home)) - before
            if len(new) != 1:
                return problems + [f"{len(new)} lessons kept for one form"]
            cards = [p for p in connector.posts[cards_before:] if p.conversation_id == TEAMS_REVIEW
                     and name in json.dumps(p.activity)]
            if not rows or rows[0]["status"] == "pending":
                problems.append(f"the card still pending after 120 s ({rows})")
            elif rows[0]["status"] == "answered" and not 1 <= len(cards) <= 2:
                problems.append(f"card marked posted but {len(cards)} reached the connector")
            elif rows[0]["status"] != "answered" and not any("review card" in line for line in server.lines[mark:]):
                problems.append(f"card ended {rows[0]['status']} with no line saying so")
            return problems + server.problems_since(mark, settle=0.5)
        return Case("treview34", name, run)

    for name, arrange in TEAMS_WAYS.items():
        yield case(name, arrange)

    def teardown() -> list[str]:
        if not state:
            return []
        server, connector = state["server"], state["connector"]
        count = len(connector.posts)
        asked = message(connector.url, f"{QUESTION} after the faults")
        problems = status_problems(post(f"{server.url}/api/messages", json.dumps(asked).encode(),
                                        {"Content-Type": "application/json"}))
        deadline = time.monotonic() + 60
        while len(connector.posts) == count and time.monotonic() < deadline:
            time.sleep(0.2)
        if len(connector.posts) == count:
            problems.append("a question after the faults was not answered")
        return problems + servers.stop(state, homes)
    yield Case("treview34", "teardown", teardown)


FAMILIES: dict[str, Callable[[Homes], Iterator[Case]]] = {
    "dupkeys34": dupkey_cases, "subjects34": subject_cases, "review34": review_cases, "treview34": teams_review_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s47-hostile-", jobs=2,
                        jobs_for=lambda family, jobs: 1 if family.endswith("review34") else jobs))
