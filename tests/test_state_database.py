"""Where peerbot's records live: a SQLite file, or PostgreSQL when DATABASE_URL is set. A database
an earlier peerbot made keeps working; processes starting together migrate it once; claims made at
the same moment by separate processes (separate connection pools, as replicas have) are won once;
a bad DATABASE_URL is one line that never shows its password."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT
from flickering import flickering
from state_rows import query

from bot.state import STATE_MIGRATIONS, Inbox, LessonRecords, StateStore

RELEASED = Path(__file__).parent / "data" / "peerbot-0.1.db"  # made by peerbot 0.1 (sqlite-utils), see below


def test_a_database_made_by_the_previous_peerbot_keeps_its_records_its_key_and_its_pending_work(tmp_path):
    """peerbot-0.1.db was written by main at 9ba1e72 (sqlite-utils): two questions (one in a DM),
    feedback, an event, a thread, a sent digest, a Teams conversation and a pending inbox item."""
    path = tmp_path / "peerbot.db"
    shutil.copy(RELEASED, path)
    store = StateStore(path)
    assert store.pseudonym("D0PNCRP9N") == "h:f5dd354ac574b1291e58465a5403d78f"  # the key it kept is still used
    questions = store.questions_between("2026-11-01", "2026-12-01")
    assert [(q.channel, q.place) for q in questions] == [("C0PUBLIC1", "public"), (store.pseudonym("D0PNCRP9N"), "dm")]
    assert store.claim_event("Ev1") is False
    assert store.thread_question("slack", "C0PUBLIC1:1.0") == "How do boards build trust?"
    assert [(r.destination, r.status) for r in store.digest_records("2026-W46")] == [("slack:C0DIGEST", "sent")]
    assert [c.workspace for c in store.conversations("teams")] == ["team-1"]
    [item] = Inbox(store, owner="me").due(["slack.message"], 10, 30)  # its worker is long gone
    assert item.payload["text"] == "who ran the staff bank?" and item.claims == 2
    assert query(store, "SELECT count(*) FROM _migrations") == [(len(STATE_MIGRATIONS),)]
    assert store.record_feedback(questions[0].id, helpful=False, platform="slack")
    assert LessonRecords(store).watch(questions[0].id, "slack", "UASKER1")  # the tables added since are there
    assert [w.question_id for w in LessonRecords(store).waiting()] == [questions[0].id]


def race(count: int, work) -> list:
    """`work(i)` on `count` threads released at the same moment; their results."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(i: int) -> None:
        start.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_a_journal_that_comes_and_goes_as_others_write_never_stops_a_store_opening(tmp_path):
    """Another process's transactions make and delete peerbot.db-journal all the time: a store
    opening meanwhile (it looks for a companion that is not a file) must not fail when the journal
    it saw is gone a moment later (it did: FileNotFoundError, seen when six processes started)."""
    path = tmp_path / "peerbot.db"
    StateStore(path).close()
    with flickering(tmp_path / "peerbot.db-journal"):
        for _ in range(600):
            StateStore(path).close()


def test_processes_starting_together_on_a_new_database_migrate_it_once_and_share_one_key(state_database):
    stores = race(6, lambda _: StateStore(state_database))
    assert len({s.pseudonym("D1") for s in stores}) == 1
    assert query(stores[0], "SELECT count(*), count(DISTINCT name) FROM _migrations") == [(len(STATE_MIGRATIONS),) * 2]
    for store in stores:
        store.close()


def test_a_delivery_claimed_by_several_processes_at_once_is_claimed_once(state_database):
    stores = [StateStore(state_database) for _ in range(6)]
    for round in range(5):
        won = race(len(stores), lambda i: stores[i].claim_event(f"Ev{round}", f"C1:{round}.0"))
        assert won.count(True) == 1, won
    for store in stores:
        store.close()


def forget(database_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PEERBOT_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "bot.cli", "forget", "--before", "2026-01-01"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("url, said", [
    ("postgresql://peerbot:s3cret-pw@127.0.0.1:1/peerbot", "cannot open the database at "
     "postgresql://peerbot:***@127.0.0.1:1/peerbot (DATABASE_URL)"),
    # stop 44: the URL as it was given (it was shown as postgresql+psycopg://, the driver's form), and a
    # password given as libpq's query parameter masked too (it was shown as it was)
    ("postgres://peerbot@127.0.0.1:1/peerbot?sslmode=disable&password=s3cret-pw", "cannot open the database at "
     "postgres://peerbot@127.0.0.1:1/peerbot?sslmode=disable&password=*** (DATABASE_URL)"),
    ("mysql://peerbot:s3cret-pw@127.0.0.1/peerbot", "DATABASE_URL must be a PostgreSQL URL"),
    ("not a url s3cret-pw", "DATABASE_URL is not a database URL"),
    # hostile sweep 21: a port that is not a number, a host with an unclosed bracket (SQLAlchemy parses
    # the port late, with int(), and raised ValueError through every command that opens the records)
    ("postgresql://peerbot:s3cret-pw@127.0.0.1:notaport/peerbot", "DATABASE_URL is not a database URL"),
    ("postgresql://peerbot:s3cret-pw@[::1:bad/peerbot", "DATABASE_URL is not a database URL"),
    # deployment trial, stop 38: a generated password with URL characters in it. An @ was read as the
    # end of the password, the rest shown as part of the host; the others said nothing of encoding
    ("postgresql://peerbot:s3cret-pw@x@127.0.0.1:1/peerbot", "DATABASE_URL has more than one @: a password "
     "with @ : / # ? or % in it is written percent-encoded: %40 %3A %2F %23 %3F %25"),
    ("postgresql://peerbot:s3cret-pw@x:1/y#z@127.0.0.1:1/peerbot", "DATABASE_URL has more than one @: a password"),
    ("postgresql://peerbot:s3cret-pw@x:w/rd#1@127.0.0.1:1/peerbot", "DATABASE_URL is not a database URL (expected "
     "postgresql://USER:PASSWORD@HOST/NAME; a password with @ : / # ? or % in it is written percent-encoded"),
])
def test_a_database_url_that_cannot_be_used_is_one_line_without_its_password(tmp_path, url, said):
    result = forget(url, tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("peerbot: error: ") and said in line and "s3cret-pw" not in line and "x@" not in line
    assert not (tmp_path / "data" / "peerbot.db").exists()  # nothing fell back to SQLite


def test_a_database_server_that_never_answers_is_an_error_not_a_hang(tmp_path):
    """A server that accepts the connection and says nothing (a wedged proxy, a firewall's tarpit):
    the CLI gives up after the connection timeout with one line, instead of waiting for ever."""
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        url = f"postgresql://peerbot:s3cret-pw@127.0.0.1:{silent.getsockname()[1]}/peerbot?sslmode=disable"
        result = forget(url, tmp_path)  # the default timeout (sslmode=disable: one attempt, not two)
    finally:
        silent.close()
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "cannot open the database at" in line and "timeout" in line and "s3cret-pw" not in line


def test_with_database_url_the_cli_keeps_records_in_postgresql_and_postgres_scheme_is_accepted(postgres_url, tmp_path):
    heroku_style = postgres_url.replace("postgresql://", "postgres://", 1)
    store = StateStore(postgres_url)
    from bot.answer import Answer

    store.log_question(Answer("an old question", True), "slack", "C1", place="public", asked_at="2025-06-01T00:00:00+00:00")
    result = forget(heroku_style, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 question" in result.stdout
    assert store.questions_between("2000-01-01", "2999-01-01") == []
    assert not (tmp_path / "data" / "peerbot.db").exists()
    store.close()
