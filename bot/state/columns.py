"""Reading a stored value back as peerbot wrote it, when its row may have been written by other hands
(edited by hand, or left by another version): a value of the wrong kind is one warning line naming
where it is (e.g. "lesson #3's enablers") and is read as empty, so that one damaged row neither stops
a command nor hides the rows beside it. The row itself is left as it is."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from bot.records import stamp

log = logging.getLogger(__name__)


def text(value: Any, where: str) -> str:
    """A text column ("" for NULL)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        _damaged(where, "bytes, not text")
        return ""
    return str(value)


def one_of(value: Any, where: str, choices: Collection[str], otherwise: str) -> str:
    """A column holding one of `choices`; `otherwise` for NULL or any other value (not logged: it
    may be anything)."""
    if isinstance(value, str) and value in choices:
        return value
    _damaged(where, f"not one of {', '.join(choices)}", read_as=otherwise)
    return otherwise


def time(value: Any, where: str) -> str:
    """A time column, as `bot.records.stamp` writes it ("" for NULL or a value that is not a time;
    a time without a zone is taken as UTC, as peerbot writes every time)."""
    if value is None:
        return ""
    if isinstance(value, str):
        with contextlib.suppress(ValueError, OverflowError):  # OverflowError: year 1 in a zone east of UTC
            moment = datetime.fromisoformat(value)
            return stamp(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    _damaged(where, "not a time")
    return ""


def integer(value: Any, where: str) -> int:
    """An integer column (0 for NULL or a value that is not an integer)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is not None:
        _damaged(where, "not a whole number")
    return 0


def json_list(value: Any, where: str) -> tuple[str, ...]:
    """A column holding a JSON list of text (ids)."""
    data = _json(value, where)
    if isinstance(data, list) and all(isinstance(v, str) for v in data):
        return tuple(data)
    if data is not None:
        _damaged(where, "not a JSON list of text")
    return ()


def json_object(value: Any, where: str) -> dict:
    """A column holding a JSON object."""
    data = _json(value, where)
    if isinstance(data, dict):
        return data
    if data is not None:
        _damaged(where, "not a JSON object")
    return {}


def _json(value: Any, where: str) -> Any:
    try:
        return json.loads(text(value, where) or "null")
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        _damaged(where, "not JSON")
        return None


def _damaged(where: str, problem: str, read_as: str = "empty") -> None:
    log.warning("peerbot.db: %s is %s, not as peerbot writes it: read as %s", where, problem, read_as)
