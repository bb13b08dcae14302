"""The eighteenth hostile sweep's leftovers on the command line, each as a test: what `import` says
of a folder or a named pipe, and a lesson file left half-written by a kill under `lessons approve`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_import_names_a_folder_or_a_named_pipe_for_what_it_is_and_never_waits(tmp_path):
    """Both were called "no such file"; a pipe is looked at, never opened, so no writer is waited for."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    env = {"PEERBOT_KNOWLEDGE_DIR": str(knowledge), "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_MODEL": "hashing", "PATH": "/usr/bin:/bin"}
    folder, bare_folder, pipe = tmp_path / "reports.html", tmp_path / "reports", tmp_path / "feed.pdf"
    folder.mkdir()
    bare_folder.mkdir()
    os.mkfifo(pipe)
    result = peerbot(env, "import", str(folder), str(bare_folder), str(pipe), str(tmp_path / "gone.docx"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"peerbot: not imported {folder}: is a folder: give the files in it",
        f"peerbot: not imported {bare_folder}: is a folder: give the files in it",
        f"peerbot: not imported {pipe}: is not a regular file (a named pipe)",
        f"peerbot: not imported {tmp_path / 'gone.docx'}: no such file",
    ]
    assert list(knowledge.iterdir()) == []
