"""A stop with a deadline: once a long-running process (`serve`, `schedule`) is told to stop, it
exits by a given time whatever still holds it (a post Slack never answers, one rate-limited for
minutes). Nothing is lost by that: the inbox keeps what was acknowledged and the digest ledger keeps
each claimed post, so the next start finishes what was cut short."""

from __future__ import annotations

import os
import sys
import threading

from bot.unblocked_output import drain_stderr

CLOCK_SECONDS = 10.0  # after SIGTERM `peerbot schedule` exits by then, a post to a slow destination cut short (the
# ledger keeps its claim: the next run finds it in progress, then looks for it once the claim's lease lapses)


def arm(seconds: float, unfinished: str) -> threading.Timer:
    """Exit with status 0 `seconds` from now, saying `peerbot: still stopping after N s: exiting now;
    {unfinished}` (a daemon timer: a stop that finishes sooner ends the process first)."""
    timer = threading.Timer(seconds, _exit_now, (seconds, unfinished))
    timer.daemon = True
    timer.start()
    return timer


def _exit_now(seconds: float, unfinished: str) -> None:
    print(f"peerbot: still stopping after {seconds:.0f} s: exiting now; {unfinished}", file=sys.stderr, flush=True)
    drain_stderr()
    os._exit(0)
