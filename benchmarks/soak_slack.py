"""Slack soak: many concurrent senders against a real `peerbot serve`, as Slack delivers events.

Every event is a signed app_mention (a dev-set question) in its own thread, POSTed until it is
acknowledged; an acknowledged event is also delivered again (`X-Slack-Retry-Num`) with
probability --redeliver, as Slack does after a slow acknowledgement. Optionally the Slack
double fails a share of chat.postMessage calls (--post-failures: internal_error, HTTP 500, or a
post that went out but whose answer was lost), and `peerbot serve` is killed with SIGKILL part
way (--kill-at) and started again. With --replicas 2 --postgres, two `peerbot serve` processes
(each with its own data folder) share one throw-away PostgreSQL cluster (DATABASE_URL, made as the
tests make it): each event goes to a replica at random and its redelivery to the other one.
Reports events, deliveries and retries, duplicates (events answered more than once), lost
(acknowledged, never answered), ack p95 and event-to-post p95.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/soak_slack.py [--seconds 300] [--senders 20]
        [--model hashing] [--redeliver 0.3] [--post-failures 0.05] [--kill-at 0.5] [--history-scope]
        [--replicas 2 --postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from slack_burst import Burst, tally  # noqa: E402
from slack_double import BOT_TOKEN, HISTORY_SCOPES, SIGNING_SECRET, SlackDouble, SlackSender, free_port  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def serve(env: dict, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env={**env, "PORT": str(port)},
                               stdout=subprocess.DEVNULL, stderr=log, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"peerbot serve exited (its log: {log.name})")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            return process, f"{url}/slack/events"
        except OSError:
            time.sleep(0.2)
    sys.exit("peerbot serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300, help="how long the senders send")
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--model", default="hashing")
    parser.add_argument("--redeliver", type=float, default=0.3, help="share of acknowledged events delivered again")
    parser.add_argument("--post-failures", type=float, default=0.0, help="share of chat.postMessage calls that fail")
    parser.add_argument("--kill-at", type=float, default=None, help="SIGKILL peerbot serve at this share of the run")
    parser.add_argument("--history-scope", action="store_true",
                        help="grant the *:history scopes, so a reply that may be out is looked for before a repost")
    parser.add_argument("--replicas", type=int, default=1, help="peerbot serve processes sharing the database")
    parser.add_argument("--postgres", action="store_true", help="share a throw-away PostgreSQL (else peerbot.db)")
    args = parser.parse_args()
    cluster = None
    if args.postgres:
        from postgres_cluster import PostgresCluster

        cluster = PostgresCluster()
    try:
        soak(args, cluster)
    finally:
        if cluster:
            cluster.stop()


def soak(args: argparse.Namespace, cluster) -> None:

    texts = [json.loads(line)["q"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as data, SlackDouble() as double, \
            tempfile.NamedTemporaryFile("w", prefix="peerbot-soak-", suffix=".log", delete=False) as log:
        env = {**os.environ, "PEERBOT_DATA_DIR": data, "PEERBOT_MODEL": args.model, "HOST": "127.0.0.1",
               "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url}
        env.pop("SLACK_APP_TOKEN", None)
        if cluster:
            env["DATABASE_URL"] = cluster.create_database()
        replicas = [serve({**env, "PEERBOT_DATA_DIR": f"{data}/replica-{i}"} if cluster else env, log)
                    for i in range(args.replicas)]
        url_holder = [url for _, url in replicas]
        if args.history_scope:
            double.scopes |= set(HISTORY_SCOPES.values())
        if args.post_failures:
            double.chaos("chat.postMessage", args.post_failures)
        bursts, redeliveries, killed = [], [0], [False]
        started = time.monotonic()
        stop_at = started + args.seconds

        def sender(index: int) -> None:
            rng = random.Random(index)
            while time.monotonic() < stop_at:
                replica = rng.randrange(len(url_holder))
                burst = Burst(url_holder[replica], [rng.choice(texts)], 1, retry_pause=0.5)
                bursts.append(burst)
                burst.run(stop_at + 120)
                if burst.deliveries[0].acked_at and rng.random() < args.redeliver:
                    delivery = burst.deliveries[0]
                    try:  # to the other replica, if there is one
                        other = url_holder[(replica + 1) % len(url_holder)]
                        SlackSender(other).event(delivery.event, retry_num=delivery.tries)
                        redeliveries[0] += 1
                    except OSError:
                        pass

        threads = [threading.Thread(target=sender, args=(i,)) for i in range(args.senders)]
        for t in threads:
            t.start()
        if args.kill_at is not None:
            time.sleep(args.seconds * args.kill_at)
            first, old_url = replicas[0]
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
            killed[0] = True
            replicas[0] = serve({**env, "PEERBOT_DATA_DIR": f"{data}/replica-0"} if cluster else env, log)
            url_holder[0] = replicas[0][1]
            for burst in bursts:
                if burst.url == old_url:
                    burst.retarget(url_holder[0])
        for t in threads:
            t.join()
        deliveries = [d for b in bursts for d in b.deliveries]
        deadline = time.monotonic() + 120
        while True:
            result = tally(deliveries, double)
            if not result.unanswered or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        for process, _ in replicas:
            process.terminate()
            process.wait(30)

    events, acked, lost, duplicates = result.events, result.acked, len(result.unanswered), len(result.duplicates)
    retries = result.retries + redeliveries[0]
    acks = [s * 1000 for s in result.ack_seconds]
    posts = [s * 1000 for s in result.post_seconds]
    print(f"Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, model {args.model}; load average {load:.2f} before, {os.getloadavg()[0]:.2f} "
          f"after. {args.replicas} peerbot serve on {'one PostgreSQL' if cluster else 'peerbot.db (SQLite)'}; "
          f"{args.senders} senders for {args.seconds:g} s, redeliver {args.redeliver:g}, post failures "
          f"{args.post_failures:g}, SIGKILL {'at ' + format(args.kill_at, 'g') if killed[0] else 'no'}, history scope "
          f"{'granted' if args.history_scope else 'not granted (the manifest)'}.\n")
    print("| events | deliveries | retries | duplicates | lost | ack p50 ms | ack p95 ms | event → post p50 ms | "
          "event → post p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {events} | {events + retries} | {retries} | {duplicates} | {lost} | {percentile(acks, 50):.1f} | "
          f"{percentile(acks, 95):.1f} | {percentile(posts, 50):.1f} | {percentile(posts, 95):.1f} |")
    print(f"\nAcknowledged {acked} of {events}; chat.postMessage calls that failed: "
          f"{sum(1 for c in double.calls_to('chat.postMessage') if not c.ok)}. peerbot serve's log: {log.name}")


if __name__ == "__main__":
    main()
