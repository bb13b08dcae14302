"""The scheduler, on a frozen clock: APScheduler's own loop decides what runs, and nothing sleeps.

As APScheduler's own tests do, the clock is injected by replacing `datetime` in the modules that
read it (the scheduler loop and the executor's misfire check); our code gets the same clock.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from slack_double import BOT_TOKEN, SlackDouble

from bot.cli.digest import scheduled_run
from bot.corpus import open_state
from bot.digest.config import DigestConfig
from bot.digest.posting import Outcome, PostReport
from bot.digest.schedule import JOB_ID, RETRY_AFTER, RETRY_ID, build_scheduler, grace_seconds
from bot.digest.week import Week
from bot.settings import Settings

LONDON = ZoneInfo("Europe/London")
CONFIG = DigestConfig(channels=("C1",), weekday=1, at=time(9, 0), zone=LONDON)
MONDAY_9 = datetime(2026, 6, 15, 9, 0, tzinfo=LONDON)  # 2026-W25, British Summer Time (08:00 UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(MONDAY_9)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock.now.astimezone(tz)

    monkeypatch.setattr("apscheduler.schedulers.base.datetime", FrozenDatetime)
    monkeypatch.setattr("apscheduler.executors.base.datetime", FrozenDatetime)
    return clock


class Runs:
    """The digest job's stand-in: records each week it is asked to post; its first `failing` runs
    leave a destination failed, later ones post."""

    def __init__(self, failing: int = 0):
        self.weeks: list[Week] = []
        self.failing = failing

    def __call__(self, week: Week) -> PostReport | None:
        self.weeks.append(week)
        if len(self.weeks) > self.failing:
            return None
        return PostReport(str(week), (Outcome("slack:C1", "failed", "slack:C1: failed"),))


def run_jobs(scheduler, clock: Clock, count: int = 1, advance: timedelta = RETRY_AFTER,
             guard: float = 10) -> tuple[list[int], dict]:
    """Start the (blocking) scheduler until `count` job events (executed, failed or missed); between
    events the clock moves on by `advance` and the scheduler is woken, so a job due then runs at once.
    Returns the events and, read once the scheduler has settled, the next run of each job."""
    events: list[int] = []
    done = threading.Event()

    def on_event(event) -> None:
        events.append(event.code)
        if len(events) == count:
            done.set()
        else:
            clock.now += advance
            scheduler.wakeup()

    scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    thread = threading.Thread(target=scheduler.start, daemon=True)
    thread.start()
    finished = done.wait(guard)  # a guard against a hang, not a timing assertion: every job is due at once
    retry = scheduler.get_job(RETRY_ID)  # waits for the scheduler's loop to finish updating its jobs
    after = {"next": scheduler.get_job(JOB_ID).next_run_time, "retry": retry.next_run_time if retry else None}
    scheduler.shutdown(wait=False)
    thread.join(10)
    assert finished, f"the scheduler stopped after {len(events)} of {count} job events"
    return events, after


def test_the_first_run_is_the_configured_day_and_time_in_the_configured_zone(clock):
    clock.now = datetime(2026, 6, 15, 8, 0, tzinfo=LONDON)  # Monday, an hour before
    job = build_scheduler(CONFIG, Runs(), clock).get_job(JOB_ID)
    assert job.next_run_time == MONDAY_9 and job.next_run_time.utcoffset() == timedelta(hours=1)
    assert job.coalesce is True and job.max_instances == 1
    assert job.misfire_grace_time == grace_seconds(CONFIG) == int(timedelta(days=6, hours=14).total_seconds())
    winter = DigestConfig(("C1",), 5, time(17, 30), ZoneInfo("America/New_York"))
    clock.now = datetime(2026, 12, 1, tzinfo=ZoneInfo("UTC"))  # a Tuesday
    assert build_scheduler(winter, Runs(), clock).get_job(JOB_ID).next_run_time == datetime(
        2026, 12, 4, 17, 30, tzinfo=ZoneInfo("America/New_York"))


def test_the_job_fires_at_the_configured_time_for_that_week_then_waits_a_week(clock):
    clock.now = MONDAY_9
    runs = Runs()
    events, after = run_jobs(build_scheduler(CONFIG, runs, clock), clock)
    assert events == [EVENT_JOB_EXECUTED] and runs.weeks == [Week(2026, 25)]
    assert after == {"next": MONDAY_9 + timedelta(days=7), "retry": None}


def test_a_digest_missed_while_the_process_was_down_is_sent_when_it_comes_back_that_week(clock):
    clock.now = MONDAY_9 + timedelta(days=4, hours=5)  # back on Friday afternoon
    runs = Runs()
    events, after = run_jobs(build_scheduler(CONFIG, runs, clock), clock)
    assert events == [EVENT_JOB_EXECUTED] and runs.weeks == [Week(2026, 25)]
    assert after["next"] == MONDAY_9 + timedelta(days=7)


def test_the_grace_period_ends_before_the_week_does(clock):
    clock.now = MONDAY_9 + timedelta(days=6, hours=14, minutes=30)  # back on Sunday at 23:30
    runs = Runs()
    events, after = run_jobs(build_scheduler(CONFIG, runs, clock), clock)
    assert events == [EVENT_JOB_MISSED] and runs.weeks == []
    assert after["next"] == MONDAY_9 + timedelta(days=7)


def test_a_digest_missed_last_week_is_not_sent_this_week(clock):
    clock.now = MONDAY_9 + timedelta(days=7, hours=-1)  # back the next Monday at 08:00, before that week's time
    job = build_scheduler(CONFIG, Runs(), clock).get_job(JOB_ID)
    assert job.next_run_time == MONDAY_9 + timedelta(days=7)


def test_failed_posts_are_retried_later_the_same_week(clock):
    clock.now = MONDAY_9
    runs = Runs(failing=1)
    scheduler = build_scheduler(CONFIG, runs, clock)
    events, after = run_jobs(scheduler, clock, count=1)
    assert events == [EVENT_JOB_EXECUTED]
    assert after["retry"] == MONDAY_9 + RETRY_AFTER  # the first run failed somewhere: a retry in 30 minutes


def test_the_retry_runs_for_the_same_week_and_posts_what_failed(clock):
    clock.now = MONDAY_9
    runs = Runs(failing=1)
    events, after = run_jobs(build_scheduler(CONFIG, runs, clock), clock, count=2)
    assert events == [EVENT_JOB_EXECUTED, EVENT_JOB_EXECUTED]
    assert runs.weeks == [Week(2026, 25), Week(2026, 25)]
    assert after == {"next": MONDAY_9 + timedelta(days=7), "retry": None}


def test_no_retry_is_scheduled_past_the_end_of_the_week(clock, caplog):
    late = DigestConfig(("C1",), 7, time(23, 30), LONDON)  # Sundays at 23:30: a retry would fall in next week
    clock.now = datetime(2026, 6, 21, 23, 30, tzinfo=LONDON)
    runs = Runs(failing=1)
    events, after = run_jobs(build_scheduler(late, runs, clock), clock)
    assert events == [EVENT_JOB_EXECUTED] and runs.weeks == [Week(2026, 25)] and after["retry"] is None
    assert "no time left this week to retry" in caplog.text


def test_a_job_that_raises_is_logged_and_the_schedule_goes_on(clock, caplog):
    clock.now = MONDAY_9

    def broken(week: Week) -> PostReport | None:
        raise RuntimeError("index unreadable")

    events, after = run_jobs(build_scheduler(CONFIG, broken, clock), clock)
    assert "the weekly digest for 2026-W25 failed" in caplog.text and "index unreadable" in caplog.text
    assert events == [EVENT_JOB_EXECUTED] and after == {"next": MONDAY_9 + timedelta(days=7), "retry": None}


def test_the_schedule_settings_default_to_monday_9am_london_and_accept_day_names():
    from bot.settings import Settings

    default = DigestConfig.from_settings(Settings.from_env({}))
    assert (default.channels, default.weekday, default.at, default.zone.key) == ((), 1, time(9, 0), "Europe/London")
    assert default.describe() == "Mon 09:00 Europe/London"
    custom = DigestConfig.from_settings(Settings.from_env({
        "DIGEST_CHANNELS": " C0AAA1111 , G0BBB2222,C0AAA1111,", "DIGEST_DAY": "Friday", "DIGEST_TIME": "7:05",
        "DIGEST_TIMEZONE": "America/New_York",
    }))
    assert custom.channels == ("C0AAA1111", "G0BBB2222") and custom.weekday == 5 and custom.at == time(7, 5)
    assert custom.send_time(Week(2026, 49)) == datetime(2026, 12, 4, 7, 5, tzinfo=ZoneInfo("America/New_York"))


# -- the clock process's real run (bot.cli.digest.scheduled_run) against the Slack Web API double ------------

@pytest.fixture
def slack():
    with SlackDouble() as double:
        yield double


def clock_run(settings: Settings, slack: SlackDouble, clock: Clock, *channels: str):
    """The weekly job as `peerbot schedule` runs it, posting to `channels` through the double."""
    posting = dataclasses.replace(settings, slack_bot_token=BOT_TOKEN, slack_api_url=slack.api_url,
                                  digest_channels=",".join(channels))
    config = dataclasses.replace(CONFIG, channels=channels)
    return config, scheduled_run(posting, config, clock)


def ledger(settings: Settings) -> dict[str, str]:
    state = open_state(settings)
    try:
        return {r.destination: r.status for r in state.digest_records("2026-W25")}
    finally:
        state.close()


@pytest.mark.parametrize("arrived", [True, False], ids=["arrived", "lost"])
@pytest.mark.parametrize("fault", ["drop", "http"], ids=["connection-dropped", "http-503"])
def test_a_post_whose_outcome_is_unknown_is_settled_by_the_clocks_next_run_and_never_posted_twice(
        clock, settings, slack, arrived, fault):
    """Slack's answer to the post lost (the connection dropped after sending), or a 503 from Slack's
    side: the post may be in the channel. With a history scope the clock process's next run looks for
    it, records it as posted when it is there and posts it when it is not: one post either way."""
    clock.now = MONDAY_9
    slack.scopes.add("channels:history")
    slack.fault("chat.postMessage", fault, status=503, took_effect=arrived)
    config, run = clock_run(settings, slack, clock, "C0AAA1111")
    events, after = run_jobs(build_scheduler(config, run, clock), clock, count=2, guard=120)
    assert events == [EVENT_JOB_EXECUTED, EVENT_JOB_EXECUTED] and after["retry"] is None
    assert len(slack.posted) == 1
    assert len(slack.calls_to("conversations.history")) == 1  # looked for once, by the second run
    assert ledger(settings) == {"slack:C0AAA1111": "sent"}


def test_a_post_slack_refuses_is_not_posted_and_not_looked_for(clock, settings, slack):
    """A 4xx or an error code (not a 5xx): nothing was posted, so the next run posts it without looking."""
    clock.now = MONDAY_9
    slack.scopes.add("channels:history")
    slack.fail("chat.postMessage", "channel_not_found", times=1)
    config, run = clock_run(settings, slack, clock, "C0AAA1111")
    events, after = run_jobs(build_scheduler(config, run, clock), clock, count=2, guard=120)
    assert events == [EVENT_JOB_EXECUTED, EVENT_JOB_EXECUTED] and after["retry"] is None
    assert len(slack.posted) == 1 and not slack.calls_to("conversations.history")
    assert ledger(settings) == {"slack:C0AAA1111": "sent"}


def test_without_a_history_scope_an_unknown_post_is_left_unconfirmed_and_said_once(clock, settings, slack, caplog):
    """The manifest's scopes cannot read a channel: the next run tries to look, cannot, leaves the
    post unconfirmed and says so; the runs after it (retrying another channel) do not say it again,
    and nothing is posted twice."""
    clock.now = MONDAY_9
    slack.fault("chat.postMessage", "drop", took_effect=True, times=1)
    slack.fail("chat.postMessage", "channel_not_found", channel="C0GONE333", times=2)
    config, run = clock_run(settings, slack, clock, "C0AAA1111", "C0GONE333")
    caplog.set_level("INFO")
    events, after = run_jobs(build_scheduler(config, run, clock), clock, count=3, guard=180)
    assert events == [EVENT_JOB_EXECUTED] * 3 and after["retry"] is None
    assert [m["channel"] for m in slack.posted] == ["C0AAA1111", "C0GONE333"]  # each once
    assert caplog.text.count("slack:C0AAA1111: an earlier post may have arrived") == 1, caplog.text
    assert ledger(settings) == {"slack:C0AAA1111": "unconfirmed", "slack:C0GONE333": "sent"}
