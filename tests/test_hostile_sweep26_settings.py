"""What the twenty-sixth hostile sweep's `env26` class found (benchmarks/hostile_sweep26.py): a setting (or
a command-line value) refused was quoted whole in its error line, so 100 KB in a variable made the "one
line" 100 KB, in every log it reached. Now a refused value is quoted by its first 80 characters and its
length (bot.setting_values.quoted). And a setting holding bytes that are not UTF-8 was taken as it came,
to fail where it was used (PEERBOT_HASH_KEY: a traceback); now it is refused as it is read, in one line
(a folder's path may hold such bytes). `peerbot` commands run as subprocesses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
LONG = "9" * 100_000


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> dict[str, str]:
    return indexed_environment(tmp_path_factory.mktemp("settings26"))


@pytest.mark.parametrize(("variable", "value", "argv"), [
    ("PEERBOT_ANSWER_THREADS", LONG, ["migrate"]),  # a whole number past Python's 4,300 digits
    ("PEERBOT_RETENTION_DAYS", "4" * 3000, ["migrate"]),  # read, then out of bounds
    ("PEERBOT_RELOAD_SECONDS", LONG, ["migrate"]),  # a number: infinity
    ("TEAMS_ALLOW_ANONYMOUS", "y" * 100_000, ["migrate"]),
    ("DIGEST_DAY", "monday" * 16_000, ["digest", "--preview"]),
    ("DIGEST_TIMEZONE", "Europe/" * 14_000, ["digest", "--preview"]),
    ("DIGEST_CHANNELS", "#general," * 11_000, ["digest", "--preview"]),
    ("PEERBOT_CURATORS", "someone," * 12_000, ["digest", "--preview"]),
])
def test_a_huge_value_refused_is_one_short_line(environment, variable, value, argv):
    env = {**environment, variable: value}  # a huge option value is a usage error: test_cli_usage_errors
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    lines = done.stderr.strip().splitlines()
    assert done.returncode in (1, 2) and len(lines) == 1 and lines[0].startswith("peerbot: error:"), done.stderr[:500]
    assert len(lines[0]) < 400, lines[0][:500]  # before: the value whole (a list's first bad item is short)


@pytest.mark.parametrize("variable", ["PEERBOT_HASH_KEY", "SLACK_STATE_SECRET", "PEERBOT_RETENTION_DAYS",
                                      "DIGEST_CHANNELS"])
def test_a_setting_that_is_not_utf8_is_one_line_naming_it_and_not_its_bytes(environment, variable):
    env = {**environment, variable: "secret-ish\udcff\udcfe"}  # the bytes ff fe, as Python holds them
    done = subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], cwd=ROOT, env=env, capture_output=True,
                          timeout=300)
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode in (1, 2) and err.strip().splitlines() == [
        f"peerbot: error: {variable} holds bytes that are not UTF-8 text"], err[-2000:]


def test_a_data_folder_whose_name_is_not_utf8_is_still_taken(environment, tmp_path):
    folder = tmp_path / "data-\udcff"
    env = {**environment, "PEERBOT_DATA_DIR": str(folder)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], cwd=ROOT, env=env, capture_output=True,
                          timeout=300)
    assert done.returncode == 0 and (folder / "peerbot.db").exists(), done.stderr[-2000:]
