"""The ways a delivery fails that its worker and the adapters tell apart: a post that did not go
through (worth trying again or not), one another worker took over, one held elsewhere, and a
delivery the records database could not record."""

from __future__ import annotations

from bot.state import unavailable, unavailable_line


class DeliveryFailed(Exception):
    """A post did not go through. `retry`: trying again may work (Slack's internal_error, a
    timeout); else it never will (the blocks refused), so the asker gets the apology at once.
    `apologise`: False when the apology could not get there either (Slack refuses every post in
    that conversation: the channel is gone, peerbot is not in it), so none is tried. `after`: the
    seconds the platform asked to be left alone (a 429's or 503's Retry-After); the next try waits
    at least that long."""

    def __init__(self, reason: str, *, retry: bool = True, apologise: bool = True, after: float = 0.0):
        super().__init__(reason)
        self.retry = retry
        self.apologise = apologise
        self.after = after


class NotRecorded(Exception):
    """A delivery could not be written to the inbox (the records database is unavailable): it must
    not be acknowledged, so that the platform sends it again."""


def not_recorded(error: BaseException) -> NotRecorded | None:
    """`error` as NotRecorded when it means the records database is unavailable (a stopped
    PostgreSQL, a locked SQLite file); None for any other error."""
    if isinstance(error, NotRecorded):
        return error
    return NotRecorded(unavailable_line(error)) if unavailable(error) else None


class Superseded(DeliveryFailed):
    """Another worker has taken the item over (this one stalled past its lease), or it was erased
    (`peerbot forget`, retention): post nothing."""

    def __init__(self, key: str):
        super().__init__(f"another worker took {key} over, or it was erased", retry=False)


class HeldElsewhere(Exception):
    """Another worker holds a one-off post (`Worker.hold`) and may be posting it now: the platform
    should send the request again, to find it posted, or free once that worker's lease runs out."""
