"""The Slack Web API double (tests/slack_double.py) in a process of its own, for bench_slack.py.

Run by the benchmark, not by hand: prints `{"api_url": ...}` once it listens, then one JSON line
`[channel, thread_ts, at]` per successful `chat.postMessage` as it arrives (`at`: its
`time.perf_counter()`, CLOCK_MONOTONIC on Linux, so comparable with the benchmark's own clock),
and stops when its standard input closes. In its own process the double neither shares the
benchmark's interpreter lock with the senders nor slows them down; it still shares the cores.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from slack_double import Call, SlackDouble  # noqa: E402

_lock = threading.Lock()


def _tell(call: Call) -> None:
    if call.method == "chat.postMessage" and call.ok:
        line = json.dumps([call.params.get("channel"), call.params.get("thread_ts"), call.at])
        with _lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


def main() -> None:
    with SlackDouble() as double:
        double.listeners.append(_tell)
        with _lock:
            print(json.dumps({"api_url": double.api_url}), flush=True)
        sys.stdin.read()  # until the benchmark closes it


if __name__ == "__main__":
    main()
