"""The hostile sweep: every outside input surface of peerbot fed fault after fault through the real
processes (`peerbot` commands, `peerbot serve` over HTTP against the local Slack and Teams doubles),
reporting any traceback, hang (over 30 s), 5xx, wrong exit status, or accepted event lost.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep.py [--only SURFACE ...]

Surfaces: knowledge, data, cli, settings (files and commands: benchmarks/hostile_files.py),
http, slack-api, sigkill (the server: benchmarks/hostile_http.py). Prints one line per failing
case and a tally per surface; exit status 1 when any case failed."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
HANG_SECONDS = 30  # `--hang`: more on a busy machine, where a command alone can take 10 s
LIMITS = {"hang": HANG_SECONDS}
CODE = [ROOT]  # the checkout whose `peerbot` runs (`--code`: e.g. an older commit, for before/after figures)


@dataclass
class Case:
    surface: str
    name: str
    run: Callable[[], list[str]]  # the problems found (none: the case passed)


@dataclass
class Outcome:
    case: Case
    problems: list[str] = field(default_factory=list)


class Hang(Exception):
    pass


def base_env(home: Path, **more: str) -> dict[str, str]:
    drop = ("SLACK_", "CONNECTIONS__", "TEAMS_", "DIGEST_", "DATABASE_URL", "PEERBOT_", "PORT", "HOST")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return {**env, "PEERBOT_DATA_DIR": str(home / "data"), "PEERBOT_KNOWLEDGE_DIR": str(home / "knowledge"),
            "PEERBOT_MODEL": "hashing", "OMP_NUM_THREADS": "1", **more}


def run_cli(argv: list[str], env: dict[str, str], stdin: bytes | None = None,
            timeout: float | None = None) -> tuple[int, str, str]:
    timeout = timeout or LIMITS["hang"]
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=CODE[0], env=env, input=stdin,
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Hang(f"`peerbot {' '.join(argv)[:60]}` still running after {timeout:.0f} s") from None
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return done.returncode, decode(done.stdout), decode(done.stderr)


def judge_cli(argv: list[str], rc: int, out: str, err: str, *, must_fail: bool = False) -> list[str]:
    """An outside fault is an answer (exit 0) or one clear line and a non-zero exit: never a traceback."""
    what = f"`peerbot {' '.join(argv)[:50]}`"
    if "Traceback (most recent call last)" in out + err:
        last = [line for line in err.splitlines() if line.strip()][-1:] or ["?"]
        return [f"{what}: traceback ({last[0][:160]})"]
    if rc < 0:
        return [f"{what}: killed by signal {-rc}"]
    if rc not in (0, 1, 2):
        return [f"{what}: exit status {rc}"]
    if rc and not any(line.startswith("peerbot") for line in (err + out).splitlines()):
        return [f"{what}: exit status {rc} with no error line ({err.strip()[:120]!r})"]
    if must_fail and rc == 0:
        return [f"{what}: accepted bad input (exit 0)"]
    return []


def checked(argv: list[str], env: dict[str, str], stdin: bytes | None = None, must_fail: bool = False) -> list[str]:
    try:
        rc, out, err = run_cli(argv, env, stdin)
    except Hang as e:
        return [str(e)]
    return judge_cli(argv, rc, out, err, must_fail=must_fail)


class Homes:
    """A built corpus and data folder made once; each case gets its own copy to damage."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.template = scratch / "template"
        self._count = 0
        self._lock = threading.Lock()

    def build(self) -> None:
        shutil.copytree(ROOT / "knowledge", self.template / "knowledge")
        rc, _, err = run_cli(["index"], base_env(self.template), timeout=300)
        if rc:
            raise SystemExit(f"could not build the template index: {err}")

    def fresh(self) -> Path:
        with self._lock:
            self._count += 1
            home = self.scratch / f"case-{self._count:04d}"
        shutil.copytree(self.template, home, symlinks=True)
        return home

    def discard(self, home: Path) -> None:
        for path in [home, *home.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(home, ignore_errors=True)


def attempt(case: Case) -> Outcome:
    started = time.monotonic()
    try:
        problems = case.run()
    except Exception as e:  # the driver's own failure is reported, not raised
        problems = [f"driver error: {type(e).__name__}: {e}"]
    took = time.monotonic() - started
    for problem in problems:
        print(f"FAIL {case.surface}/{case.name}: {problem}", flush=True)
    if not problems and took > 60:
        print(f"slow {case.surface}/{case.name} ({took:.0f} s)", flush=True)
    return Outcome(case, problems)


def sweep(cases: Iterator[Case], jobs: int) -> list[Outcome]:
    """Each case in turn, or `jobs` at once for the families whose cases share nothing."""
    if jobs <= 1:
        return [attempt(case) for case in cases]
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(attempt, cases))


def run_families(chosen: dict[str, Callable[[Homes], Iterator[Case]]], homes: Homes, listing: bool,
                 jobs: Callable[[str], int], keep: Callable[[Case], bool] = lambda case: True,
                 prepare: Callable[[], None] = lambda: None) -> int:
    """List the chosen families' cases, or run them (`jobs(family)` at once, the cases `keep` keeps,
    after `homes.build()` and `prepare()`), print a line a family and the totals; 1 when any failed."""
    if listing:
        for name, make in chosen.items():
            for case in make(homes):
                print(f"{name}/{case.name}")
        return 0
    homes.build()
    prepare()
    started = time.monotonic()
    outcomes: list[Outcome] = []
    for name, make in chosen.items():
        done = sweep((case for case in make(homes) if keep(case)), jobs(name))
        print(f"-- {name}: {len(done)} cases, {sum(1 for o in done if o.problems)} failed", flush=True)
        outcomes += done
    print()
    for name in chosen:
        mine = [o for o in outcomes if o.case.surface == name]
        print(f"{name:<11} {len(mine):>4} cases  {sum(1 for o in mine if o.problems):>3} failed")
    failed = sum(1 for o in outcomes if o.problems)
    print(f"{'total':<11} {len(outcomes):>4} cases  {failed:>3} failed  ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


def sweep_main(description: str, families: dict[str, Callable[[Homes], Iterator[Case]]], prefix: str,
               jobs: int, jobs_for: Callable[[str, int], int], prepare: Callable[[Homes], None] = lambda homes: None
               ) -> int:
    """The command line of the later sweeps: `--only`, `--list`, `--match`, `--skip`, `--code`, `--hang` and
    `--jobs` (default `jobs`; `jobs_for(family, --jobs)` is how many of a family's cases run at once);
    a family's `teardown` case always runs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--only", nargs="*", default=[], help="classes to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--match", default="", help="only the cases whose name contains this")
    parser.add_argument("--skip", default=None, help="leave out the cases whose name contains this")
    parser.add_argument("--code", type=Path, default=ROOT, help="run the peerbot of this checkout")
    parser.add_argument("--hang", type=float, default=HANG_SECONDS, help="seconds that count as a hang")
    parser.add_argument("--jobs", type=int, default=jobs, help=f"cases at once where a class allows it (default: {jobs})")
    args = parser.parse_args()
    CODE[0] = args.code.resolve()
    LIMITS["hang"] = args.hang
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        homes = Homes(Path(scratch))
        chosen = {name: make for name, make in families.items() if not args.only or name in args.only}
        return run_families(
            chosen, homes, args.list, lambda name: jobs_for(name, args.jobs),
            lambda case: case.name == "teardown" or (args.match in case.name
                                                     and not (args.skip and args.skip in case.name)),
            lambda: prepare(homes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="surfaces to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--code", type=Path, default=ROOT, help="run the peerbot of this checkout (default: this one)")
    parser.add_argument("--hang", type=float, default=HANG_SECONDS, help="seconds that count as a hang (default: 30)")
    parser.add_argument("--jobs", type=int, default=3, help="cases at once in the command families (default: 3)")
    args = parser.parse_args()
    CODE[0] = args.code.resolve()
    LIMITS["hang"] = args.hang
    import hostile_files
    import hostile_http

    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        homes = Homes(Path(scratch))
        families = {**hostile_files.FAMILIES, **hostile_http.FAMILIES}
        chosen = {name: make for name, make in families.items() if not args.only or name in args.only}
        return run_families(chosen, homes, args.list, lambda name: args.jobs if name in hostile_files.FAMILIES else 1)

if __name__ == "__main__":  # run as the module `hostile_sweep`, which the case families import
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import hostile_sweep

    sys.exit(hostile_sweep.main())
