"""The twenty-seventh hostile sweep's command-line findings (benchmarks/hostile_sweep27.py), over the
real command line: standard output or standard error closed before peerbot started (`cmd >&-`, a
service manager that gives none) was a traceback and exit status 120, or an error line on the wrong
stream."""

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
    return indexed_environment(tmp_path_factory.mktemp("sweep27-cli"))


def peerbot(env: dict, *argv: str, closed: tuple[int, ...]) -> subprocess.CompletedProcess:
    """`peerbot argv` started with the descriptors `closed` closed (the others captured)."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=120, preexec_fn=lambda: [os.close(fd) for fd in closed])


@pytest.mark.parametrize("argv", [["ask", "how do trusts share staff?"], ["ask", "--json", "shared staff"],
                                  ["contacts"], ["enabler"], ["--help"]])
def test_output_to_a_closed_standard_output_is_one_line_and_a_failure(env, argv):
    result = peerbot(env, *argv, closed=(1,))
    assert result.returncode == 1
    assert result.stderr.decode() == "peerbot: error: cannot write the output: standard output is closed\n"


def test_a_command_that_writes_nothing_succeeds_with_standard_output_closed(env):
    assert peerbot(env, "ask", "-", closed=(1,)).returncode == 0  # no questions on an empty standard input


def test_an_error_with_standard_error_closed_is_not_written_to_standard_output(env):
    result = peerbot(env, "enabler", "no such enabler at all", closed=(2,))
    assert result.returncode == 1
    assert result.stdout == b""


def test_an_answer_with_standard_error_closed_is_written(env):
    result = peerbot(env, "ask", "how do trusts share staff?", closed=(2,))
    assert result.returncode == 0 and b"peers have learned" in result.stdout
