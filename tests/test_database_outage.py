"""The records database stopping while `peerbot serve` runs (what the fourth hostile sweep's
`postgres4` class found): a real `peerbot serve` on 127.0.0.1 with DATABASE_URL on a throw-away
PostgreSQL cluster and the Slack double. A question that cannot be recorded is refused with 503,
so that Slack sends it again, and one warning line says so (no traceback); the inbox's polling says
once that the database is unavailable; once it is back, the question Slack sends again is answered
once. The same for a Teams message (with the local double of the connector); a `/peer` command
(which Slack never sends again) is acknowledged with a request to send it again."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from postgres_cluster import PostgresCluster
from serve_process import Said, start_serve, wait_for_health
from slack_double import (
    BOT_TOKEN,
    HISTORY_SCOPES,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    free_port,
    message_shortcut,
    slash_command,
)
from teams_doubles import ConnectorDouble, feedback, message, send

from index.generations import LOCK_FILE

QUESTION = "How can trusts build trust at board level?"


def environment(tmp_path: Path, corpus_dir: Path, database: str, port: int, **variables: str) -> dict:
    """`peerbot serve`'s environment: this test's folders, the hashing model, the database, the port."""
    found = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_", "TEAMS_"))}
    return found | {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
                    "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": database,
                    **variables}


def slack_environment(tmp_path: Path, corpus_dir: Path, database: str, port: int, double: SlackDouble,
                      **more: str) -> dict:
    return environment(tmp_path, corpus_dir, database, port, SLACK_BOT_TOKEN=BOT_TOKEN,
                       SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url, **more)


def test_a_question_while_the_database_is_stopped_is_refused_with_503_and_answered_once_it_is_back(
        tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        database = cluster.create_database()
        with SlackDouble() as double:
            port = free_port()
            process = start_serve(slack_environment(tmp_path, corpus_dir, database, port, double))
            said = Said(process)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_for_health(url, process)
                sender = SlackSender(f"{url}/slack/events")
                cluster.halt()
                event = app_mention(QUESTION)
                assert sender.event(event).status == 503  # not recorded, so not acknowledged
                assert not double.calls_to("chat.postMessage")  # and not answered (exactly one post: below)
                said.wait_for("inbox: the records database is unavailable")  # the inbox polls every second
                cluster.resume()
                assert sender.event(event, retry_num=1).status == 200  # Slack sends it again
                double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
                assert sender.event(event, retry_num=2).status == 200
            finally:
                said.stop()
            out, err = said.out, said.err
        assert len([c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]) == 1
        assert "Traceback" not in out + err, err
        assert "an event was not recorded, so not acknowledged; Slack sends it again" in err
        assert err.count("the records database is unavailable") == 1, err  # said once for the outage
    finally:
        cluster.stop()


def test_the_database_stopped_as_serve_finishes_loading_is_waited_for_and_serve_keeps_serving(tmp_path, corpus_dir):
    """Before: once loaded, the inbox first resumed what a crash had left, which met the stopped
    database, and serve (already answering /healthz) exited with status 1."""
    cluster = PostgresCluster()
    try:
        index = tmp_path / "data" / "index"
        index.mkdir(parents=True)
        with SlackDouble() as double, open(index / LOCK_FILE, "w") as build_lock:
            fcntl.flock(build_lock, fcntl.LOCK_EX)  # as another build holds it: loading waits until it is let go
            build_lock.write(f"{os.getpid()}\n")  # a build names itself in the lock
            build_lock.flush()
            port = free_port()
            process = start_serve(slack_environment(tmp_path, corpus_dir, cluster.create_database(), port, double))
            said = Said(process)
            try:
                said.wait_for("loading the model and index")
                cluster.halt()
                fcntl.flock(build_lock, fcntl.LOCK_UN)  # loading ends while the database is stopped
                said.wait_for("inbox: the records database is unavailable")
                cluster.resume()
                url = f"http://127.0.0.1:{port}"
                wait_for_health(url, process)
                event = app_mention(QUESTION)
                assert SlackSender(f"{url}/slack/events").event(event).status == 200
                double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
            finally:
                said.stop()
        assert process.returncode == 0 and "Traceback" not in said.out + said.err, said.err
    finally:
        cluster.stop()


@contextmanager
def serving(tmp_path, corpus_dir, cluster: PostgresCluster, double: SlackDouble, **more: str):
    """`peerbot serve` on the cluster's new database (`more`: further settings); yields (its URL, its
    standard error as it comes: a `Said`, whose `out` and `err` hold its output at the end)."""
    port = free_port()
    process = start_serve(slack_environment(tmp_path, corpus_dir, cluster.create_database(), port, double, **more))
    said = Said(process)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}", said
    finally:
        said.stop()


def test_an_answer_in_flight_when_the_database_stops_is_posted_once_and_logged_in_one_line(tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            double.scopes |= set(HISTORY_SCOPES.values())  # a reply already posted can be looked for
            double.fault("chat.postMessage", "slow", seconds=10, took_effect=True)  # longer than a loaded machine's halt
            # a lease of 2 s: the post's own (its 30 s time limit and a lease) ends within the test
            with serving(tmp_path, corpus_dir, cluster, double, PEERBOT_LEASE_SECONDS="2") as (url, output):
                event = app_mention(QUESTION)
                assert SlackSender(f"{url}/slack/events").event(event).status == 200
                deadline = time.monotonic() + 60
                while not double.calls_to("chat.postMessage") and time.monotonic() < deadline:
                    time.sleep(0.05)
                cluster.halt()  # while the answer is being posted (slowly): its outcome cannot be recorded
                output.wait_for("the records database became unavailable while answering")
                cluster.resume()
                deadline = time.monotonic() + 90  # the lease runs out; the worker takes the item up again
                while not double.calls_to("conversations.replies") and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert double.calls_to("conversations.replies"), "the item was never taken up again"
                time.sleep(2)  # had it not found the reply, it would post it again now
        posted = [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]
        assert len(posted) == 1
        assert "Traceback" not in output.out + output.err, output.err
        assert "the records database became unavailable while answering" in output.err
    finally:
        cluster.stop()


def test_a_peer_command_while_the_database_is_stopped_asks_its_sender_to_send_it_again(tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            with serving(tmp_path, corpus_dir, cluster, double) as (url, output):
                sender = SlackSender(f"{url}/slack/events")
                cluster.halt()
                refused = sender.command(slash_command("/peer", QUESTION, double.response_url("down")))
                cluster.resume()
                answered = sender.command(slash_command("/peer", QUESTION, double.response_url("up")))
                double.wait_for("chat.postEphemeral", timeout=60)
                time.sleep(2)  # a second answer, if there were one, would come within this
        assert refused.status == 200 and "send it again in a minute" in refused.body
        assert answered.status == 200
        [posted] = [c for c in double.calls_to("chat.postEphemeral") if c.ok]
        assert "trust" in posted.blocks_text.lower()
        assert "Traceback" not in output.out + output.err, output.err
        assert output.err.count("Slack: a /peer command was not recorded; its sender is asked to send it again") == 1
    finally:
        cluster.stop()


def test_a_message_shortcut_while_the_database_is_stopped_is_refused_in_one_true_line(tmp_path, corpus_dir):
    """Slack does not send a shortcut again (it shows its user that it failed): the 503's log line
    says so, and not that Slack sends it again."""
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            with serving(tmp_path, corpus_dir, cluster, double) as (url, output):
                cluster.halt()
                refused = SlackSender(f"{url}/slack/events").interaction(
                    message_shortcut(QUESTION, double.response_url("down")))
                cluster.resume()
        assert refused.status == 503
        err = output.err
        assert "Traceback" not in output.out + err, err
        assert err.count("Slack: a message shortcut was not recorded, so refused with 503; Slack does not send it "
                         "again and shows its user that it failed") == 1, err
        assert "Slack sends it again" not in err
    finally:
        cluster.stop()


def test_a_teams_message_while_the_database_is_stopped_gets_503_and_is_answered_once_it_is_back(
        tmp_path, corpus_dir):
    """Teams sends an activity again when it gets a 5xx: the one sent while the database is stopped
    is refused (so are a feedback click's), in one line each, and the one sent again is answered once."""
    cluster = PostgresCluster()
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        variables = environment(tmp_path, corpus_dir, cluster.create_database(), port, TEAMS_ALLOW_ANONYMOUS="1")

        async def run():
            async with ConnectorDouble() as double:
                process = start_serve(variables)
                said = Said(process)
                try:
                    await asyncio.to_thread(wait_for_health, url, process)
                    activity = message(double.url, QUESTION, activity_id="outage-1")
                    await asyncio.to_thread(cluster.halt)
                    statuses = [(await send(f"{url}/api/messages", activity))[0],
                                (await send(f"{url}/api/messages", feedback(double.url, "q-1", True)))[0]]
                    await asyncio.to_thread(said.wait_for, "inbox: the records database is unavailable")  # polled each second
                    await asyncio.to_thread(cluster.resume)
                    statuses.append((await send(f"{url}/api/messages", activity))[0])  # Teams sends it again
                    await double.wait_for_posts(1)
                    statuses.append((await send(f"{url}/api/messages", activity))[0])  # and again: answered already
                    await asyncio.sleep(2)  # a second reply, if there were one, would come within this
                finally:
                    await asyncio.to_thread(said.stop)
                return statuses, double, said.out, said.err

        statuses, double, out, err = asyncio.run(run())
        assert statuses == [503, 503, 202, 202]
        [reply] = double.posts
        assert (reply.conversation_id, reply.reply_to) == ("a:personal-chat", "outage-1")
        assert "trust" in json.dumps(reply.activity).lower()
        assert "Traceback" not in out + err, err
        assert err.count("Teams: an activity was not recorded, so not acknowledged; Teams sends it again") == 2, err
        assert err.count("the records database is unavailable") == 1, err
    finally:
        cluster.stop()


@pytest.mark.parametrize("refuse, undo", [
    # another session renamed the table peerbot writes (PostgreSQL: ProgrammingError, SQLite: OperationalError)
    ("ALTER TABLE inbox RENAME TO inbox_gone", "ALTER TABLE inbox_gone RENAME TO inbox"),
    # the database made read-only (PostgreSQL: InternalError "cannot execute INSERT in a read-only transaction")
    ('ALTER DATABASE "{name}" SET default_transaction_read_only = on',
     'ALTER DATABASE "{name}" RESET default_transaction_read_only'),
], ids=["table-renamed", "read-only"])
def test_a_database_that_refuses_the_write_is_a_503_in_one_line_and_answered_once_it_no_longer_does(
        tmp_path, corpus_dir, postgres, refuse, undo):
    """What hostile sweep 21 found: a 500 and a traceback per question while the database refused
    peerbot's writes (a table renamed by another session, the database made read-only), as it is
    refused while the server is stopped: 503, so Slack sends it again, and one warning line."""
    import psycopg

    database = postgres.create_database()
    name = database.rsplit("/", 1)[1]

    def run(statement: str) -> None:
        with psycopg.connect(postgres.url() if "DATABASE" in statement else database, autocommit=True) as db:
            db.execute(statement.format(name=name))
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # new sessions see the setting
                       "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
    try:
        with SlackDouble() as double:
            port = free_port()
            process = start_serve(slack_environment(tmp_path, corpus_dir, database, port, double))
            said = Said(process)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_for_health(url, process)
                sender = SlackSender(f"{url}/slack/events")
                run(refuse)
                event = app_mention(QUESTION)
                assert sender.event(event).status == 503
                run(undo)
                assert sender.event(event, retry_num=1).status == 200
                double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
            finally:
                said.stop()
            err = said.err
        assert len([c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]) == 1
        assert "Traceback" not in said.out + err, err
        assert "an event was not recorded, so not acknowledged; Slack sends it again" in err
    finally:
        postgres.drop_database(database)
