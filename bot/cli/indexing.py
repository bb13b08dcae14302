"""`peerbot index`: build or update the index from the corpus folder."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import print_build_report, say
from bot.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    index = commands.add_parser(
        "index", help="build or update the index from the corpus folder",
        description="Build or update the index from the corpus folder (Markdown, text, PDF, Word and HTML files); "
        "reports documents added, updated, removed, "
        "passages embedded and seconds. Only changed documents are re-embedded. A damaged index is set aside and "
        "rebuilt; `--rebuild` starts from nothing, whatever is on disk. One build runs at a time: another waits for it "
        "(one line says so), and one line ends it when the lock is held by something that is not a running build. "
        "Exit status 1 when a document was skipped (README: Adding documents).",
    )
    index.add_argument("--rebuild", action="store_true", help="re-embed every document, not only changed ones")
    index.set_defaults(handler=cmd_index, loads_model=True)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import update_index
    from index import load_embedder

    report = update_index(settings, load_embedder(settings.model, settings.threads), rebuild=args.rebuild, progress=True)
    print_build_report(report, out=sys.stdout)
    if not (report.added or report.updated or report.unchanged or report.errors):
        say(f"peerbot: {settings.knowledge_dir} holds no documents: add Markdown, text, PDF, Word or HTML files "
            "(README: Adding documents)", err=True)
    return 1 if report.errors else 0
