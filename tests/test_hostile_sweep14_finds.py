"""The fourteenth hostile sweep's findings (benchmarks/hostile_sweep14.py), each over the real
command line: what it did, it does no more."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import faiss
import numpy as np
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


def _fingerprint(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


@pytest.mark.parametrize(("swapped", "recorded"), [("vectors.faiss", True), ("vectors.faiss", False),
                                                   ("index.db", False), ("dimension", False)])
def test_a_file_of_another_build_with_its_checksums_is_a_damaged_generation_not_a_traceback(tmp_path, swapped, recorded):
    """`vectors.faiss` or `index.db` copied in from another build, `checksums.json` made to match
    (and the vector count recorded, or not; or vectors of another dimension): every file passes its
    checksum but they disagree. The generation is set aside and the corpus built again, so `ask`,
    `enabler` and `index` answer from the corpus, never a FAISS or numpy traceback."""
    env = indexed_environment(tmp_path / "here")
    other = tmp_path / "other"
    (other / "knowledge").mkdir(parents=True)
    shutil.copy(sorted((tmp_path / "here" / "knowledge").glob("*.md"))[0], other / "knowledge")
    peerbot({**env, "PEERBOT_DATA_DIR": str(other / "data"), "PEERBOT_KNOWLEDGE_DIR": str(other / "knowledge")}, "index")
    source, target = ((d / "data" / "index" / "current").resolve() for d in (other, tmp_path / "here"))
    manifest = json.loads((target / "checksums.json").read_text())
    if swapped == "dimension":
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(8))
        index.add_with_ids(np.ones((manifest["vectors"], 8), dtype=np.float32), np.arange(manifest["vectors"]))
        faiss.write_index(index, str(target / "vectors.faiss"))
        swapped = "vectors.faiss"
    else:
        shutil.copy(source / swapped, target / swapped)
    manifest["files"][swapped] = _fingerprint(target / swapped)
    if recorded:
        manifest["vectors"] = json.loads((source / "checksums.json").read_text())["vectors"]
    (target / "checksums.json").write_text(json.dumps(manifest))
    for argv in (["enabler", "trust"], ["ask", "--json", QUESTION], ["index"], ["ask", "--json", QUESTION]):
        result = peerbot(env, *argv)
        assert result.returncode == 0, result.stderr
    assert "key-enablers-provider-collaboratives" in result.stdout


@pytest.mark.parametrize("rebuild", [False, True])
def test_the_folder_of_a_build_killed_before_it_was_published_is_cleared_by_the_next_index(tmp_path, rebuild):
    """SIGKILL during `peerbot index` leaves its new generation's folder half-written (the database,
    no vectors, no checksums); it is never served, and the next `index`, even one with nothing to
    do, removes it: no half-written generation stays in the data folder."""
    env = indexed_environment(tmp_path)
    index_dir = tmp_path / "data" / "index"
    served = (index_dir / "current").resolve()
    killed = index_dir / f"gen-{int(served.name.split('-')[1]) + 1}"
    killed.mkdir()
    shutil.copy(served / "index.db", killed / "index.db")
    (killed / "vectors.faiss.tmp").write_bytes(b"\0" * 4096)
    assert peerbot(env, "ask", "--json", QUESTION).returncode == 0
    assert peerbot(env, *(["index", "--rebuild"] if rebuild else ["index"])).returncode == 0
    assert not killed.exists()
    assert all((folder / "checksums.json").is_file() for folder in index_dir.glob("gen-*"))
    assert "key-enablers-provider-collaboratives" in peerbot(env, "ask", "--json", QUESTION).stdout
