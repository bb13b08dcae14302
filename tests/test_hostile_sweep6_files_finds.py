"""What the sixth hostile sweep's files-and-state class (benchmarks/hostile_sweep6_files.py) found,
each over the real command line on a private copy of an indexed corpus.

- A named pipe where peerbot reads a file (a knowledge YAML file, an index generation's
  checksums, the build's lock file, a SQLite journal beside `index.db` or `peerbot.db`) made the
  command wait for a writer for ever; now the file is refused in one line, or set aside as damage
  (a generation, a lock file, a journal) and the command goes on.
- `peerbot.db` held by another process's write transaction was taken for damage after 30 s: moved
  aside and a fresh one made, so every record vanished from view; now it is one line and the
  database is left as it was; so is one that meets a full disk (it was moved aside too).
- `peerbot import` that could not finish writing its document (a full disk, a file-size limit)
  left the part written in the corpus folder, where `index` would serve it and a second import
  refused to replace it; now nothing is left. `lessons approve` likewise left its temporary file.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How can trusts build trust at board level?"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sweep6-template")
    env = indexed_environment(root)
    assert peerbot(env, "lessons").returncode == 0  # the records database exists
    return root


@pytest.fixture
def home(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template, tmp_path / "home", symlinks=True)
    return tmp_path / "home"


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "PEERBOT_DATA_DIR": str(home / "data"), "PEERBOT_KNOWLEDGE_DIR": str(home / "knowledge"),
            "PEERBOT_MODEL": "hashing"}


def peerbot(env: dict, *argv: str, file_limit: int | None = None) -> subprocess.CompletedProcess:
    """The command, which must end within two minutes (a hang fails the test) without a traceback;
    `file_limit`: the most bytes it may write to any one file (RLIMIT_FSIZE, as `ulimit -f`)."""
    def limit() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=120, text=True, preexec_fn=limit)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


def pipe_in_place_of(path: Path) -> None:
    if path.exists():
        path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(("file", "argv", "line"), [
    ("enablers.yaml", ["ask", QUESTION], "enablers.yaml: cannot read (not a regular file: a named pipe)"),
    ("contacts.yaml", ["contacts"], "contacts.yaml: cannot read (not a regular file: a named pipe)"),
])
def test_a_pipe_in_place_of_a_knowledge_yaml_file_is_one_line_not_a_hang(home, file, argv, line):
    pipe_in_place_of(home / "knowledge" / file)
    result = peerbot(environment(home), *argv)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"peerbot: error: {home / 'knowledge' / line}"]


def test_a_document_swapped_for_a_pipe_after_listing_is_skipped_in_one_line(home):
    """The check is on the file opened: reading a listed document that is now a pipe does not wait."""
    from index.documents import DocumentError, load_document

    document = home / "knowledge" / "nelft-operating-model-case-study.md"
    pipe_in_place_of(document)
    with pytest.raises(DocumentError, match="not a regular file: a named pipe"):
        load_document(document)


@pytest.mark.parametrize(("where", "argv"), [
    (lambda home: generation(home) / "checksums.json", ["ask", "--json", QUESTION]),
    (lambda home: generation(home) / "index.db-journal", ["ask", "--json", QUESTION]),
    (lambda home: home / "data" / "index" / ".build.lock", ["index"]),
], ids=["checksums", "index-journal", "build-lock"])
def test_a_pipe_in_the_index_folder_is_set_aside_and_the_command_answers(home, where: Callable[[Path], Path], argv):
    pipe_in_place_of(where(home))
    result = peerbot(environment(home), *argv)
    assert result.returncode == 0, result.stderr
    assert "not a regular file: a named pipe" in result.stderr or "not a file" in result.stderr
    assert peerbot(environment(home), "ask", "--json", QUESTION).returncode == 0


def test_a_pipe_in_place_of_the_records_journal_is_set_aside_and_the_records_kept(home):
    database = home / "data" / "peerbot.db"
    inode = database.stat().st_ino
    pipe_in_place_of(home / "data" / "peerbot.db-journal")
    result = peerbot(environment(home), "lessons")
    assert result.returncode == 0, result.stderr
    assert "peerbot.db-journal is not a file: moved aside as peerbot.db-journal.damaged-" in result.stderr
    assert database.stat().st_ino == inode
    assert not list(database.parent.glob("peerbot.db.damaged-*"))


def test_a_records_database_locked_by_another_writer_is_one_line_and_left_as_it_is(home):
    """Another process holds a write transaction (as a long `forget` or a stuck server might)
    past SQLite's 30 s wait: that says nothing about the file, which must not be moved aside."""
    database = home / "data" / "peerbot.db"
    with sqlite3.connect(database) as db:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time\n"
                               "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(300)",
                               str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = peerbot(environment(home), "migrate")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"peerbot: error: {database} cannot be used just now: database is locked (another process is writing to "
        "it: try again when it has finished); nothing in it was changed"]
    assert not list(database.parent.glob("peerbot.db.damaged-*"))
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == tables
    assert peerbot(environment(home), "migrate").returncode == 0


def test_an_import_that_cannot_be_written_whole_leaves_no_document(home):
    page = home / "page.html"
    page.write_text("<html><head><title>Boards</title></head><body>"
                    + "<p>Boards built trust across the trusts of the collaborative.</p>" * 3000 + "</body></html>")
    env = environment(home)
    result = peerbot(env, "import", str(page), file_limit=64 * 1024)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"peerbot: not imported {page}: cannot write {home / 'knowledge' / 'page.md'} (File too large)"]
    assert sorted(p.name for p in (home / "knowledge").iterdir() if "page" in p.name or p.suffix == ".tmp") == []
    assert peerbot(env, "import", str(page)).returncode == 0
    assert (home / "knowledge" / "page.md").read_text().count("Boards built trust") == 3000


def test_an_import_onto_a_file_system_without_hard_links_is_renamed_into_place(home, tmp_path):
    """Some network mounts and FAT refuse hard links (EPERM): the written file is renamed into place
    instead, still never over a document that is there."""
    page = home / "page.html"
    page.write_text("<html><head><title>Boards</title></head><body><p>Boards built trust.</p></body></html>")
    no_links = tmp_path / "no-links"
    no_links.mkdir()
    (no_links / "sitecustomize.py").write_text(
        "import errno, os\n"
        "def link(*args, **kwargs):\n    raise OSError(errno.EPERM, 'Operation not permitted')\n"
        "os.link = link\n")
    env = environment(home) | {"PYTHONPATH": str(no_links)}
    assert peerbot(env, "import", str(page)).returncode == 0
    assert "Boards built trust." in (home / "knowledge" / "page.md").read_text()
    again = peerbot(env, "import", str(page))
    assert again.returncode == 1 and "so nothing was written" in again.stderr
    assert [p.name for p in (home / "knowledge").iterdir() if p.suffix == ".tmp"] == []

def test_an_approval_that_cannot_be_written_leaves_no_file_and_the_lesson_pending(home):
    env = environment(home)
    subprocess.run([sys.executable, "-c", (
        "from bot.settings import Settings\nfrom bot.corpus import open_state\n"
        "from bot.lessons.desk import LessonDesk\nfrom bot.lessons.model import Draft, Origin\n"
        "from bot.state import LessonRecords\ns = Settings.from_env()\nstate = open_state(s)\n"
        "desk = LessonDesk(LessonRecords(state), s.knowledge_dir, s.curator_ids, lambda: {'building-trust'})\n"
        "desk.submit(Draft(title='Theatre lists', did='We pooled theatre lists across three trusts. ' * 60, "
        "learned='Agree the rules first. ' * 120, organisation='Example', enablers=('building-trust',)), "
        "Origin('slack', 'U1'))\nstate.close()\n")], cwd=ROOT, env=env, check=True, capture_output=True)
    (home / "knowledge" / "lessons").mkdir(exist_ok=True)
    with sqlite3.connect(home / "data" / "peerbot.db") as reader:  # SQLite's shared-memory file made by another
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
        result = peerbot(env, "lessons", "approve", "1", file_limit=4 * 1024)
    assert result.returncode == 1
    assert "cannot write lesson #1" in result.stderr and "(File too large)" in result.stderr
    assert list((home / "knowledge" / "lessons").iterdir()) == []
    assert "#1   pending" in peerbot(env, "lessons", "--pending").stdout


def test_a_generation_folder_that_may_not_be_read_is_one_line_and_left_in_place(home):
    """Checking a generation this user may not search raised PermissionError (a traceback from
    `ask`); then it was set aside as damaged and the index rebuilt over it (sweep 39: which took the
    generation from every replica serving it); now it is one line naming the refusal, the generation
    left in place. Run without root's bypass of file modes (root still runs it, without CAP_DAC_OVERRIDE
    and CAP_DAC_READ_SEARCH)."""
    folder = generation(home)
    folder.chmod(0)
    no_bypass = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--"]
    try:
        result = subprocess.run([*(no_bypass if os.geteuid() == 0 else []), sys.executable, "-m", "bot.cli", "ask",
                                 "--json", QUESTION], cwd=ROOT, env=environment(home), capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=120, text=True)
    finally:
        folder.chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert f"{folder} cannot be read by the user peerbot runs as (Permission denied" in line
    assert generation(home) == folder and not list(folder.parent.glob("damaged-*"))


def test_a_records_database_that_meets_a_full_disk_is_left_as_it_is(home):
    """A write that fails for want of space (here a 16 KB file-size limit: SQLite cannot make its
    32 KB shared-memory file) says nothing about the database: it was moved aside as damaged."""
    database = home / "data" / "peerbot.db"
    inode = database.stat().st_ino
    result = peerbot(environment(home), "lessons", file_limit=16 * 1024)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"peerbot: error: {database} cannot be used just now: ") and "nothing in it was changed" in line
    assert database.stat().st_ino == inode and not list(database.parent.glob("peerbot.db.damaged-*"))
    assert peerbot(environment(home), "lessons").returncode == 0
