"""How fast `peerbot serve` is reachable and ready: the real command, the real model.

Starts `peerbot serve` (Teams in anonymous mode, so no Slack account is needed) as a process and
measures, from the moment it is started:

- bind: the first TCP connection to PORT that succeeds (a platform's "has it bound $PORT");
- http: the first HTTP answer from `GET /healthz` (`{"status": "starting"}` while loading);
- ready: the first `GET /readyz` that answers 200 (the model and index are loaded).

Two cases: a fresh data folder (the index is built first) and the same folder again (the index
is built already). Each case is run RUNS times; the median and the worst are reported.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_boot.py [--runs 3] [--model all-MiniLM-L6-v2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERBOT = Path(sys.executable).parent / "peerbot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_start(data_dir: Path, model: str, timeout: float = 600) -> dict[str, float]:
    port = free_port()
    env = {**os.environ, "PEERBOT_DATA_DIR": str(data_dir), "PEERBOT_MODEL": model, "HOST": "127.0.0.1",
           "PORT": str(port), "TEAMS_ALLOW_ANONYMOUS": "1", "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        env.pop(name, None)
    started = time.monotonic()
    process = subprocess.Popen([str(PEERBOT), "serve"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    times: dict[str, float] = {}
    try:
        while "ready" not in times:
            if time.monotonic() - started > timeout:
                raise RuntimeError("peerbot serve did not become ready")
            if process.poll() is not None:
                raise RuntimeError(f"peerbot serve exited: {process.communicate()[1][-2000:]}")
            if "bind" not in times:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    times["bind"] = time.monotonic() - started
                except OSError:
                    time.sleep(0.01)
                continue
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=30):
                    times.setdefault("http", time.monotonic() - started)
                    times["ready"] = time.monotonic() - started
            except urllib.error.HTTPError as e:  # 503: starting
                e.close()
                times.setdefault("http", time.monotonic() - started)
                time.sleep(0.1)
            except OSError:  # a connection dropped under load: ask again
                time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=120)
    return times


def summary(name: str, runs: list[dict[str, float]]) -> str:
    cells = []
    for key in ("bind", "http", "ready"):
        values = [r[key] for r in runs]
        cells.append(f"{statistics.median(values):.2f} s (worst {max(values):.2f})")
    return f"| {name} | {len(runs)} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    args = parser.parse_args()
    fresh, built = [], []
    for _ in range(args.runs):
        data = Path(tempfile.mkdtemp(prefix="peerbot-boot-"))
        try:
            fresh.append(one_start(data, args.model))
            built.append(one_start(data, args.model))
        finally:
            shutil.rmtree(data, ignore_errors=True)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}, model {args.model}")
    print("| data folder | runs | port bound | first /healthz answer | /readyz 200 |")
    print("|---|---|---|---|---|")
    print(summary("fresh (index built first)", fresh))
    print(summary("index built already", built))


if __name__ == "__main__":
    main()
