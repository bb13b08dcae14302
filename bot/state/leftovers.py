"""A journal beside the records database that is not its own (`peerbot.db-wal` or `-journal` of
another database: a backup restored over `peerbot.db`, a file copied in without its journal).
SQLite cannot tell: it would apply the journal's pages to `peerbot.db` and, closing it, write them
in, so the records would be lost. A journal left while no process has the database open is tried on
copies first: when the database is whole alone and damaged with it, the journal is moved aside."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)
JOURNALS = ("-wal", "-journal")  # what SQLite applies to the database as it opens it
OPEN_MARK = "-shm"  # a database open in WAL mode in some process always has this beside it


def set_aside_foreign_journals(path: Path, problem: Callable[[Path], str | None]) -> None:
    """Move aside a journal beside `path` that does not fit it (`problem(copy)`: what is wrong with
    a database file, None when it is whole), with one warning; anything else is left as it is."""
    journals = [s for s in JOURNALS if _regular(path.with_name(path.name + s))]
    if not journals or not _regular(path) or os.path.lexists(path.with_name(path.name + OPEN_MARK)):
        return  # nothing to apply, or the database may be open (a crash's journal is applied as SQLite does)
    try:
        with tempfile.TemporaryDirectory(prefix="peerbot-journal-") as scratch:
            alone, whole = Path(scratch, "alone", path.name), Path(scratch, "whole", path.name)
            for copy in (alone, whole):
                copy.parent.mkdir()
                shutil.copyfile(path, copy)
            for suffix in journals:
                shutil.copyfile(path.with_name(path.name + suffix), whole.with_name(whole.name + suffix))
            if problem(whole) is None or problem(alone) is not None:
                return  # the journal fits, or the database is damaged either way (moved aside whole, as before)
    except OSError:  # no room for the copies: opened as SQLite would, as before
        return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for suffix in journals:
        journal = path.with_name(path.name + suffix)
        aside = journal.with_name(f"{journal.name}.foreign-{stamp}")
        try:
            os.rename(journal, aside)
        except OSError:
            continue
        log.warning("%s is another database's journal (applied, it would damage the records): moved aside as %s; "
                    "the records are kept", journal, aside.name)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode) and os.path.getsize(path) > 0
    except OSError:
        return False
