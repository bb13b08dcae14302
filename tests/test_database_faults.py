"""Which database errors are outside faults (a warning line and a 503: the platform sends the
request again) and which are peerbot's own mistakes (a traceback and a 500), by SQLSTATE on
PostgreSQL and by result code on SQLite (bot/state/faults.py). Before, every ProgrammingError and
InternalError counted as the database being unavailable, so a SQL mistake in peerbot's own code
showed as a 503 with no traceback. Real errors from the throw-away PostgreSQL cluster and a SQLite
file; then a real `peerbot serve` whose inbox write fails with each kind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from serve_process import Said, start_serve, wait_for_health
from slack_double import SlackDouble, SlackSender, app_mention, free_port
from test_database_outage import QUESTION, slack_environment

from bot.state import StateStore, unavailable
from bot.state.engines import postgres_engine


def _error(engine: sa.Engine, *statements: str) -> sa.exc.DBAPIError:
    with pytest.raises(sa.exc.DBAPIError) as raised, engine.connect() as db:
        for statement in statements:
            db.execute(sa.text(statement))
    return raised.value


OURS = {  # peerbot's own mistakes: SQLSTATE classes 42 and 22, and a name its schema never had
    "syntax": ["SELEC 1"],
    "unknown-table": ["SELECT * FROM no_such_table"],
    "unknown-column": ["SELECT no_such_column FROM inbox"],
    "unknown-function": ["SELECT no_such_function(1)"],
    "division-by-zero": ["SELECT 1 / 0"],
    "bad-number": ["SELECT 'x'::integer"],
    "type-mismatch": ["SELECT 1 + 'a'::text"],
}
OUTSIDE = {  # faults outside peerbot: a later try may get past them
    "read-only": ["SET TRANSACTION READ ONLY", "INSERT INTO state_meta (name, value) VALUES ('a', 'b')"],
    "statement-timeout": ["SET statement_timeout = 1", "SELECT pg_sleep(1)"],
    "terminated": ["SELECT pg_terminate_backend(pg_backend_pid())"],
    "serialization": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'serialization_failure'; END $$"],
    "deadlock": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'deadlock_detected'; END $$"],
    "lock-not-available": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'lock_not_available'; END $$"],
    "too-many-connections": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'too_many_connections'; END $$"],
    "disk-full": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'disk_full'; END $$"],
    "data-corrupted": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'data_corrupted'; END $$"],
    "rights-revoked": ["DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = 'insufficient_privilege'; END $$"],
}


@pytest.fixture
def migrated(postgres_url) -> sa.Engine:
    StateStore(postgres_url).close()
    engine = postgres_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("case", OURS)
def test_a_sql_mistake_of_peerbots_own_on_postgresql_is_not_the_database_being_unavailable(migrated, case):
    assert not unavailable(_error(migrated, *OURS[case]))


@pytest.mark.parametrize("case", OUTSIDE)
def test_an_outside_fault_on_postgresql_is_the_database_being_unavailable(migrated, case):
    assert unavailable(_error(migrated, *OUTSIDE[case]))


def test_a_table_or_column_of_peerbots_schema_dropped_by_another_session_is_unavailable(migrated, postgres_url):
    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("ALTER TABLE inbox RENAME TO inbox_gone")
        other.execute("ALTER TABLE questions RENAME COLUMN question TO question_gone")
    assert unavailable(_error(migrated, "SELECT * FROM inbox"))
    assert unavailable(_error(migrated, "SELECT question FROM questions"))
    assert unavailable(_error(migrated, "SELECT questions.question FROM questions"))
    assert not unavailable(_error(migrated, "SELECT questions.no_such_column FROM questions"))


def test_a_server_that_is_not_there_is_unavailable():
    engine = postgres_engine(f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    try:
        assert unavailable(_error(engine, "SELECT 1"))
    finally:
        engine.dispose()


def test_on_sqlite_a_mistake_is_ours_and_a_locked_or_altered_file_is_not(tmp_path):
    path = tmp_path / "peerbot.db"
    StateStore(path).close()
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    try:
        assert not unavailable(_error(engine, "SELEC 1"))
        assert not unavailable(_error(engine, "SELECT * FROM no_such_table"))
        assert not unavailable(_error(engine, "SELECT no_such_column FROM inbox"))
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        assert unavailable(_error(engine, "INSERT INTO state_meta (name, value) VALUES ('a', 'b')"))  # locked
        locker.execute("ALTER TABLE inbox RENAME TO inbox_gone")
        locker.execute("COMMIT")
        locker.close()
        assert unavailable(_error(engine, "SELECT * FROM inbox"))
    finally:
        engine.dispose()


def _trigger(url: str, errcode: str) -> None:
    """Every write to the inbox fails with SQLSTATE `errcode`, as a mistake in peerbot's SQL or an outside fault would."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION 'inbox write failed' USING ERRCODE = '{errcode}'; END $$")
        db.execute("CREATE TRIGGER fail BEFORE INSERT OR UPDATE ON inbox FOR EACH ROW EXECUTE FUNCTION fail()")


@pytest.mark.parametrize("errcode, status", [("syntax_error", 500), ("undefined_function", 500),
                                              ("invalid_text_representation", 500), ("read_only_sql_transaction", 503),
                                              ("admin_shutdown", 503)])
def test_a_question_whose_inbox_write_fails_is_a_500_with_a_traceback_for_our_mistake_and_a_503_line_otherwise(
        tmp_path: Path, corpus_dir, postgres_url, errcode, status):
    StateStore(postgres_url).close()
    _trigger(postgres_url, errcode)
    with SlackDouble() as double:
        port = free_port()
        process = start_serve(slack_environment(tmp_path, corpus_dir, postgres_url, port, double))
        said = Said(process)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process)
            assert SlackSender(f"{url}/slack/events").event(app_mention(QUESTION)).status == status
        finally:
            said.stop()
    if status == 500:
        assert "Traceback" in said.err and "inbox write failed" in said.err, said.err
        assert "was not recorded, so not acknowledged" not in said.err
    else:
        assert "Traceback" not in said.out + said.err, said.err
        assert "an event was not recorded, so not acknowledged; Slack sends it again" in said.err
