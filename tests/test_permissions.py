"""Files and folders peerbot may not read or write: a corpus folder or document that cannot be
read keeps its last good version and is reported (exit status 1); a data folder or state
database it cannot write is one clear line naming it. When the tests run as root (who may read
and write anything), peerbot runs without root's power to override file permissions (setpriv)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent
# root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH is held to permissions like anyone else
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []


def new_place(template: Path | None = None) -> Path:
    """A folder the unprivileged user owns, holding a copy of the corpus (or a copy of `template`)."""
    if UNPRIVILEGED and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv (util-linux): permissions cannot be enforced")
    folder = Path(tempfile.mkdtemp(prefix="peerbot-perm-"))
    if template is not None:
        shutil.copytree(template, folder, symlinks=True, dirs_exist_ok=True)
        return folder
    shutil.copytree(KNOWLEDGE, folder / "knowledge")
    (folder / "knowledge" / "region").mkdir()
    (folder / "knowledge" / "region" / "staff-bank.md").write_text("# Staff bank\n\nWe pooled porters across trusts.\n")
    return folder


def remove(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@pytest.fixture
def place():
    folder = new_place()
    yield folder
    remove(folder)


@pytest.fixture(scope="module")
def indexed():
    """A place that `peerbot index` has indexed, once for the module."""
    folder = new_place()
    assert peerbot(folder, "index").returncode == 0
    yield folder
    remove(folder)


@pytest.fixture
def indexed_place(indexed):
    """A copy of `indexed` (its corpus, with the same file times, and its index) for one test."""
    folder = new_place(indexed)
    yield folder
    remove(folder)


def peerbot(place: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PEERBOT_DATA_DIR": str(place / "data"),
                   "PEERBOT_KNOWLEDGE_DIR": str(place / "knowledge"), "PEERBOT_MODEL": "hashing", **env}
    result = subprocess.run([*UNPRIVILEGED, sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_an_unreadable_corpus_folder_keeps_its_documents_and_is_reported(indexed_place):
    place = indexed_place  # indexed by `peerbot index`
    (place / "knowledge" / "region").chmod(0)
    result = peerbot(place, "index")
    assert result.returncode == 1
    assert "region: cannot read folder (Permission denied)" in result.stdout and "0 removed" in result.stdout
    asked = peerbot(place, "ask", "pooled porters")
    assert asked.returncode == 0 and "pooled porters" in asked.stdout


def test_an_unreadable_document_keeps_its_last_good_version_and_is_reported(indexed_place):
    place = indexed_place  # indexed by `peerbot index`
    (place / "knowledge" / "region" / "staff-bank.md").chmod(0)
    result = peerbot(place, "index")
    assert result.returncode == 1 and "staff-bank.md: cannot read file (Permission denied)" in result.stdout
    assert "0 removed" in result.stdout


def test_a_data_folder_that_cannot_be_written_is_one_clear_line(place):
    (place / "data").mkdir()
    (place / "data").chmod(0o555)
    result = peerbot(place, "ask", "trust")
    [line] = result.stderr.splitlines()
    assert result.returncode == 1
    assert line == f"peerbot: error: PEERBOT_DATA_DIR {place / 'data'} cannot be written to (Permission denied)"


def test_a_state_database_that_cannot_be_read_is_one_clear_line_and_is_not_moved(place):
    assert peerbot(place, "teams-conversations").returncode == 0
    (place / "data" / "peerbot.db").chmod(0)
    result = peerbot(place, "teams-conversations")
    [line] = result.stderr.splitlines()
    assert result.returncode == 1 and "peerbot.db cannot be read and written by this user" in line
    assert not list((place / "data").glob("peerbot.db.damaged-*"))


@pytest.mark.parametrize("name", ["index.db", "vectors.faiss", "checksums.json"])
def test_an_unreadable_file_of_the_served_generation_falls_back_to_the_previous_one(indexed_place, name):
    place = indexed_place  # indexed by `peerbot index`
    (place / "knowledge" / "extra.md").write_text("# Extra\n\nA second generation about kayaks.\n")
    assert peerbot(place, "index").returncode == 0
    served = (place / "data" / "index" / "current").resolve()
    (served / name).chmod(0)
    result = peerbot(place, "ask", "trust at board level")
    [line] = result.stderr.splitlines()
    assert result.returncode == 0 and result.stdout.startswith("Here is what peers have learned")
    assert f"generation {served} cannot be read by the user peerbot runs as (Permission denied: {name})" in line
    assert "answering from gen-" in line  # the previous one; the refused one left in place (sweep 39)
    assert (place / "data" / "index" / "current").resolve() == served and served.exists()


@pytest.mark.parametrize("name", ["enablers.yaml", "contacts.yaml", "out_of_scope.yaml"])
def test_an_unreadable_knowledge_file_is_one_line_naming_it(indexed_place, name):
    place = indexed_place  # indexed by `peerbot index`
    (place / "knowledge" / name).chmod(0)
    result = peerbot(place, "ask", "trust at board level")
    [line] = result.stderr.splitlines()
    assert result.returncode == 1 and line.startswith("peerbot: error: ") and name in line and "cannot read" in line
