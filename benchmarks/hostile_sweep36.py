"""The thirty-sixth hostile sweep: damaged stored state followed by every command, corpus files with bad
bytes in new shapes, the inbox holding rows no adapter wrote, and SIGKILL of serve mid-burst. Each through
the real `peerbot` (hashing model) and, for the inbox and kill classes, a real `peerbot serve` on 127.0.0.1
with the local Slack double (real signing).

Checked against sweeps 1-34 (grep of their case lists): `peerbot.db` damage was run under one or two
commands each (`ask`, `lessons`: sweeps 4, 15, 19, 32); no sweep zeroed one page inside it (only the whole
file), cut it inside a page, cut its own `-wal` to its header or its `-shm` short, or ran the damage under
`index`, `eval`, `digest`, `import`, `forget` and `contacts`. Corpus files: UTF-16 *with* a BOM (1, 10),
a `.docx` body in UTF-16 and a PDF flagged encrypted (14, 17); never UTF-16 without a BOM, one file mixing
UTF-8, cp1252 and Latin-1, NULs every 64 bytes, one 50 MB line, a PDF whose trailer carries a real
`/Encrypt` dictionary, a `.docx` whose XML stops mid-element, or HTML 10,000 tags deep, in place under
`index`. Inbox rows of odd shapes were written only under PostgreSQL mid-burst (21); never in SQLite
before `serve` starts, of an unknown kind, with undecodable payloads or typed wrongly.

- `state36`: `peerbot.db` with page 2 zeroed, its last page zeroed, cut inside a page, its own `-wal`
  cut to the header, its `-shm` cut to 100 bytes, the last migration undone; each under `index`, `ask`,
  `eval`, `digest --preview`, `import`, `forget --before`, `contacts`, `lessons`. Pass: the command's
  answer, or one `peerbot` line that names `peerbot.db`; no traceback.
- `corpus36`: one bad file beside the corpus under `index`. Pass: no traceback, no document of the corpus
  removed, and the bad file indexed or named on a line saying why not.
- `inbox36`: rows in the inbox before `serve` starts (an unknown kind, a payload not JSON, a JSON list,
  `null`, bytes not UTF-8, a status no code writes, attempts as text, a lease as words, 1 MB of payload).
  Pass: serve gets ready, answers a new question, logs no traceback and stops cleanly.
- `kill36`: serve SIGKILLed while answering a burst of 8 questions, then started again. Pass: every
  accepted question answered exactly once.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep36.py --hang 90 [--only state36 corpus36 inbox36 kill36] [--code EXPORT]
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_http import status_problems  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from hostile_sweep14 import _TEXT_PAGE, _docx, _pdf, _rezip  # noqa: E402
from hostile_sweep19 import _rechecksum  # noqa: E402
from slack_double import SlackDouble, SlackSender, app_mention  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
PAGE = 4096

# -- state36: peerbot.db damaged, then every command ----------------------------------------------------


def _filled(home: Path) -> Path:
    """`peerbot.db` migrated and holding a few pages of questions, its WAL checkpointed."""
    rc, _, err = run_cli(["migrate"], base_env(home))
    if rc:
        raise AssertionError(f"migrate failed: {err[-200:]}")
    db = home / "data" / "peerbot.db"
    with closing(sqlite3.connect(db)) as con, con:
        con.executemany("INSERT INTO questions (id, asked_at, platform, channel, question) VALUES (?, ?, ?, ?, ?)",
                        [(f"q{i}", "2026-01-05T10:00:00+00:00", "slack", "C1", f"question {i} " + "x" * 300)
                         for i in range(60)])
    with closing(sqlite3.connect(db)) as con, con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _zero_page(number: int | None) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        raw = bytearray(db.read_bytes())
        start = (len(raw) // PAGE - 1) * PAGE if number is None else (number - 1) * PAGE
        raw[start:start + PAGE] = bytes(PAGE)
        db.write_bytes(bytes(raw))
    return damage


def _cut_inside(db: Path) -> None:
    raw = db.read_bytes()
    db.write_bytes(raw[:len(raw) - PAGE - 1000])


def _own_journal(cut_to: dict[str, int]) -> Callable[[Path], None]:
    """Rows written in WAL mode left uncheckpointed (the files copied while a connection holds them), then
    the `-wal` or `-shm` cut to `cut_to[suffix]` bytes."""
    def damage(db: Path) -> None:
        held = db.with_name("held.db")
        shutil.copy(db, held)
        con = sqlite3.connect(held)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.executemany("INSERT INTO questions (id, asked_at, platform, channel, question) VALUES (?, ?, ?, ?, ?)",
                        [(f"w{i}", "2026-01-06T10:00:00+00:00", "slack", "C2", "late " * 80) for i in range(40)])
        con.commit()
        for suffix in ("", "-wal", "-shm"):
            shutil.copy(str(held) + suffix, str(db) + suffix)
        con.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(held) + suffix).unlink(missing_ok=True)
        for suffix, size in cut_to.items():
            path = Path(str(db) + suffix)
            path.write_bytes(path.read_bytes()[:size])
    return damage


def _last_migration_undone(db: Path) -> None:
    with closing(sqlite3.connect(db)) as con, con:
        last = con.execute("SELECT name FROM _migrations ORDER BY name DESC LIMIT 1").fetchone()[0]
        con.execute("DELETE FROM _migrations WHERE name = ?", (last,))
        con.execute("DROP TABLE IF EXISTS withdrawn_contacts")
        con.execute("PRAGMA user_version = 0")


STATE_DAMAGES: dict[str, Callable[[Path], None]] = {
    "page-2-zeroed": _zero_page(2),
    "last-page-zeroed": _zero_page(None),
    "cut-inside-a-page": _cut_inside,
    "own-wal-cut-to-header": _own_journal({"-wal": 32}),
    "own-wal-cut-mid-page": _own_journal({"-wal": 32 + 24 + 2000}),
    "shm-cut-to-100-bytes": _own_journal({"-shm": 100}),
    "last-migration-undone": _last_migration_undone,
}


def _commands(home: Path) -> dict[str, list[str]]:
    questions = home / "questions.jsonl"
    questions.write_text('{"id": "a", "q": "How did the trusts share staff?"}\n')
    page = home / "page.html"
    page.write_text("<html><head><title>Boards</title></head><body><h1>Boards</h1>"
                    "<p>Boards built trust across the collaborative by meeting in common.</p></body></html>")
    return {"index": ["index"], "ask": ["ask", QUESTION], "eval": ["eval", str(questions)],
            "digest": ["digest", "--preview"], "import": ["import", str(page)],
            "forget": ["forget", "--before", "2026-01-06"], "contacts": ["contacts"], "lessons": ["lessons"]}


def state_cases(homes: Homes) -> Iterator[Case]:
    for damage_name, damage in STATE_DAMAGES.items():
        for command in ("index", "ask", "eval", "digest", "import", "forget", "contacts", "lessons"):
            def run(damage=damage, command=command) -> list[str]:
                home = homes.fresh()
                try:
                    db = _filled(home)
                    argv = _commands(home)[command]
                    damage(db)
                    try:
                        rc, out, err = run_cli(argv, base_env(home))
                    except Hang as e:
                        return [str(e)]
                    problems = judge_cli(argv, rc, out, err)
                    if not problems and rc and "peerbot.db" not in err + out:
                        problems.append(f"failed without naming peerbot.db ({err.strip()[-160:]!r})")
                    return problems
                finally:
                    homes.discard(home)
            yield Case("state36", f"{damage_name}:{command}", run)


# -- corpus36: corpus files with bad bytes ---------------------------------------------------------------

_BODY = ("---\ntitle: Boards and trust\n---\n# Boards and trust\n\n"
         "Boards built trust across the collaborative by meeting in common every month. “We met in common,” "
         "said Jo Bloggs — chief executive — of the boards.\n")
_ASKED = "How did boards build trust across the collaborative by meeting in common every month?"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _read_as_written(home: Path, name: str) -> list[str]:
    """The bad file's passages, as `ask --json` shows them, hold no control characters or U+FFFD."""
    try:
        rc, out, err = run_cli(["ask", "--json", _ASKED], base_env(home))
    except Hang as e:
        return [str(e)]
    if rc:
        return judge_cli(["ask"], rc, out, err) or [f"`ask` after indexing failed ({err.strip()[-120:]!r})"]
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")
    shown = [s["text"] for s in json.loads(out)["snippets"] if s["document"]["id"] == stem]
    bad = [text for text in shown if _CONTROLS.search(text)]
    return [f"its text read wrongly: {bad[0][:100]!r}"] if bad else []


def _page(meta: str = "") -> str:
    return (f"<html><head>{meta}<title>Boards and trust</title></head><body><h1>Boards and trust</h1>"
            f"<p>{_BODY.split('# Boards and trust', 1)[1].strip()}</p></body></html>")


def _mixed_encodings() -> bytes:
    return (_BODY.encode() + "Café in UTF-8.\n".encode() + "Naïve in Latin-1.\n".encode("latin-1")
            + "“Quoted” in cp1252.\n".encode("cp1252"))


def _nul_every(n: int) -> bytes:
    raw = _BODY.encode() * 20
    return b"".join(raw[i:i + n] + b"\0" for i in range(0, len(raw), n))


def _encrypted_pdf() -> bytes:
    data = _pdf(_TEXT_PAGE)
    trailer = (b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32
               + b"> /P -4 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")
    return data.replace(b"trailer\n<< ", b"trailer\n<< " + trailer)


def _docx_cut(at: float) -> bytes:
    def change(name: str, body: bytes) -> tuple[str, bytes]:
        return name, body[:int(len(body) * at)] if name == "word/document.xml" else body
    return _rezip(_docx(), change)


def _nested_html(depth: int, tag: str, closed: bool) -> bytes:
    inner = "<p>Boards built trust across the collaborative by meeting in common.</p>"
    body = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else "")
    return f"<html><head><title>Deep</title></head><body>{body}</body></html>".encode()


CORPUS_FILES: dict[str, Callable[[], bytes]] = {
    "utf16le-no-bom.md": lambda: _BODY.encode("utf-16-le"),
    "utf16be-no-bom.md": lambda: _BODY.encode("utf-16-be"),
    "utf16le-no-bom.txt": lambda: _BODY.split("---\n", 2)[2].encode("utf-16-le"),
    "utf16le-no-bom.html": lambda: _page().encode("utf-16-le"),
    "utf16be-no-bom.html": lambda: _page().encode("utf-16-be"),
    "utf16le-no-bom-meta-utf8.html": lambda: _page('<meta charset="utf-8">').encode("utf-16-le"),
    "utf32-no-bom.md": lambda: _BODY.encode("utf-32-le"),
    "utf16le-no-bom-accents.md": lambda: (_BODY + "The café opened late.\n").encode("utf-16-le"),
    "utf16be-no-bom-yaml-front-matter-only.md": lambda: "---\ntitle: Only a title\n---\n".encode("utf-16-be"),
    "mixed-encodings.md": _mixed_encodings,
    "mixed-encodings.txt": lambda: _mixed_encodings().split(b"---\n", 2)[2],
    "nul-every-64.md": lambda: _nul_every(64),
    "nul-every-64.txt": lambda: _nul_every(64).split(b"---\n", 2)[2],
    "one-50mb-line.txt": lambda: b"trust " * (50 * 2**20 // 6),
    "one-50mb-line.md": lambda: _BODY.encode() + b"board " * (50 * 2**20 // 6),
    "one-5mb-line-of-sentences.md": lambda: _BODY.encode() + b"Boards built trust. " * (5 * 2**20 // 20),
    "one-3mb-word.txt": lambda: b"Title\n\n" + b"trust" * (3 * 2**20 // 5),
    "encrypt-dictionary.pdf": _encrypted_pdf,
    "docx-xml-cut-at-half.docx": lambda: _docx_cut(0.5),
    "docx-xml-cut-at-95.docx": lambda: _docx_cut(0.95),
    "html-10000-nested-div.html": lambda: _nested_html(10_000, "div", True),
    "html-10000-unclosed-b.html": lambda: _nested_html(10_000, "b", False),
    "html-10000-nested-table.html": lambda: _nested_html(10_000, "table", True),
}


def corpus_cases(homes: Homes) -> Iterator[Case]:
    for name, make in CORPUS_FILES.items():
        def run(name=name, make=make) -> list[str]:
            home = homes.fresh()
            try:
                (home / "knowledge" / name).write_bytes(make())
                try:
                    rc, out, err = run_cli(["index"], base_env(home))
                except Hang as e:
                    return [str(e)]
                problems = judge_cli(["index"], rc, out, err)
                if problems:
                    return problems
                counts = re.search(r"documents (\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged", out)
                if not counts:  # exit 1 with the counts: a file was skipped, and said so
                    return [f"`peerbot index` did not index the rest ({(err or out).strip()[-160:]!r})"]
                added, _, removed, unchanged = map(int, counts.groups())
                if removed or unchanged < 4:
                    problems.append(f"the corpus's own documents not kept ({counts.group(0)})")
                if not added and name not in err + out:
                    problems.append("the file was neither indexed nor named with a reason")
                if added:
                    problems += _read_as_written(home, name)
                return problems
            finally:
                homes.discard(home)
        yield Case("corpus36", name, run)


# -- inbox36: rows in the inbox that no adapter wrote ----------------------------------------------------

_ROW = ("INSERT INTO inbox (key, kind, payload, status, phase, attempts, claims, not_before, error, accepted_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'answer', ?, 0, ?, '', '2026-01-05T10:00:00+00:00', "
        "'2026-01-05T10:00:00+00:00')")

INBOX_ROWS: dict[str, tuple] = {
    "unknown-kind": ("k1", "fax.message", '{"text": "hello"}', "pending", 0, 0),
    "empty-kind": ("k2", "", '{"text": "hello"}', "pending", 0, 0),
    "kind-null": ("k3", None, '{"text": "hello"}', "pending", 0, 0),
    "payload-not-json": ("k4", "slack.event", "{not json", "pending", 0, 0),
    "payload-a-list": ("k5", "slack.event", "[1, 2, 3]", "pending", 0, 0),
    "payload-null": ("k6", "slack.event", "null", "pending", 0, 0),
    "payload-bytes-not-utf8": ("k7", "slack.event", b"\xff\xfe{\"a\": 1}", "pending", 0, 0),
    "payload-a-number": ("k8", "teams.message", "7", "pending", 0, 0),
    "status-unknown": ("k9", "slack.event", '{"text": "hello"}', "zzz", 0, 0),
    "attempts-as-text": ("k10", "slack.event", '{"text": "hello"}', "pending", "many", 0),
    "not-before-as-words": ("k11", "slack.event", '{"text": "hello"}', "pending", 0, "soon"),
    "payload-1mb": ("k12", "slack.event", '{"text": "' + "a" * 2**20 + '"}', "pending", 0, 0),
}


def inbox_cases(homes: Homes) -> Iterator[Case]:
    for name, row in INBOX_ROWS.items():
        def run(row=row) -> list[str]:
            home = homes.fresh()
            double = SlackDouble().start()
            server = None
            try:
                db = _filled(home)
                with closing(sqlite3.connect(db)) as con, con:
                    con.execute(_ROW, row)
                server = servers.Server(home, **servers.slack_env(double))
                if not server.settled(120):
                    return ["serve did not get ready"] + server.exit_problems()
                body = app_mention(f"{QUESTION} beside an odd row")
                problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
                try:
                    double.wait_for("chat.postMessage", timeout=60, thread_ts=body["event"]["ts"])
                except AssertionError:
                    problems.append("a new question was not answered")
                problems += server.problems_since(0, settle=1.0)
                return problems + server.stop()
            finally:
                if server:
                    server.kill()
                double.stop()
                homes.discard(home)
        yield Case("inbox36", name, run)


# -- index36: the served generation damaged behind checksums that match, then every reader --------------

def _generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


def _faiss_cut(generation: Path) -> None:
    path = generation / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])
    _rechecksum(generation, "vectors.faiss")


def _faiss_other_dimension(generation: Path) -> None:
    import faiss
    import numpy as np

    index = faiss.IndexFlatIP(128)
    index.add(np.random.default_rng(7).standard_normal((304, 128)).astype("float32"))
    faiss.write_index(index, str(generation / "vectors.faiss"))
    _rechecksum(generation, "vectors.faiss")


def _db_page_zeroed(generation: Path) -> None:
    _zero_page(3)(generation / "index.db")
    _rechecksum(generation, "index.db")


def _manifest_gone_faiss_cut(generation: Path) -> None:
    (generation / "checksums.json").unlink()
    path = generation / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:1000])


INDEX_DAMAGES: dict[str, Callable[[Path], None]] = {
    "faiss-cut-in-half-checksummed": _faiss_cut, "faiss-128-dims-checksummed": _faiss_other_dimension,
    "index-db-page-3-zeroed-checksummed": _db_page_zeroed, "no-checksums-faiss-cut": _manifest_gone_faiss_cut}
CORPUS_IDS = ("key-enablers-provider-collaboratives", "nelft-operating-model-case-study",
              "shared-purpose-integration-innovation", "west-yorkshire-mhlda-collaborative")


def _served_answer(home: Path) -> list[str]:
    double = SlackDouble().start()
    server = servers.Server(home, **servers.slack_env(double))
    try:
        if not server.settled(120):
            return server.exit_problems()
        body = app_mention(QUESTION)
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        try:
            double.wait_for("chat.postMessage", timeout=60, thread_ts=body["event"]["ts"])
        except AssertionError:
            problems.append("the question was not answered")
        return problems + server.problems_since(0, settle=1.0) + server.stop()
    finally:
        server.kill()
        double.stop()


def index_cases(homes: Homes) -> Iterator[Case]:
    for damage_name, damage in INDEX_DAMAGES.items():
        for command in ("ask", "eval", "digest", "contacts", "forget", "lessons", "serve"):
            def run(damage=damage, command=command) -> list[str]:
                home = homes.fresh()
                try:
                    argv = _commands(home).get(command, ["ask", "--json", QUESTION])
                    if command == "ask":
                        argv = ["ask", "--json", QUESTION]
                    damage(_generation(home))
                    if command == "serve":
                        return _served_answer(home)
                    try:
                        rc, out, err = run_cli(argv, base_env(home))
                    except Hang as e:
                        return [str(e)]
                    problems = judge_cli(argv, rc, out, err)
                    if command == "ask" and not problems and rc == 0:
                        cited = {s["document"]["id"] for s in json.loads(out)["snippets"]}
                        if not cited or not cited <= set(CORPUS_IDS):
                            problems.append(f"answered from documents not in the corpus: {sorted(cited)}")
                    return problems
                finally:
                    homes.discard(home)
            yield Case("index36", f"{damage_name}:{command}", run)


# -- kill36: SIGKILL mid-burst, then restart ------------------------------------------------------------

def kill_cases(homes: Homes) -> Iterator[Case]:
    for after in (0.0, 0.5, 2.0):
        def run(after=after) -> list[str]:
            home = homes.fresh()
            double = SlackDouble().start()
            server = servers.Server(home, **servers.slack_env(double)).ready()
            try:
                sender = SlackSender(f"{server.url}/slack/events")
                bodies = [app_mention(f"{QUESTION} number {i}") for i in range(8)]
                accepted: list[dict] = []

                def send() -> None:
                    for body in bodies:
                        try:
                            status = sender.event(body).status
                        except OSError:  # the server killed mid-request: not accepted
                            return
                        if 200 <= status < 300:
                            accepted.append(body)
                sending = threading.Thread(target=send)
                sending.start()
                time.sleep(after)
                server.kill()
                sending.join(60)
                server = servers.Server(home, port=None, **servers.slack_env(double))
                sender.url = f"{server.url}/slack/events"
                server.ready()
                problems = []
                for body in accepted:
                    ts = body["event"]["ts"]
                    try:
                        double.wait_for("chat.postMessage", timeout=60, thread_ts=ts)
                    except AssertionError:
                        problems.append(f"accepted question {ts} never answered")
                time.sleep(3)
                for body in accepted:
                    ts = body["event"]["ts"]
                    answers = [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok]
                    if len(answers) > 1:
                        problems.append(f"question {ts} answered {len(answers)} times")
                return problems + server.problems_since(0) + server.stop()
            finally:
                server.kill()
                double.stop()
                homes.discard(home)
        yield Case("kill36", f"kill-{after}s-into-a-burst-of-8", run)


FAMILIES: dict[str, Callable[[Homes], Iterator[Case]]] = {
    "state36": state_cases, "corpus36": corpus_cases, "index36": index_cases, "inbox36": inbox_cases, "kill36": kill_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s48-hostile2-", jobs=2,
                        jobs_for=lambda family, jobs: jobs if family in ("state36", "corpus36", "index36") else 1))
