"""The eighteenth hostile sweep's leftovers on the command line, each as a test: what `import` says
of a folder or a named pipe, and a lesson file left half-written by a kill under `lessons approve`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import indexed_environment
from test_cli_hostile17 import _lesson

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


def test_what_an_approval_killed_part_way_left_is_never_served_and_tidied_by_the_next(tmp_path):
    """A SIGKILL under `lessons approve` left `.lesson-*.tmp` in `knowledge/lessons/` for ever. Hidden,
    it is never indexed; the next approval removes a stale one whose lesson is still pending (approved
    again, it is written anew) and puts in place one whose lesson was approved before the kill."""
    env = indexed_environment(tmp_path)
    assert peerbot(env, "lessons").returncode == 0  # the records database
    data, lessons = Path(env["PEERBOT_DATA_DIR"]), Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "lessons"
    pending, decided, later = (_lesson(data, title) for title in ("Zebracorn rota", "Shared bank", "Joint board"))
    assert peerbot(env, "lessons", "approve", str(decided)).returncode == 0
    (document,) = lessons.glob(f"lesson-{decided}-*.md")
    cut_short = lessons / f".lesson-{decided}-k1ll3d.tmp"  # killed after the decision, before the rename
    os.replace(document, cut_short)
    stale = lessons / f".lesson-{pending}-k1ll3d.tmp"  # killed while writing
    stale.write_text("---\ntitle: Zebracorn rota\n---\n\nZebracorn rota half")
    fresh = lessons / f".lesson-{pending}-w0rk1ng.tmp"  # another approval under way
    fresh.write_text("---\n")
    for left in (cut_short, stale):
        os.utime(left, (1_700_000_000, 1_700_000_000))
    assert peerbot(env, "index").returncode == 0
    served = peerbot(env, "ask", "--json", "Zebracorn rota half").stdout
    assert ".tmp" not in served and "k1ll3d" not in served
    assert peerbot(env, "lessons", "approve", str(later)).returncode == 0
    assert not stale.exists() and not cut_short.exists() and fresh.exists()
    assert document.read_text().startswith("---\ntitle: Shared bank")
    assert peerbot(env, "lessons", "approve", str(pending)).returncode == 0
    assert sorted(p.name.split("-")[1] for p in lessons.glob("lesson-*.md")) == sorted(
        str(n) for n in (pending, decided, later))
