"""A second peerbot worker as a real process (so that a test can SIGSTOP or SIGKILL it mid-post):
the Slack wiring of `tests/slack_double.PeerbotServer`, with a retry policy a test chooses, over the
data folder and the Slack double the test gives it. Prints its port once it is serving, and serves
until its stdin closes.

    python tests/worker_process.py DATA_DIR KNOWLEDGE_DIR SLACK_API_URL POLICY_JSON
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent


def start_worker(data_dir: Path, knowledge_dir: Path, api_url: str, policy: dict) -> tuple[subprocess.Popen, int]:
    """The worker process, and its port once it serves."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "worker_process.py"), str(data_dir), str(knowledge_dir), api_url, json.dumps(policy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.strip().isdigit():
        process.kill()
        raise AssertionError(f"the worker did not start: {line}{process.communicate()[1]}")
    return process, int(line)


def main(data_dir: str, knowledge_dir: str, api_url: str, policy: str) -> None:
    sys.path.insert(0, str(HERE))
    from corpus_helpers import open_answerer
    from slack_double import APP_TOKEN, BOT_TOKEN, PeerbotServer

    from bot.retry_policy import RetryPolicy
    from bot.settings import Settings
    from index.hashing_embedder import HashingEmbedder

    values = json.loads(policy)
    settings = Settings(data_dir=Path(data_dir), knowledge_dir=Path(knowledge_dir), model="hashing")
    answerer = open_answerer(settings, HashingEmbedder())
    double = SimpleNamespace(bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=api_url)
    with PeerbotServer(settings, answerer.corpus, double, policy=RetryPolicy(**{**values, "delays": tuple(values["delays"])})) as server:
        print(server.port, flush=True)
        sys.stdin.read()  # until the test closes it (or kills this process)


if __name__ == "__main__":
    main(*sys.argv[1:])
