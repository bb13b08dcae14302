"""README's Slack deployment step walked as a new user does: `peerbot serve` with Slack settings
against the local Slack double, /healthz and /readyz polled from start to ready, then a signed
mention, an empty `/peer` and a request with a bad signature, then SIGTERM. Prints the timeline and
serve's own log.

    .venv/bin/python benchmarks/newuser_serve_walk.py [CHECKOUT]   # default: this one

CHECKOUT is a clone set up as README's Quick start does (its `.venv/bin/peerbot`, its index built).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port, slash_command  # noqa: E402


def get(url: str) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError as e:
        return None, type(e).__name__


def main() -> None:
    checkout = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT)
    double = SlackDouble().start()
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(port),
           "SLACK_API_URL": double.api_url}
    started = time.monotonic()
    serve = subprocess.Popen([str(checkout / ".venv/bin/peerbot"), "serve"], cwd=checkout, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base, seen = f"http://127.0.0.1:{port}", set()
    while time.monotonic() - started < 600 and serve.poll() is None:
        state = (get(base + "/healthz"), get(base + "/readyz"))
        if state not in seen:
            seen.add(state)
            print(f"t={time.monotonic() - started:5.1f}s  /healthz {state[0]}  /readyz {state[1]}")
        if state[1][0] == 200:
            break
        time.sleep(0.5)
    try:
        slack = SlackSender(base + "/slack/events")
        asked = time.monotonic()
        ts = f"{time.time():.6f}"  # a message of its own: the clone's records remember a message answered before
        print("mention:", slack.event(app_mention("<@U0LAN0Z89> how did others build trust between boards?", ts=ts)).status)
        print("/peer alone:", slack.command(slash_command("/peer", "", double.url + "response/1")).body[:80])
        print("bad signature:", slack.event(app_mention("hi"), signature="v0=bad").status)
        posted = double.wait_for("chat.postMessage", timeout=300)
        print(f"answer posted after {time.monotonic() - asked:.1f}s:", posted[0]["text"][:70])
    finally:
        serve.send_signal(signal.SIGTERM)
        log, _ = serve.communicate(timeout=90)
        print(f"serve exited {serve.returncode}; its log:\n{log}")
        double.stop()


if __name__ == "__main__":
    main()
