"""What the thirtieth hostile sweep (benchmarks/hostile_sweep30.py) found, through the real `peerbot import`:
a PDF or Word file damaged inside (bit-flipped, XML malformed, an entity expansion, a 20 MB comment) was
refused with its parser's message (`XMLSyntaxError: Comment too big found, line 2, column 10003945`,
`PSSyntaxError`) where a person needs to be told what to do; and a web page holding NULs and other
control characters was written into the corpus folder with them."""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from documents_factory import single_column_pdf
from documents_office import make_docx, make_html_article

ROOT = Path(__file__).resolve().parent.parent
PDF_ADVICE = "corrupt (a damaged PDF: open it and save it again as PDF, or print it to PDF)"
WORD_ADVICE = "corrupt (not a valid Word file: open it in Word and save it again as .docx)"
CLASS_NAME = re.compile(r"\b[A-Za-z]*(?:Error|Exception|Warning)\b")


def _made(folder: Path) -> Path:
    """A folder for the sound sample files, beside the case's own."""
    (folder / "made").mkdir(exist_ok=True)
    return folder / "made"


def _import(tmp_path: Path, *files: Path) -> subprocess.CompletedProcess:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir(exist_ok=True)
    env = {**os.environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "PEERBOT_MODEL": "hashing"}
    return subprocess.run([sys.executable, "-m", "bot.cli", "import", *map(str, files)], capture_output=True,
                          text=True, env=env, timeout=300, cwd=ROOT)


def _flipped_inside(data: bytes, seed: int) -> bytes:
    """`data` with 1% of its bytes XORed, but its first and last 8 (its %PDF- and %%EOF kept)."""
    chance = random.Random(seed)
    out = bytearray(data)
    for i in chance.sample(range(8, len(out) - 8), len(out) // 100):
        out[i] ^= chance.randrange(1, 256)
    return bytes(out)


def _docx_with(source: bytes, entry: str, write) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            if item.filename != entry:
                copy.writestr(item, original.read(item.filename))
        with copy.open(entry, "w") as part:
            write(part, original.read(entry))
    return buffer.getvalue()


def _long_comment(part, xml: bytes) -> None:
    head, tail = xml.split(b"<w:body>", 1)
    part.write(head + b"<w:body><!--")
    for _ in range(20):
        part.write(b" " * (1 << 20))
    part.write(b"-->" + tail)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(9))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            b"<w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>")


def _damaged_files(folder: Path) -> dict[Path, str]:
    """Each damaged file and the advice its line must end with."""
    made = _made(folder)
    pdf, docx = single_column_pdf(made).path.read_bytes(), make_docx(made).path.read_bytes()
    files: dict[Path, str] = {}
    for seed in range(6):
        files[folder / f"flipped-{seed}.pdf"] = _flipped_inside(pdf, seed)
    word = {"malformed": lambda part, xml: part.write(b"<w:document><w:body><w:p>unclosed"),
            "entities": lambda part, xml: part.write(LAUGHS), "long-comment": _long_comment}
    for name, write in word.items():
        files[folder / f"{name}.docx"] = _docx_with(docx, "word/document.xml", write)
    files[folder / "core-binary.docx"] = _docx_with(docx, "docProps/core.xml",
                                                    lambda part, xml: part.write(bytes(range(256)) * 8))
    for path, content in files.items():
        path.write_bytes(content)
    return {path: PDF_ADVICE if path.suffix == ".pdf" else WORD_ADVICE for path in files}


def test_a_file_damaged_inside_is_refused_with_advice_never_its_parsers_message(tmp_path):
    files = _damaged_files(tmp_path)
    result = _import(tmp_path, *files)
    assert "Traceback" not in result.stderr
    refused = {line.removeprefix("peerbot: not imported ").split(": ", 1)[0]: line
               for line in result.stderr.splitlines() if line.startswith("peerbot: not imported ")}
    for path, advice in files.items():
        line = refused.get(str(path))
        if path.suffix == ".docx":
            assert line is not None, f"{path.name} imported"
        if line is not None:  # a flipped PDF may still read: then it is imported, as any readable PDF
            assert line.endswith(advice) and not CLASS_NAME.search(line), line
    assert sum(1 for path in files if path.suffix == ".pdf" and str(path) in refused) >= 3


def test_a_pdf_cut_short_or_encrypted_and_a_good_word_file_keep_their_own_lines(tmp_path):
    """Must not take: the specific reasons stay specific, and a sound file is imported."""
    made = _made(tmp_path)
    pdf = single_column_pdf(made).path.read_bytes()
    cut, docx = tmp_path / "cut.pdf", make_docx(made).path
    cut.write_bytes(pdf[: len(pdf) // 2])
    result = _import(tmp_path, cut, docx)
    assert f"peerbot: not imported {cut}: corrupt (truncated: no end-of-file marker)" in result.stderr.splitlines()
    assert f"Imported {docx} as " in result.stdout


CONTROLS = "\x00\x01\x07\x08\x1b[31m\x7f\x85\x9b"


def test_an_imported_web_page_leaves_no_control_characters_in_the_corpus_folder(tmp_path):
    page = make_html_article(_made(tmp_path)).path
    text = page.read_text()
    damaged = tmp_path / "controls.html"
    damaged.write_text(text.replace("<p>", f"<p>{CONTROLS}", 10).replace("</title>", "\x00</title>")
                       .replace('content="Jane Whitfield"', 'content="Jane\x00 Whitfield"'), encoding="utf-8")
    result = _import(tmp_path, damaged)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "knowledge" / "controls.md").read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", written), [c for c in written if ord(c) < 32 or 126 < ord(c) < 160]
    assert "author: Jane Whitfield" in written


def test_an_imported_web_page_keeps_its_lines_tables_and_accented_letters(tmp_path):
    """Must not take: newlines, a table's cells and letters past ASCII are text, not controls."""
    page = make_html_article(_made(tmp_path)).path
    accented = tmp_path / "accented.html"
    accented.write_text(page.read_text().replace("<p>", "<p>Café’s naïve rôle — ", 3), encoding="utf-8")
    assert _import(tmp_path, accented).returncode == 0
    written = (tmp_path / "knowledge" / "accented.md").read_text(encoding="utf-8")
    assert "Café’s naïve rôle — " in written and "\n\n## " in written and "\n| " in written

