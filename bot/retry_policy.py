"""How `peerbot serve` tries a delivery again: the delays between tries and the time limits of a
try, a post, a lease and a drain."""

from __future__ import annotations

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
