"""What `peerbot forget --channel` costs with many requests waiting in the durable inbox: each
pending item's payload is read by its adapter to find the channel's (StateStore.erase_channel with
bot.cli.records.inbox_channel), inside the records' transaction, on SQLite.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/forget_inbox.py [PENDING ...]

For each PENDING (default 0 1000 10000): a fresh database with that many pending Slack mentions
and Teams messages spread over 100 channels, then one channel forgotten, three times; prints the
median seconds and the items erased.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.cli.records import inbox_channel
from bot.slack.payloads import SlackMessage
from bot.state import Inbox, StateStore

CHANNELS = 100


def filled(path: Path, pending: int) -> StateStore:
    store = StateStore(path)
    inbox = Inbox(store)
    for n in range(pending):
        channel = f"C{n % CHANNELS:08d}"
        if n % 2:
            kind, payload = "slack.message", SlackMessage(channel, f"{n}.0", "", "U1", "", False, "T1").stored()
        else:
            kind, payload = "teams.message", {"kind": "question", "conversation_id": channel, "place": "public",
                                              "workspace": "team", "thread": channel, "chat": False}
        inbox.accept(f"{kind}:{n}", kind, payload, "how did others build trust between boards?", 0)
    return store


def main(sizes: list[int]) -> None:
    for pending in sizes:
        times, erased = [], 0
        for round in range(3):
            with tempfile.TemporaryDirectory() as folder:
                store = filled(Path(folder) / "peerbot.db", pending)
                start = time.perf_counter()
                erased = store.erase_channel(f"C{round:08d}", inbox_channel)["inbox"]
                times.append(time.perf_counter() - start)
                store.close()
        print(f"{pending:>6} pending: forget --channel {statistics.median(times):.3f} s (median of 3), "
              f"{erased} erased", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [0, 1000, 10000])
