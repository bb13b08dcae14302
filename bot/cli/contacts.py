"""`peerbot contacts`: the contacts directory, listed, searched or checked."""

from __future__ import annotations

import argparse
import json

from bot.cli.common import print_build_report, say
from bot.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    contacts = commands.add_parser(
        "contacts", help="list or search the directory of people and collaboratives",
        description="List the contacts directory (people, from the documents' front matter with the extra details "
        "of `contacts.yaml`, and the organisations and collaboratives they belong to), or search it by name, role, "
        "organisation, region, topic, enabler or document; a close misspelling still matches. `--check` reports "
        "people the documents name (with a title such as \"Dr\", or as a quotation's speaker) who are missing from "
        "the directory, and `contacts.yaml` entries no document names any more; exit status 1 when there is any. "
        "A withdrawal (`contactable: false`, or `--withdraw`) is kept in peerbot's database: contacts.yaml missing, "
        "damaged or replaced never suggests that person again, on any surface; only `--restore` does.",
    )
    contacts.add_argument("query", nargs="?", metavar="QUERY", help="words to search for; omit to list everyone")
    contacts.add_argument("--json", action="store_true", help="print the entries (or the check) as JSON")
    contacts.add_argument("--check", action="store_true",
                          help="report people the documents name who are missing from the directory, and "
                          "contacts.yaml entries whose documents are gone (exit status 1 if any)")
    kept = contacts.add_mutually_exclusive_group()
    kept.add_argument("--withdraw", metavar="NAME", help="never suggest NAME again, whatever contacts.yaml says")
    kept.add_argument("--restore", metavar="NAME",
                      help="forget NAME's withdrawal (then as contacts.yaml says; a running serve takes either up within "
                      "PEERBOT_RELOAD_SECONDS)")
    contacts.set_defaults(handler=cmd_contacts, loads_model=True)


def cmd_contacts(args: argparse.Namespace, settings: Settings) -> int:
    from bot.contacts.check import check_directory
    from bot.corpus import open_directory
    from bot.plaintext.directory import render_check, render_directory
    from index import load_enablers, one_line

    if args.check and args.query:
        args.command_parser.error("--check looks at the whole directory: drop QUERY")  # usage, exit status 2
    if args.withdraw is not None or args.restore is not None:
        if args.check or args.query or args.json:
            args.command_parser.error("--withdraw and --restore take only a NAME")
        return withdrawal(args.withdraw, args.restore, settings)
    directory, snapshot, report = open_directory(settings)
    if report:
        print_build_report(report)
    if args.check:
        check = check_directory(directory, snapshot)
        print(json.dumps(check.to_dict(), ensure_ascii=False, indent=2) if args.json else render_check(check, directory),
              end="\n" if args.json else "")
        return 0 if check.ok else 1
    query = one_line(args.query or "")  # a search is one line: a typed line break would start a line of its own
    people, organisations = directory.search(query)
    if args.json:
        print(json.dumps({"people": [p.to_dict() for p in people], "organisations": [o.to_dict() for o in organisations]},
                         ensure_ascii=False, indent=2))
    else:
        titles = {doc.id: doc.title for doc in snapshot.documents.values()}
        names = {enabler.id: enabler.name for enabler in load_enablers(settings.knowledge_dir)}
        print(render_directory(people, organisations, query, titles, names), end="")
    return 0


def withdrawal(withdraw: str | None, restore: str | None, settings: Settings) -> int:
    """`--withdraw NAME` or `--restore NAME`: one line saying what was done; exit status 1 for a name that
    is no one's, or was not withdrawn."""
    from bot.contacts import messages
    from bot.corpus import open_state
    from index import person_key

    name = " ".join((withdraw or restore or "").split())
    if not person_key(name):
        say(f"peerbot: {messages.not_a_name(name)}")
        return 1
    state = open_state(settings)
    try:
        if withdraw is not None:
            state.record_withdrawals([name])
            say(messages.withdrawn(name))
            return 0
        restored = state.restore_contact(name)
    finally:
        state.close()
    say(messages.restored(name) if restored else f"peerbot: {messages.not_withdrawn(name)}")
    return 0 if restored else 1
