"""peerbot's own records: `peerbot migrate` brings their database schema up to date (a release
step); `peerbot forget` erases the records of one channel, or all records before a date."""

from __future__ import annotations

import argparse
from datetime import datetime, time

from bot.cli.common import date_option, say
from bot.setting_values import quoted
from bot.settings import Settings
from bot.typed_words import typed_words


def register(commands: argparse._SubParsersAction) -> None:
    migrate = commands.add_parser(
        "migrate", help="apply peerbot's database migrations (a release step) and say what was done",
        description="Apply the numbered migrations of peerbot's own records (`PEERBOT_DATA_DIR/peerbot.db`, or the "
        "`DATABASE_URL` database) that are not applied yet, and print what was done: the database created, migrated "
        "from an older schema (naming the migrations applied), or already up to date, with where they are (`DATABASE_URL` as "
        "given, its password masked) and the schema version; with "
        "`SLACK_CLIENT_ID` set, create the Slack installation tables too. `serve`, `schedule` and the other commands "
        "do the same when they open the database; a deployment runs it once per release, before the new processes "
        "start (README: Deployment). Neither the model nor the index is loaded.",
    )
    migrate.set_defaults(handler=cmd_migrate)
    forget = commands.add_parser(
        "forget", help="erase peerbot's records of one channel, or all records before a date",
        description="Erase on request, from peerbot's own records (`PEERBOT_DATA_DIR/peerbot.db`, or the `DATABASE_URL` "
        "database), and print how many went from each. `--channel ID`: every record of one channel or conversation "
        "(a Slack channel or DM id, a Teams conversation id): its questions, their feedback and waiting askers, the "
        "lessons saved from it, its threads, its Teams reference and digest ledger, and its requests waiting in the "
        "inbox to be answered, which are then never answered. `--before DATE`: every question, feedback, event, "
        "thread and waiting-asker record dated before `DATE` (`YYYY-MM-DD`, a day in `DIGEST_TIMEZONE`, as for "
        "`digest --since`), lessons decided before it, and requests accepted before it and still waiting in the "
        "inbox (README: Data we keep).",
    )
    target = forget.add_mutually_exclusive_group(required=True)
    target.add_argument("--channel", metavar="ID", type=_channel_option,
                        help="a Slack channel or DM id (C…, G…, D…) or a Teams conversation id")
    target.add_argument("--before", metavar="DATE", type=date_option, help="a date, YYYY-MM-DD: records before its start in DIGEST_TIMEZONE go")
    forget.set_defaults(handler=cmd_forget)


def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import open_state
    from bot.digest.config import time_zone
    from bot.records import stamp
    from bot.retention import described

    if args.before is not None:
        zone = time_zone(settings.digest_timezone)
        if args.before > datetime.now(zone).date():  # a mistaken command line: usage, exit status 2
            args.command_parser.error(f"argument --before: {args.before} is in the future; give today's date to erase "
                                      "everything before today")
    state = open_state(settings)
    try:
        if args.channel is not None:
            counts, what = state.erase_channel(args.channel, inbox_channel), f"of {args.channel}"
        else:
            counts = state.erase_before(stamp(datetime.combine(args.before, time(0), tzinfo=zone)))
            what = f"before {args.before} ({zone.key})"
    finally:
        state.close()
    say(f"Erased the records {what}: {described(counts)}.")
    return 0


def inbox_channel(kind: str, payload: dict) -> str | None:
    """The channel or conversation a pending inbox item belongs to, read by the adapter that answers it."""
    from bot.slack.handlers import channel_of
    from bot.teams.inbox_items import conversation_of

    return channel_of(kind, payload) or conversation_of(kind, payload)


def _channel_option(text: str) -> str:
    """The id as typed plainly (`bot.typed_words`): `Ｃ０ＡＢ１２ＣＤ`, `C\u200b0AB12CD` or a Cyrillic `С` would
    erase the records of no channel while saying it erased them."""
    channel = typed_words(text).strip()
    if not channel or any(c.isspace() for c in channel):
        raise argparse.ArgumentTypeError(f"must be one channel or conversation id, got {quoted(text)}")
    return channel


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import check_data_dir, open_state
    from bot.slack.config import oauth_config
    from bot.state import STATE_MIGRATIONS, migrated_database
    from bot.state.engines import shown
    from bot.state.file import recorded_migrations

    check_data_dir(settings)
    oauth = oauth_config(settings)  # a partial OAuth setup is refused before the database is touched
    before = recorded_migrations(settings.state_database)
    # opening applies what is missing, under the engine's lock. Without PEERBOT_HASH_KEY no key is made
    # here: the release step of a deployment whose web and clock set it would fix one they then refuse
    if settings.hash_key:
        state = open_state(settings)  # and checks the key against the database's
        engine = state.engine
    else:
        engine = migrated_database(settings.state_database)
    try:
        say(migrated_line(before, [m.__name__ for m in STATE_MIGRATIONS], shown(settings.state_database)))
        if oauth is not None:  # installed into many workspaces: Bolt's tables, before the replicas race to make them
            from bot.slack.installations import Installations, SignedStates

            Installations(oauth.client_id, engine).create_tables()
            SignedStates(oauth.state_secret, engine).create_tables()
            print("Slack installation tables are in place.")
    finally:
        engine.dispose()
    return 0


def migrated_line(before: set[str] | None, names: list[str], where: str) -> str:
    """What `migrate` did, from the migrations recorded before it ran (None: not known)."""
    latest, applied = names[-1], [name for name in names if before is not None and name not in before]
    if before is not None and not before:
        return f"Created peerbot's records at {where}: schema {latest} ({len(names)} migrations applied)."
    if applied:
        earlier = max(before or (), default="none")
        return (f"Migrated peerbot's records at {where} from schema {earlier} to {latest} ({len(applied)} "
                f"{'migration' if len(applied) == 1 else 'migrations'} applied: {', '.join(applied)}).")
    return f"peerbot's records at {where} are up to date: schema {latest} ({len(names)} migrations)."
