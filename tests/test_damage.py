"""Every file peerbot reads, damaged: the next `ask` answers (from the previous index generation,
or a rebuild) or prints one clear line, never a traceback; `peerbot index` repairs the index;
a damaged `peerbot.db` is moved aside and a fresh one made. Real files, real FAISS and SQLite."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import KNOWLEDGE
from copied_home import copy_home, run

from bot.cli import main
from bot.state import StateStore
from index.generations import current_generation
from index.vectors import VectorIndex

QUESTION = "How can trusts build trust at board level?"


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(path.stat().st_size // 2, 1)])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(max(path.stat().st_size, 4096)))


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def folder_instead(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def missing(path: Path) -> None:
    path.unlink()


def binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 64)


def not_utf8(path: Path) -> None:
    path.write_bytes("title: Caf\xe9\n".encode("latin-1") + b"\xff\xfe\n")


def wrong_kind(path: Path) -> None:
    """A well-formed file of the wrong kind: another SQLite database, an empty FAISS index, JSON of the wrong shape."""
    path.unlink()
    if path.suffix == ".db":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        db.commit()
        db.close()
    elif path.suffix == ".faiss":
        VectorIndex.build(np.zeros(0, np.int64), np.zeros((0, 256), np.float32), 256).save(path)
    else:
        path.write_text(json.dumps({"version": 1, "files": "all fine"}))


DAMAGES = [truncate, empty, random_bytes, flip_a_byte, folder_instead, missing, wrong_kind]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data folder with two generations (the corpus changed in between), built once."""
    root = tmp_path_factory.mktemp("damage-template")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    env = {"PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
           "PEERBOT_MODEL": "hashing"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert main(["index"]) == 0
        (root / "knowledge" / "staff-bank.md").write_text("# Staff bank\n\nWe pooled porters across three trusts.\n")
        assert main(["index"]) == 0
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return root


@pytest.fixture
def home(template, tmp_path, monkeypatch):
    """A private copy of the template, set as the environment."""
    return copy_home(template, tmp_path, monkeypatch)


def generations(home: Path) -> list[Path]:
    return sorted((home / "data" / "index").glob("gen-*"))


def answered(out: str) -> bool:
    return out.startswith("Here is what peers have learned")


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("name", ["index.db", "vectors.faiss", "checksums.json"])
def test_a_damaged_current_generation_is_set_aside_and_the_previous_one_answers(home, capsys, name, damage):
    served = current_generation(home / "data" / "index")
    previous = [g for g in generations(home) if g != served][0]
    damage(served / name)
    code, out, err = run(capsys, "ask", QUESTION)
    if name == "checksums.json" and damage is missing:  # as a generation built before checksums: checked for structure
        assert code == 0 and answered(out) and err == []
        return
    assert code == 0 and answered(out)
    [line] = err
    assert line.startswith(f"peerbot: index generation {served.name} is damaged") and name in line
    assert f"answering from {previous.name} until `peerbot index` rebuilds it" in line
    assert current_generation(home / "data" / "index") == previous
    assert (home / "data" / "index" / f"damaged-{served.name}").is_dir()  # kept for a look, never served
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out) and err == []  # said once
    code, out, _ = run(capsys, "index")
    assert code == 0 and "1 added" in out  # the lesson only the damaged generation had is back
    assert current_generation(home / "data" / "index") not in (served, previous)


@pytest.mark.parametrize("damage", [truncate, empty, random_bytes, folder_instead])
def test_with_no_whole_generation_left_ask_rebuilds_from_the_corpus_and_says_so(home, capsys, damage):
    for folder in generations(home):
        damage(folder / "index.db")
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out)
    assert err[0].startswith("peerbot: index generation") and "no usable generation is left" in err[0]
    assert err[1].startswith("Indexed with hashing-256: documents 5 added")
    assert len(err) == 2


@pytest.mark.parametrize("damage", [truncate, random_bytes, folder_instead, missing])
def test_index_rebuild_never_fails_because_of_the_old_copy(home, capsys, damage):
    for folder in generations(home):
        damage(folder / "index.db")
        damage(folder / "vectors.faiss")
    code, out, err = run(capsys, "index", "--rebuild")
    assert code == 0 and "5 added" in out
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out) and err == []


@pytest.mark.parametrize("damage", [truncate, random_bytes, wrong_kind])
def test_a_damaged_generation_built_before_checksums_is_caught_by_its_structure(home, capsys, damage):
    for folder in generations(home):
        (folder / "checksums.json").unlink()  # as every generation was before checksums
    damage(current_generation(home / "data" / "index") / "vectors.faiss")
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out)
    assert "vectors.faiss" in err[0] and "no usable generation is left" in err[0]  # no checksums: no fallback
    assert err[1].startswith("Indexed with hashing-256")


def test_a_generation_built_before_checksums_is_checked_in_full_once_then_by_its_checksums(home, capsys):
    """Before, a generation without checksums had only SQLite's quick check at every load, so a flipped
    byte among its vectors was served; now its first load checks it in full and writes its checksums."""
    served = current_generation(home / "data" / "index")
    (served / "checksums.json").unlink()  # as every generation was before checksums
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out) and err == []
    assert (served / "checksums.json").is_file()
    flip_a_byte(served / "vectors.faiss")  # one vector's value: FAISS still loads it
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out)
    assert err[0].startswith(f"peerbot: index generation {served.name} is damaged (vectors.faiss does not match its checksum)")


def test_a_generation_built_before_checksums_whose_database_index_lost_rows_is_caught(home, capsys):
    """An index of index.db that no longer matches its table passes SQLite's quick check but not its
    integrity check, which a generation without checksums now gets."""
    for folder in generations(home):
        (folder / "checksums.json").unlink()
    served = current_generation(home / "data" / "index")
    db = sqlite3.connect(served / "index.db", isolation_level=None)
    db.execute("PRAGMA writable_schema = ON")
    db.execute("""UPDATE sqlite_master SET sql = 'CREATE INDEX "idx_people_document_id" ON "people" ("name")'
                  WHERE name = 'idx_people_document_id'""")
    db.close()
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out)
    assert "index.db failed SQLite's integrity check (row 1 missing from index idx_people_document_id)" in err[0]
    assert err[1].startswith("Indexed with hashing-256")


def replace_link(home: Path, how: str) -> None:
    link = home / "data" / "index" / "current"
    link.unlink()
    if how == "dangling":
        link.symlink_to("gen-0000-gone")
    elif how == "file":
        link.write_text("not a link")
    elif how == "folder":
        (link / "index.db").mkdir(parents=True)


@pytest.mark.parametrize("how", ["dangling", "file", "folder", "missing"])
def test_a_damaged_current_link_is_repaired_and_the_newest_whole_generation_answers(home, capsys, how):
    newest = generations(home)[-1]
    if how != "missing":
        replace_link(home, how)
    else:
        (home / "data" / "index" / "current").unlink()
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0 and answered(out)
    assert current_generation(home / "data" / "index") == newest
    assert len(err) == (0 if how == "missing" else 1)


def test_an_index_folder_that_is_a_file_is_one_clear_line(home, capsys):
    shutil.rmtree(home / "data" / "index")
    (home / "data" / "index").write_text("oops")
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 1 and len(err) == 1 and err[0].startswith("peerbot: error: cannot write the index in")


def filled_state(db: Path) -> None:
    """A state database with records in it, all in the main file (the log checkpointed)."""
    state = StateStore(db)
    for n in range(40):
        state.save_conversation(f"19:chat-{n}@thread.v2", "teams", {"conversation": {"id": f"19:chat-{n}", "name": "x" * 400}})
    state.close()  # the last connection to close checkpoints the log into the main file


@pytest.mark.parametrize("damage", [truncate, empty, random_bytes, folder_instead, binary])
def test_a_damaged_state_database_is_moved_aside_and_a_fresh_one_made(home, capsys, damage):
    db = home / "data" / "peerbot.db"
    filled_state(db)
    damage(db)
    code, out, err = run(capsys, "teams-conversations")
    assert code == 0 and "not been added to any Teams chat" in out
    if damage is empty:  # an empty file is a new, empty database to SQLite: nothing was lost
        assert err == []
        return
    [line] = err
    assert line.startswith(f"peerbot: {db} is damaged") and "moved aside as peerbot.db.damaged-" in line
    [aside] = [p for p in (home / "data").glob("peerbot.db.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.exists() and run(capsys, "teams-conversations") == (0, out, [])  # said once


def test_another_sqlite_file_in_place_of_the_state_database_is_moved_aside(home, capsys):
    shutil.copy(current_generation(home / "data" / "index") / "index.db", home / "data" / "peerbot.db")
    code, out, err = run(capsys, "teams-conversations")
    assert code == 0 and len(err) == 1 and "it is not peerbot's state database" in err[0]


KNOWLEDGE_FILES = ["enablers.yaml", "contacts.yaml", "out_of_scope.yaml", "everyday_topics.yaml"]
WRONG_TYPES = {
    "enablers.yaml": "enablers:\n  - id: 5\n    name: [x]\n    description: {a: b}\n",
    "contacts.yaml": "people:\n  - name: Jo\n    topics: {a: 1}\n",
    "out_of_scope.yaml": "out_of_scope:\n  it: [{a: 1}]\n",
    "everyday_topics.yaml": "everyday_topics:\n  sport:\n    kind: [1]\n    topics: {a: 1}\n",
}


def wrong_types(path: Path) -> None:
    path.write_text(WRONG_TYPES[path.name])


def a_list(path: Path) -> None:
    path.write_text("- just\n- a list\n")


def deep(path: Path) -> None:
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")


@pytest.mark.parametrize("damage", [truncate, empty, random_bytes, folder_instead, binary, not_utf8, wrong_types,
                                    a_list, deep, missing])
@pytest.mark.parametrize("name", KNOWLEDGE_FILES)
def test_a_damaged_knowledge_file_answers_or_is_one_line_naming_it(home, capsys, name, damage):
    damage(home / "knowledge" / name)
    code, out, err = run(capsys, "ask", QUESTION)
    if code == 0:
        assert answered(out) or "couldn't find anything" in out
    else:
        [line] = err
        assert code == 1 and line.startswith("peerbot: error: ") and name in line


@pytest.mark.parametrize("damage", [truncate, empty, random_bytes, folder_instead, binary, not_utf8, deep])
def test_a_damaged_document_keeps_its_last_good_version_and_index_says_so(home, capsys, damage):
    path = home / "knowledge" / "nelft-operating-model-case-study.md"
    damage(path)
    code, out, err = run(capsys, "index")
    if damage is truncate:  # still a document, just shorter: an update
        assert code == 0 and "1 updated" in out
        return
    assert code == 1 and "nelft-operating-model-case-study.md" in out
    assert "0 removed" in out
    code, out, err = run(capsys, "ask", "NELFT operating model")
    assert code == 0 and "NELFT" in out


def test_a_document_over_the_size_limit_is_skipped_and_its_last_good_version_kept(home, capsys, monkeypatch):
    path = home / "knowledge" / "nelft-operating-model-case-study.md"
    path.write_text(path.read_text() + "\n\nMore about the operating model. " * 20000)
    monkeypatch.setenv("PEERBOT_MAX_DOCUMENT_MB", "0.5")
    code, out, _ = run(capsys, "index")
    assert code == 1 and "over the limit of 0.5 MB (PEERBOT_MAX_DOCUMENT_MB)" in out and "0 removed" in out


def test_a_data_folder_that_is_a_file_or_under_a_file_is_one_clear_line(home, capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    for data in (blocker, blocker / "data"):
        monkeypatch.setenv("PEERBOT_DATA_DIR", str(data))
        code, out, err = run(capsys, "index")
        assert code == 1 and len(err) == 1 and f"PEERBOT_DATA_DIR {data}" in err[0]
