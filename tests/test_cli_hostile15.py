"""The fifteenth hostile sweep's classes of the command line, each as a test
(benchmarks/hostile_sweep15.py): standard input whose line never ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One index for the module's commands (they only read it)."""
    return indexed_environment(tmp_path_factory.mktemp("cli-hostile15"))


def peerbot(env: dict, *argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, timeout=120)
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode(errors="replace")
    return result


def test_a_line_of_standard_input_past_1_mb_ends_the_questions_with_one_line(env):
    """`/dev/zero` piped in is one line that never ends: read to its end, it would fill memory."""
    result = peerbot(env, "ask", "--json", "-", stdin=b"committee in common\n" + b"\x00" * (2**20 + 10) + b"\ncommittee\n")
    assert result.returncode == 1
    assert json.loads(result.stdout.decode().splitlines()[0])["question"] == "committee in common"
    errors = result.stderr.decode().splitlines()
    assert len(errors) == 1 and errors[0].startswith("peerbot: error: a line of standard input is longer than 1 MB")
