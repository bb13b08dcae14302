"""Which reading of contacts.yaml a running server takes up: the file as it is now, or the reading it
serves already when the file cannot be read or has gone. A withdrawal (`contactable: false`) lives in
that file, so a file deleted or moved (a checkout, a sync, a volume remounted) must never bring a
withdrawn person back: only a file that is there and reads says who may be suggested."""

from __future__ import annotations

from collections.abc import Callable

from bot.contacts.file import Contacts
from index import PeerbotError

KEPT = "contacts.yaml was not taken up ({why}); suggesting contacts as before, until it is {fixed}"
MISSING = ("it is missing: deleted or moved? Its last reading serves on, withdrawals included; to clear the "
           "contacts, leave `people: []` in it")


def taken_up(read: Callable[[], Contacts], served: Contacts) -> tuple[Contacts, str]:
    """The contacts to serve and, when they are `served` kept, the one line that says why: `read` (the file
    as it is now) raised, or found no file where the served reading had one."""
    try:
        now = read()
    except (PeerbotError, OSError) as e:  # a typo, bad bytes, a folder: the error names the file and entry
        return served, KEPT.format(why=e, fixed="fixed")
    if not now.version and served.version:
        return served, KEPT.format(why=MISSING, fixed="back")
    return now, ""
