"""How `peerbot serve` tries a delivery again: the delays between tries and the time limits of a
try, a post, a lease and a drain; and how long a platform's Retry-After asks it to wait."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    delays: tuple[float, ...] = (2, 5, 15, 30, 60)  # seconds before each further try
    attempt_seconds: float = 120  # one try (answering and posting) that takes longer has failed
    post_seconds: float = 30  # a post (once begun) that takes longer has failed; it may have gone out
    lease_seconds: float = 30  # a dead worker's items are taken over after this
    poll_seconds: float = 1
    drain_seconds: float = 20  # on stopping, answers in progress get this long to finish
    keep_days: float = 7  # finished items are remembered this long (redeliveries come in minutes)

    @property
    def tries(self) -> int:
        return len(self.delays) + 1


MAX_RETRY_AFTER = 60.0  # a longer wait asked for is cut to this (the post's own time limit is 30 s)
DEFAULT_RETRY_AFTER = 1.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float:
    """How long a Retry-After header asks to wait: seconds or an HTTP date, within [0, MAX_RETRY_AFTER];
    DEFAULT_RETRY_AFTER when it is missing or unreadable."""
    text = (value or "").strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
            seconds = when.timestamp() - (time.time() if now is None else now)
        except (TypeError, ValueError, IndexError, OverflowError):
            return DEFAULT_RETRY_AFTER
    if seconds != seconds:  # nan
        return DEFAULT_RETRY_AFTER
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
