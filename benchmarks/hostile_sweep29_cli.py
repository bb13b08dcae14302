"""Hostile sweep 29's `cli29` class (see benchmarks/hostile_sweep29.py): `teams-manifest --output` to a
FIFO nobody reads, a FIFO someone reads and a Unix socket; `peerbot ask --json - | head -1`
with five questions waiting; SIGHUP and SIGPIPE to `ask --json -` waiting on its input; SIGTERM
during `peerbot index`. Pass: an answer or one `peerbot` line and status 1 or 2 within 30 s (a signal's
own default ending is allowed where Unix gives it: SIGHUP, SIGPIPE, SIGTERM), never a traceback; after
`index` is stopped, the index still answers."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hostile_sweep
from hostile_sweep import Case, Homes, base_env, judge_cli

QUESTION = "How did the trusts set up a shared staff bank?"
RUN = [sys.executable, "-m", "bot.cli"]
CLIENT = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-0000-0000-000000000001"}


def _manifest(env: dict, target: str, must_fail: bool) -> list[str]:
    try:
        done = subprocess.run([*RUN, "teams-manifest", "--output", target], cwd=hostile_sweep.CODE[0], env=env,
                              capture_output=True, timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        return [f"`peerbot teams-manifest --output {Path(target).name}` still running after "
                f"{hostile_sweep.LIMITS['hang']:.0f} s"]
    return judge_cli(["teams-manifest"], done.returncode, done.stdout.decode(errors="replace"),
                     done.stderr.decode(errors="replace"), must_fail=must_fail)


def _fifo_read(home: Path) -> list[str]:
    fifo = home / "reader.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    problems = _manifest(base_env(home, **CLIENT), str(fifo), must_fail=False)
    reader.join(10)
    return problems + ([] if got and got[0].startswith(b"PK") else ["the reader got no zip"])


def _socket(home: Path) -> list[str]:
    path = home / "m.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    try:
        return _manifest(base_env(home, **CLIENT), str(path), must_fail=True)
    finally:
        listener.close()


def _head_one(home: Path) -> list[str]:
    questions = "".join(f"{QUESTION} {i}\n" for i in range(5))
    shell = " ".join(shlex.quote(a) for a in [*RUN, "ask", "--json", "-"])
    done = subprocess.run(["bash", "-c", f"{shell} | head -1; echo \"status ${{PIPESTATUS[0]}}\" >&2"],
                          cwd=hostile_sweep.CODE[0], env=base_env(home), input=questions.encode(), capture_output=True,
                          timeout=180)
    err = done.stderr.decode(errors="replace")
    status = int(err.rsplit("status ", 1)[-1].split()[0])
    problems = judge_cli(["ask", "--json", "-"], status if status < 128 else 128 - status, "", err.rsplit("status ", 1)[0])
    if status == 128 + signal.SIGPIPE:  # ended by SIGPIPE as Unix's default has it: allowed, no traceback
        problems = [p for p in problems if "killed by signal" not in p]
    lines = done.stdout.decode(errors="replace").splitlines()
    return problems + ([] if len(lines) == 1 and lines[0].startswith("{") else [f"head got {lines[:2]!r}"])


def _signal_reader(home: Path, sig: int) -> list[str]:
    """`ask --json -` answering one question, then waiting on its input, told `sig`."""
    process = subprocess.Popen([*RUN, "ask", "--json", "-"], cwd=hostile_sweep.CODE[0], env=base_env(home),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(f"{QUESTION}\n".encode())
    process.stdin.flush()
    first = process.stdout.readline()
    process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return [f"`peerbot ask --json -` still running 30 s after {signal.Signals(sig).name}"]
    problems = judge_cli(["ask", "--json", "-"], process.returncode, (first + out).decode(errors="replace"),
                         err.decode(errors="replace"))
    if process.returncode == -sig:  # Unix's default for the signal
        problems = [p for p in problems if "killed by signal" not in p]
    return problems + ([] if first.startswith(b"{") else ["no answer before the signal"])


def _term_index(home: Path) -> list[str]:
    (home / "knowledge" / "added-29.md").write_text("# Added\n\n" + "The trusts pooled bank staff. " * 5_000)
    env = base_env(home)
    process = subprocess.Popen([*RUN, "index"], cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    status = 1 if process.returncode == 128 + signal.SIGTERM else process.returncode  # 143: README's status for it
    problems = judge_cli(["index"], status, "", err.decode(errors="replace"))
    done = subprocess.run([*RUN, "ask", QUESTION], cwd=hostile_sweep.CODE[0], env=env, capture_output=True, timeout=120)
    return problems + ([] if done.returncode == 0 and done.stdout.strip() else ["no answer after SIGTERM during index"])


def cases(homes: Homes, state: dict) -> Iterator[Case]:
    def in_home(name: str, run) -> Case:
        def go() -> list[str]:
            home = homes.fresh()
            try:
                return run(home)
            finally:
                homes.discard(home)
        return Case("cli29", name, go)

    def fifo_unread(home: Path) -> list[str]:
        os.mkfifo(home / "nobody.fifo")
        return _manifest(base_env(home, **CLIENT), str(home / "nobody.fifo"), must_fail=True)

    yield in_home("teams-manifest --output a FIFO nobody reads", fifo_unread)
    yield in_home("teams-manifest --output a FIFO someone reads", _fifo_read)
    yield in_home("teams-manifest --output a Unix socket", _socket)
    yield in_home("ask --json - | head -1 (five questions)", _head_one)
    yield in_home("SIGHUP to ask --json - waiting on its input", lambda h: _signal_reader(h, signal.SIGHUP))
    yield in_home("SIGPIPE to ask --json - waiting on its input", lambda h: _signal_reader(h, signal.SIGPIPE))
    yield in_home("SIGTERM during index", _term_index)
