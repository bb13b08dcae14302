"""The fifteenth hostile sweep: files, the data folder, settings and the command line, in the classes
the first fourteen touched least.

- `cues15`: `out_of_scope.yaml`'s regular expressions (a kind's `cues`, `lesson_questions`) that
  compile to an error Python does not call one (a repeat count past 2**32, 2,000 nested groups), that
  backtrack for ever on a plain question (`^(\\w+\\s?)*$`, `(a|aa)+$`, `(.*)*x`), that match
  everything, that are 1 MB or 50,000 alternatives, a NUL, an unknown flag; under `ask --json`.
- `yamldeep15`: every knowledge YAML file given structure no earlier sweep wrote: 100,000 nested
  `[`, 3,000 nested block lists, a list or mapping that holds itself (`&a [*a]`), a Python tag that
  would run a command, a second YAML document, its main key twice, a merge key of a scalar, old Mac
  line ends (CR alone), NEL and U+2028 line breaks, a 30 MB value; under the command that reads it.
- `front15`: a document's front matter with the same structures (and `people`, `enablers`, `title`
  holding themselves), under `index` then `ask`.
- `folder15`: the knowledge folder holding what is not a document under a document's name (a named
  pipe, a socket, a link to itself, to nothing, to /dev/zero or /dev/urandom, a folder), links to
  itself or its parent, names with a newline, bad UTF-8 or 255 bytes, a 3 GB sparse file,
  folders 120 deep; under `index` and `index --rebuild`, then `ask`.
- `pages15`: the served generation's `index.db` cut at many offsets, a page of garbage (first,
  second, middle, last), its header zeroed, its page size a lie, each with `checksums.json` rewritten
  to match (so only SQLite can tell); under `ask --json`, `enabler trust` and `index`.
- `lock15`: the build lock held by a live other process (`flock` on `index/.build.lock`) under
  `index`, `index --rebuild`, `import`, `ask` with the served generation damaged (a repair); SQLite
  leftovers from another database (`-wal`, `-shm`, `-journal`) beside `peerbot.db` and a
  generation's `index.db`, under `ask`, `lessons`, `index` (and `peerbot.db`, which was whole, not
  moved aside as damaged).
- `stdin15`: standard input that never ends (`/dev/zero`: one endless line, `yes`: endless lines)
  under `ask -`; standard output a pipe whose reader takes 10 bytes and leaves (`| head -c 10`)
  under the commands that print most.
- `env15`: numeric settings as Python reads numbers but people do not (Arabic-Indic and full-width
  digits, `1_000`, `0x10`, `1e-400`, `+inf`, `-0`, `٣.٥`, a tab inside); one line or the value used.
- `sigint15`: SIGINT at seeded instants of `index --rebuild`, `import`, `eval`, `lessons approve`,
  `digest --post`, `migrate`: exit 130 with one `peerbot:` line (or done), then `index` and `ask` work
  and no generation is left damaged.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep15.py [--only CLASS ...] [--match TEXT] [--jobs N] [--code DIR]

A case passes as in sweep 14: an answer (exit 0) or one `peerbot:` line, exit 1 or 2, no traceback,
no hang, and a later `peerbot ask` still answers (nothing lost).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli  # noqa: E402
from hostile_sweep2 import COMMANDS, QUESTION, TEAMS_ID, _argv, default_sigint  # noqa: E402
from hostile_sweep3 import _current, in_home, judged, run_bytes, still_answers  # noqa: E402

SEED = 15


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def _commands(home: Path, commands: list[list[str]], restore: dict[Path, bytes | None]) -> list[str]:
    """`commands` in turn, judged; then, the damaged files of `restore` put back as they were (a file
    peerbot is told is broken may be refused for as long as it stays so), a later `ask` answers."""
    env = _env(home)
    for argv in commands:
        if problems := judged(_argv(argv, home), env):
            return problems
    for path, data in restore.items():
        if data is None:
            path.unlink()
        else:
            path.write_bytes(data)
    return still_answers(env)


# -- cues15 --------------------------------------------------------------------------------------------

CUES = {
    "repeat-2**32": "a{4294967296}", "repeat-20-digits": "x{99999999999999999999}",
    "nested-2000": "(" * 2000 + "a" + ")" * 2000, "backtrack-words": r"^(\w+\s?)*$",
    "backtrack-alternation": r"^(a|a?)+$|^(\w|\w\w)+\d$", "backtrack-dotstar": r"(.*)*\d\d\d",
    "backtrack-nested-class": r"^([a-z ]+)*[0-9]", "matches-all": "", "one-mb": "b" * 1_000_000,
    "alternatives-50000": "|".join(f"zz{i}qq" for i in range(50_000)), "nul": "board\x00level",
    "unknown-flag": "(?z)board", "lookbehind-variable": "(?<=a+)b",
}


def cues15_cases(homes: Homes) -> Iterator[Case]:
    import yaml

    for section in ("cues", "lesson_questions"):
        for name, cue in CUES.items():
            def body(home: Path, section=section, cue=cue) -> list[str]:
                path = home / "knowledge" / "out_of_scope.yaml"
                original = path.read_bytes()
                data = yaml.safe_load(original)
                if section == "cues":
                    first = next(v for v in data["out_of_scope"].values() if "cues" in v)
                    first["cues"] = [cue, *first["cues"]]
                else:
                    data["lesson_questions"] = [cue, *data.get("lesson_questions", [])]
                path.write_text(yaml.safe_dump(data, allow_unicode=True))
                return _commands(home, [COMMANDS["ask-json"]], {path: original})
            yield in_home(homes, "cues15", f"{section}:{name}", body)


# -- yamldeep15 ----------------------------------------------------------------------------------------

def _main_key(text: str) -> str:
    import yaml

    data = yaml.safe_load(text)
    return next(iter(data)) if isinstance(data, dict) else ""


def _replace_main(text: str, value: str) -> str:
    """The file with its first top-level key's value replaced by `value` (YAML text)."""
    key = _main_key(text)
    return f"{key}: {value}\n"


STRUCTURES: dict[str, Callable[[str], bytes]] = {
    "flow-deep-100000": lambda t: _replace_main(t, "[" * 100_000 + "]" * 100_000).encode(),
    "block-deep-3000": lambda t: (f"{_main_key(t)}:\n" + "".join(" " * i + "-\n" for i in range(3000)) + " " * 3000 + "- x\n").encode(),
    "self-list": lambda t: _replace_main(t, "&a [*a, *a]").encode(),
    "self-map": lambda t: _replace_main(t, "&a {name: x, id: y, items: *a}").encode(),
    "self-item": lambda t: _replace_main(t, "[&a {name: x, id: y, people: [*a], synonyms: [*a], examples: *a, cues: [*a]}]").encode(),
    "python-tag": lambda t: _replace_main(t, "!!python/object/apply:os.system ['touch /tmp/peerbot-pwned-15']").encode(),
    "second-document": lambda t: (t + "\n---\n" + t).encode(),
    "main-key-twice": lambda t: (t + f"\n{_main_key(t)}: []\n").encode(),
    "merge-scalar": lambda t: f"<<: 5\n{t}".encode(),
    "merge-self": lambda t: f"base: &b {{x: 1}}\n<<: [*b, *b, *b]\n{t}".encode(),
    "cr-line-ends": lambda t: t.replace("\n", "\r").encode(),
    "nel-line-ends": lambda t: t.replace("\n", "\x85").encode(),
    "u2028-line-ends": lambda t: t.replace("\n", "\u2028").encode(),
    "value-30mb": lambda t: (t + "\nextra_field: '" + "w " * 15_000_000 + "'\n").encode(),
}


def yaml_readers() -> dict[str, list[list[str]]]:
    ask = [COMMANDS["ask-json"]]
    return {"contacts.yaml": [["contacts", "--json"]], "enablers.yaml": [["enabler", "trust"], ["index"]],
            "out_of_scope.yaml": ask, "nhs_topics.yaml": ask, "everyday_topics.yaml": ask,
            "example_questions.yaml": [["index"], *ask]}


def yamldeep15_cases(homes: Homes) -> Iterator[Case]:
    for file, commands in yaml_readers().items():
        for name, make in STRUCTURES.items():
            def body(home: Path, file=file, make=make, commands=commands) -> list[str]:
                path = home / "knowledge" / file
                original = path.read_bytes()
                path.write_bytes(make(original.decode()))
                problems = _commands(home, commands, {path: original})
                if Path("/tmp/peerbot-pwned-15").exists():
                    problems.append("a Python tag ran a command")
                return problems
            yield in_home(homes, "yamldeep15", f"{file}:{name}", body)


# -- front15 -------------------------------------------------------------------------------------------

FRONT = {
    "flow-deep": "title: " + "[" * 100_000 + "]" * 100_000,
    "self-title": "title: &a [*a]", "self-people": "title: Boards\npeople: &p [*p, {name: Jo, role: *p}]",
    "self-enablers": "title: Boards\nenablers: &e [*e]", "self-map": "&m {title: Boards, tags: *m}",
    "python-tag": "title: !!python/object/apply:os.system ['touch /tmp/peerbot-pwned-15']",
    "merge-self": "b: &b {title: Boards}\n<<: [*b, *b]", "nel-breaks": "title: Boards\x85people: [Jo]",
    "cr-only": "title: Boards\rpeople:\r  - name: Jo", "enablers-100000": "title: Boards\nenablers: [" + ", ".join(["trust"] * 100_000) + "]",
    "people-100000": "title: Boards\npeople: [" + ", ".join(f"Person {i}" for i in range(100_000)) + "]",
    "title-5mb": "title: '" + "t" * 5_000_000 + "'",
}


def front15_cases(homes: Homes) -> Iterator[Case]:
    for name, front in FRONT.items():
        def body(home: Path, front=front) -> list[str]:
            path = home / "knowledge" / "hostile-front.md"
            path.write_text(f"---\n{front}\n---\n# Boards\n\nBoards built trust at board level by meeting in common.\n")
            problems = _commands(home, [["index"], COMMANDS["ask-json"]], {path: None})
            if Path("/tmp/peerbot-pwned-15").exists():
                problems.append("a Python tag ran a command")
            return problems
        yield in_home(homes, "front15", name, body)


# -- folder15 ------------------------------------------------------------------------------------------

def _socket(path: Path) -> None:
    import socket

    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()


FOLDER: dict[str, Callable[[Path], None]] = {
    "fifo.md": lambda k: os.mkfifo(k / "hostile.md"),
    "socket.md": lambda k: _socket(k / "hostile.md"),
    "loop.md": lambda k: (k / "hostile.md").symlink_to("hostile.md"),
    "dangling.md": lambda k: (k / "hostile.md").symlink_to("/nonexistent/x.md"),
    "folder.md": lambda k: (k / "hostile.md").mkdir(),
    "dev-zero.md": lambda k: (k / "hostile.md").symlink_to("/dev/zero"),
    "dev-random.txt": lambda k: (k / "hostile.txt").symlink_to("/dev/urandom"),
    "link-to-self-folder": lambda k: (k / "self").symlink_to("."),
    "link-to-parent-folder": lambda k: (k / "up").symlink_to(".."),
    "name-newline.md": lambda k: (k / "a\nb.md").write_text("# Boards\n\nBoards built trust.\n"),
    "name-bad-utf8.md": lambda k: Path(os.fsdecode(bytes(k) + b"/\xff\xfe.md")).write_text("# Boards\n\nBoards built trust.\n"),
    "name-255.md": lambda k: (k / ("n" * 252 + ".md")).write_text("# Boards\n\nBoards built trust.\n"),
    "sparse-3gb.md": lambda k: _sparse(k),
    "deep-folders": lambda k: os.makedirs(k / "/".join(["d"] * 120), exist_ok=True),
}


def _sparse(knowledge: Path) -> None:
    with open(knowledge / "hostile.md", "wb") as f:
        f.write(b"# Boards\n\nBoards built trust.\n")
        f.truncate(3 * 2**30)


def folder15_cases(homes: Homes) -> Iterator[Case]:
    for name, make in FOLDER.items():
        for command in ("index", "index-rebuild"):
            def body(home: Path, make=make, command=command) -> list[str]:
                make(home / "knowledge")
                return _commands(home, [COMMANDS[command], COMMANDS["ask-json"]], {})
            yield in_home(homes, "folder15", f"{name}:{command}", body)


# -- pages15 -------------------------------------------------------------------------------------------

def _rechecksummed(generation: Path, change: Callable[[bytearray], bytearray]) -> None:
    """The generation's index.db changed by `change`, with `checksums.json` rewritten to match: the
    checksums pass and only SQLite can tell."""
    import hashlib

    path = generation / "index.db"
    data = change(bytearray(path.read_bytes()))
    path.write_bytes(data)
    manifest = json.loads((generation / "checksums.json").read_text())
    manifest["files"]["index.db"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (generation / "checksums.json").write_text(json.dumps(manifest))


def _garbage_page(number: int | str) -> Callable[[bytearray], bytearray]:
    def change(data: bytearray) -> bytearray:
        pages = len(data) // 4096
        page = {"middle": pages // 2, "last": pages - 1}.get(str(number), number)
        data[int(page) * 4096:(int(page) + 1) * 4096] = random.Random(SEED).randbytes(4096)
        return data
    return change


PAGES: dict[str, Callable[[bytearray], bytearray]] = {
    **{f"cut-at-{at}": (lambda at: lambda d: d[:at])(at) for at in (0, 100, 4096, 8192)},
    "cut-at-half": lambda d: d[: len(d) // 2], "cut-last-byte": lambda d: d[:-1],
    "garbage-page-0": _garbage_page(0), "garbage-page-1": _garbage_page(1), "garbage-page-middle": _garbage_page("middle"),
    "garbage-page-last": _garbage_page("last"), "zeroed-header": lambda d: bytearray(100) + d[100:],
    "page-size-lie": lambda d: d[:16] + b"\x00\x02" + d[18:],
}


def pages15_cases(homes: Homes) -> Iterator[Case]:
    for name, change in PAGES.items():
        for command in ("ask-json", "enabler-name", "index"):
            def body(home: Path, change=change, command=command) -> list[str]:
                _rechecksummed(_current(home / "data"), change)
                return _commands(home, [COMMANDS[command]], {})
            yield in_home(homes, "pages15", f"{name}:{command}", body)


# -- lock15 --------------------------------------------------------------------------------------------

_HOLD = "import fcntl, sys, time\nf = open(sys.argv[1], 'a')\nfcntl.flock(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(600)\n"


def _held(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path)], stdout=subprocess.PIPE)
    assert holder.stdout is not None
    holder.stdout.readline()
    return holder


def _other_database(path: Path, journal: str) -> None:
    """A leftover `journal` file beside `path`, from another database with a WAL of its own."""
    other = path.with_name("other-" + path.name)
    db = sqlite3.connect(other)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    db.executemany("INSERT INTO t VALUES (?)", [(os.urandom(200),) for _ in range(200)])
    db.commit()
    for suffix in ("-wal", "-shm"):
        source = Path(str(other) + suffix)
        if source.exists() and suffix == journal:
            Path(str(path) + suffix).write_bytes(source.read_bytes())
    if journal == "-journal":
        Path(str(path) + "-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + os.urandom(4088))
    if journal == "-wal-garbage":
        Path(str(path) + "-wal").write_bytes(os.urandom(40_000))
    db.close()


def lock15_cases(homes: Homes) -> Iterator[Case]:
    for command in ("index", "index-rebuild", "import", "ask-json-repair"):
        def body(home: Path, command=command) -> list[str]:
            env = _env(home)
            if command == "ask-json-repair":
                (_current(home / "data") / "index.db").write_bytes(b"garbage" * 100)
                command = "ask-json"
            holder = _held(home / "data" / "index" / ".build.lock")
            try:
                problems = judged(_argv(COMMANDS[command], home), env)
            finally:
                holder.kill()
                holder.wait()
            return problems or still_answers(env)
        yield in_home(homes, "lock15", f"build-lock-held:{command}", body)
    for journal in ("-wal", "-wal-garbage", "-shm", "-journal"):
        for target in ("peerbot.db", "index.db"):
            for command in ("ask-json", "lessons", "index"):
                def body(home: Path, journal=journal, target=target, command=command) -> list[str]:
                    env = _env(home)
                    run_bytes(["lessons"], env)  # the state database exists first
                    folder = home / "data" if target == "peerbot.db" else _current(home / "data")
                    _other_database(folder / target, journal)
                    problems = judged(_argv(COMMANDS[command], home), env) or still_answers(env)
                    if list((home / "data").glob("peerbot.db.damaged-*")):  # it was whole: its records are lost from use
                        problems.append("peerbot.db, whole, was moved aside as damaged")
                    return problems
                yield in_home(homes, "lock15", f"{target}{journal}-of-another:{command}", body)


# -- stdin15 -------------------------------------------------------------------------------------------

def _memory_cap() -> None:
    """In the child: 3 GB of memory at most, so an input read whole (an endless line) fails fast, not the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


def _run_piped(argv: list[str], env: dict, stdin_command: list[str] | None, head: int | None) -> list[str]:
    """`[stdin_command |] peerbot argv [| head -c head]`: the problems found."""
    feeder = subprocess.Popen(stdin_command, stdout=subprocess.PIPE) if stdin_command else None
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                               stdin=feeder.stdout if feeder else subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_memory_cap)
    if feeder and feeder.stdout:
        feeder.stdout.close()
    try:
        if head is not None:
            assert process.stdout is not None
            process.stdout.read(head)
            process.stdout.close()
            err = process.stderr.read() if process.stderr else b""
            process.wait(timeout=hostile_sweep.LIMITS["hang"])
        else:
            _, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return [f"`peerbot {' '.join(argv)[:50]}` still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
    finally:
        if feeder:
            feeder.kill()
            feeder.wait()
    text = err.decode(errors="replace")
    problems = judge_cli(argv, process.returncode, "", text)
    if not problems and "Exception ignored" in text:
        problems.append(f"`peerbot {' '.join(argv)[:40]}`: noise on stderr")
    return problems


def stdin15_cases(homes: Homes) -> Iterator[Case]:
    feeds = {"dev-zero": ["cat", "/dev/zero"], "yes": ["yes", QUESTION], "urandom": ["cat", "/dev/urandom"]}
    for name, feed in feeds.items():
        for json_out in (True, False):
            argv = ["ask", "--json", "-"] if json_out else ["ask", "-"]
            def body(home: Path, feed=feed, argv=argv) -> list[str]:
                env = _env(home)
                if feed[0] == "yes" or "urandom" in feed[1]:  # endless questions: answered while read, stopped by the reader
                    return _run_piped(argv, env, feed, head=4000) or still_answers(env)
                return _run_piped(argv, env, feed, None) or still_answers(env)
            yield in_home(homes, "stdin15", f"{name}:{' '.join(argv)}", body)
    for command in ("contacts", "contacts-json", "enabler", "enabler-json", "digest-preview", "digest-json", "help",
                    "lessons", "eval-json", "ask-json", "teams-conversations", "contacts-check"):
        def body(home: Path, command=command) -> list[str]:
            env = _env(home)
            return _run_piped(_argv(COMMANDS[command], home), env, None, head=10) or still_answers(env)
        yield in_home(homes, "stdin15", f"head-c-10:{command}", body)


# -- env15 ---------------------------------------------------------------------------------------------

NUMBERS = {"arabic-indic": "\u0663", "full-width": "\uff15", "underscores": "1_000", "hex": "0x10", "underflow": "1e-400",
           "plus-inf": "+inf", "minus-zero": "-0", "arabic-decimal": "\u0663.\u0665", "tab-inside": "1\t0",
           "superscript": "\u00b2", "thai": "\u0e53", "devanagari-huge": "\u0969" * 30}


def _numeric_settings() -> list[str]:
    sys.path.insert(0, str(hostile_sweep.CODE[0]))
    import dataclasses

    from bot.settings import Settings
    return [f.metadata["env"] for f in dataclasses.fields(Settings) if str(f.type) in ("int", "float")]


def env15_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED)
    settings = _numeric_settings()
    for name, value in NUMBERS.items():
        for setting in rng.sample(settings, 2):
            for command in ("ask-json",):
                def body(home: Path, setting=setting, value=value, command=command) -> list[str]:
                    return judged(COMMANDS[command], _env(home, **{setting: value})) or still_answers(_env(home))
                yield in_home(homes, "env15", f"{setting}={name}:{command}", body)


# -- sigint15 ------------------------------------------------------------------------------------------

def sigint15_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED)
    for command in ("index-rebuild", "import", "eval", "lessons-approve", "digest-post", "migrate", "forget-before"):
        for _ in range(3):
            after = round(rng.uniform(0.2, 3.0), 2)
            def body(home: Path, command=command, after=after) -> list[str]:
                env = _env(home)
                run_bytes(["lessons"], env)
                argv = _argv(COMMANDS[command], home)
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                           preexec_fn=default_sigint)
                time.sleep(after)
                process.send_signal(signal.SIGINT)
                try:
                    out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.communicate()
                    return [f"`peerbot {command}`: still running {hostile_sweep.LIMITS['hang']:.0f} s after SIGINT"]
                text = err.decode(errors="replace")
                rc = 1 if process.returncode == 130 else process.returncode
                problems = judge_cli(argv, rc, out.decode(errors="replace"), text)
                problems += judged(["index"], env) or still_answers(env)
                sys.path.insert(0, str(hostile_sweep.CODE[0]))
                from index import integrity
                for generation in (home / "data" / "index").glob("gen-*"):
                    if (found := integrity.problem(generation)) is not None:
                        problems.append(f"{generation.name} left damaged: {found}")
                return problems
            yield in_home(homes, "sigint15", f"{command}@{after}s", body)


FAMILIES = {"cues15": cues15_cases, "yamldeep15": yamldeep15_cases, "front15": front15_cases, "folder15": folder15_cases,
            "pages15": pages15_cases, "lock15": lock15_cases,
            "stdin15": stdin15_cases, "env15": env15_cases, "sigint15": sigint15_cases}


def main() -> int:
    def prepare(homes: Homes) -> None:
        sqlite3.connect(homes.template / "data" / "peerbot.db").close()
        Path("/tmp/peerbot-pwned-15").unlink(missing_ok=True)

    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile15-", 2,
                                    lambda name, jobs: 1 if name == "sigint15" else jobs, prepare)


if __name__ == "__main__":
    sys.exit(main())
