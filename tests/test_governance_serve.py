"""Information governance in `peerbot serve` as a real process, with Slack (against the Web API
double) and Teams (anonymous, against the connector double) on one port:

- a synthetic patient question asked every way peerbot can be asked leaves no patient identifier
  in any table of any SQLite file under the data folder, in any byte of any file there, or in
  anything the server printed;
- with PEERBOT_RETENTION_DAYS=1, records back-dated by two days are gone once serve has started.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from serve_process import start_serve, wait_for_health
from serve_process import stop as stop_process
from slack_double import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    free_port,
    message_shortcut,
    slash_command,
)
from state_rows import count, execute, rows
from teams_doubles import TEAM, ConnectorDouble, feedback, members, message, send

from bot.answer import Answer
from bot.state import StateStore

PATIENT = ("Patient John Smith, DOB 01/02/1960, postcode LS1 4AP, NHS no. 943-476-5919, ring 07700 900123 or "
           "email john.smith@example.com … how do collaboratives share staff?")
IDENTIFIERS = ("John Smith", "Smith", "01/02/1960", "1960", "LS1 4AP", "4AP", "943-476-5919", "9434765919", "5919",
               "07700 900123", "900123", "john.smith@example.com", "john.smith")


@pytest.fixture
def env(tmp_path, corpus_dir, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "DIGEST_CHANNELS", "PEERBOT_HASH_KEY", "PEERBOT_RETENTION_DAYS",
                 "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"):
        monkeypatch.delenv(name, raising=False)
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()),
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "TEAMS_ALLOW_ANONYMOUS": "1"}


def every_table(data: Path) -> str:
    """Every row of every table of every SQLite file under `data`, as text."""
    dumped = []
    for path in sorted(p for p in data.rglob("*") if p.is_file() and p.read_bytes()[:16] == b"SQLite format 3\x00"):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            assert tables, path
            for table in tables:
                dumped += [f"{path.name}.{table}: {row!r}" for row in db.execute(f'SELECT * FROM "{table}"')]
    return without_digests("\n".join(dumped).encode()).decode()


def without_digests(data: bytes) -> bytes:
    """`data` without hex digests and UUIDs (keyed hashes, ids): a random one may hold a short run
    of digits such as "1960" by chance, which is not an identifier stored."""
    return re.sub(rb"(?i)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{32,}", b"", data)


def holds(data: bytes | str, identifier: str) -> bool:
    """Whether `identifier` is in `data`; a number only where no digit adjoins it, since a clock
    reading such as 1796000582.4719601 may hold "1960" by chance."""
    pattern = re.escape(identifier)
    if identifier.isdigit():
        pattern = rf"(?<![0-9]){pattern}(?![0-9])"
    return re.search(pattern.encode(), data if isinstance(data, bytes) else data.encode()) is not None


def test_a_patient_question_asked_through_slack_and_teams_leaves_no_identifier_anywhere(env):
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url)
        try:
            url = f"http://127.0.0.1:{env['PORT']}"
            assert wait_for_health(url, process) == {"status": "ok", "slack": "http", "teams": "anonymous"}
            slack = SlackSender(f"{url}/slack/events")
            mention = app_mention(PATIENT, channel="C0PUBLIC01")
            for request in (
                lambda: slack.event(direct_message(PATIENT, channel="D0PNCRP9N")),
                lambda: slack.event(mention),
                lambda: slack.event(app_mention(f"and for {PATIENT}", thread_ts=mention["event"]["ts"])),
                lambda: slack.command(slash_command("/peer", PATIENT, slack_api.response_url("peer"))),
                lambda: slack.interaction(message_shortcut(PATIENT, slack_api.response_url("shortcut"))),
            ):
                assert request().status == 200
            slack_api.wait_for("chat.postMessage", 4)  # the DM, the mention, the follow-up, Ask peerbot
            # the private answer, with its buttons (a channel question's identifying-details warning is
            # also sent to the asker alone, in whichever order the two arrive)
            ephemeral = next(call for count in range(1, 6) for call in slack_api.wait_for("chat.postEphemeral", count)
                             if any(b["type"] == "actions" for b in call.blocks))
            warned = [c for c in slack_api.calls_to("chat.postEphemeral") if "could identify someone" in c.blocks_text]
            assert warned and all("Smith" not in c.blocks_text for c in warned)  # privately, and redacted
            buttons = {e["action_id"]: e for b in ephemeral.blocks if b["type"] == "actions" for e in b["elements"]}
            for action in ("feedback_not_helpful", "share_answer"):
                click = block_actions(action, buttons[action]["value"], slack_api.response_url("click"),
                                      channel="C2147483705", ephemeral=True)
                assert slack.interaction(click).status == 200
            slack_api.wait_for("chat.postMessage", 5)  # and the share
            [shared] = [c for c in slack_api.calls_to("chat.postMessage") if "shared peerbot's answer" in c.blocks_text]
            assert "[name]" in shared.blocks_text and "Smith" not in shared.blocks_text  # shared redacted

            async def teams() -> list:
                async with ConnectorDouble() as connector:
                    s = connector.url
                    for activity in (members(s, added=True), message(s, PATIENT, activity_id="t1"),
                                     message(s, PATIENT, conversation=f"{TEAM};messageid=9", kind="channel",
                                             mention=True, activity_id="t2")):
                        assert (await send(f"{url}/api/messages", activity))[0] == 202
                    await connector.wait_for_posts(3)  # the replies come after the acknowledgements, and
                    # the channel question's identifying-details warning goes to its asker's personal chat
                    [warned] = [p for p in connector.posts if p.conversation_id.startswith("a:personal-29:")]
                    assert "could identify someone" in warned.activity["text"] and "Smith" not in warned.activity["text"]
                    [reply] = [p for p in connector.posts if p.reply_to == "t1"]
                    card = reply.activity["attachments"][0]["content"]
                    click = feedback(s, card["actions"][1]["data"]["question_id"], helpful=False)
                    assert (await send(f"{url}/api/messages", click))[0] == 200
                    return connector.posts
            assert len(asyncio.run(teams())) == 3
        finally:
            out, err = stop_process(process)
    assert process.returncode == 0, err
    data = Path(env["PEERBOT_DATA_DIR"])
    tables = every_table(data)
    assert tables.count("how do collaboratives share staff?") >= 8  # the questions are all there, redacted
    assert "[name]" in tables and "[nhs-number]" in tables and "[postcode]" in tables
    printed = out + err
    assert "peerbot: serving on" in printed
    kept = f"{PATIENT} {PATIENT.replace('-', '')}"
    assert all(holds(kept, identifier) for identifier in IDENTIFIERS)  # each would be found if kept
    for identifier in IDENTIFIERS:
        assert not holds(tables, identifier), identifier
        assert not holds(without_digests(printed.encode()), identifier), identifier
        for path in (p for p in data.rglob("*") if p.is_file()):
            assert not holds(without_digests(path.read_bytes()), identifier), (identifier, path)
    assert "D0PNCRP9N" not in tables and "D0PNCRP9N" not in printed  # a DM's id: only its keyed hash is kept
    assert "Teams: added to a dm conversation" in printed and "a:personal-chat" not in printed  # nor a chat's


def back_dated(env: dict, days: float) -> dict[str, str]:
    """One record of each kind, dated `days` ago, in the state database; returns their ids."""
    when = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    question = state.log_question(Answer(f"question from {days} days ago", True), "slack", "C0OLD", place="public",
                                  asked_at=when)
    state.record_feedback(question, helpful=False, platform="slack")
    state.remember_thread("slack", f"C0OLD:{days}", "a thread", channel="C0OLD", place="public")
    state.claim_event(f"Ev{days}")
    for table, column in (("feedback", "given_at"), ("threads", "asked_at"), ("events_seen", "seen_at")):
        execute(state, f"UPDATE {table} SET {column} = :when WHERE {column} > :when", when=when)
    state.close()
    return {"question": question}


def test_with_a_retention_of_one_day_serve_deletes_older_records_when_it_starts(env):
    old = back_dated(env, 2)
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    recent = state.log_question(Answer("a question asked just now", True), "slack", "C0NEW", place="public")
    state.close()
    with SlackDouble() as slack_api:
        process = start_serve(env, SLACK_API_URL=slack_api.api_url, PEERBOT_RETENTION_DAYS="1")
        try:
            wait_for_health(f"http://127.0.0.1:{env['PORT']}", process)
        finally:
            out, err = stop_process(process)
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        questions = [r[0] for r in db.execute("SELECT id FROM questions")]
        left = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("feedback", "threads", "events_seen")}
    assert questions == [recent] and old["question"] not in questions
    assert left == {"feedback": 0, "threads": 0, "events_seen": 0}
    assert "retention (1 days): deleted 1 feedback click, 1 question, 1 event, 1 thread" in err


def test_a_retention_that_is_not_a_whole_number_of_days_is_one_line(env, monkeypatch, capsys):
    from bot.cli import main

    for name, value in {**env, "PEERBOT_RETENTION_DAYS": "0"}.items():
        monkeypatch.setenv(name, value)
    assert main(["serve"]) == 1
    assert capsys.readouterr().err == (
        "peerbot: error: PEERBOT_RETENTION_DAYS must be a whole number from 1 to 36500, got 0\n")
    assert not Path(env["PEERBOT_DATA_DIR"]).exists()
    monkeypatch.setenv("PEERBOT_RETENTION_DAYS", "ninety")
    assert main(["serve"]) == 1
    assert "PEERBOT_RETENTION_DAYS must be a whole number, got 'ninety'" in capsys.readouterr().err


def test_records_are_also_deleted_daily_while_serving(env):
    from bot.retention import expire_daily
    from bot.settings import Settings

    old = back_dated(env, 2)
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    settings = Settings(data_dir=Path(env["PEERBOT_DATA_DIR"]), retention_days=1)

    def expired() -> bool:
        return old["question"] not in {r["id"] for r in rows(state, "questions")} and count(state, "threads") == 0

    async def days_until_expired() -> bool:
        """A "day" of 0.05 s, until the old records are gone (not a fixed 0.5 s: a loaded machine may
        not have run the first day's deletion by then); whether it was still running after them."""
        daily = asyncio.create_task(expire_daily(state, settings, every=0.05))
        deadline = asyncio.get_running_loop().time() + 60
        while not expired() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        running = not daily.done()
        daily.cancel()
        return running

    assert asyncio.run(days_until_expired())  # it goes on after a day's deletion, until cancelled
    assert expired()
    state.close()


def test_the_clock_process_runs_retention_every_day():
    from bot.digest.config import DigestConfig
    from bot.digest.schedule import DAILY_ID, build_scheduler
    from bot.settings import Settings

    scheduler = build_scheduler(DigestConfig.from_settings(Settings()), lambda week: None, lambda: datetime.now(UTC),
                                daily=lambda: None)
    job = scheduler.get_job(DAILY_ID)
    assert job is not None and job.trigger.interval.days == 1


def test_forget_before_a_date_means_that_day_in_the_digest_time_zone(env, monkeypatch, capsys):
    """As `digest --since` does (it used to be UTC's midnight): in Auckland (UTC+13 in November),
    the 21st begins at 11:00 UTC on the 20th."""
    from bot.cli import main

    for name, value in {**env, "DIGEST_TIMEZONE": "Pacific/Auckland"}.items():
        monkeypatch.setenv(name, value)
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    state.log_question(Answer("on the 20th there", True), "slack", "C1", place="public", asked_at="2026-11-20T10:59:59+00:00")
    kept = state.log_question(Answer("on the 21st there", True), "slack", "C1", place="public",
                              asked_at="2026-11-20T11:00:00+00:00")
    state.close()
    assert main(["forget", "--before", "2026-11-21"]) == 0
    assert capsys.readouterr().out.startswith("Erased the records before 2026-11-21 (Pacific/Auckland): 0 feedback "
                                              "clicks, 1 question,")
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        assert [r[0] for r in db.execute("SELECT id FROM questions")] == [kept]


def test_forget_erases_exactly_one_channels_records_and_reports_counts(env, monkeypatch, capsys):
    from bot.cli import main

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    state = StateStore(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db")
    kept = state.log_question(Answer("in a public channel", True), "slack", "C0KEEP", place="public")
    for n in range(2):
        gone = state.log_question(Answer(f"in my DM {n}", True), "slack", "D0FORGET", place="dm")
    state.record_feedback(gone, helpful=True, platform="slack")
    state.remember_thread("slack", "D0FORGET:1.0", "in my DM", channel="D0FORGET", place="dm")
    state.close()
    assert main(["forget", "--channel", "D0FORGET"]) == 0
    assert capsys.readouterr().out == (
        "Erased the records of D0FORGET: 1 feedback click, 2 questions, 1 thread, 0 Teams conversations, "
        "0 digest records, 0 waiting askers, 0 lessons, 0 unanswered requests.\n")
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        assert [r[0] for r in db.execute("SELECT id FROM questions")] == [kept]
        assert db.execute("SELECT count(*) FROM threads").fetchone()[0] == 0
    with pytest.raises(SystemExit) as exited:  # a mistaken command line: usage, exit status 2
        main(["forget", "--before", "2999-01-01"])
    assert exited.value.code == 2 and "is in the future" in capsys.readouterr().err
    assert main(["forget", "--before", "2000-01-01"]) == 0
    assert capsys.readouterr().out == (
        "Erased the records before 2000-01-01 (Europe/London): 0 feedback clicks, 0 questions, 0 events, 0 threads, 0 waiting askers, "
        "0 lessons, 0 unanswered requests.\n")
