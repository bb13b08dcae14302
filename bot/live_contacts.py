"""Which reading of contacts.yaml a long-running process (`peerbot serve`, `peerbot schedule`) takes up:
the file as it is now, or its last good reading when the file cannot be read or has gone. A withdrawal
(`contactable: false`) lives in that file, so a file deleted or moved (a checkout, a sync, a volume
remounted) must never bring a withdrawn person back: only a file that is there and reads says who may be
suggested."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.contacts.file import Contacts
from index import PeerbotError

log = logging.getLogger(__name__)
KEPT = "contacts.yaml was not taken up ({why}); suggesting contacts as before, until it is {fixed}"
MISSING = ("it is missing: deleted or moved? Its last reading serves on, withdrawals included; to clear the "
           "contacts, leave `people: []` in it")


def taken_up(read: Callable[[], Contacts], last: Contacts) -> tuple[Contacts, str]:
    """The contacts to take up and, when they are `last` kept, the one line that says why: `read` (the file
    as it is now) raised, or found no file where the last reading had one."""
    try:
        now = read()
    except (PeerbotError, OSError) as e:  # a typo, bad bytes, a folder: the error names the file and entry
        return last, KEPT.format(why=e, fixed="fixed")
    if not now.version and last.version:
        return last, KEPT.format(why=MISSING, fixed="back")
    return now, ""


class ContactsReader:
    """contacts.yaml read again and again by one process (`read`: the file now; `version`: its hash, cheap),
    each version of it that is not taken up said once (`failed`: that version, until a good one is read)."""

    def __init__(self, read: Callable[[], Contacts], version: Callable[[], str]):
        self._read, self._version = read, version
        self.failed: str | None = None

    def now(self, last: Contacts | None) -> Contacts:
        """The file as it is now, or `last` when it cannot be read or has gone (one warning); with no `last`
        (the process's first reading) the file as it is, a malformed one raising `ContactsFileError`."""
        if last is None:
            return self._read()
        version = self._version()
        contacts, why = taken_up(self._read, last)
        if not why:
            self.failed = None
        elif version != self.failed:
            self.failed = version
            log.warning("%s", why)
        return contacts
