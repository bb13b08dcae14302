"""`peerbot digest` and `peerbot schedule` as a user runs them, end to end against the local
Slack Web API double (tests/slack_double.py), with the hashing model and temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import KNOWLEDGE
from slack_double import BOT_TOKEN, TEAM_ID, SlackDouble
from state_rows import count
from test_startup import modules_loaded_after

from bot.answer import Answer
from bot.cli import main
from bot.corpus import open_corpus
from bot.digest import messages
from bot.digest.config import DigestConfig
from bot.settings import Settings
from bot.state import StateStore
from index.hashing_embedder import HashingEmbedder

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ("C0AAA1111", "C0BBB2222", "C0GONE333")


@pytest.fixture
def slack():
    with SlackDouble() as double:
        yield double


@pytest.fixture(scope="module")
def built_index(tmp_path_factory) -> Path:
    """The bundled corpus's hashing index, built once for the module: each test's data folder starts
    from a copy of it (its knowledge folder is a copy of the same files, times kept), as conftest's
    `corpus` does, instead of each test's first command building it (a test that changes its
    knowledge folder still has it rebuilt by the command)."""
    root = tmp_path_factory.mktemp("digest-built")
    built = Settings(data_dir=root / "data", knowledge_dir=KNOWLEDGE, model="hashing")
    corpus, _ = open_corpus(built, HashingEmbedder())
    corpus.close()
    return built.index_dir


@pytest.fixture
def env(settings: Settings, slack: SlackDouble, built_index: Path, monkeypatch) -> dict[str, str]:
    shutil.copytree(built_index, settings.index_dir, symlinks=True)
    values = {
        "PEERBOT_DATA_DIR": str(settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "PEERBOT_MODEL": "hashing", "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url,
        "DIGEST_CHANNELS": ",".join(CHANNELS),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def posted_channels(slack: SlackDouble) -> list[str]:
    return [c["channel"] for c in slack.calls_to("chat.postMessage") if c.ok]


def test_post_sends_the_digest_once_per_channel_and_a_second_run_says_why_it_posts_nothing(env, slack, capsys):
    assert main(["digest", "--post"]) == 0
    out = capsys.readouterr().out
    assert [f"slack:{c}: posted" for c in CHANNELS] == out.splitlines()[:3]
    assert "posted to 3 of 3 destinations." in out
    assert sorted(posted_channels(slack)) == sorted(CHANNELS)
    call = slack.calls_to("chat.postMessage")[0]
    assert call.token == BOT_TOKEN and call.blocks[0]["type"] == "header" and messages.TITLE in call["text"]
    assert messages.FEATURE_HEADING in call.blocks_text
    assert main(["digest", "--post"]) == 0
    again = capsys.readouterr().out
    assert all(f"slack:{c}: already posted this week (" in again for c in CHANNELS)
    assert "posted to 0 of 3 destinations; all already had it." in again  # not read as a failure
    assert len(slack.calls_to("chat.postMessage")) == 3


def test_a_channel_peerbot_was_not_invited_to_says_how_to_invite_it(env, slack, capsys):
    slack.fail("chat.postMessage", "not_in_channel", channel="C0GONE333", times=1)
    assert main(["digest", "--post"]) == 1
    assert capsys.readouterr().err == (
        "peerbot: error: slack:C0GONE333: failed (Slack answered not_in_channel: invite peerbot to the channel: "
        "/invite @peerbot); attempt 1 of 5, will be retried\n")


def test_a_channel_that_fails_does_not_stop_the_others_is_reported_and_retried(env, slack, capsys):
    slack.fail("chat.postMessage", "channel_not_found", channel="C0GONE333", times=1)
    assert main(["digest", "--post"]) == 1
    printed = capsys.readouterr()
    assert printed.err == ("peerbot: error: slack:C0GONE333: failed (Slack answered channel_not_found: check the channel "
                           "id in DIGEST_CHANNELS (a private channel needs peerbot invited)); attempt 1 of 5, will be "
                           "retried\n")  # a failure is one line on standard error, not only on standard output
    assert printed.out.splitlines()[:2] == ["slack:C0AAA1111: posted", "slack:C0BBB2222: posted"]
    assert printed.out.splitlines()[2].endswith(": posted to 2 of 3 destinations; 1 failed.")
    assert sorted(posted_channels(slack)) == ["C0AAA1111", "C0BBB2222"]
    assert main(["digest", "--post"]) == 0  # the channel is back: only it gets the digest now
    assert "slack:C0GONE333: posted" in capsys.readouterr().out
    assert sorted(posted_channels(slack)) == sorted(CHANNELS)


def test_a_rate_limited_post_is_retried_after_retry_after_and_sent_once(env, slack, capsys):
    slack.rate_limit("chat.postMessage", times=1, retry_after=0)
    assert main(["digest", "--post"]) == 0
    assert [c.status for c in slack.calls_to("chat.postMessage")][:2] == [429, 200]
    assert sorted(posted_channels(slack)) == sorted(CHANNELS)


def test_a_post_whose_answer_was_lost_is_never_posted_twice_and_resend_posts_it_once_checked(env, slack, capsys):
    """The connection drops after Slack read the post: it may be in the channel. The next run
    (peerbot cannot read the channel with the manifest's scopes) says so instead of posting it again;
    `--resend` posts it once the operator has looked."""
    env["DIGEST_CHANNELS"] = "C0AAA1111"
    slack.fault("chat.postMessage", "drop", took_effect=True)
    first = run_cli(env, "digest", "--post")
    assert first.returncode == 1
    assert first.stderr.startswith("peerbot: error: slack:C0AAA1111: sent, but its answer was lost or unreadable (")
    assert "run: peerbot digest --post --resend slack:C0AAA1111" in first.stderr
    assert "may have it" in first.stdout.splitlines()[-1]
    second = run_cli(env, "digest", "--post")
    assert second.returncode == 1 and len(slack.posted) == 1  # not posted again blindly
    [line] = second.stderr.splitlines()
    assert len(second.stdout.splitlines()) == 1 and "posted to 0 of 1 destination; 1 may have it" in second.stdout
    assert line.startswith("peerbot: error: slack:C0AAA1111: an earlier post may have arrived (") and "cannot read" in line
    assert line.endswith("run: peerbot digest --post --resend slack:C0AAA1111")
    assert slack.calls_to("conversations.history")[-1].response["error"] == "missing_scope"
    resent = run_cli(env, "digest", "--post", "--resend", "slack:C0AAA1111")
    assert resent.returncode == 0 and resent.stdout.startswith("slack:C0AAA1111: posted")
    assert len(slack.posted) == 2  # as the operator asked
    assert "already posted this week" in run_cli(env, "digest", "--post").stdout and len(slack.posted) == 2


@pytest.mark.parametrize("arrived", [True, False])
def test_with_a_history_scope_a_lost_answer_is_looked_for_and_posted_only_if_missing(env, slack, arrived):
    env["DIGEST_CHANNELS"] = "C0AAA1111"
    slack.scopes.add("channels:history")
    slack.fault("chat.postMessage", "drop", took_effect=arrived)
    assert run_cli(env, "digest", "--post").returncode == 1
    second = run_cli(env, "digest", "--post")
    assert second.returncode == 0, second.stdout
    assert len(slack.posted) == 1
    expected = "slack:C0AAA1111: the earlier post (" if arrived else "slack:C0AAA1111: posted"
    assert second.stdout.startswith(expected)


def test_resend_names_only_a_destination_and_only_with_post(env, slack):
    wrong = run_cli(env, "digest", "--post", "--resend", "slack:C0NOTHERE")
    assert wrong.returncode == 1 and wrong.stdout == "" and slack.posted == []
    assert wrong.stderr.strip().splitlines() == [
        "peerbot: error: --resend slack:C0NOTHERE: not a digest destination (they are: "
        + ", ".join(f"slack:{c}" for c in CHANNELS) + ")"]
    alone = run_cli(env, "digest", "--preview", "--resend", "slack:C0AAA1111")
    assert alone.returncode != 0 and "--resend goes with --post" in alone.stderr and "Traceback" not in alone.stderr


def run_cli(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("mapped_by", ["slack_user_id", "email"])
def test_contacts_mapped_in_contacts_yaml_are_named_never_mentioned(env, slack, answerer, settings, capsys, mapped_by):
    """A digest is read by a channel: a mention would notify each person it names every week (stop 38)."""
    names = sorted({p.name for p in answerer.index.people.values()})
    people = [{"name": name, mapped_by: f"U0{i:07d}" if mapped_by == "slack_user_id" else f"person{i}@nhs.example"}
              for i, name in enumerate(names)]
    slack.users_by_email.update({f"person{i}@nhs.example": f"U0{i:07d}" for i in range(len(names))})
    (settings.knowledge_dir / "contacts.yaml").write_text(yaml.safe_dump({"people": people}))
    assert main(["digest", "--post"]) == 0
    text = slack.calls_to("chat.postMessage")[0].blocks_text
    assert "<@U" not in text and any(f"• *{name}*" in text for name in names)  # the people, by name in bold
    assert not slack.calls_to("users.lookupByEmail")


def test_slack_out_of_reach_is_reported_per_channel(env, monkeypatch, capsys):
    from slack_double import free_port

    url = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    monkeypatch.setenv("SLACK_API_URL", url)
    assert main(["digest", "--post"]) == 1
    printed = capsys.readouterr()
    assert f"peerbot: error: slack:C0AAA1111: failed (cannot reach Slack at {url} (" in printed.err
    assert len(printed.err.splitlines()) == 3 and printed.out.endswith(": posted to 0 of 3 destinations; 3 failed.\n")


@pytest.mark.parametrize("enterprise", [None, "E0GRID0001"])  # a workspace of an Enterprise Grid too (sweep 10)
def test_a_channel_named_with_its_workspace_is_posted_with_that_workspaces_installed_token(env, slack, settings,
                                                                                        monkeypatch, capsys, enterprise):
    from slack_double import CLIENT_ID, CLIENT_SECRET
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    second = "xoxb-second-workspace-token"
    for name, value in {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                        "SLACK_STATE_SECRET": "a-long-random-state-secret-of-40-characters",
                        "DIGEST_CHANNELS": "C0AAA1111,T0SECOND01:C0SEC0001,T0NOTHERE1:C0NOT0001"}.items():
        monkeypatch.setenv(name, value)
    assert main(["migrate"]) == 0  # the installation tables, as a deployment's release step makes them
    state = StateStore(settings.state_db_path)
    store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=state.engine)
    store.save(Installation(app_id="A0PEER", team_id="T0SECOND01", user_id="U0INSTALL", bot_token=second,
                            bot_id="B0SECOND", bot_user_id="U0SECBOT", bot_scopes=["chat:write"],
                            enterprise_id=enterprise))
    state.close()
    slack.installed[second] = "T0SECOND01"  # the token Slack handed out when that workspace installed peerbot
    config = DigestConfig.from_settings(Settings.from_env())
    start, _ = config.window(config.week_of(datetime.now(UTC)))
    seed_questions(settings, (start + timedelta(hours=1)).isoformat())  # asked publicly in the token's own workspace
    capsys.readouterr()

    assert main(["digest", "--post"]) == 1
    printed = capsys.readouterr()
    out = printed.out + printed.err
    assert "slack:C0AAA1111: posted" in printed.out and "slack:T0SECOND01:C0SEC0001: posted" in printed.out
    assert ("peerbot: error: slack:T0NOTHERE1:C0NOT0001: failed (peerbot is not installed in Slack workspace "
            "T0NOTHERE1)") in printed.err
    posts = {c["channel"]: c for c in slack.calls_to("chat.postMessage") if c.ok}
    assert posts["C0AAA1111"].token == BOT_TOKEN and posts["C0SEC0001"].token == second
    assert "committee in common" in posts["C0AAA1111"].blocks_text  # its own workspace's public question
    assert "committee in common" not in posts["C0SEC0001"].blocks_text  # another workspace's is not shown
    assert second not in out


def seed_questions(settings: Settings, asked_at: str) -> None:
    state = StateStore(settings.state_db_path)
    public = {"place": "public", "workspace": TEAM_ID, "asked_at": asked_at}
    question_id = state.log_question(Answer("How do we set up a committee in common?", True), "slack",
                                     "C0ASKER01", **public)
    state.log_question(Answer("What did others learn about car parking?", False), "slack", "C0ASKER01", **public)
    state.record_feedback(question_id, helpful=False, platform="slack")
    state.close()


def test_preview_prints_the_week_as_text_and_json_without_posting_or_recording(env, slack, settings, capsys):
    seed_questions(settings, "2026-11-10T10:00:00+00:00")
    assert main(["digest", "--preview", "--week", "2026-W47"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{messages.TITLE}\nWeek 2026-W47 · 9 Nov 09:00 to 16 Nov 09:00\n")
    assert "2 questions in public channels this week, 1 answered." in text and "“How do we set up a committee in common?” (marked not helpful)" in text
    assert "“What did others learn about car parking?” (no answer)" in text
    assert messages.LIBRARY_HEADING in text  # nothing new to the index that week: a lesson from the library
    assert main(["digest", "--preview", "--json", "--week", "2026-W47"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["week"], data["start"], data["end"]) == ("2026-W47", "2026-11-09T09:00:00+00:00", "2026-11-16T09:00:00+00:00")
    assert data["questions"]["count"] == 2 and data["enabler_of_the_week"]["practice"]["document"]["url"]
    assert [g["question"] for g in data["gaps"]] == ["How do we set up a committee in common?",
                                                     "What did others learn about car parking?"]
    assert "C0ASKER01" not in json.dumps(data)
    assert slack.calls == [] and StateStore(settings.state_db_path).digest_records("2026-W47") == []


def test_a_gap_is_quoted_as_peerbot_read_it_with_its_misspellings_corrected(env, settings, capsys):
    """The knowledge gaps quoted a question as typed, misspellings and all: they now show it as the
    answer searched it (spelling corrected against the corpus), still redacted."""
    state = StateStore(settings.state_db_path)
    public = {"place": "public", "workspace": TEAM_ID, "asked_at": "2026-11-10T10:00:00+00:00"}
    state.log_question(Answer("What did otehrs lern about car parkng?", False), "slack", "C0ASKER01", **public)
    state.close()
    assert main(["digest", "--preview", "--json", "--week", "2026-W47"]) == 0
    assert [g["question"] for g in json.loads(capsys.readouterr().out)["gaps"]] == ["What did others learn about car parking?"]


@pytest.mark.parametrize("now, zone, week, start, next_due", [
    # Sunday evening in London: W47's digest went out on Monday 16th (`--post` sends it to a channel that
    # lacks it); the next is Monday 23rd's, W48
    (datetime(2026, 11, 22, 18, 0, tzinfo=UTC), "Europe/London", "2026-W47", "2026-11-09T09:00:00+00:00", "2026-W48"),
    # Sunday 23:30 UTC is already Monday 12:30 in Auckland, after that week's 09:00 digest went out
    (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Pacific/Auckland", "2026-W48", "2026-11-16T09:00:00+13:00",
     "2026-W49"),
    # Monday 08:00 in London, before that day's 09:00 digest: this week's is the next one due itself
    (datetime(2026, 11, 16, 8, 0, tzinfo=UTC), "Europe/London", "2026-W47", "2026-11-09T09:00:00+00:00", ""),
])
def test_preview_shows_what_post_sends_now_and_says_which_week_first(env, slack, settings, capsys, monkeypatch, now,
                                                                      zone, week, start, next_due):
    """The digest trial previewed 2026-W50 (the next one due) and then `--post` sent 2026-W49: now
    `--preview` alone shows the week `--post` sends now, its first line naming it and the next one
    due. On a fixed clock (the command's `datetime` replaced, as tests/test_digest_schedule.py
    freezes APScheduler's), with the default Monday 09:00 in DIGEST_TIMEZONE."""
    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz)

    monkeypatch.setattr("bot.cli.digest.datetime", FrozenDatetime)
    monkeypatch.setenv("DIGEST_TIMEZONE", zone)
    assert main(["digest", "--preview", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["week"], data["start"]) == (week, start)
    assert main(["digest", "--preview"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"Week {week}'s digest, as `peerbot digest --post` sends it now")
    assert first.endswith(f"the next one due: `--week {next_due}`." if next_due else "has not had it).")
    assert main(["digest", "--post"]) == 0
    assert f"{week}" in capsys.readouterr().out  # the week `--post` just posted


def test_a_follow_up_in_a_thread_is_counted_but_never_shown_as_an_example_out_of_its_thread(env, settings):
    """"tell me more" or "who led it?" means nothing in a channel's digest: only questions that
    stand alone are its examples, though every question is counted."""
    state = StateStore(settings.state_db_path)
    public = {"place": "public", "workspace": TEAM_ID, "asked_at": "2026-11-10T10:00:00+00:00"}
    asked = [("How do boards build trust in a collaborative?", True), ("tell me more", True),
             ("who should I talk to about this?", True), ("and who led it?", True),
             ("How did trusts fund their programme team?", True)]
    for question, answered in asked:
        state.log_question(Answer(question, answered), "slack", "C0ASKER01", **public)
    state.close()
    result = subprocess.run([sys.executable, "-m", "bot.cli", "digest", "--preview", "--json", "--week", "2026-W47"],
                            capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["questions"]["count"] == 5
    assert data["questions"]["examples"] == ["How do boards build trust in a collaborative?",
                                             "How did trusts fund their programme team?"]


def test_preview_since_a_date_covers_until_now_and_shows_lessons_new_to_the_index(env, settings, capsys):
    seed_questions(settings, (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds"))
    yesterday = date.today() - timedelta(days=1)
    assert main(["digest", "--preview", "--json", "--since", yesterday.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["start"].startswith(yesterday.isoformat()) and data["questions"]["count"] == 2
    assert {n["status"] for n in data["lessons"]} == {"new"} and data["library"] is None  # just indexed


def test_preview_since_a_date_is_labelled_with_the_period_it_covers_not_this_week(env):
    """Before: `--since` three weeks back was labelled "Week <this week> · ..."."""
    from bot.digest.week import Week

    since = date.today() - timedelta(days=20)
    result = run_cli(env, "digest", "--preview", "--since", since.isoformat())
    assert result.returncode == 0, result.stderr
    label = result.stdout.splitlines()[1]
    this_week = Week.of(datetime.now(ZoneInfo("Europe/London")))
    assert label.startswith(f"{since.day} {since:%b} 00:00 to ") and not label.startswith("Week")
    assert label.endswith(f" · weeks {Week.of(since)} to {this_week}")
    data = json.loads(run_cli(env, "digest", "--preview", "--json", "--since", since.isoformat()).stdout)
    assert data["week"] is None and data["start"].startswith(since.isoformat())


def test_an_empty_corpus_previews_a_clear_message_and_posts_nothing(env, slack, settings, capsys):
    shutil.rmtree(settings.index_dir)  # never built: an index kept from before the folder was emptied is not this case
    for path in settings.knowledge_dir.glob("*.md"):
        path.unlink()
    assert main(["digest", "--preview"]) == 0
    assert "The lessons library is empty" in capsys.readouterr().out
    assert main(["digest", "--post"]) == 1
    assert "nothing to post: the lessons library is empty" in capsys.readouterr().err
    assert slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize("argv, error", [
    (["--preview", "--week", "2026-47"], "argument --week: a week must look like 2026-W47 (ISO year and week number), got '2026-47'"),
    (["--preview", "--week", "2027-W53"], "argument --week: 2027 has no week 53"),
    (["--preview", "--since", "16/11/2026"], "argument --since: must be a date like 2026-11-16, got '16/11/2026'"),
    (["--preview", "--since", "2999-01-01"], "argument --since: 2999-01-01 is not in the past"),
])
def test_bad_options_give_one_clear_line(env, capsys, argv, error):
    """A mistaken command line: usage, then one line naming the option, exit status 2 (test_cli_usage_errors)."""
    with pytest.raises(SystemExit) as exited:
        main(["digest", *argv])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"peerbot digest: error: {error}"


@pytest.mark.parametrize("variable, value, error", [
    ("DIGEST_CHANNELS", "#general", "DIGEST_CHANNELS must list Slack channel ids like C0123ABCD (not names), or "
                                    "T0123ABCD:C0123ABCD for a channel of a workspace peerbot was installed into, got '#general'"),
    ("DIGEST_CHANNELS", "T0SECOND01:C0SEC0001", "DIGEST_CHANNELS names a workspace (T0SECOND01:C0SEC0001), so "
                                                "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET must be set "
                                                "(peerbot installed into many workspaces)"),
    ("DIGEST_DAY", "funday", "DIGEST_DAY must be a day of the week (mon, tue, wed, thu, fri, sat or sun), got 'funday'"),
    ("DIGEST_TIME", "9am", "DIGEST_TIME must be a 24-hour time like 09:00, got '9am'"),
    ("DIGEST_TIMEZONE", "Mars/Olympus", "DIGEST_TIMEZONE must be a time zone name like Europe/London, got 'Mars/Olympus'"),
    ("SLACK_BOT_TOKEN", "not-a-bot-token", "DIGEST_CHANNELS is set, so SLACK_BOT_TOKEN must be a bot token (xoxb-...)"),
])
def test_bad_settings_name_the_variable(env, monkeypatch, capsys, variable, value, error):
    monkeypatch.setenv(variable, value)
    assert main(["digest", "--post"]) == 1
    assert capsys.readouterr().err == f"peerbot: error: {error}\n"


def test_without_destinations_post_and_schedule_say_what_to_set(env, monkeypatch, capsys):
    monkeypatch.delenv("DIGEST_CHANNELS")
    assert main(["digest", "--post"]) == 1
    assert "no digest destinations: set DIGEST_CHANNELS" in capsys.readouterr().err
    assert main(["schedule"]) == 1
    assert "nothing to schedule: set DIGEST_CHANNELS" in capsys.readouterr().err


def test_digest_and_schedule_help_do_not_load_the_model_stack():
    assert modules_loaded_after(["digest", "--help"], ["schedule", "--help"], ["digest", "--preview", "--week", "x"]) == []


def test_the_clock_process_posts_a_missed_digest_on_start_and_a_restart_posts_nothing(env, slack):
    """`peerbot schedule` as Procfile's clock process runs it: started after this week's time (the
    time is set to the current minute), it catches up at once; restarted, it finds the week done."""
    now = datetime.now(ZoneInfo("Europe/London"))
    process_env = {**os.environ, **env, "DIGEST_DAY": f"{now:%a}".lower(), "DIGEST_TIME": f"{now:%H:%M}",
                   "PEERBOT_RETENTION_DAYS": "1"}
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    state.log_question(Answer("asked three days ago", True), "slack", "C0OLD", place="public",
                       asked_at=(datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds"))
    state.close()
    first = start_schedule(process_env)
    try:
        started = read_until(first, "weekly digest every")  # not "next run" with a time already past
        assert "is posted now if it has not gone out" in started and "next run" not in started
        assert "apscheduler" not in started  # its "Adding job tentatively …": peerbot's own line says what is set
        slack.wait_for("chat.postMessage", count=3)
        assert "Digest " in read_until(first, "posted to 3 of 3 destinations")
    finally:
        stop(first)
    second = start_schedule(process_env)
    try:
        assert "already posted this week" in read_until(second, "posted to 0 of 3 destinations")
    finally:
        stop(second)
    assert first.returncode == 0 and second.returncode == 0
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert count(StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db"), "questions") == 0  # retention on start


def start_schedule(process_env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "schedule"], env=process_env, cwd=ROOT,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def read_until(process: subprocess.Popen, wanted: str, limit: float = 120) -> str:
    """Standard error up to the first line containing `wanted` (the process is stopped after `limit` s)."""
    guard = threading.Timer(limit, process.kill)
    guard.start()
    seen = []
    try:
        for line in process.stderr:
            seen.append(line)
            if wanted in line:
                return "".join(seen)
    finally:
        guard.cancel()
    raise AssertionError(f"no line with {wanted!r}; standard error was:\n{''.join(seen)}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_stopped_clock_does_not_wait_on_a_slow_slack_and_the_post_it_cut_short_is_seen_to_once(env, slack,
                                                                                                    monkeypatch):
    """`peerbot schedule` had no deadline after SIGTERM: a digest post hanging on a slow Slack kept the
    clock from stopping. Now it exits by STOP_SECONDS; the post it cut short keeps its claim in the
    ledger, which the next run finds in progress (and is to try again, not give up on), and once the
    claim's lease lapses it is looked for in the channel and not posted again."""
    import asyncio

    from bot.cli.digest import post_now
    from bot.digest.posting import POSTING_LEASE
    from bot.digest.schedule import STOP_SECONDS

    now = datetime.now(ZoneInfo("Europe/London"))
    monkeypatch.setenv("DIGEST_CHANNELS", "C0AAA1111")
    process_env = {**os.environ, "DIGEST_DAY": f"{now:%a}".lower(), "DIGEST_TIME": f"{now:%H:%M}"}
    slack.scopes.add("channels:history")
    slack.fault("chat.postMessage", "slow", seconds=120, took_effect=True)
    clock = start_schedule(process_env)
    try:
        read_until(clock, "weekly digest every")
        slack.wait_for("chat.postMessage")  # the post is in the channel; Slack's answer is held back
        clock.send_signal(signal.SIGTERM)
        clock.wait(STOP_SECONDS + 15)  # before: still running when Slack answered two minutes later
        said = clock.stderr.read()
    finally:
        if clock.poll() is None:
            clock.kill()
            clock.wait()
    assert clock.returncode == 0 and "still stopping after" in said, said
    slack.heal("chat.postMessage")
    config = DigestConfig.from_settings(Settings.from_env())
    week = config.week_of(datetime.now(UTC))
    restarted = asyncio.run(post_now(Settings.from_env(), config, week))
    assert [o.status for o in restarted.outcomes] == ["in_progress"] and restarted.retryable
    later = asyncio.run(post_now(Settings.from_env(), config, week,
                                 lambda: datetime.now(UTC) + POSTING_LEASE + timedelta(minutes=1)))
    assert later.outcomes[0].message.startswith("slack:C0AAA1111: the earlier post (") and later.ok
    assert len(slack.posted) == 1  # never lost, never twice
