"""`peerbot digest` and `peerbot schedule`: the weekly digest, previewed, posted now, or posted on
schedule (the clock process). Here the digest core (bot/digest/) meets its destinations, which
live with their adapters (bot/slack/digest.py, bot/teams/digest.py); each posting run is one
asyncio run, like `peerbot serve`."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, date_option, log_with_timestamps, print_build_report, say
from bot.settings import Settings
from bot.stop_deadline import CLOCK_SECONDS

if TYPE_CHECKING:
    from bot.contacts.file import Contacts
    from bot.digest.config import DigestConfig
    from bot.digest.model import DigestDestination
    from bot.digest.posting import PostReport
    from bot.digest.week import Week
    from bot.state import StateStore

log = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    digest = commands.add_parser(
        "digest", help="preview the weekly digest, or post it now to its destinations",
        description="The weekly digest: new and updated lessons, the enabler of the week, what people asked, "
        "knowledge gaps and people to talk to (README: Weekly digest). `--preview` prints a week's digest as text or "
        "one JSON object: by default this week's, the one `--post` sends now (its first line says which week and "
        "the next one due); "
        "`--since` covers from that date until now; `--workspace` "
        "shows it as a destination in that Slack workspace (`T…`) or Teams team gets it (without it, public "
        "questions from every workspace are shown); nothing is posted or recorded; when the knowledge folder has changed "
        "since the index was built it says so in one line (run `peerbot index` to include the changes). `--post` posts this week's "
        "digest now to every destination that has not had it, one line per destination (posted or already posted on "
        "standard output; failed and why, on standard error as `peerbot: error: ...`), then a summary; exit status 1 "
        "when any failed. A post that was sent but whose answer was lost (a dropped "
        "connection, a time-out, a Slack 5xx) may have arrived, so it is never posted again blindly: the next `--post` "
        "(or the clock's next run) looks for "
        "it (a Slack channel can be read only with a history scope) and otherwise says so; once you have checked "
        "the channel, `--post --resend DESTINATION` posts it again.",
    )
    action = digest.add_mutually_exclusive_group(required=True)
    action.add_argument("--preview", action="store_true", help="print the digest; nothing is posted or recorded")
    action.add_argument("--post", action="store_true",
                        help="post this week's digest now to every destination that has not had it")
    digest.add_argument("--resend", metavar="DESTINATION", action="append", default=[],
                        help="with --post: post again to this destination (as --post names it, e.g. slack:C0123ABCD) "
                        "when an earlier post may have arrived; check it is not there first (repeatable)")
    digest.add_argument("--json", action="store_true", help="with --preview: print the digest as one JSON object")
    window = digest.add_mutually_exclusive_group()
    window.add_argument("--week", metavar="YYYY-Www", type=_week_option, help="with --preview: another week's digest, e.g. 2026-W47")
    window.add_argument("--since", metavar="DATE", type=date_option, help="with --preview: cover from the start of DATE (YYYY-MM-DD, a day in "
                        "DIGEST_TIMEZONE) until now")
    digest.add_argument("--workspace", metavar="ID",
                        help="with --preview: the digest as a destination in this Slack workspace (T…) or Teams team "
                        "(its General channel's id) gets it; without it, questions from every workspace's public "
                        "channels are shown")
    digest.set_defaults(handler=cmd_digest, loads_model=True)

    schedule = commands.add_parser(
        "schedule", help="run the weekly digest on schedule (the clock process)",
        description="The clock process: post the digest every `DIGEST_DAY` at `DIGEST_TIME` until stopped, catching "
        "up a digest missed while it was down that same week and retrying failed posts; it also deletes records "
        "older than `PEERBOT_RETENTION_DAYS` when it starts and daily. On SIGTERM it stops within "
        f"{CLOCK_SECONDS:g} s; a post cut short is seen to by the next run (looked for first, so never posted twice).",
    )
    schedule.set_defaults(handler=cmd_schedule, loads_model=True)


def _week_option(text: str) -> Week:
    from bot.digest.week import Week, WeekError

    try:
        return Week.parse(text)
    except WeekError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.digest.config import DigestConfig

    if args.post and (args.json or args.week or args.since or args.workspace is not None):  # a mistaken command line: usage, 2
        args.command_parser.error("--json, --week, --since and --workspace go with --preview; --post always posts "
                                  "this week's digest, to each destination as its workspace may see it")
    if args.resend and not args.post:
        args.command_parser.error("--resend goes with --post")
    config = DigestConfig.from_settings(settings)
    if args.post:
        report = asyncio.run(post_now(settings, config, resend=frozenset(args.resend)))
        print_report(report)
        return 0 if report.ok else 1
    return preview(args, settings, config)


def print_report(report: PostReport) -> None:
    """One line per destination: posted or already posted on standard output, a failure (or a post
    that may have arrived) on standard error as `peerbot: error: ...`; then the summary on standard
    output."""
    *lines, summary = report.lines()
    for outcome, line in zip(report.outcomes, lines, strict=True):
        if outcome.ok:
            say(line)
        else:
            say(f"peerbot: error: {line}", err=True)
    print(summary, flush=True)


def preview(args: argparse.Namespace, settings: Settings, config: DigestConfig) -> int:
    from bot.corpus import open_corpus, open_state
    from bot.digest import messages
    from bot.digest.gather import compose_week
    from bot.digest.model import EVERYONE, DigestError, is_workspace, workspace_audience
    from bot.plaintext.digest import render_digest
    from index import pending_changes

    week, since = args.week, args.since
    try:
        config.covering(datetime.now(UTC), week, since)  # a mistaken command line fails before the model loads
    except DigestError as e:  # `--since` today or later
        args.command_parser.error(f"argument --since: {e}")
    state = open_state(settings)
    try:
        teams = state.conversations("teams")
        if args.workspace is not None and not is_workspace(args.workspace, teams):  # `--workspace ""` too
            args.command_parser.error(messages.not_a_workspace(args.workspace))
        audience = workspace_audience(args.workspace, teams) if args.workspace is not None else EVERYONE
        corpus, report = open_corpus(settings, withdrawals=state)
        if report:
            print_build_report(report)
        elif behind := pending_changes(settings.knowledge_dir, settings.index_dir):
            say(f"peerbot: warning: {messages.index_behind(behind.added, behind.updated, behind.removed, behind.enablers)}",
                err=True)
        week, start, end = config.covering(datetime.now(UTC), week, since)  # "until now" includes a first build
        digest = dataclasses.replace(compose_week(corpus, state, week, start, end, audience), since=since is not None)
    finally:
        state.close()
    if args.json:
        print(json.dumps(digest.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if not (args.week or since):  # the same week `--post` would choose now, said first
        say(messages.preview_of_post(week, config.next_due(datetime.now(UTC))))
    print(render_digest(digest), end="")
    return 0


def destinations(settings: Settings, config: DigestConfig, state: StateStore) -> list[DigestDestination]:
    """Every configured destination: the DIGEST_CHANNELS Slack channels, and the Teams conversations
    an admin opted in (`peerbot teams-conversations --digest-on ID`). Contacts are named, never
    mentioned: a digest is read by a channel."""
    from bot.slack.digest import slack_digest_channels
    from bot.teams.digest import teams_digest_conversations

    found: list[DigestDestination] = []
    if config.channels:
        found += slack_digest_channels(settings, config.channels, lambda: state.engine)
    return found + teams_digest_conversations(settings, lambda: state.conversations("teams", digest_only=True))


def teams_unconfigured(settings: Settings, state: StateStore, targets: list[DigestDestination]) -> int:
    """How many opted-in Teams conversations are left out for want of Teams settings, said on standard
    error when there are other destinations (without any, the caller's error says it)."""
    from bot.digest import messages
    from bot.teams.digest import unreachable_conversations

    left_out = unreachable_conversations(settings, lambda: state.conversations("teams", digest_only=True))
    if left_out and targets:
        say(f"peerbot: warning: {messages.teams_off(left_out)}", err=True)
    return left_out


async def post_now(
    settings: Settings, config: DigestConfig, week: Week | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC), resend: frozenset[str] = frozenset(),
    contacts: Callable[[], Contacts] | None = None,
) -> PostReport:
    """Post week `week`'s digest (the current week by default) to every destination that lacks it,
    and again to those of `resend` whose earlier post may have arrived; `contacts`: the reading of
    contacts.yaml to build the directory from (else the file as it is)."""
    from bot.corpus import open_corpus, open_state
    from bot.digest import messages
    from bot.digest.model import DigestError
    from bot.digest.posting import post_week

    state = open_state(settings)
    try:
        targets = destinations(settings, config, state)
        left_out = teams_unconfigured(settings, state, targets)
        if not targets:
            raise DigestError(messages.no_destinations(left_out))
        if unknown := sorted(resend - {t.key for t in targets}):
            raise DigestError(messages.not_a_destination(unknown[0], [t.key for t in targets]))
        week = week or config.week_of(clock())
        return await post_week(week, config.window(week), targets, state,
                               lambda: open_corpus(settings, contacts=contacts() if contacts else None,
                                                           withdrawals=state)[0], clock, resend)
    finally:
        state.close()


def cmd_schedule(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import open_state
    from bot.digest import messages
    from bot.digest.config import DigestConfig
    from bot.digest.schedule import run_schedule
    from bot.retention import expire

    config = DigestConfig.from_settings(settings)
    state = open_state(settings)
    try:
        targets = destinations(settings, config, state)
        left_out = teams_unconfigured(settings, state, targets)
        if not targets:
            raise CommandError(f"nothing to schedule: {messages.teams_off(left_out) if left_out else messages.DESTINATIONS_HINT}")
    except BaseException:
        state.close()
        raise
    log_with_timestamps()
    expire(state, settings)

    def started(next_run: datetime) -> None:
        when = f"{next_run:%Y-%m-%d %H:%M %Z}"
        run = (f"this week's, due {when}, is posted now if it has not gone out" if next_run <= clock()
               else f"next run {when}")
        say(f"peerbot: weekly digest every {config.describe()}; {run}", err=True)

    def clock() -> datetime:
        return datetime.now(UTC)

    def expire_daily() -> None:
        try:
            expire(state, settings)
        except Exception:  # a locked or broken database: say so, try again tomorrow
            log.exception("retention: could not delete old records")

    try:
        run_schedule(config, scheduled_run(settings, config, clock), clock, started, daily=expire_daily)
    finally:
        state.close()
    return 0


def scheduled_run(settings: Settings, config: DigestConfig, clock: Callable[[], datetime]) -> Callable[[Week], PostReport | None]:
    """The scheduler's job: post a week's digest (one asyncio run) and log the report (an expected
    failure as one line). A post whose outcome is unknown and that cannot be looked for is said once:
    the runs retrying other destinations that week do not say it again."""
    from bot.contacts.file import contacts_version, read_contacts
    from bot.digest.model import DigestError
    from bot.live_contacts import ContactsReader

    said: set[tuple[Week, str]] = set()  # (week, destination) left unconfirmed, not to be looked for again
    reader = ContactsReader(lambda: read_contacts(settings.knowledge_dir), lambda: contacts_version(settings.knowledge_dir))
    last: list[Contacts] = []  # the last good reading: a contacts.yaml damaged or gone never brings a withdrawal back

    def contacts() -> Contacts:
        last[:] = [reader.now(last[0] if last else None)]
        return last[0]

    def run(week: Week) -> PostReport | None:
        try:
            report = asyncio.run(post_now(settings, config, week, clock, contacts=contacts))
        except DigestError as e:
            log.warning("weekly digest %s: %s", week, e)
            return None
        *lines, summary = report.lines()
        for outcome, line in zip(report.outcomes, lines, strict=True):
            if outcome.status == "unconfirmed" and not outcome.look_again:
                if (week, outcome.destination) in said:
                    continue
                said.add((week, outcome.destination))
            (log.info if outcome.ok else log.warning)("%s", line)
        (log.info if report.ok else log.warning)("%s", summary)
        return report

    return run
