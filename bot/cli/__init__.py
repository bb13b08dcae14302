"""The `peerbot` command line: one module per command family, `main` the entry point.

Heavy libraries are imported inside commands, never at start-up, so `--help` is instant. Run as the
program (the `peerbot` script, `python -m bot.cli`), SIGINT and SIGTERM are handled from here on:
one arriving while `bot.stopping` itself imports is only noted (its handler is the first statement
run, and never raises), then exits at once with one line and status 130 (143); from there on
`bot.stopping` turns it into a clean stop: raised while the handlers go in and the commands
import (then the same exit), held from the end of the imports until `main` handles it (between the
two, a raise would escape every handler). Only a signal in Python's own start, before any of
peerbot's code runs, can still show Python's traceback.
"""

import os
import signal
import sys

_early: list[int] = []  # a stop signal received before `stopping` took over
_PROGRAM = bool(sys.argv) and (sys.argv[0].rsplit("/", 1)[-1] == "peerbot" or sys.argv[0] == "-m")
if _PROGRAM:
    for _sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(_sig) != signal.SIG_IGN:  # `peerbot ... &` in a script: SIGINT stays ignored
            signal.signal(_sig, lambda signum, _frame: _early.append(signum))

from bot import stopping  # noqa: E402  (after the signals are noted)


def _fill_closed_streams() -> None:
    """Standard input, output or error closed (`cmd >&-`, a supervisor that closed them): /dev/null in their
    place, so that no file or socket opened later takes their number (a library's stray print would land in
    the index database); standard error closed writes there too. Standard input and output stay None, for
    `ask -` and `Output` to report in one line (a command that reads and writes nothing still succeeds)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(null := os.open(os.devnull, os.O_RDWR), fd)
            if null != fd:
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115  (the process's own, for its life)
        setattr(sys, "__stderr__", sys.stderr)  # noqa: B010  (the process's own: bot.unblocked_output takes it over)


try:
    if _PROGRAM:
        _fill_closed_streams()
        stopping.install()  # a stop from here on raises, caught below (as the handlers are put in place too)
        if _early:
            stopping.exit_now(sys.argv[1:], _early[0])
    from bot.cli.main import build_parser, main  # noqa: E402  (after the signals are handled)
    if _PROGRAM:
        stopping.hold()  # until `main` handles a stop itself, where `stopping.release` raises one that came
except stopping.Stopped as stopped:  # while installing or importing: nothing was written yet
    stopping.exit_now(sys.argv[1:], stopped.signum)

__all__ = ["build_parser", "main"]
