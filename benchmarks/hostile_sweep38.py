"""The thirty-eighth hostile sweep (held-out faults): lines peerbot writes to a terminal or a log that
sweep 37 did not read, each holding a value that acts on a terminal (sweep 37's escape codes, C1
controls, backspaces, carriage return, DEL, bidi override) or that breaks the line so typed text starts a
line of its own (`peerbot: error: FORGED` after a line break, CRLF, U+2028 or a vertical tab and line
break). Through the real `peerbot` (hashing model) and a real `peerbot serve` on 127.0.0.1 with the
local Slack and Teams doubles (real signing).

Checked against sweeps 1-37 (grep of their case lists): sweep 37 looked for control and bidi characters
only, never for a line break that splits a line; none read `import`'s lines about a file's name, a typed
`digest --week`, `contacts --withdraw NAME`'s line, a contacts.yaml name in `peerbot contacts`, or
`serve`'s log of what Slack says (the workspace's name, typed by its admin).

- `cli38`: typed on the command line: `digest --preview --week`, `lessons approve ID`, `forget --channel
  ID`, `contacts --withdraw NAME`, `contacts NAME`.
- `import38`: `peerbot import` of a web page and of a file it does not convert, each named with the value.
- `contacts38`: contacts.yaml's person named with the value (YAML escapes), then `peerbot contacts`.
- `chat38`: a Slack lesson titled with the value, then `peerbot lessons`; a Teams team named with it, then
  `peerbot teams-conversations`; a Slack workspace named with it (auth.test), then `serve`'s log.

Pass: no traceback; no C0 control (but tab and line break), DEL, C1 control, bidi embedding, override or
isolate, or U+2028/U+2029 in the output or log; no line that typed text started (`peerbot: error: FORGED`).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep38.py --hang 90 [--only cli38 import38 contacts38 chat38] [--code EXPORT]
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from hostile_sweep37 import LESSON, VALUES, _waited, bad_characters  # noqa: E402
from slack_double import SlackDouble, SlackSender, slash_command, view_submission  # noqa: E402
from teams_doubles import installation, send  # noqa: E402

FORGED = "peerbot: error: FORGED"
LINES = {"line break": f"\n{FORGED}", "CRLF": f"\r\n{FORGED}", "line separator U+2028": f"\u2028{FORGED}",
         "vertical tab, line break": f"\x0b\n{FORGED}"}
RAW: dict[str, str] = {kind: raw for kind, (_, raw) in VALUES.items()} | LINES
ESCAPED: dict[str, str] = {kind: escaped for kind, (escaped, _) in VALUES.items()} | {
    "line break": f"\\n{FORGED}", "CRLF": f"\\r\\n{FORGED}", "line separator U+2028": f"\\u2028{FORGED}",
    "vertical tab, line break": f"\\v\\n{FORGED}"}
SEPARATORS = ("\u2028", "\u2029")


def unreadable(texts: list[str], where: str) -> list[str]:
    """Control and bidi characters (bad_characters), line separators, and lines typed text started."""
    problems = bad_characters(texts, where)
    if any(s in t for t in texts for s in SEPARATORS):
        problems.append(f"{where} holds a Unicode line separator")
    if any(line.lstrip().startswith(FORGED) for t in texts for line in t.split("\n")):
        problems.append(f"{where}: typed text started a line of its own")
    return problems


def shown(home: Path, argv: list[str], word: str = "") -> list[str]:
    try:
        rc, out, err = run_cli(argv, base_env(home))
    except Hang as e:
        return [str(e)]
    problems = judge_cli(argv, rc, out, err)
    if word and word not in out.lower():
        problems.append(f"`peerbot {argv[0]}` did not show the {word}")
    return problems + unreadable([out, err], f"`peerbot {' '.join(argv)[:30]!r}`'s output")


# -- cli38: typed on the command line -------------------------------------------------------------------

def _argv(raw: str) -> dict[str, list[str]]:
    return {"digest --week": ["digest", "--preview", "--week", f"2026-W47{raw}"],
            "lessons approve": ["lessons", "approve", f"3{raw}"], "forget --channel": ["forget", "--channel", f"C0{raw}"],
            "contacts --withdraw": ["contacts", "--withdraw", f"Dr Zed{raw} Zebra"], "contacts NAME": ["contacts", f"zz{raw}"]}


def cli_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for kind, raw in RAW.items():
        for command, argv in _argv(raw).items():
            yield Case("cli38", f"{kind}: {command}",
                       lambda argv=argv: shown(state.setdefault("home", homes.fresh()), argv))
    yield Case("cli38", "teardown", lambda: (homes.discard(state["home"]) if "home" in state else None) or [])


# -- import38: file names ----------------------------------------------------------------------------

PAGE = ("<html><head><title>Otter rota</title></head><body><p>We pooled the otter rota across three trusts and "
        "kept it going through the winter.</p></body></html>")


def import_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for kind, raw in RAW.items():
        for name, text in ((f"otter{raw}.html", PAGE), (f"heron{raw}.xyz", "not a document peerbot converts")):
            def run(name=name, text=text) -> list[str]:
                home = state.setdefault("home", homes.fresh())
                path = home / name.replace("/", "-")
                path.write_text(text, encoding="utf-8")
                return shown(home, ["import", str(path)])
            yield Case("import38", f"{kind}: import {name[:5]}", run)
    yield Case("import38", "teardown", lambda: (homes.discard(state["home"]) if "home" in state else None) or [])


# -- contacts38: a contacts.yaml name ----------------------------------------------------------------

def contacts_cases(homes: Homes) -> Iterator[Case]:
    for kind, escaped in ESCAPED.items():
        def run(escaped=escaped) -> list[str]:
            home = homes.fresh()
            try:
                (home / "knowledge" / "contacts.yaml").write_text(
                    f'people:\n  - name: "Dr Zed{escaped} Zebra"\n    region: Zebra ICS\n    topics: [zebra rotas]\n',
                    encoding="utf-8")
                return shown(home, ["contacts"], "zebra")
            finally:
                homes.discard(home)
        yield Case("contacts38", f"{kind}: contacts", run)


# -- chat38: typed in chat, read in the terminal or the log --------------------------------------------

def chat_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def server() -> dict:
        if "server" not in state:
            servers.start_both(state, homes)
        return state

    def slack_lesson(raw: str) -> list[str]:
        s = server()
        double, url = s["double"], f"{s['server'].url}/slack/events"
        opened = len(double.views)
        SlackSender(url).command(slash_command("/lesson", "Boards", double.response_url()))
        if not _waited(lambda: len(double.views) > opened, 30):
            return ["the lesson form never opened"]
        reviewed = len(double.calls_to("chat.postMessage", channel=servers.REVIEW))
        fields = {**LESSON, "title": f"Otter rota{raw} lessons"}
        problems = status_problems(SlackSender(url).interaction(view_submission(double.views[-1], fields)).status)
        if not _waited(lambda: double.calls_to("chat.postMessage", channel=servers.REVIEW)[reviewed:], 30):
            problems.append("the lesson was never posted for review")
        return problems + shown(s["home"], ["lessons"], "otter")

    def teams_team(raw: str) -> list[str]:
        s = server()
        mark = len(s["server"].lines)
        added = installation(s["connector"].url, "add", conversation=f"19:sweep38-{len(s['server'].lines)}@thread.tacv2")
        added["channelData"]["team"]["name"] = f"Collaboration{raw} leads"
        status, _ = s["loop"].run(send(f"{s['server'].url}/api/messages", added))
        return (status_problems(status) + shown(s["home"], ["teams-conversations"], "collaboration")
                + unreadable(s["server"].lines[mark:], "serve's log"))

    def workspace(raw: str) -> list[str]:
        home = homes.fresh()
        with SlackDouble(team_name=f"Peerbot{raw} Test") as double:
            server = servers.Server(home, **servers.slack_env(double)).ready()
            problems = server.stop()
        homes.discard(home)
        log = server.lines
        if not any("Slack: connected as" in line for line in log):
            problems.append("serve never logged its Slack workspace")
        return problems + unreadable(log, "serve's log")

    for kind, raw in RAW.items():
        yield Case("chat38", f"{kind}: slack lesson title, lessons", lambda raw=raw: slack_lesson(raw))
        yield Case("chat38", f"{kind}: teams team name, teams-conversations and log", lambda raw=raw: teams_team(raw))
        yield Case("chat38", f"{kind}: slack workspace name, serve's log", lambda raw=raw: workspace(raw))
    yield Case("chat38", "teardown", lambda: servers.stop(state, homes) if "server" in state else [])


FAMILIES = {"cli38": cli_cases, "import38": import_cases, "contacts38": contacts_cases, "chat38": chat_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s51-hostile-sweep38-", 1, lambda family, jobs: 1))
