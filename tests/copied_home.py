"""A private copy of an indexed corpus ("home") driven over the real command line, for the hostile
sweeps' finds: its environment, a command that must end without a traceback (in a process of its own,
or `main` in this one), and a row written straight into its records database (as damage would leave it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def environment(home: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "PEERBOT_DATA_DIR": str(home / "data"), "PEERBOT_KNOWLEDGE_DIR": str(home / "knowledge"),
            "PEERBOT_MODEL": "hashing", **more}


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    """The command, which must end within two minutes (a hang fails the test) without a traceback."""
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=120, text=True)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def copy_home(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of `template`'s data and knowledge folders in `tmp_path`, set as the environment."""
    shutil.copytree(template / "data", tmp_path / "data", symlinks=True)
    shutil.copytree(template / "knowledge", tmp_path / "knowledge")
    for name, value in {"PEERBOT_DATA_DIR": tmp_path / "data", "PEERBOT_KNOWLEDGE_DIR": tmp_path / "knowledge",
                        "PEERBOT_MODEL": "hashing"}.items():
        monkeypatch.setenv(name, str(value))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    """`peerbot argv` in this process, without a traceback: its status, output and non-blank error lines."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, [line for line in err.splitlines() if line.strip()]


def insert(home: Path, table: str, **row) -> None:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
