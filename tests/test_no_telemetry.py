"""Nothing leaves the machine but peerbot's replies: ONNX Runtime, which encodes questions, keeps a device id in
the home folder and sends usage events unless told not to; peerbot tells it not to (`ORT_DISABLE_TELEMETRY`), and
a home it cannot write to brings no warning of ONNX Runtime's onto standard error. `peerbot ask` runs as a
subprocess over the bundled corpus with the real model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus, real_query_cache) -> dict:
    env = {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "OMP_NUM_THREADS": "1"}
    env.pop("ORT_DISABLE_TELEMETRY", None)  # set in this process by an earlier test's model: peerbot must set it
    return env


def ask(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", "ask", "How can trusts build trust at board level?"],
                          capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)


@pytest.mark.model
def test_answering_writes_no_telemetry_id_into_the_home_folder(real_env, tmp_path):
    result = ask({**real_env, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Here is what peers have learned")
    assert list(tmp_path.iterdir()) == []  # was .cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,onnxruntime.db}


@pytest.mark.model
def test_a_home_that_cannot_be_written_brings_no_warning_of_onnx_runtime(real_env, tmp_path):
    (tmp_path / "file").write_text("")
    result = ask({**real_env, "HOME": str(tmp_path / "file" / "home")})
    assert result.returncode == 0, result.stderr
    assert "onnxruntime" not in result.stderr and "\x1b" not in result.stderr, result.stderr
