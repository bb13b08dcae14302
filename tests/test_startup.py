"""The command line starts without the model stack: torch and sentence-transformers load only
when a command embeds something, so `peerbot --help` and argument errors are instant; a command that
reads neither the corpus nor the model (`migrate`, `lessons`) imports no numpy or FAISS, and asking
with the hashing embedder imports no SQLAlchemy (it keeps no records)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers")

LOADED_AFTER = """
import json, sys
import bot.cli
bot.cli.build_parser()
for argv in {argvs!r}:
    try:
        bot.cli.main(argv)
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})), file=sys.stderr)
"""


def modules_loaded_after(*argvs: list[str]) -> list[str]:
    code = LOADED_AFTER.format(argvs=list(argvs), heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_importing_the_cli_and_building_the_parser_does_not_import_torch():
    assert modules_loaded_after() == []


@pytest.mark.parametrize("argv", [["--help"], ["ask", "--help"], ["index", "--help"], ["eval", "--help"], []])
def test_help_does_not_import_torch(argv):
    assert modules_loaded_after(argv) == []


def test_the_check_sees_torch_when_it_is_imported():
    """Guards the tests above against passing vacuously."""
    code = LOADED_AFTER.format(argvs=[], heavy=HEAVY).replace("import bot.cli\n", "import bot.cli\nimport torch\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "torch" in json.loads(result.stderr.strip().splitlines()[-1])


def _peerbot_script() -> list[str]:
    script = Path(sys.executable).parent / "peerbot"
    if script.exists():
        return [str(script)]
    found = shutil.which("peerbot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def test_the_installed_peerbot_help_imports_no_model_stack():
    """The real console script, with Python's import profiler listing every module it loads."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    result = subprocess.run([*_peerbot_script(), "--help"], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: peerbot" in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "bot.cli" in imported or "bot.settings" in imported  # the profile did list our modules
    assert not [m for m in imported if m.split(".")[0] in HEAVY]


def loaded_by(env: dict[str, str], *argv: str) -> set[str]:
    """The top-level packages `peerbot ARGV` imported (Python's import profiler lists them), run in `env`."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot.cli", *argv], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()
              if line.startswith("import time:")}
    assert "bot" in loaded and "index" in loaded  # the profile did list our modules
    return loaded


@pytest.mark.parametrize("argv", [["migrate"], ["lessons"]])
def test_a_command_that_reads_neither_the_corpus_nor_the_model_imports_no_numpy(tmp_path, argv):
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_MODEL": "hashing"}
    loaded = loaded_by(env, *argv)
    assert "sqlalchemy" in loaded  # it does keep records
    assert not loaded & {"numpy", "faiss", "symspellpy", *HEAVY}


def test_asking_with_the_hashing_embedder_imports_neither_the_records_nor_the_model_stack(tmp_path):
    from conftest import indexed_environment

    loaded = loaded_by(indexed_environment(tmp_path), "ask", "How did trusts build trust between boards?")
    assert {"numpy", "faiss", "symspellpy"} <= loaded  # it did open the index
    assert not loaded & {"sqlalchemy", *HEAVY}
