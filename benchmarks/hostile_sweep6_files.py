"""The sixth hostile sweep, files, state and commands: fault kinds crossed with surfaces the first
five sweeps did not reach (checked against their `--list`s), through the real `peerbot` commands.

- `special6`: a named pipe, a socket or a link to /dev/zero in place of each file peerbot reads or
  keeps (every knowledge YAML file, a document, a sidecar, an index generation's checksums,
  database, vectors and SQLite journals, the build's lock file, `peerbot.db` and its companions);
  the earlier sweeps put only folders, dangling links and bad bytes there.
- `busy6`: `peerbot.db` held in a write transaction by another process for longer than SQLite
  waits, under every command that opens it and `peerbot serve` (the third sweep held a lock only
  under `ask`, `lessons`, `index`, and never checked that the records were kept).
- `perm6`: permission denied for real (the earlier sweeps ran as root, where chmod proves
  nothing; here the command runs without the capabilities that bypass file modes): a knowledge
  file, a document, the corpus folder, each generation file, `peerbot.db`, the data, index and
  generation folders read-only.
- `fsize6`: a file-size limit (RLIMIT_FSIZE, `ulimit -f`) of 16 KB, 256 KB or 2 MB, a disk full for
  one process, under `index`, `index --rebuild`, `import`, `lessons`, `lessons approve`, `migrate`,
  `forget`, `digest --post`.
- `race6`: the corpus changed while `index --rebuild` reads it: documents deleted, emptied,
  swapped for pipes or folders, `enablers.yaml` swapped for a pipe, the corpus folder swapped for
  a link to itself.
- `kill6`: SIGKILL of `index` and `index --rebuild` at each of the build's steps as seen on disk
  (the new generation's folder made, its database written to, its vectors written, its checksums
  written, `current` swapped) rather than at times, and of `import` the moment its file appears;
  then the served index is whole, answers, and the command again works.
- `locale6`: `LC_ALL=POSIX`, `LANG=C`, Turkish, `PYTHONIOENCODING=ascii`, no `TERM`, `COLUMNS`
  of 3 or words, with questions that are not ASCII; standard output a pipe whose reader takes one
  byte and leaves (`peerbot ... | head -c1`).
- `stdin6`: question sets (`eval`, `eval --json`) with fields of every wrong shape nested inside the
  right ones, NUL or CR line ends, a 20 MB line, 3,000 questions of one word.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep6_files.py --hang 90 [--only CLASS ...]

A case passes when the command answers (exit 0) or fails with one `peerbot:` line, exit 1 or 2,
no traceback, no hang; nothing recorded before is lost (no `peerbot.db` moved aside that was not
damaged, lesson #1 still waiting for review); afterwards `peerbot ask` still answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli  # noqa: E402
from hostile_sweep2 import COMMANDS, QUESTION, TEAMS_ID, _argv  # noqa: E402
from hostile_sweep3 import in_home, judged, still_answers  # noqa: E402
from hostile_sweep4 import _serve_on_damaged  # noqa: E402
from hostile_sweep5 import _pending_lesson  # noqa: E402
from slack_double import BOT_TOKEN, SlackDouble  # noqa: E402

DOC = "nelft-operating-model-case-study.md"
NO_BYPASS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--"]


def _generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def records_kept(home: Path) -> list[str]:
    """Nothing recorded lost: no `peerbot.db` moved aside, lesson #1 still waiting for review."""
    data = home / "data"
    problems = [f"the records database was moved aside ({p.name})" for p in data.glob("peerbot.db.damaged-*")]
    try:
        rc, out, err = run_cli(["lessons", "--pending"], _env(home))
    except Hang as e:
        return problems + [f"afterwards: {e}"]
    if rc != 0 or "#1" not in out:
        problems.append(f"afterwards lesson #1 is not pending any more ({rc}: {(out + err).strip()[-120:]!r})")
    return problems


def _seed(homes: Homes) -> None:
    """The template's records: lesson #1 waiting for review and a question answered."""
    env = _env(homes.template)
    _pending_lesson(env)
    run_cli(["lessons"], env)


# -- special6: a pipe, a socket or an endless device where a file belongs ---------------------------

def _pipe(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: nothing ever answers on it
    server.close()


def _zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


SPECIAL_KINDS: dict[str, Callable[[Path], None]] = {"pipe": _pipe, "socket": _socket, "zero-link": _zero_link}

SPECIAL_TARGETS: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "enablers.yaml": (lambda h: h / "knowledge" / "enablers.yaml", ["ask", "index", "enabler-name"]),
    "contacts.yaml": (lambda h: h / "knowledge" / "contacts.yaml", ["contacts", "ask"]),
    "out_of_scope.yaml": (lambda h: h / "knowledge" / "out_of_scope.yaml", ["ask"]),
    "nhs_topics.yaml": (lambda h: h / "knowledge" / "nhs_topics.yaml", ["ask"]),
    "everyday_topics.yaml": (lambda h: h / "knowledge" / "everyday_topics.yaml", ["ask"]),
    "document": (lambda h: h / "knowledge" / DOC, ["index"]),
    "new-document": (lambda h: h / "knowledge" / "new-page.md", ["index"]),
    "sidecar": (lambda h: h / "knowledge" / "page.meta.yaml", ["index"]),
    "checksums.json": (lambda h: _generation(h) / "checksums.json", ["ask", "index"]),
    "index.db": (lambda h: _generation(h) / "index.db", ["ask"]),
    "vectors.faiss": (lambda h: _generation(h) / "vectors.faiss", ["ask"]),
    "index.db-journal": (lambda h: _generation(h) / "index.db-journal", ["ask", "index"]),
    "index.db-wal": (lambda h: _generation(h) / "index.db-wal", ["ask"]),
    "build-lock": (lambda h: h / "data" / "index" / ".build.lock", ["index", "index-rebuild"]),
    "peerbot.db": (lambda h: h / "data" / "peerbot.db", ["lessons", "migrate"]),
    "peerbot.db-journal": (lambda h: h / "data" / "peerbot.db-journal", ["lessons", "migrate", "forget-before"]),
    "peerbot.db-wal": (lambda h: h / "data" / "peerbot.db-wal", ["lessons"]),
    "peerbot.db-shm": (lambda h: h / "data" / "peerbot.db-shm", ["lessons"]),
}


def special6_cases(homes: Homes) -> Iterator[Case]:
    for target, (where, commands) in SPECIAL_TARGETS.items():
        for kind, make in SPECIAL_KINDS.items():
            for command in commands:
                def body(home: Path, where=where, make=make, command=command, target=target) -> list[str]:
                    if target == "sidecar":
                        (home / "knowledge" / "page.html").write_text("<html><title>Boards</title><p>Boards met.</p></html>")
                    path = where(home)
                    if os.path.lexists(path):
                        path.unlink()
                    make(path)
                    problems = judged(_argv(COMMANDS[command], home), _env(home))
                    if problems:
                        return problems
                    if target.startswith("peerbot.db-"):  # a companion is not the records: they stay
                        problems += records_kept(home)
                    if not target.endswith(".yaml") or target == "sidecar":
                        problems += still_answers(_env(home))
                    return problems
                yield in_home(homes, "special6", f"{target}={kind}:{command}", body)
    for target in ("enablers.yaml", "contacts.yaml", "checksums.json", "peerbot.db-journal"):
        def serving(home: Path, where=SPECIAL_TARGETS[target][0]) -> list[str]:
            def damage(_records: Path) -> None:
                path = where(home)
                if os.path.lexists(path):
                    path.unlink()
                os.mkfifo(path)
            return _serve_on_damaged(home, damage)
        yield in_home(homes, "special6", f"{target}=pipe:serve", serving)


# -- busy6: the records database held by another process's write transaction -----------------------

@contextlib.contextmanager
def _writing(path: Path, seconds: float = 150) -> Iterator[subprocess.Popen]:
    """Another process in a write transaction on `path` (as a long `forget` or a stuck peer might)."""
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time\n"
                               "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(float(sys.argv[2]))",
                               str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        yield holder
    finally:
        holder.kill()
        holder.wait()


def busy6_cases(homes: Homes) -> Iterator[Case]:
    for command in ("migrate", "lessons", "lessons-pending", "lessons-approve", "lessons-reject", "forget-before",
                    "forget-channel", "digest-preview", "digest-post", "teams-conversations", "teams-digest-on",
                    "ask", "index"):
        def body(home: Path, command=command) -> list[str]:
            with SlackDouble() as double:
                env = _env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url, DIGEST_CHANNELS="C0LAN2Q65")
                with _writing(home / "data" / "peerbot.db"):
                    problems = judged(_argv(COMMANDS[command], home), env)
                if "#1" in " ".join(COMMANDS[command]) or COMMANDS[command][-1] == "1":
                    return problems + [p for p in records_kept(home) if "moved aside" in p]
                return problems + records_kept(home) + still_answers(env)
        yield in_home(homes, "busy6", f"held:{command}", body)

    def serving(home: Path) -> list[str]:
        holders: list[contextlib.ExitStack] = []

        def hold(path: Path) -> None:
            stack = contextlib.ExitStack()
            stack.enter_context(_writing(path))
            holders.append(stack)
        try:
            problems = _serve_on_damaged(home, hold)
        finally:
            for stack in holders:
                stack.close()
        return problems + records_kept(home)
    yield in_home(homes, "busy6", "held:serve", serving)


# -- perm6: permission denied, without the capabilities that bypass file modes -----------------------

def _no_bypass(argv: list[str], env: dict) -> list[str]:
    """`peerbot argv` run by root without CAP_DAC_OVERRIDE/READ_SEARCH/FOWNER: file modes hold."""
    timeout = hostile_sweep.LIMITS["hang"]
    try:
        done = subprocess.run([*NO_BYPASS, sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                              capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return [f"`peerbot {' '.join(argv)[:60]}` still running after {timeout:.0f} s"]
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return judge_cli(argv, done.returncode, decode(done.stdout), decode(done.stderr))


PERM_TARGETS: dict[str, tuple[Callable[[Path], Path], int, list[str]]] = {
    "enablers.yaml-000": (lambda h: h / "knowledge" / "enablers.yaml", 0o000, ["ask", "index"]),
    "contacts.yaml-000": (lambda h: h / "knowledge" / "contacts.yaml", 0o000, ["contacts", "ask"]),
    "document-000": (lambda h: h / "knowledge" / DOC, 0o000, ["index", "index-rebuild"]),
    "knowledge-000": (lambda h: h / "knowledge", 0o000, ["ask", "index"]),
    "knowledge-read-only": (lambda h: h / "knowledge", 0o555, ["import", "lessons-approve"]),
    "lessons-folder-read-only": (lambda h: h / "knowledge" / "lessons", 0o555, ["lessons-approve"]),
    "checksums.json-000": (lambda h: _generation(h) / "checksums.json", 0o000, ["ask", "index"]),
    "index.db-000": (lambda h: _generation(h) / "index.db", 0o000, ["ask", "index"]),
    "vectors.faiss-000": (lambda h: _generation(h) / "vectors.faiss", 0o000, ["ask", "index"]),
    "generation-000": (lambda h: _generation(h), 0o000, ["ask", "index"]),
    "generation-read-only": (lambda h: _generation(h), 0o555, ["ask", "index"]),
    "index-folder-read-only": (lambda h: h / "data" / "index", 0o555, ["ask", "index", "index-rebuild"]),
    "build-lock-000": (lambda h: h / "data" / "index" / ".build.lock", 0o000, ["index"]),
    "peerbot.db-000": (lambda h: h / "data" / "peerbot.db", 0o000, ["lessons", "migrate", "ask"]),
    "peerbot.db-read-only": (lambda h: h / "data" / "peerbot.db", 0o444,
                             ["lessons", "migrate", "forget-before", "lessons-approve", "digest-post"]),
    "data-read-only": (lambda h: h / "data", 0o555, ["lessons", "migrate", "ask", "index", "forget-before"]),
}


def perm6_cases(homes: Homes) -> Iterator[Case]:
    if shutil.which("setpriv") is None:
        return
    for target, (where, mode, commands) in PERM_TARGETS.items():
        for command in commands:
            def body(home: Path, where=where, mode=mode, command=command, target=target) -> list[str]:
                path = where(home)
                if target.startswith("lessons-folder"):
                    path.mkdir(exist_ok=True)
                with SlackDouble() as double:
                    env = _env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url, DIGEST_CHANNELS="C0LAN2Q65")
                    path.chmod(mode)
                    try:
                        problems = _no_bypass(_argv(COMMANDS[command], home), env)
                    finally:
                        if os.path.lexists(path):  # else set aside as damage (and made readable when discarded)
                            path.chmod(0o755 if path.is_dir() else 0o644)
                    return problems or (records_kept(home) + still_answers(env))
            yield in_home(homes, "perm6", f"{target}:{command}", body)


# -- fsize6: a file-size limit, a full disk for one process ------------------------------------------

def _limited(argv: list[str], env: dict, size: int) -> list[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    timeout = hostile_sweep.LIMITS["hang"]
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                              capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return [f"`peerbot {' '.join(argv)[:60]}` still running after {timeout:.0f} s"]
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return judge_cli(argv, done.returncode, decode(done.stdout), decode(done.stderr))


PARAGRAPH = "<p>Boards built trust across the trusts of the collaborative.</p>"


def fsize6_cases(homes: Homes) -> Iterator[Case]:
    for size in (16 << 10, 256 << 10, 2 << 20):
        for command in ("index", "index-rebuild", "import", "lessons", "lessons-approve", "migrate", "forget-before",
                        "digest-post", "ask"):
            def body(home: Path, size=size, command=command) -> list[str]:
                (home / "knowledge" / "new-page.md").write_text("# Boards\n\nBoards met monthly to build trust.\n" * 200)
                (home / "page.html").write_text("<html><head><title>Boards</title></head><body>"
                                                + PARAGRAPH * 3000 + "</body></html>")  # 200 KB of Markdown
                with SlackDouble() as double:
                    env = _env(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url, DIGEST_CHANNELS="C0LAN2Q65")
                    problems = _limited(_argv(COMMANDS[command], home), env, size)
                    imported = home / "knowledge" / "page.md"
                    if imported.exists() and imported.read_text().count("Boards built trust") != 3000:
                        problems.append("a part-written document was left in the corpus folder")
                    if problems:
                        return problems
                    if command != "lessons-approve":
                        problems += records_kept(home)
                    return problems + still_answers(env)
            yield in_home(homes, "fsize6", f"limit-{size >> 10}k:{command}", body)


# -- race6: the corpus changed while it is read ------------------------------------------------------

def _extra_documents(knowledge: Path, count: int = 40) -> list[Path]:
    made = []
    for n in range(count):
        path = knowledge / f"extra-{n:03d}.md"
        path.write_text(f"---\ntitle: Extra {n}\n---\n# Extra {n}\n\n" + "Boards met monthly to build trust. " * 300)
        made.append(path)
    return made


def _swap_all(paths: list[Path], into: Callable[[Path], None]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            into(path)


RACE_CHANGES: dict[str, Callable[[Path, list[Path]], None]] = {
    "deleted": lambda k, docs: _swap_all(docs, lambda p: None),
    "emptied": lambda k, docs: _swap_all(docs, lambda p: p.write_bytes(b"")),
    "pipes": lambda k, docs: _swap_all(docs, os.mkfifo),
    "folders": lambda k, docs: _swap_all(docs, lambda p: p.mkdir()),
    "bad-bytes": lambda k, docs: _swap_all(docs, lambda p: p.write_bytes(b"\xff\xfe\x00" * 1000)),
    "enablers-pipe": lambda k, docs: _swap_all([k / "enablers.yaml"], os.mkfifo),
    "corpus-self-link": lambda k, docs: (k.rename(k.with_name("knowledge-moved")), k.symlink_to(k.name)),
}


def race6_cases(homes: Homes) -> Iterator[Case]:
    for change_name, change in RACE_CHANGES.items():
        for after in (0.5, 2.0, 5.0):
            def body(home: Path, change=change, after=after) -> list[str]:
                knowledge = home / "knowledge"
                docs = _extra_documents(knowledge)
                env = _env(home)
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", "index", "--rebuild"],
                                           cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
                time.sleep(after)
                change(knowledge, docs)
                try:
                    out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.communicate()
                    return [f"`peerbot index --rebuild` still running after the corpus changed at {after} s"]
                decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
                problems = judge_cli(["index", "--rebuild"], process.returncode, decode(out), decode(err))
                if knowledge.is_symlink():  # the corpus back where it was, then the index must serve
                    knowledge.unlink()
                    knowledge.with_name("knowledge-moved").rename(knowledge)
                for path in [*docs, knowledge / "enablers.yaml"]:
                    if path.is_dir():
                        path.rmdir()
                    elif os.path.lexists(path) and not path.is_file():
                        path.unlink()
                if not (knowledge / "enablers.yaml").exists():
                    shutil.copy(hostile_sweep.ROOT / "knowledge" / "enablers.yaml", knowledge / "enablers.yaml")
                return problems + still_answers(env)
            yield in_home(homes, "race6", f"{change_name}@{after}s:index-rebuild", body)


# -- kill6: SIGKILL at the build's own steps, seen on disk ---------------------------------------------

def _new_generations(index_dir: Path, old: Path) -> list[Path]:
    return [p for p in index_dir.glob("gen-*") if p.resolve() != old]


KILL_POINTS: dict[str, Callable[[Path, Path], bool]] = {
    "folder-made": lambda index_dir, old: bool(_new_generations(index_dir, old)),
    "database-written": lambda index_dir, old: any((p / "index.db").exists() and (p / "index.db").stat().st_size > 0
                                                  for p in _new_generations(index_dir, old)),
    "vectors-written": lambda index_dir, old: any((p / "vectors.faiss").exists() for p in _new_generations(index_dir, old)),
    "checksums-written": lambda index_dir, old: any((p / "checksums.json").exists()
                                                   for p in _new_generations(index_dir, old)),
    "swapped": lambda index_dir, old: (index_dir / "current").resolve() != old,
}


def _killed_when(argv: list[str], env: dict, seen: Callable[[], bool]) -> str:
    """Run `peerbot argv`, SIGKILL it the moment `seen()` (polled every 5 ms); what happened."""
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + hostile_sweep.LIMITS["hang"]
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if seen():
                process.kill()
                process.wait()
                return "killed"
        time.sleep(0.005)
    if process.poll() is None:
        process.kill()
        process.wait()
        return "hang"
    return "finished first"


def _served_whole(home: Path) -> list[str]:
    current = home / "data" / "index" / "current"
    if current.is_symlink() and not (current.resolve() / "checksums.json").exists():
        return ["`current` points at a generation without its checksums (half built)"]
    return []


def kill6_cases(homes: Homes) -> Iterator[Case]:
    for point, seen in KILL_POINTS.items():
        for argv in (["index"], ["index", "--rebuild"]):
            def body(home: Path, seen=seen, argv=argv) -> list[str]:
                _extra_documents(home / "knowledge", 30)
                env = _env(home)
                index_dir = home / "data" / "index"
                old = (index_dir / "current").resolve()
                what = _killed_when(argv, env, lambda: seen(index_dir, old))
                if what == "hang":
                    return [f"`peerbot {' '.join(argv)}` still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
                problems = _served_whole(home) + still_answers(env)
                problems += judged(["index"], env) + _served_whole(home) + still_answers(env)
                return problems
            yield in_home(homes, "kill6", f"{' '.join(argv)}@{point}", body)

    def import_killed(home: Path) -> list[str]:
        knowledge = home / "knowledge"
        (home / "page.html").write_text("<html><head><title>Boards</title></head><body>" + PARAGRAPH * 20000
                                        + "</body></html>")
        env = _env(home)
        _killed_when(["import", str(home / "page.html")], env,
                     lambda: any(p.name.startswith(".import-") or p.name == "page.md" for p in knowledge.iterdir()))
        problems = judged(["import", str(home / "page.html")], env)
        imported = knowledge / "page.md"
        if imported.exists() and imported.read_text().count("Boards built trust") != 20000:
            problems.append("a part-written document was left in the corpus folder")
        return problems + judged(["index"], env) + still_answers(env)
    yield in_home(homes, "kill6", "import@file-appears", import_killed)


# -- locale6: odd locales and terminals, a reader that leaves -----------------------------------------

LOCALES: dict[str, dict[str, str]] = {
    "lc-all-posix": {"LC_ALL": "POSIX", "LANG": "POSIX"},
    "lang-c": {"LANG": "C", "LC_ALL": "", "LC_CTYPE": ""},
    "turkish": {"LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"},
    "unknown-locale": {"LC_ALL": "xx_YY.NOPE"},
    "ascii-io": {"PYTHONIOENCODING": "ascii"},
    "latin1-io": {"PYTHONIOENCODING": "latin-1:strict"},
    "no-term": {"TERM": ""},
    "columns-3": {"COLUMNS": "3", "LINES": "1"},
    "columns-words": {"COLUMNS": "wide", "LINES": "-5"},
}
QUESTIONS = {"german": "Wie können Trusts Vertrauen im Vorstand aufbauen – „board“?",
             "turkish-i": "İSTANBUL trusts: how did ıntegrated boards build trust?",
             "emoji": "How can trusts build trust at board level? 🙂🏥"}


def locale6_cases(homes: Homes) -> Iterator[Case]:
    for locale, more in LOCALES.items():
        for n, command in enumerate(("ask", "ask --json", "enabler", "contacts")):
            label, question = list(QUESTIONS.items())[n % len(QUESTIONS)]
            for argv in ([*command.split(), question],):
                def body(home: Path, argv=argv, more=more) -> list[str]:
                    env = {k: v for k, v in {**_env(home), **more}.items() if v != ""}  # "": unset
                    return judged(argv, env)
                option = "-json" if argv[1] == "--json" else ""
                yield in_home(homes, "locale6", f"{locale}:{argv[0]}{option}:{label}", body)
        yield in_home(homes, "locale6", f"{locale}:digest-preview",
                      lambda home, more=more: judged(["digest", "--preview"], {**_env(home), **more}))
        yield in_home(homes, "locale6", f"{locale}:help", lambda home, more=more: judged(["--help"], {**_env(home), **more}))
    for name in ("eval-json", "contacts-json", "digest-preview", "help", "enabler", "ask"):
        def one_byte(home: Path, name=name) -> list[str]:
            (home / "q.jsonl").write_bytes(b'{"q": "How can trusts build trust at board level?"}\n' * 40)
            process = subprocess.Popen([sys.executable, "-m", "bot.cli", *_argv(COMMANDS[name], home)],
                                       cwd=hostile_sweep.CODE[0], env=_env(home), stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
            process.stdout.read(1)
            process.stdout.close()  # `| head -c1`: the reader has gone
            err = []
            reader = threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True)
            reader.start()
            try:
                process.wait(hostile_sweep.LIMITS["hang"])
            except subprocess.TimeoutExpired:
                process.kill()
                return [f"`peerbot {name}` still running after its reader left"]
            reader.join(5)
            text = (err or [b""])[0].decode("utf-8", "backslashreplace")
            return judge_cli(COMMANDS[name], 0 if process.returncode in (0, 1) and not text.strip() else process.returncode,
                             "", text)
        yield in_home(homes, "locale6", f"head-c1:{name}", one_byte)


# -- stdin6: question sets of every wrong shape, nested ------------------------------------------------

def _lines(*objects: object) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)


QUESTION_SETS: dict[str, bytes] = {
    "q-object": _lines({"q": {"q": QUESTION}}),
    "q-nested-list": _lines({"q": [[QUESTION]]}),
    "q-bool": _lines({"q": True}),
    "q-float": _lines({"q": 1e308}),
    "expected-nested": _lines({"q": QUESTION, "expected": [[["key-enablers-provider-collaboratives"]]]}),
    "expected-mixed": _lines({"q": QUESTION, "expected": [None, 5, {"a": 1}, "key-enablers-provider-collaboratives"]}),
    "expected-string": _lines({"q": QUESTION, "expected": "key-enablers-provider-collaboratives"}),
    "expected-object": _lines({"q": QUESTION, "expected": {"key-enablers-provider-collaboratives": True}}),
    "offtopic-object": _lines({"q": QUESTION, "offtopic": {"yes": [1]}}),
    "offtopic-number": _lines({"q": QUESTION, "offtopic": 2}),
    "keys-numbers": b'{"1": 2, "q": "' + QUESTION.encode() + b'"}\n',
    "duplicate-keys": b'{"q": "a", "q": {"x": 1}}\n',
    "deep-in-right-shape": b'{"q": "trust", "expected": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
    "huge-expected": _lines({"q": QUESTION, "expected": ["x" * 100] * 100_000}),
    "nul-separated": b'{"q": "trust"}\x00{"q": "boards"}\x00',
    "cr-only": b'{"q": "trust"}\r{"q": "boards"}\r',
    "line-20mb": b'{"q": "' + b"trust " * 3_500_000 + b'"}\n',
    "3000-questions": b'{"q": "trust"}\n' * 3_000,
    "mixed-good-bad": _lines({"q": QUESTION}, [1], {"q": None}, "x", {"q": QUESTION, "expected": 3}),
    "surrogates": b'{"q": "\\ud800\\udfff trust \\udc00"}\n',
}


def stdin6_cases(homes: Homes) -> Iterator[Case]:
    for name, data in QUESTION_SETS.items():
        for argv in (["eval", "-"], ["eval", "--json", "-"], ["eval", "HOME/set.jsonl"]):
            def body(home: Path, argv=argv, data=data) -> list[str]:
                (home / "set.jsonl").write_bytes(data)
                return judged(_argv(argv, home), _env(home), stdin=data)
            yield in_home(homes, "stdin6", f"{name}:{' '.join(argv).replace('HOME/', '')}", body)


FAMILIES = {"special6": special6_cases, "busy6": busy6_cases, "perm6": perm6_cases, "fsize6": fsize6_cases,
            "race6": race6_cases, "kill6": kill6_cases, "locale6": locale6_cases, "stdin6": stdin6_cases}


def main() -> int:
    return hostile_sweep.sweep_main(
        __doc__.splitlines()[0], FAMILIES, "hostile6-", 3, lambda name, jobs: min(jobs, 2) if name in ("race6", "kill6") else jobs,
        _seed)


if __name__ == "__main__":
    sys.exit(main())
