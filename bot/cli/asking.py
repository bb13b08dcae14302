"""`peerbot ask` and `peerbot eval`: answers from the corpus, one question or a scored set."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, print_build_report
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.answer import Answer


def register(commands: argparse._SubParsersAction) -> None:
    ask = commands.add_parser(
        "ask", help="answer a question from the corpus, with citations and contacts",
        description="Answer a question: cited snippets, people who have done it, related enablers. `--json` prints "
        "the same as one JSON object: `question`, `answered`, `outcome`, `snippets`, `contacts`, `enablers`, "
        "`closest`, `lead` (README: The answer as JSON). `peerbot ask --json -` reads one question per line on standard "
        "input (a line ends at a newline, a carriage return or both) and prints one JSON object per line (the model loads once); without `--json`, each answer under its "
        "question (redacted), as `> QUESTION`; a blank line (or one of spaces only) is no question: it is skipped and "
        "prints nothing, so the answers are those of the other lines in order; a line longer than 1 MB ends it with one error line. A question holding details that could identify someone (a name, an "
        "NHS number …) is answered after one line saying so (README: Data we keep).",
    )
    ask.add_argument("question", metavar="QUESTION", type=_question, help="the question, or - to read one question per line from standard input")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object (per line with -)")
    ask.set_defaults(handler=cmd_ask, loads_model=True)

    evaluate = commands.add_parser(
        "eval", help="score answers on a question set (JSON lines)",
        description="Score a question set (JSON lines like `tests/data/dev_questions.jsonl`): recall@1, recall@5, "
        "MRR, contact hit@3, answer rate, abstention rate, then the same per category (`in_domain`, `misspelt`, "
        "`off_topic`, `not_covered`; `n/a` where a category has nothing to score), then every question not "
        "answered with its evidence first, or not declined the right way. A line that is not a question object, or a field of the wrong type "
        "(`\"offtopic\": \"no\"`), is one error naming the file and line (README: Answers, declines and their "
        "quality).",
    )
    evaluate.add_argument("file", type=Path, metavar="FILE", help="question file, e.g. tests/data/dev_questions.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=cmd_eval, loads_model=True)


def _question(text: str) -> str:
    """QUESTION as given; an empty one is a mistaken command line (usage, exit status 2), not a decline."""
    if not text.strip():
        raise argparse.ArgumentTypeError('is empty: ask one, e.g. peerbot ask "How did others build trust between boards?"')
    return text


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.redact import redact
    from bot.thread_answer import answer_alone
    from index import decode

    corpus, report = open_corpus(settings)
    if report:
        print_build_report(report)
    answerer = Answerer(corpus)  # each question redacted first, as chat answers it: no identifier printed
    if args.question == "-":
        for raw in _stdin_lines():  # bytes: a line that is not UTF-8 is answered with its bad bytes replaced
            line = decode(raw).strip()
            if line:  # a blank line is no question: skipped, nothing printed (as documented)
                answer = answer_alone(answerer, redact(line))
                print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else _shown(answer, asked=True),
                      flush=True)
        return 0
    answer = answer_alone(answerer, redact(args.question))
    print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if args.json else _shown(answer),
          end="\n" if args.json else "")
    return 0


def _shown(answer: Answer, asked: bool = False) -> str:
    """The answer as text: first, with `asked` (one of many read from standard input), the question
    it answers, then a line when the question held details that could identify someone."""
    from bot.messages import details_removed
    from bot.plaintext.answers import WIDTH, render_answer

    question = [f"> {answer.question}"] if asked else []
    notice = details_removed(answer.question)
    return "\n".join([*question, *([textwrap.fill(notice, WIDTH), ""] if notice else []), render_answer(answer)])


MAX_STDIN_LINE = 2**20  # bytes: a question is at most 1,000 characters; a line that never ends (/dev/zero) is no question


def _stdin_lines() -> Iterator[bytes]:
    """Standard input's lines, ended by a newline, a carriage return or both (a bare carriage return
    ends a question as a newline does: questions pasted from an old Mac or some Windows tools are not
    joined into one); standard input closed or unreadable (a folder), or a line past `MAX_STDIN_LINE`
    (read no further), is one clear line."""
    if sys.stdin is None:
        raise CommandError("cannot read questions from standard input: it is closed")
    while True:
        try:
            raw = sys.stdin.buffer.readline(MAX_STDIN_LINE + 1)
        except OSError as e:
            raise CommandError(f"cannot read questions from standard input ({e.strerror or e})") from None
        if not raw:
            return
        if len(raw) > MAX_STDIN_LINE:
            raise CommandError(f"a line of standard input is longer than {MAX_STDIN_LINE // 2**20} MB: one question a line "
                               "(a question is at most 1,000 characters)")
        yield from raw.split(b"\r")


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.evaluation import evaluate, load_questions
    from bot.plaintext.reports import render_eval
    from bot.thread_answer import answer_alone

    questions = load_questions(args.file)
    corpus, report = open_corpus(settings)
    if report:
        print_build_report(report)
    answerer = Answerer(corpus)
    result = evaluate(questions, lambda question: answer_alone(answerer, question))  # as a chat answers it
    print(json.dumps(result.to_dict(), indent=2) if args.json else render_eval(result), end="\n" if args.json else "")
    return 0
