"""Stop 43: a value an option cannot take is a mistaken command line, like a mistyped option: the
command's usage line, the option named, exit status 2, nothing read or written (before: exit status 1,
no usage line, and `digest --workspace general` was taken and showed no questions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import indexed_environment
from test_cli import run

from bot.digest.model import is_workspace
from bot.records import StoredConversation


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> dict:
    return indexed_environment(tmp_path_factory.mktemp("usage"))


def usage_error(argv: list[str], env: dict) -> str:
    """The error line of a usage error, after checking its form: usage first, status 2, nothing printed."""
    result = run(argv, env)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"usage: peerbot {argv[0]} ") and lines[-1].startswith(f"peerbot {argv[0]}: error: ")
    return lines[-1].removeprefix(f"peerbot {argv[0]}: error: ")


@pytest.mark.parametrize("argv, error", [
    (["digest", "--preview", "--week", "2026-99"],
     "argument --week: a week must look like 2026-W47 (ISO year and week number), got '2026-99'"),
    (["digest", "--preview", "--week", "2027-W53"], "argument --week: 2027 has no week 53"),
    (["digest", "--preview", "--since", "16/11/2026"], "argument --since: must be a date like 2026-11-16, got '16/11/2026'"),
    (["digest", "--preview", "--since", "2026-W47"], "argument --since: must be a date like 2026-11-16, got '2026-W47'"),
    (["digest", "--preview", "--since", "2026-02-30"], "argument --since: must be a date like 2026-11-16, got '2026-02-30'"),
    (["digest", "--preview", "--since", "2999-01-01"], "argument --since: 2999-01-01 is not in the past"),
    (["digest", "--preview", "--workspace", "general"],
     "argument --workspace: must be a Slack workspace id like T0123ABCD, or a Teams team peerbot was added to (its "
     "General channel's id, as `peerbot teams-conversations` lists it), got 'general'"),
    (["digest", "--preview", "--workspace", ""],
     "argument --workspace: must be a Slack workspace id like T0123ABCD, or a Teams team peerbot was added to (its "
     "General channel's id, as `peerbot teams-conversations` lists it), got ''"),
    (["forget", "--before", "notadate"], "argument --before: must be a date like 2026-11-16, got 'notadate'"),
    (["forget", "--before", "2999-01-01"],
     "argument --before: 2999-01-01 is in the future; give today's date to erase everything before today"),
    (["forget", "--channel", "C0123 C0456"], "argument --channel: must be one channel or conversation id, got 'C0123 C0456'"),
    (["lessons", "aprove", "3"], "`peerbot lessons` takes approve or reject and a lesson number (e.g. `peerbot lessons "
     "approve 3`), got 'aprove' (did you mean 'approve'?); `peerbot lessons` alone lists them"),
    (["lessons", "rejet", "3"], "`peerbot lessons` takes approve or reject and a lesson number (e.g. `peerbot lessons "
     "approve 3`), got 'rejet' (did you mean 'reject'?); `peerbot lessons` alone lists them"),
])
def test_a_value_an_option_cannot_take_is_a_usage_error_and_nothing_is_recorded(indexed, argv, error):
    database = Path(indexed["PEERBOT_DATA_DIR"]) / "peerbot.db"
    before = database.stat().st_mtime_ns if database.exists() else None
    assert usage_error(argv, indexed) == error
    if "--workspace" not in argv:  # that one reads the records for the Teams teams peerbot was added to
        assert (database.stat().st_mtime_ns if database.exists() else None) == before


def test_a_huge_date_is_a_usage_error_whose_line_stays_short(indexed):
    """The value is quoted cut short, as a setting's is (test_hostile_sweep26_settings)."""
    line = usage_error(["forget", "--before", "2026-" * 20_000], indexed)
    assert line.startswith("argument --before: must be a date like 2026-11-16, got '2026-2026-") and len(line) < 400


@pytest.mark.parametrize("argv", [["digest", "--preview", "--json", "--since", " 2000-01-01 ", "--workspace", "T0123ABCD"],
                                  ["forget", "--before", "2000-01-01"], ["forget", "--channel", " C0123ABCD "]])
def test_the_values_an_option_takes_still_run(indexed, argv):
    result = run(argv, indexed)
    assert result.returncode == 0, result.stderr
    if argv[0] == "digest":
        assert json.loads(result.stdout)["week"] is None  # from a day, not a week
    else:
        assert result.stdout.startswith("Erased the records ") and "C0123ABCD " not in result.stdout


def test_a_teams_team_peerbot_was_added_to_is_a_workspace_and_another_word_is_not():
    team = StoredConversation("19:general@thread.tacv2", "teams", {}, True, "2026-11-01", workspace="19:general@thread.tacv2")
    chat = StoredConversation("19:chat@unq.gbl.spaces", "teams", {}, False, "2026-11-01")
    assert is_workspace("19:general@thread.tacv2", [team, chat]) and is_workspace("T0123ABCD", [])
    for word in ("general", "", "19:other@thread.tacv2", "t0123abcd", "C0123ABCD"):
        assert not is_workspace(word, [team, chat]), word


def test_blank_lines_on_standard_input_are_no_questions_and_print_nothing(indexed):
    """README (`ask`): a blank line, or one of spaces only, is skipped; the answers are the other
    lines', in order, one JSON object each, and as text each under its `> QUESTION`."""
    asked = "\n \t \ncommittee in common\r\n\r\n\nwellbeing hub\n  \n"
    result = run(["ask", "--json", "-"], indexed, stdin=asked)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert [json.loads(line)["question"] for line in result.stdout.splitlines()] == ["committee in common", "wellbeing hub"]
    text = run(["ask", "-"], indexed, stdin=asked)
    assert [line for line in text.stdout.splitlines() if line.startswith("> ")] == ["> committee in common",
                                                                                    "> wellbeing hub"]
    nothing = run(["ask", "--json", "-"], indexed, stdin="\n\n  \n")
    assert (nothing.returncode, nothing.stdout, nothing.stderr) == (0, "", "")


def test_lessons_usage_says_a_decision_takes_a_lesson_number(indexed):
    """argparse's own usage, `[approve|reject] [ID]`, read as if `peerbot lessons approve` alone were a command."""
    result = run(["lessons", "approve"], indexed)
    assert result.returncode == 2 and result.stderr.splitlines() == [
        "usage: peerbot lessons [-h] [--pending] [approve ID | reject ID]",
        "peerbot lessons: error: `peerbot lessons approve` needs a lesson number, e.g. `peerbot lessons approve 3`, got none"]
