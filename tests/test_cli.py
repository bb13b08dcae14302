"""The `peerbot` command as a user runs it: a real process, the hashing model, temp folders."""

import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

from bot.setting_values import SettingsError
from bot.settings import Settings
from index import integrity

DEV_QUESTIONS = Path(__file__).parent / "data" / "dev_questions.jsonl"


def run(args, env, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120,
        cwd=Path(__file__).parent.parent,
    )


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> dict:
    """One copy of the bundled corpus indexed (the hashing model) for the module's commands that only
    read an index; a test that builds, changes or inspects one has its own (`env`)."""
    return indexed_environment(tmp_path_factory.mktemp("indexed"))


@pytest.fixture
def env(tmp_path, corpus_dir):
    return {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def test_a_first_question_on_a_terminal_shows_the_build_as_index_does(env):
    """Stop 44's fresh-clone walk: README's first command printed nothing for two minutes while it built the
    index. On a terminal it now shows the documents as they are read, as `peerbot index` does (a pipe, as
    every other test here, gets no bar)."""
    import fcntl
    import pty
    import struct
    import termios
    import threading

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    shown: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "How did the committee in common make decisions?"],
                                stdout=subprocess.PIPE, stderr=follower, env=env, cwd=Path(__file__).parent.parent,
                                timeout=120)
    finally:
        os.close(follower)
        reader.join(30)
        os.close(leader)
    terminal = b"".join(shown).decode(errors="replace")
    assert result.returncode == 0 and result.stdout
    assert "Reading" in terminal and "doc" in terminal and "Indexed with hashing" in terminal


def test_first_ask_builds_the_index_then_answers_as_json(env):
    result = run(["ask", "--json", "How did the committee in common make decisions?"], env)
    assert result.returncode == 0, result.stderr
    assert "Indexed with hashing" in result.stderr  # built on first use, reported on stderr
    data = json.loads(result.stdout)
    assert data["answered"] is True and data["snippets"][0]["document"]["url"].startswith("https://")
    again = run(["ask", "--json", "committee in common"], env)
    assert "Indexed" not in again.stderr


def test_ask_prints_citations_contacts_and_enablers_for_a_person(indexed):
    result = run(["ask", "red lines open book finances trust at board level"], indexed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1. It is essential to build and retain trust at board level" in out  # the document's words, unquoted
    assert "co-production.\n     “It feels like there is an opportunity" in out  # the leader's words, set in
    assert "work.”\n     — Julian Hartley, Chief executive, Leeds Teaching Hospitals NHS Trust\n" in out
    assert "Source: What are the key enablers for provider collaboratives? · NHS Providers · Building trust" in out
    assert "People who have done this:\n • Julian Hartley\n   Chief executive, Leeds Teaching" in out
    assert "\nRelated enablers: Building trust" in out and "(building-trust)" not in out  # names, not our ids


def test_ask_updates_an_index_an_older_peerbot_built(env, tmp_path):
    assert run(["index"], env).returncode == 0
    db = sqlite3.connect(tmp_path / "data" / "index" / "current" / "index.db")
    with db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'pipeline'")
        vectors = db.execute("SELECT sum(1 + sentences + windows) FROM chunks").fetchone()[0]
    db.close()
    integrity.write_manifest((tmp_path / "data" / "index" / "current").resolve(), vectors)  # whole, only older
    result = run(["ask", "committee in common"], env)
    assert result.returncode == 0 and "documents 0 added, 4 updated" in result.stderr


def test_a_lesson_written_in_markdown_is_answered_as_prose_without_its_markup(env, corpus_dir):
    (corpus_dir / "staff-bank.md").write_text(
        "---\ntitle: How we set up a shared staff bank\npublisher: Example Health Partnership\n---\n\n"
        "## What we did\nThe four trusts agreed **one shared staff bank** for nurses, wrote a *memorandum of "
        "understanding* on pay rates and published it on [our website](https://example.org/mou).\n")
    result = run(["ask", "--json", "how did the four trusts agree a shared staff bank for nurses?"], env)
    assert result.returncode == 0, result.stderr
    snippet = next(s for s in json.loads(result.stdout)["snippets"] if s["document"]["id"] == "staff-bank")
    assert snippet["text"] == ("The four trusts agreed one shared staff bank for nurses, wrote a memorandum of "
                               "understanding on pay rates and published it on our website.")


def test_a_lessons_footnotes_tables_and_link_definitions_never_reach_an_answer_as_syntax(env, corpus_dir):
    (corpus_dir / "bed-pool.md").write_text(
        "---\ntitle: How we pooled mental health beds\npublisher: Example Health Partnership\n---\n\n"
        "## What we did\nThe three trusts pooled their mental health beds[^1] &amp; cut out-of-area placements "
        "for adults, following the [bed pooling guide][guide].\n\n"
        "| Measure | Before | After |\n|---|---|---|\n| Out-of-area placements for adults | 41 | 12 |\n\n"
        "[^1]: Figures from the collaborative's dashboard.\n[guide]: https://example.org/guide\n")
    result = run(["ask", "--json", "how did the trusts pool mental health beds to cut out-of-area placements?"], env)
    assert result.returncode == 0, result.stderr
    snippet = next(s for s in json.loads(result.stdout)["snippets"] if s["document"]["id"] == "bed-pool")
    assert snippet["text"] == ("The three trusts pooled their mental health beds & cut out-of-area placements for "
                               "adults, following the bed pooling guide.\n\n"
                               "Measure: Out-of-area placements for adults; Before: 41; After: 12")
    text = run(["ask", "how did the trusts pool mental health beds to cut out-of-area placements?"], env)
    assert text.returncode == 0 and "pooled their mental health beds" in text.stdout
    for syntax in ("[^", "|", "&amp;", "[guide]", "dashboard"):
        assert syntax not in text.stdout


def test_unanswerable_question_says_so_and_suggests_topics(indexed):
    result = run(["ask", "zzqx marmalade trombones"], indexed)  # words, none the corpus uses
    assert result.returncode == 0
    assert "The lessons don't cover that yet" in result.stdout and "You could explore:" in result.stdout


def test_ask_reads_questions_from_stdin_one_json_object_per_line(indexed):
    result = run(["ask", "--json", "-"], indexed, stdin="committee in common\n\nzzqx wvvk\nwellbeing hub\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [l["question"] for l in lines] == ["committee in common", "zzqx wvvk", "wellbeing hub"]
    assert [l["answered"] for l in lines] == [True, False, True]


PATIENT_QUESTION = "patient John Smith, NHS number 943 476 5919, was sent out of area: how do trusts avoid it?"


def test_ask_answers_the_question_redacted_as_chat_does_and_never_echoes_a_patient_identifier(indexed):
    """What `ask` prints (or a script pipes on to a log) holds no patient identifier: the question
    is redacted before it is answered, as a chat question is before it is stored and answered."""
    result = run(["ask", "--json", "-"], indexed, stdin=f"{PATIENT_QUESTION}\n")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["question"] == "patient [name], NHS number [nhs-number], was sent out of area: how do trusts avoid it?"
    assert answer["answered"]
    text = run(["ask", PATIENT_QUESTION], indexed)
    assert text.returncode == 0 and "Source:" in text.stdout
    for out in (result.stdout, text.stdout, text.stderr):
        assert "Smith" not in out and "943 476 5919" not in out


def test_the_name_before_a_phone_number_or_an_email_is_never_echoed(indexed):
    """Whose phone number or email it is identifies them as much as the number: "ring Jane on …"."""
    question = ("how do trusts share discharge coordinators? ring Jane on 07700 900456 or email Priya Shah at p.shah@nhs.net"
                " or Dr Jones on 0113 243 3144")
    result = run(["ask", "--json", question], indexed)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["question"] == (
        "how do trusts share discharge coordinators? ring [name] on [phone] or email [name] at [email] or Dr [name] on [phone]")
    for name in ("Jane", "Priya", "Shah", "Jones"):
        assert name not in result.stdout


@pytest.mark.parametrize("question", ["Can you call Mrs Patel on 07700 900123 about her referral to the collaborative?",
                                      "could you please email Dr Odum for me", "Please chase the ICB about our bid"])
def test_asking_peerbot_to_contact_someone_is_told_it_cannot_and_who_to_talk_to(indexed, question):
    result = run(["ask", "--json", question], indexed)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["outcome"] == "out_of_scope" and not answer["snippets"] and not answer["contacts"]
    text = run(["ask", question], indexed).stdout
    assert "peerbot can't call, email or message anyone for you." in " ".join(text.split())
    assert "Patel" not in text and "07700" not in text


def test_index_reports_what_changed(env, corpus_dir):
    first = run(["index"], env)
    assert first.returncode == 0 and "4 added" in first.stdout
    (corpus_dir / "key-enablers-provider-collaboratives.md").unlink()
    (corpus_dir / "new.txt").write_text("New lesson\nAbout rotas.\n")
    second = run(["index"], env)
    assert "1 added, 0 updated, 1 removed, 3 unchanged" in second.stdout


def test_index_names_a_malformed_document_and_exits_non_zero(env, corpus_dir):
    (corpus_dir / "broken.md").write_text("---\ntitle: [oops\n---\nBody\n")
    result = run(["index"], env)
    assert result.returncode == 1
    assert "broken.md: malformed front matter" in result.stdout and "4 added" in result.stdout


FRONT_MATTER_MISTAKES = {  # file -> (its text, the line at fault counting the opening '---' as line 1, the problem)
    "bracket.md": ("---\ntitle: Rotas\nenablers: [workforce, trust\n---\n\nBody.\n", 3, "did not find expected ',' or ']'"),
    "person.md": ("---\ntitle: Rotas\npeople:\n  - name: Jo Bloggs\n    role: [Chair\norganisations: [A]\n---\n\nBody.\n", 5,
                  "did not find expected ',' or ']'"),
    "quote.md": ('---\ntitle: "Rotas\npublisher: NHS Providers\n---\n\nBody.\n', 2,
                 "a quoted value is never closed (its closing quotation mark is missing)"),
    "colon.md": ("---\ntitle: Rotas\npublisher: NHS Providers\nregion\n---\n\nBody.\n", 4, "could not find expected ':'"),
    "value.md": ("---\ntitle: Rotas\npublisher: NHS: Providers\n---\n\nBody.\n", 3,
                 "mapping values are not allowed in this context"),
    "tab.md": ("---\ntitle: Rotas\n\tregion: North\n---\n\nBody.\n", 3, "found a tab character that violates indentation"),
}


def test_a_front_matter_mistake_names_the_line_of_the_file_it_is_on(env, corpus_dir):
    """The line of the mistake in the file as an editor numbers it (the opening '---' is line 1):
    an unclosed bracket or quotation mark was reported where the parser gave up, the next key or the
    closing '---'."""
    for name, (text, _, _) in FRONT_MATTER_MISTAKES.items():
        (corpus_dir / name).write_text(text)
    result = run(["index"], env)
    assert result.returncode == 1
    reported = sorted(line for line in result.stdout.splitlines() if line.startswith("peerbot: skipped"))
    assert reported == sorted(f"peerbot: skipped {corpus_dir / name}: malformed front matter (line {line}): {problem}"
                              for name, (_, line, problem) in FRONT_MATTER_MISTAKES.items())


@pytest.mark.parametrize(
    "change, message",
    [
        ({"PEERBOT_MODEL": "/no/such/model"}, "PEERBOT_MODEL='/no/such/model' is neither"),
        ({"PEERBOT_KNOWLEDGE_DIR": "/no/such/folder"}, "corpus folder /no/such/folder does not exist"),
        ({"PORT": "eighty"}, "PORT must be a whole number"),
    ],
)
def test_errors_are_one_line_without_traceback(env, change, message):
    result = run(["ask", "anything"], {**env, **change})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("peerbot: error: ")
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["ask", "anything"], ["serve"]])
def test_a_missing_knowledge_folder_stops_a_command_that_has_an_index_already(indexed, tmp_path, command):
    """Before stop 38 `ask` and `serve` answered from the index built before, with no enablers (the only
    line said "No enablers are defined"), contacts or scope files, and nothing named the setting."""
    missing = tmp_path / "moved-away"
    result = run(command, {**indexed, "PEERBOT_KNOWLEDGE_DIR": str(missing), "TEAMS_ALLOW_ANONYMOUS": "1", "PORT": "0"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"peerbot: error: corpus folder {missing} does not exist or is not a folder (set PEERBOT_KNOWLEDGE_DIR)")


@pytest.mark.parametrize("variable, value, message", [
    ("PEERBOT_REVIEW_CHANNEL", "peer-review", "PEERBOT_REVIEW_CHANNEL must be a channel's id"),
    ("PEERBOT_REVIEW_CHANNEL", "#peer-review", "not its name, got '#peer-review'"),
    ("PEERBOT_CURATORS", "UCURATOR01, jo.bloggs@example.nhs.uk", "PEERBOT_CURATORS must list Slack user ids"),
])
def test_a_review_channel_name_or_a_curator_that_is_no_id_is_refused_at_once(variable, value, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        Settings.from_env({variable: value})


@pytest.mark.parametrize("variable, value", [
    ("PEERBOT_REVIEW_CHANNEL", "C0REVIEW01"), ("PEERBOT_REVIEW_CHANNEL", "19:lesson-review@thread.tacv2"),
    ("PEERBOT_CURATORS", "UCURATOR01, W0123ABCD, 00000000-0000-0000-0000-0000000000c1"),
])
def test_review_channel_and_curator_ids_are_accepted(variable, value):
    assert Settings.from_env({variable: value})


def test_a_short_hashing_key_is_refused_without_showing_it():
    """A 5-character PEERBOT_HASH_KEY was accepted: the keyed hashes of Slack ids (themselves easy to
    guess) were then only as secret as five characters."""
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"PEERBOT_HASH_KEY": "s3cr3"})
    assert str(refused.value).startswith("PEERBOT_HASH_KEY must be at least 16 characters long, got 5")
    assert "s3cr3" not in str(refused.value)
    assert Settings.from_env({"PEERBOT_HASH_KEY": "0123456789abcdef"}).hash_key == "0123456789abcdef"


def test_a_setting_of_only_spaces_is_unset_like_an_empty_one():
    blank = {"PORT": " ", "PEERBOT_RETENTION_DAYS": "\t", "TEAMS_ALLOW_ANONYMOUS": "  ", "PEERBOT_QUERY_ENCODER": " "}
    assert Settings.from_env(blank) == Settings.from_env({}) == Settings()


def test_data_dir_that_is_a_file_is_a_clear_error(env, tmp_path):
    (tmp_path / "afile").write_text("x")
    result = run(["ask", "anything"], {**env, "PEERBOT_DATA_DIR": str(tmp_path / "afile")})
    assert result.returncode == 1 and "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr


def test_index_built_with_another_model_is_refused_with_the_fix(env):
    assert run(["index"], env).returncode == 0  # the hashing model
    refused = run(["ask", "trust"], {**env, "PEERBOT_MODEL": "all-MiniLM-L6-v2"})  # refused before it loads
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "built with model 'hashing-256'" in refused.stderr and "peerbot index --rebuild" in refused.stderr
    assert run(["ask", "trust"], env).returncode == 0


def test_eval_prints_the_figures_and_json(indexed):
    result = run(["eval", str(DEV_QUESTIONS), "--json"], indexed)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("recall_at_1", "recall_at_5", "mrr", "contact_hit_at_3", "answer_rate", "abstention_rate"):
        assert 0.0 <= figures[key] <= 1.0
    assert figures["questions"] == 26
    text = run(["eval", str(DEV_QUESTIONS)], indexed)
    assert "recall_at_1" in text.stdout and "abstention_rate" in text.stdout


def test_eval_says_a_question_listed_as_not_right_was_answered_with_its_evidence_lower_down():
    """The list after the table holds answered questions whose evidence was second too; its heading
    said only "not right", which read as unanswered."""
    from bot.answer import Answer, DocumentRef, Snippet
    from bot.evaluation import EvalQuestion, evaluate
    from bot.plaintext.reports import render_eval

    doc = DocumentRef("wy", "West Yorkshire", "NHS Providers", "")
    answer = Answer("q", True, (Snippet("Boards met monthly.", 0.8, "", doc, 1),
                                Snippet("A committee in common decided.", 0.7, "", doc, 2)))
    text = render_eval(evaluate([EvalQuestion("a", "How did they decide?", ("committee in common",))], lambda q: answer))
    assert "not right (the evidence not first, or the wrong outcome):\n  a [in_domain]: evidence at rank 2: " in text


def test_eval_of_a_bad_file_names_the_line(env, tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "fine"}\nnot json\n')
    result = run(["eval", str(bad)], env)
    assert result.returncode == 1 and f"{bad}:2: not a question object (not JSON" in result.stderr


@pytest.mark.parametrize("line, problem", [
    ('{"q": "x", "category": "elsewhere"}', "`category` must be one of"),
    ('{"q": "x", "category": 3}', "`category` must be one of"),
])
def test_eval_validates_each_field_and_names_the_line(env, tmp_path, line, problem):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "fine"}\n' + line + "\n")
    result = run(["eval", str(bad)], env)
    assert result.returncode == 1 and f"{bad}:2: {problem}" in result.stderr and "Traceback" not in result.stderr


def test_eval_of_a_binary_file_is_one_clear_line(env, tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = run(["eval", str(bad)], env)
    assert result.returncode == 1 and "not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


def test_eval_reports_each_category_and_na_where_nothing_is_scored(indexed, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "q": "How did the committee in common make decisions?", "evidence": ["committee in common"]}\n'
        '{"id": "b", "q": "What is the weather in Leeds?", "category": "off_topic"}\n'
    )
    text = run(["eval", str(questions)], indexed).stdout
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.split()[:1] and line.split()[0] in
            ("in_domain", "misspelt", "off_topic", "not_covered")}
    assert rows["misspelt"] == ["0"] + ["n/a"] * 7 and rows["not_covered"] == ["0"] + ["n/a"] * 7
    assert rows["in_domain"][0] == "1" and rows["in_domain"][6] == "n/a"  # declined: not scored for answerable ones
    data = json.loads(run(["eval", "--json", str(questions)], indexed).stdout)
    assert data["categories"]["off_topic"]["declined"] in (0.0, 1.0) and data["categories"]["misspelt"]["recall_at_1"] is None


def test_no_command_prints_help():
    result = subprocess.run([sys.executable, "-m", "bot.cli"], capture_output=True, text=True)
    assert result.returncode == 2 and "COMMAND" in result.stdout


def test_migrate_says_what_it_did_to_a_fresh_an_old_or_a_current_database_without_loading_the_model(env):
    from bot.state import STATE_MIGRATIONS
    from bot.state.file import open_database

    database = Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db"
    names = [m.__name__ for m in STATE_MIGRATIONS]
    said = [run(["migrate"], env) for _ in range(2)]  # a fresh data folder, then one already current (a second release)
    assert [r.returncode for r in said] == [0, 0], said[0].stderr
    assert said[0].stdout == f"Created peerbot's records at {database}: schema {names[-1]} ({len(names)} migrations applied).\n"
    assert said[1].stdout == f"peerbot's records at {database} are up to date: schema {names[-1]} ({len(names)} migrations).\n"
    older = Path(env["PEERBOT_DATA_DIR"]) / "older"
    open_database(older / "peerbot.db", STATE_MIGRATIONS[:3]).dispose()  # a database an earlier release made
    result = run(["migrate"], {**env, "PEERBOT_DATA_DIR": str(older)})
    assert result.stdout == (f"Migrated peerbot's records at {older / 'peerbot.db'} from schema {names[2]} to {names[-1]} "
                             f"({len(names) - 3} migrations applied: {', '.join(names[3:])}).\n")
    with sqlite3.connect(database) as db:
        applied = [row[0] for row in db.execute("SELECT name FROM _migrations ORDER BY name")]
        assert applied == sorted(m.__name__ for m in STATE_MIGRATIONS)
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)
    assert not (Path(env["PEERBOT_DATA_DIR"]) / "index").exists()  # nothing built, no model loaded


def test_migrate_says_it_created_a_fresh_postgresql_database_then_that_it_is_up_to_date(env, postgres_url):
    """The URL is shown as it was given (stop 44: it was `postgresql+psycopg://`, the driver's form),
    its password and a password given as libpq's query parameter masked (the cluster trusts any)."""
    from bot.state import STATE_MIGRATIONS

    given = postgres_url.replace("postgresql://peerbot@", "postgres://peerbot:s3cret-pw@") + "?password=s3cret-too"
    env = {**env, "DATABASE_URL": given}
    said = [run(["migrate"], env) for _ in range(2)]
    assert [r.returncode for r in said] == [0, 0], said[0].stderr
    name, count = STATE_MIGRATIONS[-1].__name__, len(STATE_MIGRATIONS)
    where = postgres_url.replace("postgresql://peerbot@", "postgres://peerbot:***@") + "?password=***"
    assert said[0].stdout == f"Created peerbot's records at {where}: schema {name} ({count} migrations applied).\n"
    assert said[1].stdout == f"peerbot's records at {where} are up to date: schema {name} ({count} migrations).\n"


def test_a_release_without_the_hash_key_leaves_the_key_to_the_processes_that_set_it(env, postgres_url):
    """Deployment trial, stop 38: README's table gives PEERBOT_HASH_KEY to web and clock, not to the
    release step; `migrate` there made a key of its own, and web, with PEERBOT_HASH_KEY, then refused
    to start ("PEERBOT_HASH_KEY is not the key this database's ids were hashed with")."""
    env = {**env, "DATABASE_URL": postgres_url}
    assert run(["migrate"], env).returncode == 0  # the release step
    keyed = {**env, "PEERBOT_HASH_KEY": "0123456789abcdef0123456789abcdef"}
    used = run(["forget", "--channel", "C0123ABCD"], keyed)  # opens the records with the key, as web and clock do
    assert used.returncode == 0, used.stderr
    again = run(["migrate"], {**env, "PEERBOT_HASH_KEY": "another key of 32 characters or so"})
    assert again.returncode == 1 and "PEERBOT_HASH_KEY is not the key this database's ids were hashed with" in again.stderr


def test_migrate_creates_the_slack_installation_tables_when_installing_into_many_workspaces(env):
    env = {**env, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_STATE_SECRET": "x" * 40}
    result = run(["migrate"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("Slack installation tables are in place.")
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"slack_bots", "slack_installations", "slack_oauth_states", "inbox"} <= tables


def test_only_peerbot_s_own_warnings_are_peerbot_lines(capsys):
    """A library warning on the root logger while a command runs (onnxruntime's quantiser advises
    pre-processing each time the int8 query encoder is made) is not shown as a `peerbot:` line;
    peerbot's own warnings are, and another library's errors are shown under its own name."""
    from bot.cli.common import ONE_LINE

    root = logging.getLogger()
    root.addHandler(ONE_LINE)  # as `peerbot` does for every command but the servers
    try:
        logging.warning("Please consider to run pre-processing before quantization.")
        logging.getLogger("onnxruntime.quantization").warning("weights are per channel")
        logging.getLogger("index.store").warning("the index was damaged and set aside")
        logging.getLogger("onnxruntime").error("could not load the graph")
    finally:
        root.removeHandler(ONE_LINE)
    assert capsys.readouterr().err.splitlines() == [
        "peerbot: the index was damaged and set aside", "onnxruntime: could not load the graph"]


@pytest.mark.parametrize("argv, unknown", [
    (["ask", "--jsn", "a question"], "--jsn (did you mean '--json'?)"),
    (["digest", "--preview", "--weak", "2026-W47"], "--weak (did you mean '--week'?)"),
    (["digest", "--previw"], "--previw (did you mean '--preview'?)"),  # not "one of --preview --post is required"
    (["index", "--rebuid"], "--rebuid (did you mean '--rebuild'?)"),
    (["ask", "--verbose", "a question"], "--verbose"),  # nothing close: no guess
    (["ask", "one", "two"], "two"),
])
def test_an_unknown_option_is_reported_with_its_command_s_usage(capsys, argv, unknown):
    from bot.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.startswith(f"usage: peerbot {argv[0]} ")
    assert err.endswith(f"peerbot {argv[0]}: error: unrecognized arguments: {unknown}\n")


@pytest.mark.parametrize("argv, line", [
    (["lessons", "5"], "peerbot lessons: error: say what to do with lesson 5: `peerbot lessons approve 5` or `peerbot "
                       "lessons reject 5` (`peerbot lessons` alone lists them)"),
    (["lessons", "list"], "peerbot lessons: error: `peerbot lessons` takes approve or reject and a lesson number (e.g. "
                          "`peerbot lessons approve 3`), got 'list'; `peerbot lessons` alone lists them"),
    (["lessons", "approve"], "peerbot lessons: error: `peerbot lessons approve` needs a lesson number, e.g. `peerbot "
                             "lessons approve 3`, got none"),
    (["lessons", "reject", "three"], "peerbot lessons: error: `peerbot lessons reject` needs a lesson number, e.g. "
                                     "`peerbot lessons reject 3`, got three"),
])
def test_a_lesson_command_line_missing_its_number_or_decision_is_a_usage_error(env, argv, line):
    """A mistaken command line exits 2 with the command's usage line first, as the README says
    (before: exit status 1 and no usage line)."""
    result = run(argv, env)
    assert result.returncode == 2 and result.stderr.startswith("usage: peerbot lessons ")
    assert result.stderr.splitlines()[-1] == line


@pytest.mark.parametrize("argv, line", [
    (["digest", "post"], "peerbot digest: error: unexpected 'post': `peerbot digest` takes only options (--preview, "
                         "--post, --resend, --json, --week, --since, --workspace) (did you mean '--post'?)"),
    (["forget", "5"], "peerbot forget: error: unexpected '5': `peerbot forget` takes only options (--channel, --before)"),
    (["digest", "--preview", "--week", "2026-W47", "now"], "peerbot digest: error: unexpected 'now': `peerbot digest` "
     "takes only options (--preview, --post, --resend, --json, --week, --since, --workspace)"),
])
def test_a_word_given_to_a_command_of_options_is_named_not_a_required_option(env, argv, line):
    """Before: `peerbot digest post` said "one of the arguments --preview --post is required"."""
    result = run(argv, env)
    assert result.returncode == 2 and result.stderr.splitlines()[-1] == line


@pytest.mark.parametrize("command, hint", [("aks", " (did you mean 'ask'?)"), ("indx", " (did you mean 'index'?)"),
                                           ("xyzzy", "")])
def test_a_mistyped_command_is_named_with_its_likely_spelling(capsys, command, hint):
    from bot.cli import main

    with pytest.raises(SystemExit) as stopped:
        main([command, "How did boards build trust?"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.startswith("usage: peerbot ")
    assert err.endswith(f"peerbot: error: unknown command '{command}'{hint}; `peerbot --help` lists the commands\n")


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_one_line_not_a_decline(capsys, monkeypatch, tmp_path, question):
    """A mistaken command line (stop 43: it exited 1 with no usage line): usage, one line, exit status 2."""
    from bot.cli import main

    monkeypatch.setenv("PEERBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PEERBOT_MODEL", "hashing")
    with pytest.raises(SystemExit) as exited:
        main(["ask", question])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and err.startswith("usage: peerbot ask ")
    assert err.splitlines()[-1] == ('peerbot ask: error: argument QUESTION: is empty: ask one, e.g. peerbot ask "How did '
                                    'others build trust between boards?"')


@pytest.mark.parametrize("columns", [80, 120])
def test_help_fits_the_terminal_settings_included(env, columns):
    """Before: each setting's help was one line of up to 300 characters, whatever the terminal."""
    result = run(["--help"], {**env, "COLUMNS": str(columns)})
    assert result.returncode == 0 and "settings (environment variables):" in result.stdout
    assert "PEERBOT_RETENTION_DAYS" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= columns


def test_ask_json_credits_no_pronoun_the_document_does_not_give_and_never_repeats_a_contacts_quotation(env, corpus_dir):
    """Issue 9, part 4: "“A,” said Ravi Menon. “B,” she added." credited B to him; and his contact line
    repeated the quotation shown in the snippet just above it."""
    (corpus_dir / "night-service.md").write_text(
        "---\ntitle: A shared respiratory night service\npublisher: Example Health Partnership\npeople:\n"
        "- name: Ravi Menon\n  role: Chief executive\n  organisation: Example NHS Trust\n---\n\n"
        "## What we did\n\n“The respiratory night service kept four hundred patients out of hospital this winter,” "
        "said Ravi Menon. “We could not have done it without the physiotherapists who visit every morning,” she added.\n\n"
        "## How the boards came round\n\nThe two boards met every quarter to review the night service.\n\n"
        "Ravi Menon told the board: “Publishing the readmission figures every month built trust between the trusts.”\n")
    result = run(["ask", "--json", "How did the respiratory night service keep patients out of hospital this winter?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "night-service" for g in s["segments"]]
    spoken = {g["text"][:30]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken["The respiratory night service "] == "Ravi Menon"
    assert "We could not have done it with" not in spoken  # "she" is not shown to be him: the document's text
    assert any("We could not have done it" in g["text"] for g in segments if g["kind"] == "editorial")
    ravi = next(c for c in data["contacts"] if c["name"] == "Ravi Menon")
    shown = " ".join(s["text"] for s in data["snippets"])
    assert ravi["quote"] is None or (ravi["quote"] not in shown and ravi["quote"].startswith("Publishing the readmission"))


def test_ask_json_never_credits_a_term_or_a_she_the_document_gives_someone_else(env, corpus_dir):
    """Issue 9, part 5: "Jo explains that “…” means …" and "wrote that “…” had become the slogan" credited
    a term to its speaker; "Ian Fleet came in 2021. She offered him the post." made "she" his, so "“B,”
    she added" after his quotation was his. A table whose speaker column comes after the quotation now
    credits the row."""
    (corpus_dir / "district-nursing.md").write_text(
        "---\ntitle: One district nursing caseload\npublisher: Example Health Partnership\npeople:\n"
        "- name: Dr Ian Fleet\n  role: Medical director\n  organisation: Example NHS Trust\n"
        "- name: Chloe Marsh\n  role: Director of nursing\n  organisation: Example NHS Trust\n---\n\n"
        "## One district nursing caseload\n\n"
        "Chloe Marsh explains that “one caseload, one rota, one nurse for every patient” means the district nurses "
        "share the evening visits.\n\n"
        "Chloe Marsh wrote that “no evening visit missed for any district nursing patient” had become the slogan.\n\n"
        "Dr Ian Fleet came to the district nursing service in 2021. She offered him the medical director's post.\n\n"
        "“The GPs now ring one number for every district nurse in the evening,” said Dr Ian Fleet. "
        "“The chair made that happen in a single board meeting,” she added.\n\n"
        "| Quote | Who |\n|---|---|\n| “The district nursing caseload is shared, and so is the worry.” | Chloe Marsh |\n")
    result = run(["ask", "--json", "How did the district nurses share one caseload and the evening visits?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "district-nursing" for g in s["segments"]]
    spoken = {g["text"][:30]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken["The GPs now ring one number fo"] == "Dr Ian Fleet"
    assert spoken["The district nursing caseload "] == "Chloe Marsh"
    assert set(spoken) == {"The GPs now ring one number fo", "The district nursing caseload "}
    editorial = " ".join(g["text"] for g in segments if g["kind"] == "editorial")
    assert all(words in editorial for words in ("one caseload, one rota", "no evening visit missed", "The chair made"))


def test_ask_json_never_credits_a_nomination_or_a_she_a_sentence_left_to_someone_else(env, corpus_dir):
    """"Jo met the new chair. She was new." made "she" Jo's, so "“B,” she added" after Jo's quotation was
    Jo's; a "| Name | Comment |" table of nominations credited each person with words about them. A
    "Name's verdict:", "Other thanked Name, who said:" and "Name told Other:" now credit Name."""
    (corpus_dir / "therapies.md").write_text(
        "---\ntitle: One therapies service\npublisher: Example Health Partnership\npeople:\n"
        "- name: Gareth Lloyd\n  role: Director of therapies\n  organisation: Example NHS Trust\n"
        "- name: Priti Nair\n  role: Lead occupational therapist\n  organisation: Example NHS Trust\n---\n\n"
        "## One therapies service and its home visit waiting list\n\n"
        "Gareth Lloyd met the new chair in the spring. She was new to the trust.\n\n"
        "“Every therapy home visit is booked from one waiting list,” said Gareth Lloyd. "
        "“I had never seen a board sign off a merger of therapy teams so quickly,” she added.\n\n"
        "| Name | Comment |\n|---|---|\n| Priti Nair | “She rebuilt the therapy home visit rota in a year.” |\n\n"
        "Priti Nair's verdict: “The shared therapy waiting list is the best change the boards made.”\n\n"
        "Priti Nair thanked Gareth Lloyd, who said: “The therapy assistants did the hard work on the list.”\n")
    result = run(["ask", "--json", "How did the therapy teams share one home visit waiting list?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "therapies" for g in s["segments"]]
    spoken = {g["text"][:30]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken == {"Every therapy home visit is bo": "Gareth Lloyd", "The shared therapy waiting lis": "Priti Nair",
                      "The therapy assistants did the": "Gareth Lloyd"}
    editorial = " ".join(g["text"] for g in segments if g["kind"] == "editorial")
    assert all(words in editorial for words in ("I had never seen a board", "She rebuilt the therapy"))


def test_ask_json_never_credits_a_namesake_a_reference_marker_or_a_motto_a_person_quotes(env, corpus_dir):
    """Round seven of the adversarial set: "Simon Achterberg said:" credited a patient's words to Dr
    Naomi Achterberg, the one Achterberg in `people:`; "….[2]”" kept the marker in her words; a
    blockquote "— Name, chair, quoting the partner trust's motto" credited the motto to her."""
    (corpus_dir / "sexual-health.md").write_text(
        "---\ntitle: One sexual health service\npublisher: Example Health Partnership\npeople:\n"
        "- name: Dr Naomi Achterberg\n  role: Clinical lead\n  organisation: Example NHS Trust\n"
        "- name: Beatrice Quayle\n  role: Chair\n  organisation: Example NHS Trust\n---\n\n"
        "## One sexual health service with one booking line\n\n"
        "“Clinic waits for sexual health appointments fell from three weeks to four days.[2]” said Dr Naomi "
        "Achterberg.\n\n"
        "Simon Achterberg, who chairs the patient panel, said: \"The online testing kits arrived within two days, "
        "every single time.\"\n\n"
        "> “One booking line for every sexual health clinic in the county.”\n>\n"
        "> — Beatrice Quayle, Chair, quoting the partner trust's motto\n")
    result = run(["ask", "--json", "How did the sexual health service share one booking line for clinics?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "sexual-health" for g in s["segments"]]
    spoken = {g["text"]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken == {"Clinic waits for sexual health appointments fell from three weeks to four days.":
                      "Dr Naomi Achterberg"}
    editorial = " ".join(g["text"] for g in segments if g["kind"] == "editorial")
    assert all(words in editorial for words in ("The online testing kits arrived", "One booking line for every"))
    assert all(not c["quote"] or "testing kits" not in c["quote"] for c in data["contacts"])


def test_ask_json_never_credits_a_pull_quotes_other_name_a_namesake_before_a_post_or_a_group(env, corpus_dir):
    """Round eight of the adversarial set: an HTML pull quote (`<aside>`) repeating the body's words under
    another name left them the body's speaker's; "said Ward sister Amy Chen" and "said Hope Ward and her
    team" were Hope Ward's. All are no one's now, and the pull quote's name line is not shown."""
    (corpus_dir / "neonatal.html").write_text(
        "<html><body><article><h1>One neonatal network for Ellerby</h1>"
        "<p>“Every cot in the neonatal network is our cot, whichever trust runs it,” said Hope Ward.</p>"
        "<aside class=\"pull-quote\"><p>“Every cot in the neonatal network is our cot, whichever trust runs it.”</p>"
        "<p>— Dr Esther Quaye, clinical lead</p></aside>"
        "<p>“The night transfers between neonatal units were the hardest part,” said Ward sister Amy Chen.</p>"
        "<p>“The neonatal cot bureau answered every call within a minute,” said Hope Ward and her team.</p>"
        "<p>“One neonatal transport team now covers all four units,” said Hope Ward.</p>"
        "</article></body></html>", encoding="utf-8")
    (corpus_dir / "neonatal.meta.yaml").write_text(
        "title: One neonatal network for Ellerby\npublisher: Example Confederation\npeople:\n"
        "- name: Hope Ward\n  role: Network manager\n  organisation: Ellerby Neonatal Network\n"
        "- name: Dr Esther Quaye\n  role: Clinical lead\n  organisation: Ellerby Neonatal Network\n")
    result = run(["ask", "--json", "How did the Ellerby neonatal network share cots, the cot bureau and transport?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "neonatal" for g in s["segments"]]
    spoken = {g["text"]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken == {"One neonatal transport team now covers all four units": "Hope Ward"}
    editorial = " ".join(g["text"] for g in segments if g["kind"] == "editorial")
    assert "Every cot in the neonatal network" in editorial and "Esther Quaye" not in editorial
    quoted = {c["name"]: c["quote"] for c in data["contacts"] if c["name"] in ("Hope Ward", "Dr Esther Quaye")}
    assert quoted.get("Dr Esther Quaye") is None  # the pull quote's name: no words of her own
    assert quoted.get("Hope Ward") is None or "One neonatal transport" in quoted["Hope Ward"]


def test_ask_json_never_credits_a_publication_and_credits_a_lead_in_a_word_paper_keeps(env, corpus_dir):
    """Round nine of the adversarial set: "> …" / "> — Ambulance Today" (an HTML `<cite>`) was a person's
    quotation in `ask --json`; "Linh Tran added:" before a quotation was dropped as page furniture, so the
    quotation after it was no one's. Now the magazine's words are the document's text, and Linh Tran's are hers."""
    (corpus_dir / "falls.html").write_text(
        "<html><body><article><h1>A falls response car for Brookhaven</h1>"
        "<p>The falls response car pairs a paramedic with an occupational therapist for older people who fall.</p>"
        "<blockquote><p>The falls response car is the best use of a paramedic we have seen this year.</p>"
        "<footer>— <cite>Ambulance Today</cite></footer></blockquote>"
        "<p>Linh Tran added:</p>"
        "<p>“Falls response paramedics rotate between the three stations every month.”</p>"
        "</article></body></html>", encoding="utf-8")
    (corpus_dir / "falls.meta.yaml").write_text(
        "title: A falls response car for Brookhaven\npublisher: Example Trust\npeople:\n"
        "- name: Linh Tran\n  role: Falls service lead\n  organisation: Brookhaven Community Health\n")
    result = run(["ask", "--json", "How did the Brookhaven falls response car help older people who fall?"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    segments = [g for s in data["snippets"] if s["document"]["id"] == "falls" for g in s["segments"]]
    spoken = {g["text"]: (g["speaker"] or {}).get("name") for g in segments if g["kind"] == "quote"}
    assert spoken == {"Falls response paramedics rotate between the three stations every month.": "Linh Tran"}
    editorial = " ".join(g["text"] for g in segments if g["kind"] == "editorial")
    assert "best use of a paramedic" in editorial and "Linh Tran added:" in editorial
    assert all(c["name"] != "Ambulance Today" for c in data["contacts"])


def test_ask_json_never_shows_a_namesakes_words_as_a_contacts_quote(env, corpus_dir):
    """Round ten of the adversarial set: two people of one name in two documents (a lead pharmacist at Hollins
    and an MSK clinical lead at Carnford, both "Kofi Mensah") are one directory entry, and the MSK lead's row
    showed the pharmacist's quotation under the MSK lead's role. A quotation credited under another
    organisation than the entry's (as the speaker's document lists them) is no longer the entry's."""
    (corpus_dir / "adv-a-msk.md").write_text(
        "---\ntitle: One musculoskeletal front door for Carnford\npublisher: Example Trust\npeople:\n"
        "- name: Dr Kofi Mensah\n  role: MSK clinical lead\n  organisation: Carnford Musculoskeletal Partnership\n"
        "---\n\nDr Kofi Mensah leads the Carnford musculoskeletal physiotherapy front door, with one referral list "
        "for back, neck and joint pain across three trusts.\n\n> One referral, one list and one wait for every back in "
        "Carnford.\n>\n> — Dr Kofi Mensah, MSK clinical lead, speaking to the board\n", encoding="utf-8")
    (corpus_dir / "adv-b-pharmacy.md").write_text(
        "---\ntitle: Inside the Hollins shared pharmacy hub\npublisher: Example Trust\npeople:\n"
        "- name: Kofi Mensah\n  role: Lead pharmacist\n  organisation: Hollins Pharmacy Hub\n---\n\n"
        "“The shared pharmacy robots dispense for all four hospitals from one building,” said Kofi Mensah.\n",
        encoding="utf-8")
    result = run(["ask", "--json", "How did Carnford run one musculoskeletal physiotherapy front door for back pain?"],
                 env)
    assert result.returncode == 0, result.stderr
    contacts = [c for c in json.loads(result.stdout)["contacts"] if "Mensah" in c["name"]]
    assert contacts and contacts[0]["organisation"] == "Carnford Musculoskeletal Partnership"
    assert not contacts[0]["quote"] and "pharmacy" not in contacts[0]["reason"].lower(), contacts[0]
    assert "described in One musculoskeletal front door" in contacts[0]["reason"]  # his own line's third part is no
    # organisation of his: his document lists him at Carnford
