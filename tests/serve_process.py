"""`peerbot serve` as a real process, for the Slack and Teams serving tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_serve(env: dict, **variables: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env={**os.environ, **env, **variables},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 60) -> dict:
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


def stop(process: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, then the process's output once it has exited."""
    process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=30)
