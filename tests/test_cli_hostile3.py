"""The third hostile sweep's findings (benchmarks/hostile_sweep3.py), each over the real command
line: what it did, it does no more."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One index for the module's commands (they only read it)."""
    return indexed_environment(tmp_path_factory.mktemp("cli-hostile3"))


def peerbot(env: dict, *argv: bytes | str, close_stdin: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            stdin=None if close_stdin else subprocess.DEVNULL, timeout=120,
                            preexec_fn=(lambda: os.close(0)) if close_stdin else None)
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode(errors="replace")
    return result


@pytest.mark.parametrize("argv", [["ask", "-"], ["ask", "--json", "-"]])
def test_questions_from_a_closed_standard_input_are_one_line(env, argv):
    result = peerbot(env, *argv, close_stdin=True)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == ["peerbot: error: cannot read questions from standard input: it is closed"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_the_teams_package_written_to_a_device_is_written_not_a_traceback(env, tmp_path, device):
    """zipfile seeks back to finish a zip; a device cannot: the package is made in memory first."""
    teams = {**env, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-0000-0000-000000000000"}
    assert peerbot(teams, "teams-manifest", "--output", device).returncode == 0
    result = peerbot(teams, "teams-manifest", "--output", str(tmp_path))
    assert result.returncode == 1 and result.stderr.decode() == f"peerbot: error: cannot write {tmp_path}: Is a directory\n"
    assert list(tmp_path.parent.glob(".*.tmp")) == []


def test_a_question_file_that_never_ends_is_one_line_not_a_hang(env):
    result = peerbot(env, "eval", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr.decode() == "peerbot: error: /dev/zero: larger than 64 MB, not a question set\n"


@pytest.mark.parametrize(("name", "value", "line"), [
    ("PEERBOT_DATA_DIR", "9" * 5000, "peerbot: error: PEERBOT_DATA_DIR is not a usable path (File name too long)"),
    ("PEERBOT_KNOWLEDGE_DIR", "9" * 300, "peerbot: error: PEERBOT_KNOWLEDGE_DIR is not a usable path (File name too long)"),
    ("PEERBOT_DATA_DIR", "~no-such-user-s23/data",
     "peerbot: error: PEERBOT_DATA_DIR is not a usable path (Could not determine home directory.)"),
    ("PEERBOT_MODEL", "9" * 5000, f"peerbot: error: PEERBOT_MODEL={'9' * 5000!r} is neither 'all-MiniLM-L6-v2', "
                                  "'hashing' nor a model folder"),
])
def test_a_setting_that_cannot_be_a_path_is_one_line(env, name, value, line):
    result = peerbot({**env, name: value}, "ask", "trust")
    assert result.returncode == 1 and result.stderr.decode().splitlines() == [line]
