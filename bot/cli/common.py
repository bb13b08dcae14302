"""What the commands share: their one expected error, and how they report to the terminal."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, TextIO

from index import PeerbotError

if TYPE_CHECKING:
    from index import BuildReport


class CommandError(PeerbotError):
    """A failure the user can act on: printed as one line, exit status 1."""


class OneLine(logging.Handler):
    """What the library warns about (a damaged index set aside, a database moved aside) as one
    line on standard error: `peerbot: ...`."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"peerbot: {record.getMessage()}", file=sys.stderr, flush=True)


ONE_LINE = OneLine(logging.WARNING)


def print_build_report(report: BuildReport, out: TextIO | None = None) -> None:
    from bot.plaintext.reports import render_build_report

    print(render_build_report(report), file=out or sys.stderr)


def log_with_timestamps() -> None:
    """Long-running processes log every line with its time and source."""
    logging.getLogger().removeHandler(ONE_LINE)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
