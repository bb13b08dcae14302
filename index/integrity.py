"""Is an index generation whole? Checksums written when it is built, checked when it is loaded.

`checksums.json` records each file's size and SHA-256, and the number of vectors. Checking a
generation reads both files once (a few milliseconds for the bundled corpus; BENCHMARKS.md has
the figures), then that the files are of one build: the vectors' FAISS headers (not the vectors)
give as many vectors as the database has units, of its dimension, and the database holds the tables
and columns its migrations make (index/schema_check.py). A generation built before
checksums existed is checked in full the first time it is loaded: SQLite's `integrity_check`, the
tables peerbot reads and their schema, and a FAISS file that loads with one vector per stored unit
of the database's dimension; then its checksums are written (when the data folder takes writes), so
every later load is the quick checksum check.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

from index.errors import IndexRefused
from index.regular_files import open_regular, read_regular
from index.schema_check import schema_problem
from index.store import IndexStore
from index.vectors import VectorIndex, VectorsUnreadable

MANIFEST = "checksums.json"
DB_FILE = "index.db"
VECTORS_FILE = "vectors.faiss"
FILES = (DB_FILE, VECTORS_FILE)
_COMPANIONS = ("-journal", "-wal", "-shm")  # SQLite's files beside a database
_CHUNK = 1 << 20
_TABLES = ("meta", "documents", "chunks", "people", "chunk_people", "chunk_enablers", "chunks_fts")  # and units before m009


def write_manifest(folder: Path, vectors: int) -> None:
    """Record the checksums of a finished generation's files (written last, atomically)."""
    manifest = {"version": 1, "vectors": vectors, "files": {name: _fingerprint(folder / name) for name in FILES}}
    tmp = folder / f"{MANIFEST}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / MANIFEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def has_manifest(folder: Path) -> bool:
    return os.path.lexists(folder / MANIFEST)


def problem(folder: Path) -> str | None:
    """None when the generation in `folder` is whole; else what is wrong, as a short phrase.
    IndexRefused when this user may not read it: a question of owner or mode, not of damage, which
    setting the generation aside (from every replica serving it) or rebuilding would not mend."""
    try:
        return _problem(folder)
    except PermissionError as e:
        where = f"{e.strerror or e}: {Path(e.filename).name}" if e.filename else (e.strerror or str(e))
        raise IndexRefused(f"the index generation {folder} cannot be read by the user peerbot runs as ({where}): "
                           "it is left as it is; give that user access to the data folder") from None
    except OSError as e:
        return _cannot_read(folder.name, e)


def _cannot_read(name: str, error: OSError) -> str:
    """The problem of a file that cannot be read; a refusal of access is raised for `problem` to tell."""
    if isinstance(error, PermissionError):
        raise error
    return f"{name} cannot be read ({error.strerror or error})"


def _problem(folder: Path) -> str | None:
    for companion in (folder / f"{DB_FILE}{suffix}" for suffix in _COMPANIONS):
        try:
            mode = os.lstat(companion).st_mode
        except FileNotFoundError:  # none; or a journal gone as its transaction ended
            continue
        if not stat.S_ISREG(mode):
            return f"{companion.name} is not a file"  # SQLite would wait on a pipe where it looks for a journal
    if not has_manifest(folder):
        return _unrecorded(folder)
    try:
        manifest = json.loads(read_regular(folder / MANIFEST))
        files = manifest["files"]
        expected = {name: (int(files[name]["bytes"]), str(files[name]["sha256"])) for name in FILES}
        vectors = None if manifest.get("vectors") is None else int(manifest["vectors"])
    except OSError as e:
        return _cannot_read(MANIFEST, e)
    except (ValueError, KeyError, TypeError, RecursionError, OverflowError):  # OverflowError: `1e400`, JSON's infinity
        return f"{MANIFEST} is damaged"
    for name, (size, digest) in expected.items():
        path = folder / name
        try:
            actual = os.stat(path)
        except OSError as e:
            return _cannot_read(name, e)
        if not path.is_file():
            return f"{name} is not a file"
        if actual.st_size != size:
            return f"{name} has {actual.st_size} bytes, {size} expected"
        try:
            if _fingerprint(path)["sha256"] != digest:
                return f"{name} does not match its checksum"
        except OSError as e:
            return _cannot_read(name, e)
    return _other_build(folder, vectors)


def _other_build(folder: Path, vectors: int | None) -> str | None:
    """Files that match their checksums but not each other (one copied in from another build, its
    checksums with it): as many vectors as the database has units (and as recorded), of its dimension."""
    try:
        if (wrong := schema_problem(folder / DB_FILE)) is not None:
            return wrong
        units, dimension = IndexStore.unit_count(folder / DB_FILE)
        count, width = VectorIndex.shape(folder / VECTORS_FILE)
    except sqlite3.Error as e:
        return f"{DB_FILE} is not a readable database ({e})"
    except (OSError, VectorsUnreadable) as e:
        return f"{VECTORS_FILE} cannot be read ({e})"
    if count != units or vectors not in (None, units):
        return f"{VECTORS_FILE} holds {count} vectors, {DB_FILE} {units} units, {vectors} recorded: not of one build"
    if dimension is not None and width != dimension:
        return f"{VECTORS_FILE} holds vectors of {width} dimensions, {DB_FILE} {dimension}: not of one build"
    return None


def _fingerprint(path: Path) -> dict:
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as f:
        while block := f.read(_CHUNK):
            digest.update(block)
            size += len(block)
    return {"bytes": size, "sha256": digest.hexdigest()}


def _unrecorded(folder: Path) -> str | None:
    """For a generation without checksums (built by an older peerbot): the full check, then its
    checksums written, so it is checked in full once."""
    wrong = _structural_problem(folder) or _other_build(folder, None)
    if wrong is None:
        try:
            write_manifest(folder, IndexStore.unit_count(folder / DB_FILE)[0])
        except (OSError, sqlite3.Error):  # a read-only data folder: checked in full at each load
            pass
    return wrong


def _structural_problem(folder: Path) -> str | None:
    """For a generation without checksums: the database and the vectors, checked for structure."""
    for name in FILES:
        if not (folder / name).is_file():
            return f"{name} is missing"
    try:
        verdict, tables, units = IndexStore.structure(folder / DB_FILE)
    except sqlite3.Error as e:
        return f"{DB_FILE} is not a readable database ({e})"
    if verdict != "ok":
        return f"{DB_FILE} failed SQLite's integrity check ({verdict})"
    missing = [t for t in _TABLES if t not in tables]
    if missing:
        return f"{DB_FILE} lacks the table {missing[0]}"
    try:
        size = VectorIndex.load(folder / VECTORS_FILE).size
    except VectorsUnreadable as e:
        return str(e)
    if size != units:
        return f"{VECTORS_FILE} holds {size} vectors, {units} expected"
    return None
