"""What the thirty-ninth hostile sweep (benchmarks/hostile_sweep39.py, `perm39`) found: every earlier
"permission denied" case ran as root, who reads through any mode. Run as another user, an index
generation that user may not read (its index.db, or its folder, mode 000) was taken for damaged: `ask`,
`index` and `digest` set it aside as `damaged-gen-...` and rebuilt the whole index over it, so one replica
started as the wrong user would pull the generation every replica serves from under them. A refusal is
now `IndexRefused`: one line saying which user cannot read what, the generation left in place. The CLI as
a subprocess, run as `nobody` (so as root only)."""

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
NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                                reason="runs peerbot as another user: needs root and setpriv")


def peerbot(env: dict, *argv: str, as_nobody: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([*(AS_NOBODY if as_nobody else []), sys.executable, "-m", "bot.cli", *argv], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, errors="backslashreplace",
                          timeout=300)


def _env(home: Path) -> dict[str, str]:
    return {"PEERBOT_DATA_DIR": str(home / "data"), "PEERBOT_KNOWLEDGE_DIR": str(home / "knowledge"),
            "PEERBOT_MODEL": "hashing", "HOME": str(home)}


@pytest.fixture(scope="module")
def built():
    """One index (hashing model) of the bundled corpus, for each test to copy; in a folder others may
    search (pytest's own are root's 700)."""
    template = Path(tempfile.mkdtemp(prefix="peerbot-refused-"))
    template.chmod(0o755)
    shutil.copytree(KNOWLEDGE, template / "knowledge")
    assert peerbot(_env(template), "index", as_nobody=False).returncode == 0
    yield template
    shutil.rmtree(template, ignore_errors=True)


@pytest.fixture
def home(built):
    """A copy of the built home, owned by `nobody`."""
    home = Path(tempfile.mkdtemp(prefix="peerbot-refused-"))
    shutil.copytree(built, home, symlinks=True, dirs_exist_ok=True)
    for path in [home, *home.rglob("*")]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    yield home, _env(home)
    for path in [home, *home.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(home, ignore_errors=True)


def generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


@pytest.mark.parametrize(("refused", "argv"), [
    ("index.db", ["ask", "How did the trusts set up a shared staff bank?"]), ("index.db", ["index"]),
    ("the generation's folder", ["ask", "How did the trusts set up a shared staff bank?"]),
    ("the generation's folder", ["digest", "--preview"])])
def test_a_generation_this_user_may_not_read_is_one_line_and_left_in_place(home, refused, argv):
    home, env = home
    served = generation(home)
    (served / "index.db" if refused == "index.db" else served).chmod(0o000)
    done = peerbot(env, *argv)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert len(lines) == 1 and "cannot be read by the user peerbot runs as" in lines[0], done.stderr
    assert not list((home / "data" / "index").glob("damaged-*"))  # before: set aside, and the index rebuilt
    assert generation(home) == served and served.exists()


def test_once_it_may_read_it_again_the_same_generation_answers(home):
    home, env = home
    served = generation(home)
    (served / "index.db").chmod(0o000)
    assert peerbot(env, "ask", "How did the trusts set up a shared staff bank?").returncode == 1
    (served / "index.db").chmod(0o644)
    done = peerbot(env, "ask", "How did the trusts set up a shared staff bank?")
    assert done.returncode == 0 and "staff bank" in done.stdout.lower(), done.stderr
    assert generation(home) == served and "Indexed" not in done.stderr  # nothing was rebuilt


def test_a_rebuild_starts_from_nothing_over_a_generation_it_may_not_read_and_leaves_it(home):
    """`index --rebuild` reads nothing of the old index, so a refused one does not stop it; it is not set aside."""
    home, env = home
    served = generation(home)
    (served / "index.db").chmod(0o000)
    done = peerbot(env, "index", "--rebuild")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert generation(home) != served and served.exists()
    assert not list((home / "data" / "index").glob("damaged-*"))
    assert peerbot(env, "ask", "How did the trusts set up a shared staff bank?").returncode == 0
