"""`peerbot enabler`: the enablers of collaboration, listed, or one summarised."""

from __future__ import annotations

import argparse
import json

from bot.cli.common import CommandError, print_build_report
from bot.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    enabler = commands.add_parser(
        "enabler", help="summarise one enabler of collaboration, or list them all",
        description="Without NAME, list every enabler of collaboration with its one-line description and how many "
        "lessons speak to it. With NAME, summarise one enabler: key practices, named examples and leaders' "
        "quotations (each verbatim and cited), people to talk to, related enablers. NAME may be an id, name or "
        "synonym, the start of one, or a close misspelling (`trust`, `gov`, `\"shared purpse\"`); an unknown name "
        "lists the closest (README: Enablers and contacts).",
    )
    enabler.add_argument("name", nargs="?", metavar="NAME", help="the enabler, e.g. trust or 'shared purpose'")
    enabler.add_argument("--json", action="store_true", help="print the list or the summary as JSON")
    enabler.set_defaults(handler=cmd_enabler, loads_model=True)


def cmd_enabler(args: argparse.Namespace, settings: Settings) -> int:
    from bot import messages
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.plaintext.enablers import render_listing, render_summary

    corpus, report = open_corpus(settings)
    if report:
        print_build_report(report)
    guide = EnablerGuide(corpus)
    if args.name is None:
        listing = guide.listing()
        if args.json:
            print(json.dumps([item.to_dict() for item in listing], ensure_ascii=False, indent=2))
        else:
            print(render_listing(listing), end="")
        return 0
    resolution = guide.resolve(args.name)
    if resolution.enabler is None:
        raise CommandError(messages.unknown_enabler(args.name, resolution))
    summary = guide.summarise(resolution.enabler.id)
    if args.json:
        data = summary.to_dict()
        if not summary.lesson_count:
            data["message"] = messages.no_lessons_yet(summary.enabler)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_summary(summary), end="")
    return 0
