"""The seventeenth hostile sweep's classes of the command line, each as a test
(benchmarks/hostile_sweep17.py): a memory limit too small for peerbot's libraries, a build whose copy
of the index fails part-way (a file-size limit), a file to import over the document size limit, and a
stored lesson longer than any form sends."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent


def peerbot(env: dict, *argv: str, limit: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            timeout=300, preexec_fn=limit)
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode(errors="replace")
    return result


def _limited(kind: int, value: int) -> Callable[[], None]:
    return lambda: resource.setrlimit(kind, (value, value))


def test_a_memory_limit_too_small_for_the_libraries_is_one_line_not_a_crash(tmp_path):
    """Under 300 MB of address space FAISS's OpenBLAS segfaulted as it loaded (at 200 MB an
    ImportError traceback, at 400 MB OpenBLAS's own message): nothing of peerbot's ran to say why."""
    env = indexed_environment(tmp_path)
    for megabytes in (200, 300, 400):
        result = peerbot(env, "ask", "--json", "committee in common", limit=_limited(resource.RLIMIT_AS, megabytes * 2**20))
        assert result.returncode == 1, result.stderr
        errors = result.stderr.decode().splitlines()
        assert errors == [errors[0]] and errors[0].startswith(f"peerbot: error: this process may use at most {megabytes} MB")
    assert peerbot(env, "--help", limit=_limited(resource.RLIMIT_AS, 300 * 2**20)).returncode == 0


def test_the_memory_a_command_needs_depends_on_what_it_loads(tmp_path):
    """Every command was refused below 2,560 MB, the real model's need, though the hashing embedder's
    `ask` peaks at 432 MB and `migrate` loads neither (benchmarks/memory_floor.py)."""
    env = indexed_environment(tmp_path)
    at = _limited(resource.RLIMIT_AS, 1100 * 2**20)
    answered = peerbot(env, "ask", "--json", "committee in common", limit=at)
    assert answered.returncode == 0 and b'"answered"' in answered.stdout, answered.stderr
    refused = peerbot({**env, "PEERBOT_MODEL": "all-MiniLM-L6-v2"}, "ask", "--json", "committee in common", limit=at)
    assert refused.returncode == 1
    assert refused.stderr.decode().splitlines() == [
        "peerbot: error: this process may use at most 1100 MB of memory (`ulimit -v`); peerbot needs at least 2560 MB "
        "to load its index and model: raise the limit"]
    small = _limited(resource.RLIMIT_AS, 300 * 2**20)
    assert peerbot(env, "migrate", limit=small).returncode == 0
    assert peerbot(env, "ask", "--json", "committee in common", limit=small).returncode == 1


def test_a_build_whose_copy_of_the_index_fails_leaves_no_folder(tmp_path):
    """`index --rebuild` under a 64 KB file-size limit fails copying the served index database into
    its new folder: the folder went with it (it stayed, unserved, until the next build)."""
    env = indexed_environment(tmp_path)
    index = Path(env["PEERBOT_DATA_DIR"]) / "index"
    before = sorted(p.name for p in index.glob("gen-*"))
    result = peerbot(env, "index", "--rebuild", limit=_limited(resource.RLIMIT_FSIZE, 64 * 2**10))
    assert result.returncode == 1 and result.stderr.decode().startswith("peerbot: error: cannot write the index")
    assert sorted(p.name for p in index.glob("gen-*")) == before
    assert peerbot(env, "ask", "--json", "committee in common").returncode == 0


def test_a_file_over_the_document_size_limit_is_not_imported(tmp_path):
    """`index` skips a document over PEERBOT_MAX_DOCUMENT_MB; `import` read any size (a 30 MB web page
    ran for minutes)."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    env = {"PEERBOT_KNOWLEDGE_DIR": str(knowledge), "PEERBOT_DATA_DIR": str(tmp_path / "data"),
           "PEERBOT_MODEL": "hashing", "PEERBOT_MAX_DOCUMENT_MB": "1", "PATH": "/usr/bin:/bin"}
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body>" + b"<p>Boards built trust.</p>\n" * 60_000 + b"</body></html>")
    result = peerbot(env, "import", str(page))
    assert result.returncode == 1
    assert "is over the limit of 1 MB (PEERBOT_MAX_DOCUMENT_MB)" in result.stderr.decode()
    assert list(knowledge.iterdir()) == []
    small = tmp_path / "small.html"
    small.write_bytes(b"<html><head><title>Boards</title></head><body><p>Boards built trust.</p></body></html>")
    assert peerbot(env, "import", str(small)).returncode == 0


def _lesson(data: Path, title: str, **changes: str) -> int:
    db = sqlite3.connect(data / "peerbot.db")
    row = {"status": "pending", "title": title, "did": "We met monthly.", "learned": "Trust came early.",
           "organisation": "Leeds", "enablers": "[]", "platform": "slack", "submitter": "U1",
           "submitted_at": "2026-11-20T10:00:00+00:00", "review": "{}", **changes}
    cursor = db.execute(f"INSERT INTO lessons ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.commit()
    db.close()
    return int(cursor.lastrowid or 0)


def test_a_stored_lesson_longer_than_any_form_sends_is_not_approved(tmp_path):
    """A 5 MB title took minutes to write as front matter; a title a little over the form's 150
    characters (redaction's placeholders lengthen one) is still approved."""
    env = indexed_environment(tmp_path)
    assert peerbot(env, "lessons").returncode == 0  # the records database
    data = Path(env["PEERBOT_DATA_DIR"])
    long, little_over = _lesson(data, "t" * 5_000), _lesson(data, "Board trust [name] " * 9)
    result = peerbot(env, "lessons", "approve", str(long))
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"peerbot: error: Lesson #{long} cannot be approved: its title is longer")
    assert not list((Path(env["PEERBOT_KNOWLEDGE_DIR"]) / "lessons").glob(f"lesson-{long}-*"))
    assert peerbot(env, "lessons", "approve", str(little_over)).returncode == 0
    assert peerbot(env, "lessons", "reject", str(long)).returncode == 0


def test_a_stored_json_column_nested_thousands_deep_is_read_as_empty(tmp_path):
    """A lesson's enablers or review 10,000 brackets deep: json's RecursionError escaped as a
    traceback under `lessons --pending` and `lessons approve`."""
    env = indexed_environment(tmp_path)
    assert peerbot(env, "lessons").returncode == 0
    data = Path(env["PEERBOT_DATA_DIR"])
    deep = _lesson(data, "Board trust", enablers="[" * 10_000 + "]" * 10_000, review='{"a":' * 10_000 + "1" + "}" * 10_000)
    result = peerbot(env, "lessons", "--pending")
    assert result.returncode == 0 and "Board trust" in result.stdout.decode()
    assert "lesson #1's enablers is not JSON" in result.stderr.decode()
    assert peerbot(env, "lessons", "approve", str(deep)).returncode == 0


def test_a_file_whose_name_leaves_no_room_for_a_sidecar_is_imported_and_indexed(tmp_path):
    """A 250-byte name: its sidecar's (`NAME.meta.yaml`) is past 255 bytes, and looking for it raised
    ENAMETOOLONG as an OSError traceback under `import` (and `index`, the file in the corpus folder)."""
    env = indexed_environment(tmp_path)
    page = tmp_path / ("n" * 250 + ".html")
    page.write_bytes(b"<html><head><title>Boards</title></head><body><p>Boards built trust.</p></body></html>")
    assert peerbot(env, "import", str(page)).returncode == 0
    (Path(env["PEERBOT_KNOWLEDGE_DIR"]) / ("m" * 250 + ".html")).write_bytes(page.read_bytes())
    result = peerbot(env, "index")
    assert result.returncode == 0 and "2 added" in result.stderr.decode() + result.stdout.decode()
