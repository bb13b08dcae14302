"""The twenty-ninth hostile sweep's output finding (benchmarks/hostile_sweep29_cli.py), over the real
command line: `teams-manifest --output` naming a named pipe (FIFO) nobody reads held the command for
ever (opening a FIFO to write waits for a reader); now a reader is waited for a bounded time, then one
line and status 1. A pipe someone reads, early or a moment late, and a device still get the package."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.cli.output_file import READER_SECONDS

ROOT = Path(__file__).resolve().parent.parent
CLIENT = "00000000-0000-0000-0000-000000000001"


@pytest.fixture
def env(tmp_path):
    drop = ("SLACK_", "CONNECTIONS__", "TEAMS_", "DIGEST_", "DATABASE_URL", "PEERBOT_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(drop)}, "PEERBOT_DATA_DIR": str(tmp_path / "data"),
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": CLIENT}


def manifest(env: dict, output: Path | str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "teams-manifest", "--output", str(output),
                             "--website", "https://collab.example.nhs.uk"], cwd=ROOT,
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finished(process: subprocess.Popen, timeout: float) -> tuple[bytes, bytes]:
    """Its output once it has ended; killed, and the test failed, when it is still running after `timeout`."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"still running after {timeout:.0f} s") from None


def test_a_named_pipe_nobody_reads_is_one_line_and_a_failure(env, tmp_path):
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    out, err = finished(manifest(env, fifo), READER_SECONDS + 60)  # before the fix: still waiting
    assert err.decode() == (f"peerbot: error: cannot write {fifo}: a named pipe nobody opened to read within "
                            f"{READER_SECONDS:.0f} s\n")
    assert out == b""


@pytest.mark.parametrize("late", [False, True])
def test_a_named_pipe_someone_reads_gets_the_package(env, tmp_path, late):
    fifo = tmp_path / "reader.fifo"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    process = manifest(env, fifo)
    if late:  # the reader comes after peerbot has started waiting for one
        time.sleep(1)
    reader.start()
    out, err = finished(process, 120)
    reader.join(60)
    assert process.returncode == 0, err
    assert read[0].startswith(b"PK")


def test_a_device_is_written_as_it_is(env):
    process = manifest(env, "/dev/null")
    assert finished(process, 120)[1] == b"" and process.returncode == 0
