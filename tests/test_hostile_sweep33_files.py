"""What the thirty-third hostile sweep (benchmarks/hostile_sweep33.py) found in files: a file whose
bytes are another kind than its suffix names (a PDF or a Word file saved as .html, a PNG renamed .htm, a
plain-text PDF saved as .txt) was read as its suffix says, so its bytes were indexed as passages of
garbage; each is now refused with one line saying what it holds. Run as `peerbot` does, a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from documents_factory import single_column_pdf
from documents_office import make_docx, make_html_article

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (The trusts pooled their bank staff.) Tj ET\n"
             b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")  # a PDF of ASCII alone: valid UTF-8 text to a text reader
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


@pytest.fixture(scope="module")
def kinds(tmp_path_factory) -> dict[str, bytes]:
    """A real PDF, Word file and web page, a PDF of plain ASCII and a PNG image, as bytes."""
    folder = tmp_path_factory.mktemp("kinds")
    made = {make(folder).path.suffix: make(folder).path.read_bytes()
            for make in (single_column_pdf, make_docx, make_html_article)}
    return {"pdf": made[".pdf"], "docx": made[".docx"], "html": made[".html"], "plain pdf": PLAIN_PDF, "png": PNG}


def peerbot(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def indexed_sources(env: dict) -> set[str]:
    current = Path(env["PEERBOT_DATA_DIR"]) / "index" / "current"
    with sqlite3.connect(current.resolve() / "index.db") as db:
        return {Path(row[0]).name for row in db.execute("select path from documents")}


MISLABELLED = [  # (file name, its real kind, what the line says it holds)
    ("pooling.html", "pdf", "holds a PDF, not a web page as its name says: rename it .pdf"),
    ("pooling.htm", "docx", "holds a zip file (a Word document or another Office file), not a web page"),
    ("pooling-plain.html", "plain pdf", "holds a PDF, not a web page"),
    ("pooling-image.html", "png", "holds a PNG image, not a web page as its name says: peerbot reads"),
    ("pooling.pdf", "html", "holds a web page, not a PDF as its name says: rename it .html"),
    ("pooling.docx", "pdf", "holds a PDF, not a Word document (.docx) as its name says: rename it .pdf"),
    ("pooling.txt", "plain pdf", "holds a PDF, not plain text as its name says: rename it .pdf"),
    ("pooling.md", "docx", "holds a zip file (a Word document or another Office file), not Markdown text"),
]


@pytest.mark.parametrize(("name", "kind", "said"), MISLABELLED, ids=[f"{k} as {n}" for n, k, _ in MISLABELLED])
def test_index_refuses_a_file_whose_bytes_are_another_kind_than_its_suffix_in_one_line(env, corpus_dir, kinds,
                                                                                     name, kind, said):
    """Must not take: the same bytes under their own suffix, indexed as a document."""
    (corpus_dir / name).write_bytes(kinds[kind])
    own = {"pdf": ".pdf", "plain pdf": ".pdf", "docx": ".docx", "html": ".html"}.get(kind)
    if own:
        (corpus_dir / f"rightly-named{own}").write_bytes(kinds[kind] if kind != "plain pdf" else kinds["pdf"])
    done = peerbot(["index"], env)
    assert done.returncode == 1  # built, with a file skipped
    lines = [line for line in (done.stdout + done.stderr).splitlines() if name in line]
    assert len(lines) == 1 and lines[0].startswith("peerbot: skipped") and said in lines[0], done.stdout
    sources = indexed_sources(env)
    assert name not in sources
    assert not own or f"rightly-named{own}" in sources


@pytest.mark.parametrize(("name", "kind"), [("report.html", "pdf"), ("report.pdf", "html"), ("report.docx", "png")])
def test_import_refuses_a_file_whose_bytes_are_another_kind_than_its_suffix_in_one_line(env, corpus_dir, kinds,
                                                                                      tmp_path, name, kind):
    """Nothing is written into the corpus. Must not take: the same bytes named for their kind are imported."""
    source = tmp_path / name
    source.write_bytes(kinds[kind])
    done = peerbot(["import", str(source)], env)
    assert done.returncode == 1
    said = (done.stdout + done.stderr).strip()
    assert "\n" not in said and said.startswith("peerbot: not imported") and "as its name says" in said
    assert not list(corpus_dir.rglob(f"{Path(name).stem}*"))
    if kind != "png":
        named = tmp_path / f"report-named.{ {'pdf': 'pdf', 'html': 'html'}[kind] }"
        named.write_bytes(kinds[kind])
        assert peerbot(["import", str(named)], env).returncode == 0


def test_what_the_index_holds_of_a_file_that_is_now_another_kind_goes(env, corpus_dir, kinds):
    """A file's last good version stays while it cannot be read (a damaged save), but no version of a file
    whose bytes are another kind than its suffix was good: an index an older reader built from a PDF saved
    as .html held its garbage for ever. Must not take: a PDF cut short keeps its last good version."""
    (corpus_dir / "pooling.html").write_bytes(kinds["html"])
    (corpus_dir / "pooling-report.pdf").write_bytes(kinds["pdf"])
    assert peerbot(["index"], env).returncode == 0
    assert {"pooling.html", "pooling-report.pdf"} <= indexed_sources(env)
    (corpus_dir / "pooling.html").write_bytes(kinds["pdf"])
    (corpus_dir / "pooling-report.pdf").write_bytes(kinds["pdf"][: len(kinds["pdf"]) // 3])
    done = peerbot(["index"], env)
    assert done.returncode == 1 and "1 removed" in done.stdout, done.stdout
    sources = indexed_sources(env)
    assert "pooling.html" not in sources and "pooling-report.pdf" in sources
