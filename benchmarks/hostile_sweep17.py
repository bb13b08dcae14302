"""The seventeenth hostile sweep, part A: files, the data folder, settings and the command line, in the
classes the first sixteen touched least.

- `pdf17`, `docx17`, `html17`: `peerbot import` of files no sweep built: a PDF encrypted, running
  JavaScript on open, of images only, claiming a billion pages, whose xref points past its end, whose
  one stream inflates to 200 MB, whose `/Length` is a lie; a Word file that is really a PDF, whose
  main part is elsewhere than its relationships say, with no relationships, an external parameter
  entity, a quadratic entity blow-up, 20,000 members, its document a folder; a web page of 30 MB,
  200,000 nested tags, a meta refresh to `file:///etc/passwd`, its charset a lie, in UTF-16 without a
  BOM, Latin-1 or Windows-1252 without a charset, a title of 1 MB or one that is front matter, an
  unclosed comment, `<plaintext>`, a PDF named `.htm`; then `index`, then `ask`.
- `names17`: the file `import` is given: a name with a newline, escape codes, an RTL override, bad
  UTF-8, 255 bytes, a path of 3,800 bytes; a leading dash (with and without `--`); a folder, a named pipe,
  `/dev/zero`, `/dev/stdin`, a link loop under an importable name; a `.txt`, no suffix, `.PDF`; the
  same file twice; 300 files at once.
- `lessons17`: `lessons approve|reject` with ids SQLite or Python read otherwise (2**63, `0`, `-1`,
  full-width and Arabic-Indic digits, ` 1`, `1.0`); the review queue with rows no sweep wrote (bad
  UTF-8 as bytes, a 5 MB field, a title that is front matter or a path, 100,000 enablers, a status
  of another case, an id of 2**62), and the lessons folder a file, a link to `/`, or its target name
  a folder; under `lessons`, `lessons --pending`, `lessons approve`, `lessons reject`.
- `rows17`: the question log with times in year 9999, year 1, NaN, 1e308, a negative number,
  bytes, and answered flags and id lists of other shapes; under `digest --preview`, `--json`,
  `forget --before`.
- `env17`: the process's environment: HOME unset, missing or a file, TMPDIR missing or a file, a
  non-UTF-8 locale with a question that is not ASCII, PYTHONIOENCODING a codec that is not one or
  UTF-16, a working folder that was deleted, umask 777, 20 and 12 open files at most (`ulimit -n`), a
  memory limit (`ulimit -v`), a file-size limit (`ulimit -f`); under `ask --json`, `index --rebuild`,
  `import`, `lessons`.
- `conc17`: commands at once: two `index --rebuild`, `index --rebuild` beside `ask` and `import`, two
  `import`s of the same file, `lessons approve` twice at once; SIGKILL of `index` (a new document),
  `import` and `lessons approve` at seeded instants; then nothing lost, every generation whole, no
  `.tmp` left in the corpus folder, `ask` answers.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep17.py [--only CLASS ...] [--match TEXT] [--jobs N] [--code DIR]

A case passes as in sweep 15: an answer (exit 0) or one `peerbot:` line, exit 1 or 2, no traceback,
no hang, and a later `peerbot ask` still answers (nothing lost).
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Homes, base_env, judge_cli  # noqa: E402
from hostile_sweep2 import QUESTION, TEAMS_ID, default_sigint  # noqa: E402
from hostile_sweep3 import in_home, judged, run_bytes, still_answers  # noqa: E402

SEED = 17


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def _run(argv: list, env: dict, cwd: Path | None = None, preexec: Callable[[], None] | None = None,
         stdin=subprocess.DEVNULL) -> list[str]:
    """`peerbot argv` judged (its code found through PYTHONPATH, so any working folder will do)."""
    env = {**env, "PYTHONPATH": str(hostile_sweep.CODE[0])}
    shown = [a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a for a in argv]
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=cwd or hostile_sweep.CODE[0], env=env,
                              stdin=stdin, capture_output=True, timeout=hostile_sweep.LIMITS["hang"],
                              preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        return [f"`peerbot {' '.join(shown)[:60]}` still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
    out, err = (b.decode("utf-8", "backslashreplace") for b in (done.stdout, done.stderr))
    problems = judge_cli(shown, done.returncode, out, err)
    if not problems and ("Exception ignored" in err or "Fatal Python error" in err):
        problems.append(f"`peerbot {' '.join(shown)[:40]}`: noise on stderr ({err.strip()[-140:]!r})")
    return problems


def _whole(home: Path) -> list[str]:
    """Every generation left whole, no `.tmp` in the corpus folder."""
    sys.path.insert(0, str(hostile_sweep.CODE[0]))
    from index import integrity

    problems = [f"{g.name} left damaged: {found}" for g in (home / "data" / "index").glob("gen-*")
                if (found := integrity.problem(g)) is not None]
    problems += [f"left behind: {p.name}" for p in (home / "knowledge").rglob("*.tmp")]
    return problems


def _imported(home: Path, argv: list, env: dict | None = None) -> list[str]:
    """`import`, then `index`, then `ask` answers."""
    env = env or _env(home)
    return _run(["import", *argv], env) or judged(["index"], env) or still_answers(env)


# -- pdf17 ---------------------------------------------------------------------------------------------

TEXT = b"BT /F1 12 Tf 72 720 Td (Boards built trust with open book finances across the collaborative.) Tj ET"
FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def _pdf(objects: list[bytes], trailer: bytes = b"", xref_shift: int = 0) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with a true xref (each offset
    moved by `xref_shift`)."""
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (o + xref_shift) for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (extra, len(data) if length is None else length, data)


def _page_pdf(content: bytes = TEXT, catalog: bytes = b"", pages: bytes = b"/Count 1", trailer: bytes = b"",
              resources: bytes = b"/Font<</F1 5 0 R>>", more: list[bytes] | None = None, xref_shift: int = 0) -> bytes:
    return _pdf([b"<</Type/Catalog/Pages 2 0 R%s>>" % catalog, b"<</Type/Pages/Kids[3 0 R]%s>>" % pages,
                 b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<<%s>>>>" % resources,
                 content if content.startswith(b"<<") else _stream(content), FONT, *(more or [])], trailer, xref_shift)


def _image_only() -> bytes:
    pixels = bytes(random.Random(SEED).randbytes(64 * 64 * 3))
    image = _stream(pixels, b"/Type/XObject/Subtype/Image/Width 64/Height 64/ColorSpace/DeviceRGB/BitsPerComponent 8")
    return _page_pdf(b"q 200 0 0 200 72 500 cm /Im1 Do Q", resources=b"/XObject<</Im1 6 0 R>>", more=[image])


def _encrypted() -> bytes:
    o, u = bytes.fromhex("9a" * 32), bytes.fromhex("5c" * 32)
    encrypt = b"<</Filter/Standard/V 1/R 2/O<%s>/U<%s>/P -44>>" % (o.hex().encode(), u.hex().encode())
    return _page_pdf(more=[encrypt], trailer=b"/Encrypt 6 0 R/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]")


def _inflating(size: int) -> bytes:
    return _page_pdf(_stream(zlib.compress(b" " * size, 9), b"/Filter/FlateDecode"))


def _many_pages(count: int) -> bytes:
    kids = b" ".join(b"3 0 R" for _ in range(count))
    return _pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, count),
                 b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
                 _stream(TEXT), FONT])


PDFS: dict[str, Callable[[], bytes]] = {
    "encrypted": _encrypted,
    "javascript-open-action": lambda: _page_pdf(catalog=b"/OpenAction 6 0 R/Names<</JavaScript<</Names[(x) 6 0 R]>>>>",
                                                more=[b"<</S/JavaScript/JS(app.alert\\('x'\\); while\\(1\\){})>>"]),
    "images-only": _image_only,
    "count-a-billion": lambda: _page_pdf(pages=b"/Count 1000000000"),
    "count-negative": lambda: _page_pdf(pages=b"/Count -5"),
    "same-page-5000-times": lambda: _many_pages(5000),
    "xref-past-end": lambda: _page_pdf(xref_shift=10_000_000),
    "xref-shifted-by-3": lambda: _page_pdf(xref_shift=3),
    "inflates-to-200mb": lambda: _inflating(200 * 2**20),
    "length-a-lie-huge": lambda: _page_pdf(_stream(TEXT, length=10**12)),
    "length-a-lie-negative": lambda: _page_pdf(_stream(TEXT, length=-100)),
    "contents-loop": lambda: _page_pdf(b"<</Length 4 0 R>>stream\nBT ET\nendstream"),
    "font-is-a-loop": lambda: _page_pdf(more=[], resources=b"/Font<</F1 3 0 R>>"),
    "title-bad-utf16": lambda: _page_pdf(more=[b"<</Title<feff d800 d800 0041>/Author(\\377\\376\\000)>>"],
                                         trailer=b"/Info 6 0 R"),
    "title-1mb": lambda: _page_pdf(more=[b"<</Title(" + b"T" * 2**20 + b")>>"], trailer=b"/Info 6 0 R"),
    "text-is-front-matter": lambda: _page_pdf(b"BT /F1 12 Tf 72 720 Td (---) Tj 0 -14 Td (title: evil) Tj 0 -14 Td "
                                              b"(---) Tj 0 -14 Td (Boards built trust together.) Tj ET"),
    "unknown-filter": lambda: _page_pdf(_stream(TEXT, b"/Filter/NoSuchDecode")),
    "lzw-garbage": lambda: _page_pdf(_stream(random.Random(SEED).randbytes(5000), b"/Filter/LZWDecode")),
    "two-eofs-second-garbage": lambda: _page_pdf() + b"\nxref\n0 99999999\ntrailer<</Root 77 0 R>>\nstartxref\n1\n%%EOF\n",
}


def pdf17_cases(homes: Homes) -> Iterator[Case]:
    for name, make in PDFS.items():
        def body(home: Path, make=make) -> list[str]:
            source = home / "incoming.pdf"
            source.write_bytes(make())
            return _imported(home, [str(source)]) or _whole(home)
        yield in_home(homes, "pdf17", name, body)


# -- docx17 --------------------------------------------------------------------------------------------

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _body(text: bytes = b"Boards built trust with open book finances.") -> bytes:
    return b'<?xml version="1.0"?><w:document ' + W + b'><w:body><w:p><w:r><w:t>' + text + b"</w:t></w:r></w:p></w:body></w:document>"


def _types(main_part: str = "/word/document.xml", main_type: str = MAIN) -> bytes:
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="{main_part}" ContentType="{main_type}"/></Types>').encode()


def _rels(target: str = "word/document.xml") -> bytes:
    return ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{target}"/></Relationships>').encode()


def _zip(members: dict[str, bytes], folders: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for folder in folders:
            z.writestr(zipfile.ZipInfo(folder.rstrip("/") + "/"), b"")
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _docx(document: bytes | None = None, **members: bytes) -> bytes:
    parts = {"[Content_Types].xml": _types(), "_rels/.rels": _rels(), "word/document.xml": document or _body()}
    parts.update({k.replace("__", "/").replace("_DOT_", "."): v for k, v in members.items()})
    return _zip(parts)


def _quadratic() -> bytes:
    entity = b"trust " * 20_000
    return (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "' + entity + b'">]><w:document ' + W + b"><w:body><w:p><w:r><w:t>"
            + b"&e;" * 20_000 + b"</w:t></w:r></w:p></w:body></w:document>")


def _many_members() -> bytes:
    parts = {"[Content_Types].xml": _types(), "_rels/.rels": _rels(), "word/document.xml": _body()}
    parts.update({f"word/media/m{i}.xml": b"<x/>" for i in range(20_000)})
    return _zip(parts)


DOCX: dict[str, Callable[[], bytes]] = {
    "really-a-pdf": lambda: _page_pdf(),
    "main-part-elsewhere": lambda: _zip({"[Content_Types].xml": _types("/word/main.xml"), "_rels/.rels": _rels("word/main.xml"),
                                         "word/main.xml": _body()}),
    "rels-point-nowhere": lambda: _docx(**{"_rels__.rels": _rels("word/missing.xml")}),
    "no-rels": lambda: _zip({"[Content_Types].xml": _types(), "word/document.xml": _body()}),
    "rels-to-absolute-path": lambda: _docx(**{"_rels__.rels": _rels("/etc/passwd")}),
    "rels-to-parent": lambda: _docx(**{"_rels__.rels": _rels("../../../etc/passwd")}),
    "main-type-wrong": lambda: _zip({"[Content_Types].xml": _types(main_type="image/png"), "_rels/.rels": _rels(),
                                     "word/document.xml": _body()}),
    "types-not-xml": lambda: _docx(**{"[Content_Types]_DOT_xml": b"\x00\xff not xml"}),
    "external-parameter-entity": lambda: _docx(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/passwd">%p;]>'
                                               + _body()[21:]),
    "external-dtd-url": lambda: _docx(b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/evil.dtd">' + _body()[21:]),
    "quadratic-entities": lambda: _docx(_quadratic()),
    "20000-members": _many_members,
    "document-is-a-folder": lambda: _zip({"[Content_Types].xml": _types(), "_rels/.rels": _rels()}, folders=("word/document.xml",)),
    "document-xml-utf16": lambda: _docx(_body().replace(b'version="1.0"', b'version="1.0" encoding="utf-16"')),
    "document-bad-utf8": lambda: _docx(_body(b"Boards \xff\xfe built trust.")),
    "text-is-front-matter": lambda: _docx(_body(b"---</w:t></w:r></w:p><w:p><w:r><w:t>title: evil</w:t></w:r></w:p><w:p>"
                                                b"<w:r><w:t>---</w:t></w:r></w:p><w:p><w:r><w:t>Boards built trust.")),
    "zip-comment-1mb": lambda: _docx() [:-2] + (2**16 - 1).to_bytes(2, "little") + b"c" * (2**16 - 1),
    "zip-cut-in-central-directory": lambda: _docx()[:-30],
}


def docx17_cases(homes: Homes) -> Iterator[Case]:
    for name, make in DOCX.items():
        def body(home: Path, make=make) -> list[str]:
            source = home / "incoming.docx"
            source.write_bytes(make())
            return _imported(home, [str(source)]) or _whole(home)
        yield in_home(homes, "docx17", name, body)


# -- html17 --------------------------------------------------------------------------------------------

PAGE = "<html><head><title>Board trust</title></head><body><h1>Board trust</h1><p>Boards built trust with open book finances — “together”.</p></body></html>"

HTML: dict[str, Callable[[], bytes]] = {
    "30mb": lambda: b"<html><body>" + b"<p>Boards built trust across the collaborative.</p>\n" * 600_000 + b"</body></html>",
    "nested-200000": lambda: b"<html><body>" + b"<span>" * 200_000 + b"trust" + b"</span>" * 200_000 + b"</body></html>",
    "nested-unclosed-200000": lambda: b"<html><body>" + b"<div><p>" * 100_000 + b"trust",
    "meta-refresh-file": lambda: PAGE.replace("<title>", '<meta http-equiv="refresh" content="0; url=file:///etc/passwd"><title>').encode(),
    "base-href-file": lambda: PAGE.replace("<title>", '<base href="file:///etc/"><title>').encode(),
    "charset-utf16-on-utf8": lambda: PAGE.replace("<title>", '<meta charset="utf-16"><title>').encode(),
    "charset-utf32-header": lambda: PAGE.replace("<title>", '<meta http-equiv="Content-Type" content="text/html; charset=utf-32"><title>').encode(),
    "utf16le-no-bom": lambda: PAGE.encode("utf-16-le"),
    "utf16be-no-bom": lambda: PAGE.encode("utf-16-be"),
    "latin1-no-charset": lambda: PAGE.replace("—", "é").replace("“", "«").replace("”", "»").encode("latin-1"),
    "cp1252-no-charset": lambda: PAGE.encode("cp1252"),
    "mixed-utf8-latin1": lambda: PAGE.encode() + "<p>Café naïve</p>".encode("latin-1"),
    "utf8-bom-then-utf16-meta": lambda: b"\xef\xbb\xbf" + PAGE.replace("<title>", '<meta charset="utf-16le"><title>').encode(),
    "title-1mb": lambda: PAGE.replace("Board trust</title>", "T" * 2**20 + "</title>").encode(),
    "title-front-matter": lambda: PAGE.replace("Board trust</title>", "x\n---\nid: ../../etc/evil\n---\n</title>").encode(),
    "title-only-controls": lambda: PAGE.replace("Board trust</title>", "\x1b[31m\x07\x08\u202e</title>").encode(),
    "unclosed-comment": lambda: b"<html><body><p>Boards built trust.</p><!-- " + b"x" * 100_000,
    "plaintext-tag": lambda: b"<html><body><plaintext><p>Boards built trust.</p></body></html>" * 100,
    "cdata-and-pi": lambda: b"<?xml version='1.0'?><?php system('id'); ?><html><body><![CDATA[ ]]><p>Boards built trust.</p></body></html>",
    "svg-only": lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><text>Boards built trust.</text></svg>",
    "iframe-srcdoc": lambda: b"<html><body><iframe srcdoc='<p>Boards built trust.</p>'></iframe></body></html>",
    "data-uri-10mb": lambda: b"<html><body><p>Boards built trust.</p><img src='data:image/png;base64," + b"A" * 10_000_000 + b"'></body></html>",
    "really-a-pdf-htm": lambda: _page_pdf(),
    "really-a-docx": lambda: _docx(),
    "attributes-100000": lambda: b"<html><body><p " + b" ".join(b"a%d='x'" % i for i in range(100_000)) + b">Boards built trust.</p></body></html>",
}


def html17_cases(homes: Homes) -> Iterator[Case]:
    for name, make in HTML.items():
        def body(home: Path, make=make, name=name) -> list[str]:
            source = home / ("incoming.htm" if name.endswith("htm") else "incoming.html")
            source.write_bytes(make())
            problems = _imported(home, [str(source)]) or _whole(home)
            for written in (home / "knowledge").rglob("*.md"):
                if "etc/evil" in str(written) or not written.resolve().is_relative_to((home / "knowledge").resolve()):
                    problems.append(f"wrote outside the corpus folder: {written}")
            return problems
        yield in_home(homes, "html17", name, body)


# -- names17 -------------------------------------------------------------------------------------------

GOOD_HTML = PAGE.encode()


def _named(name: bytes) -> Callable[[Path], list[bytes]]:
    def make(home: Path) -> list[bytes]:
        path = bytes(home) + b"/" + name
        with open(path, "wb") as f:
            f.write(GOOD_HTML)
        return [path]
    return make


def _deep_path(home: Path) -> list[bytes]:
    folder = home / "/".join(["p" * 200] * 19)  # 3,800 bytes: PATH_MAX is 4,096
    os.makedirs(folder)
    (folder / "page.html").write_bytes(GOOD_HTML)
    return [bytes(folder / "page.html")]


def _special(make: Callable[[Path], None], name: str = "incoming.html") -> Callable[[Path], list[bytes]]:
    def made(home: Path) -> list[bytes]:
        make(home / name)
        return [bytes(home / name)]
    return made


NAMES: dict[str, Callable[[Path], list[bytes]]] = {
    "newline": _named(b"a\nb.html"), "escape-codes": _named(b"\x1b[2J\x1b[31mred\x07.html"),
    "rtl-override": _named("evil\u202elmth.exe.html".encode()), "bad-utf8": _named(b"\xff\xfe\xfd.html"),
    "255-bytes": _named(b"n" * 250 + b".html"), "only-suffix": _named(b".html"), "dots": _named(b"...html"),
    "upper-suffix": _named(b"PAGE.HTML"), "no-suffix": _named(b"page"), "txt": _named(b"page.txt"),
    "md": _named(b"page.md"), "spaces-and-quotes": _named(b" 'a' \"b\" $(id) `id`.html"),
    "path-3800": _deep_path,
    "folder": _special(lambda p: p.mkdir()), "fifo": _special(lambda p: os.mkfifo(p)),
    "dev-zero-link": _special(lambda p: p.symlink_to("/dev/zero"), "zero.pdf"),
    "link-loop": _special(lambda p: p.symlink_to(p.name), "loop.docx"),
    "dangling": _special(lambda p: p.symlink_to("/nonexistent/page.html")),
    "dev-stdin": lambda home: [b"/dev/stdin"],
    "proc-self-environ": lambda home: [b"/proc/self/environ"],
    "same-twice": lambda home: _named(b"page.html")(home) * 2,
    "300-files": lambda home: [p for i in range(300) for p in _named(b"page%d.html" % i)(home)],
    "empty-name": lambda home: [b""],
}


def names17_cases(homes: Homes) -> Iterator[Case]:
    for name, make in NAMES.items():
        def body(home: Path, make=make) -> list[str]:
            return _imported(home, make(home))
        yield in_home(homes, "names17", name, body)
    for dashed in (["-x.html"], ["--", "-x.html"], ["--publisher=-x", "--", "--help.html"]):
        def body(home: Path, dashed=dashed) -> list[str]:
            for word in dashed:
                if word.endswith(".html"):
                    (home / word).write_bytes(GOOD_HTML)
            env = _env(home)
            problems = _run_in(home, ["import", *dashed], env)
            return problems or still_answers(env)
        yield in_home(homes, "names17", f"dashes:{' '.join(dashed)}", body)


def _run_in(home: Path, argv: list, env: dict) -> list[str]:
    return _run(argv, env, cwd=home)


# -- lessons17 -----------------------------------------------------------------------------------------

LESSON_ROW = {"status": "pending", "title": "Board trust from chat", "did": "We met monthly as a board in common.",
              "learned": "Trust came from sharing red lines early.", "organisation": "Leeds Teaching Hospitals",
              "contact": "", "contact_agreed": 0, "contributor": "", "contributor_named": 0, "enablers": "[]",
              "question": "", "question_id": "", "platform": "slack", "submitter": "U1", "quoted_author": "",
              "channel": "C1", "workspace": "T1", "submitted_at": "2026-11-20T10:00:00+00:00", "decided_at": "",
              "decided_by": "", "document_id": "", "review": "{}"}


def _lesson(home: Path, **changes) -> int:
    """A lesson row in `peerbot.db` (the database made by `peerbot lessons` first), with `changes`."""
    run_bytes(["lessons"], _env(home))
    db = sqlite3.connect(home / "data" / "peerbot.db")
    row = {**LESSON_ROW, **changes}
    columns = ", ".join(row)
    cursor = db.execute(f"INSERT INTO lessons ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.commit()
    lesson_id = int(cursor.lastrowid or 0)
    db.close()
    return lesson_id


LESSON_ROWS: dict[str, dict] = {
    "title-bytes": {"title": b"\xff\xfe board"}, "did-bytes": {"did": b"\x80\x81"},
    "title-5mb": {"title": "t" * 5_000_000}, "learned-5mb": {"learned": "w " * 2_500_000},
    "title-front-matter": {"title": "x\n---\nid: ../../etc/evil\nenablers: [trust]\n---\n# Evil"},
    "title-a-path": {"title": "../../../../tmp/peerbot-evil-17"}, "title-nul": {"title": "a\x00b"},
    "organisation-newlines": {"organisation": "a\n---\nb"},
    "enablers-100000": {"enablers": json.dumps(["trust"] * 100_000)},
    "enablers-nested": {"enablers": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"},
    "enablers-deep-10000": {"enablers": "[" * 10_000 + "]" * 10_000},
    "enablers-nan": {"enablers": "[NaN, Infinity]"}, "review-deep": {"review": '{"a":' * 10_000 + "1" + "}" * 10_000},
    "status-upper": {"status": "PENDING"}, "status-padded": {"status": "pending "},
    "submitted-year-9999": {"submitted_at": "9999-12-31T23:59:59+00:00"}, "submitted-nan": {"submitted_at": "NaN"},
    "submitted-float": {"submitted_at": 1e308}, "contact-agreed-text": {"contact_agreed": "yes"},
}


def lessons17_cases(homes: Homes) -> Iterator[Case]:
    for name, changes in LESSON_ROWS.items():
        for command in ("pending", "approve"):
            def body(home: Path, changes=changes, command=command) -> list[str]:
                lesson = _lesson(home, **changes)
                argv = {"lessons": ["lessons"], "pending": ["lessons", "--pending"]}.get(command, ["lessons", command, str(lesson)])
                env = _env(home)
                problems = _run(argv, env) or judged(["lessons"], env) or judged(["index"], env) or still_answers(env)
                if Path("/tmp/peerbot-evil-17.md").exists() or list(Path("/etc").glob("evil*")):
                    problems.append("a lesson was written outside the corpus folder")
                return problems + _whole(home)
            yield in_home(homes, "lessons17", f"{name}:{command}", body)
    for lesson_id in ("9223372036854775808", "0", "00000000000000000001", "\uff11", "\u0661", " 1", "1.0", "1e0", "+1", "-1"):
        def body(home: Path, lesson_id=lesson_id) -> list[str]:
            _lesson(home)
            env = _env(home)
            return _run(["lessons", "approve", lesson_id], env) or judged(["lessons"], env) or still_answers(env)
        yield in_home(homes, "lessons17", f"id:{lesson_id!r}", body)
    folders: dict[str, Callable[[Path], None]] = {
        "lessons-a-file": lambda k: (k / "lessons").write_text("not a folder"),
        "lessons-link-to-root": lambda k: (k / "lessons").symlink_to("/"),
        "lessons-link-dangling": lambda k: (k / "lessons").symlink_to("/nonexistent/lessons"),
        "lessons-a-fifo": lambda k: os.mkfifo(k / "lessons"),
    }
    for name, make in folders.items():
        def body(home: Path, make=make) -> list[str]:
            lesson = _lesson(home)
            target = home / "knowledge" / "lessons"
            if target.is_dir() and not target.is_symlink():
                import shutil
                shutil.rmtree(target)
            make(home / "knowledge")
            env = _env(home)
            problems = _run(["lessons", "approve", str(lesson)], env)
            if target.is_symlink() or not target.is_dir():
                target.unlink(missing_ok=True)
            return problems or judged(["lessons"], env) or still_answers(env)
        yield in_home(homes, "lessons17", f"folder:{name}", body)


# -- rows17 --------------------------------------------------------------------------------------------

QUESTION_ROWS: dict[str, dict] = {
    "asked-year-9999": {"asked_at": "9999-12-31T23:59:59+00:00"}, "asked-year-1": {"asked_at": "0001-01-01T00:00:00+00:00"},
    "asked-nan": {"asked_at": "NaN"}, "asked-1e308": {"asked_at": 1e308}, "asked-negative": {"asked_at": -1},
    "asked-bytes": {"asked_at": b"\xff2026"}, "asked-no-zone": {"asked_at": "2026-11-27T10:00:00"},
    "asked-leap-second": {"asked_at": "2026-11-27T23:59:60+00:00"}, "asked-offset-99": {"asked_at": "2026-11-27T10:00:00+99:00"},
    "question-bytes": {"question": b"\xff\xfe trust"}, "answered-nan": {"answered": float("nan")},
    "answered-text": {"answered": "yes"}, "documents-nan": {"document_ids": "[NaN]"},
    "documents-object": {"document_ids": '{"a": [1, {"b": null}]}'}, "enablers-deep": {"enabler_ids": "[" * 5000 + "]" * 5000},
    "enablers-huge-number": {"enabler_ids": "[1e400]"},
}


def rows17_cases(homes: Homes) -> Iterator[Case]:
    for name, changes in QUESTION_ROWS.items():
        for command in (["digest", "--preview", "--json", "--since", "2026-11-01"], ["forget", "--before", "2026-11-28"]):
            def body(home: Path, changes=changes, command=command) -> list[str]:
                env = _env(home)
                run_bytes(["lessons"], env)
                db = sqlite3.connect(home / "data" / "peerbot.db")
                columns = [r[1] for r in db.execute("PRAGMA table_info(questions)")]
                row = {"id": "q-17", "asked_at": "2026-11-27T10:00:00+00:00", "platform": "slack", "channel": "C1",
                       "question": QUESTION, "answered": 1, "document_ids": "[]", "enabler_ids": "[]", **changes}
                row = {k: v for k, v in row.items() if k in columns}
                db.execute(f"INSERT INTO questions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
                db.commit()
                db.close()
                return _run(command, env) or judged(["digest", "--preview"], env) or still_answers(env)
            yield in_home(homes, "rows17", f"{name}:{command[0]}{'-json' if '--json' in command else ''}", body)


# -- env17 ---------------------------------------------------------------------------------------------

def _limit(kind: int, value: int) -> Callable[[], None]:
    def set_it() -> None:
        resource.setrlimit(kind, (value, value))
    return set_it


def _umask() -> None:
    os.umask(0o777)


ENV_COMMANDS = {"ask": ["ask", "--json", QUESTION], "index-rebuild": ["index", "--rebuild"],
                "import": ["import", "HOME/page.html"], "lessons": ["lessons"]}


def _environments(home: Path) -> dict[str, dict]:
    """Each environment: extra variables (None: taken out), the working folder, the child's set-up."""
    gone = home / "gone"
    return {
        "home-unset": {"env": {"HOME": None}}, "home-missing": {"env": {"HOME": "/nonexistent/home"}},
        "home-a-file": {"env": {"HOME": "/etc/hostname"}},
        "tmpdir-missing": {"env": {"TMPDIR": "/nonexistent/tmp"}}, "tmpdir-a-file": {"env": {"TMPDIR": "/etc/hostname"}},
        "lang-c-non-ascii": {"env": {"LANG": "C", "LC_ALL": "C"}, "question": "Wie können Trusts Vertrauen aufbauen? — “board” ünïcödé"},
        "latin1-locale": {"env": {"LC_ALL": "en_GB.ISO-8859-1", "LANG": "en_GB.ISO-8859-1"}, "question": "Vertrauen — “board” café"},
        "ioencoding-bogus": {"env": {"PYTHONIOENCODING": "no-such-codec"}},
        "ioencoding-utf16": {"env": {"PYTHONIOENCODING": "utf-16"}},
        "ioencoding-ascii-strict": {"env": {"PYTHONIOENCODING": "ascii:strict"}, "question": "Vertrauen — “board” café"},
        "cwd-deleted": {"cwd": gone},
        "umask-777": {"preexec": _umask},
        "nofile-20": {"preexec": _limit(resource.RLIMIT_NOFILE, 20)},
        "nofile-12": {"preexec": _limit(resource.RLIMIT_NOFILE, 12)},
        "memory-300mb": {"preexec": _limit(resource.RLIMIT_AS, 300 * 2**20)},
        "memory-700mb": {"preexec": _limit(resource.RLIMIT_AS, 700 * 2**20)},
        "filesize-64kb": {"preexec": _limit(resource.RLIMIT_FSIZE, 64 * 2**10)},
    }


def env17_cases(homes: Homes) -> Iterator[Case]:
    for name in _environments(Path("/x")):
        for command, argv in ENV_COMMANDS.items():
            def body(home: Path, name=name, argv=argv) -> list[str]:
                how = _environments(home)[name]
                env = _env(home)
                for key, value in how.get("env", {}).items():
                    env.pop(key, None) if value is None else env.__setitem__(key, value)
                argv = [a.replace("HOME", str(home)) for a in argv]
                if "question" in how and argv[0] == "ask":
                    argv = [*argv[:-1], how["question"]]
                cwd = how.get("cwd")
                problems = _run(argv, env, preexec=how.get("preexec")) if cwd is None else _gone_cwd(argv, env, cwd, home)
                return problems or still_answers(_env(home)) or _whole(home)
            yield in_home(homes, "env17", f"{name}:{command}", body)


def _gone_cwd(argv: list, env: dict, cwd: Path, home: Path) -> list[str]:
    """`peerbot argv` started in `cwd`, which is then deleted (before it runs, as a shell left in a
    removed folder starts it)."""
    cwd.mkdir(exist_ok=True)
    return _run(argv, env, cwd=home, preexec=lambda: (os.chdir(cwd), os.rmdir(cwd)) and None)


# -- conc17 --------------------------------------------------------------------------------------------

def _spawn(argv: list, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=default_sigint)


def _finished(process: subprocess.Popen, argv: list) -> list[str]:
    try:
        out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"] * 2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return [f"`peerbot {' '.join(argv)[:50]}` still running"]
    return judge_cli(argv, process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))


def _new_document(home: Path, name: str = "conc-17.md") -> None:
    (home / "knowledge" / name).write_text("---\ntitle: Concurrent boards\n---\n# Concurrent boards\n\n"
                                           "Boards in common met weekly and built trust through shared dashboards.\n")


TOGETHER: dict[str, list[list[str]]] = {
    "two-index-rebuild": [["index", "--rebuild"], ["index", "--rebuild"]],
    "index-rebuild-and-ask": [["index", "--rebuild"], ["ask", "--json", QUESTION], ["ask", QUESTION]],
    "index-and-import": [["index"], ["import", "HOME/page.html"]],
    "two-imports-same-file": [["import", "HOME/page.html"], ["import", "HOME/page.html"]],
    "two-approves-same-lesson": [["lessons", "approve", "LESSON"], ["lessons", "approve", "LESSON"]],
    "approve-and-reject": [["lessons", "approve", "LESSON"], ["lessons", "reject", "LESSON"]],
    "index-and-approve": [["index"], ["lessons", "approve", "LESSON"]],
    "three-index": [["index"], ["index"], ["index"]],
}


def conc17_cases(homes: Homes) -> Iterator[Case]:
    for name, commands in TOGETHER.items():
        def body(home: Path, commands=commands) -> list[str]:
            env = _env(home)
            _new_document(home)
            lesson = _lesson(home)
            argvs = [[a.replace("HOME", str(home)).replace("LESSON", str(lesson)) for a in argv] for argv in commands]
            processes = [_spawn(argv, env) for argv in argvs]
            problems = [p for process, argv in zip(processes, argvs) for p in _finished(process, argv)]
            written = list((home / "knowledge").rglob("*board-trust*")) + list((home / "knowledge" / "lessons").glob("*.md"))
            if len({p.read_bytes() for p in written if p.suffix == ".md" and "lessons" in p.parts}) > 1:
                problems.append(f"one lesson written twice: {[p.name for p in written]}")
            return problems or judged(["index"], env) or still_answers(env) or _whole(home)
        yield in_home(homes, "conc17", f"together:{name}", body)
    rng = random.Random(SEED)
    for command in (["index"], ["index", "--rebuild"], ["import", "HOME/page.html"], ["lessons", "approve", "LESSON"]):
        for _ in range(4):
            after = round(rng.uniform(0.3, 3.0), 2)
            def body(home: Path, command=command, after=after) -> list[str]:
                env = _env(home)
                _new_document(home)
                lesson = _lesson(home)
                argv = [a.replace("HOME", str(home)).replace("LESSON", str(lesson)) for a in command]
                process = _spawn(argv, env)
                time.sleep(after)
                process.send_signal(signal.SIGKILL)
                process.communicate()
                problems = still_answers(env) or judged(["index"], env) or still_answers(env) or _whole(home)
                if command[0] == "lessons":
                    problems += judged(["lessons", "approve", str(lesson)], env)
                return problems
            yield in_home(homes, "conc17", f"sigkill:{' '.join(command)}@{after}s", body)


FAMILIES = {"pdf17": pdf17_cases, "docx17": docx17_cases, "html17": html17_cases, "names17": names17_cases,
            "lessons17": lessons17_cases, "rows17": rows17_cases, "env17": env17_cases, "conc17": conc17_cases}


def main() -> int:
    def prepare(homes: Homes) -> None:
        sqlite3.connect(homes.template / "data" / "peerbot.db").close()

    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile17-", 2,
                                    lambda name, jobs: 1 if name == "conc17" else jobs, prepare)


if __name__ == "__main__":
    sys.exit(main())
