"""Hostile sweep 27's `cli27` class (see benchmarks/hostile_sweep27.py): `peerbot` commands with
standard input, output or error closed or a pipe read by no one after 10 bytes, under LANG=C with
PYTHONIOENCODING unset (and a strict ASCII one), with arguments of bad bytes (lone surrogates, 0xff,
100 KB), on a read-only data folder (a read-only bind mount), on a path with spaces and unicode, two and
three `peerbot index` at once, and a `DATABASE_URL` nothing answers. Pass: `judge_cli` (an answer, or
one `peerbot` line and status 1 or 2, no traceback) and each case's own check."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator

import hostile_sweep
from hostile_sweep import Case, Homes, base_env, judge_cli

QUESTION = "How did the trusts set up a shared staff bank?"
RUN = [sys.executable, "-m", "bot.cli"]


def _run(argv: list, env: dict, *, closed: tuple[int, ...] = (), stdin: bytes | None = b"",
         prefix: list[str] | None = None) -> tuple[int, str, str]:
    done = subprocess.run([*(prefix or []), *RUN, *argv], cwd=hostile_sweep.CODE[0], env=env, input=stdin, capture_output=True,
                          timeout=180, preexec_fn=(lambda: [os.close(fd) for fd in closed]) if closed else None)
    return done.returncode, done.stdout.decode("utf-8", "backslashreplace"), done.stderr.decode("utf-8", "backslashreplace")


def _judged(argv: list, rc: int, out: str, err: str, check: Callable[[int, str, str], list[str]] | None) -> list[str]:
    shown = [a if isinstance(a, str) else a.decode("utf-8", "backslashreplace") for a in argv]
    return judge_cli(shown, rc, out, err) + (check(rc, out, err) if check else [])


def _answered(rc: int, out: str, err: str) -> list[str]:
    return [] if rc == 0 and out.strip() else [f"no answer (exit {rc}: {err.strip()[-120:]!r})"]


def _one_line(rc: int, out: str, err: str) -> list[str]:
    lines = [line for line in err.splitlines() if line.strip()]
    return [] if rc == 1 and len(lines) == 1 else [f"exit {rc}, {len(lines)} lines on standard error"]


def _head(argv: list, env: dict) -> tuple[int, str, str]:
    """`peerbot argv | head -c 10`: the reader goes after 10 bytes."""
    shell = " ".join(shlex.quote(str(a)) for a in [*RUN, *argv])
    done = subprocess.run(["bash", "-c", f"{shell} 2>{{err}} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
                           .replace("{err}", "/dev/stderr")], cwd=hostile_sweep.CODE[0], env=env, capture_output=True, timeout=180)
    return int(done.stdout.decode().split()[-1]), "", done.stderr.decode("utf-8", "backslashreplace")


def cases(homes: Homes, state: dict) -> Iterator[Case]:
    def home_env(**more: str) -> dict:
        if "home" not in state:
            state["home"] = homes.fresh()
        return base_env(state["home"], **more)

    def case(name: str, argv: list, *, check=None, env: Callable[[], dict] = home_env, **kw) -> Case:
        def run() -> list[str]:
            rc, out, err = _run(argv, env(), **kw)
            if 2 in kw.get("closed", ()):  # no line can be shown: the status and standard output are judged
                err = "peerbot: (standard error closed)"
            return _judged(argv, rc, out, err, check)
        return Case("cli27", name, run)

    commands = {"ask": ["ask", QUESTION], "ask --json": ["ask", "--json", QUESTION], "contacts": ["contacts"],
                "enabler list": ["enabler"], "--help": ["--help"], "index": ["index"]}
    for name, argv in commands.items():
        yield case(f"stdout closed: {name}", argv, closed=(1,), check=_one_line)
        yield case(f"stderr closed: {name}", argv, closed=(2,))
        yield Case("cli27", f"| head -c 10: {name}", lambda a=argv: _judged(a, *_head(a, home_env()), None))
    yield case("stderr closed: an error", ["enabler", "no such enabler"], closed=(2,),
               check=lambda rc, out, err: [] if rc == 1 and not out else ["the error line on standard output"])
    yield case("stdin closed: ask -", ["ask", "-"], closed=(0,), stdin=None, check=_one_line)
    yield case("all three closed", ["ask", QUESTION], closed=(0, 1, 2), stdin=None)
    c_locale = lambda **more: {k: v for k, v in home_env(LANG="C", LC_ALL="C", **more).items()  # noqa: E731
                               if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    for name, argv in {"ask unicode": ["ask", "Wie teilen Trusts Personal – “staff bank”? ☃"],
                       "ask bad bytes": ["ask", b"staff \xff\xfe bank"], "contacts": ["contacts"],
                       "enabler": ["enabler", "Building trust"], "ask --json": ["ask", "--json", "café staff"],
                       "index": ["index"], "unknown command é": ["é"]}.items():
        yield case(f"LANG=C: {name}", argv, env=c_locale)
        yield case(f"PYTHONIOENCODING=ascii: {name}", argv, env=lambda: c_locale(PYTHONIOENCODING="ascii"))
    bad = {"lone surrogate": b"staff \xed\xa0\x80 bank", "0xff": b"\xff\xff staff", "overlong": b"\xc0\xaf staff",
           "100 KB": b"staff bank " * 9_000, "bidi": "\u202estaff bank\u202c".encode(), "controls": b"\x01\x02\x1b[31m",
           "only spaces": b"     ", "tabs and newlines": b"staff\n\n\tbank\r"}
    for name, value in bad.items():
        yield case(f"argument {name}: ask", ["ask", value])
        yield case(f"argument {name}: contacts search", ["contacts", value])
    yield case("argument 0xff: enabler", ["enabler", b"\xff"], check=_one_line)
    yield case("option of bad bytes", ["ask", b"--js\xffon", QUESTION], check=lambda rc, out, err: [] if rc == 2 else [f"exit {rc}"])
    yield case("1 MB question on standard input", ["ask", "-"], stdin=b"staff " * 180_000 + b"\n")
    readonly = ["unshare", "-m", "sh", "-c", 'mount --bind "$PEERBOT_DATA_DIR" "$PEERBOT_DATA_DIR" && '
                'mount -o remount,bind,ro "$PEERBOT_DATA_DIR" && exec "$@"', "readonly"]
    for name, argv, check in (("ask", ["ask", QUESTION], _answered), ("contacts", ["contacts"], _answered),
                              ("enabler", ["enabler", "Building trust"], _answered), ("index", ["index"], None),
                              ("lessons list", ["lessons"], None), ("digest preview", ["digest"], None)):
        yield case(f"read-only data folder: {name}", argv, prefix=readonly, check=check)
    odd = {}

    def odd_env() -> dict:
        if "odd" not in odd:
            odd["odd"] = homes.fresh().rename(homes.scratch / "a folder with spaces — ünïcødé ☃")
        return base_env(odd["odd"])
    for name, argv, check in (("ask", ["ask", QUESTION], _answered), ("contacts", ["contacts"], _answered),
                              ("index", ["index"], None), ("lessons", ["lessons"], None)):
        yield case(f"odd path: {name}", argv, env=odd_env, check=check)
    for count in (2, 3):
        yield Case("cli27", f"{count} index at once", lambda n=count: _index_at_once(homes, n))
    for name, url in {"refused": "postgresql://peerbot:secretpw@127.0.0.1:1/peerbot",
                      "no such host": "postgresql://peerbot:secretpw@no-such-host.invalid/peerbot",
                      "bad percent": "postgresql://peer%zz:secretpw@127.0.0.1:1/x"}.items():
        for command in (["lessons"], ["forget", "--before", "2020-01-01"], ["migrate"]):
            yield case(f"DATABASE_URL {name}: {command[0]}", command, env=lambda u=url: home_env(DATABASE_URL=u),
                       check=lambda rc, out, err: (_one_line(rc, out, err)
                                                   + (["the password in the output"] if "secretpw" in out + err else [])))


def _index_at_once(homes: Homes, count: int) -> list[str]:
    """`count` builds of a changed corpus at once: each an answer or one line; the index then serves."""
    home = homes.fresh()
    env = base_env(home)
    (home / "knowledge" / "added-27.md").write_text("# Added\n\nThe trusts pooled their bank staff in 2021.\n")
    runs = [subprocess.Popen([*RUN, "index"], cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(count)]
    problems = []
    for process in runs:
        out, err = process.communicate(timeout=300)
        problems += judge_cli(["index"], process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))
    problems += _answered(*_run(["ask", "pooled bank staff"], env))
    shutil.rmtree(home, ignore_errors=True)
    return problems
