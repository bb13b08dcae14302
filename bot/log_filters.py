"""Libraries' log lines kept out of peerbot's: a filter added to a library's logger once per
process (the Slack and Teams surfaces and the HTTP server are built again, in tests and on each
`serve` start in one process, and a filter added each time would be run each time), and the
libraries that narrate their work at INFO held to warnings; and every record written `one_line`."""

from __future__ import annotations

import logging
from typing import Any

from index import one_line, readable

NARRATORS = (
    "faiss.loader",  # its loading, across lines, with a ModuleNotFoundError that is no error
    "sentence_transformers",  # "Load pretrained SentenceTransformer: …", "Use pytorch device_name: cpu"
    "microsoft_agents.hosting.core.authorization.connection_manager",  # its settings, over 15 lines, at start
    "apscheduler",  # `schedule`: "Adding job tentatively -- it will be properly scheduled when …", each run
)


def quiet_narrators() -> None:
    """Only warnings and errors from the libraries that narrate their loading at INFO."""
    for name in NARRATORS:
        logging.getLogger(name).setLevel(logging.WARNING)


def filter_once(name: str, *kinds: type[logging.Filter]) -> None:
    """Give the logger `name` a filter of each of these kinds, unless it has one already."""
    found = logging.getLogger(name)
    for kind in kinds:
        if not any(isinstance(f, kind) for f in found.filters):
            found.addFilter(kind())


class OneLineFormatter(logging.Formatter):
    """Log records as a log viewer may show them: each record one line, `one_line` (a question, a Slack
    or Teams error, a file name, a header logged with an escape code or a line break can neither act on
    the viewer nor forge a record of its own); a traceback keeps its lines, `readable`."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        return readable(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return readable(super().formatStack(stack_info))


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
