"""The thirty-seventh hostile sweep (held-out faults): characters that act on a reader's terminal or
reorder what a reader sees (escape codes, C1 controls, backspaces, carriage returns, bidi overrides), made
where no earlier sweep made them and shown on every surface. Each through the real `peerbot` (hashing
model) and a real `peerbot serve` on 127.0.0.1 with the local Slack and Teams doubles (real signing).

Checked against sweeps 1-36 (grep of their case lists): escape codes were typed into an echoed enabler
name (35), file names (17), an HTML title (17), Teams conversation ids (32) and settings (5); bidi and
tag characters were written *raw* into documents and front matter (31), where the corpus reader's raw
text cleaning drops them. No sweep wrote them with YAML's own escapes (`"\\e[2J"`, `"\\x9b"`,
`"\\u202e"` inside double quotes), which the parser makes after that cleaning, in front matter,
contacts.yaml or enablers.yaml; none put raw C0/C1 controls (ESC, a C1 CSI, backspace, BEL, DEL, a bare
carriage return) in a Markdown body and looked at what a reader is shown; and none sent them from
chat (a Slack mention, a Slack lesson, a Teams message) and then read them in the curator's terminal
(`peerbot lessons`, `peerbot digest --preview`).

- `yaml37`: a document whose front matter (title, publisher, a person's name, role, organisation), its
  person's contacts.yaml entry (region, topics) and an enabler of enablers.yaml (name, description) hold
  one value each written with YAML escapes; then `ask`, `contacts`, `enabler` (text), a Slack mention
  and a Teams message asking for it.
- `body37`: a Markdown document's body holding the same characters raw; `ask`, `ask --json`, Slack, Teams.
- `reply37`: out_of_scope.yaml's reply for a kind of request written with the same escapes; a question
  of that kind asked by `ask` (`--json` holds no reply), a Slack mention and a Teams message.
- `sidecar37`: a web page's `.meta.yaml` sidecar (title, publisher) with them; `ask --json`, Slack, Teams.
- `lines37`: typed text quoted back on the command line: an eval question set's unknown field, `lessons
  approve ID`, `contacts NAME`, `forget --channel ID` and `ask QUESTION`, each holding them.
- `chat37`: a Slack mention, a Slack lesson (the /lesson form) and a Teams message holding them: the
  answer or the review channel's post; then `peerbot lessons` and `peerbot digest --preview`; a Teams
  team named with them (installationUpdate), then `peerbot teams-conversations`.

Pass: 2xx, answered; no C0 control (but tab and line break), DEL, C1 control, bidi embedding, override
or isolate in the terminal's output, a Slack post's text or blocks, or a Teams post; no traceback.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep37.py --hang 90 [--only yaml37 body37 reply37 sidecar37 lines37 chat37] [--code EXPORT]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from slack_double import SlackSender, app_mention, slash_command, view_submission  # noqa: E402
from teams_doubles import installation, message, send  # noqa: E402

# a value as written inside a YAML double-quoted string, and as raw text
VALUES: dict[str, tuple[str, str]] = {
    "OSC window title": ("\\e]0;owned\\a", "\x1b]0;owned\x07"),
    "CSI clear screen": ("\\e[2J\\e[H", "\x1b[2J\x1b[H"),
    "CSI hidden text": ("\\e[8m", "\x1b[8m"),
    "C1 CSI": ("\\x9b31m", "\x9b31m"),
    "backspaces over a word": ("safe\\b\\b\\b\\b", "safe\b\b\b\b"),
    "bare carriage return": ("ok\\rEVIL", "ok\rEVIL"),
    "DEL and BEL": ("\\x7f\\a", "\x7f\x07"),
    "bidi override": ("\\u202e0001\\u202c", "\u202e0001\u202c"),
}
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def bad_characters(texts: list[str], where: str) -> list[str]:
    found = sorted({c for t in texts for c in BAD.findall(t)})
    return [f"{where} holds {''.join(found)!r}"] if found else []


def _waited(check: Callable[[], object], timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.2)
    return None


# -- the homes: one per value ---------------------------------------------------------------------------

def _zebra(escaped: str) -> str:
    return (f'---\ntitle: "Zebra rota {escaped} lessons"\npublisher: "Zebra {escaped} Trust"\n'
            f'enablers: [zebra-rotas]\npeople:\n  - name: "Dr Zed {escaped}Zebra"\n    role: "Chief {escaped} executive"\n'
            f'    organisation: "Zebra {escaped} Partnership"\n---\n\n# Zebra rota\n\n'
            "The zebra rota pooling across trusts was announced to every ward and kept staff safe. "
            "\u201cWe shared the zebra rota with every ward,\u201d said Dr Zed Zebra, chief executive. "
            "The zebra rota kept going through the winter.\n")


def _yak(raw: str) -> str:
    return ("---\ntitle: Yak rota lessons\npublisher: Yak Trust\n---\n\n# Yak rota\n\n"
            f"The yak rota pooling across trusts {raw} was announced to every ward {raw} and kept staff safe. "
            f"The yak rota kept going {raw} through the winter.\n")


def _dressed(home: Path, escaped: str, raw: str) -> None:
    knowledge = home / "knowledge"
    (knowledge / "sweep37-zebra.md").write_text(_zebra(escaped), encoding="utf-8")
    (knowledge / "sweep37-yak.md").write_text(_yak(raw), encoding="utf-8")
    (knowledge / "contacts.yaml").write_text(
        f'people:\n  - name: Dr Zed Zebra\n    region: "Zebra {escaped} ICS"\n    topics: ["zebra {escaped} rotas"]\n',
        encoding="utf-8")
    enablers = (knowledge / "enablers.yaml").read_text(encoding="utf-8")
    (knowledge / "enablers.yaml").write_text(enablers.rstrip() + (
        f'\n\n  - id: zebra-rotas\n    name: "Zebra {escaped} rotas"\n'
        f'    description: "Rotas pooled {escaped} across trusts."\n    synonyms: [zebra rotas]\n'), encoding="utf-8")


class Place:
    """One value's home, indexed, with a server answering Slack and Teams on it (started when first asked)."""

    def __init__(self, homes: Homes, dress: Callable[[Path], None]):
        self.homes, self.state = homes, {}
        self.home = homes.fresh()
        dress(self.home)
        rc, out, err = run_cli(["index"], base_env(self.home))
        self.problems = judge_cli(["index"], rc, out, err) + bad_characters([out, err], "`index`'s output")

    def server(self):
        if "server" not in self.state:
            self.state["home"] = self.home
            servers.start_both(self.state, self.homes)
        return self.state

    def close(self) -> list[str]:
        if "server" in self.state:
            return servers.stop(self.state, self.homes)
        self.homes.discard(self.home)
        return []


def cli_shown(home: Path, argv: list[str], word: str = "") -> list[str]:
    try:
        rc, out, err = run_cli(argv, base_env(home))
    except Hang as e:
        return [str(e)]
    problems = judge_cli(argv, rc, out, err)
    if word and word not in out.lower():
        problems.append(f"`peerbot {' '.join(argv)[:40]}` did not show the {word} lesson")
    if "--json" in argv and not rc:
        return problems + bad_characters(list(_strings(json.loads(out))), f"`peerbot {argv[0]} --json`")
    return problems + bad_characters([out, err], f"`peerbot {' '.join(argv)[:40]}`'s output")


def slack_shown(state: dict, question: str, word: str) -> list[str]:
    server, double = state["server"], state["double"]
    mark = len(server.lines)
    body = app_mention(question)
    problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
    posts = _waited(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
    if not posts:
        return problems + ["the mention was never answered"]
    texts = [str(p.get("text", "")) for p in posts] + [t for p in posts for t in _strings(p.blocks)]
    if word not in "\n".join(texts).lower():
        problems.append(f"the {word} lesson was not in the answer")
    return problems + bad_characters(texts, "the Slack answer") + server.problems_since(mark)


def teams_shown(state: dict, question: str, word: str) -> list[str]:
    server, connector, loop = state["server"], state["connector"], state["loop"]
    mark, before = len(server.lines), len(connector.posts)
    activity = message(connector.url, question, conversation=f"a:sweep37-{before}")
    status, _ = loop.run(send(f"{server.url}/api/messages", activity))
    problems = status_problems(status)
    try:
        posts = loop.run(connector.wait_for_posts(before + 1))
    except Exception:
        return problems + ["the Teams message was never answered"]
    texts = list(_strings(posts[before].activity))
    if word not in "\n".join(texts).lower():
        problems.append(f"the {word} lesson was not in the answer")
    return problems + bad_characters(texts, "the Teams answer") + server.problems_since(mark)


ZEBRA_Q, YAK_Q = "How did the zebra rota pooling work across trusts?", "How did the yak rota pooling work across trusts?"


def _cases(homes: Homes, family: str, make: Callable[[Callable[[], Place], str], Iterator[Case]],
           dress: Callable[[Path, str, str], None] = _dressed) -> Iterator[Case]:
    places: dict[str, Place] = {}
    for kind, (escaped, raw) in VALUES.items():
        def place(kind=kind, escaped=escaped, raw=raw) -> Place:
            if kind not in places:
                places[kind] = Place(homes, lambda home: dress(home, escaped, raw))
            return places[kind]
        yield from make(place, kind)
    yield Case(family, "teardown", lambda: [p for place in places.values() for p in place.close()])


def yaml_cases(homes: Homes) -> Iterator[Case]:
    def make(place: Callable[[], Place], kind: str) -> Iterator[Case]:
        yield Case("yaml37", f"{kind}: index", lambda: place().problems)
        yield Case("yaml37", f"{kind}: ask", lambda: cli_shown(place().home, ["ask", ZEBRA_Q], "zebra"))
        yield Case("yaml37", f"{kind}: contacts", lambda: cli_shown(place().home, ["contacts", "zebra"], "zebra"))
        yield Case("yaml37", f"{kind}: enabler", lambda: cli_shown(place().home, ["enabler", "zebra rotas"], "zebra"))
        yield Case("yaml37", f"{kind}: slack", lambda: slack_shown(place().server(), ZEBRA_Q, "zebra"))
        yield Case("yaml37", f"{kind}: teams", lambda: teams_shown(place().server(), ZEBRA_Q, "zebra"))
    return _cases(homes, "yaml37", make)


def body_cases(homes: Homes) -> Iterator[Case]:
    def make(place: Callable[[], Place], kind: str) -> Iterator[Case]:
        yield Case("body37", f"{kind}: ask", lambda: cli_shown(place().home, ["ask", YAK_Q], "yak"))
        yield Case("body37", f"{kind}: ask --json", lambda: cli_shown(place().home, ["ask", "--json", YAK_Q], "yak"))
        yield Case("body37", f"{kind}: slack", lambda: slack_shown(place().server(), YAK_Q, "yak"))
        yield Case("body37", f"{kind}: teams", lambda: teams_shown(place().server(), YAK_Q, "yak"))
    return _cases(homes, "body37", make)


# -- reply37 and sidecar37: the other YAML files a reader is shown ---------------------------------------

HACK_Q = "How can I hack into a colleague's email account?"


def _reply_dressed(home: Path, escaped: str, raw: str) -> None:
    """out_of_scope.yaml's reply for getting round the rules, written with the value's YAML escapes."""
    path = home / "knowledge" / "out_of_scope.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    reply: peerbot can't help with getting round security")
    end = text.index("\n", start)
    path.write_text(f'{text[:start]}    reply: "Ask your {escaped} information governance team{escaped}."{text[end:]}',
                    encoding="utf-8")


def reply_cases(homes: Homes) -> Iterator[Case]:
    def make(place: Callable[[], Place], kind: str) -> Iterator[Case]:
        yield Case("reply37", f"{kind}: ask", lambda: cli_shown(place().home, ["ask", HACK_Q], "governance"))
        yield Case("reply37", f"{kind}: slack", lambda: slack_shown(place().server(), HACK_Q, "governance"))
        yield Case("reply37", f"{kind}: teams", lambda: teams_shown(place().server(), HACK_Q, "governance"))
    return _cases(homes, "reply37", make, _reply_dressed)


PAGE = ("<html><head><title>Ibis rota</title></head><body><h1>Ibis rota</h1><p>The ibis rota pooling across "
        "trusts was announced to every ward and kept staff safe through the winter.</p></body></html>")
IBIS_Q = "How did the ibis rota pooling work across trusts?"


def _sidecar_dressed(home: Path, escaped: str, raw: str) -> None:
    """A web page with a `.meta.yaml` sidecar whose title and publisher hold the value's YAML escapes."""
    (home / "knowledge" / "sweep37-ibis.html").write_text(PAGE, encoding="utf-8")
    (home / "knowledge" / "sweep37-ibis.meta.yaml").write_text(
        f'title: "Ibis {escaped} rota lessons"\npublisher: "Ibis {escaped} Trust"\n', encoding="utf-8")


def sidecar_cases(homes: Homes) -> Iterator[Case]:
    def make(place: Callable[[], Place], kind: str) -> Iterator[Case]:
        yield Case("sidecar37", f"{kind}: ask --json", lambda: cli_shown(place().home, ["ask", "--json", IBIS_Q], "ibis"))
        yield Case("sidecar37", f"{kind}: slack", lambda: slack_shown(place().server(), IBIS_Q, "ibis"))
        yield Case("sidecar37", f"{kind}: teams", lambda: teams_shown(place().server(), IBIS_Q, "ibis"))
    return _cases(homes, "sidecar37", make, _sidecar_dressed)


# -- lines37: typed text quoted back on the command line ----------------------------------------------

def _lines_argv(home: Path, raw: str) -> dict[str, list[str]]:
    questions = home / "questions37.jsonl"
    questions.write_text(json.dumps({"q": "How did the trusts share staff?", f"zz{raw}": 1}) + "\n", encoding="utf-8")
    return {"eval, an unknown field": ["eval", str(questions)], "lessons approve": ["lessons", "approve", f"9{raw}"],
            "contacts": ["contacts", f"zz{raw}"], "forget --channel": ["forget", "--channel", f"C0SWEEP{raw}"],
            "ask": ["ask", f"How do trusts run{raw} zebra crossings together?"]}


LINE_COMMANDS = ("eval, an unknown field", "lessons approve", "contacts", "forget --channel", "ask")


def lines_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for kind, (_, raw) in VALUES.items():
        for command in LINE_COMMANDS:
            def run(raw=raw, command=command) -> list[str]:
                home = state.setdefault("home", homes.fresh())
                argv = _lines_argv(home, raw)[command]
                try:
                    rc, out, err = run_cli(argv, base_env(home))
                except Hang as e:
                    return [str(e)]
                return judge_cli(argv, rc, out, err) + bad_characters([out, err], f"`peerbot {argv[0]}`'s output")
            yield Case("lines37", f"{kind}: {command}", run)
    yield Case("lines37", "teardown", lambda: (homes.discard(state["home"]) if "home" in state else None) or [])


# -- chat37: typed in chat, read in the curator's terminal ---------------------------------------------

LESSON = {"did": "We pooled theatre lists across three trusts.", "learned": "Agree the rules first.",
          "organisation": "Example Surgical Collaborative", "enablers": ["building-trust"], "contact": "",
          "contact_agreed": False, "contributor": "", "contributor_named": False}


def chat_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def server() -> dict:
        if "server" not in state:
            servers.start_both(state, homes)
        return state

    def slack_question(raw: str) -> list[str]:
        s = server()
        body = app_mention(f"How do we run a walrus{raw} rota across trusts?")
        problems = status_problems(SlackSender(f"{s['server'].url}/slack/events").event(body).status)
        posts = _waited(lambda: s["double"].calls_to("chat.postMessage", thread_ts=body["event"]["ts"]))
        if not posts:
            problems.append("the mention was never answered")
        texts = [t for p in posts or [] for t in [str(p.get("text", "")), *_strings(p.blocks)]]
        return problems + bad_characters(texts, "the Slack answer") + cli_shown(s["home"], ["digest", "--preview"])

    def teams_question(raw: str) -> list[str]:
        s = server()
        before = len(s["connector"].posts)
        activity = message(s["connector"].url, f"How do we run a heron{raw} rota across trusts?",
                           conversation=f"a:sweep37-chat-{before}")
        status, _ = s["loop"].run(send(f"{s['server'].url}/api/messages", activity))
        problems = status_problems(status)
        try:
            posts = s["loop"].run(s["connector"].wait_for_posts(before + 1))
            problems += bad_characters(list(_strings(posts[before].activity)), "the Teams answer")
        except Exception:
            problems.append("the Teams message was never answered")
        return problems + cli_shown(s["home"], ["digest", "--preview"])

    def slack_lesson(raw: str) -> list[str]:
        s = server()
        double, url = s["double"], f"{s['server'].url}/slack/events"
        opened = len(double.views) if hasattr(double, "views") else 0
        SlackSender(url).command(slash_command("/lesson", "Boards", double.response_url()))
        if not _waited(lambda: len(double.views) > opened, 30):
            return ["the lesson form never opened"]
        fields = {**LESSON, "title": f"Otter rota{raw} lessons", "did": f"We pooled the otter rota{raw} across trusts."}
        reviewed = len(double.calls_to("chat.postMessage", channel=servers.REVIEW))
        problems = status_problems(SlackSender(url).interaction(view_submission(double.views[-1], fields)).status)
        posts = _waited(lambda: double.calls_to("chat.postMessage", channel=servers.REVIEW)[reviewed:], 30)
        if not posts:
            problems.append("the lesson was never posted for review")
        texts = [t for p in posts or [] for t in [str(p.get("text", "")), *_strings(p.blocks)]]
        return problems + bad_characters(texts, "the review post") + cli_shown(s["home"], ["lessons"], "otter")

    def teams_team(raw: str) -> list[str]:
        s = server()
        added = installation(s["connector"].url, "add", conversation=f"19:sweep37-{len(s['connector'].posts)}@thread.tacv2")
        added["channelData"]["team"]["name"] = f"Collaboration{raw} leads"
        status, _ = s["loop"].run(send(f"{s['server'].url}/api/messages", added))
        problems = status_problems(status)
        time.sleep(1)
        return problems + cli_shown(s["home"], ["teams-conversations"], "collaboration")

    for kind, (_, raw) in VALUES.items():
        yield Case("chat37", f"{kind}: teams team name, teams-conversations", lambda raw=raw: teams_team(raw))
        yield Case("chat37", f"{kind}: slack question, digest --preview", lambda raw=raw: slack_question(raw))
        yield Case("chat37", f"{kind}: teams question, digest --preview", lambda raw=raw: teams_question(raw))
        yield Case("chat37", f"{kind}: slack lesson, lessons", lambda raw=raw: slack_lesson(raw))
    yield Case("chat37", "teardown", lambda: servers.stop(state, homes) if "server" in state else [])


FAMILIES = {"yaml37": yaml_cases, "body37": body_cases, "reply37": reply_cases, "sidecar37": sidecar_cases,
            "lines37": lines_cases, "chat37": chat_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s50-hostile-sweep37-", 1, lambda family, jobs: 1))
