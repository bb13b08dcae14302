"""Slack latency: a signed app_mention event sent to `peerbot serve` -> chat.postMessage received
by the local Slack Web API double, p50/p95 over N questions, sequentially and with concurrent senders.

Runs the real `peerbot serve` in a subprocess (HTTP mode, 127.0.0.1, a free port) with the real model
and a throwaway data folder, against tests/slack_double.py. Prints a Markdown report.

    /work/venv/bin/python benchmarks/bench_slack.py [--questions 200] [--senders 20] [--model all-MiniLM-L6-v2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from slack_double import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    new_ts,
)

QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"


def questions(count: int) -> list[str]:
    texts = [json.loads(line)["q"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
    return [texts[i % len(texts)] for i in range(count)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def ask(sender: SlackSender, double: SlackDouble, text: str, channel: str) -> tuple[float, float]:
    """(ack seconds, event sent -> chat.postMessage received seconds) for one question."""
    ts = new_ts()
    started = time.perf_counter()
    response = sender.event(app_mention(text, channel=channel, ts=ts))
    acked = time.perf_counter()
    assert response.status == 200, response
    post = double.wait_for("chat.postMessage", timeout=120, channel=channel, thread_ts=ts)[0]
    return acked - started, post.at - started


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"peerbot serve exited:\n{process.stderr.read()}")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("peerbot serve did not start")


def row(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (f"| {name} | {len(ms)} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    args = parser.parse_args()

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as data, SlackDouble() as double:
        port = free_port()
        env = {**os.environ, "PEERBOT_DATA_DIR": data, "PEERBOT_MODEL": args.model, "HOST": "127.0.0.1",
               "PORT": str(port), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_URL": double.api_url}
        env.pop("SLACK_APP_TOKEN", None)
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, process)
            sender = SlackSender(f"{url}/slack/events")
            texts = questions(args.questions)
            for text in texts[:10]:  # warm up: first encodes, first connections
                ask(sender, double, text, "CWARMUP01")

            sequential = [ask(sender, double, text, "CSEQUENT1") for text in texts]

            def sender_run(index: int) -> list[tuple[float, float]]:
                mine = texts[index::args.senders]
                return [ask(sender, double, text, f"CCONC{index:04d}") for text in mine]

            started = time.perf_counter()
            with ThreadPoolExecutor(args.senders) as pool:
                concurrent = [r for result in pool.map(sender_run, range(args.senders)) for r in result]
            wall = time.perf_counter() - started
            answered = len(double.calls_to("chat.postMessage"))
        finally:
            process.terminate()
            process.wait(30)

    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, model {args.model}; load average before the run "
          f"{load[0]:.2f}, after {os.getloadavg()[0]:.2f}.\n")
    print("| measurement | samples | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print(row("sequential: event sent -> chat.postMessage received", [s[1] for s in sequential]))
    print(row("sequential: HTTP ack (response to the event)", [s[0] for s in sequential]))
    print(row(f"{args.senders} concurrent senders: event sent -> chat.postMessage received", [c[1] for c in concurrent]))
    print(row(f"{args.senders} concurrent senders: HTTP ack", [c[0] for c in concurrent]))
    print(f"\nConcurrent throughput: {len(concurrent) / wall:.1f} answers/s ({len(concurrent)} in {wall:.1f} s). "
          f"Answers posted in all: {answered} (10 warm-up + {len(sequential)} + {len(concurrent)}).")


if __name__ == "__main__":
    main()
