"""What sweep 32 (benchmarks/hostile_sweep32.py) found: a `HOST` holding escape codes and a line
break was echoed as it was by `serve`'s one error line (clearing the terminal, retitling it, splitting
the line); a server whose clock was more than five minutes wrong refused every Slack request with the
line a forged one gets, so nothing said the clock was to blame; a PostgreSQL session ended mid-transaction
failed a group of writes with an error that was not the database's, logged with a traceback."""

from __future__ import annotations

import logging
import threading
import time

import psycopg
import pytest
import sqlalchemy as sa
from copied_home import environment, peerbot
from slack_double import SIGNING_SECRET, SlackSender, app_mention, free_port

from bot.slack.signature import clock_skew, signed, skew_words
from bot.state import DATABASE_ERROR, unavailable
from bot.state.engines import postgres_engine
from bot.state.group import GroupCommit

ESCAPES = "C0AB\x1b[2J\x1b]0;owned\x07\nC0CD"


def test_a_host_holding_escape_codes_is_one_line_quoting_them(tmp_path):
    (tmp_path / "knowledge").mkdir()
    env = environment(tmp_path, HOST=ESCAPES, PORT=str(free_port()), SLACK_BOT_TOKEN="xoxb-1-2-abc",
                      SLACK_SIGNING_SECRET="0123456789abcdef")
    done = peerbot(env, "serve")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.startswith("peerbot: error: cannot listen on 'C0AB\\x1b[2J\\x1b]0;owned\\x07\\nC0CD':")


def test_a_printable_host_is_named_as_typed(tmp_path):
    """The must-not-take: a plain host name is not quoted."""
    (tmp_path / "knowledge").mkdir()
    env = environment(tmp_path, HOST="no-such-host.invalid", PORT=str(free_port()), SLACK_BOT_TOKEN="xoxb-1-2-abc",
                      SLACK_SIGNING_SECRET="0123456789abcdef")
    done = peerbot(env, "serve")
    assert done.returncode == 1 and done.stderr.startswith("peerbot: error: cannot listen on no-such-host.invalid:")


@pytest.mark.parametrize("offset", [-600, -365 * 86400, 3 * 3600], ids=["10 minutes old", "a year old", "3 hours ahead"])
def test_a_correctly_signed_request_far_from_the_clock_is_refused_naming_the_clock(server, slack, double, caplog, offset):
    with caplog.at_level(logging.WARNING):
        assert slack.event(app_mention("How can trusts build trust?"), timestamp=int(time.time()) + offset).status == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.slack.app"]
    assert len(lines) == 1 and "this machine's clock is wrong" in lines[0]
    assert skew_words(offset) in lines[0]
    assert not double.calls_to("chat.postMessage")


def test_a_wrongly_signed_old_request_gets_the_plain_refusal(server, slack, caplog):
    """The must-not-take: only Slack's own signature earns the clock line; a forgery, old or not, does not."""
    with caplog.at_level(logging.WARNING):
        assert slack.event(app_mention("x"), timestamp=int(time.time()) - 600, signature="v0=" + "0" * 64).status == 401
        assert slack.event(app_mention("x"), signature="v0=" + "0" * 64).status == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.slack.app"]
    assert lines == ["Slack: rejected a request with a missing, wrong or stale signature from 127.0.0.1"] * 2


def test_a_request_within_five_minutes_is_signed_and_has_no_skew():
    headers = SlackSender("http://x").headers("{}", "application/json", timestamp=int(time.time()) - 200)
    assert signed(headers, b"{}", SIGNING_SECRET) and clock_skew(headers, b"{}", SIGNING_SECRET) is None
    old = SlackSender("http://x").headers("{}", "application/json", timestamp=1_000_000_000)
    assert not signed(old, b"{}", SIGNING_SECRET)
    assert clock_skew(old, b"{}", SIGNING_SECRET, now=1_000_000_000 + 86400 * 3) == -86400 * 3
    assert skew_words(-86400 * 3) == "3 days before" and skew_words(7200) == "2 hours after"


def test_a_session_ended_mid_group_commit_fails_each_write_as_the_database_unavailable(postgres_url):
    """Before, a PostgreSQL session ended (pg_terminate_backend) while a group's writes ran in savepoints
    failed every one of them with SQLAlchemy's "Can't reconnect until invalid transaction is rolled
    back", not a database error, so each was logged as peerbot's own mistake with its traceback."""
    engine = postgres_engine(postgres_url)
    with engine.begin() as db:
        db.execute(sa.text("CREATE TABLE t (x int)"))
    group, entered, gate = GroupCommit(engine), threading.Event(), threading.Event()
    held = group.submit(lambda db: entered.set() or gate.wait(30) and db.execute(sa.text("INSERT INTO t VALUES (0)")))
    assert entered.wait(30)  # the group commit is inside the held write: what comes now waits, as one group
    write = lambda db: db.execute(sa.text("INSERT INTO t VALUES (1)"))  # noqa: E731
    ended = lambda db: db.execute(sa.text("SELECT pg_terminate_backend(pg_backend_pid())"))  # noqa: E731
    futures = [group.submit(write), group.submit(ended), group.submit(write)]  # one group, behind the held one
    gate.set()
    held.result(30)
    for future in futures:
        error = future.exception(30)
        assert isinstance(error, DATABASE_ERROR) and unavailable(error), repr(error)
    group.submit(write).result(30)  # the next write is on a new connection
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT x FROM t ORDER BY x")).scalars().all() == [0, 1]
    engine.dispose()


@pytest.mark.parametrize("argv", [["lessons"], ["forget", "--before", "2026-01-01"]], ids=["lessons", "forget"])
def test_a_command_whose_database_fails_after_opening_is_one_line(tmp_path, postgres, postgres_url, argv):
    """Before, an outside fault after the records database was opened and migrated (here a lock not
    granted in time; in the sweep, the session ended by pg_terminate_backend under `digest --post`) was
    a traceback: only opening it turned such a fault into one line."""
    (tmp_path / "knowledge").mkdir()
    env = environment(tmp_path, DATABASE_URL=postgres_url)
    assert peerbot(env, "migrate").returncode == 0
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{postgres_url.rsplit("/", 1)[1]}" SET lock_timeout = 500')
    with psycopg.connect(postgres_url) as holder:
        holder.execute("LOCK TABLE state_meta IN ACCESS EXCLUSIVE MODE")
        done = peerbot(env, *argv)
        holder.rollback()
    assert done.returncode == 1
    assert done.stderr == ("peerbot: error: the records database is unavailable just now (canceling statement due to "
                           "lock timeout): try again\n")
    assert peerbot(env, *argv).returncode == 0  # the lock released: the same command works
