"""Rough edges a new user of the command line met (stop 32): each says what went wrong in words a
user reads, never a Python class name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_a_damaged_word_file_says_what_to_do_in_plain_words(tmp_path):
    damaged = tmp_path / "minutes.docx"
    damaged.write_text("not a Word file")
    (tmp_path / "knowledge").mkdir()
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(tmp_path / "knowledge"),
           "PEERBOT_MODEL": "hashing"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "import", str(damaged)], capture_output=True, text=True,
                            env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"peerbot: not imported {damaged}: corrupt (not a valid Word file: open it in Word and "
                             "save it again as .docx)\n")
