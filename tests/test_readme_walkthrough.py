"""Stops 42 and 43: a new engineer follows README on a fresh clone. Each test is a place where what README
says and what peerbot did differed, run as the engineer ran it: `peerbot` in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment
from test_cli import run

OAUTH = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_STATE_SECRET": "x" * 40}


@pytest.fixture
def env(tmp_path, corpus_dir):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**clean, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


@pytest.mark.parametrize("setting, value", [*((name, "") for name in OAUTH), ("SLACK_STATE_SECRET", "too short")])
def test_migrate_refuses_a_partial_or_wrong_oauth_setup_before_it_touches_the_database(env, setting, value):
    """`migrate` with SLACK_STATE_SECRET alone printed "peerbot's records are up to date" (or created them),
    then failed with exit status 1 naming the missing variables: a release step that says it did its
    work and fails. A setting refused is refused first, in one line, with nothing done."""
    result = run(["migrate"], {**env, **OAUTH, setting: value})
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("peerbot: error: ") and "SLACK_" in line
    assert not (Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db").exists()


def test_migrate_with_the_whole_oauth_setup_still_migrates_and_makes_the_installation_tables(env):
    result = run(["migrate"], {**env, **OAUTH})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Created peerbot's records") and "Slack installation tables" in result.stdout


PAGE = ("<html><head><title>Virtual wards run together</title></head><body><h1>Virtual wards run together</h1>"
        "<p>Two acute trusts ran one virtual ward hub for frailty patients, with a shared clinical rota.</p></body></html>")


@pytest.mark.parametrize("address", ["example.org/lessons/wards", "www.example.org", "notaurl", "ftp://example.org/x",
                                     "https://example.org/a page"])
def test_import_refuses_a_url_that_is_not_a_web_address_and_writes_nothing(env, tmp_path, address):
    """`import --url example.org/x` wrote `url: example.org/x` and said nothing was missing, but every chat
    surface shows a citation whose address is not http(s) with no link: the lesson's link was silently lost."""
    page = tmp_path / "wards.html"
    page.write_text(PAGE)
    folder = tmp_path / "new-corpus"
    folder.mkdir()
    result = run(["import", "--url", address, str(page)], {**env, "PEERBOT_KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("peerbot import: error: argument --url: must be a web address")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("address", ["https://example.org/lessons/wards?id=3#top", " http://example.org/wards "])
def test_import_writes_a_web_address_into_the_front_matter(env, tmp_path, address):
    page = tmp_path / "wards.html"
    page.write_text(PAGE)
    folder = tmp_path / "new-corpus"
    folder.mkdir()
    result = run(["import", "--publisher", "Example ICS", "--url", address, str(page)],
                 {**env, "PEERBOT_KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert f"\nurl: {address.strip()}\n" in (folder / "wards.md").read_text()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> dict:
    return indexed_environment(tmp_path_factory.mktemp("indexed"))


@pytest.mark.parametrize("arguments", [["contacts"], ["contacts", "--check"], ["contacts", "--json", "--check"],
                                       ["contacts", "Hartley"]])
def test_contacts_with_a_corpus_folder_that_is_not_there_says_so_in_one_line(indexed, tmp_path, arguments):
    """`PEERBOT_KNOWLEDGE_DIR` mistyped: `contacts --check` read the index built before, found no
    contacts.yaml and said "The directory is complete" with exit status 0; every other command that reads
    the corpus names the setting."""
    result = run(arguments, {**indexed, "PEERBOT_KNOWLEDGE_DIR": str(tmp_path / "knowlege")})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"peerbot: error: corpus folder {tmp_path / 'knowlege'} does not exist or is not a folder "
                             "(set PEERBOT_KNOWLEDGE_DIR)\n")


def test_contacts_check_with_the_corpus_folder_there_still_checks_it(indexed):
    result = run(["contacts", "--check"], indexed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The directory is complete")


SUBMIT = ("from bot.settings import Settings\nfrom bot.corpus import open_state\n"
          "from bot.lessons.desk import LessonDesk\nfrom bot.lessons.model import Draft, Origin\n"
          "from bot.state import LessonRecords\ns = Settings.from_env()\nstate = open_state(s)\n"
          "desk = LessonDesk(LessonRecords(state), s.knowledge_dir, s.curator_ids, lambda: {'building-trust'})\n"
          "desk.submit(Draft(title='Theatre lists', did='We pooled theatre lists across three trusts.', "
          "learned='Agree the rules first.', organisation='Example', enablers=('building-trust',)), "
          "Origin('slack', 'U1'))\nstate.close()\n")


def test_lessons_approve_refuses_a_corpus_folder_that_is_not_there_and_leaves_the_lesson_pending(env, tmp_path):
    """`lessons approve` with PEERBOT_KNOWLEDGE_DIR mistyped made that folder and wrote the lesson into it
    ("Approved lesson #1: wrote …"): the next `peerbot index` with the same setting indexed that one lesson
    and nothing of the real corpus."""
    subprocess.run([sys.executable, "-c", SUBMIT], env=env, check=True, capture_output=True)
    typo = tmp_path / "knowlege"
    result = run(["lessons", "approve", "1"], {**env, "PEERBOT_KNOWLEDGE_DIR": str(typo)})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"peerbot: error: corpus folder {typo} does not exist or is not a folder (set PEERBOT_KNOWLEDGE_DIR)\n"
    assert not typo.exists()
    assert "pending" in run(["lessons", "--pending"], env).stdout
    approved = run(["lessons", "approve", "1"], env)  # the real folder: written
    assert approved.returncode == 0, approved.stderr
    assert [p.name for p in (Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "lessons").iterdir()] == ["lesson-1-theatre-lists.md"]
    assert run(["lessons", "reject", "1"], {**env, "PEERBOT_KNOWLEDGE_DIR": str(typo)}).stderr.startswith(
        "peerbot: error: Lesson #1")  # reject writes nothing to the corpus: its own answer, not the folder's


@pytest.mark.parametrize("argv, line", [
    (["digest", "--post", "--week", "2026-W47"], "peerbot digest: error: --json, --week, --since and --workspace go "
     "with --preview; --post always posts this week's digest, to each destination as its workspace may see it"),
    (["digest", "--post", "--json"], "peerbot digest: error: --json, --week, --since and --workspace go with --preview; "
     "--post always posts this week's digest, to each destination as its workspace may see it"),
    (["digest", "--post", "--workspace", ""], "peerbot digest: error: --json, --week, --since and --workspace go with "
     "--preview; --post always posts this week's digest, to each destination as its workspace may see it"),  # stop 43
    (["digest", "--preview", "--resend", "slack:C0123ABCD"], "peerbot digest: error: --resend goes with --post"),
    (["contacts", "--check", "cathy"], "peerbot contacts: error: --check looks at the whole directory: drop QUERY"),
])
def test_options_that_do_not_go_together_are_a_usage_error(env, argv, line):
    """README: a mistaken command line exits 2 with the command's usage line first. Options argparse groups
    (`digest --preview --post`, `--week` with `--since`) did; these, checked by the command, exited 1 with no usage
    line (and `digest` read its DIGEST_* settings first, so a bad one hid the command line's mistake)."""
    result = run(argv, {**env, "DIGEST_DAY": "funday"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"usage: peerbot {argv[0]} ") and result.stderr.splitlines()[-1] == line


@pytest.mark.parametrize("argv", [["digest", "--preview", "--week", "2026-W47"], ["contacts", "cathy"],
                                  ["contacts", "--check"]])
def test_options_that_go_together_still_run(env, argv):
    result = run(argv, env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("author, publisher", [("NHS Providers", "NHS Providers"), ("Jane Whitfield", None)])
def test_import_takes_a_web_page_author_that_names_an_organisation_as_its_publisher(env, tmp_path, author, publisher):
    """Stop 43. README (Adding documents): "The publisher is an organisation: a file's Company, or its Author
    when that names one ("NHS Providers")". A page's `<meta name="author" content="NHS Providers">` was
    written as `author:` only and the import said it had no publisher, as a PDF's or Word file's was not."""
    page = tmp_path / "theatre.html"
    page.write_text(f'<html><head><title>Theatre lists pooled</title><meta name="author" content="{author}"></head>'
                    "<body><h1>Theatre lists pooled</h1><p>Three trusts pooled their elective theatre lists to cut "
                    "waits, with a shared booking team.</p></body></html>")
    folder = tmp_path / "new-corpus"
    folder.mkdir()
    result = run(["import", str(page)], {**env, "PEERBOT_KNOWLEDGE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    front = (folder / "theatre.md").read_text().split("---")[1]
    assert f"\nauthor: {author}\n" in front
    assert (f"\npublisher: {publisher}\n" in front) if publisher else ("publisher" not in front and "no publisher" in result.stdout)


def test_a_hash_key_set_on_a_database_that_made_its_own_says_what_to_do(env):
    """Stop 43. Quick start, then Configuration's advice (set PEERBOT_HASH_KEY, "recommended in production"):
    every command then failed with "use the same PEERBOT_HASH_KEY in every process", though no process
    had ever set one. It says the database keeps a key of its own, and the two ways on."""
    assert run(["forget", "--channel", "C0123ABCD"], env).returncode == 0  # no PEERBOT_HASH_KEY: the database
    # makes its own (as `ask` on the Quick start's clone did)
    keyed = run(["forget", "--channel", "C0123ABCD"], {**env, "PEERBOT_HASH_KEY": "0123456789abcdef0123456789abcdef"})
    assert keyed.returncode == 1 and keyed.stdout == ""
    assert keyed.stderr == ("peerbot: error: PEERBOT_HASH_KEY is set, but this database was first used without it and "
                            "hashes its ids with a key of its own: unset PEERBOT_HASH_KEY to keep using this database, "
                            "or start a new database to use your key (see the README, Data we keep)\n")
    assert run(["forget", "--channel", "C0123ABCD"], env).returncode == 0
