"""What the thirty-fifth hostile sweep (benchmarks/hostile_sweep35.py, `oldindex35`) found: a PDF, image,
gzip or zip file saved as .txt or .md that an index built before files were checked for their kind had
taken stayed in the index for as long as the file was unchanged (a text file's hash is of its bytes, so
no reader version made it read again). The next `peerbot index` now drops it and names it. The index is
made as such a build left it (the document's row hashing as the file, the checksums written again), then
`peerbot index` runs as a subprocess."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.integrity import write_manifest

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
KINDS = {"a PDF": PDF, "a PNG": b"\x89PNG\r\n\x1a\n" + b"IHDR bank " * 20, "gzip": gzip.compress(b"bank " * 50),
         "a zip": b"PK\x03\x04" + b"word/document.xml " * 20}
NOTE = "# Staff bank note\n\nThe trusts pooled their bank staff across three hospitals and agreed one rate.\n"


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def index(env: dict, status: int = 0) -> subprocess.CompletedProcess:
    """`peerbot index`, exiting with `status` (1: a file was left out, and named)."""
    done = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == status and "Traceback" not in done.stderr, done.stdout + done.stderr
    return done


def indexed(env: dict) -> dict[str, str]:
    with sqlite3.connect(Path(env["PEERBOT_DATA_DIR"]) / "index" / "current" / "index.db") as db:
        return dict(db.execute("SELECT id, content_hash FROM documents"))


def as_if_taken_before(env: dict, doc_id: str, raw: bytes) -> None:
    folder = (Path(env["PEERBOT_DATA_DIR"]) / "index" / "current").resolve()
    with sqlite3.connect(folder / "index.db") as db:
        db.execute("UPDATE documents SET content_hash = ? WHERE id = ?", (hashlib.sha256(raw).hexdigest(), doc_id))
    write_manifest(folder, json.loads((folder / "checksums.json").read_text())["vectors"])


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_file_of_another_kind_an_old_index_took_is_dropped_at_the_next_build(env, corpus_dir, kind, suffix):
    note = corpus_dir / f"staff-bank-note{suffix}"
    note.write_text(NOTE)
    index(env)
    assert "staff-bank-note" in indexed(env)
    note.write_bytes(KINDS[kind])
    as_if_taken_before(env, "staff-bank-note", KINDS[kind])
    done = index(env, status=1)
    assert "staff-bank-note" not in indexed(env)
    assert "staff-bank-note" in done.stdout + done.stderr and "1 removed" in done.stdout  # named, and why


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_an_unchanged_text_file_is_kept_and_not_read_again(env, corpus_dir, suffix):
    """Must not take: a real text file, unchanged, stays as it was indexed."""
    (corpus_dir / f"staff-bank-note{suffix}").write_text(NOTE)
    index(env)
    before = indexed(env)
    done = index(env)
    assert indexed(env) == before and "0 added, 0 updated, 0 removed" in done.stdout, done.stdout
