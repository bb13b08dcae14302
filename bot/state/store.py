"""peerbot's own records, kept apart from the rebuildable index: the question log, feedback,
events already handled, each thread's question, digests sent and Teams conversation references
(those two in ledger.py, which `StateStore` composes). The durable inbox keeps its own SQL in
bot/state/inbox.py, and its erasure's (run inside the erasures here) in inbox_erasure.py; statements.py
hands the SQL to the database.

One SQL (SQLAlchemy Core, plain text statements) runs on SQLite (`peerbot.db`) and on PostgreSQL
(`DATABASE_URL`), so that several processes can share one database: every claim is a single
atomic statement (an INSERT that conflicts, a conditional UPDATE), never a read then a write.

Nothing here names a person: question texts are redacted, and the ids of people's direct
messages and of any place that is not public are stored only as keyed hashes (pseudonyms.py).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar, cast

import sqlalchemy as sa

from bot.answer import Answer
from bot.question import PRIVATE, Place, is_public
from bot.records import LoggedQuestion, stamp
from bot.redact import redact
from bot.state import columns
from bot.state.cutoff import Cutoff
from bot.state.file import open_database
from bot.state.group import GroupCommit
from bot.state.inbox_erasure import ChannelOf, Withdrawn, erase_pending_before, erase_pending_of, still_pending
from bot.state.ledger import DigestLedger
from bot.state.migrations import DATED_RECORDS, STATE_MIGRATIONS
from bot.state.pseudonyms import Pseudonyms, load_pseudonyms
from bot.state.statements import run, sql
from bot.state.withdrawals import ContactWithdrawals

MAX_STORED_QUESTION_CHARS = 500
_QUESTION_IDS = uuid.UUID("5f1f0c6e-8d0b-4d7e-9a51-70656572626f")  # a delivery's question id: uuid5 in this space
T = TypeVar("T")


class StateStore(DigestLedger, ContactWithdrawals):
    """Thread-safe (a pool of connections; each method is one transaction). `target` is the SQLite
    file's path or a PostgreSQL URL (DATABASE_URL); `hash_key` is PEERBOT_HASH_KEY, without which
    the database keeps its own key (pseudonyms.py). What every question writes (its log line and
    thread, and the inbox's records) is group-committed (group.py): on disk when the call returns."""

    def __init__(self, target: Path | str, hash_key: str = ""):
        self.engine = open_database(target, STATE_MIGRATIONS)  # a damaged SQLite file is moved aside first
        self._group = GroupCommit(self.engine)
        with self.engine.begin() as db:
            self.pseudonym: Pseudonyms = load_pseudonyms(db, hash_key)

    def close(self) -> None:
        self._group.close()
        self.engine.dispose()

    def grouped(self, work: Callable[[sa.Connection], T], first: bool = False) -> Future[T]:
        """`work(connection)` run in a transaction shared with other writes waiting now, for a module
        with its own tables; the future is resolved once it is committed. `first`: ahead of the
        other writes waiting (the record that a reply is out)."""
        return self._group.submit(work, first)

    @property
    def group_commits(self) -> int:
        """Group transactions committed so far (for tests and benchmarks)."""
        return self._group.commits

    def stored_channel(self, channel: str, place: str) -> str:
        """A channel id as it is stored: a public channel's as it is, any other place's hashed."""
        return channel if is_public(place) else self.pseudonym(channel)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A connection in one transaction, for a module with its own tables."""
        with self.engine.begin() as db:
            yield db

    def claim_event(self, *keys: str) -> bool:
        """True the first time any of these delivery keys is seen; False for a repeat of any (also
        when another process claims one at the same moment: each key is an atomic insert). Keys
        embed conversation ids (a DM's among them), so only their keyed hashes are kept."""
        with self.engine.connect() as db, db.begin() as transaction:
            if not self.claim_within(db, *keys):
                transaction.rollback()  # seen before: record none of them, as if never asked
                return False
        return True

    def event_seen(self, key: str) -> bool:
        """Whether this delivery key was claimed before (nothing is recorded by asking)."""
        if not key:
            return False
        with self.engine.connect() as db:
            return db.execute(sql("SELECT 1 FROM events_seen WHERE key = :key"),
                              {"key": self.pseudonym(key)}).first() is not None

    def claim_within(self, db: sa.Connection, *keys: str) -> bool:
        """`claim_event` inside the caller's transaction, so that a delivery is marked seen only with
        what it stored (a claim committed alone, then a crash or a failed write, made the redelivery
        "seen" and its lesson or click was lost); False for a repeat: the caller rolls back."""
        for key in dict.fromkeys(self.pseudonym(k) for k in keys if k):
            if not db.execute(sql("INSERT INTO events_seen (key, seen_at) VALUES (:key, :at) "
                                  "ON CONFLICT (key) DO NOTHING"), {"key": key, "at": stamp()}).rowcount:
                return False
        return True

    def log_question(
        self, answer: Answer, platform: str, channel: str, *, place: str = PRIVATE, workspace: str = "",
        asked_at: str | None = None, thread: str = "", asked: str = "", latest: bool = False, delivery: str = "",
        follow_up: bool = False,
    ) -> str:
        """Store a redacted, shortened copy of the question, where it was asked and what it cited;
        returns its id. With `thread`, also remember `asked` as that thread's question, in the same
        transaction (`remember_thread`). With `delivery` (the inbox key of the event that brought
        it), the id is that delivery's: a question answered again (after a restart) is recorded once,
        the first record kept, and only while that delivery is pending in the inbox: Withdrawn (nothing
        written) once it is not. `follow_up`: it was read with its thread's earlier question."""
        question_id = uuid.uuid5(_QUESTION_IDS, delivery).hex if delivery else uuid.uuid4().hex
        enabler_ids = [e.id for e in answer.enablers] or [e.id for e in answer.suggestions]
        row = {
            "id": question_id,
            "asked_at": asked_at or stamp(),
            "platform": platform,
            "channel": self.stored_channel(channel, place),
            "place": place,
            "workspace": workspace,
            "question": redact(answer.question)[:MAX_STORED_QUESTION_CHARS],
            "answered": int(answer.answered and not answer.gap),  # a post the lessons name no one in: a gap
            "document_ids": json.dumps(answer.document_ids),
            "enabler_ids": json.dumps(enabler_ids),
            "off_topic": int(answer.off_topic),
            "follow_up": int(follow_up),
        }
        remembered = self._thread_row(platform, thread, asked, channel, place, workspace) if thread else None

        def write(db: sa.Connection) -> bool:
            if delivery and not still_pending(db, delivery):
                return False  # erased (`forget`) while it was being answered, or finished by another worker
            run(db, "INSERT INTO questions (id, asked_at, platform, channel, place, workspace, question, answered, "
                "document_ids, enabler_ids, off_topic, follow_up) VALUES (:id, :asked_at, :platform, :channel, :place, "
                ":workspace, :question, :answered, :document_ids, :enabler_ids, :off_topic, :follow_up) "
                "ON CONFLICT (id) DO NOTHING",
                row)
            if remembered:
                run(db, _remember_sql(latest), remembered)
            return True

        if not self._group.run(write):
            raise Withdrawn(delivery)
        return question_id

    def record_feedback(self, question_id: str, helpful: bool, platform: str, cutoff: Cutoff | None = None,
                        delivery: str = "", user: str = "") -> bool:
        """Store a Helpful / Not helpful click; False when the question id is unknown, or (rolled back)
        when `cutoff` says its caller stopped waiting while the database was busy. `delivery`: the
        click's delivery key, claimed in the same transaction; a redelivery is True and stores nothing.
        `user` (stored as a keyed hash) has one vote per answer: the same button again changes nothing,
        the other one replaces their vote (someone who changed their mind); without a user, each click counts."""
        voter = self.pseudonym(f"{platform}:{user}") if user else ""
        with self.engine.connect() as db, db.begin() as transaction:
            if delivery and not self.claim_within(db, delivery):
                transaction.rollback()
                return True
            stored = db.execute(sql(
                "INSERT INTO feedback (question_id, platform, helpful, given_at, voter) "
                "SELECT id, :platform, :helpful, :at, :voter FROM questions WHERE id = :id "
                "ON CONFLICT (question_id, voter) WHERE voter != '' DO UPDATE SET helpful = excluded.helpful, "
                "given_at = CASE WHEN feedback.helpful = excluded.helpful THEN feedback.given_at ELSE excluded.given_at END"),
                {"id": question_id, "platform": platform, "helpful": int(helpful), "at": stamp(), "voter": voter},
            ).rowcount > 0
            if not stored or (cutoff is not None and not cutoff.landing()):
                transaction.rollback()  # an unknown question's click is not marked seen: it stores nothing
                return False
            return stored

    def questions_between(self, start: str, end: str) -> list[LoggedQuestion]:
        with self.engine.begin() as db:
            rows = db.execute(sql(
                "SELECT * FROM questions WHERE asked_at >= :start AND asked_at < :end ORDER BY asked_at"),
                {"start": start, "end": end}).mappings().all()
        return [_logged_question(r) for r in rows]

    def thread_question(self, platform: str, thread: str, since: str = "") -> str:
        """The question peerbot remembers for a thread or chat (redacted); "" when there is none,
        or none asked at or after `since`."""
        key = self.pseudonym(f"{platform}:{thread}")
        question = self._group.run(lambda db: run(
            db, "SELECT question FROM threads WHERE key = :key AND asked_at >= :since", {"key": key, "since": since},
        ).scalar())
        return columns.text(question, "a thread's question")  # bytes: the follow-up is read on its own words

    def remember_thread(
        self, platform: str, thread: str, question: str, *, channel: str, place: str, workspace: str = "",
        latest: bool = False,
    ) -> None:
        """Remember a thread's first question (a later one in the thread never replaces it), or
        with `latest`, a chat's latest question; stored redacted, keyed by a hash of the thread."""
        row = self._thread_row(platform, thread, question, channel, place, workspace)
        self._group.run(lambda db: run(db, _remember_sql(latest), row))

    def _thread_row(self, platform: str, thread: str, question: str, channel: str, place: str, workspace: str) -> dict:
        return {"key": self.pseudonym(f"{platform}:{thread}"), "platform": platform,
                "channel": self.stored_channel(channel, place), "workspace": workspace,
                "question": redact(question)[:MAX_STORED_QUESTION_CHARS], "at": stamp()}

    def erase_before(self, cutoff: str) -> dict[str, int]:
        """Delete the question, feedback, event and thread records dated before `cutoff` (an ISO
        time), with the feedback and waiting askers of those questions, lessons decided before it,
        and the inbox's requests accepted before it and not answered yet (never answered then); how
        many went from each table."""
        at = {"cutoff": cutoff}
        with self.engine.begin() as db:
            inbox = erase_pending_before(db, cutoff)  # first: a question being answered is recorded before, or not at all
            counts = {"feedback": db.execute(sql(
                "DELETE FROM feedback WHERE given_at < :cutoff "
                "OR question_id IN (SELECT id FROM questions WHERE asked_at < :cutoff)"), at).rowcount}
            watches = db.execute(sql(
                "DELETE FROM answer_watches WHERE created_at < :cutoff "
                "OR question_id IN (SELECT id FROM questions WHERE asked_at < :cutoff)"), at).rowcount
            for table in ("questions", "events_seen", "threads"):
                counts[table] = db.execute(sql(f"DELETE FROM {table} WHERE {DATED_RECORDS[table]} < :cutoff"),
                                           at).rowcount
            counts["answer_watches"] = watches
            # a pending lesson waits for its curator; a decided one goes (an approved one lives on in knowledge/)
            counts["lessons"] = db.execute(sql(
                "DELETE FROM lessons WHERE status != 'pending' AND decided_at < :cutoff"), at).rowcount
        return {**counts, "inbox": inbox}

    def erase_channel(self, channel: str, channel_of: ChannelOf) -> dict[str, int]:
        """Delete every record of one channel or conversation (however its id is stored): its
        questions, their feedback and waiting askers, the lessons saved from it, its threads, its
        Teams reference and its digest ledger, and its requests in the inbox not answered yet (never
        answered then), found by `channel_of` (the chat adapters' reading of an item)."""
        ids = {"ids": [channel, self.pseudonym(channel)], "id": channel,
               "destinations": [f"slack:{channel}", f"teams:{channel}"]}
        with self.engine.begin() as db:
            inbox = erase_pending_of(db, channel, channel_of)  # first: see erase_before
            watches = db.execute(sql(
                "DELETE FROM answer_watches WHERE question_id IN (SELECT id FROM questions WHERE channel IN :ids)",
                ids=True), ids).rowcount
            return {
                "feedback": db.execute(sql(
                    "DELETE FROM feedback WHERE question_id IN (SELECT id FROM questions WHERE channel IN :ids)",
                    ids=True), ids).rowcount,
                "questions": db.execute(sql("DELETE FROM questions WHERE channel IN :ids", ids=True), ids).rowcount,
                "threads": db.execute(sql("DELETE FROM threads WHERE channel IN :ids", ids=True), ids).rowcount,
                "conversations": db.execute(sql("DELETE FROM conversations WHERE id = :id"), ids).rowcount,
                "digests": db.execute(sql("DELETE FROM digests WHERE destination IN :destinations", destinations=True),
                                      ids).rowcount,
                "answer_watches": watches,
                "lessons": db.execute(sql("DELETE FROM lessons WHERE channel IN :ids", ids=True), ids).rowcount,
                "inbox": inbox,
            }

    def unhelpful_votes(self, start: str, end: str) -> dict[str, int]:
        """Question id -> how many people's vote on it is "Not helpful", given in [start, end) (a click
        that names no one, from before votes were people's, counts as one)."""
        with self.engine.begin() as db:
            return {question_id: votes for question_id, votes in db.execute(sql(
                "SELECT question_id, COUNT(*) FROM feedback WHERE helpful = 0 AND given_at >= :start AND given_at < :end "
                "GROUP BY question_id"), {"start": start, "end": end})}



def _logged_question(row: sa.RowMapping) -> LoggedQuestion:
    """A question of the log; a value not as peerbot writes it is one warning line and read as empty."""
    where = f"question {columns.text(row['id'], 'a question id')}'s"

    def field(name: str) -> str:
        return columns.text(row[name], f"{where} {name}")

    return LoggedQuestion(
        field("id"), field("asked_at"), field("platform"), field("channel"), field("question"), bool(row["answered"]),
        columns.json_list(row["document_ids"], f"{where} document_ids"),
        columns.json_list(row["enabler_ids"], f"{where} enabler_ids"),
        bool(row["off_topic"]), cast(Place, field("place") or PRIVATE), field("workspace"), bool(row["follow_up"]))




def _remember_sql(latest: bool) -> str:
    """A thread's question: the first one kept, or with `latest` the newest."""
    on_conflict = "UPDATE SET question = excluded.question, asked_at = excluded.asked_at" if latest else "NOTHING"
    return ("INSERT INTO threads (key, platform, channel, workspace, question, asked_at) "
            f"VALUES (:key, :platform, :channel, :workspace, :question, :at) ON CONFLICT (key) DO {on_conflict}")
