"""Adding a filter to a library's logger once per process: the Slack and Teams surfaces and the
HTTP server are built again (in tests, and on each `serve` start in one process), and a filter
added each time would be run each time."""

from __future__ import annotations

import logging


def filter_once(name: str, *kinds: type[logging.Filter]) -> None:
    """Give the logger `name` a filter of each of these kinds, unless it has one already."""
    found = logging.getLogger(name)
    for kind in kinds:
        if not any(isinstance(f, kind) for f in found.filters):
            found.addFilter(kind())
