"""peerbot's own records: the one place its SQL lives, one SQL for SQLite and PostgreSQL.

`StateStore` (store.py) is the question log, feedback, events seen, threads, Teams conversations and
the digest ledger (those two in ledger.py); statements.py hands its SQL to the database; `Inbox`
(inbox.py) the durable inbox of accepted requests with its leases, and inbox_erasure.py its requests
erased with a channel's or a period's records; migrations.py the numbered schema
and the runner that applies it; engines.py the SQLAlchemy engines (a SQLite file, or PostgreSQL when
DATABASE_URL is set); faults.py which database errors are faults outside peerbot (a warning and a
503) and which its own mistakes (a traceback and a 500); file.py opens the database (moving a
damaged SQLite file aside); pseudonyms.py the keyed hashes that stand in for private ids; `LessonRecords` (lessons.py) the lessons from chat
and the askers waiting for an answer; `Cutoff` (cutoff.py) keeps a write its caller stopped waiting
for from landing; columns.py reads back a stored value that is not as peerbot writes it as empty, in
one warning line.
"""

from bot.state.cutoff import Cutoff
from bot.state.engines import StateDatabaseError
from bot.state.faults import DATABASE_ERROR, log_failure, unavailable, unavailable_line
from bot.state.file import migrated_database
from bot.state.inbox import Inbox, InboxItem
from bot.state.inbox_erasure import Withdrawn
from bot.state.lessons import LessonRecords
from bot.state.migrations import STATE_MIGRATIONS
from bot.state.pseudonyms import KeyMismatch
from bot.state.store import StateStore

__all__ = ["DATABASE_ERROR", "STATE_MIGRATIONS", "Cutoff", "Inbox", "InboxItem", "KeyMismatch", "LessonRecords",
           "StateDatabaseError", "StateStore", "log_failure", "migrated_database", "unavailable", "unavailable_line",
           "Withdrawn"]
