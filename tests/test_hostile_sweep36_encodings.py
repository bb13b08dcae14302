"""What the thirty-sixth hostile sweep (benchmarks/hostile_sweep36.py) found in corpus files: a document
in UTF-16 without a byte-order mark decoded as UTF-8 (its Latin letters are ASCII bytes and NULs), so it
was indexed with its curly quotation marks and dashes turned into control characters, and shown so; a
YAML file in UTF-16 was refused as holding NULs. Both are now read in the encoding their bytes are in.
Run as `peerbot` does, a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BODY = ("---\ntitle: Boards and trust\n---\n# Boards and trust\n\n"
        "Boards built trust across the collaborative by meeting in common every month. “We met in common,” "
        "said Jo Bloggs — chief executive — of the boards. The café opened late.\n")
ASKED = "How did boards build trust across the collaborative by meeting in common every month?"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def peerbot(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("name, encoding", [("boards-u16le.md", "utf-16-le"), ("boards-u16be.md", "utf-16-be"),
                                            ("boards-u32le.md", "utf-32-le"), ("boards-u16-bom.md", "utf-16")])
def test_a_document_in_utf16_or_utf32_is_read_as_written(env, corpus_dir, name, encoding):
    (corpus_dir / name).write_bytes(BODY.encode(encoding))
    assert peerbot(["index"], env).returncode == 0
    answer = json.loads(peerbot(["ask", "--json", ASKED], env).stdout)
    shown = [s["text"] for s in answer["snippets"] if s["document"]["id"] == Path(name).stem]
    assert shown, answer["snippets"]
    assert not any(CONTROLS.search(text) for text in shown), shown
    assert "“We met in common,” said Jo Bloggs — chief executive" in " ".join(shown)


def test_a_utf16_document_is_stored_under_a_hash_an_older_peerbot_never_wrote(env, corpus_dir):
    """An older peerbot stored the SHA-256 of the bytes (and read UTF-16 as garbage): the hash now counts the
    encoding, so such a file is read again at the next `index`; a UTF-8 file's hash is unchanged."""
    raw = BODY.encode("utf-16-le")
    (corpus_dir / "boards.md").write_bytes(raw)
    assert peerbot(["index"], env).returncode == 0
    current = (Path(env["PEERBOT_DATA_DIR"]) / "index" / "current").resolve() / "index.db"
    with closing(sqlite3.connect(f"file:{current}?mode=ro", uri=True)) as db:
        stored = dict(db.execute("SELECT id, content_hash FROM documents").fetchall())
    assert stored["boards"] != hashlib.sha256(raw).hexdigest()
    utf8 = corpus_dir / "west-yorkshire-mhlda-collaborative.md"
    assert stored["west-yorkshire-mhlda-collaborative"] == hashlib.sha256(utf8.read_bytes()).hexdigest()


def test_a_yaml_file_in_utf16_without_a_mark_is_read(env, corpus_dir):
    enablers = corpus_dir / "enablers.yaml"
    enablers.write_bytes(enablers.read_text().encode("utf-16-le"))
    done = peerbot(["enabler"], env)
    assert done.returncode == 0, done.stderr
    assert "Building trust" in done.stdout


def test_text_mixing_encodings_is_skipped_with_its_reason_and_the_rest_indexed(env, corpus_dir):
    (corpus_dir / "mixed.md").write_bytes(BODY.encode() + "Naïve.\n".encode("latin-1"))
    done = peerbot(["index"], env)
    assert re.search(r"skipped .*mixed\.md: not UTF-8 text \(bad byte at offset \d+\)", done.stdout + done.stderr)
    assert "4 added" in done.stdout


def test_utf16_cut_mid_character_is_skipped_saying_so(env, corpus_dir):
    (corpus_dir / "cut.md").write_bytes(BODY.encode("utf-16")[:-1])
    done = peerbot(["index"], env)
    assert re.search(r"skipped .*cut\.md: not UTF-16 text \(bad byte at offset \d+\)", done.stdout + done.stderr)
    assert "4 added" in done.stdout
