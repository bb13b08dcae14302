"""Group commit (bot/state/group.py): the writes of many concurrent questions share transactions,
yet each caller hears back only when its own write is on disk, a failing write loses nobody
else's, and a delivery accepted twice in one group is still handed out once."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa
from state_rows import query

from bot.answer import Answer
from bot.state import StateStore
from bot.state.inbox import ANSWERED, Inbox, InboxItem
from bot.state.statements import _driver_text, run

FIELDS = {"channel": "C1", "ts": "1.1", "thread_ts": "", "is_dm": False}


@pytest.fixture
def path(state_database):
    return state_database


def held_writer_lock(path):
    """Another connection holding SQLite's writers' lock: the store's commits queue behind it."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_waiting_writes_share_one_commit_and_all_reach_disk(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    before = store.group_commits
    other = held_writer_lock(path)
    futures = [inbox.accepting(f"k{i}", "slack.message", FIELDS, f"question {i}", 30) for i in range(50)]
    other.execute("COMMIT")
    other.close()
    items = [f.result(timeout=60) for f in futures]
    assert [item.key for item in items if item] == [f"k{i}" for i in range(50)]
    assert store.group_commits - before <= 2  # the first write alone (it was waiting for the lock), then the rest
    reopened = StateStore(path)
    assert len(query(reopened, "SELECT key FROM inbox WHERE status = 'pending'")) == 50


def test_a_failing_write_loses_only_its_own(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    other = held_writer_lock(path)
    first = inbox.accepting("a", "slack.message", FIELDS, "first", 30)
    broken = store.grouped(lambda db: db.exec_driver_sql("INSERT INTO no_such_table VALUES (1)"))
    last = inbox.accepting("b", "slack.message", FIELDS, "last", 30)
    other.execute("COMMIT")
    other.close()
    assert first.result(timeout=60) is not None and last.result(timeout=60) is not None
    with pytest.raises(Exception, match="no_such_table"):
        broken.result(timeout=60)
    assert sorted(query(StateStore(path), "SELECT key FROM inbox")) == [("a",), ("b",)]


def statements(store: StateStore) -> list[str]:
    """Every SQL statement the store's engine sends from now on (SQLAlchemy's own event hook)."""
    sent: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    return sent


def test_a_group_where_nothing_fails_sends_no_savepoints(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    sent = statements(store)
    other = held_writer_lock(path)
    futures = [inbox.accepting(f"k{i}", "slack.message", FIELDS, f"question {i}", 30) for i in range(20)]
    other.execute("COMMIT")
    other.close()
    assert all(f.result(timeout=60) is not None for f in futures)
    assert sum("INSERT INTO inbox" in s for s in sent) == 20
    assert not [s for s in sent if "SAVEPOINT" in s.upper()]


def test_a_write_that_fails_halfway_leaves_nothing_and_the_others_commit(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")

    def half_done(db):
        db.exec_driver_sql("INSERT INTO events_seen (key, seen_at) VALUES ('half', 'now')")
        raise ValueError("failed after its first statement")

    other = held_writer_lock(path)
    first = inbox.accepting("a", "slack.message", FIELDS, "first", 30)
    broken = store.grouped(half_done)
    last = inbox.accepting("b", "slack.message", FIELDS, "last", 30)
    other.execute("COMMIT")
    other.close()
    assert first.result(timeout=60) == inbox_item("a", "first") and last.result(timeout=60) == inbox_item("b", "last")
    with pytest.raises(ValueError, match="halfway|first statement"):
        broken.result(timeout=60)
    reopened = StateStore(path)
    assert sorted(query(reopened, "SELECT key FROM inbox")) == [("a",), ("b",)]
    assert query(reopened, "SELECT key FROM events_seen WHERE key = 'half'") == []


def inbox_item(key: str, text: str) -> InboxItem:
    return InboxItem(key, "slack.message", {**FIELDS, "text": text})


def test_concurrent_accepts_of_one_delivery_hand_it_out_once(path):
    inbox = Inbox(StateStore(path), owner="w1")
    barrier = threading.Barrier(20)
    results: list = []

    def deliver() -> None:
        barrier.wait()
        results.append(inbox.accept("same-event", "slack.message", FIELDS, "how do boards build trust?", 30))

    threads = [threading.Thread(target=deliver) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(item is not None for item in results) == 1
    assert inbox.finish("same-event", ANSWERED)
    assert inbox.accept("same-event", "slack.message", FIELDS, "again", 30) is None  # answered: dropped


def test_many_threads_logging_questions_each_get_their_own_record(path):
    store = StateStore(path)
    answer = Answer("how do boards build trust?", True)
    ids: list[str] = []

    def log(i: int) -> None:
        ids.append(store.log_question(answer, "slack", "C1", place="public", thread=f"1.{i}", asked=f"question {i}"))

    threads = [threading.Thread(target=log, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 30
    assert len(query(store, "SELECT id FROM questions")) == 30
    assert {store.thread_question("slack", f"1.{i}") for i in range(30)} == {f"question {i}" for i in range(30)}


def test_closing_commits_what_is_queued_then_refuses(tmp_path):
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    other = held_writer_lock(path)
    queued = inbox.accepting("queued", "slack.message", FIELDS, "a question", 30)
    closer = threading.Thread(target=store.close)
    closer.start()
    other.execute("COMMIT")
    other.close()
    closer.join()
    assert queued.result(timeout=60) is not None
    assert query(StateStore(path), "SELECT key FROM inbox") == [("queued",)]
    with pytest.raises(RuntimeError, match="closed"):
        store.grouped(lambda db: None)


def test_a_questions_statements_go_to_the_driver_as_written_and_fail_as_sqlalchemy_errors(path):
    """`run` (every question's statements) hands the SQL to the driver in its own parameter style,
    made once: sqlite3 takes it as written, psycopg as %(name)s; what it reads and writes is what
    `execute` would, and a failure is SQLAlchemy's error, as `execute`'s is."""
    store = StateStore(path)
    insert = "INSERT INTO events_seen (key, seen_at) VALUES (:key, :at) ON CONFLICT (key) DO NOTHING"
    with store.transaction() as db:
        written = _driver_text(insert, db.dialect)
        assert written == (insert if db.dialect.name == "sqlite" else insert.replace(":key", "%(key)s").replace(":at", "%(at)s"))
        assert _driver_text(insert, db.dialect) is written
        assert run(db, insert, {"key": "k1", "at": "2026-11-29"}).rowcount == 1
        assert run(db, insert, {"key": "k1", "at": "2026-11-30"}).rowcount == 0  # the conflict, as with execute
        assert run(db, "SELECT seen_at FROM events_seen WHERE key = :key", {"key": "k1"}).scalar() == "2026-11-29"
    assert query(store, "SELECT key, seen_at FROM events_seen") == [("k1", "2026-11-29")]
    with pytest.raises(sa.exc.DBAPIError), store.transaction() as db:
        run(db, "SELECT nothing FROM no_such_table WHERE key = :key", {"key": "k1"})


def test_the_record_of_a_post_is_committed_ahead_of_the_writes_queued_before_it(tmp_path):
    """A reply is out once `finishing` is submitted: its record must not wait behind the questions'
    writes queued meanwhile (a SIGKILL before it is on disk posts the reply again)."""
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    assert inbox.accept("posted", "slack.message", FIELDS, "answered question", 30)
    resolved: list[str] = []
    other = held_writer_lock(path)
    queued = [inbox.accepting(f"k{i}", "slack.message", FIELDS, f"question {i}", 30) for i in range(30)]
    finished = inbox.finishing("posted", ANSWERED)
    for name, future in [*((f"k{i}", f) for i, f in enumerate(queued)), ("posted", finished)]:
        future.add_done_callback(lambda _f, name=name: resolved.append(name))
    other.execute("COMMIT")
    other.close()
    assert finished.result(timeout=60) is True
    assert all(f.result(timeout=60) for f in queued)
    assert resolved.index("posted") < resolved.index("k29")  # before the writes queued ahead of it
    assert query(StateStore(path), "SELECT status FROM inbox WHERE key = 'posted'") == [("answered",)]


def test_writes_not_marked_first_keep_their_order(tmp_path):
    """The must-not-take: ordinary writes (a question's record) are still committed in the order
    they came, one group, as before."""
    path = tmp_path / "peerbot.db"
    store = StateStore(path)
    inbox = Inbox(store, owner="w1")
    resolved: list[str] = []
    other = held_writer_lock(path)
    queued = [inbox.accepting(f"k{i}", "slack.message", FIELDS, f"question {i}", 30) for i in range(10)]
    for i, future in enumerate(queued):
        future.add_done_callback(lambda _f, name=f"k{i}": resolved.append(name))
    other.execute("COMMIT")
    other.close()
    assert all(f.result(timeout=60) for f in queued)
    assert resolved == [f"k{i}" for i in range(10)]
