"""The third hostile sweep: classes the first two left out, through the real `peerbot` commands.

- `data3`: the index database truncated, zero bytes, garbage or locked by another process; the
  vectors truncated or of the wrong dimension; the state database truncated; the data folder's
  `cache` a file or holding garbage (under the real model, for the ONNX query encoder's cache).
- `settings3`: every setting in bot/settings.py given garbage: empty, blank, a control character,
  huge, negative, unicode, invalid UTF-8 bytes.
- `args3`: odd arguments: control characters, invalid UTF-8 (as the shell passes it), a 100 KB
  question, numbers too big, paths that are folders, devices or missing.
- `stdin3`: commands reading standard input given it closed, empty, binary, invalid UTF-8, NULs.
- `disk3`: the data folder on a full disk (a small tmpfs; needs mount rights: skipped otherwise).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep3.py [--only CLASS ...] [--match TEXT] [--skip TEXT]

Each case passes when the command answers (exit 0) or fails with one `peerbot:` line, exit 1 or 2,
and no traceback, and a later `peerbot ask` still answers (nothing lost). Prints one line per
failing case and a tally per class.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli  # noqa: E402
from hostile_sweep2 import COMMANDS, QUESTION, TEAMS_ID, _argv, _home_files  # noqa: E402


def run_bytes(argv: list[bytes | str], env: dict, stdin=subprocess.DEVNULL, close_stdin: bool = False,
              timeout: float | None = None) -> tuple[int, str, str]:
    """`peerbot argv` (arguments and environment may hold any bytes): (status, stdout, stderr)."""
    timeout = timeout or hostile_sweep.LIMITS["hang"]
    data = stdin if isinstance(stdin, bytes) else None
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                               stdin=subprocess.PIPE if data is not None else (None if close_stdin else stdin),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=(lambda: os.close(0)) if close_stdin else None)
    try:
        out, err = process.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise Hang(f"`peerbot {argv!r}`[:60] still running after {timeout:.0f} s") from None
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return process.returncode, decode(out), decode(err)


def judged(argv: list, env: dict, **how) -> list[str]:
    shown = [a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a for a in argv]
    try:
        rc, out, err = run_bytes(argv, env, **how)
    except Hang as e:
        return [str(e)]
    problems = judge_cli(shown, rc, out, err)
    own = [line for line in err.splitlines() if line.startswith("peerbot: error")]
    if rc == 1 and len(own) > 1:
        problems.append(f"`peerbot {' '.join(shown)[:50]}`: {len(own)} error lines")
    return problems


def still_answers(env: dict) -> list[str]:
    """Nothing lost: the index still answers a question."""
    try:
        rc, out, err = run_bytes(["ask", "--json", QUESTION], env)
    except Hang as e:
        return [f"afterwards: {e}"]
    return [] if rc == 0 else [f"afterwards `peerbot ask` failed ({rc}): {err.strip()[-160:]!r}"]


def in_home(homes: Homes, surface: str, name: str, body: Callable[[Path], list[str]]) -> Case:
    def run() -> list[str]:
        home = homes.fresh()
        try:
            _home_files(home)
            return body(home)
        finally:
            homes.discard(home)
    return Case(surface, name, run)


# -- data3: damaged data folder files ------------------------------------------------------------------

def _current(data: Path) -> Path:
    return (data / "index" / "current").resolve()


def _truncate(path: Path, keep: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _wrong_dimension(path: Path) -> None:
    import faiss
    import numpy as np

    index = faiss.IndexFlatIP(8)
    index.add(np.ones((3, 8), dtype=np.float32))
    faiss.write_index(index, str(path))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another process holding an exclusive lock on the SQLite file for the case's length."""
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3,sys,time\n"
                               "db=sqlite3.connect(sys.argv[1],isolation_level=None)\n"
                               "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(600)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        yield
    finally:
        holder.kill()
        holder.wait()


def data3_cases(homes: Homes) -> Iterator[Case]:
    commands = ["ask", "enabler-name", "index", "lessons", "digest-preview"]
    damages: dict[str, Callable[[Path], None]] = {
        "index.db=truncated": lambda d: _truncate(_current(d) / "index.db", 0.5),
        "index.db=zero": lambda d: (_current(d) / "index.db").write_bytes(b""),
        "index.db=garbage-header": lambda d: (_current(d) / "index.db").write_bytes(
            b"SQLite format 3\x00" + os.urandom(8192)),
        "vectors=truncated": lambda d: _truncate(_current(d) / "vectors.faiss", 0.5),
        "vectors=wrong-dimension": lambda d: _wrong_dimension(_current(d) / "vectors.faiss"),
        "peerbot.db=truncated": lambda d: _truncate(d / "peerbot.db", 0.3),
        "cache=file": lambda d: (d / "cache").write_bytes(b"not a folder"),
    }
    for name, damage in damages.items():
        for command in commands:
            def body(home: Path, damage=damage, command=command) -> list[str]:
                env = base_env(home, **TEAMS_ID)
                run_bytes(["lessons"], env)  # the state database exists before it is damaged
                damage(home / "data")
                problems = judged(_argv(COMMANDS[command], home), env)
                return problems or still_answers(env)
            yield in_home(homes, "data3", f"{name}:{command}", body)
    for target in ("index.db", "peerbot.db"):
        for command in ("ask", "lessons", "index"):
            def locked(home: Path, target=target, command=command) -> list[str]:
                env = base_env(home, **TEAMS_ID)
                run_bytes(["lessons"], env)
                path = (_current(home / "data") if target == "index.db" else home / "data") / target
                with _locked(path):
                    problems = judged(_argv(COMMANDS[command], home), env)
                return problems or still_answers(env)
            yield in_home(homes, "data3", f"{target}=locked:{command}", locked)
    real = {"PEERBOT_MODEL": "all-MiniLM-L6-v2", "PEERBOT_QUERY_ENCODER": "onnx"}
    for name, write in {"garbage": lambda p: p.write_bytes(os.urandom(4096)), "zero": lambda p: p.write_bytes(b""),
                        "folder": lambda p: p.mkdir(), "truncated": lambda p: _truncate(p, 0.5)}.items():
        def onnx(home: Path, write=write, name=name) -> list[str]:
            env = base_env(home, **real)
            run_bytes(["index"], env, timeout=600)  # the real model's index, then its cache
            problems = judged(["ask", QUESTION], env)
            [cached] = list((home / "data" / "cache").glob("query-encoder-onnx-*.onnx")) or [None]
            if cached is None:
                return problems or ["no query encoder cache written"]
            if name == "folder":
                cached.unlink()
            write(cached)
            problems += judged(["ask", QUESTION], env)
            return problems
        yield in_home(homes, "data3", f"onnx-cache={name}:ask", onnx)


# -- settings3: every setting given garbage ------------------------------------------------------------

GARBAGE: dict[str, str | bytes] = {"empty": "", "blank": "  ", "control": "a\x01b\x1b[31m", "huge": "9" * 5000,
                                   "negative": "-1", "unicode": "ünï☃", "bad-utf8": b"\xff\xfe\x80"}


def settings3_cases(homes: Homes) -> Iterator[Case]:
    from bot.settings import Settings

    for f in dataclasses.fields(Settings):
        env_name = f.metadata.get("env")
        if not env_name or env_name in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR"):
            continue  # where the case's own files are (a path given garbage is args3's missing path)
        for label, value in GARBAGE.items():
            def body(home: Path, env_name=env_name, value=value) -> list[str]:
                env = {k.encode(): v.encode() for k, v in base_env(home).items()}
                env[env_name.encode()] = value if isinstance(value, bytes) else value.encode()
                return judged(["ask", QUESTION], env)
            yield in_home(homes, "settings3", f"{env_name}={label}", body)


# -- args3: odd command-line arguments ----------------------------------------------------------------

def args3_cases(homes: Homes) -> Iterator[Case]:
    odd: dict[str, bytes | str] = {"control": "trust\x01\x1b[2J\x7f", "bad-utf8": b"trust \xff\xfe board",
                                   "lone-continuation": b"\x80\x80", "huge": "trust " * 20000, "rtl": "\u202etsurt",
                                   "dash": "-", "only-spaces": "   ", "newlines": "a\n\n\nb"}
    for label, value in odd.items():
        for argv in (["ask", value], ["ask", "--json", value], ["enabler", value], ["contacts", value],
                     ["digest", "--preview", "--week", value], ["digest", "--preview", "--since", value],
                     ["lessons", "approve", value], ["forget", "--channel", value], ["forget", "--before", value],
                     ["teams-conversations", "--digest-on", value], ["import", "--publisher", value, "HOME/page.html"]):
            def body(home: Path, argv=argv) -> list[str]:
                args = [a.replace("HOME", str(home)) if isinstance(a, str) else a for a in argv]
                return judged(args, base_env(home, **TEAMS_ID))
            option = argv[1] if isinstance(argv[1], str) and argv[1].startswith("--") else ""
            yield in_home(homes, "args3", f"{argv[0]}{option}={label}", body)
    paths = {"folder": "HOME", "dev-null": "/dev/null", "dev-zero": "/dev/zero", "missing": "HOME/no/such",
             "bad-utf8": b"/tmp/\xff\xfe"}
    for label, path in paths.items():
        for argv in (["eval", path], ["import", path], ["teams-manifest", "--output", path]):
            def body(home: Path, argv=argv) -> list[str]:
                args = [a.replace("HOME", str(home)) if isinstance(a, str) else a for a in argv]
                env = base_env(home, CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID="00000000-0000-0000-0000-000000000000")
                return judged(args, env)
            yield in_home(homes, "args3", f"{argv[0]}={label}", body)
    for number in ("99999999999999999999999", "-5", "0", "1e3", "0x10"):
        yield in_home(homes, "args3", f"lessons-approve={number}",
                      lambda home, n=number: judged(["lessons", "approve", n], base_env(home)))


# -- stdin3: standard input closed or binary ----------------------------------------------------------

def stdin3_cases(homes: Homes) -> Iterator[Case]:
    inputs: dict[str, bytes | None] = {"closed": None, "empty": b"", "binary": os.urandom(4096),
                                       "bad-utf8": b"trust \xff\xfe\n", "nuls": b"\x00" * 100 + b"\n",
                                       "huge-line": b"trust " * 400000 + b"\n", "utf16": "trust".encode("utf-16")}
    for label, data in inputs.items():
        for argv in (["ask", "--json", "-"], ["ask", "-"], ["eval", "-"], ["eval", "--json", "-"]):
            def body(home: Path, argv=argv, data=data) -> list[str]:
                env = base_env(home)
                how = {"close_stdin": True} if data is None else {"stdin": data}
                return judged(argv, env, **how)
            yield in_home(homes, "stdin3", f"{' '.join(argv)}:{label}", body)


# -- disk3: a full disk under the data folder ----------------------------------------------------------

@contextlib.contextmanager
def _small_disk(size: str) -> Iterator[Path | None]:
    folder = Path(tempfile.mkdtemp(prefix="hostile3-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True).returncode == 0
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)
        folder.rmdir()


def _fill(folder: Path) -> None:
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as f:
        while True:
            f.write(b"\0" * 65536)


def disk3_cases(homes: Homes) -> Iterator[Case]:
    import shutil

    for command in ("index", "index-rebuild", "ask", "lessons", "forget-before", "migrate", "teams-conversations",
                    "digest-preview"):
        def body(home: Path, command=command) -> list[str]:
            with _small_disk("64m") as disk:
                if disk is None:
                    return []  # no mount rights: the class is skipped (reported by main)
                shutil.copytree(home / "data", disk / "data", symlinks=True)
                env = base_env(home, PEERBOT_DATA_DIR=str(disk / "data"), **TEAMS_ID)
                run_bytes(["lessons"], env)
                _fill(disk)
                problems = judged(_argv(COMMANDS[command], home), env)
                (disk / "filler").unlink()
                return problems or still_answers(env)
        yield in_home(homes, "disk3", f"full:{command}", body)


FAMILIES = {"data3": data3_cases, "settings3": settings3_cases, "args3": args3_cases, "stdin3": stdin3_cases,
            "disk3": disk3_cases}


def main() -> int:
    return hostile_sweep.sweep_main(
        __doc__.splitlines()[0], FAMILIES, "hostile3-", 3, lambda name, jobs: 1 if name == "disk3" else jobs,
        lambda homes: sqlite3.connect(homes.template / "data" / "peerbot.db").close())

if __name__ == "__main__":
    sys.exit(main())
