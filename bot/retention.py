"""Storage limitation: peerbot's records are kept PEERBOT_RETENTION_DAYS and erased on request.

`expire` deletes the question, feedback, event and thread records older than the retention
period, and erases the inbox's requests accepted before it and not answered yet; `peerbot serve` and `peerbot schedule` call it when they start and daily while they run.
`peerbot forget --channel ID` and `--before DATE` erase on request (StateStore.erase_channel,
erase_before). Each reports how many records went.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.records import stamp
from bot.settings import Settings
from bot.state import log_failure

if TYPE_CHECKING:  # `peerbot serve` checks the setting before opening the database
    from bot.state import StateStore

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
NOUNS = {  # table -> (one, many), for reports
    "questions": ("question", "questions"), "feedback": ("feedback click", "feedback clicks"),
    "events_seen": ("event", "events"), "threads": ("thread", "threads"),
    "conversations": ("Teams conversation", "Teams conversations"), "digests": ("digest record", "digest records"),
    "answer_watches": ("waiting asker", "waiting askers"), "lessons": ("lesson", "lessons"),
    "inbox": ("unanswered request", "unanswered requests"),
}


def retention(settings: Settings) -> timedelta:
    return timedelta(days=settings.retention_days)


def expire(state: StateStore, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Delete the records older than the retention period and log how many went."""
    counts = state.erase_before(stamp((now or datetime.now(UTC)) - retention(settings)))
    if any(counts.values()):
        log.info("retention (%d days): deleted %s", settings.retention_days, described(counts))
    return counts


async def expire_daily(state: StateStore, settings: Settings, every: float = DAY.total_seconds()) -> None:
    """Expire old records once a day (every `every` seconds) until cancelled (inside `peerbot serve`)."""
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(expire, state, settings)
        except Exception as e:  # a locked or broken database: say so, try again tomorrow
            log_failure(log, e, "retention: could not delete old records")


def described(counts: dict[str, int]) -> str:
    """E.g. "3 questions, 1 feedback click, 0 events, 0 threads"."""
    return ", ".join(f"{n} {NOUNS[table][0] if n == 1 else NOUNS[table][1]}" for table, n in counts.items())
