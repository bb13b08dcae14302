"""Benchmark of the Teams endpoint: activity received to acknowledged and to reply sent, p50/p95.

    /work/venv/bin/python benchmarks/bench_teams.py                  # the real model, 5 rounds of the dev set
    /work/venv/bin/python benchmarks/bench_teams.py --model hashing  # the fast lexical model

peerbot's aiohttp app with Teams mounted (anonymous mode) and a local double of the Bot Framework
connector run on loopback in this process. Each dev-set question is POSTed to /api/messages as a
personal-chat message; "received" is when the app's first middleware sees the request,
"acknowledged" when its answer (202) leaves that middleware, "sent" when the connector double
receives the reply card. Questions go one at a time (each once the one before is replied to)
after a warm-up round. The time `Peerbot.ask` takes is reported beside it, so the rest is the Teams layer (SDK
turn, card rendering, HTTP). Prints a Markdown report; uses a temporary data directory.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bot.corpus import open_corpus  # noqa: E402
from bot.http_server import create_app  # noqa: E402
from bot.service import Peerbot  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.state import StateStore  # noqa: E402
from bot.teams.app import mount_teams  # noqa: E402

DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"


class TimedPeerbot(Peerbot):
    """Records how long each answer takes, to tell the Teams layer's share."""

    asks: list[float] = []

    def ask(self, question):
        started = time.perf_counter()
        try:
            return super().ask(question)
        finally:
            self.asks.append(time.perf_counter() - started)


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def measure(peerbot: Peerbot, settings: Settings, questions: list[str], rounds: int,
                  ) -> tuple[list[float], list[float]]:
    """(received to acknowledged, received to reply sent) for each timed question, in seconds."""
    received: dict[str, float] = {}
    acknowledged: dict[str, float] = {}
    sent: dict[str, float] = {}
    replied: dict[str, asyncio.Event] = {}

    @web.middleware
    async def stamp(request: web.Request, handler):
        if request.path != "/api/messages":
            return await handler(request)
        activity_id = (await request.json())["id"]
        received[activity_id] = time.perf_counter()
        try:
            return await handler(request)
        finally:
            acknowledged[activity_id] = time.perf_counter()

    async def connector(request: web.Request) -> web.Response:
        sent[request.match_info["reply_to"]] = time.perf_counter()
        replied[request.match_info["reply_to"]].set()
        return web.json_response({"id": "reply"})

    double = web.Application()
    double.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", connector)
    app = create_app()
    app.middlewares.append(stamp)
    mount_teams(app, peerbot, settings)
    app.on_startup.append(lambda _app: peerbot.start())
    app.on_shutdown.append(lambda _app: peerbot.stop())
    double_runner, service_url = await serve(double)
    app_runner, app_url = await serve(app)
    try:
        async with aiohttp.ClientSession() as session:
            for round_number in range(rounds + 1):  # round 0 warms up
                for n, question in enumerate(questions):
                    activity_id = f"{round_number}-{n}"
                    replied[activity_id] = asyncio.Event()
                    async with session.post(f"{app_url}/api/messages", json=message(service_url, question, activity_id)) as r:
                        assert r.status == 202, await r.text()
                    await asyncio.wait_for(replied[activity_id].wait(), 60)
    finally:
        await app_runner.cleanup()
        await double_runner.cleanup()
    timed = [a for a in received if not a.startswith("0-")]
    return [acknowledged[a] - received[a] for a in timed], [sent[a] - received[a] for a in timed]


def message(service_url: str, text: str, activity_id: str) -> dict:
    return {
        "type": "message", "id": activity_id, "channelId": "msteams", "serviceUrl": service_url, "text": text,
        "from": {"id": "29:bench-user"}, "recipient": {"id": "28:peerbot"},
        "conversation": {"id": "a:bench-chat", "conversationType": "personal"},
    }


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{p50:.1f} | {p95:.1f} | {max(ms):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=Settings().model, help="embedding model (default: the bundled one)")
    parser.add_argument("--rounds", type=int, default=5, help="times through the dev set, after one warm-up round")
    args = parser.parse_args()
    questions = [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as data:
        settings = dataclasses.replace(Settings.from_env(), data_dir=Path(data), model=args.model,
                                       teams_allow_anonymous=True)
        corpus, _ = open_corpus(settings)
        peerbot = TimedPeerbot(corpus, StateStore(settings.state_db_path))
        acknowledgements, latencies = asyncio.run(measure(peerbot, settings, questions, args.rounds))
        asks = peerbot.asks[len(questions):]
    print(f"Teams: activity received to acknowledged and to reply sent, {len(latencies)} questions "
          f"({args.rounds} rounds of {len(questions)} dev-set questions, one at a time, after a warm-up round)\n")
    print(f"Model {args.model}; Python {platform.python_version()}, {platform.machine()}\n")
    print("| stage | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    print(f"| activity received → acknowledged (202) | {percentiles(acknowledgements)} |")
    print(f"| activity received → reply sent | {percentiles(latencies)} |")
    print(f"| of which Peerbot.ask (retrieval, answer, log) | {percentiles(asks)} |")


if __name__ == "__main__":
    main()
