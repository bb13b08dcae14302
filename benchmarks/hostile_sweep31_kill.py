"""Sweep 31's `kill31`: `peerbot import` and `peerbot lessons approve` killed by SIGKILL at an exact
system call, not after a guessed delay: strace injects the signal as the process enters its Nth
`fsync`, `link`, `unlink`, `rename` or `pwrite64` (`strace -f -e inject=CALL:signal=KILL:when=N`), so
each moment of writing a file or committing a decision is hit every run.

Pass, once the next run comes (any file a killed run left aged two hours, as a later day finds it):
running the same command again imports the file or says in one line that it is there, or approves the
lesson or says it was; then the corpus folder holds the document whole (the bytes a clean import
writes; the lesson's Markdown with its last line), exactly once, and no temporary file a killed run
left behind; `index` then builds, no traceback anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import hostile_sweep
from hostile_sweep import Case, Homes, base_env, judge_cli, run_cli
from hostile_sweep5 import _pending_lesson
from hostile_sweep30 import _samples

IMPORT_POINTS = {"fsync": ("fsync,fdatasync", 1), "link": ("link,linkat", 1), "unlink": ("unlink,unlinkat", 1)}
APPROVE_POINTS = {"rename": ("rename,renameat,renameat2", 1), "first fsync": ("fsync,fdatasync", 1),
                  "second fsync": ("fsync,fdatasync", 2), "third fsync": ("fsync,fdatasync", 3),
                  "first pwrite": ("pwrite64", 1), "third pwrite": ("pwrite64", 3)}
LEFTOVER = (".import-", ".lesson-")


def killed_at(argv: list[str], env: dict, calls: str, when: int) -> int:
    """`peerbot ARGV` under strace, SIGKILLed as it enters the `when`th of `calls`; its exit status."""
    done = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={calls}",
                           "-e", f"inject={calls}:signal=KILL:when={when}",
                           sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                          capture_output=True, timeout=hostile_sweep.LIMITS["hang"] * 2)
    return done.returncode


def _aged(folder: Path) -> None:
    """Every file a killed run may have left in `folder` dated two hours back."""
    then = time.time() - 7200
    for path in folder.rglob(".*"):
        if path.is_file():
            os.utime(path, (then, then))


def _leftovers(folder: Path) -> list[str]:
    left = [p.name for p in folder.rglob(".*") if p.name.startswith(LEFTOVER)]
    return [f"{len(left)} temporary file(s) left in the corpus folder: {left[0]}"] if left else []


def _cli(argv: list[str], env: dict) -> tuple[list[str], int, str]:
    try:
        rc, out, err = run_cli(argv, env)
    except hostile_sweep.Hang as e:
        return [str(e)], -1, ""
    return judge_cli(argv, rc, out, err), rc, out + err


REFERENCE: dict[str, bytes] = {}


def _reference(homes: Homes, suffix: str) -> bytes:
    """The Markdown a clean `import` writes of the sample `suffix` file."""
    if suffix not in REFERENCE:
        home = homes.fresh()
        source = home / f"kill-31{suffix}"
        source.write_bytes(_samples()[suffix])
        run_cli(["import", str(source)], base_env(home))
        REFERENCE[suffix] = (home / "knowledge" / "kill-31.md").read_bytes()
        homes.discard(home)
    return REFERENCE[suffix]


def _import_case(homes: Homes, suffix: str, point: str) -> list[str]:
    calls, when = IMPORT_POINTS[point]
    home = homes.fresh()
    try:
        env = base_env(home)
        source = home / f"kill-31{suffix}"
        source.write_bytes(_samples()[suffix])
        killed_at(["import", str(source)], env, calls, when)
        _aged(home / "knowledge")
        problems, rc, said = _cli(["import", str(source)], env)
        if rc == 1 and "already" not in said:
            problems.append(f"the import again refused: {said.strip()[-120:]!r}")
        target = home / "knowledge" / "kill-31.md"
        if not target.is_file():
            problems.append("no document after the import again")
        elif target.read_bytes() != _reference(homes, suffix):
            problems.append("the document differs from a clean import's")
        return problems + _leftovers(home / "knowledge") + _cli(["index"], env)[0]
    finally:
        homes.discard(home)


def _approve_case(homes: Homes, point: str) -> list[str]:
    calls, when = APPROVE_POINTS[point]
    home = homes.fresh()
    try:
        env = base_env(home)
        _pending_lesson(env)
        killed_at(["lessons", "approve", "1"], env, calls, when)
        _aged(home / "knowledge")
        problems, rc, said = _cli(["lessons", "approve", "1"], env)
        if rc == 1 and "already approved" not in said:
            problems.append(f"approving again refused: {said.strip()[-120:]!r}")
        documents = list((home / "knowledge" / "lessons").glob("lesson-1-*.md"))
        if len(documents) != 1:
            problems.append(f"{len(documents)} documents of the approved lesson")
        elif not documents[0].read_text().rstrip().endswith("Agree the rules first."):
            problems.append("the lesson's document is not whole")
        return problems + _leftovers(home / "knowledge") + _cli(["index"], env)[0]
    finally:
        homes.discard(home)


def kill_cases(homes: Homes) -> Iterator[Case]:
    if not shutil.which("strace"):
        raise SystemExit("kill31 needs strace (apt-get install strace)")
    for suffix in (".html", ".pdf", ".docx"):
        for point in IMPORT_POINTS:
            yield Case("kill31", f"import {suffix} killed at its {point}",
                       lambda s=suffix, p=point: _import_case(homes, s, p))
    for point in APPROVE_POINTS:
        yield Case("kill31", f"lessons approve killed at its {point}", lambda p=point: _approve_case(homes, p))
