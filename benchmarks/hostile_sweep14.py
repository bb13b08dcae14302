"""The fourteenth hostile sweep: the files and the command line, where the first thirteen were thin.

- `manifest14`: the served generation's `checksums.json` with numbers JSON allows but no file has
  (`1e400`, `-1e400`, `NaN`, `Infinity`, `1e308`, `true`, a list), a BOM, a NUL, UTF-16, trailing
  NULs, a 10 KB digest, a future version; under `ask --json`, `enabler trust` and `index`.
- `swap14`: the generation swapped, whole or in part, for another build's: a generation of another
  corpus; its `vectors.faiss` or `index.db` alone with `checksums.json` rewritten to match (so the
  checksums pass and only the contents disagree); vectors of another dimension, checksummed.
- `docs14`: documents in the knowledge folder that lie: a PDF without text, with a broken xref, a
  page tree that loops, a header only; a `.docx` that is not a zip, with a bad CRC, a member
  marked encrypted, a `../` member name, its body in UTF-16; HTML whose `<meta charset>` lies
  (UTF-16, Shift_JIS, unknown, Latin-1 after a UTF-8 BOM, UTF-8 over UTF-16 bytes); Markdown in
  UTF-32 or of NULs; under `index`, then `ask`.
- `env14`: the folder settings naming a file, `/dev/null`, `/dev/zero`, a path under a file, a
  name ending in a newline, a relative path; under `ask` and `index`.
- `rodata14`: the data folder, the generation or the knowledge folder on a read-only mount; under
  `ask`, `lessons`, `index`, `import`, `eval`, `enabler`.
- `kill14`: SIGKILL of `index` (after a new document), `index --rebuild` and `import` at seeded
  instants; then the answer served is the one before or the whole new one, `index` completes, no
  temporary file is left in the knowledge folder and every generation left is whole.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep14.py [--only CLASS ...] [--match TEXT] [--jobs N] [--code DIR]

A case passes as in the earlier sweeps: an answer (exit 0) or one `peerbot:` line, exit 1 or 2, no
traceback, no hang, and a later `peerbot ask` still answers (nothing lost).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Homes, base_env  # noqa: E402
from hostile_sweep2 import COMMANDS, QUESTION, TEAMS_ID, _argv  # noqa: E402
from hostile_sweep3 import _current, _wrong_dimension, in_home, judged, run_bytes, still_answers  # noqa: E402

SEED = 14


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def _command(home: Path, command: str, env: dict | None = None) -> list[str]:
    env = env or _env(home)
    return judged(_argv(COMMANDS[command], home), env) or still_answers(env)


# -- manifest14 ----------------------------------------------------------------------------------------

def _manifest_text(data: Path, replace: Callable[[str], str]) -> None:
    path = _current(data) / "checksums.json"
    path.write_text(replace(path.read_text()))


def _number(field: str, value: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        manifest = json.loads((_current(data) / "checksums.json").read_text())
        if field == "vectors":
            manifest["vectors"] = "@@"
        else:
            manifest["files"]["index.db"][field] = "@@"
        (_current(data) / "checksums.json").write_text(json.dumps(manifest).replace('"@@"', value))
    return damage


def manifest14_cases(homes: Homes) -> Iterator[Case]:
    damages: dict[str, Callable[[Path], None]] = {
        **{f"bytes={v}": _number("bytes", v) for v in ("1e400", "-1e400", "NaN", "Infinity", "1e308", "true", "[]", "1" * 4000)},
        "vectors=1e400": _number("vectors", "1e400"),
        "sha256=1e400": _number("sha256", "1e400"),
        "bom": lambda d: _manifest_text(d, lambda t: "\ufeff" + t),
        "nul-in-digest": lambda d: _manifest_text(d, lambda t: t.replace('"sha256": "', '"sha256": "\\u0000', 1)),
        "raw-nul": lambda d: (_current(d) / "checksums.json").write_bytes(
            (_current(d) / "checksums.json").read_bytes() + b"\x00" * 64),
        "utf16": lambda d: (_current(d) / "checksums.json").write_bytes(
            (_current(d) / "checksums.json").read_text().encode("utf-16")),
        "digest-10kb": lambda d: _manifest_text(d, lambda t: t.replace('"sha256": "', '"sha256": "' + "a" * 10_000, 1)),
        "version-99": lambda d: _manifest_text(d, lambda t: t.replace('"version": 1', '"version": 99')),
    }
    for name, damage in damages.items():
        for command in ("ask-json", "enabler-name", "index"):
            def body(home: Path, damage=damage, command=command) -> list[str]:
                damage(home / "data")
                return _command(home, command)
            yield in_home(homes, "manifest14", f"{name}:{command}", body)


# -- swap14 --------------------------------------------------------------------------------------------

def _fingerprint(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _other_generation(home: Path) -> Path:
    """A generation built from one document of the corpus, in a data folder of its own."""
    other = home / "other"
    (other / "knowledge").mkdir(parents=True)
    documents = sorted(p for p in (home / "knowledge").iterdir() if p.suffix == ".md")
    shutil.copy(documents[0], other / "knowledge" / documents[0].name)
    rc, _, err = run_bytes(["index"], base_env(other), timeout=300)
    if rc:
        raise RuntimeError(f"could not build the other index: {err[-200:]}")
    return _current(other / "data")


def _swap_file(name: str) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        source, target = _other_generation(home), _current(home / "data")
        shutil.copy(source / name, target / name)
        manifest = json.loads((target / "checksums.json").read_text())
        manifest["files"][name] = _fingerprint(target / name)
        if name == "vectors.faiss":
            manifest["vectors"] = json.loads((source / "checksums.json").read_text())["vectors"]
        (target / "checksums.json").write_text(json.dumps(manifest))
    return damage


def _swap_generation(home: Path) -> None:
    source = _other_generation(home)
    index_dir = home / "data" / "index"
    shutil.copytree(source, index_dir / source.name)
    (index_dir / "current").unlink()
    (index_dir / "current").symlink_to(source.name)


def _other_dimension(home: Path) -> None:
    target = _current(home / "data")
    _wrong_dimension(target / "vectors.faiss")
    manifest = json.loads((target / "checksums.json").read_text())
    manifest["files"]["vectors.faiss"] = _fingerprint(target / "vectors.faiss")
    (target / "checksums.json").write_text(json.dumps(manifest))


def swap14_cases(homes: Homes) -> Iterator[Case]:
    damages = {"generation=other-corpus": _swap_generation, "vectors=other-checksummed": _swap_file("vectors.faiss"),
               "index.db=other-checksummed": _swap_file("index.db"), "vectors=other-dimension-checksummed": _other_dimension}
    for name, damage in damages.items():
        for command in ("ask-json", "enabler-name", "index", "eval"):
            def body(home: Path, damage=damage, command=command) -> list[str]:
                damage(home)
                problems = _command(home, command)
                if not problems and command == "index":  # the whole corpus is served again
                    rc, out, _ = run_bytes(["ask", "--json", QUESTION], _env(home))
                    if rc == 0 and "key-enablers" not in out:
                        problems.append("after `index`, the corpus's own answer is not served")
                return problems
            yield in_home(homes, "swap14", f"{name}:{command}", body)


# -- docs14 --------------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], xref_shift: int = 0, root: int = 1) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell() + xref_shift)
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start))
    return out.getvalue()


_STREAM = b"BT /F1 12 Tf 72 712 Td (Boards built trust across the collaborative.) Tj ET"
_TEXT_PAGE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
              b"/Resources << /Font << /F1 5 0 R >> >> >>",
              b"<< /Length %d >>\nstream\n" % len(_STREAM) + _STREAM + b"\nendstream",
              b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Boards and trust", 1)
    document.add_paragraph("Boards built trust across the collaborative by meeting in common.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name, body = change(item.filename, source.read(item))
            target.writestr(name, body)
    return out.getvalue()


def _bad_crc(data: bytes) -> bytes:
    stored = _rezip(data, lambda n, b: (n, b))
    with zipfile.ZipFile(io.BytesIO(stored)) as z:
        info = z.getinfo("word/document.xml")
    raw = bytearray(stored)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.compress_size // 2] ^= 0xFF
    return bytes(raw)


def _encrypted_flag(data: bytes) -> bytes:
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at >= 0:
            raw[at + offset] |= 1
            at = raw.find(signature, at + 4)
    return bytes(raw)


def _html(meta: str, body: str = "<p>Boards built trust across the collaborative.</p>") -> str:
    return f"<html><head>{meta}<title>Boards and trust</title></head><body><h1>Boards</h1>{body}</body></html>"


def documents14() -> dict[str, Callable[[], bytes]]:
    word = _docx
    return {
        "empty-page.pdf": lambda: _pdf([_TEXT_PAGE[0], _TEXT_PAGE[1], b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]),
        "broken-xref.pdf": lambda: _pdf(_TEXT_PAGE, xref_shift=37),
        "page-loop.pdf": lambda: _pdf([_TEXT_PAGE[0], b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", *_TEXT_PAGE[2:]]),
        "root-not-catalog.pdf": lambda: _pdf(_TEXT_PAGE, root=4),
        "header-only.pdf": lambda: b"%PDF-1.7\n%%EOF\n",
        "not-a-zip.docx": lambda: b"PK\x03\x04" + os.urandom(2000),
        "bad-crc.docx": lambda: _bad_crc(word()),
        "encrypted-member.docx": lambda: _encrypted_flag(word()),
        "traversal-member.docx": lambda: _rezip(word(), lambda n, b: (n, b)) + b"",
        "utf16-body.docx": lambda: _rezip(word(), lambda n, b: (n, b.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
                                                               if n == "word/document.xml" else b)),
        "meta-utf16-lie.html": lambda: _html('<meta charset="utf-16">').encode(),
        "meta-shiftjis-lie.html": lambda: _html('<meta charset="shift_jis">', "<p>Boards built trust — naïve café.</p>").encode(),
        "meta-unknown.html": lambda: _html('<meta http-equiv="Content-Type" content="text/html; charset=x-no-such">').encode(),
        "bom-vs-latin1.html": lambda: b"\xef\xbb\xbf" + _html('<meta charset="latin-1">', "<p>Boards — café.</p>").encode(),
        "utf16-says-utf8.html": lambda: _html('<meta charset="utf-8">').encode("utf-16"),
        "utf32.md": lambda: "---\ntitle: Boards\n---\nBoards built trust.\n".encode("utf-32"),
        "nuls.md": lambda: b"\x00" * 200_000,
    }


def docs14_cases(homes: Homes) -> Iterator[Case]:
    for name, make in documents14().items():
        def body(home: Path, name=name, make=make) -> list[str]:
            data = make()
            if name == "traversal-member.docx":
                buffer = io.BytesIO(data)
                with zipfile.ZipFile(buffer, "a") as z:
                    z.writestr("../../../escaped.txt", "outside")
                data = buffer.getvalue()
            (home / "knowledge" / f"hostile-{name}").write_bytes(data)
            env = _env(home)
            problems = judged(["index"], env) or judged(["ask", "--json", QUESTION], env) or still_answers(env)
            if (home / "escaped.txt").exists() or Path("/escaped.txt").exists():
                problems.append("a member named ../ was written outside")
            return problems
        yield in_home(homes, "docs14", name, body)


# -- env14 ---------------------------------------------------------------------------------------------

def env14_cases(homes: Homes) -> Iterator[Case]:
    values: dict[str, Callable[[Path], str]] = {
        "a-file": lambda h: str(h / "q.jsonl"), "dev-null": lambda h: "/dev/null", "dev-zero": lambda h: "/dev/zero",
        "under-a-file": lambda h: str(h / "q.jsonl" / "sub"), "newline-end": lambda h: str(h / "data") + "\n",
        "relative": lambda h: "relative-folder", "proc-fd": lambda h: "/proc/self/fd/0", "root": lambda h: "/",
    }
    for setting in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR"):
        for name, value in values.items():
            for command in ("ask-json", "index"):
                if name == "root" and (setting == "PEERBOT_DATA_DIR" or command == "index"):
                    continue  # state written into /, or every file on the machine indexed: a choice, not a fault
                def body(home: Path, setting=setting, value=value, command=command) -> list[str]:
                    env = _env(home, **{setting: value(home)})
                    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *COMMANDS[command]],
                                               cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                    try:
                        out, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.communicate()
                        return [f"{setting}: still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
                    problems = hostile_sweep.judge_cli(COMMANDS[command], process.returncode, out.decode(errors="replace"),
                                                       err.decode(errors="replace"))
                    return problems or still_answers(_env(home))
                yield in_home(homes, "env14", f"{setting}={name}:{command}", body)


# -- rodata14 ------------------------------------------------------------------------------------------

def _read_only(folder: Path) -> None:
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)


def rodata14_cases(homes: Homes) -> Iterator[Case]:
    targets = {"data": lambda h: h / "data", "generation": lambda h: _current(h / "data"), "knowledge": lambda h: h / "knowledge"}
    for target, where in targets.items():
        for command in ("ask-json", "lessons", "index", "import", "eval", "enabler-name"):
            def body(home: Path, where=where, command=command) -> list[str]:
                env = _env(home)
                run_bytes(["lessons"], env)  # the state database exists first
                folder = where(home)
                _read_only(folder)
                try:
                    problems = judged(_argv(COMMANDS[command], home), env)
                finally:
                    subprocess.run(["umount", str(folder)], check=False)
                return problems or still_answers(env)
            yield in_home(homes, "rodata14", f"{target}:{command}", body)


# -- kill14 --------------------------------------------------------------------------------------------

def _answer(env: dict) -> str:
    rc, out, err = run_bytes(["ask", "--json", QUESTION], env)
    if rc:
        raise RuntimeError(f"`ask` failed ({rc}): {err[-160:]}")
    return out


def kill14_cases(homes: Homes) -> Iterator[Case]:
    rng = random.Random(SEED)
    new_doc = ("---\ntitle: Boards that met in common\n---\n# Boards\n\nHow can trusts build trust at board level? "
               "Boards built trust at board level by meeting in common every month.\n")
    for command in ("index", "index-rebuild", "import"):
        for _ in range(3):
            after = round(rng.uniform(0.3, 2.5), 2)
            def body(home: Path, command=command, after=after) -> list[str]:
                env = _env(home)
                before = _answer(env)
                if command == "index":
                    (home / "knowledge" / "boards-in-common.md").write_text(new_doc)
                process = subprocess.Popen([sys.executable, "-m", "bot.cli", *_argv(COMMANDS[command], home)],
                                           cwd=hostile_sweep.CODE[0], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(after)
                process.send_signal(signal.SIGKILL)
                process.wait()
                problems: list[str] = []
                served = _answer(env)
                run_bytes(["index"], env)
                complete = _answer(env)
                if served not in (before, complete):
                    problems.append("after the kill, the answer served is neither the one before nor the whole new one")
                problems += judged(["index"], env)
                left = [p.name for p in (home / "knowledge").rglob("*") if p.name.startswith(".") and p.suffix == ".tmp"]
                if left:
                    problems.append(f"left in the knowledge folder: {left}")
                sys.path.insert(0, str(hostile_sweep.CODE[0]))
                from index import integrity
                for generation in (home / "data" / "index").glob("gen-*"):
                    if (found := integrity.problem(generation)) is not None:
                        problems.append(f"{generation.name} left damaged: {found}")
                return problems
            yield in_home(homes, "kill14", f"{command}@{after}s", body)


FAMILIES = {"manifest14": manifest14_cases, "swap14": swap14_cases, "docs14": docs14_cases, "env14": env14_cases,
            "rodata14": rodata14_cases, "kill14": kill14_cases}


def main() -> int:
    return hostile_sweep.sweep_main(
        __doc__.splitlines()[0], FAMILIES, "hostile14-", 2,
        lambda name, jobs: 1 if name in ("kill14", "rodata14") else jobs,
        lambda homes: sqlite3.connect(homes.template / "data" / "peerbot.db").close())


if __name__ == "__main__":
    sys.exit(main())
