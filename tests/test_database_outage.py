"""The records database stopping while `peerbot serve` runs (what the fourth hostile sweep's
`postgres4` class found): a real `peerbot serve` on 127.0.0.1 with DATABASE_URL on a throw-away
PostgreSQL cluster and the Slack double. A question that cannot be recorded is refused with 503,
so that Slack sends it again, and one warning line says so (no traceback); the inbox's polling says
once that the database is unavailable; once it is back, the question Slack sends again is answered
once."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

from postgres_cluster import PostgresCluster
from serve_process import start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, HISTORY_SCOPES, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port

QUESTION = "How can trusts build trust at board level?"


def test_a_question_while_the_database_is_stopped_is_refused_with_503_and_answered_once_it_is_back(
        tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        database = cluster.create_database()
        with SlackDouble() as double:
            port = free_port()
            environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_"))}
            environment |= {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
                            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port),
                            "DATABASE_URL": database, "SLACK_BOT_TOKEN": BOT_TOKEN,
                            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url}
            process = start_serve(environment)
            out = err = ""
            try:
                url = f"http://127.0.0.1:{port}"
                wait_for_health(url, process)
                sender = SlackSender(f"{url}/slack/events")
                cluster.halt()
                event = app_mention(QUESTION)
                assert sender.event(event).status == 503  # not recorded, so not acknowledged
                assert not double.calls_to("chat.postMessage")  # and not answered (exactly one post: below)
                time.sleep(3)  # the inbox polls every second: it finds the database gone (said once, below)
                cluster.resume()
                assert sender.event(event, retry_num=1).status == 200  # Slack sends it again
                double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)
                assert sender.event(event, retry_num=2).status == 200
            finally:
                out, err = stop(process)
        assert len([c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]) == 1
        assert "Traceback" not in out + err, err
        assert "a request was not recorded, so not acknowledged; Slack sends it again" in err
        assert err.count("the records database is unavailable") == 1, err  # said once for the outage
    finally:
        cluster.stop()


@contextmanager
def serving(tmp_path, corpus_dir, cluster: PostgresCluster, double: SlackDouble):
    """`peerbot serve` on the cluster's new database; yields (its URL, a dict its output lands in at the end)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_"))}
    environment |= {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
                    "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(port),
                    "DATABASE_URL": cluster.create_database(), "SLACK_BOT_TOKEN": BOT_TOKEN,
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url}
    process = start_serve(environment)
    output: dict[str, str] = {}
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        yield f"http://127.0.0.1:{port}", output
    finally:
        output["out"], output["err"] = stop(process)


def test_an_answer_in_flight_when_the_database_stops_is_posted_once_and_logged_in_one_line(tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            double.scopes |= set(HISTORY_SCOPES.values())  # a reply already posted can be looked for
            double.fault("chat.postMessage", "slow", seconds=3, took_effect=True)
            with serving(tmp_path, corpus_dir, cluster, double) as (url, output):
                event = app_mention(QUESTION)
                assert SlackSender(f"{url}/slack/events").event(event).status == 200
                deadline = time.monotonic() + 60
                while not double.calls_to("chat.postMessage") and time.monotonic() < deadline:
                    time.sleep(0.05)
                cluster.halt()  # while the answer is being posted: its outcome cannot be recorded
                time.sleep(4)
                cluster.resume()
                time.sleep(40)  # the item's lease (30 s) runs out; the worker takes it up again and finds the reply
        posted = [c for c in double.calls_to("chat.postMessage", thread_ts=event["event"]["ts"]) if c.ok]
        assert len(posted) == 1
        assert "Traceback" not in output["out"] + output["err"], output["err"]
        assert "the records database became unavailable while answering" in output["err"]
    finally:
        cluster.stop()
