"""What the eighth hostile sweep (benchmarks/hostile_sweep8.py, class `busy8`) found, over HTTP on
127.0.0.1 against a real `peerbot serve` and the local Slack double: a button click or the lesson
form arriving while the records database is unavailable (PostgreSQL stopped, or `peerbot.db` held
by another process past SQLite's 30 s wait) was a traceback in the log and the generic "something
went wrong" (the click, which Slack never sends again, lost without its user being told why), and
the lesson form, which stores its lesson before acknowledging, an HTTP 500; and `serve` killed
just after acknowledging a feedback click lost it (the `kill8` class). Feedback and "Tell me when
someone answers this" are now recorded before they are acknowledged, and with the database
unavailable refused with 503 like the lesson form (Slack shows its user that it failed), in one
warning line, and a refused feedback click's write does not land later; a curator's Approve and
Reject are decided before they are acknowledged, the same way."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from postgres_cluster import PostgresCluster
from serve_process import start_serve, stop, wait_for_health
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    free_port,
    slash_command,
    view_submission,
)
from test_database_outage import QUESTION, environment, serving

TRY_AGAIN = "Sorry, I couldn't record that just now. Please try again in a minute."
LESSON = {"title": "How we shared theatre lists", "did": "We pooled elective theatre lists across three trusts.",
          "learned": "Agree the clinical prioritisation rules first.", "organisation": "Example Collaborative",
          "enablers": ["building-trust"], "contact": "", "contact_agreed": False, "contributor": "",
          "contributor_named": False}


def _on_sqlite(tmp_path, corpus_dir, port: int, double: SlackDouble) -> dict:
    """`peerbot serve`'s environment on the data folder's own `peerbot.db` (no DATABASE_URL)."""
    variables = environment(tmp_path, corpus_dir, "", port, SLACK_BOT_TOKEN=BOT_TOKEN,
                            SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url)
    del variables["DATABASE_URL"]
    return variables


def _button(call, action_id: str) -> str:
    return next(e["value"] for b in call.blocks if b.get("type") == "actions" for e in b.get("elements", [])
                if e.get("action_id") == action_id)


def _told(double: SlackDouble) -> list[str]:
    return [c.blocks_text for c in double.calls_to("chat.postEphemeral") + double.calls_to("response_url")
            if TRY_AGAIN in c.blocks_text]


def _answered(sender: SlackSender, double: SlackDouble):
    event = app_mention(QUESTION)
    assert sender.event(event).status == 200
    answer = double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)[0]
    return answer, {"ts": answer.response["ts"], "blocks": answer.blocks, "text": answer["text"]}


def test_a_feedback_click_while_the_database_is_stopped_is_refused_with_503_and_recorded_when_clicked_again(
        tmp_path, corpus_dir):
    """Recorded before it is acknowledged: with the database stopped it is not acknowledged (Slack shows
    its user that it failed), one warning line; clicked again, recorded and the message updated."""
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            with serving(tmp_path, corpus_dir, cluster, double) as (url, output):
                sender = SlackSender(f"{url}/slack/events")
                answer, message = _answered(sender, double)
                click = block_actions("feedback_helpful", _button(answer, "feedback_helpful"), double.response_url(),
                                      message=message)
                cluster.halt()
                refused = sender.interaction(click)
                cluster.resume()
                assert not double.calls_to("chat.update")
                assert sender.interaction(click).status == 200  # clicked again: recorded, the message updated
                double.wait_for("chat.update", timeout=60)
        assert refused.status == 503
        err = output.err
        assert "Traceback" not in output.out + err, err
        assert err.count("Slack: a request was not recorded, so refused with 503") == 1, err
    finally:
        cluster.stop()


def test_an_acknowledged_feedback_click_is_recorded_even_if_serve_is_killed_at_once(tmp_path, corpus_dir):
    """SIGKILL just after a click: one that was acknowledged (HTTP 200) is in the records (Slack never
    sends a click again). Another process holds `peerbot.db` meanwhile, so that the click's record
    cannot be written yet when the kill comes: it must not have been acknowledged either."""
    with SlackDouble() as double:
        port = free_port()
        process = start_serve(_on_sqlite(tmp_path, corpus_dir, port, double))
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process)
            sender = SlackSender(f"{url}/slack/events")
            answer, message = _answered(sender, double)
            value = _button(answer, "feedback_helpful")
            holder = sqlite3.connect(tmp_path / "data" / "peerbot.db", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            statuses: list[int] = []
            clicking = threading.Thread(target=lambda: statuses.append(_status(sender, block_actions(
                "feedback_helpful", value, double.response_url(), message=message))))
            clicking.start()
            time.sleep(3)  # Slack gives an acknowledgement 3 s
            acknowledged = list(statuses)
            process.kill()
            holder.execute("COMMIT")
            holder.close()
            clicking.join()
        finally:
            stop(process)
    with sqlite3.connect(tmp_path / "data" / "peerbot.db") as db:
        recorded = db.execute("SELECT COUNT(*) FROM feedback WHERE question_id = ?", (value,)).fetchone()[0]
    assert acknowledged != [200] or recorded == 1, f"acknowledged {acknowledged}, recorded {recorded}"


def _status(sender: SlackSender, payload: dict) -> int:
    try:
        return sender.interaction(payload).status
    except OSError:
        return -1  # the server was killed before it answered: nothing acknowledged


def test_a_curator_s_approve_while_the_database_is_stopped_is_refused_with_503_and_works_when_clicked_again(
        tmp_path, corpus_dir):
    """Decided before it is acknowledged, as feedback: with the database stopped it is refused (Slack
    shows the curator that it failed), one warning line, nothing approved; clicked again, approved."""
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            port = free_port()
            variables = environment(tmp_path, corpus_dir, cluster.create_database(), port, SLACK_BOT_TOKEN=BOT_TOKEN,
                                    SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=double.api_url,
                                    PEERBOT_CURATORS="U061F7AUR", PEERBOT_REVIEW_CHANNEL="C0REVIEW1")
            process = start_serve(variables)
            try:
                url = f"http://127.0.0.1:{port}"
                wait_for_health(url, process)
                sender = SlackSender(f"{url}/slack/events")
                sender.command(slash_command("/lesson", "Boards", double.response_url()))
                double.wait_for("views.open", timeout=60)
                assert sender.interaction(view_submission(double.views[-1], LESSON)).status == 200
                card = double.wait_for("chat.postMessage", channel="C0REVIEW1", timeout=60)[0]
                approve = block_actions("lesson_approve", _button(card, "lesson_approve"), double.response_url(),
                                        channel="C0REVIEW1", message={"ts": card.response["ts"], "blocks": card.blocks,
                                                                      "text": card["text"]})
                cluster.halt()
                refused = sender.interaction(approve)
                cluster.resume()
                assert not list(corpus_dir.rglob("lesson-1-*.md"))  # not approved while the database was away
                assert sender.interaction(approve).status == 200
                double.wait_for("chat.update", timeout=60)
            finally:
                out, err = stop(process)
        assert refused.status == 503 and not _told(double)
        assert len(list(corpus_dir.rglob("lesson-1-*.md"))) == 1 and len(double.calls_to("chat.update")) == 1
        assert "Traceback" not in out + err, err
        assert err.count("Slack: a request was not recorded, so refused with 503") == 1, err
    finally:
        cluster.stop()


def test_the_lesson_form_sent_while_the_database_is_stopped_is_refused_with_503_and_taken_when_sent_again(
        tmp_path, corpus_dir):
    cluster = PostgresCluster()
    try:
        with SlackDouble() as double:
            with serving(tmp_path, corpus_dir, cluster, double) as (url, output):
                sender = SlackSender(f"{url}/slack/events")
                sender.command(slash_command("/lesson", "Boards", double.response_url()))
                double.wait_for("views.open", timeout=60)
                form = view_submission(double.views[-1], LESSON)
                cluster.halt()
                refused = sender.interaction(form)
                cluster.resume()
                taken = sender.interaction(form)  # Slack keeps the form open: its user sends it again
        assert refused.status == 503
        assert taken.status == 200 and "errors" not in taken.body
        err = output.err
        assert "Traceback" not in output.out + err, err
        assert err.count("Slack: a request was not recorded, so refused with 503") == 1, err
    finally:
        cluster.stop()


def test_a_watch_click_while_another_process_holds_peerbot_db_is_refused_in_one_line(tmp_path, corpus_dir):
    """SQLite: another process holds a write lock on `peerbot.db` while "Tell me when someone answers
    this" is clicked: refused with 503 within Slack's 3 s (not Bolt's 404 for a listener that never
    acknowledged), one warning line, no traceback."""
    with SlackDouble() as double:
        port = free_port()
        process = start_serve(_on_sqlite(tmp_path, corpus_dir, port, double))
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process)
            sender = SlackSender(f"{url}/slack/events")
            event = app_mention("zzqx marmalade trombones and who?")
            sender.event(event)
            reply = double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)[0]
            holder = sqlite3.connect(tmp_path / "data" / "peerbot.db", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                refused = sender.interaction(block_actions(
                    "watch_question", _button(reply, "watch_question"), double.response_url(),
                    message={"ts": reply.response["ts"], "blocks": reply.blocks, "text": reply["text"]}))
            finally:
                holder.execute("COMMIT")
                holder.close()
        finally:
            out, err = stop(process)
    assert refused.status == 503
    assert "Traceback" not in out + err, err
    assert "Slack: a request was not recorded, so refused with 503" in err
    assert "the records database did not answer within 2 s" in err


@pytest.mark.parametrize("action, table, question", [
    ("feedback_helpful", "feedback", QUESTION),  # answered: Helpful / Not helpful
    ("watch_question", "answer_watches", "zzqx marmalade trombones and who?"),  # not covered: tell me when answered
])
def test_a_click_refused_while_peerbot_db_is_held_is_not_recorded_later_so_clicking_again_counts_once(
        tmp_path, corpus_dir, action, table, question):
    """Refused after 2 s (another process holds `peerbot.db`), its user told it failed: the write that
    was waiting for the lock must not land once the lock goes, or the click sent again counts twice
    (feedback is one row a click; a watch is one row an asker, whatever happens)."""
    with SlackDouble() as double:
        port = free_port()
        process = start_serve(_on_sqlite(tmp_path, corpus_dir, port, double))
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process)
            sender = SlackSender(f"{url}/slack/events")
            event = app_mention(question)
            sender.event(event)
            reply = double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)[0]
            value = _button(reply, action)
            click = block_actions(action, value, double.response_url(),
                                  message={"ts": reply.response["ts"], "blocks": reply.blocks, "text": reply["text"]})
            holder = sqlite3.connect(tmp_path / "data" / "peerbot.db", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                refused = sender.interaction(click)
            finally:
                holder.execute("COMMIT")
                holder.close()
            again = sender.interaction(click)
        finally:
            out, err = stop(process)  # the refused click's thread has finished by the time serve exits
    with sqlite3.connect(tmp_path / "data" / "peerbot.db") as db:
        recorded = db.execute(f"SELECT COUNT(*) FROM {table} WHERE question_id = ?", (value,)).fetchone()[0]
    assert refused.status == 503 and again.status == 200
    assert recorded == 1
    assert "Traceback" not in out + err, err


def test_an_approve_refused_while_peerbot_db_is_held_approves_nothing_later_and_clicked_again_approves_once(
        tmp_path, corpus_dir):
    """SQLite: another process holds `peerbot.db` while a curator clicks Approve. It was acknowledged
    at once and decided after (a kill meanwhile lost it, and a failure was only a message); now it is
    refused with 503 within Slack's 3 s, the decision waiting for the lock does not land once the
    lock goes, and the click sent again approves the lesson once: one document, one card update."""
    with SlackDouble() as double:
        port = free_port()
        variables = {**_on_sqlite(tmp_path, corpus_dir, port, double), "PEERBOT_CURATORS": "U061F7AUR",
                     "PEERBOT_REVIEW_CHANNEL": "C0REVIEW1"}
        process = start_serve(variables)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process)
            sender = SlackSender(f"{url}/slack/events")
            sender.command(slash_command("/lesson", "Boards", double.response_url()))
            double.wait_for("views.open", timeout=60)
            assert sender.interaction(view_submission(double.views[-1], LESSON)).status == 200
            card = double.wait_for("chat.postMessage", channel="C0REVIEW1", timeout=60)[0]
            approve = block_actions("lesson_approve", _button(card, "lesson_approve"), double.response_url(),
                                    channel="C0REVIEW1", message={"ts": card.response["ts"], "blocks": card.blocks,
                                                                  "text": card["text"]})
            holder = sqlite3.connect(tmp_path / "data" / "peerbot.db", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                refused = sender.interaction(approve)
            finally:
                holder.execute("COMMIT")
                holder.close()
            again = sender.interaction(approve)
            double.wait_for("chat.update", timeout=60)
        finally:
            out, err = stop(process)  # the refused click's thread has finished by the time serve exits
    with sqlite3.connect(tmp_path / "data" / "peerbot.db") as db:
        status = db.execute("SELECT status FROM lessons WHERE id = 1").fetchone()[0]
    assert refused.status == 503 and again.status == 200
    assert status == "approved" and len(list(corpus_dir.rglob("lesson-1-*.md"))) == 1
    assert len(double.calls_to("chat.update")) == 1 and not _told(double)
    assert not list(corpus_dir.rglob(".lesson-*.tmp"))  # the refused decision's document was not left behind
    assert "Traceback" not in out + err, err
