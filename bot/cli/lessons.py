"""`peerbot lessons`: the review queue of lessons from chat, from the command line."""

from __future__ import annotations

import argparse
import asyncio
import re

from bot.cli.common import did_you_mean, say
from bot.setting_values import quoted
from bot.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    lessons = commands.add_parser(
        "lessons", help="list lessons submitted from chat, or approve or reject one",
        usage="%(prog)s [-h] [--pending] [approve ID | reject ID]",  # not argparse's `[approve|reject] [ID]`: ID is needed
        description="List the lessons submitted from chat (number, status, date, title, organisation), or only those "
        "waiting for review with `--pending`. `approve ID` writes lesson ID into the knowledge folder's `lessons/` "
        "folder as a Markdown document (a running `peerbot serve` answers from it once `peerbot index` has run) and sends the askers it "
        "answers a direct message in Slack (with `SLACK_BOT_TOKEN`) or in their Teams personal chat (when Teams is "
        "configured); `reject ID` rejects it (README: Lessons from "
        "chat).",
    )
    lessons.add_argument("--pending", action="store_true", help="list only the lessons waiting for review")
    lessons.add_argument("decision", nargs="?", metavar="approve|reject", help="decide one lesson")
    lessons.add_argument("id", nargs="?", metavar="ID", help="the lesson's number, as the list shows it")
    lessons.set_defaults(handler=cmd_lessons)


def _not_a_decision(word: str) -> str:
    if word.isdigit():  # `peerbot lessons 5`: which decision was left out
        return (f"say what to do with lesson {word}: `peerbot lessons approve {word}` or `peerbot lessons reject "
                f"{word}` (`peerbot lessons` alone lists them)")
    return (f"`peerbot lessons` takes approve or reject and a lesson number (e.g. `peerbot lessons approve 3`), got "
            f"{quoted(word)}{did_you_mean(word, ['approve', 'reject'])}; `peerbot lessons` alone lists them")


def cmd_lessons(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import check_knowledge_dir, open_state
    from bot.lessons.desk import OPERATOR, LessonDesk
    from bot.plaintext.lessons import lesson_line
    from bot.state import LessonRecords
    from index import load_enablers

    if args.decision not in (None, "approve", "reject"):  # a mistaken command line: usage, exit status 2
        args.command_parser.error(_not_a_decision(args.decision))
    if args.decision and not re.fullmatch(r"[0-9]{1,18}", args.id or ""):  # SQLite's integers stop at 2**63
        args.command_parser.error(f"`peerbot lessons {args.decision}` needs a lesson number, e.g. `peerbot lessons "
                                  f"{args.decision} 3`, got {args.id or 'none'}")
    if args.decision == "approve":  # it writes into the corpus folder: not a new one a mistyped setting names
        check_knowledge_dir(settings)
    state = open_state(settings)
    try:
        records = LessonRecords(state)
        desk = LessonDesk(records, settings.knowledge_dir, settings.curator_ids,
                          lambda: {e.id for e in load_enablers(settings.knowledge_dir)})
        if args.decision == "reject":
            lesson = desk.reject(int(args.id), OPERATOR)
            say(f"Rejected lesson #{lesson.id}: {lesson.draft.title}")
        elif args.decision == "approve":
            approval = desk.approve(int(args.id), OPERATOR)
            say(f"Approved lesson #{approval.lesson.id}: wrote {approval.path}; run `peerbot index` to answer from it.")
            _notify(settings, approval.notices, records, state)
        else:
            listed = desk.listing(pending_only=args.pending)
            if not listed:
                print("No lessons are waiting for review." if args.pending else "No lessons have been submitted yet.")
            for lesson in listed:
                say(lesson_line(lesson))
    finally:
        state.close()
    return 0


def _notify(settings: Settings, notices, records, state) -> None:
    """Tell each asker the approved lesson answers through their own platform: Slack with
    SLACK_BOT_TOKEN, Teams (their personal chat) when Teams is configured."""
    if not notices:
        return
    from bot.teams.config import teams_mode

    slack = tuple(n for n in notices if n.platform == "slack")
    teams = tuple(n for n in notices if n.platform == "teams")
    sent = []
    if slack and settings.slack_bot_token:
        from bot.slack.notices import send_with_settings

        sent += asyncio.run(send_with_settings(settings, slack))
    if teams and teams_mode(settings) is not None:
        from bot.teams.notices import send_with_settings as send_in_teams

        sent += asyncio.run(send_in_teams(settings, teams, state.conversations("teams")))
    for notice in sent:
        records.notified(notice.watch_id)
    print(f"Told {len(sent)} of {len(notices)} people who asked that their question now has an answer.")
    if slack and not settings.slack_bot_token:
        print(f"{len(slack)} of them asked in Slack: set SLACK_BOT_TOKEN to tell them.")
    if teams and teams_mode(settings) is None:
        print(f"{len(teams)} of them asked in Teams: configure Teams (README: Teams) to tell them.")
