"""PEERBOT_KNOWLEDGE_DIR set to the file-system root, a system folder or a huge tree: the walk is
bounded. The root and system folders are refused with one line; virtual file systems and hidden
folders are never entered; folders too deep are not read (said once); a tree too big stops with
one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.corpus_folder import CorpusFolderError, check_corpus_folder, scan_documents

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("folder", "what"), [("/", "the file-system root"), ("/usr", "a system folder"),
                                               ("/etc", "a system folder")])
def test_peerbot_index_refuses_the_root_and_system_folders_in_one_line(tmp_path, folder, what):
    environment = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": folder,
                   "PEERBOT_MODEL": "hashing"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr == (f"peerbot: error: corpus folder {folder} is {what}: set PEERBOT_KNOWLEDGE_DIR to the "
                             "folder of lesson documents\n")


def test_a_link_to_a_system_folder_is_refused_as_that_folder(tmp_path):
    (tmp_path / "corpus").symlink_to("/")
    with pytest.raises(CorpusFolderError, match="is the file-system root"):
        check_corpus_folder(tmp_path / "corpus")


def test_a_link_inside_the_corpus_to_the_root_is_not_walked_and_the_lessons_are_indexed(tmp_path):
    """Before, a link to / among the lessons walked the machine until the 50,000-entry cap refused the
    whole corpus folder; now that link is one problem and the lessons beside it are indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lesson.md").write_text("# Shared bank staff\n\nThe trusts shared one staff bank.\n")
    (corpus / "everything").symlink_to("/")
    environment = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus),
                   "PEERBOT_MODEL": "hashing"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1  # something was skipped, as for any document skipped
    assert "documents 1 added" in result.stdout and not result.stderr
    assert result.stdout.startswith(f"peerbot: skipped {corpus / 'everything'}: a link to the file-system root or a "
                                    "system folder, so it was not read\n")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc file system here")
def test_a_virtual_file_system_is_never_entered_nor_a_corpus(tmp_path):
    (tmp_path / "lesson.md").write_text("# A lesson\n\nText.\n")
    (tmp_path / "proc").symlink_to("/proc")
    (tmp_path / "sys").symlink_to("/sys")
    skipped = "a link to the file-system root or a system folder, so it was not read"
    assert scan_documents(tmp_path) == ([tmp_path / "lesson.md"], [(tmp_path / "proc", skipped), (tmp_path / "sys", skipped)])
    # before, /proc's thousands of folders were walked
    with pytest.raises(CorpusFolderError, match="is a system folder"):
        scan_documents(Path("/proc/self"))


def test_a_folder_too_deep_is_not_read_and_said_once(tmp_path):
    (tmp_path / "top.md").write_text("# Top\n\nText.\n")
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(5)])
    deep.mkdir(parents=True)
    (deep / "deep.md").write_text("# Deep\n\nText.\n")
    (tmp_path / "d0" / "d1" / "ok.md").write_text("# Fine\n\nText.\n")
    paths, problems = scan_documents(tmp_path, max_depth=3)
    assert paths == [tmp_path / "d0" / "d1" / "ok.md", tmp_path / "top.md"]
    assert problems == [(tmp_path / "d0" / "d1" / "d2" / "d3",
                         "more than 3 folders below the corpus folder, so it was not read")]
    assert scan_documents(tmp_path)[0] == [deep / "deep.md", tmp_path / "d0" / "d1" / "ok.md", tmp_path / "top.md"]


def test_a_tree_too_big_to_be_a_corpus_stops_with_one_line(tmp_path):
    for i in range(30):
        (tmp_path / f"f{i}").mkdir()
        (tmp_path / f"f{i}" / "x.txt").write_text("words")
    with pytest.raises(CorpusFolderError) as raised:
        scan_documents(tmp_path, max_entries=40)
    assert str(raised.value) == (f"corpus folder {tmp_path} holds more than 40 files and folders, so it is not read: "
                                 "set PEERBOT_KNOWLEDGE_DIR to the folder of lesson documents")
    assert len(scan_documents(tmp_path, max_entries=60)[0]) == 30


def test_hidden_folders_are_not_entered(tmp_path):
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "notes.md").write_text("# Not a lesson\n")
    (tmp_path / "lesson.md").write_text("# A lesson\n")
    assert scan_documents(tmp_path) == ([tmp_path / "lesson.md"], [])
