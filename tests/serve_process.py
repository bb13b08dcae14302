"""`peerbot serve` as a real process, for the Slack and Teams serving tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_serve(env: dict, **variables: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env={**os.environ, **env, **variables},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 150) -> dict:
    """/healthz's body once peerbot is ready to answer (its status no longer `starting`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"peerbot serve exited: {process.communicate()[1]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                health = json.loads(response.read())
            if health.get("status") != "starting":
                return health
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("peerbot serve did not become healthy")


def said_since(lines: list[str], mark: int, wanted: str, timeout: float = 60) -> list[str]:
    """`lines[mark:]` (a process's standard error, extended by a reader thread) once one of them holds
    `wanted`, or after `timeout` s: on a loaded machine the reader may lag behind what the process did."""
    deadline = time.monotonic() + timeout
    while not any(wanted in line for line in lines[mark:]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return lines[mark:]


def stop(process: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, then the process's output once it has exited."""
    process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=60)


class Said:
    """A running process's standard error, read line by line on a thread as it comes, so that a test
    can wait for a line (on a loaded machine a fixed sleep can end before it is said); `stop` stops
    the process and keeps its output in `out` and `err`."""

    def __init__(self, process: subprocess.Popen):
        self.process, self.out, self.err = process, "", ""
        self._lines: list[str] = []
        self._said = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._said:
                self._lines.append(line)
                self._said.notify_all()

    def wait_for(self, text: str, timeout: float = 90) -> None:
        """Until a line holding `text` has been said (AssertionError after `timeout` s)."""
        deadline = time.monotonic() + timeout
        with self._said:
            while not any(text in line for line in self._lines):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line with {text!r}; standard error was:\n{''.join(self._lines)}")
                self._said.wait(left)

    def said(self) -> str:
        """Its standard error so far."""
        with self._said:
            return "".join(self._lines)

    def stop(self) -> None:
        """SIGTERM; once the process has exited, its whole output in `out` and `err`."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self._reader.join(30)
        self.out, self.err = self.process.stdout.read(), "".join(self._lines)
