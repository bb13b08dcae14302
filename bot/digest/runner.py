"""Wiring for `peerbot digest` and `peerbot schedule`: settings in, a composed digest or a posting
run out. Delivery adapters are listed in `destinations`; Teams joins with one more line there."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time

from bot.answering import Answerer
from bot.digest import messages
from bot.digest.audience import EVERYONE, Audience
from bot.digest.compose import Summarise
from bot.digest.config import DigestConfig
from bot.digest.gather import gather_digest
from bot.digest.model import Digest
from bot.digest.posting import DigestDestination, PostReport, post_digest, settled
from bot.digest.week import Week
from bot.settings import Settings
from bot.state import StateStore

log = logging.getLogger(__name__)


class DigestError(Exception):
    """The digest cannot be shown or posted as asked; the message says why."""


def window(
    config: DigestConfig, now: datetime, week: Week | None = None, since: date | None = None
) -> tuple[Week, datetime, datetime]:
    """The week a digest is for and the window it covers: a week's own window (the current week
    by default), or from the start of day `since` until now."""
    if since is None:
        week = week or config.week_of(now)
        return (week, *config.window(week))
    start = datetime.combine(since, time(0), tzinfo=config.zone)
    if start >= now:
        raise DigestError(f"--since {since} is not in the past")
    return config.week_of(now), start, now.astimezone(config.zone)


def compose(
    answerer: Answerer, state: StateStore, week: Week, start: datetime, end: datetime, audience: Audience = EVERYONE,
) -> Digest:
    return gather_digest(answerer.snapshot, list(answerer.enablers.values()), state, summariser(answerer),
                         week, start, end, audience)


def summariser(answerer: Answerer) -> Summarise:
    from bot.enablers.guide import EnablerGuide

    return EnablerGuide(answerer).summarise


def destinations(settings: Settings, config: DigestConfig) -> list[DigestDestination]:
    """Every configured destination: the DIGEST_CHANNELS Slack channels, and the Teams conversations
    an admin opted in (`peerbot teams-conversations --digest-on ID`)."""
    from bot.teams.digest import teams_destinations

    found: list[DigestDestination] = []
    if config.channels:
        from bot.digest.slack_delivery import SlackDestination, slack_client, slack_mentions, token_workspace

        client = slack_client(settings)
        mentions = slack_mentions(client, settings.knowledge_dir)
        workspace = token_workspace(client)  # one auth.test for all the channels
        found += [SlackDestination(client, channel, mentions, workspace) for channel in config.channels]
    return found + teams_destinations(settings)


def post_week(
    settings: Settings, config: DigestConfig, week: Week | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> PostReport:
    """Post week `week`'s digest (the current week by default) to every destination that lacks it.
    The model and index are loaded only when some destination still needs the digest."""
    from bot.runtime import open_answerer, open_state

    targets = destinations(settings, config)
    if not targets:
        raise DigestError(messages.no_destinations())
    week = week or config.week_of(clock())
    state = open_state(settings)
    try:
        report = settled(state, str(week), targets)
        if report:
            return report
        answerer, _ = open_answerer(settings)
        try:
            if not answerer.snapshot.documents:
                raise DigestError(messages.nothing_to_post())
            return post_digest(str(week), lambda audience: compose(answerer, state, week, *config.window(week), audience),
                               targets, state, clock)
        finally:
            answerer.searcher.close()
    finally:
        state.close()


def scheduled_run(
    settings: Settings, config: DigestConfig, clock: Callable[[], datetime]
) -> Callable[[Week], PostReport | None]:
    """The scheduler's job: post a week's digest and log the report (an expected failure as one line)."""
    def run(week: Week) -> PostReport | None:
        try:
            report = post_week(settings, config, week, clock)
        except DigestError as e:
            log.warning("weekly digest %s: %s", week, e)
            return None
        for line in report.lines():
            (log.info if report.ok else log.warning)("%s", line)
        return report

    return run
