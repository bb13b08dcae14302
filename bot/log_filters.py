"""Libraries' log lines kept out of peerbot's: a filter added to a library's logger once per
process (the Slack and Teams surfaces and the HTTP server are built again, in tests and on each
`serve` start in one process, and a filter added each time would be run each time), and the
libraries that narrate their work at INFO held to warnings."""

from __future__ import annotations

import logging

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
