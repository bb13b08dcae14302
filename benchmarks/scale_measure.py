"""Measuring child processes from outside: wall and CPU time, peak memory, disk, latency.

Used by benchmarks/bench_scale.py; nothing here imports peerbot, so it keeps working whatever
peerbot's modules are called.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread, exited ones included) a live process has used so
    far, to the nanosecond: Linux's process CPU clock, read from outside."""
    return time.clock_gettime_ns(((~pid) << 3) | 2) / 1e9


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    at = (len(ordered) - 1) * q / 100
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


@dataclass
class Finished:
    """A child that ran to its end, or was stopped at its time limit."""

    returncode: int | None  # None: stopped at the limit
    wall: float
    cpu: float  # user + system seconds
    peak_rss_mb: float
    stdout: str
    stderr: str


def run(cmd: list[str], env: dict, limit: float, log: Path) -> Finished:
    """Run `cmd` to its end (or stop its process group after `limit` seconds), measuring it with
    wait4: wall time, CPU time and peak resident memory of the child itself."""
    out, err = log.with_suffix(".out"), log.with_suffix(".err")
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
        stopped = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > limit:
                os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                stopped = True
                break
            time.sleep(0.1)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait for it again
    return Finished(None if stopped else child.returncode, wall, usage.ru_utime + usage.ru_stime,
                    usage.ru_maxrss / 1024, out.read_text(errors="replace"), err.read_text(errors="replace"))


class Asker:
    """`peerbot ask --json -` kept running: one question in, one JSON line out, each timed."""

    def __init__(self, cmd: list[str], env: dict, stderr_log: Path):
        self._err = open(stderr_log, "wb")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._err, start_new_session=True)

    def ask(self, question: str, timeout: float | None = None) -> tuple[str, float, float]:
        """(the answer line, wall seconds, CPU seconds of the answering process). TimeoutError
        when no answer came within `timeout` seconds."""
        cpu = cpu_seconds(self.proc.pid)
        started = time.perf_counter()
        self.proc.stdin.write(question.encode() + b"\n")
        self.proc.stdin.flush()
        if timeout is not None and not _readable(self.proc.stdout, timeout):
            raise TimeoutError(f"no answer within {timeout:.0f} s")
        line = self.proc.stdout.readline()
        wall = time.perf_counter() - started
        if not line:
            raise RuntimeError(f"peerbot ask ended early (exit {self.proc.wait()}); see {self._err.name}")
        return line.decode(), wall, cpu_seconds(self.proc.pid) - cpu

    def close(self, kill: bool = False) -> float:
        """End the process (stdin closed, so it exits; `kill`: at once) and return its peak
        resident memory in MB."""
        peak = peak_rss_mb(self.proc.pid)
        if kill:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc.stdout.close()
        self._err.close()
        return peak


def _readable(stream, timeout: float) -> bool:
    """Whether `stream` has something to read within `timeout` seconds (a selector, not select(), which
    refuses a descriptor past 1023: a long test process may hold that many)."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        return bool(selector.select(timeout))
