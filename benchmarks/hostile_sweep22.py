"""The twenty-second hostile sweep: files, the data folder, processes and the command line, in classes
sweeps 1-21 did not run (their lists checked: conc17 ran two `index --rebuild` at once and SIGKILLs at
seeded instants, kill6 at a build's steps on disk, fsize6 and env17 a file-size limit of 16 KB to 2 MB
and 12 or 20 open files under index, import and lessons, env15 numbers as `1_000`, `0x10`, `+inf`,
`-0`; settings3 negatives and 5000 digits).

- `procs22`: one data folder, several processes: two and three plain `index` at once over a changed
  corpus, `index` beside `forget` and `lessons approve`; `index --rebuild` SIGKILLed (its main process
  only, its build workers left to run on) at 10 points spread over its measured length, then `ask` and
  `index`; `import` of a 20 MB page and `lessons approve` SIGKILLed at 3 points; `forget`, `ask`,
  `lessons approve` while another process holds `peerbot.db` in a write transaction for 3 s and 60 s;
  the data folder made read-only (for real: without the capabilities that bypass file modes) at 3
  points of an `index --rebuild`.
- `limits22`: a file-size limit (`ulimit -f`) of 0, 1 byte and 4 KB under `ask`, `eval`, `forget`,
  `digest --preview`, `teams-manifest --output`, `index` (a changed document), `migrate`; 8, 16, 32
  and 64 open files under `index` (a changed document), `eval`, `digest --preview`, `lessons approve`.
- `paths22`: the data folder and the corpus folder at a path with spaces, a newline, an invalid UTF-8
  byte, a 250-character name, 60 folders deep; documents named so; a socket, `/dev/zero` and
  `/dev/urandom` (linked) in place of a document; a document that grows while it is read; 5,000 small
  documents; a 50 MB document (over the size limit, and under a limit raised to 60 MB); a document 60
  folders deep.
- `clocks22`: modification times in 2100, at 0 (1970) and in 1920 on a document, every document,
  the corpus folder, `enablers.yaml`, the served `index.db`, the generation folder, `peerbot.db`
  (the index newer than the code, and older); a document changed with its time set back.
- `env22`: every numeric setting at `0`, `nan`, `NaN`, `1e30`, `5 MB`, `10s`, ` 5 ` and `2.5`; the
  data folder, the corpus folder and PEERBOT_MODEL empty, relative, a file, and `~`.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep22.py --hang 120 [--only CLASS ...] [--match TEXT] [--jobs N] [--code DIR]

A case passes as in sweep 19: an answer (exit 0) or one `peerbot:` line and exit 1 or 2, no
traceback, no hang; then `index` succeeds and a later `ask` answers (nothing lost), and every
published generation is whole.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli  # noqa: E402
from hostile_sweep2 import QUESTION, TEAMS_ID  # noqa: E402
from hostile_sweep3 import in_home, still_answers  # noqa: E402
from hostile_sweep17 import _lesson  # noqa: E402
from hostile_sweep19 import NO_BYPASS, _index_ok  # noqa: E402

BUILD = {"seconds": 10.0}  # an `index --rebuild`'s length on the template, measured before the cases run
DOCUMENT = "# Staff bank lesson\n\nThree trusts pooled porters and bank staff across the collaborative.\n"


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def _start(argv: list, env: dict, cwd: Path | None = None, preexec: Callable[[], None] | None = None,
           prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    """`peerbot argv` started (its code found through PYTHONPATH, so any working folder will do)."""
    env = {**env, "PYTHONPATH": str(hostile_sweep.CODE[0])}
    return subprocess.Popen([*prefix, sys.executable, "-m", "bot.cli", *argv], cwd=cwd or hostile_sweep.CODE[0],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=preexec)


def _judge(argv: list, process: subprocess.Popen, killed: bool = False) -> list[str]:
    """The started command's outcome judged (a SIGKILL of ours is no failure)."""
    shown = [os.fsdecode(a) if isinstance(a, bytes) else a for a in argv]
    try:
        out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return [f"`peerbot {' '.join(shown)[:60]}` still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
    if killed and process.returncode == -signal.SIGKILL:
        return []
    text_out, text_err = (b.decode("utf-8", "backslashreplace") for b in (out, err))
    process.said = text_err  # type: ignore[attr-defined]  # for a case that reads what it said
    problems = judge_cli(shown, process.returncode, text_out, text_err)
    if not problems and ("Exception ignored" in text_err or "Fatal Python error" in text_err):
        problems.append(f"`peerbot {' '.join(shown)[:40]}`: noise on stderr ({text_err.strip()[-140:]!r})")
    return problems


def _run(argv: list, env: dict, **how) -> list[str]:
    return _judge(argv, _start(argv, env, **how))


def _whole(home: Path, data: Path | None = None) -> list[str]:
    """Every published generation whole (one with checksums, or the served one)."""
    sys.path.insert(0, str(hostile_sweep.CODE[0]))
    from index import integrity
    from index.generations import current_generation

    index_dir = (data or home / "data") / "index"
    served = current_generation(index_dir)
    return [f"{g.name} left damaged: {found}" for g in index_dir.glob("gen-*")
            if (g == served or (g / "checksums.json").exists()) and (found := integrity.problem(g)) is not None]


def _after(env: dict, home: Path, data: Path | None = None) -> list[str]:
    """Nothing lost: `index` succeeds, `ask` answers, every published generation whole."""
    return _index_ok(env) or still_answers(env) or _whole(home, data)


def _case(homes: Homes, surface: str, name: str, body: Callable[[Path], list[str]]) -> Case:
    """A case in its own copy of the template, with a line as it ends (so a run cut short still counts)."""
    case = in_home(homes, surface, name, body)
    inner = case.run

    def run() -> list[str]:
        started = time.monotonic()
        problems = inner()
        print(f"{'fail' if problems else 'pass'} {surface}/{name} ({time.monotonic() - started:.0f} s)", flush=True)
        return problems
    case.run = run
    return case


def _changed(home: Path) -> None:
    (home / "knowledge" / "staff-bank-22.md").write_text(DOCUMENT)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


# -- procs22 -------------------------------------------------------------------------------------------

def _at_once(home: Path, commands: list[list[str]]) -> list[str]:
    env = _env(home)
    started = [_start(argv, env) for argv in commands]
    problems = [p for argv, process in zip(commands, started, strict=True) for p in _judge(argv, process)]
    return problems or _after(env, home)


def _killed_build(fraction: float) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        process = _start(["index", "--rebuild"], env)
        workers: list[int] = []
        deadline = time.monotonic() + fraction * BUILD["seconds"]
        while time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid) or workers
            time.sleep(0.05)
        process.kill()
        problems = _judge(["index", "--rebuild"], process, killed=True)
        time.sleep(0.5)
        for pid in workers:  # the orphaned build workers: given their chance to do harm, then ended
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return problems or _run(["ask", "--json", QUESTION], env) or _after(env, home)
    return body


def _killed_import(fraction: float) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        page = home / "big.html"
        paragraph = "<p>Boards built trust with open book finances across the collaborative, sharing red lines.</p>\n"
        page.write_text("<html><head><title>Big board page</title></head><body>" + paragraph * 200_000 + "</body></html>")
        env = _env(home)
        process = _start(["import", str(page)], env)
        time.sleep(fraction * 6)
        process.kill()
        problems = _judge(["import"], process, killed=True)
        left = [p.name for p in (home / "knowledge").rglob("*.tmp")]
        return problems or ([f"left behind: {left}"] if left else []) or _after(env, home)
    return body


def _killed_approve(fraction: float) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        lesson = _lesson(home)
        process = _start(["lessons", "approve", str(lesson)], env)
        time.sleep(fraction * 4)
        process.kill()
        problems = _judge(["lessons", "approve"], process, killed=True)
        return problems or _run(["lessons"], env) or _after(env, home)
    return body


def _held(seconds: float, argv: list[str]) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        if argv[:2] == ["lessons", "approve"]:
            argv[2:] = [str(_lesson(home))]
        else:
            _run(["lessons"], env)  # peerbot.db made
        db = sqlite3.connect(home / "data" / "peerbot.db", isolation_level=None, timeout=30, check_same_thread=False)
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS sweep22_hold (x)")
        release = threading.Timer(seconds, db.rollback)
        release.start()
        try:
            problems = _run(argv, env)
        finally:
            release.join()
            db.close()
        return problems or _after(env, home)
    return body


def _read_only_at(fraction: float) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        data = home / "data"
        process = _start(["index", "--rebuild"], env, prefix=tuple(NO_BYPASS))
        time.sleep(fraction * BUILD["seconds"])
        for path in [data, *data.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & ~0o222)
        try:
            problems = _judge(["index", "--rebuild"], process)
            problems = problems or _run(["ask", "--json", QUESTION], env, prefix=tuple(NO_BYPASS))
        finally:
            for path in [data, *data.rglob("*")]:
                if not path.is_symlink():
                    path.chmod(path.stat().st_mode | 0o200)
        return problems or _after(env, home)
    return body


def procs22_cases(homes: Homes) -> Iterator[Case]:
    index, rebuild, ask = ["index"], ["index", "--rebuild"], ["ask", "--json", QUESTION]
    together = {"two-index": [index, index], "three-index": [index, index, index], "index-rebuild-and-index": [rebuild, index],
                "index-and-forget": [index, ["forget", "--before", "2030-01-01"]], "index-and-lessons": [index, ["lessons"]],
                "two-index-and-ask": [index, index, ask]}
    for name, commands in together.items():
        yield _case(homes, "procs22", f"at-once:{name}", lambda home, c=commands: (_changed(home), _at_once(home, c))[1])
    for step in range(1, 11):
        yield _case(homes, "procs22", f"index-rebuild-killed-at-{step * 9}%", _killed_build(step * 0.09))
    for fraction in (0.3, 1.0, 2.5):
        yield _case(homes, "procs22", f"import-20mb-killed-after-{fraction * 6:g}s", _killed_import(fraction))
    for fraction in (0.2, 0.5, 1.0):
        yield _case(homes, "procs22", f"approve-killed-after-{fraction * 4:g}s", _killed_approve(fraction))
    for seconds in (3, 60):
        for label, argv in {"forget": ["forget", "--before", "2030-01-01"], "ask": ask,
                            "approve": ["lessons", "approve", "?"]}.items():
            yield _case(homes, "procs22", f"db-held-{seconds}s:{label}", _held(seconds, list(argv)))
    for fraction in (0.1, 0.5, 0.9):
        yield _case(homes, "procs22", f"data-read-only-at-{fraction:.0%}-of-rebuild", _read_only_at(fraction))


# -- limits22 ------------------------------------------------------------------------------------------

def _limit(kind: int, value: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(kind, (value, value))


def _limited(kind: int, value: int, argv: list[str]) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        (home / "q.jsonl").write_text('{"question": "How did boards build trust?", "expect": "any"}\n')
        if argv[:2] == ["lessons", "approve"]:
            argv[2:] = [str(_lesson(home))]
        if argv == ["index"]:
            _changed(home)
        full = [a.replace("HOME", str(home)) for a in argv]
        return _run(full, env, preexec=_limit(kind, value)) or _after(env, home)
    return body


def limits22_cases(homes: Homes) -> Iterator[Case]:
    sized = {"ask": ["ask", "--json", QUESTION], "eval": ["eval", "HOME/q.jsonl"], "forget": ["forget", "--before", "2030-01-01"],
             "digest": ["digest", "--preview"], "teams-manifest": ["teams-manifest", "--output", "HOME/t.zip"],
             "index": ["index"], "migrate": ["migrate"]}
    for size in (0, 1, 4096):
        for name, argv in sized.items():
            yield _case(homes, "limits22", f"fsize-{size}:{name}", _limited(resource.RLIMIT_FSIZE, size, list(argv)))
    counted = {"index": ["index"], "eval": ["eval", "HOME/q.jsonl"], "digest": ["digest", "--preview"],
               "approve": ["lessons", "approve", "?"]}
    for files in (8, 16, 32, 64):
        for name, argv in counted.items():
            yield _case(homes, "limits22", f"nofile-{files}:{name}", _limited(resource.RLIMIT_NOFILE, files, list(argv)))


# -- paths22 -------------------------------------------------------------------------------------------

ODD_NAMES = {"spaces": "with  some spaces ", "newline": "new\nline", "bad-utf8": os.fsdecode(b"bad\xff\xfename"),
             "250-chars": "n" * 250}


def _moved(part: str, odd: str) -> Callable[[Path], list[str]]:
    """The data or corpus folder moved to a path whose last folder is `odd` (or 60 folders deep)."""
    def body(home: Path) -> list[str]:
        target = home.joinpath(*["d"] * 60) if odd == "deep" else home / odd
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(home / part, target)
        env = _env(home, **{"PEERBOT_DATA_DIR" if part == "data" else "PEERBOT_KNOWLEDGE_DIR": str(target)})
        if part == "knowledge":
            _changed_in(target)
        return (_run(["ask", "--json", QUESTION], env) or _run(["index"], env)
                or _after(env, home, target if part == "data" else None))
    return body


def _changed_in(folder: Path) -> None:
    (folder / "staff-bank-22.md").write_text(DOCUMENT)


def _document_named(name: str) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        (home / "knowledge" / f"{name}.md").write_text(DOCUMENT)
        env = _env(home)
        return _run(["index"], env) or _after(env, home)
    return body


def _special(make: Callable[[Path], object]) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        path = home / "knowledge" / "special-22.md"
        kept = make(path)
        env = _env(home)
        try:
            problems = _run(["index"], env) or _run(["index", "--rebuild"], env)
        finally:
            if isinstance(kept, socket.socket):
                kept.close()
            path.unlink()  # while it is there, `index` says it skipped it and exits 1, as documented
        return problems or _after(env, home)
    return body


def _socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    return server


def _growing(home: Path) -> list[str]:
    path = home / "knowledge" / "growing-22.md"
    path.write_text(DOCUMENT)
    stop = threading.Event()

    def grow() -> None:
        with open(path, "a") as f:
            while not stop.is_set() and f.tell() < 10 * 2**20:
                f.write("More porters were pooled across the trusts this week. " * 200 + "\n")
                f.flush()
    writer = threading.Thread(target=grow)
    writer.start()
    env = _env(home)
    try:
        problems = _run(["index"], env)
    finally:
        stop.set()
        writer.join()
    return problems or _after(env, home)


def _many(home: Path) -> list[str]:
    folder = home / "knowledge" / "many"
    folder.mkdir()
    for i in range(5000):
        (folder / f"note-{i:04d}.md").write_text(f"# Note {i}\n\nTrust {i} pooled {i % 7} porters.\n")
    env = _env(home)
    return _run(["index"], env) or _after(env, home)


def _huge(limit: str | None) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        line = "Boards built trust with open book finances and pooled porters across the trusts.\n"
        (home / "knowledge" / "huge-22.md").write_text("# Huge lesson\n\n" + line * (50 * 2**20 // len(line)))
        env = _env(home, **({"PEERBOT_MAX_DOCUMENT_MB": limit} if limit else {}))
        problems = _run(["index"], env)
        if not limit:  # over the limit: skipped, said, and `index` exits 1 while it is there
            (home / "knowledge" / "huge-22.md").unlink()
        return problems or _after(env, home)
    return body


def _deep_document(home: Path) -> list[str]:
    folder = home.joinpath("knowledge", *["d"] * 60)
    folder.mkdir(parents=True)
    (folder / "deep-22.md").write_text(DOCUMENT)
    env = _env(home)
    problems = _run(["index"], env)
    shutil.rmtree(home / "knowledge" / "d")  # too deep to read: said, and `index` exits 1 while it is there
    return problems or _after(env, home)


def paths22_cases(homes: Homes) -> Iterator[Case]:
    for part in ("data", "knowledge"):
        for label, odd in {**ODD_NAMES, "60-deep": "deep"}.items():
            yield _case(homes, "paths22", f"{part}-folder:{label}", _moved(part, odd))
    for label, odd in ODD_NAMES.items():
        yield _case(homes, "paths22", f"document-named:{label}", _document_named(odd))
    yield _case(homes, "paths22", "document-a-socket", _special(_socket))
    for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
        yield _case(homes, "paths22", f"document-linked-to-{device}", _special(lambda p, d=device: p.symlink_to(d)))
    yield _case(homes, "paths22", "document-growing-while-read", _growing)
    yield _case(homes, "paths22", "5000-small-documents", _many)
    yield _case(homes, "paths22", "50mb-document", _huge(None))
    yield _case(homes, "paths22", "50mb-document-limit-60", _huge("60"))
    yield _case(homes, "paths22", "document-60-folders-deep", _deep_document)


# -- clocks22 ------------------------------------------------------------------------------------------

TIMES = {"2100": 4102444800, "1970": 0, "1920": -1577923200}


def _targets(home: Path) -> dict[str, list[Path]]:
    knowledge, data = home / "knowledge", home / "data"
    generation = (data / "index" / "current").resolve()
    return {"a-document": [next(iter(sorted(knowledge.glob("*.md"))))], "every-document": sorted(knowledge.rglob("*.md")),
            "corpus-folder": [knowledge], "enablers": [knowledge / "enablers.yaml"], "index-db": [generation / "index.db"],
            "generation": [generation, *generation.iterdir()], "peerbot-db": [data / "peerbot.db"]}


def _clocked(target: str, when: int) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        env = _env(home)
        _run(["lessons"], env)  # peerbot.db made
        for path in _targets(home)[target]:
            os.utime(path, (when, when), follow_symlinks=False)
        return _run(["ask", "--json", QUESTION], env) or _after(env, home)
    return body


def _changed_time_kept(home: Path) -> list[str]:
    """A document's words changed, its time set back to before the index: `index` still updates it."""
    document = sorted((home / "knowledge").glob("*.md"))[0]
    before = document.stat()
    document.write_text(document.read_text() + "\nAdded: the collaborative pooled its porters in 2026.\n")
    os.utime(document, ns=(before.st_atime_ns, before.st_mtime_ns))
    env = _env(home)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=hostile_sweep.CODE[0], env=env,
                          capture_output=True, timeout=hostile_sweep.LIMITS["hang"])
    out = done.stdout.decode("utf-8", "replace")
    return ([] if "1 updated" in out else [f"a changed document with its old time was not updated: {out.strip()[-160:]!r}"]
            ) or _after(env, home)


def clocks22_cases(homes: Homes) -> Iterator[Case]:
    for target in ("a-document", "every-document", "corpus-folder", "enablers", "index-db", "generation", "peerbot-db"):
        for label, when in TIMES.items():
            yield _case(homes, "clocks22", f"{target}-at-{label}", _clocked(target, when))
    yield _case(homes, "clocks22", "changed-with-old-time", _changed_time_kept)


# -- env22 ---------------------------------------------------------------------------------------------

NUMERIC = ("PEERBOT_RETENTION_DAYS", "PEERBOT_MAX_DOCUMENT_MB", "PEERBOT_RELOAD_SECONDS", "PEERBOT_LEASE_SECONDS",
           "PEERBOT_START_SECONDS", "PEERBOT_START_GRACE_SECONDS", "PEERBOT_THREADS", "PEERBOT_BUILD_WORKERS",
           "PEERBOT_QUERY_WINDOW_MS", "PEERBOT_QUERY_BATCH", "PEERBOT_ANSWER_THREADS", "PORT")
VALUES = {"zero": "0", "nan": "nan", "NaN": "NaN", "1e30": "1e30", "units-MB": "5 MB", "units-s": "10s",
          "spaces": " 5 ", "fraction": "2.5"}
BUILDING = ("PEERBOT_MAX_DOCUMENT_MB", "PEERBOT_BUILD_WORKERS")


def _setting(name: str, value: str) -> Callable[[Path], list[str]]:
    """The command under the setting; then, unless it refused the setting before doing anything (exit
    1, a line naming it), `index` and `ask` under the usual settings."""
    def body(home: Path) -> list[str]:
        if name in BUILDING:
            _changed(home)
        argv = ["index"] if name in BUILDING else ["ask", "--json", QUESTION]
        process = _start(argv, _env(home, **{name: value}))
        problems = _judge(argv, process)
        if problems or (process.returncode == 1 and f"peerbot: error: {name} " in process.said):  # type: ignore[attr-defined]
            return problems or _whole(home)
        return _after(_env(home), home)
    return body


def _path_setting(name: str, label: str) -> Callable[[Path], list[str]]:
    def body(home: Path) -> list[str]:
        (home / "a-file").write_text("not a folder\n")
        value = {"empty": "", "relative": {"PEERBOT_DATA_DIR": "data", "PEERBOT_KNOWLEDGE_DIR": "knowledge",
                                           "PEERBOT_MODEL": "model"}[name], "a-file": str(home / "a-file"), "tilde": "~"}[label]
        env = _env(home, **{name: value})
        return _run(["ask", "--json", QUESTION], env, cwd=home) or _after(_env(home), home)
    return body


def env22_cases(homes: Homes) -> Iterator[Case]:
    for name in NUMERIC:
        for label, value in VALUES.items():
            yield _case(homes, "env22", f"{name}={label}", _setting(name, value))
    for name in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR", "PEERBOT_MODEL"):
        for label in ("empty", "relative", "a-file", "tilde"):
            yield _case(homes, "env22", f"{name}={label}", _path_setting(name, label))


FAMILIES = {"procs22": procs22_cases, "limits22": limits22_cases, "paths22": paths22_cases, "clocks22": clocks22_cases,
            "env22": env22_cases}


def _measure(homes: Homes) -> None:
    """How long an `index --rebuild` takes here, so the kills land across it."""
    home = homes.fresh()
    try:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "bot.cli", "index", "--rebuild"], cwd=hostile_sweep.CODE[0], env=_env(home),
                       capture_output=True, timeout=600)
        BUILD["seconds"] = time.monotonic() - started
        print(f"-- an `index --rebuild` took {BUILD['seconds']:.1f} s", flush=True)
    finally:
        homes.discard(home)


def main() -> int:
    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile22-", 3,
                                    lambda name, jobs: 1 if name == "procs22" else jobs, _measure)


if __name__ == "__main__":
    sys.exit(main())
