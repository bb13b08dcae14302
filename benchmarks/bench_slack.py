"""Slack latency: a signed app_mention event sent to `peerbot serve` -> chat.postMessage received
by the local Slack Web API double, p50/p95 over N questions, sequentially and with concurrent senders.

Runs the real `peerbot serve` in a subprocess (HTTP mode, 127.0.0.1, a free port) with the real model
and a throwaway data folder, against tests/slack_double.py. Two question sets: the 26 dev-set
questions cycled (`dev`), and questions that never repeat within a server (`distinct`: the tuning
questions, then typo variants of them), so that no cache hides the cost of answering.

With `--before PATH` (another checkout of peerbot, e.g. `git worktree add /tmp/before COMMIT`),
that checkout's `peerbot serve` is measured too, in the same run, with the same Python environment
and questions: rounds are interleaved (before, after, before, after, ...), each in a fresh server.
Prints a Markdown report.

    /work/venv/bin/python benchmarks/bench_slack.py [--questions 200] [--senders 20] [--model all-MiniLM-L6-v2]
    .venv/bin/python benchmarks/bench_slack.py --before /tmp/senders-before --rounds 2 --sequential 0
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
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

DATA = ROOT / "tests" / "data"
DEV = DATA / "dev_questions.jsonl"
TUNING = (DATA / "questions_tune.jsonl", DATA / "questions_tune_extra.jsonl")


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["q"] for line in path.read_text().splitlines() if line.strip()]


def questions(count: int) -> list[str]:
    """The dev-set questions cycled to `count`."""
    texts = _texts(DEV)
    return [texts[i % len(texts)] for i in range(count)]


def typo(text: str, rng: random.Random) -> str:
    """`text` with one typing slip in a word of four letters or more (two letters swapped, one
    doubled or one dropped), as people type in chat."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()] or [0]
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randrange(max(1, len(word) - 1))
    kind = rng.randrange(3)
    if kind == 0 and len(word) > 1:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif kind == 1:
        word = word[:j] + word[j] + word[j:]
    else:
        word = word[:j] + word[j + 1:]
    words[i] = word
    return " ".join(words)


def distinct_questions(count: int, seed: int = 14) -> list[str]:
    """`count` different questions: the tuning questions, then typo variants of them."""
    base = list(dict.fromkeys(t for path in TUNING for t in _texts(path)))
    rng = random.Random(seed)
    seen, out = set(), []
    pool = iter(base)
    while len(out) < count:
        text = next(pool, None) or typo(rng.choice(base), rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    rng.shuffle(out)
    return out


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
            sys.exit(f"peerbot serve exited:\n{process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(f"{url}/readyz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("peerbot serve did not start")


@dataclass
class Samples:
    """Per measurement: (ack s, event -> post s) samples, and (answers, wall s, server CPU s) per
    concurrent run."""

    latencies: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    runs: dict[str, list[tuple[int, float, float]]] = field(default_factory=dict)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux), all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def concurrently(sender: SlackSender, double: SlackDouble, texts: list[str], senders: int, tag: str,
                 ) -> tuple[list[tuple[float, float]], float]:
    """`senders` threads, each asking its share of `texts` one after another; (samples, wall s)."""
    def sender_run(index: int) -> list[tuple[float, float]]:
        return [ask(sender, double, text, f"C{tag}{index:04d}") for text in texts[index::senders]]

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        results = [r for result in pool.map(sender_run, range(senders)) for r in result]
    return results, time.perf_counter() - started


def measure(checkout: Path, args: argparse.Namespace, samples: Samples, round_no: int) -> None:
    """One round against `checkout`'s `peerbot serve` in a fresh data folder."""
    with tempfile.TemporaryDirectory() as data, SlackDouble() as double:
        port = free_port()
        env = {**os.environ, "PEERBOT_DATA_DIR": data, "PEERBOT_MODEL": args.model, "HOST": "127.0.0.1",
               "PORT": str(port), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_URL": double.api_url, "PYTHONPATH": str(checkout)}
        env.pop("SLACK_APP_TOKEN", None)
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=checkout, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, process)
            sender = SlackSender(f"{url}/slack/events")
            for text in questions(10):  # warm up: first encodes, first connections
                ask(sender, double, text, "CWARMUP01")
            samples.latencies.setdefault("sequential", []).extend(
                ask(sender, double, text, "CSEQUENT1") for text in questions(args.sequential))
            tag = f"R{round_no}"
            for name, texts in (("dev", questions(args.questions)), ("distinct", distinct_questions(args.questions))):
                cpu = cpu_seconds(process.pid)
                results, wall = concurrently(sender, double, texts, args.senders, f"{tag}{name[0].upper()}")
                samples.latencies.setdefault(name, []).extend(results)
                samples.runs.setdefault(name, []).append((len(results), wall, cpu_seconds(process.pid) - cpu))
            expected = 10 + args.sequential + 2 * args.questions
            posted = len(double.calls_to("chat.postMessage"))
            if posted != expected:
                sys.exit(f"{checkout}: {posted} answers posted, expected {expected}")
        finally:
            process.terminate()
            process.wait(30)


def row(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"| {name} | {len(ms)} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f} |"


def report(label: str, samples: Samples, senders: int) -> None:
    print(f"\n**{label}**\n")
    print("| measurement | samples | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    names = {"sequential": "one at a time (dev)", "dev": f"{senders} senders, dev set cycled",
             "distinct": f"{senders} senders, distinct questions"}
    for key, name in names.items():
        got = samples.latencies.get(key)
        if got:
            print(row(f"{name}: event sent -> chat.postMessage received", [s[1] for s in got]))
            print(row(f"{name}: HTTP ack", [s[0] for s in got]))
    for key in ("dev", "distinct"):
        runs = samples.runs.get(key, [])
        if runs:
            rates = [n / wall for n, wall, _ in runs]
            answers = sum(n for n, _, _ in runs)
            print(f"\nThroughput, {names[key]}: {answers / sum(w for _, w, _ in runs):.1f} answers/s "
                  f"(per round: {', '.join(f'{r:.1f}' for r in rates)}); the server's CPU time "
                  f"{sum(c for _, _, c in runs) / answers * 1000:.1f} ms per answer.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200, help="questions per concurrent run (each set)")
    parser.add_argument("--sequential", type=int, default=200, help="questions one at a time (0: none)")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--before", type=Path, help="another peerbot checkout, measured in interleaved rounds")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per checkout")
    args = parser.parse_args()

    checkouts = [("before", args.before.resolve())] if args.before else []
    checkouts.append(("after" if args.before else "this checkout", ROOT))
    results = {label: Samples() for label, _ in checkouts}
    loads = [os.getloadavg()[0]]
    for round_no in range(args.rounds):
        for label, checkout in checkouts:
            measure(checkout, args, results[label], round_no)
            loads.append(os.getloadavg()[0])

    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, model {args.model}; {args.rounds} round(s) per checkout, "
          f"interleaved; 1-minute load average at the start and after each round: "
          f"{', '.join(f'{x:.1f}' for x in loads)} (median {statistics.median(loads):.1f}).")
    for label, checkout in checkouts:
        report(f"{label} ({checkout})", results[label], args.senders)


if __name__ == "__main__":
    main()
