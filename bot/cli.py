"""The `peerbot` command line. Heavy libraries are imported inside commands, never at start-up."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.settings import Settings, SettingsError, describe


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit status 1."""


class _OneLine(logging.Handler):
    """What the library warns about (a damaged index set aside, a database moved aside) as one
    line on standard error: `peerbot: ...`."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"peerbot: {record.getMessage()}", file=sys.stderr, flush=True)


ONE_LINE = _OneLine(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    from index.text import clean

    for stream in (sys.stdout, sys.stderr):  # a stray undecodable byte never stops the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if ONE_LINE not in logging.getLogger().handlers:
        logging.getLogger().addHandler(ONE_LINE)
    parser = build_parser()
    args = parser.parse_args([clean(a) for a in (sys.argv[1:] if argv is None else argv)])
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        settings = Settings.from_env()
        return args.handler(args, settings) or 0
    except KeyboardInterrupt:
        print("peerbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # domain errors become one clear line; anything else is a bug
        if not _is_expected(e):
            raise
        print(f"peerbot: error: {e}", file=sys.stderr)
        return 1


def _is_expected(error: Exception) -> bool:
    from bot.contacts.file import ContactsFileError
    from bot.enablers.guide import UnknownEnabler
    from bot.digest.runner import DigestError
    from bot.evaluation import QuestionSetError
    from bot.pseudonyms import KeyMismatch
    from bot.runtime import DataDirError
    from bot.server import ServeError
    from bot.state_file import StateFileError
    from bot.scope import ScopeError
    from index.build import IndexBuildError
    from index.embedder import ModelError
    from index.search import IndexDamaged, IndexNotBuilt, IndexOutdated, ModelMismatch
    from index.taxonomy import TaxonomyError

    return isinstance(error, (
        CommandError, SettingsError, DataDirError, ServeError, IndexBuildError, ModelError, IndexNotBuilt, ModelMismatch,
        IndexOutdated, IndexDamaged, TaxonomyError, ScopeError, QuestionSetError, ContactsFileError, DigestError,
        UnknownEnabler, KeyMismatch, StateFileError,
    ))


def build_parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {env:<24} {help} (default: {default or 'unset'})" for env, default, help in describe())
    parser = argparse.ArgumentParser(
        prog="peerbot",
        description="peerbot: learn from peers who have done it. Answers questions about NHS provider "
        "collaboration from a cited lessons-learned corpus.",
        epilog="settings (environment variables):\n" + settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    index = commands.add_parser("index", help="build or update the index from the corpus folder")
    index.add_argument("--rebuild", action="store_true", help="re-embed every document, not only changed ones")
    index.set_defaults(handler=cmd_index)

    ask = commands.add_parser("ask", help="answer a question from the corpus, with citations and contacts")
    ask.add_argument("question", help="the question, or - to read one question per line from standard input")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object (per line with -)")
    ask.set_defaults(handler=cmd_ask)

    evaluate = commands.add_parser("eval", help="score answers on a question set (JSON lines)")
    evaluate.add_argument("file", type=Path, help="question file, e.g. tests/data/dev_questions.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=cmd_eval)

    enabler = commands.add_parser(
        "enabler", help="summarise one enabler of collaboration, or list them all",
        description="Without NAME: every enabler with its one-line description and how many lessons speak to it. "
        "With NAME (an id, name, synonym, the start of one, or a close misspelling): the enabler's summary, "
        "with key practices, named examples and quotations, each cited, people to talk to and related enablers.",
    )
    enabler.add_argument("name", nargs="?", metavar="NAME", help="the enabler, e.g. trust or 'shared purpose'")
    enabler.add_argument("--json", action="store_true", help="print the list or the summary as JSON")
    enabler.set_defaults(handler=cmd_enabler)

    contacts = commands.add_parser(
        "contacts", help="list or search the directory of people and collaboratives",
        description="The contacts directory: people (from the documents' front matter, with the extra details of "
        "contacts.yaml) and the organisations and collaboratives they belong to. QUERY matches names, roles, "
        "organisations, regions, topics, enablers and documents.",
    )
    contacts.add_argument("query", nargs="?", metavar="QUERY", help="words to search for; omit to list everyone")
    contacts.add_argument("--json", action="store_true", help="print the entries (or the check) as JSON")
    contacts.add_argument("--check", action="store_true",
                          help="report people the documents name who are missing from the directory, and "
                          "contacts.yaml entries whose documents are gone (exit status 1 if any)")
    contacts.set_defaults(handler=cmd_contacts)

    serve = commands.add_parser(
        "serve", help="run the chat server: Slack (HTTP on HOST:PORT, or Socket Mode), Teams and GET /healthz",
        description="Serve peerbot in Slack: events, commands, shortcuts and buttons on POST /slack/events "
        "(or over Socket Mode when SLACK_APP_TOKEN is set); in Microsoft Teams on POST /api/messages when its "
        "settings are given; plus GET /healthz. Loads the model and index once.",
    )
    serve.set_defaults(handler=cmd_serve)

    manifest = commands.add_parser(
        "teams-manifest", help="write the Teams app package (manifest.json and icons, zipped) to side-load",
        description="Write the Microsoft Teams app package for the Azure Bot whose app id is "
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID: manifest.json plus the colour and outline icons.",
    )
    manifest.add_argument("--output", type=Path, default=Path("peerbot-teams.zip"), help="zip file to write")
    manifest.add_argument("--developer", default="peerbot", help="publisher name shown in Teams")
    manifest.add_argument("--website", default="https://example.org/peerbot",
                          help="publisher website shown in Teams (replace the placeholder before publishing)")
    manifest.add_argument("--privacy-url", help="privacy statement URL (default: the website)")
    manifest.add_argument("--terms-url", help="terms of use URL (default: the website)")
    manifest.set_defaults(handler=cmd_teams_manifest)

    conversations = commands.add_parser(
        "teams-conversations", help="list the Teams chats and teams peerbot was added to; opt them in to the digest",
        description="List the Teams conversations peerbot was added to (stored when it is installed), or opt one "
        "in or out of the weekly digest. Only the person running peerbot can do this: the digest's admin.",
    )
    choice = conversations.add_mutually_exclusive_group()
    choice.add_argument("--digest-on", metavar="ID", help="post the weekly digest to this conversation")
    choice.add_argument("--digest-off", metavar="ID", help="stop posting the digest to this conversation")
    conversations.set_defaults(handler=cmd_teams_conversations)

    digest = commands.add_parser(
        "digest", help="preview the weekly digest, or post it now to its destinations",
        description="The weekly digest: new and updated lessons, the enabler of the week, what people asked, "
        "knowledge gaps and people to talk to. A week's digest covers the days since the previous week's send "
        "time (DIGEST_DAY and DIGEST_TIME in DIGEST_TIMEZONE) and is posted at most once per destination.",
    )
    action = digest.add_mutually_exclusive_group(required=True)
    action.add_argument("--preview", action="store_true", help="print the digest; nothing is posted or recorded")
    action.add_argument("--post", action="store_true",
                        help="post this week's digest now to every destination that has not had it")
    digest.add_argument("--json", action="store_true", help="with --preview: print the digest as one JSON object")
    window = digest.add_mutually_exclusive_group()
    window.add_argument("--week", metavar="YYYY-Www", help="with --preview: another week's digest, e.g. 2026-W47")
    window.add_argument("--since", metavar="DATE", help="with --preview: cover from DATE (YYYY-MM-DD) until now")
    digest.add_argument("--workspace", metavar="ID",
                        help="with --preview: the digest as a destination in this Slack workspace (T…) or Teams team "
                        "gets it; without it, questions from every workspace's public channels are shown")
    digest.set_defaults(handler=cmd_digest)

    schedule = commands.add_parser(
        "schedule", help="run the weekly digest on schedule (the clock process)",
        description="Post the weekly digest at DIGEST_DAY DIGEST_TIME (DIGEST_TIMEZONE) until stopped. A digest "
        "missed while this process was down is posted when it comes back the same week; failed posts are retried.",
    )
    schedule.set_defaults(handler=cmd_schedule)

    forget = commands.add_parser(
        "forget", help="erase peerbot's records of one channel, or all records before a date",
        description="Erase on request, from peerbot's own records (PEERBOT_DATA_DIR/peerbot.db), and report how "
        "many went. --channel ID: every question asked in that channel or conversation (a Slack channel or DM "
        "id, a Teams conversation id), their feedback, its threads, its Teams reference and digest ledger. "
        "--before DATE: every question, feedback, event and thread record dated before DATE (UTC).",
    )
    target = forget.add_mutually_exclusive_group(required=True)
    target.add_argument("--channel", metavar="ID", help="a Slack channel or DM id (C…, G…, D…) or a Teams conversation id")
    target.add_argument("--before", metavar="DATE", help="a date, YYYY-MM-DD: records before it (UTC midnight) go")
    forget.set_defaults(handler=cmd_forget)
    return parser


def _print_build_report(report, out=None) -> None:
    from bot.render_text import render_build_report

    print(render_build_report(report), file=out or sys.stderr)


def cmd_index(args, settings: Settings) -> int:
    from bot.runtime import build
    from index.embedder import load_embedder

    report = build(settings, load_embedder(settings.model), rebuild=args.rebuild, progress=True)
    _print_build_report(report, out=sys.stdout)
    return 1 if report.errors else 0


def cmd_ask(args, settings: Settings) -> int:
    from bot.render_text import render_answer
    from bot.runtime import open_answerer
    from index.text import decode

    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    if args.question == "-":
        for raw in sys.stdin.buffer:  # bytes: a line that is not UTF-8 is answered with its bad bytes replaced
            line = decode(raw).strip()
            if line:
                answer = answerer.answer(line)
                print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else render_answer(answer), flush=True)
        return 0
    answer = answerer.answer(args.question)
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else render_answer(answer), end="\n" if args.json else "")
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from bot.evaluation import evaluate, load_questions
    from bot.render_text import render_eval
    from bot.runtime import open_answerer

    questions = load_questions(args.file)
    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    result = evaluate(questions, answerer.answer)
    print(json.dumps(result.to_dict(), indent=2) if args.json else render_eval(result), end="\n" if args.json else "")
    return 0


def cmd_enabler(args, settings: Settings) -> int:
    from bot import messages
    from bot.enablers.guide import EnablerGuide
    from bot.enablers.render_text import render_listing, render_summary
    from bot.runtime import open_answerer

    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    guide = EnablerGuide(answerer)
    if args.name is None:
        listing = guide.listing()
        if args.json:
            print(json.dumps([item.to_dict() for item in listing], ensure_ascii=False, indent=2))
        else:
            print(render_listing(listing), end="")
        return 0
    resolution = guide.resolve(args.name)
    if resolution.enabler is None:
        raise CommandError(messages.unknown_enabler(args.name, resolution.suggestions))
    summary = guide.summarise(resolution.enabler.id)
    if args.json:
        data = summary.to_dict()
        if not summary.lesson_count:
            data["message"] = messages.no_lessons_yet(summary.enabler)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_summary(summary), end="")
    return 0


def cmd_contacts(args, settings: Settings) -> int:
    from bot.contacts.check import check_directory
    from bot.enablers.render_text import render_check, render_directory
    from bot.runtime import open_directory

    if args.check and args.query:
        raise CommandError("--check looks at the whole directory: drop QUERY")
    directory, snapshot, report = open_directory(settings)
    if report:
        _print_build_report(report)
    if args.check:
        check = check_directory(directory, snapshot)
        print(json.dumps(check.to_dict(), ensure_ascii=False, indent=2) if args.json else render_check(check, directory),
              end="\n" if args.json else "")
        return 0 if check.ok else 1
    people, organisations = directory.search(args.query or "")
    if args.json:
        print(json.dumps({"people": [p.to_dict() for p in people], "organisations": [o.to_dict() for o in organisations]},
                         ensure_ascii=False, indent=2))
    else:
        print(render_directory(people, organisations, args.query or ""), end="")
    return 0


def cmd_serve(args, settings: Settings) -> int:
    import asyncio

    from bot.retention import retention
    from bot.serve import serve
    from bot.slack.config import slack_config
    from bot.teams.app import ANONYMOUS, teams_mode
    from bot.teams.messages import anonymous_warning

    slack = slack_config(settings)  # partly or wrongly configured: one line naming the variable
    teams = teams_mode(settings)
    if slack is None and teams is None:
        raise CommandError("nothing to serve: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or Teams' "
                           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__* (see the README's Slack and Teams sections)")
    retention(settings)  # a bad PEERBOT_RETENTION_DAYS: one line, before anything starts
    if teams == ANONYMOUS:
        print(anonymous_warning(), file=sys.stderr, flush=True)
    _log_with_timestamps()
    asyncio.run(serve(settings, slack, teams, on_build=_print_build_report))
    return 0


def _log_with_timestamps() -> None:
    """Long-running processes log every line with its time and source."""
    logging.getLogger().removeHandler(ONE_LINE)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def cmd_teams_manifest(args, settings: Settings) -> int:
    from bot.teams.manifest import write_package

    if not settings.teams_client_id:
        raise CommandError("set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID to the Azure Bot's app id first")
    path = write_package(
        args.output, settings.teams_client_id, developer=args.developer, website=args.website,
        privacy_url=args.privacy_url or args.website, terms_url=args.terms_url or args.website,
    )
    print(f"Wrote {path}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    return 0


def cmd_teams_conversations(args, settings: Settings) -> int:
    from bot.runtime import open_state

    state = open_state(settings)
    chosen = args.digest_on or args.digest_off
    if chosen:
        if not state.set_digest_opt_in(chosen, bool(args.digest_on)):
            raise CommandError(f"peerbot was never added to Teams conversation {chosen!r} (see `peerbot teams-conversations`)")
        print(f"The weekly digest {'will' if args.digest_on else 'will no longer'} be posted to {chosen}.")
        return 0
    stored = state.conversations("teams")
    if not stored:
        print("peerbot has not been added to any Teams chat or team yet.")
    for c in stored:
        conversation = c.reference.get("conversation", {})
        kind = conversation.get("conversationType", "personal")
        print(f"{c.id}  {kind}  digest {'on' if c.digest_opt_in else 'off'}  added {c.added_at[:10]}  "
              f"{conversation.get('name', '')}".rstrip())
    return 0


def cmd_digest(args, settings: Settings) -> int:
    from bot.digest.config import DigestConfig
    from bot.digest.runner import post_week

    config = DigestConfig.from_settings(settings)
    if args.post:
        if args.json or args.week or args.since or args.workspace:
            raise CommandError("--json, --week, --since and --workspace go with --preview; --post always posts this "
                               "week's digest, to each destination as its workspace may see it")
        report = post_week(settings, config)
        print("\n".join(report.lines()))
        return 0 if report.ok else 1
    return _preview_digest(args, settings, config)


def _preview_digest(args, settings: Settings, config) -> int:
    from datetime import UTC, date, datetime

    from bot.digest.audience import EVERYONE, workspace_audience
    from bot.digest.render_text import render_digest
    from bot.digest.runner import compose, window
    from bot.digest.week import Week, WeekError
    from bot.runtime import open_answerer, open_state

    try:
        week = Week.parse(args.week) if args.week else None
    except WeekError as e:
        raise CommandError(f"--week: {e}") from None
    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        raise CommandError(f"--since must be a date like 2026-11-16, got {args.since!r}") from None
    window(config, datetime.now(UTC), week, since)  # bad options fail before the model loads
    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    week, start, end = window(config, datetime.now(UTC), week, since)  # "until now" includes a first build
    state = open_state(settings)
    try:
        audience = workspace_audience(args.workspace, state.conversations("teams")) if args.workspace else EVERYONE
        digest = compose(answerer, state, week, start, end, audience)
    finally:
        state.close()
    if args.json:
        print(json.dumps(digest.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_digest(digest), end="")
    return 0


def cmd_schedule(args, settings: Settings) -> int:
    from datetime import UTC, datetime

    from bot.digest import messages
    from bot.digest.config import DigestConfig
    from bot.digest.runner import destinations, scheduled_run
    from bot.digest.schedule import run_schedule
    from bot.retention import expire, retention
    from bot.runtime import open_state

    config = DigestConfig.from_settings(settings)
    retention(settings)  # a bad PEERBOT_RETENTION_DAYS: one line, before anything starts
    if not destinations(settings, config):
        raise CommandError(f"nothing to schedule: {messages.DESTINATIONS_HINT}")
    _log_with_timestamps()
    state = open_state(settings)
    expire(state, settings)

    def started(next_run: datetime) -> None:
        print(f"peerbot: weekly digest every {config.describe()}; next run {next_run:%Y-%m-%d %H:%M %Z}",
              file=sys.stderr, flush=True)

    def clock() -> datetime:
        return datetime.now(UTC)

    def expire_daily() -> None:
        try:
            expire(state, settings)
        except Exception:  # a locked or broken database: say so, try again tomorrow
            logging.getLogger(__name__).exception("retention: could not delete old records")

    try:
        run_schedule(config, scheduled_run(settings, config, clock), clock, started, daily=expire_daily)
    finally:
        state.close()
    return 0


def cmd_forget(args, settings: Settings) -> int:
    from datetime import UTC, date, datetime

    from bot.retention import described
    from bot.runtime import open_state

    if args.channel is not None:
        channel = args.channel.strip()
        if not channel or any(c.isspace() for c in channel):
            raise CommandError(f"--channel must be one channel or conversation id, got {args.channel!r}")
    else:
        try:
            before = date.fromisoformat(args.before)
        except ValueError:
            raise CommandError(f"--before must be a date like 2026-11-16, got {args.before!r}") from None
        if before > datetime.now(UTC).date():
            raise CommandError(f"--before {before} is in the future; give today's date to erase everything before today")
    state = open_state(settings)
    try:
        if args.channel is not None:
            counts, what = state.erase_channel(channel), f"of {channel}"
        else:
            counts, what = state.erase_before(f"{before.isoformat()}T00:00:00+00:00"), f"before {before}"
    finally:
        state.close()
    print(f"Erased the records {what}: {described(counts)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
