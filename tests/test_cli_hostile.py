"""No input crashes the command line: bytes that are not UTF-8 in an argument or on standard
input are answered with the bad bytes replaced (every later line too), and a question file with a
field of the wrong type, or a binary file, is one line naming the file and the line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One index for the module's commands (they only read it)."""
    return indexed_environment(tmp_path_factory.mktemp("cli-hostile"))


def peerbot(env: dict, *argv: bytes | str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, timeout=120)
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode(errors="replace")
    return result


@pytest.mark.parametrize("argument", [b"trust \xff\xfe at board level", b"\xed\xa0\x80 trust", b"trust \xc3",
                                      b"\xff" * 5000])
def test_an_argument_that_is_not_utf8_is_answered_with_the_bad_bytes_replaced(env, argument):
    result = peerbot(env, "ask", "--json", argument)
    assert result.returncode == 0
    answer = json.loads(result.stdout)
    assert "\ufffd" in answer["question"]


def test_every_line_on_standard_input_is_answered_whatever_its_bytes(env):
    lines = [b"trust at board level", b"trust \xff\xfe board", b"\xed\xa0\x80 lone surrogate", b"nul \x00 byte",
             b"\xef\xbb\xbfbom first", b"committee in common"]
    result = peerbot(env, "ask", "--json", "-", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(answers) == len(lines)
    assert answers[-1]["question"] == "committee in common" and answers[-1]["answered"]


@pytest.mark.parametrize("line, problem", [
    ('{"q": "fine", "offtopic": "no"}', "`offtopic` must be true or false, got 'no'"),
    ('{"q": "fine", "offtopic": 0}', "`offtopic` must be true or false, got a number"),
    ('{"q": 5}', "`q` must be the question's text, got a number"),
    ('{"q": ""}', "`q` must be the question's text"),
    ('{"q": null}', "`q` must be the question's text, got nothing"),
    ('{"id": "x"}', "`q` must be the question's text, got nothing"),
    ('{"q": "fine", "evidence": "chief executives"}', "`evidence` must be a list of texts"),
    ('{"q": "fine", "evidence": [1, 2]}', "`evidence` must be a list of texts"),
    ('{"q": "fine", "contacts": {"name": "Jo"}}', "`contacts` must be a list of texts, got an object"),
    ('{"q": "fine", "id": [1]}', "`id` must be text or a number, got a list"),
    ('{"q": "fine", "id": true}', "`id` must be text or a number, got a boolean"),
    ('{"q": "fine", "offtopc": true}', "unknown field `offtopc`"),
    ('["q", "fine"]', "not a question object (expected"),
    ('"just text"', "not a question object (expected"),
    ("not json", "not a question object (not JSON"),
    ("[" * 100_000, "not a question object"),
])
def test_a_question_file_with_a_malformed_line_is_one_line_naming_it(tmp_path, capsys, line, problem):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"q": "How did trusts build trust?"}\n' + line + "\n")
    assert main(["eval", str(path)]) == 1  # the file is checked before anything loads
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith(f"peerbot: error: {path}:2: ") and problem in message


@pytest.mark.parametrize("content, problem", [
    (b"\x00\x01\x02PK\x03\x04" * 100, "a binary file, not JSON lines"),
    ('{"q": "Caf\xe9"}'.encode("latin-1"), "not UTF-8 text (bad byte at offset"),
    (b"", "no questions"),
    (b"\n\n  \n", "no questions"),
])
def test_a_question_file_that_is_not_json_lines_is_one_line(tmp_path, capsys, content, problem):
    path = tmp_path / "questions.jsonl"
    path.write_bytes(content)
    assert main(["eval", str(path)]) == 1
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith(f"peerbot: error: {path}: {problem}")


def test_a_question_file_that_is_a_folder_or_missing_is_one_line(tmp_path, capsys):
    for path in (tmp_path, tmp_path / "nope.jsonl"):
        assert main(["eval", str(path)]) == 1
        [message] = capsys.readouterr().err.splitlines()
        assert message.startswith(f"peerbot: error: {path}: ")


def test_a_question_file_with_true_offtopic_flags_is_scored(env, tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"id": 1, "q": "Who won the football?", "offtopic": true}\n{"q": "committee in common"}\n')
    result = peerbot(env, "eval", "--json", str(path))
    assert result.returncode == 0 and json.loads(result.stdout)["questions"] == 2


@pytest.mark.parametrize("argv", [["ask", "--json", "trust at board level"], ["enabler", "--json", "trust"],
                                  ["contacts"], ["lessons"], ["migrate"], ["--help"], ["--version"]])
def test_output_that_cannot_be_written_is_one_line_and_a_failure(env, argv):
    """Standard output on a full disk (/dev/full): the answer is lost, so exit status 1 and one line."""
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, stdout=full,
                                stderr=subprocess.PIPE, timeout=120)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == ["peerbot: error: cannot write the output: No space left on device"]


@pytest.mark.parametrize("argv", [["ask", "--json", "trust at board level"], ["contacts"], ["--help"]])
def test_output_read_by_no_one_is_quiet(env, argv):
    """`peerbot ... | head -0`: whoever reads the output has gone; nothing on standard error."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, stdout=write,
                                stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    assert result.returncode == 0 and result.stderr == b""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_question_file_in_utf16_or_utf32_is_scored_like_utf8(env, tmp_path, encoding):
    lines = ['{"id": "a", "q": "How did trusts build trust at board level?"}',
             '{"id": "b", "q": "What is a \u201ccommittee in common\u201d?"}']
    path = tmp_path / "questions.jsonl"
    path.write_bytes("\n".join(lines).encode(encoding))
    result = peerbot(env, "eval", "--json", str(path))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"binary file" not in result.stderr
    assert json.loads(result.stdout)["questions"] == 2
