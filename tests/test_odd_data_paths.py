"""A data folder whose path holds characters a URI or FAISS reads otherwise (`#`, `?`, `%41`, bytes
that are not UTF-8): the index is built, served and its database opened where it is. Before, the
index's read-only SQLite URI cut the path at `#` or `?` or decoded `%41` (each load found the
generation "damaged" and rebuilt it, leaving empty databases beside), SQLAlchemy read `?x=1` as
options, and FAISS refused a path that is not UTF-8."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["hash#tag", "query?x=1", "percent%41", os.fsdecode(b"bytes\xff\xfe")])
def test_a_data_folder_with_uri_characters_or_bad_bytes_in_its_path_serves_its_index(tmp_path, name):
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / name), "PEERBOT_KNOWLEDGE_DIR": str(tmp_path / "knowledge"),
           "PEERBOT_MODEL": "hashing"}

    def peerbot(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                              text=True, errors="backslashreplace", timeout=300)

    assert peerbot("index").returncode == 0
    for _ in range(2):
        asked = peerbot("ask", "How can trusts build trust at board level?")
        assert asked.returncode == 0 and asked.stderr == "" and asked.stdout.startswith("Here is what peers have learned")
    assert peerbot("lessons").returncode == 0
    assert (tmp_path / name / "peerbot.db").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["knowledge", name])  # nothing made beside it
