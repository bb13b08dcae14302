"""What the eleventh hostile sweep (benchmarks/hostile_sweep11.py) found, each over the real command
line on a private copy of an indexed corpus, with the Slack double where a command posts.

One row of a state table the earlier sweeps had not damaged, not as peerbot writes it, was a
traceback; now each value is read through `bot/state/columns` (one warning line, read as empty):
- a stored time that is not one (words, NULL, a number, bytes; or without a zone, taken as UTC):
  the time of a question someone waits on stopped `lessons approve` after the lesson was written,
  so no asker was told; a digest record's stopped `digest --post` for every destination;
- the question log's text and JSON (document or enabler ids not JSON of their kind, a question NULL
  or bytes) in the digest's window stopped `digest --preview` and the digest itself;
- a waiting asker's question NULL or bytes stopped `lessons approve`;
- a failed digest record's attempts NULL or not a number was never tried again ("not retried after
  None failed attempts"); it now counts as no attempts;
- a digest record whose status is not one peerbot writes (words, NULL, bytes) was reported "in
  progress" on every run and never posted, even when resent; it is now a post whose outcome is
  unknown (looked for, or posted when resent), as an unconfirmed one is;
- a thread's remembered question stored as bytes was joined to the follow-up as the text
  "b'...'" (over the real server); the follow-up is now read on its own words.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from conftest import indexed_environment
from copied_home import environment, insert, peerbot
from slack_double import BOT_TOKEN, TEAM_ID, PeerbotServer, SlackDouble, SlackSender, app_mention

from bot.digest.config import DigestConfig

NOW = datetime.now(UTC)
_, _, _WEEK_END = DigestConfig((), 1, time(9), ZoneInfo("Europe/London")).covering(NOW)  # the default digest's week
# in the week `digest --post` sends now and in the last six days (before: two days ago, outside that week from
# Wednesday 09:00 to Monday 09:00)
RECENT = (min(_WEEK_END, NOW) - timedelta(hours=1)).astimezone(UTC).isoformat(timespec="seconds")
CHANNEL = "C0LAN2Q65"
QUESTION = {"platform": "slack", "channel": CHANNEL, "question": "How do collaboratives share a staff bank?",
            "answered": 1, "document_ids": "[]", "enabler_ids": "[]", "off_topic": 0, "place": "public",
            "workspace": TEAM_ID, "asked_at": RECENT}  # asked in the Slack double's workspace
LESSON = {"status": "pending", "title": "A shared staff bank", "did": "We pooled bank staff.",
          "learned": "Agree rates first.", "organisation": "Example Health Partnership", "contact": "",
          "contact_agreed": 0, "contributor": "", "contributor_named": 0, "enablers": "[]",
          "question": "How do collaboratives share a staff bank?", "question_id": "", "platform": "slack",
          "submitter": "h:0123456789abcdef0123456789abcdef", "quoted_author": "", "channel": "", "workspace": "",
          "submitted_at": "2026-11-20T10:00:00+00:00", "decided_at": "", "decided_by": "", "document_id": "",
          "review": "{}"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sweep11-template")
    env = indexed_environment(root)
    assert peerbot(env, "migrate").returncode == 0  # the records database
    return root


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "home", symlinks=True)
    return tmp_path / "home"


def slack_environment(home: Path, double: SlackDouble) -> dict[str, str]:
    return environment(home, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=double.api_url, DIGEST_CHANNELS=CHANNEL)


def week_records(home: Path, **record) -> None:
    """The digest record of `slack:CHANNEL` for this week and last (`digest --post` posts the one due)."""
    for days in (0, 7):
        year, week, _ = (NOW - timedelta(days=days)).isocalendar()
        insert(home, "digests", week=f"{year}-W{week:02d}", destination=f"slack:{CHANNEL}", **record)


# -- a waiting asker's question -------------------------------------------------------------------------

@pytest.mark.parametrize("damage", [
    {"asked_at": "last tuesday"}, {"asked_at": None}, {"asked_at": 1732900000}, {"question": None},
    {"question": b"\xff\xfe\x00bad"},
])
def test_a_waiting_askers_question_not_as_peerbot_writes_it_does_not_stop_the_approval_or_the_others(home, damage):
    insert(home, "questions", id="q-damaged", **{**QUESTION, **damage})
    insert(home, "answer_watches", question_id="q-damaged", platform="slack", asker="U0DAMAGED", created_at=RECENT)
    insert(home, "questions", id="q-sound", **QUESTION)
    insert(home, "answer_watches", question_id="q-sound", platform="slack", asker="U0SOUND01", created_at=RECENT)
    insert(home, "lessons", id=1, **{**LESSON, "question_id": "q-damaged"})
    with SlackDouble() as double:
        result = peerbot(slack_environment(home, double), "lessons", "approve", "1")
        told = double.calls_to("chat.postMessage")
    assert result.returncode == 0, result.stderr
    assert "Approved lesson #1" in result.stdout and "Told 2 of 2 people" in result.stdout
    if None not in damage.values():  # NULL is read as empty without a word, as elsewhere
        assert "waiting asker #1's question" in result.stderr and "not as peerbot writes it" in result.stderr
    assert "U0DAMAGED" not in result.stderr  # a person's id is not logged
    assert len(told) == 2 and all("now has an answer" in call.blocks_text + str(call.get("text")) for call in told)


# -- the digest ledger --------------------------------------------------------------------------------

@pytest.mark.parametrize("updated_at", ["yesterday", None, 1732900000, b"\xff"])
def test_a_digest_recorded_as_sent_at_a_time_that_is_not_one_is_not_posted_again(home, updated_at):
    week_records(home, status="sent", attempts=1, updated_at=updated_at, error="")
    with SlackDouble() as double:
        result = peerbot(slack_environment(home, double), "digest", "--post")
        posts = double.calls_to("chat.postMessage")
    assert result.returncode == 0, result.stderr
    assert f"slack:{CHANNEL}: already posted this week (time unknown), nothing to do" in result.stdout
    assert updated_at is None or "'s time is not a time, not as peerbot writes it" in result.stderr
    assert not posts


@pytest.mark.parametrize("updated_at", ["garbage", None, "2026-11-29T10:00:00", "2026-11-29"])
def test_a_digest_being_posted_since_a_time_that_is_not_one_is_looked_for_not_posted_blindly(home, updated_at):
    """Claimed by a run whose claim time is unreadable (or has no zone, taken as UTC): the run may
    have died after posting, so it is treated as a post whose outcome is unknown."""
    week_records(home, status="posting", attempts=1, updated_at=updated_at, error="")
    with SlackDouble() as double:
        result = peerbot(slack_environment(home, double), "digest", "--post")
        posts = double.calls_to("chat.postMessage")
    assert result.returncode == 1, result.stderr
    assert f"peerbot: error: slack:{CHANNEL}: an earlier post may have arrived" in result.stderr
    assert f"peerbot digest --post --resend slack:{CHANNEL}" in result.stderr
    assert not posts


def test_a_digest_whose_outcome_is_unknown_at_a_time_that_is_not_one_is_posted_when_resent(home):
    week_records(home, status="unconfirmed", attempts=1, updated_at="who knows", error="a time-out")
    with SlackDouble() as double:
        result = peerbot(slack_environment(home, double), "digest", "--post", "--resend", f"slack:{CHANNEL}")
        posts = double.calls_to("chat.postMessage", channel=CHANNEL)
    assert result.returncode == 0, result.stderr
    assert f"slack:{CHANNEL}: posted" in result.stdout
    assert len(posts) == 1


@pytest.mark.parametrize("attempts", [None, "many"])
def test_a_failed_digest_whose_attempts_are_not_a_number_is_tried_again(home, attempts):
    week_records(home, status="failed", attempts=attempts, updated_at=RECENT, error="channel_not_found")
    with SlackDouble() as double:
        result = peerbot(slack_environment(home, double), "digest", "--post")
        posts = double.calls_to("chat.postMessage", channel=CHANNEL)
    assert result.returncode == 0, result.stderr
    assert f"slack:{CHANNEL}: posted" in result.stdout
    assert len(posts) == 1


@pytest.mark.parametrize("status", ["garbage", None, b"\xff"])
def test_a_digest_record_whose_status_peerbot_does_not_write_is_an_unknown_outcome_not_in_progress(home, status):
    """It is looked for (the double cannot be read: the operator is told how to resend) and posted,
    once, when resent; not "in progress" on every run and never posted."""
    week_records(home, status=status, attempts=1, updated_at=RECENT, error="")
    with SlackDouble() as double:
        env = slack_environment(home, double)
        looked = peerbot(env, "digest", "--post")
        resent = peerbot(env, "digest", "--post", "--resend", f"slack:{CHANNEL}")
        again = peerbot(env, "digest", "--post")
        posts = double.calls_to("chat.postMessage", channel=CHANNEL)
    assert looked.returncode == 1, looked.stderr
    assert f"peerbot: error: slack:{CHANNEL}: an earlier post may have arrived" in looked.stderr
    assert "another run has been posting it" not in looked.stderr
    assert "'s status is not one of posting, sent, failed, unconfirmed" in looked.stderr
    assert "read as unconfirmed" in looked.stderr
    assert resent.returncode == 0, resent.stderr
    assert f"slack:{CHANNEL}: posted" in resent.stdout
    assert again.returncode == 0 and f"slack:{CHANNEL}: already posted this week" in again.stdout
    assert len(posts) == 1


# -- a thread's remembered question, under the real server ---------------------------------------------

def test_a_threads_question_stored_as_bytes_leaves_the_follow_up_on_its_own_words(settings, shared_answerer, caplog):
    """Alone, "zzqx and who?" is not answered; read with the thread's question as the text
    "b'wellbeing hub for staff'" it was answered from the wellbeing hub's passages. (A number cannot
    be stored there: SQLite keeps it as text in a TEXT column, PostgreSQL refuses it.)"""
    with SlackDouble() as double, PeerbotServer(settings, shared_answerer.corpus, double) as server:
        slack = SlackSender(server.events_url)
        root = app_mention("wellbeing hub for staff")
        slack.event(root)
        double.wait_for("chat.postMessage")
        with sa.create_engine(f"sqlite:///{settings.state_db_path}").begin() as db:
            db.execute(sa.text("UPDATE threads SET question = :stored"), {"stored": b"wellbeing hub for staff"})
        with caplog.at_level("WARNING", logger="bot.state.columns"):
            slack.event(app_mention("zzqx and who?", thread_ts=root["event"]["ts"]))
            follow_up = double.wait_for("chat.postMessage", 2)[1]
    assert "a thread's question is bytes, not text, not as peerbot writes it: read as empty" in caplog.text
    assert not follow_up.blocks_text.startswith("Here is what peers have learned")
    assert "wellbeing hub" not in follow_up.blocks_text and "b'" not in follow_up.blocks_text


# -- the question log in the digest's window ----------------------------------------------------------

@pytest.mark.parametrize(("damage", "line"), [
    ({"document_ids": "doc-1,doc-2"}, "question q-damaged's document_ids is not JSON"),
    ({"document_ids": None}, ""),
    ({"enabler_ids": "7"}, "question q-damaged's enabler_ids is not a JSON list of text"),
    ({"enabler_ids": '[{"id": 1}]'}, "question q-damaged's enabler_ids is not a JSON list of text"),
    ({"question": None, "answered": 0}, ""),
    ({"question": b"\xff\xfe", "answered": 0}, "question q-damaged's question is bytes, not text"),
])
def test_a_logged_question_not_as_peerbot_writes_it_does_not_stop_the_digest(home, damage, line):
    insert(home, "questions", id="q-damaged", **{**QUESTION, "question": "How do trusts share back-office staff?",
                                                 **damage})
    insert(home, "questions", id="q-sound", **{**QUESTION, "question": "How did others set up a joint committee?"})
    since = (NOW - timedelta(days=6)).date().isoformat()
    result = peerbot(environment(home), "digest", "--preview", "--since", since)
    assert result.returncode == 0, result.stderr
    assert "How did others set up a joint committee?" in result.stdout
    assert line in result.stderr
    with SlackDouble() as double:
        posted = peerbot(slack_environment(home, double), "digest", "--post")
        [post] = double.calls_to("chat.postMessage", channel=CHANNEL)
    assert posted.returncode == 0, posted.stderr
    assert "How did others set up a joint committee?" in post.blocks_text
