"""The thirty-third hostile sweep: files whose bytes are not what their name says, Word files whose zip
members climb out or repeat, commands and cues typed with look-alike or invisible characters, and a
patient's identifiers disguised the same way; each through the real `peerbot` (hashing model) on 127.0.0.1
with the local Slack and Teams doubles.

Checked against sweeps 1-32 (grep of their case lists): sweeps 5 and 30 damaged a file of the right kind
(cut, bit-flipped, bombs), never a whole file of another kind under a reader's name (a PDF or a zip named
.html, a web page named .pdf, an old binary .doc named .docx, a PDF named .md); no sweep wrote a .docx with
`../` or absolute member paths, a member named twice, or a symbolic-link member; sweep 31 sent look-alikes
in questions only (`@channel`, question words), never in a command (`/enabler ｔｒｕｓｔ`, `help` with a
zero-width space, Teams `enabler` in Cyrillic), a thread's follow-up cue or a CLI argument; no sweep wrote
an NHS number, phone number, postcode or email with no-break or zero-width separators or in other scripts'
digits.

- `mislabel33`: a file of one kind under another's suffix in the corpus, then `peerbot index`, and for
  .pdf/.docx/.html `peerbot import FILE`. Pass: one `peerbot` line or an answer, no traceback; the file is
  not taken into the index as a document of its suffix's kind (its bytes read as text), and `index` names it.
- `zip33`: a .docx whose members are `../` or absolute paths, `word/document.xml` twice, a member that is
  a symbolic link, 20,000 members, a member name holding a NUL or a backslash path. Pass: `import` and
  `index` one line or an answer, nothing written outside the corpus folder, no hang.
- `typed33`: Slack `/enabler`, `/peer` and DMs, and Teams commands, typed with fullwidth letters, Cyrillic or
  Greek look-alikes, zero-width spaces or joiners, no-break spaces, a soft hyphen; a thread follow-up cue
  so typed. Pass: 2xx, no traceback, the reply the same as to the command typed plainly.
- `ids33`: a Slack mention, a Slack DM and a Teams message holding an NHS number, phone number, postcode or
  email written with no-break, thin, zero-width or figure spaces, fullwidth or Arabic-Indic digits, a soft
  hyphen or word joiners. Pass: answered; the identifier (its digits or letters folded plainly) in no
  record of `peerbot.db` and in no reply.
- `cli33`: `peerbot enabler`, `contacts`, `lessons approve`, `digest --week`, `forget --before/--channel`
  given look-alike or invisible characters. Pass: the same as typed plainly, or one `peerbot` line
  (status 1 or 2), never a traceback.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep33.py --hang 90 [--only mislabel33 zip33 typed33 ids33 cli33] [--code EXPORT]
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sqlite3
import stat
import sys
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"

# -- the kinds of file, as bytes ----------------------------------------------------------------------

SAMPLES: dict[str, bytes] = {}
MAKING = threading.Lock()
TEXT = ("# Staff bank pooling\n\nThe trusts pooled their bank staff across three hospitals, and the board "
        "agreed one rate card for every ward.\n")


def samples() -> dict[str, bytes]:
    """A real PDF, Word file and web page (tests/documents_factory.py), and files of other kinds."""
    with MAKING:
        if not SAMPLES:
            from documents_factory import single_column_pdf
            from documents_office import make_docx, make_html_article
            with tempfile.TemporaryDirectory(prefix="s46-hostile-samples-") as folder:
                for make in (single_column_pdf, make_docx, make_html_article):
                    sample = make(Path(folder))
                    SAMPLES[sample.path.suffix.lstrip(".")] = sample.path.read_bytes()
            SAMPLES.update({
                "text": TEXT.encode(),
                "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
                "gzip": gzip.compress(TEXT.encode() * 50),
                "ole2 .doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + TEXT.encode("utf-16-le") * 20,
                "ascii pdf": _ascii_pdf(),
                "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8,
            })
    return SAMPLES


def _ascii_pdf() -> bytes:
    """An uncompressed PDF of plain ASCII (as some tools write them): valid UTF-8 text to a reader of text."""
    stream = b"BT /F1 12 Tf 72 720 Td (The trusts pooled their bank staff across three hospitals.) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << "
               b"/F1 5 0 R >> >> >>", b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


# suffix -> the kinds of content that are not what it names
MISLABELLED = {
    ".html": ["pdf", "docx", "png", "gzip", "ole2 .doc", "ascii pdf", "jpeg"],
    ".htm": ["pdf", "docx", "ascii pdf"],
    ".pdf": ["html", "docx", "text", "png"],
    ".docx": ["text", "html", "pdf", "ole2 .doc"],
    ".md": ["ascii pdf", "png", "docx"],
    ".txt": ["ascii pdf", "pdf", "docx"],
}


def _live_documents(home: Path) -> set[str]:
    """The sources (and ids) of the documents the served generation holds."""
    current = home / "data" / "index" / "current"
    return _documents_in(current.resolve()) if current.exists() else set()


def _documents_in(folder: Path) -> set[str]:
    found: set[str] = set()
    for database in folder.glob("*.db"):
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                columns = [r[1] for r in db.execute("pragma table_info(documents)")]
                for column in {"source", "id", "path"} & set(columns):
                    found |= {str(r[0]) for r in db.execute(f"select {column} from documents")}
        except sqlite3.Error:
            continue
    return found


def mislabel_cases(homes: Homes) -> Iterator[Case]:
    def case(suffix: str, kind: str) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                name = f"mislabelled-33-{re.sub('[^a-z0-9]+', '-', kind)}{suffix}"
                outside = home / name
                outside.write_bytes(samples()[kind])
                problems: list[str] = []
                if suffix in (".pdf", ".docx", ".html", ".htm"):
                    rc, out, err = run_cli(["import", str(outside)], env)
                    problems += judge_cli(["import", name], rc, out, err)
                    if rc == 0:
                        problems.append(f"`import` took a {kind} named {suffix} as a document")
                    (home / "knowledge" / "imported").mkdir(exist_ok=True)
                    for made in (home / "knowledge").glob("mislabelled-33-*"):
                        made.unlink()
                (home / "knowledge" / name).write_bytes(samples()[kind])
                rc, out, err = run_cli(["index"], env)
                problems += judge_cli(["index"], rc, out, err)
                if any(name in source or Path(name).stem in source for source in _live_documents(home)):
                    problems.append(f"`index` took a {kind} named {suffix} as a document")
                elif name not in out + err:
                    problems.append("`index` did not name the file it left out")
                return problems
            finally:
                homes.discard(home)
        return Case("mislabel33", f"{kind} named {suffix}", run)

    for suffix, kinds in MISLABELLED.items():
        for kind in kinds:
            yield case(suffix, kind)


# -- zip33: Word files whose members climb out or repeat -------------------------------------------------

def _docx_plus(extra: Callable[[zipfile.ZipFile], None], drop: str = "") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(samples()["docx"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != drop:
                target.writestr(item, source.read(item.filename))
        extra(target)
    return buffer.getvalue()


def _link_member(target: zipfile.ZipFile, name: str, points_to: str) -> None:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    target.writestr(info, points_to)


EVIL = "evil-33.txt"
ZIPS: dict[str, Callable[[], bytes]] = {
    "a ../ member": lambda: _docx_plus(lambda z: z.writestr(f"../../{EVIL}", "escaped")),
    "a ../ member deep": lambda: _docx_plus(lambda z: z.writestr(f"word/../../../../tmp/{EVIL}", "escaped")),
    "an absolute member": lambda: _docx_plus(lambda z: z.writestr(f"/tmp/{EVIL}", "escaped")),
    "a backslash ..\\ member": lambda: _docx_plus(lambda z: z.writestr(f"..\\..\\{EVIL}", "escaped")),
    "word/document.xml twice": lambda: _docx_plus(lambda z: z.writestr(
        "word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Second copy of the body.</w:t></w:r></w:p></w:body>'
        '</w:document>')),
    "document.xml a symbolic link": lambda: _docx_plus(lambda z: _link_member(z, "word/document.xml", "/etc/passwd"),
                                                        drop="word/document.xml"),
    "a symbolic-link member": lambda: _docx_plus(lambda z: _link_member(z, "word/escape", "../../../../etc")),
    "20,000 members": lambda: _docx_plus(lambda z: [z.writestr(f"word/media/m{i}.bin", b"") for i in range(20_000)]),
    "a member name with a NUL": lambda: _docx_plus(lambda z: z.writestr("word/a\x00b.xml", "x")),
    "a member name of 60,000 characters": lambda: _docx_plus(lambda z: z.writestr("word/" + "a" * 60_000, "x")),
    "a nested zip bomb member": lambda: _docx_plus(lambda z: z.writestr(
        "word/embeddings/bomb.docx", gzip.compress(b"\0" * 50 * 2**20))),
    "document.xml of 64 MB of '<'": lambda: _docx_plus(lambda z: z.writestr(
        zipfile.ZipInfo("word/document.xml"), b"<" * (64 * 2**20)), drop="word/document.xml"),
}


def zip_cases(homes: Homes) -> Iterator[Case]:
    def case(name: str, make: Callable[[], bytes]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                before = set(Path("/tmp").glob(EVIL)) | set(home.parent.glob(f"*/{EVIL}"))
                env = base_env(home)
                outside = home / "climbing-33.docx"
                outside.write_bytes(make())
                problems = _checked(["import", str(outside)], env)
                (home / "knowledge" / "climbing-33.docx").write_bytes(outside.read_bytes())
                problems += _checked(["index"], env) + _checked(["ask", QUESTION], env)
                after = {p for p in [*Path("/tmp").glob(EVIL), *home.parent.glob(f"*/{EVIL}"), *home.rglob(EVIL)]}
                return problems + [f"wrote {p} outside the corpus" for p in sorted(after - before)[:1]]
            finally:
                homes.discard(home)
        return Case("zip33", name, run)

    for name, make in ZIPS.items():
        yield case(name, make)


def _checked(argv: list[str], env: dict, stdin: bytes | None = None) -> list[str]:
    try:
        rc, out, err = run_cli(argv, env, stdin)
    except Exception as e:
        return [str(e)]
    return judge_cli(argv, rc, out, err)


# -- look-alike and invisible characters --------------------------------------------------------------

CYRILLIC = str.maketrans("aceiopxyABCEHIKMOPTXhs", "асеіорхуАВСЕНІКМОРТХһѕ")
GREEK = str.maketrans("ABEHIKMNOPTXYZov", "ΑΒΕΗΙΚΜΝΟΡΤΧΥΖον")


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TYPED: dict[str, Callable[[str], str]] = {
    "fullwidth": fullwidth,
    "cyrillic look-alikes": lambda t: t.translate(CYRILLIC),
    "greek look-alikes": lambda t: t.translate(GREEK),
    "zero-width spaces": lambda t: "\u200b".join(t),
    "zero-width joiners": lambda t: t[:2] + "\u200d" + t[2:] if len(t) > 2 else "\u200d" + t,
    "no-break spaces": lambda t: "\u00a0" + t.replace(" ", "\u00a0") + "\u00a0",
    "soft hyphen": lambda t: t[:3] + "\u00ad" + t[3:],
    "word joiners and a BOM": lambda t: "\ufeff" + " ".join(w[:1] + "\u2060" + w[1:] for w in t.split(" ")),
}


def _reply_text(call) -> str:
    return (call.blocks_text or str(call.get("text") or ""))


def _same(got: str, plain: str, typed: str, plain_input: str) -> list[str]:
    """The reply to the typed form against the reply to the plain form (an echo of what was typed read as
    the plain form)."""
    got = got.replace(typed.strip(), plain_input)
    return [] if got == plain else [f"replied {got[:120]!r}, typed plainly {plain[:120]!r}"]


def typed_cases(homes: Homes) -> Iterator[Case]:
    from slack_double import SlackSender, _texts, app_mention, direct_message, slash_command
    from teams_doubles import _text_blocks, message
    state: dict = {}

    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def command_reply(command: str, text: str) -> tuple[list[str], str]:
        """The reply to a slash command: in its acknowledgement, else every ephemeral post to its (own) user."""
        server, double = state["server"], state["double"]
        state["users"] = state.get("users", 0) + 1
        user = f"U33{state['users']:06d}"
        form = slash_command(command, text, double.response_url(), user=user)
        response = SlackSender(f"{server.url}/slack/events").command(form)
        problems = status_problems(response.status)
        if response.body.strip():
            return problems, "\n".join(_texts(json.loads(response.body).get("blocks") or []))
        calls = lambda: double.calls_to("chat.postEphemeral", user=user)  # noqa: E731
        if not _waited(calls):
            return problems + ["no reply"], ""
        time.sleep(1)  # a second post (an unknown name's suggestions) comes after the first
        return problems, "\n".join(_reply_text(c) for c in calls())

    def dm_reply(text: str) -> tuple[list[str], str]:
        server, double = state["server"], state["double"]
        body = direct_message(text)
        sent = time.perf_counter()
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        calls = lambda: [c for c in double.calls_to("chat.postMessage", channel=body["event"]["channel"])  # noqa: E731
                         if c.get("thread_ts") in (None, body["event"]["ts"]) and c.at > sent]
        if not _waited(calls):
            return problems + ["no reply"], ""
        return problems, _reply_text(calls()[0])

    def thread_reply(cue: str) -> tuple[list[str], str]:
        server, double = state["server"], state["double"]
        sender = SlackSender(f"{server.url}/slack/events")
        root = app_mention(QUESTION)
        problems = status_problems(sender.event(root).status)
        ts = root["event"]["ts"]
        if not _waited(lambda: double.calls_to("chat.postMessage", thread_ts=ts)):
            return problems + ["the thread's question was never answered"], ""
        follow = app_mention(cue, thread_ts=ts)
        problems += status_problems(sender.event(follow).status)
        if not _waited(lambda: len(double.calls_to("chat.postMessage", thread_ts=ts)) > 1):
            return problems + ["no reply"], ""
        return problems, _reply_text(double.calls_to("chat.postMessage", thread_ts=ts)[1])

    def teams_reply(text: str) -> tuple[list[str], str]:
        server, connector = state["server"], state["connector"]
        before = len(connector.posts)
        status = post(f"{server.url}/api/messages", json.dumps(message(connector.url, text)).encode(),
                      {"Content-Type": "application/json"})
        problems = status_problems(status)
        if not _waited(lambda: len(connector.posts) > before):
            return problems + ["no reply"], ""
        activity = connector.posts[before].activity
        blocks = [b.get("text") for b in _text_blocks(activity.get("attachments") or []) if b.get("text")]
        return problems, "\n".join([str(activity.get("text") or ""), *map(str, blocks)])

    plain: dict[tuple, str] = {}

    def case(surface: str, name: str, typing: str, text: str, ask: Callable[[str], tuple[list[str], str]]) -> Case:
        def run() -> list[str]:
            setup()
            server = state["server"]
            mark = len(server.lines)
            key = (surface, name)
            if key not in plain:
                problems, plain[key] = ask(text)
                if problems:
                    return [f"typed plainly: {p}" for p in problems]
            typed = TYPED[typing](text)
            problems, got = ask(typed)
            return problems + (_same(got, plain[key], typed, text) if got else []) + server.problems_since(mark)
        return Case("typed33", f"{surface}:{name}:{typing}", run)

    for typing in TYPED:
        yield case("slack", "/enabler trust", typing, "trust", lambda t: command_reply("/enabler", t))
        yield case("slack", "/enabler help", typing, "help", lambda t: command_reply("/enabler", t))
        yield case("teams", "enabler shared purpose", typing, "enabler shared purpose", teams_reply)
    for typing in ("fullwidth", "cyrillic look-alikes", "zero-width spaces", "no-break spaces"):
        yield case("slack", "/peer help", typing, "help", lambda t: command_reply("/peer", t))
        yield case("slack", "thread cue 'who led that?'", typing, "who led that?", thread_reply)
        yield case("teams", "help", typing, "help", teams_reply)
        yield case("slack", "dm save this as a lesson", typing, "save this as a lesson: the trusts pooled bank staff "
                   "across three hospitals", dm_reply)
    yield Case("typed33", "teardown", lambda: servers.stop(state, homes))


def _waited(check: Callable[[], object], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return bool(check())


# -- ids33: a patient's identifiers in disguise ----------------------------------------------------------

DIGIT_SETS = {"fullwidth": 0xFF10, "arabic-indic": 0x0660, "devanagari": 0x0966, "mathematical bold": 0x1D7CE}
SEPARATORS = {"no-break": "\u00a0", "thin": "\u2009", "narrow no-break": "\u202f", "figure": "\u2007",
              "ideographic": "\u3000", "zero-width": "\u200b", "word-joiner": "\u2060", "soft-hyphen": "\u00ad"}


def nhs_number(seed: int) -> str:
    """A valid NHS number (its modulus-11 check digit right), a different one for each seed."""
    while True:
        first = f"{(seed * 7919 + 123456789) % 10**9:09d}"
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(first)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return first + str(check)
        seed += 1000


def _digits(number: str, zero: int) -> str:
    return "".join(chr(zero + int(d)) for d in number)


def _grouped(number: str, sep: str) -> str:
    return f"{number[:3]}{sep}{number[3:6]}{sep}{number[6:]}"


def identifiers(seed: int) -> dict[str, tuple[str, str]]:
    """name: (the identifier as written, as it must never be stored: folded by `_fold`), each of its own."""
    nhs, phone = nhs_number(seed), f"07700{900000 + seed:06d}"
    postcode, email = f"LS{seed % 9 + 1} {seed % 9 + 1}DY", f"jane.patient{seed}@example.com"
    return {
        **{f"NHS number, {name} spaces": (_grouped(nhs, sep), nhs) for name, sep in SEPARATORS.items()},
        **{f"NHS number, {name} digits": (_grouped(_digits(nhs, zero), " "), nhs) for name, zero in DIGIT_SETS.items()},
        "NHS number, a zero-width space between every digit": ("\u200b".join(nhs), nhs),
        "NHS number, full stops": (_grouped(nhs, "."), nhs),
        "phone, no-break spaces": (f"{phone[:5]}\u00a0{phone[5:8]}\u00a0{phone[8:]}", phone),
        "phone, fullwidth": (fullwidth(f"{phone[:5]} {phone[5:]}"), phone),
        "postcode, fullwidth": (fullwidth(postcode), postcode),
        "postcode, zero-width space": (postcode.replace(" ", "\u200b "), postcode),
        "email, fullwidth at sign": (email.replace("@", "\uff20"), email),
    }


IDENTIFIERS = list(identifiers(0))


def _fold(text: str) -> str:
    """Text as compared for identifiers: compatibility form, digits of any script as ASCII, nothing but letters,
    digits and @ . kept (so a number is found however it was separated)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    return re.sub(r"[^A-Za-z0-9@.]", "", text).lower()


def _stored_texts(home: Path) -> list[str]:
    texts: list[str] = []
    for database in (home / "data").glob("peerbot.db*"):
        if database.suffix != ".db":
            continue
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            for (table,) in db.execute("select name from sqlite_master where type='table'"):
                for row in db.execute(f'select * from "{table}"'):
                    texts += [v if isinstance(v, str) else v.decode("utf-8", "replace") for v in row
                              if isinstance(v, str | bytes)]
    return texts


def id_cases(homes: Homes) -> Iterator[Case]:
    from slack_double import SlackSender, app_mention, direct_message
    from teams_doubles import message
    state: dict = {}

    def setup() -> None:
        if "server" not in state:
            servers.start_both(state, homes)

    def leaked(folded: str, since_slack: int, since_teams: int) -> list[str]:
        target = _fold(folded)
        problems = []
        posted = [_reply_text(c) + str(c.get("text") or "") for c in state["double"].calls[since_slack:]]
        posted += [json.dumps(p.activity, ensure_ascii=False) for p in state["connector"].posts[since_teams:]]
        if any(target in _fold(text) for text in posted):
            problems.append("the identifier shown in a reply")
        if any(target in _fold(text) for text in _stored_texts(state["home"])):
            problems.append("the identifier stored in peerbot.db")
        return problems

    def case(surface: str, name: str, seed: int) -> Case:
        def run() -> list[str]:
            written, folded = identifiers(seed)[name]
            setup()
            server, double, connector = state["server"], state["double"], state["connector"]
            mark, seen, before = len(server.lines), len(double.calls), len(connector.posts)
            text = (f"My patient, NHS number {written}, asked: {QUESTION}" if name.startswith("NHS")
                    else f"The patient's details are {written}. {QUESTION}")
            if surface == "teams":
                status = post(f"{server.url}/api/messages", json.dumps(message(connector.url, text)).encode(),
                              {"Content-Type": "application/json"})
                done = lambda: len(connector.posts) > before  # noqa: E731
            else:
                body = app_mention(text) if surface == "slack mention" else direct_message(text)
                status = SlackSender(f"{server.url}/slack/events").event(body).status
                done = lambda: double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) or [  # noqa: E731
                    c for c in double.calls[seen:] if c.method == "chat.postMessage" and c.get("channel") == body[
                        "event"]["channel"]]
            problems = status_problems(status)
            if not _waited(done):
                problems.append("never answered")
            time.sleep(0.5)
            return problems + leaked(folded, seen, before) + server.problems_since(mark)
        return Case("ids33", f"{surface}:{name}", run)

    seeds = iter(range(1, 1000))
    for name in IDENTIFIERS:
        yield case("slack mention", name, next(seeds))
    for name in ("NHS number, no-break spaces", "NHS number, zero-width spaces", "NHS number, fullwidth digits",
                 "NHS number, arabic-indic digits", "phone, no-break spaces", "email, fullwidth at sign"):
        yield case("teams", name, next(seeds))
        yield case("slack dm", name, next(seeds))
    yield Case("ids33", "teardown", lambda: servers.stop(state, homes))


# -- cli33: command-line arguments typed with look-alikes ------------------------------------------------

def cli_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def env() -> dict:
        if "env" not in state:
            state["home"] = homes.fresh()
            state["env"] = base_env(state["home"])
        return state["env"]

    def same_or_line(argv: list[str], plain: list[str]) -> Callable[[], list[str]]:
        def run() -> list[str]:
            try:
                rc, out, err = run_cli(argv, env())
                prc, pout, _ = run_cli(plain, env())
            except Exception as e:
                return [str(e)]
            problems = judge_cli(argv, rc, out, err)
            if problems or rc:
                return problems
            return [] if out == pout else [f"answered {out[:100]!r}, typed plainly {pout[:100]!r}"]
        return run

    for typing, make in TYPED.items():
        yield Case("cli33", f"enabler trust:{typing}", same_or_line(["enabler", make("trust")], ["enabler", "trust"]))
        yield Case("cli33", f"enabler 'shared purpose' --json:{typing}",
                   same_or_line(["enabler", make("shared purpose"), "--json"], ["enabler", "shared purpose", "--json"]))
    for typing in ("fullwidth", "zero-width spaces", "cyrillic look-alikes"):
        make = TYPED[typing]
        yield Case("cli33", f"lessons {typing} approve", same_or_line(["lessons", make("approve"), "1"],
                                                                       ["lessons", "approve", "1"]))
        yield Case("cli33", f"digest --week {typing}", same_or_line(["digest", "--preview", "--week", make("2026-W47")],
                                                                     ["digest", "--preview", "--week", "2026-W47"]))
        yield Case("cli33", f"forget --before {typing}", same_or_line(["forget", "--before", make("2026-01-01")],
                                                                       ["forget", "--before", "2026-01-01"]))
        yield Case("cli33", f"forget --channel {typing}", same_or_line(["forget", "--channel", make("C0AB12CD")],
                                                                        ["forget", "--channel", "C0AB12CD"]))
    yield Case("cli33", "teardown", lambda: (homes.discard(state["home"]) if "home" in state else None) or [])


FAMILIES = {"mislabel33": mislabel_cases, "zip33": zip_cases, "typed33": typed_cases, "ids33": id_cases,
            "cli33": cli_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s46-hostile-sweep33-", 2,
                        lambda name, jobs: jobs if name in ("mislabel33", "zip33") else 1))
