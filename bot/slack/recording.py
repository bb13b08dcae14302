"""Recording a click before it is acknowledged, within the seconds Slack waits for the acknowledgement.

Slack never sends a click again, so one acknowledged must already be recorded (a restart right after
would lose it), and one that cannot be recorded in time (a lock another process holds on
`peerbot.db`) is refused with 503 while Slack still waits, so that its user sees it failed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TypeVar

from bot.service import Cutoff, NotRecorded

T = TypeVar("T")
RECORD_SECONDS = 2.0  # a click recorded before its acknowledgement, which Slack waits 3 s for
LANDING_SECONDS = 0.5  # a click's write committing as RECORD_SECONDS ran out gets this long more


async def before_ack(record: Callable[..., T], *args: object, cutoff: Cutoff | None = None) -> T:
    """`record(*args)` on a worker thread within RECORD_SECONDS; NotRecorded when the records database
    does not answer in time (a lock another process holds), so that the click is refused (503) while
    Slack still waits, not acknowledged and then lost. With `cutoff` (given to `record` too), a
    refused write does not land later; one already committing as the time runs out is waited for
    (LANDING_SECONDS more at most). Without it the write may still land: it must be idempotent."""
    writing = asyncio.ensure_future(asyncio.to_thread(record, *args))
    writing.add_done_callback(_retrieved)
    try:
        return await asyncio.wait_for(asyncio.shield(writing), RECORD_SECONDS)
    except TimeoutError:
        if cutoff is not None and not cutoff.give_up():  # committing as the time ran out: its outcome is the answer
            with contextlib.suppress(TimeoutError):
                return await asyncio.wait_for(asyncio.shield(writing), LANDING_SECONDS)
        raise NotRecorded(f"the records database did not answer within {RECORD_SECONDS:g} s") from None


def _retrieved(future: asyncio.Future) -> None:
    """A write given up on that fails later has nobody to tell: its error is not left unretrieved."""
    if not future.cancelled():
        future.exception()
