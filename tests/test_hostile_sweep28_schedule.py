"""Hostile sweep 28 (benchmarks/hostile_sweep28.py, `schedule28`): `peerbot schedule` told SIGTERM
while its digest post is held by Slack. A 429 asking for a minute's wait, every time, held the clock
process for five retries (over five minutes: a platform's SIGKILL came first); the stop now has a
deadline (bot/digest/schedule.STOP_SECONDS), as `serve`'s has, and the post cut short stays claimed
in the ledger for the next run to settle."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_double import BOT_TOKEN, SlackDouble

from bot.digest.schedule import STOP_SECONDS

ROOT = Path(__file__).resolve().parent.parent


def test_a_stop_while_slack_rate_limits_the_digest_for_minutes_ends_by_the_deadline(settings, corpus):
    with SlackDouble() as slack:
        slack.rate_limit("chat.postMessage", times=100, retry_after=60)
        now = datetime.now(ZoneInfo("Europe/London"))
        env = {**os.environ, "PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
               "PEERBOT_MODEL": "hashing", "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url,
               "DIGEST_CHANNELS": "C0AAA1111", "DIGEST_DAY": f"{now:%a}".lower(), "DIGEST_TIME": f"{now:%H:%M}"}
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "schedule"], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while not slack.calls_to("chat.postMessage") and time.monotonic() < deadline:
                time.sleep(0.2)
            assert slack.calls_to("chat.postMessage"), "the digest post never reached Slack"
            time.sleep(1)  # the post is in its minute's wait
            process.send_signal(signal.SIGTERM)
            status = process.wait(STOP_SECONDS + 15)  # before: still waiting out Slack's Retry-After
        finally:
            if process.poll() is None:
                process.kill()
            err = process.communicate()[1]
    assert status == 0, err
    assert "Traceback" not in err
    assert f"still stopping after {STOP_SECONDS:.0f} s: exiting now" in err
    with sqlite3.connect(settings.data_dir / "peerbot.db") as db:  # claimed: the next run settles it
        assert db.execute("SELECT destination, status FROM digests").fetchall() == [("slack:C0AAA1111", "posting")]
