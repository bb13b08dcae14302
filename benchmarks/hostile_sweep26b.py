"""What the twenty-sixth hostile sweep noticed and left, swept as classes (stop 39, branch s39-term):

- `term26b`: `peerbot serve` (hashing model, the Slack double) with its standard error mistreated: never
  read while it logs 0, 200, 800 or 3,000 refused requests (a pipe holds 64 KiB, about 450 such lines);
  read, then the reader gone; standard error closed; standard output and error closed; read all along
  (control). Three questions acknowledged, then SIGTERM (or SIGINT): the exit status, the seconds to
  exit (or `hung` past 90 s, then killed), and the questions a restart answers, of those acknowledged.
- `refresh26b`: a workspace's token refresh refused (invalid_refresh_token) for 50 uses in a row: the
  tries Slack saw and the warning lines said.
- `fds26b`: a running corpus reloading a generation whose knowledge file is damaged (out_of_scope.yaml
  of the wrong shape, contacts.yaml cut, nhs_topics.yaml not YAML), 30 times: open descriptors before
  and after.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep26b.py
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests")]
from serve_process import wait_for_health  # noqa: E402
from slack_double import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, SlackDouble, free_port  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from test_hostile_sweep26_term import answered, ask, bad_requests, start  # noqa: E402
from test_live_index import add_lesson  # noqa: E402
from test_token_refresh_backoff import bot  # noqa: E402

from bot.corpus import CorpusLoader, open_corpus, update_index  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.token_rotation import TokenRefresher  # noqa: E402
from index.hashing_embedder import HashingEmbedder  # noqa: E402

ROOT = HERE.parent
HUNG_SECONDS = 90


def _closing(*fds: int):
    return lambda: [os.close(fd) for fd in fds]


STDERR_FATES = {  # name: (Popen streams, refused requests logged before the signal)
    "never read, 0 logged": ({"stderr": subprocess.PIPE}, 0),
    "never read, 200 logged": ({"stderr": subprocess.PIPE}, 200),
    "never read, 800 logged": ({"stderr": subprocess.PIPE}, 800),
    "never read, 3000 logged": ({"stderr": subprocess.PIPE}, 3000),
    "reader gone": ({"stderr": subprocess.PIPE}, 20),
    "stderr closed": ({"preexec_fn": _closing(2)}, 20),
    "stdout and stderr closed": ({"preexec_fn": _closing(1, 2)}, 20),
    "read all along (control)": ({"stderr": subprocess.DEVNULL}, 800),
}


def term_case(name: str, sig: int) -> str:
    streams, bad = STDERR_FATES[name]
    with tempfile.TemporaryDirectory() as home, SlackDouble() as double:
        shutil.copytree(ROOT / "knowledge", Path(home) / "knowledge")
        env = {**os.environ, "PEERBOT_DATA_DIR": f"{home}/data", "PEERBOT_KNOWLEDGE_DIR": f"{home}/knowledge",
               "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": BOT_TOKEN,
               "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PEERBOT_RETENTION_DAYS": "",
               "SLACK_API_URL": double.api_url, "SLACK_APP_TOKEN": ""}
        port = free_port()
        process = start(env | {"PORT": str(port)}, stdout=subprocess.DEVNULL, **streams)
        try:
            try:
                wait_for_health(f"http://127.0.0.1:{port}", process)
            except AssertionError:
                return f"| {name} | {signal.Signals(sig).name} | {process.wait()} | did not start | - |"
            acknowledged = ask(port)
            if name == "reader gone":
                process.stderr.close()
            try:
                bad_requests(port, bad)
            except OSError:
                pass  # the server no longer answering: what is judged is whether it stops
            began = time.monotonic()
            process.send_signal(sig)
            try:
                status, took = process.wait(HUNG_SECONDS), f"{time.monotonic() - began:.1f} s"
            except subprocess.TimeoutExpired:
                process.kill()
                status, took = process.wait(), "hung"
        finally:
            if process.poll() is None:
                process.kill()
            if process.stderr:
                process.stderr.close()
        port = free_port()
        again = start(env | {"PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", again)
            deadline = time.monotonic() + 60
            while answered(env) < acknowledged and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            again.terminate()
            again.wait(90)
        done = answered(env)
    return f"| {name} | {signal.Signals(sig).name} | {status} | {took} | {done} of {acknowledged} |"


def refresh_case() -> str:
    with SlackDouble() as double:
        now = [0.0]
        refresher = TokenRefresher(AsyncWebClient(base_url=double.api_url), CLIENT_ID, CLIENT_SECRET, clock=lambda: now[0])
        said: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = said.append  # type: ignore[method-assign]
        logging.getLogger("bot.slack.token_rotation").addHandler(handler)
        for _ in range(50):
            asyncio.run(refresher.refreshed(bot("T0REFUSED", "xoxe-1-refused")))
            now[0] += 1
        tries = len(double.calls_to("oauth.v2.access"))
    return f"refresh26b: 50 uses over 50 s of a workspace whose refresh Slack refuses: {tries} tries, {len(said)} warning lines"


def fds_case(file: str, damage: str) -> str:
    with tempfile.TemporaryDirectory() as home:
        shutil.copytree(ROOT / "knowledge", Path(home) / "knowledge")
        settings = Settings(data_dir=Path(home) / "data", knowledge_dir=Path(home) / "knowledge", model="hashing")
        embedder = HashingEmbedder()
        from bot.live import RETRY_MOST_SECONDS, LiveCorpus

        corpus, _ = open_corpus(settings, embedder)
        now = [0.0]
        live = LiveCorpus(corpus, CorpusLoader(settings, embedder), clock=lambda: now[0])
        add_lesson(settings.knowledge_dir)
        (settings.knowledge_dir / file).write_text(damage)
        update_index(settings, embedder)
        logging.getLogger("bot.live").setLevel(logging.ERROR)
        live.reload()
        before = len(os.listdir("/proc/self/fd"))
        for _ in range(30):
            now[0] += RETRY_MOST_SECONDS
            live.reload()
        after = len(os.listdir("/proc/self/fd"))
        live.close()
        corpus.close()
    return f"fds26b: {file} damaged, 30 failed reloads: {before} -> {after} open descriptors"


def main() -> None:
    print("| standard error | signal | exit status | to exit | answered after a restart |")
    print("|---|---|---|---|---|")
    for name in STDERR_FATES:
        print(term_case(name, signal.SIGTERM), flush=True)
    for name in ("never read, 800 logged", "reader gone"):
        print(term_case(name, signal.SIGINT), flush=True)
    print(refresh_case(), flush=True)
    for file, damage in (("out_of_scope.yaml", "out_of_scope: [1, 2]\n"), ("contacts.yaml", "people: {\n"),
                         ("nhs_topics.yaml", "[")):
        print(fds_case(file, damage), flush=True)


if __name__ == "__main__":
    main()
