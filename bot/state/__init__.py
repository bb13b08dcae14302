"""peerbot's own records in `peerbot.db`: the one place its SQL lives.

`StateStore` (store.py) is the question log, feedback, events seen, threads, Teams conversations
and the digest ledger; `Inbox` (inbox.py) the durable inbox of accepted requests; migrations.py
the numbered schema; file.py opens the database (moving a damaged one aside); pseudonyms.py the
keyed hashes that stand in for private ids; lessons.py the lessons from chat and the askers waiting
for an answer. A different database (PostgreSQL) is a different
implementation of these two classes behind the same methods.
"""

from bot.state.file import StateFileError
from bot.state.inbox import Inbox, InboxItem
from bot.state.lessons import LessonRecords
from bot.state.migrations import STATE_MIGRATIONS
from bot.state.pseudonyms import KeyMismatch
from bot.state.store import StateStore

__all__ = ["STATE_MIGRATIONS", "Inbox", "InboxItem", "KeyMismatch", "LessonRecords", "StateFileError", "StateStore"]
