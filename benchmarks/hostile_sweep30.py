"""The thirtieth hostile sweep: damaged corpus documents, a damaged data folder, HTTP payloads of new
wrong shapes, and the question streams of `ask --json -` and `eval`, each through the real `peerbot` on a
copy of a built corpus (hashing model). Made by mutating a valid example where there is one: a real
PDF, Word file and web page (tests/documents_factory.py), the live generation's files, the valid
payloads of tests/slack_double.py and tests/teams_doubles.py.

- `docs30`: a PDF and a .docx cut short or bit-flipped, a .docx whose XML is malformed, holds an
  entity expansion or a 300 MB entry, web pages in UTF-16 without a BOM, under a wrong or unknown meta
  charset, with NULs; Markdown with duplicated, huge or broken front matter, binary bytes; a folder link
  loop, a link to itself, a named pipe, 0-byte files of each kind, files that vanish or change while
  `index` reads them. Pass: `import FILE` (.pdf/.docx/.html) and `index` each an answer or one `peerbot`
  line, status 1 or 2, no traceback and no hang; `ask` still answers.
- `data30`: `vectors.faiss` bit-flipped, a page of `index.db` or `peerbot.db` overwritten, a
  half-written generation folder (alone, or named by `current`), under `ask`, `lessons`, `index`; and
  `serve` reloading onto a generation so damaged. Pass: as `docs30`, `index` then leaves an index that
  answers, and the server keeps answering with no traceback.
- `shapes30`: signed Slack payloads of kinds peerbot does not handle (view_closed, block_suggestion,
  dialog_submission, a global shortcut, an unknown callback id, interactive_message) and the lesson
  form's `state.values` at each depth of the wrong type; Teams invokes and activities of new kinds.
  Pass: 2xx or 4xx, no traceback, the server still answering.
- `stdin30`: `ask --json -` given invalid UTF-8, UTF-16, NULs, bare CRs, JSON per line, 20,000 blank
  lines; `eval` given UTF-16, a BOM, a JSON array, NULs, a line cut short, an empty file, a folder,
  a named pipe with nothing written. Pass: as `docs30`.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep30.py [--only docs30 data30 shapes30 stdin30] [--code EXPORT]
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from hostile_sweep5 import _pending_lesson  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
CLASS_NAME = re.compile(r"\b[A-Za-z]*(?:Error|Exception|Warning)\b")
CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def checked(argv: list[str], env: dict, stdin: bytes | None = None) -> list[str]:
    """`hostile_sweep.checked`, and a `peerbot` line naming a Python exception class is a problem too
    (a person is told what went wrong in words, never `corrupt (PSSyntaxError)`)."""
    try:
        rc, out, err = run_cli(argv, env, stdin)
    except hostile_sweep.Hang as e:
        return [str(e)]
    named = [line for line in err.splitlines() if line.startswith("peerbot") and CLASS_NAME.search(line)]
    return judge_cli(argv, rc, out, err) + [f"`peerbot {argv[0]}` names a class: {line[-120:]!r}" for line in named[:1]]


def _corpus_controls(home: Path) -> list[str]:
    """The Markdown `peerbot import` wrote holding control characters."""
    written = home / "knowledge" / "damaged-30.md"
    return ["damaged-30.md written with control characters"] if written.is_file() and CONTROLS.search(
        written.read_bytes()) else []


SAMPLES: dict[str, bytes] = {}
MAKING = threading.Lock()


def _samples() -> dict[str, bytes]:
    """A real PDF, Word file and web page, made once."""
    with MAKING:
        if not SAMPLES:
            from documents_factory import single_column_pdf
            from documents_office import make_docx, make_html_article
            with tempfile.TemporaryDirectory(prefix="sweep30-samples-") as folder:
                for make in (single_column_pdf, make_docx, make_html_article):
                    sample = make(Path(folder))
                    SAMPLES[sample.path.suffix] = sample.path.read_bytes()
    return SAMPLES


def _flipped(data: bytes, share: float, seed: int) -> bytes:
    """`data` with about `share` of its bytes XORed with a random non-zero byte (fixed by `seed`)."""
    chance = random.Random(seed)
    out = bytearray(data)
    for i in chance.sample(range(len(out)), max(1, int(len(out) * share))):
        out[i] ^= chance.randrange(1, 256)
    return bytes(out)


def _docx_with(entry: str, content: bytes) -> bytes:
    """The sample .docx with one zip entry replaced."""
    source = zipfile.ZipFile(io.BytesIO(_samples()[".docx"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != entry:
                target.writestr(item, source.read(item.filename))
        target.writestr(entry, content)
    return buffer.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(9))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            b"<w:t>&j;</w:t></w:r></w:p></w:body></w:document>")


def _bomb() -> bytes:
    """A .docx whose document.xml inflates to 300 MB (of one XML comment)."""
    source = zipfile.ZipFile(io.BytesIO(_samples()[".docx"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item.filename))
        head, tail = source.read("word/document.xml").split(b"<w:body>", 1)
        with target.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(head + b"<w:body><!--")
            for _ in range(300):
                entry.write(b" " * (1 << 20))
            entry.write(b"-->" + tail)
    return buffer.getvalue()


def _html(kind: str) -> bytes:
    page = _samples()[".html"].decode()
    if kind == "utf-16 no BOM":
        return page.encode("utf-16-le")
    if kind == "meta charset shift_jis, bytes utf-8":
        return page.replace('charset="utf-8"', 'charset="shift_jis"').replace("the ", "the \u2019\u00e9 ", 40).encode()
    if kind == "meta charset unknown":
        return page.replace('charset="utf-8"', 'charset="x-no-such-charset"').encode()
    if kind == "NULs":
        return page.replace("<p>", "<p>\0\0", 20).replace("</title>", "\0</title>").encode()
    raise KeyError(kind)


FRONT = {
    "duplicated keys": "---\ntitle: One\ntitle: Two\npeople: []\npeople: [{name: X}]\n---\n\nThe trusts pooled bank staff.\n",
    "huge title": "---\ntitle: " + "T" * 2_000_000 + "\n---\n\nThe trusts pooled bank staff.\n",
    "10,000 keys": "---\ntitle: Many\n" + "".join(f"k{i}: {i}\n" for i in range(10_000)) + "---\n\nBody text.\n",
    "tab indentation": "---\ntitle: Tabs\npeople:\n\t- name: X\n---\n\nBody text.\n",
    "unclosed quote": '---\ntitle: "never closed\n---\n\nBody text.\n',
    "three fences": "---\ntitle: A\n---\n---\ntitle: B\n---\n\nBody text.\n",
}


def _write_mutants(folder: Path) -> dict[str, bytes]:
    s = _samples()
    return {
        "pdf cut at half": s[".pdf"][: len(s[".pdf"]) // 2], "pdf cut before %%EOF": s[".pdf"][:-40],
        "pdf 1% bit-flipped": _flipped(s[".pdf"], 0.01, 1), "pdf header flipped": _flipped(s[".pdf"][:64], 0.2, 2)
        + s[".pdf"][64:],
        "docx cut at half": s[".docx"][: len(s[".docx"]) // 2], "docx 1% bit-flipped": _flipped(s[".docx"], 0.01, 3),
        "docx malformed XML": _docx_with("word/document.xml", b"<w:document><w:body><w:p>unclosed"),
        "docx entity expansion": _docx_with("word/document.xml", LAUGHS),
        "docx core.xml binary": _docx_with("docProps/core.xml", bytes(range(256)) * 8),
    }


def docs_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, arrange: Callable[[Path], Path | None], importing: bool = True) -> Case:
        def run() -> list[str]:
            home, env = _env(homes, state)
            made = arrange(home)
            problems = []
            if importing and made is not None and made.suffix in (".pdf", ".docx", ".html"):
                problems += checked(["import", str(made)], env) + _corpus_controls(home)
            if made is not None and made.parent != home / "knowledge":
                shutil.copy(made, home / "knowledge" / made.name)
            return problems + checked(["index"], env) + _answers(env)
        return Case("docs30", name, run)

    def file_of(suffix: str, content: Callable[[], bytes]) -> Callable[[Path], Path]:
        def arrange(home: Path) -> Path:
            path = home / f"damaged-30{suffix}"
            path.write_bytes(content())
            return path
        return arrange

    for name in ("pdf cut at half", "pdf cut before %%EOF", "pdf 1% bit-flipped", "pdf header flipped"):
        yield case(name, file_of(".pdf", lambda n=name: _write_mutants(Path())[n]))
    for name in ("docx cut at half", "docx 1% bit-flipped", "docx malformed XML", "docx entity expansion",
                 "docx core.xml binary"):
        yield case(name, file_of(".docx", lambda n=name: _write_mutants(Path())[n]))
    yield case("docx with a 300 MB entry", file_of(".docx", _bomb))
    for kind in ("utf-16 no BOM", "meta charset shift_jis, bytes utf-8", "meta charset unknown", "NULs"):
        yield case(f"html {kind}", file_of(".html", lambda k=kind: _html(k)))
    for name, text in FRONT.items():
        yield case(f"md front matter {name}", lambda h, t=text: _put(h, "front-30.md", t.encode()))
    yield case("md binary bytes", lambda h: _put(h, "binary-30.md", b"# Binary\n\n" + bytes(range(256)) * 64))
    yield case("md of UTF-16 with a BOM", lambda h: _put(h, "utf16-30.md", "# Sixteen\n\nThe trusts pooled staff.\n"
                                                          .encode("utf-16")))
    yield case("folder link loop", lambda h: _link(h / "knowledge" / "loop", Path("..")))
    yield case("file link to itself", lambda h: _link(h / "knowledge" / "self-30.md", Path("self-30.md")))
    yield case("named pipe .md", lambda h: (os.mkfifo(h / "knowledge" / "pipe-30.md"), None)[1])
    yield case("0-byte file of each kind", lambda h: [(h / "knowledge" / f"empty-30{s}").write_bytes(b"")
                                                       for s in (".md", ".txt", ".pdf", ".docx", ".html", ".htm")]
               and None)
    yield Case("docs30", "files vanish while index reads them", lambda: _racing(homes, state, "vanish"))
    yield Case("docs30", "files change while index reads them", lambda: _racing(homes, state, "change"))


def _put(home: Path, name: str, content: bytes) -> None:
    (home / "knowledge" / name).write_bytes(content)


def _link(path: Path, target: Path) -> None:
    path.symlink_to(target)


def _racing(homes: Homes, state: dict, how: str) -> list[str]:
    """`index` of 400 new documents, half of them deleted or rewritten as binary while it reads."""
    home, env = _env(homes, state)
    names = [home / "knowledge" / f"race-{i:03d}.md" for i in range(400)]
    for i, path in enumerate(names):
        path.write_text(f"# Race {i}\n\nThe trusts pooled bank staff number {i}. " * 30)
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def meddle() -> None:
        time.sleep(1.0)
        for path in names[::2]:
            if how == "vanish":
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(b"---\ntitle: [\n" + bytes(range(256)))
            time.sleep(0.005)
    thread = threading.Thread(target=meddle)
    thread.start()
    try:
        out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"] * 4)
    except subprocess.TimeoutExpired:
        process.kill()
        return ["`peerbot index` still running while files changed under it"]
    finally:
        thread.join()
    problems = judge_cli(["index"], process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))
    return problems + checked(["index"], env) + _answers(env)


def _env(homes: Homes, state: dict) -> tuple[Path, dict]:
    home = homes.fresh()
    state.setdefault("homes", []).append(home)
    return home, base_env(home)


def _answers(env: dict) -> list[str]:
    try:
        rc, out, err = run_cli(["ask", QUESTION], env)
    except hostile_sweep.Hang as e:
        return [str(e)]
    return [] if rc == 0 and out.strip() else [f"no answer afterwards (exit {rc}: {err.strip()[-160:]!r})"]


def _generation(home: Path) -> Path:
    current = home / "data" / "index" / "current"
    name = current.read_text().strip() if current.is_file() else os.readlink(current)
    return home / "data" / "index" / Path(name).name


def _page(path: Path, where: int | str, seed: int) -> None:
    """A SQLite page (`where`: its 1-based number, "middle" or "last") overwritten with random bytes."""
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    pages = max(1, len(data) // size)
    number = where if isinstance(where, int) else pages if where == "last" else max(1, pages // 2)
    chance = random.Random(seed)
    garbage = bytes(chance.randrange(256) for _ in range(size))
    with path.open("r+b") as handle:
        handle.seek((number - 1) * size)
        handle.write(garbage)


def _flip_file(path: Path, share: float, seed: int) -> None:
    path.write_bytes(_flipped(path.read_bytes(), share, seed))


def _half_written(home: Path, named: bool) -> None:
    """A newer generation folder as a killed build leaves it: half an index.db, no vectors, no checksums."""
    live = _generation(home)
    half = live.parent / f"{live.name}-half30"
    half.mkdir()
    data = (live / "index.db").read_bytes()
    (half / "index.db").write_bytes(data[: len(data) // 2])
    if named:
        current = home / "data" / "index" / "current"
        if current.is_symlink():
            current.unlink()
            current.symlink_to(half.name)
        else:
            current.write_text(half.name + "\n")


def _flip_header(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(_flipped(data[:48], 0.3, 6) + data[48:])


GENERATION: dict[str, Callable[[Path], None]] = {  # damage to a generation folder
    "vectors.faiss 0.1% bit-flipped": lambda g: _flip_file(g / "vectors.faiss", 0.001, 5),
    "vectors.faiss header flipped": lambda g: _flip_header(g / "vectors.faiss"),
    "index.db page 1 overwritten": lambda g: _page(g / "index.db", 1, 7),
    "index.db page 2 overwritten": lambda g: _page(g / "index.db", 2, 8),
    "index.db a middle page overwritten": lambda g: _page(g / "index.db", "middle", 9),
}
DATA: dict[str, Callable[[Path], None]] = {  # damage to a home's data folder
    **{name: lambda h, d=damage: d(_generation(h)) for name, damage in GENERATION.items()},
    "peerbot.db page 2 overwritten": lambda h: _page(h / "data" / "peerbot.db", 2, 10),
    "peerbot.db last page overwritten": lambda h: _page(h / "data" / "peerbot.db", "last", 11),
    "half-written generation beside": lambda h: _half_written(h, named=False),
    "half-written generation named by current": lambda h: _half_written(h, named=True),
}


def data_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for name, damage in DATA.items():
        def run(d=damage) -> list[str]:
            home, env = _env(homes, state)
            d(home)
            problems = checked(["ask", QUESTION], env) + checked(["lessons"], env) + checked(["index"], env)
            return problems + _answers(env)
        yield Case("data30", name, run)
    for name in ("vectors.faiss 0.1% bit-flipped", "index.db page 2 overwritten"):
        yield Case("data30", f"serve reloads onto a new generation with {name}",
                   lambda n=name: _reload(homes, n))


def _reload(homes: Homes, damage: str) -> list[str]:
    """`serve` answering; a second corpus's build is made beside it, damaged, and named by `current`."""
    home = homes.fresh()
    double_state: dict = {"home": home}
    servers.start(double_state, homes, lambda double: servers.slack_env(double, PEERBOT_RELOAD_SECONDS="1"))
    server = double_state["server"]
    mark = len(server.lines)
    problems: list[str] = []
    try:
        other = homes.fresh()
        (other / "knowledge" / "added-30.md").write_text("# Added\n\nThe trusts pooled bank staff across sites.\n")
        problems += checked(["index"], base_env(other))
        built = _generation(other)
        target = home / "data" / "index" / f"{built.name}-new30"
        shutil.copytree(built, target)
        GENERATION[damage](target)
        current = home / "data" / "index" / "current"
        if current.is_symlink():
            current.unlink()
            current.symlink_to(target.name)
        else:
            current.write_text(target.name + "\n")
        time.sleep(4)
        from slack_double import SlackSender, app_mention
        sent = SlackSender(f"{server.url}/slack/events").event(app_mention(QUESTION)).status
        problems += status_problems(sent)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not double_state["double"].calls_to("chat.postMessage"):
            time.sleep(0.3)
        if not double_state["double"].calls_to("chat.postMessage"):
            problems.append("a question after the damaged reload never answered")
        problems += server.problems_since(mark)
        homes.discard(other)
    finally:
        problems += servers.stop(double_state, homes)
    return problems


def shape_cases(homes: Homes) -> Iterator[Case]:
    from slack_double import TEAM_ID, SlackSender, form_values
    from teams_doubles import message
    state: dict = {}

    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def case(name: str, send: Callable[[str], int]) -> Case:
        def run() -> list[str]:
            setup()
            server = state["server"]
            mark = len(server.lines)
            status = send(server.url)
            problems = status_problems(status) + server.problems_since(mark, settle=0.5)
            if status < 0 or server.process.poll() is not None:
                servers.restart(state)
            return problems
        return Case("shapes30", name, run)

    user = {"id": "U061F7AUR", "name": "jane", "team_id": TEAM_ID}

    def interaction(payload: dict) -> Callable[[str], int]:
        return lambda url: SlackSender(f"{url}/slack/events").interaction(payload).status

    view = {"id": "V1", "type": "modal", "callback_id": "lesson_submit", "private_metadata": "{}", "state": {
        "values": form_values({"title": "x", "summary": "y"})}}
    for name, payload in {
        "view_closed": {"type": "view_closed", "user": user, "team": {"id": TEAM_ID}, "view": view, "is_cleared": False},
        "block_suggestion": {"type": "block_suggestion", "user": user, "team": {"id": TEAM_ID}, "action_id": "enablers",
                             "block_id": "enablers", "value": "wor", "view": view},
        "dialog_submission": {"type": "dialog_submission", "user": user, "team": {"id": TEAM_ID}, "callback_id": "x",
                              "submission": {"a": [1]}, "response_url": "http://127.0.0.1:1/x", "channel": {"id": "C1"}},
        "global shortcut": {"type": "shortcut", "user": user, "team": {"id": TEAM_ID}, "callback_id": "ask_peerbot",
                            "trigger_id": "1.2.3"},
        "message_action unknown callback": {"type": "message_action", "user": user, "team": {"id": TEAM_ID},
                                            "callback_id": "no_such_thing", "message": {"text": "x", "ts": "1.1"},
                                            "channel": {"id": "C1"}, "trigger_id": "1.2.3"},
        "interactive_message": {"type": "interactive_message", "user": user, "team": {"id": TEAM_ID},
                                "callback_id": "x", "actions": [{"name": "a", "value": {"v": [1]}}]},
        "workflow_step_edit": {"type": "workflow_step_edit", "user": user, "team": {"id": TEAM_ID},
                               "callback_id": "x", "workflow_step": []},
    }.items():
        yield case(f"slack:{name}", interaction(payload))
    for where, value in {"values a list": [], "a block a string": {"title": "x"},
                         "an action a list": {"title": [1, 2]}, "value a dict": {"title": {"value": {"v": 1}}},
                         "selected_options of numbers": {"title": {"value": {"type": "multi_static_select",
                                                                             "selected_options": [1, None]}}},
                         "value 1 MB": {"title": {"value": {"type": "plain_text_input", "value": "x" * 1_000_000}}}
                         }.items():
        payload = {"type": "view_submission", "user": user, "team": {"id": TEAM_ID}, "api_app_id": "A1",
                   "view": {**view, "state": {"values": value}}, "response_urls": []}
        yield case(f"slack:lesson form state {where}", interaction(payload))

    def teams(make: Callable[[str], dict]) -> Callable[[str], int]:
        return lambda url: post(f"{url}/api/messages", json.dumps(make(state["connector"].url)).encode(),
                                {"Content-Type": "application/json"})

    def of(kind: str, **extra) -> Callable[[str], dict]:
        return lambda u: {**message(u, ""), "type": kind, **extra}

    for name, make in {
        "invoke adaptiveCard/action value a list": of("invoke", name="adaptiveCard/action", value=[{"action": 1}]),
        "invoke message/submitAction value a number": of("invoke", name="message/submitAction", value=5),
        "invoke composeExtension/fetchTask data null": of("invoke", name="composeExtension/fetchTask",
                                                          value={"commandId": None, "messagePayload": [1]}),
        "messageReaction reactionsAdded dict": of("messageReaction", reactionsAdded={"type": "like"}),
        "conversationUpdate channelData.team a list": of("conversationUpdate", channelData={"team": [1],
                                                                                             "eventType": "teamRenamed"}),
        "conversationUpdate membersAdded with null ids": of("conversationUpdate", membersAdded=[{"id": None}, {}]),
        "message value (imBack) of wrong types": of("message", text=None, value={"action": {"data": [1]}}),
        "event activity with a name and no value": of("event", name="application/vnd.microsoft.meetingStart"),
    }.items():
        yield case(f"teams:{name}", teams(make))
    yield Case("shapes30", "teardown", lambda: servers.stop(state, homes))


STREAMS: dict[str, bytes] = {
    "invalid UTF-8": b"shared staff \xff\xfe bank\n\xc3\x28 trust\n",
    "UTF-16 with a BOM": "shared staff bank\nboard\n".encode("utf-16"),
    "NULs": b"shared\0staff bank\n\0\0\0\n",
    "bare CRs": b"shared staff bank\rboard level\rtrust\r",
    "JSON per line": b'{"q": "shared staff bank"}\n[1, 2]\nnull\n',
    "20,000 blank lines": b"\n" * 20_000 + b"shared staff bank\n",
}
ASKED = {"bare CRs": 3, "invalid UTF-8": 2}  # questions in the stream, each answered on its own line
EVALS: dict[str, bytes | None] = {
    "UTF-16": '{"id": "a", "q": "shared staff bank"}\n'.encode("utf-16"),
    "a BOM": b'\xef\xbb\xbf{"id": "a", "q": "shared staff bank"}\n',
    "a JSON array": b'[{"id": "a", "q": "shared staff bank"}]\n',
    "NULs": b'{"id": "a", "q": "shared\\u0000staff"}\n\0\0\n',
    "a line cut short": b'{"id": "a", "q": "shared staff bank"}\n{"id": "b", "q": "sha',
    "empty": b"",
    "a folder": None,
}


def stdin_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for name, data in STREAMS.items():
        def run_stream(n=name, d=data) -> list[str]:
            home, env = _env(homes, state)
            problems = checked(["ask", "--json", "-"], env, stdin=d) + checked(["ask", "-"], env, stdin=d)
            if n in ASKED:
                answers = run_cli(["ask", "--json", "-"], env, d)[1].splitlines()
                problems += [] if len(answers) == ASKED[n] else [f"{ASKED[n]} questions, {len(answers)} answers"]
            return problems
        yield Case("stdin30", f"ask -: {name}", run_stream)
    for name, content in EVALS.items():
        def run_eval(c=content) -> list[str]:
            home, env = _env(homes, state)
            path = home / "questions-30.jsonl"
            path.mkdir() if c is None else path.write_bytes(c)
            return checked(["eval", str(path)], env)
        yield Case("stdin30", f"eval: {name}", run_eval)


FAMILIES = {"docs30": docs_cases, "data30": data_cases, "shapes30": shape_cases, "stdin30": stdin_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "sweep30-", 2,
                        lambda family, jobs: 1 if family == "shapes30" else jobs,
                        lambda homes: _pending_lesson(base_env(homes.template))))
