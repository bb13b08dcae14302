"""The `peerbot` command line: one module per command family, `main` the entry point.

Heavy libraries are imported inside commands, never at start-up, so `--help` is instant. Run as the
program (the `peerbot` script, `python -m bot.cli`), SIGINT and SIGTERM are handled from here on,
before anything else is imported (`bot.stopping`).
"""

import sys
from pathlib import Path

from bot import stopping

if sys.argv and (Path(sys.argv[0]).name == "peerbot" or sys.argv[0] == "-m"):
    stopping.install()

try:
    from bot.cli.main import build_parser, main  # noqa: E402  (after the signals are handled)
except stopping.Stopped as stopped:  # while importing: nothing was written yet
    stopping.exit_now(sys.argv[1:], stopped.signum)

__all__ = ["build_parser", "main"]
