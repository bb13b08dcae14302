"""The `peerbot` command line. Heavy libraries are imported inside commands, never at start-up."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings, SettingsError, describe


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit status 1."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
    from bot.evaluation import QuestionSetError
    from bot.runtime import DataDirError
    from bot.scope import ScopeError
    from index.build import IndexBuildError
    from index.embedder import ModelError
    from index.search import IndexNotBuilt, ModelMismatch
    from index.taxonomy import TaxonomyError

    return isinstance(error, (
        CommandError, SettingsError, DataDirError, IndexBuildError, ModelError, IndexNotBuilt, ModelMismatch,
        TaxonomyError, ScopeError, QuestionSetError,
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
    evaluate.add_argument("file", type=Path, help="question file, e.g. ../shared/eval/dev_questions.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=cmd_eval)
    return parser


def _print_build_report(report, out=sys.stderr) -> None:
    for error in report.errors:
        print(f"peerbot: skipped {error}", file=out)
    parts = [
        f"{len(report.added)} added", f"{len(report.updated)} updated", f"{len(report.removed)} removed",
        f"{report.unchanged} unchanged",
    ]
    print(
        f"Indexed with {report.model}: documents {', '.join(parts)}; "
        f"{report.passages_embedded} passages embedded ({report.vectors_embedded} vectors), "
        f"{report.passages_total} in the index; {report.seconds:.1f}s",
        file=out,
    )


def cmd_index(args, settings: Settings) -> int:
    from bot.runtime import check_data_dir
    from index.build import build_index
    from index.embedder import load_embedder

    check_data_dir(settings)
    report = build_index(settings.knowledge_dir, settings.index_dir, load_embedder(settings.model),
                         rebuild=args.rebuild, progress=True)
    _print_build_report(report, out=sys.stdout)
    return 1 if report.errors else 0


def cmd_ask(args, settings: Settings) -> int:
    from bot.render_text import render_answer
    from bot.runtime import open_answerer

    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    if args.question == "-":
        for line in sys.stdin:
            if line.strip():
                answer = answerer.answer(line)
                print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else render_answer(answer), flush=True)
        return 0
    answer = answerer.answer(args.question)
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else render_answer(answer), end="\n" if args.json else "")
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from bot.evaluation import evaluate, load_questions
    from bot.runtime import open_answerer

    questions = load_questions(args.file)
    answerer, report = open_answerer(settings)
    if report:
        _print_build_report(report)
    result = evaluate(questions, answerer.answer)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    print(f"questions          {result.questions}")
    for name in ("recall_at_1", "recall_at_5", "mrr", "contact_hit_at_3", "answer_rate", "abstention_rate"):
        print(f"{name:<18} {getattr(result, name):.2f}")
    misses = [r for r in result.results if r.answered == r.offtopic or (r.has_evidence and r.rank != 1)]
    for r in misses:
        if r.offtopic:
            what = "answered (should abstain)"
        elif not r.answered:
            what = "abstained (should answer)"
        else:
            what = f"evidence at rank {r.rank}" if r.rank else "evidence not in the snippets"
        print(f"  {r.id}: {what}: {r.question}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
