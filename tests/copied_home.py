"""A private copy of an indexed corpus ("home") driven over the real command line, for the hostile
sweeps' finds: its environment, a command that must end without a traceback, and a row written
straight into its records database (as damage would leave it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

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


def insert(home: Path, table: str, **row) -> None:
    with sqlite3.connect(home / "data" / "peerbot.db") as db:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
