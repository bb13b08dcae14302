"""The fourteenth hostile sweep's findings (benchmarks/hostile_sweep14.py), each over the real
command line: what it did, it does no more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How can trusts build trust at board level?"


def peerbot(env: dict, *argv: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=300, text=True)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.mark.parametrize("number", ["1e400", "-1e400", "Infinity", "-Infinity"])
def test_a_checksum_file_whose_size_is_infinite_is_a_damaged_generation_not_a_traceback(tmp_path, number):
    """JSON reads `1e400` as infinity, which no size can be: the generation is set aside as damaged
    (one log line) and the corpus built again, as for any other damage to its checksums."""
    env = indexed_environment(tmp_path)
    current = (tmp_path / "data" / "index" / "current").resolve()
    manifest = json.loads((current / "checksums.json").read_text())
    manifest["files"]["index.db"]["bytes"] = "@@"
    (current / "checksums.json").write_text(json.dumps(manifest).replace('"@@"', number))
    result = peerbot(env, "ask", "--json", QUESTION)
    assert result.returncode == 0, result.stderr
    assert "key-enablers-provider-collaboratives" in result.stdout
    assert "checksums.json is damaged" in result.stderr
    assert peerbot(env, "index").returncode == 0
