"""The fifteenth hostile sweep's classes of the command line, each as a test
(benchmarks/hostile_sweep15.py): standard input whose line never ends, the index's build lock held by
another program, another database's journal beside the records, a served generation SQLite finds
malformed though its checksums match."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
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


_HOLD = """import fcntl, os, sys, time
lock = open(sys.argv[1], "a")
fcntl.flock(lock, fcntl.LOCK_EX)
if sys.argv[2] == "build":  # as a running peerbot build does
    lock.truncate(0)
    lock.write(f"{os.getpid()}\\n")
    lock.flush()
print("held", flush=True)
time.sleep(float(sys.argv[3]))
"""


def _hold_lock(env: dict, how: str, seconds: float) -> subprocess.Popen:
    path = Path(env["PEERBOT_DATA_DIR"]) / "index" / ".build.lock"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), how, str(seconds)], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    return holder


@pytest.mark.parametrize("argv", [["index"], ["index", "--rebuild"]])
def test_a_build_lock_held_by_another_program_is_one_line_not_a_wait_for_ever(tmp_path, argv):
    env = indexed_environment(tmp_path)
    holder = _hold_lock(env, "other", 600)
    try:
        result = peerbot(env, *argv)
    finally:
        holder.kill()
        holder.wait()
    errors = result.stderr.decode().splitlines()
    assert result.returncode == 1 and len(errors) == 1
    assert "is held by a process that is not a running peerbot build" in errors[0]
    assert peerbot(env, "index").returncode == 0  # once it lets go


def test_a_build_lock_held_by_a_running_build_is_waited_for_with_one_line(tmp_path):
    env = indexed_environment(tmp_path)
    holder = _hold_lock(env, "build", 4)
    try:
        result = peerbot(env, "index")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0
    assert f"waiting for another build of this index (process {holder.pid}) to finish" in result.stderr.decode()


def _another_databases_wal(target: Path) -> None:
    """A write-ahead log of another database, left beside `target` as a restored backup would be."""
    other = target.with_name("other.db")
    db = sqlite3.connect(other)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (x)")
    db.executemany("INSERT INTO t VALUES (?)", [(b"x" * 200,) for _ in range(200)])
    db.commit()
    shutil.copyfile(other.with_name("other.db-wal"), target.with_name(target.name + "-wal"))
    db.close()


def test_another_databases_journal_beside_the_records_is_set_aside_and_the_records_kept(tmp_path):
    env = indexed_environment(tmp_path)
    assert peerbot(env, "lessons").returncode == 0  # the records database exists
    records = Path(env["PEERBOT_DATA_DIR"]) / "peerbot.db"
    with contextlib.closing(sqlite3.connect(records)) as db:
        applied = db.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
    _another_databases_wal(records)
    result = peerbot(env, "lessons")
    assert result.returncode == 0
    assert result.stderr.decode().count("another database's journal") == 1
    assert not list(records.parent.glob("peerbot.db.damaged-*"))  # before: the records were moved aside as damaged
    with contextlib.closing(sqlite3.connect(records)) as db:
        assert db.execute("SELECT name FROM _migrations ORDER BY name").fetchall() == applied


def _garbage_page_checksummed(env: dict) -> None:
    """A page of garbage in the middle of the served index.db, with checksums.json rewritten to match:
    the checks pass and only SQLite can tell."""
    generation = (Path(env["PEERBOT_DATA_DIR"]) / "index" / "current").resolve()
    data = bytearray((generation / "index.db").read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096:(middle + 1) * 4096] = bytes(range(256)) * 16
    (generation / "index.db").write_bytes(data)
    manifest = json.loads((generation / "checksums.json").read_text())
    manifest["files"]["index.db"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (generation / "checksums.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("argv", [["ask", "--json", "committee in common"], ["enabler", "trust"]])
def test_a_generation_sqlite_finds_malformed_past_its_checksums_is_set_aside_and_rebuilt(tmp_path, argv):
    env = indexed_environment(tmp_path)
    _garbage_page_checksummed(env)
    result = peerbot(env, *argv)
    assert result.returncode == 0, result.stderr  # before: one line asking for `index --rebuild`, every time
    assert "is damaged (it could not be loaded (DatabaseError: database disk image is malformed))" in result.stderr.decode()
    assert peerbot(env, "ask", "--json", "committee in common").returncode == 0
