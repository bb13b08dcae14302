"""What the thirtieth hostile sweep found on `peerbot ask -`'s standard input: questions ended by a bare
carriage return (an old Mac's line ends, some Windows tools') were joined into one question, so all but
one went unanswered. Each is now answered on its own, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["trust at board level", "committee in common", "shared staff bank"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One index for the module's commands (they only read it)."""
    return indexed_environment(tmp_path_factory.mktemp("sweep30-stdin"))


def _asked(env: dict, stdin: bytes, *json_flag: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", *json_flag, "-"], cwd=ROOT, env=env,
                            input=stdin, capture_output=True, timeout=300)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    return result


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n", b"\r\r\n"])
def test_each_question_on_standard_input_is_answered_whatever_ends_its_line(env, ending):
    """Must not take: `\\r\\n` and `\\n` were answered line by line already, and still are."""
    result = _asked(env, ending.join(q.encode() for q in QUESTIONS) + ending, "--json")
    assert [json.loads(line)["question"] for line in result.stdout.decode().splitlines()] == QUESTIONS


def test_text_answers_to_questions_ended_by_carriage_returns_each_show_their_question(env):
    shown = _asked(env, b"\r".join(q.encode() for q in QUESTIONS)).stdout.decode()
    assert [line for line in shown.splitlines() if line.startswith("> ")] == [f"> {q}" for q in QUESTIONS]
