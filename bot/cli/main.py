"""`peerbot`'s entry point: the parser (each command family adds its own commands) and the one
place an expected error (`PeerbotError`) becomes one line on standard error."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import textwrap
import threading
from importlib.metadata import version

from bot import stopping
from bot.cli import asking, contacts, digest, enablers, importing, indexing, lessons, memory, records, serving, teams
from bot.cli.common import (
    ONE_LINE,
    Output,
    OutputError,
    Parser,
    default_text,
    did_you_mean,
    discard_output,
    say,
    shows_default,
)
from bot.settings import Settings
from bot.settings_help import describe
from bot.unblocked_output import drain_stderr
from index import PeerbotError

FAMILIES = (indexing, importing, asking, enablers, contacts, serving, teams, digest, lessons, records)  # --help's order


def main(argv: list[str] | None = None) -> int:
    with stopping.handled():
        try:
            stopping.release()  # a stop held since the program's imports (bot/cli/__init__.py) is raised here
            code = _main(argv)
            stopping.finished()  # inside: a signal just before it is a stop like any other
        except stopping.Stopped as e:  # SIGINT or SIGTERM at any moment: the cleanups ran on the way here
            code = _stopped(argv, e.signum)
            stopping.finished()
        return code


def _main(argv: list[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a stray undecodable byte never stops the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if ONE_LINE not in logging.getLogger().handlers:
        logging.getLogger().addHandler(ONE_LINE)
    stdout = sys.stdout
    sys.stdout = Output(stdout)  # type: ignore[assignment]  # a full disk is one line, not a traceback
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # here, not at exit, so a write that fails is reported like any other
            sys.stdout = stdout
    except stopping.Stopped:
        raise
    except KeyboardInterrupt:
        say("peerbot: interrupted", err=True)
        return 130
    except BrokenPipeError:
        discard_output()
        return 0
    except OutputError as e:
        discard_output()
        say(f"peerbot: error: {e}", err=True)
        return 1
    except PeerbotError as e:  # an expected failure is one clear line (quoting a file or typed text inert); anything else is a bug
        say(f"peerbot: error: {e}", err=True)
        return 1
    except Exception as e:  # the records database stopped, locked or its session ended mid-command
        line = _database_outage(e)
        if line is None:
            raise
        say(f"peerbot: error: {line}", err=True)
        return 1


def _database_outage(error: Exception) -> str | None:
    """One line for a records-database error that is a fault outside peerbot, which a later try may get
    past (bot/state/faults.py); None for anything else (a bug: its traceback)."""
    if "sqlalchemy" not in sys.modules:  # no database was opened
        return None
    from bot.state import DATABASE_ERROR, unavailable, unavailable_line

    if isinstance(error, DATABASE_ERROR) and unavailable(error):
        return f"the records database is unavailable just now ({unavailable_line(error)}): try again"
    return None


def _stopped(argv: list[str] | None, signum: int) -> int:
    """One line and the documented status; work still running on other threads (a model loading)
    is abandoned."""
    code = stopping.report(sys.argv[1:] if argv is None else argv, signum)
    if threading.active_count() > 1 and argv is None:
        drain_stderr()
        os._exit(code)  # a daemon thread inside torch must not meet the interpreter's shutdown
    return code


def _run(argv: list[str] | None) -> int:
    from index import clean

    parser = build_parser()
    arguments = [clean(a) for a in (sys.argv[1:] if argv is None else argv)]
    commands = _commands(parser)
    if arguments and not arguments[0].startswith("-") and arguments[0] not in commands:
        parser.error(f"unknown command '{arguments[0]}'{did_you_mean(arguments[0], list(commands))}; "
                     "`peerbot --help` lists the commands")
    if arguments and arguments[0] in commands:
        _check_options(commands[arguments[0]], arguments[1:])
    args, unknown = parser.parse_known_args(arguments)
    if unknown:  # with the command's own usage line, not the top level's
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    settings = Settings.from_env()
    if (limited := memory.too_little(getattr(args, "loads_model", False), settings.model)) is not None:
        say(f"peerbot: error: {limited}", err=True)
        return 1
    return args.handler(args, settings) or 0


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {name: command for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name, command in action.choices.items()}


def _check_options(command: argparse.ArgumentParser, arguments: list[str]) -> None:
    """A mistyped option, or a word given to a command that takes only options (`digest post`), is
    named with its likely spelling before argparse reads the line (which would first complain of a
    required option it then seems to lack)."""
    options = [o for action in command._actions for o in action.option_strings if o.startswith("--")]
    takes_words = any(not action.option_strings for action in command._actions)
    value_next = False
    for argument in arguments:
        if argument == "--":
            return
        name = argument.split("=", 1)[0]
        if name.startswith("--") and not any(o.startswith(name) for o in options):
            command.error(f"unrecognized arguments: {argument}{did_you_mean(name, options)}")
        if not value_next and not takes_words and not argument.startswith("-"):
            command.error(f"unexpected {argument!r}: `peerbot {command.prog.split()[-1]}` takes only options "
                          f"({', '.join(o for o in options if o != '--help')}){did_you_mean('--' + argument, options)}")
        value_next = name.startswith("-") and "=" not in argument and _takes_value(command, name)


def _takes_value(command: argparse.ArgumentParser, option: str) -> bool:
    """Whether `option` (or the one option it abbreviates) is followed by its value."""
    found = [a for a in command._actions for o in a.option_strings if o == option or o.startswith(option)]
    return len(found) == 1 and found[0].nargs != 0


class _WithDefaults(argparse.HelpFormatter):
    """A command's help with each option's default, as the README's table shows it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return f"{action.help} (default: %(default)s)" if shows_default(action) else action.help


def _settings_help(width: int) -> str:
    """Each setting's variable, then its help and default wrapped to `width` beside it."""
    lines = []
    for env, default, help in describe():
        text = f"{help} (default: {default_text(env, default).replace('`', '')})"
        if len(env) >= 24:  # a long name has a line of its own
            lines.append(f"  {env}")
        first = f"  {env:<24} " if len(env) < 24 else " " * 27
        lines.append(textwrap.fill(text, width, initial_indent=first, subsequent_indent=" " * 27, break_on_hyphens=False))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    width = max(60, shutil.get_terminal_size().columns - 2)  # as argparse wraps the rest of the help
    parser = Parser(
        prog="peerbot",
        description=textwrap.fill("peerbot: learn from peers who have done it. Answers questions about NHS provider "
                                  "collaboration from a cited lessons-learned library.", width),
        epilog="settings (environment variables):\n" + _settings_help(width),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"peerbot {version('peerbot')}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for family in FAMILIES:
        family.register(commands)
    for command in commands.choices.values():
        command.set_defaults(command_parser=command)
        command.formatter_class = _WithDefaults
    return parser


if __name__ == "__main__":
    sys.exit(main())
