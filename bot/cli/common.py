"""What the commands share: their one expected error, how they report to the terminal, and how they
read an option's value."""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from bot.log_filters import quiet_narrators
from bot.setting_values import quoted
from bot.unblocked_output import unblock_stderr
from index import PeerbotError, one_line, readable

if TYPE_CHECKING:
    from index import BuildReport


class CommandError(PeerbotError):
    """A failure the user can act on: printed as one line, exit status 1."""


OWN_LOGGERS = ("bot", "index")  # peerbot's packages: only their records are peerbot's lines


def say(line: str, *, err: bool = False) -> None:
    """A line for the person at the terminal, on standard output or (`err`) standard error: `one_line`, so
    a title, name, file name or week typed with an escape code or a line break stays inert and inside it."""
    print(one_line(line), file=sys.stderr if err else sys.stdout, flush=err)


class OneLine(logging.Handler):
    """What peerbot warns about (a damaged index set aside, a database moved aside) as one line on
    standard error, `one_line`: `peerbot: ...`. Another library's warning is not peerbot's (onnxruntime's
    quantiser advises pre-processing on the root logger each time it runs): not shown; its errors
    are, under its own name."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".", 1)[0] in OWN_LOGGERS:
            say(f"peerbot: {record.getMessage()}", err=True)
        elif record.levelno >= logging.ERROR:
            say(f"{record.name}: {record.getMessage()}", err=True)


ONE_LINE = OneLine(logging.WARNING)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class OneLineFormatter(logging.Formatter):
    """A long-running process's log records as a log viewer may show them: each one line, `one_line` (a
    question, a workspace or team name, a file name logged with an escape code or a line break can
    neither act on the viewer nor forge a record of its own); a traceback keeps its lines, `readable`."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        return readable(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return readable(super().formatStack(stack_info))


class Parser(argparse.ArgumentParser):
    """The command line's parser, whose usage errors (which quote what was typed: `got 9\\e[2J`) are
    written `one_line`, as every line peerbot writes is."""

    def error(self, message: str) -> NoReturn:
        super().error(one_line(message))


class OutputError(PeerbotError):
    """Standard output cannot be written (a full disk, a device error): the answer is lost, so the
    command fails with one line rather than a traceback or a silent success."""


class Output:
    """Standard output that writes text `readable` (no escape code, control or bidi character typed in
    chat or written in a file reaches the terminal) and turns a failed write into `OutputError` (a closed
    pipe stays a `BrokenPipeError`: whoever read the output has gone, which is not a failure). With no stream
    (standard output closed before peerbot started), a write is that error; nothing written, no error."""

    def __init__(self, stream: TextIO | None):
        self._stream = stream if stream is not None else open(os.devnull, "w")  # noqa: SIM115
        self._closed = stream is None

    def write(self, text: str) -> int:
        if self._closed and text:
            raise OutputError("cannot write the output: standard output is closed")
        try:
            return self._stream.write(readable(text))  # typed or corpus text never acts on the terminal
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(f"cannot write the output: {e.strerror or e}") from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(f"cannot write the output: {e.strerror or e}") from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def discard_output() -> None:
    """After standard output failed, what is still buffered goes nowhere (so the interpreter's own
    flush at exit cannot print an "Exception ignored" report)."""
    stream = sys.stdout
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def print_build_report(report: BuildReport, out: TextIO | None = None) -> None:
    from bot.plaintext.reports import render_build_report

    print(render_build_report(report), file=out or sys.stderr)


def log_with_timestamps() -> None:
    """Long-running processes log every line with its time and source, to a standard error that never
    holds them up (bot/unblocked_output.py)."""
    unblock_stderr()  # first: the handler below keeps the stream it finds
    logging.getLogger().removeHandler(ONE_LINE)
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(LOG_FORMAT))  # every record one readable line, whatever it quotes
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    quiet_narrators()


def shows_default(action: argparse.Action) -> bool:
    """Whether `--help` and the README give an option's default: not for a flag, nor for an option
    that is simply absent (no value, or an empty list for a repeatable one)."""
    return bool(action.option_strings) and action.default not in (None, False, "", [], argparse.SUPPRESS)


def default_text(env: str, value: str) -> str:
    """A setting's default as the README and `peerbot --help` show it."""
    if value in ("", "False"):
        return "unset" if value == "" else "unset (off)"
    in_project = env in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR")
    return f"`{value}`" + (" in the project folder" if in_project else "")


def did_you_mean(word: str, choices: list[str]) -> str:
    """A close spelling among `choices`, as the end of an error line (" (did you mean 'ask'?)")."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def date_option(text: str) -> date:
    """An option's `YYYY-MM-DD` (`digest --since`, `forget --before`); anything else is a mistaken
    command line: argparse's usage line, the option named, exit status 2."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):  # not the other ISO forms (`2026-W47`, `20261116`)
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"must be a date like 2026-11-16, got {quoted(text)}")
