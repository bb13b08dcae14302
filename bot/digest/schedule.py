"""Running the weekly digest on schedule: APScheduler 3 in its own process (`peerbot schedule`).

A cron trigger fires at the configured day and time in the configured zone. A digest missed
while the process was down is caught up when it comes back the same week: the first run is set
to this week's (past) time, and the misfire grace period, which lasts until the week is nearly
over, lets APScheduler run it at once (coalesced into one run). Posting is exactly-once per
(week, destination), so a catch-up after an on-time post does nothing. A run with failed posts, or
with a post whose outcome is unknown (Slack's answer lost, or a 5xx) that can still be looked for,
is run again RETRY_AFTER later, while the week lasts: it posts what failed, and looks for the
unknown one (conversations.history), posting it only if it is not there.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import stop_deadline, stopping
from bot.digest.config import DigestConfig
from bot.digest.posting import PostReport
from bot.digest.week import Week
from bot.stop_deadline import CLOCK_SECONDS as STOP_SECONDS

log = logging.getLogger(__name__)

JOB_ID = "weekly-digest"
RETRY_ID = "weekly-digest-retry"
DAILY_ID = "daily-retention"
RETRY_AFTER = timedelta(minutes=30)
SAFETY = timedelta(hours=1)  # grace ends this long before the week does (a clock change shortens a week)

Run = Callable[[Week], PostReport | None]  # post a week's digest; the report, if it posted at all
Clock = Callable[[], datetime]


def grace_seconds(config: DigestConfig) -> int:
    """From the weekly send time to (nearly) the end of its week."""
    sent = timedelta(days=config.weekday - 1, hours=config.at.hour, minutes=config.at.minute)
    return max(int((timedelta(days=7) - sent - SAFETY).total_seconds()), 60)


def build_scheduler(
    config: DigestConfig, run: Run, clock: Clock, daily: Callable[[], None] | None = None,
) -> BlockingScheduler:
    """A scheduler with the weekly digest job and, when given, `daily` (retention) every 24 hours
    from a day after the start; `clock()` is now, as an aware datetime."""
    scheduler = BlockingScheduler(timezone=config.zone)
    trigger = CronTrigger(day_of_week=config.day, hour=config.at.hour, minute=config.at.minute, timezone=config.zone)
    now = clock().astimezone(config.zone)
    due = config.send_time(config.week_of(now))
    first = due if due <= now else trigger.get_next_fire_time(None, now)

    def weekly() -> None:
        _run(scheduler, config, run, clock, config.week_of(clock()))

    scheduler.add_job(
        weekly, trigger, id=JOB_ID, name="weekly digest", next_run_time=first,
        coalesce=True, max_instances=1, misfire_grace_time=grace_seconds(config),
    )
    if daily:
        scheduler.add_job(daily, "interval", days=1, id=DAILY_ID, name="daily retention", coalesce=True, max_instances=1)
    return scheduler


def run_schedule(
    config: DigestConfig, run: Run, clock: Clock, started: Callable[[datetime], None],
    daily: Callable[[], None] | None = None,
) -> None:
    """Run until SIGINT or SIGTERM (then for at most `STOP_SECONDS` more: a digest post rate-limited
    for minutes, or never answered, does not hold the stop); `started(next_run_time)` is called once
    the job is scheduled."""
    scheduler = build_scheduler(config, run, clock, daily)

    def stop(signum: int, _frame: object) -> None:
        if stopping.received() is not None:
            return  # already stopping: a later signal is ignored
        stopping.requested(signum)
        if not scheduler.running:  # not started yet: start() would wait for ever, so unwind from here
            raise stopping.Stopped(signum)
        stop_deadline.arm(STOP_SECONDS, "a digest post cut short is claimed in the ledger and settled by the next run")
        # from another thread: this handler may have interrupted the main thread holding a lock that
        # shutting down takes (the scheduler's wake-up event's, its executor's), which would wait for ever
        threading.Thread(target=_shut_down, args=(scheduler,), name="peerbot-schedule-stop").start()

    previous = {sig: signal.signal(sig, stop) for sig in stopping.SIGNALS}
    try:
        started(scheduler.get_job(JOB_ID).next_run_time)
        scheduler.start()
    finally:
        for sig, handler in previous.items():
            if handler is not None:
                signal.signal(sig, handler)


def _shut_down(scheduler: BlockingScheduler) -> None:
    with contextlib.suppress(SchedulerNotRunningError):  # it stopped meanwhile
        scheduler.shutdown(wait=False)


def _run(scheduler: BlockingScheduler, config: DigestConfig, run: Run, clock: Clock, week: Week) -> None:
    try:
        report = run(week)
    except Exception:
        log.exception("the weekly digest for %s failed", week)
        return
    if report is None or not report.retryable:
        return
    retry_at = clock().astimezone(config.zone) + RETRY_AFTER
    if config.week_of(retry_at) != week:
        log.warning("the digest for %s still failed or is unconfirmed somewhere; no time left this week to retry", week)
        return
    log.info("retrying the digest for %s at %s", week, retry_at)
    scheduler.add_job(
        _run, "date", run_date=retry_at, args=(scheduler, config, run, clock, week), id=RETRY_ID,
        name=f"weekly digest retry ({week})", replace_existing=True, misfire_grace_time=grace_seconds(config),
    )
