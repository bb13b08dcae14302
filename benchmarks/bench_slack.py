"""Slack latency: a signed app_mention event sent to `peerbot serve` -> chat.postMessage received
by the local Slack Web API double, p50/p95 over N questions, sequentially and with concurrent senders.

Runs the real `peerbot serve` in a subprocess (HTTP mode, 127.0.0.1, a free port) with the real model
and a throwaway data folder, against tests/slack_double.py in a process of its own
(slack_double_process.py); the senders are coroutines on one asyncio loop in this process, so the
client's CPU per answer is small, and it is reported. Closed loop (each of `--senders` people asks
the next question once the last is answered): the 26 dev-set questions cycled (`dev`), and
questions that never repeat within a server (`distinct`: the tuning questions, then typo variants
of them), so that no cache hides the cost of answering. In a closed loop latency is about senders /
throughput (Little's law). Then, labelled apart: an open loop (`--open` distinct questions, each
person asking every `--gap` seconds on average, Poisson arrivals, answered or not) and `--bursts`
bursts of `--senders` questions sent at the same moment.

With `--before PATH` (another checkout of peerbot, e.g. `git worktree add /tmp/before COMMIT`),
that checkout's `peerbot serve` is measured too, in the same run, with the same Python environment
and questions: rounds are interleaved (before, after, before, after, ...), each in a fresh server and
data folder (a checkout's later rounds start from the index its first round built).
Prints a Markdown report.

    /work/venv/bin/python benchmarks/bench_slack.py [--questions 200] [--senders 20] [--model all-MiniLM-L6-v2]
    .venv/bin/python benchmarks/bench_slack.py --before /tmp/senders-before --rounds 2 --sequential 0
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from slack_double import BOT_TOKEN, SIGNING_SECRET, app_mention, free_port, new_ts  # noqa: E402

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


class Client:
    """The senders' side of a round, on one asyncio loop in this process: signed events over kept-alive
    connections (as Slack sends them), and each answer's arrival from the double's process, matched to
    its question by (channel, thread ts) without scanning. Cheap, so the senders take little of the
    cores the server is measured on (their CPU time is reported)."""

    def __init__(self, events_url: str, double: asyncio.subprocess.Process, connections: int):
        self.events_url = events_url
        self.double = double
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections))
        self.secret = SIGNING_SECRET.encode()
        self.waiting: dict[tuple[str, str], asyncio.Future[float]] = {}
        self.posted = 0
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.double.stdout is not None
        async for line in self.double.stdout:
            channel, thread_ts, at = json.loads(line)
            self.posted += 1
            future = self.waiting.pop((channel, thread_ts), None)
            if future is not None and not future.done():
                future.set_result(at)

    async def ask(self, text: str, channel: str) -> tuple[float, float]:
        """(ack seconds, event sent -> chat.postMessage received seconds) for one question."""
        ts = new_ts()
        arrived = self.waiting[(channel, ts)] = asyncio.get_running_loop().create_future()
        body = json.dumps(app_mention(text, channel=channel, ts=ts)).encode()
        stamp = str(int(time.time()))
        signature = "v0=" + hmac.new(self.secret, b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": signature}
        started = time.perf_counter()
        async with self.session.post(self.events_url, data=body, headers=headers) as response:
            await response.read()
            acked = time.perf_counter()
            assert response.status == 200, response.status
        at = await asyncio.wait_for(arrived, 120)
        return acked - started, at - started

    async def close(self) -> None:
        await self.session.close()
        self.reader.cancel()


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 1800  # a first build on a busy machine takes minutes
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
    """Per measurement: (ack s, event -> post s) samples, and (answers, wall s, server CPU s, client
    CPU s, the server's event-loop thread CPU s) per run."""

    latencies: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    runs: dict[str, list[tuple[int, float, float, float, float]]] = field(default_factory=dict)


def cpu_seconds(pid: int, main_thread: bool = False) -> float:
    """User + system CPU time of a process so far (Linux): all its threads, or (`main_thread`) its
    first thread's alone, which in `peerbot serve` runs the event loop (Bolt, aiohttp, the handlers)."""
    path = f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat"
    fields = Path(path).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


async def closed_loop(client: Client, texts: list[str], senders: int, tag: str) -> list[tuple[float, float]]:
    """`senders` people, each asking its share of `texts` one after another (the next once the last
    is answered)."""
    async def sender_run(index: int) -> list[tuple[float, float]]:
        return [await client.ask(text, f"C{tag}{index:04d}") for text in texts[index::senders]]

    results = await asyncio.gather(*(sender_run(i) for i in range(senders)))
    return [r for result in results for r in result]


async def open_loop(client: Client, texts: list[str], senders: int, gap: float, tag: str,
                    seed: int = 14) -> list[tuple[float, float]]:
    """`senders` people, each asking at random (Poisson arrivals, a mean of `gap` seconds between one
    person's questions) whether or not their last one is answered yet; `texts` shared out."""
    rng = random.Random(seed)

    async def person(index: int) -> list[tuple[float, float]]:
        asked = []
        for text in texts[index::senders]:
            await asyncio.sleep(rng.expovariate(1 / gap))
            asked.append(asyncio.ensure_future(client.ask(text, f"C{tag}{index:04d}")))
        return list(await asyncio.gather(*asked))

    results = await asyncio.gather(*(person(i) for i in range(senders)))
    return [r for result in results for r in result]


async def bursts(client: Client, texts: list[str], senders: int, tag: str) -> list[tuple[float, float]]:
    """`senders` questions sent at the same moment, waited for, then the next burst after a pause."""
    results = []
    for start in range(0, len(texts), senders):
        burst = texts[start:start + senders]
        results.extend(await asyncio.gather(*(client.ask(t, f"C{tag}{start + i:05d}") for i, t in enumerate(burst))))
        await asyncio.sleep(0.5)
    return results


RUNS = ("dev", "distinct", "open", "burst")
INDEXES = Path(tempfile.mkdtemp(prefix="bench-slack-indexes-"))  # each checkout's built index, for its later rounds


async def measure_async(checkout: Path, args: argparse.Namespace, samples: Samples, round_no: int,
                        extra: dict[str, str]) -> None:
    """One round against `checkout`'s `peerbot serve` in a fresh data folder, with the double in a
    process of its own."""
    double = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "benchmarks" / "slack_double_process.py"),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert double.stdout is not None and double.stdin is not None
    api_url = json.loads(await double.stdout.readline())["api_url"]
    with tempfile.TemporaryDirectory() as data:
        built = INDEXES / str(abs(hash(checkout)))
        if built.exists():  # this checkout's index, built by its first round: no minutes of building again
            shutil.copytree(built, Path(data) / "index")
        port = free_port()
        env = {**os.environ, "PEERBOT_DATA_DIR": data, "PEERBOT_MODEL": args.model, "HOST": "127.0.0.1",
               "PORT": str(port), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_URL": api_url, "PYTHONPATH": str(checkout), **extra}
        env.pop("SLACK_APP_TOKEN", None)
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=checkout, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        client = None
        try:
            url = f"http://127.0.0.1:{port}"
            await asyncio.to_thread(wait_healthy, url, process)
            client = Client(f"{url}/slack/events", double, args.senders)
            for text in questions(10):  # warm up: first encodes, first connections
                await client.ask(text, "CWARMUP01")
            samples.latencies.setdefault("sequential", []).extend(
                [await client.ask(text, "CSEQUENT1") for text in questions(args.sequential)])
            tag = f"R{round_no}"
            fresh = distinct_questions(args.questions + args.open + args.bursts * args.senders)  # none repeats
            sets = {"dev": questions(args.questions), "distinct": fresh[:args.questions],
                    "open": fresh[args.questions:args.questions + args.open],
                    "burst": fresh[args.questions + args.open:]}
            expected = 10 + args.sequential
            for name in RUNS:
                texts = sets[name]
                if not texts:
                    continue
                expected += len(texts)
                cpu, own, doubles = cpu_seconds(process.pid), own_cpu_seconds(), cpu_seconds(double.pid)
                loop_cpu = cpu_seconds(process.pid, main_thread=True)
                started = time.perf_counter()
                code = f"{tag}{name[0].upper()}"
                if name == "open":
                    results = await open_loop(client, texts, args.senders, args.gap, code)
                elif name == "burst":
                    results = await bursts(client, texts, args.senders, code)
                else:
                    results = await closed_loop(client, texts, args.senders, code)
                wall = time.perf_counter() - started
                client_cpu = own_cpu_seconds() - own + cpu_seconds(double.pid) - doubles
                samples.latencies.setdefault(name, []).extend(results)
                samples.runs.setdefault(name, []).append(
                    (len(results), wall, cpu_seconds(process.pid) - cpu, client_cpu,
                     cpu_seconds(process.pid, main_thread=True) - loop_cpu))
            await asyncio.sleep(0.2)
            if client.posted != expected:
                sys.exit(f"{checkout}: {client.posted} answers posted, expected {expected}")
        finally:
            if client is not None:
                await client.close()
            process.terminate()
            await asyncio.to_thread(process.wait, 30)
            if not built.exists() and (Path(data) / "index").is_dir():
                shutil.copytree(Path(data) / "index", built)
            double.stdin.close()
            await double.wait()


def measure(checkout: Path, args: argparse.Namespace, samples: Samples, round_no: int, extra: dict[str, str]) -> None:
    asyncio.run(measure_async(checkout, args, samples, round_no, extra))


def row(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"| {name} | {len(ms)} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f} |"


def report(label: str, samples: Samples, args: argparse.Namespace) -> None:
    print(f"\n**{label}**\n")
    print("| measurement | samples | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    senders = args.senders
    names = {"sequential": "one at a time (dev)",
             "dev": f"closed loop, {senders} senders, dev set cycled",
             "distinct": f"closed loop, {senders} senders, distinct questions",
             "open": f"open loop, {senders} people asking every {args.gap:g} s on average (Poisson)",
             "burst": f"bursts of {senders} questions at once"}
    for key, name in names.items():
        got = samples.latencies.get(key)
        if got:
            print(row(f"{name}: event sent -> chat.postMessage received", [s[1] for s in got]))
            print(row(f"{name}: HTTP ack", [s[0] for s in got]))
    for key in RUNS:
        runs = samples.runs.get(key, [])
        if runs:
            rates = [n / wall for n, wall, *_ in runs]
            answers = sum(run[0] for run in runs)
            print(f"\n{names[key]}: {answers / sum(run[1] for run in runs):.1f} answers/s "
                  f"(per round: {', '.join(f'{r:.1f}' for r in rates)}); CPU time per answer: the server "
                  f"{sum(run[2] for run in runs) / answers * 1000:.1f} ms (its event loop's thread "
                  f"{sum(run[4] for run in runs) / answers * 1000:.1f} ms), the senders and the double "
                  f"{sum(run[3] for run in runs) / answers * 1000:.1f} ms.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200, help="questions per concurrent run (each set)")
    parser.add_argument("--sequential", type=int, default=200, help="questions one at a time (0: none)")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--open", type=int, default=100,
                        help="questions in the open-loop run, Poisson arrivals (0: none)")
    parser.add_argument("--gap", type=float, default=5.0,
                        help="open loop: mean seconds between one person's questions")
    parser.add_argument("--bursts", type=int, default=5, help="bursts of --senders questions at once (0: none)")
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--before", type=Path, help="another peerbot checkout, measured in interleaved rounds")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per checkout")
    parser.add_argument("--before-env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the before server only (an A/B of one checkout: --before .)")
    parser.add_argument("--after-env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the after server only")
    args = parser.parse_args()

    checkouts = [("before", args.before.resolve())] if args.before else []
    checkouts.append(("after" if args.before else "this checkout", ROOT))
    results = {label: Samples() for label, _ in checkouts}
    loads = [os.getloadavg()[0]]
    extra = {"before": dict(e.split("=", 1) for e in args.before_env),
             "after": dict(e.split("=", 1) for e in args.after_env)}
    for round_no in range(args.rounds):
        for label, checkout in checkouts:
            measure(checkout, args, results[label], round_no, extra.get(label, {}))
            loads.append(os.getloadavg()[0])

    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, model {args.model}; {args.rounds} round(s) per checkout, "
          f"interleaved; 1-minute load average at the start and after each round: "
          f"{', '.join(f'{x:.1f}' for x in loads)} (median {statistics.median(loads):.1f}).")
    shutil.rmtree(INDEXES, ignore_errors=True)
    for label, checkout in checkouts:
        settings = " ".join(f"{k}={v}" for k, v in extra.get(label, {}).items())
        report(f"{label} ({checkout}{', ' + settings if settings else ''})", results[label], args)


if __name__ == "__main__":
    main()
