"""The nineteenth hostile sweep, part A: files, the data folder, settings and the command line, in the
cells of the inventory below that sweeps 1-18 left empty.

Inventory: what peerbot reads from outside on this side, and the damage classes earlier sweeps ran on
each (sweep: class). "—" marks a cell this sweep fills (its class in brackets).

Data folder (`PEERBOT_DATA_DIR`):
- `index/current` (a link to the served generation): missing, empty file, folder, loop, link to itself
  (1: data, 8: loop8), a file (2: data2), another corpus's generation (14: swap14); a link out of the
  data folder, to `/`, to an unfinished generation, a file holding a generation's name — [current19].
- `index/gen-*/index.db`: cut, zeroed, garbage, header-only, wrong `user_version` unchecksummed (1, 3:
  data3, 4), locked (3), a pipe or loop (6, 8), read-only mount (14), from another build (14: swap14),
  cut or a garbage page behind matching checksums (15: pages15), another database's `-wal`, a garbage
  `-wal`, a foreign `-shm`, a `-journal` (15: lock15); a missing table or column, a table made a
  view, `user_version` or `meta` rows wrong, a `_migrations` row gone, behind matching checksums —
  [schema19]; a stale `-shm` of its own, a zero-byte `-wal` — [wal19]; held in a read transaction
  by another process while `index --rebuild` swaps it — [held19].
- `index/gen-*/vectors.faiss`: cut, another dimension (3: data3), a pipe (6), from another build with
  checksums (14: swap14); another FAISS kind (an id map, L2, a binary index, HNSW) of the same count and
  dimension, NaN or zero vectors, one vector more, a header lying about its count, behind matching
  checksums — [faiss19].
- `index/gen-*/checksums.json`: every JSON shape (2: data2), values (14: manifest14); duplicate keys,
  a BOM, CRLF — [current19]; rewritten while `ask` reads it — [held19].
- `index/.build.lock`: pipe, folder, loop, mode 000 (6, 8), held by `flock` (15: lock15); its pid text
  naming process 1, a dead pid, 2**40, `-1`, words, NULs, 2 MB — [lockpid19].
- `cache/` example vectors (10: cache10) and query-encoder graph (3: data3's onnx cases).
- `peerbot.db` and companions: cut, zeroed, garbage, header only, `user_version` 99, a newer migration,
  a table dropped (4: statedb4), rows of every odd shape (10, 11, 17), pipes (6), busy (6, 8), another
  database's WAL, a foreign `-shm` (15); a column dropped or renamed, a NOT NULL column added, a table
  made a view, a trigger refusing writes, a `_migrations` row gone, `user_version` -1 — [state19];
  a zero-byte `-wal`/`-shm`, a stale `-shm` of its own, its own `-wal` cut mid-frame — [wal19]; held
  in a read transaction by another process — [held19].

Knowledge folder (`PEERBOT_KNOWLEDGE_DIR`):
- `*.md` documents: every byte damage, BOM/CRLF/Latin-1, names, pipes (1, 2, 6, 15); front matter
  types and depth (12, 15). `*.txt`, `*.html`, `*.pdf`, `*.docx` in place: structural lies (14:
  docs14) and through `import` (5, 7, 17); cut at 10/50/99 %, zero bytes, random bytes of the same
  length, one flipped byte, a NUL inserted, a link to a folder — [docbytes19]; appended to while
  `index` reads it — [held19].
- `*.meta.yaml` sidecars: wrong field values (1: knowledge), a pipe (6: special6); cut, zero bytes,
  random bytes, a flipped byte, a list/string/number/null on top, duplicate keys, NaN and 1e400,
  500-deep nesting, a BOM, CRLF, NULs, invalid UTF-8, a link to a system file, a folder, unreadable,
  a sidecar without its document — [sidecar19].
- `enablers.yaml`, `contacts.yaml`, `out_of_scope.yaml`, `nhs_topics.yaml`, `everyday_topics.yaml`,
  `example_questions.yaml`: bytes, encodings, shapes, YAML types, depth, aliases, byte damages at
  seeded offsets, pipes, links, permissions (1, 2, 5, 6, 10, 12, 15); rewritten by another process
  while read — [held19].
- `lessons/` (approved lessons): a file, link, pipe, read-only (2, 6, 17).

Settings (bot/settings.py, 34): every one empty, blank, control characters, 5000 digits, negative,
unicode, bad bytes (3: settings3), numerics (2, 15), folders as files/devices (14), digest and Slack
ones under their commands (5); `PEERBOT_MODEL` naming a real path that is not a model (an empty folder,
a file, a folder whose config is a list, a folder with a garbage ONNX file, a loop) — [model19].

Command line: every subcommand's arguments with bad bytes and lengths (3: args3), standard input (3,
6, 15), stdout full or closed (2), SIGINT/SIGKILL (2, 4, 8, 14, 15, 17); `eval FILE` lines of every
shape (1: cli, 6: stdin6); `eval FILE` a folder, a loop, a dangling link, unreadable, pretty-printed
JSON, a JSON array, CRLF, a BOM with CRLF, 200,000 blank lines — [eval19]; `teams-manifest --output`
a folder or no id (1: cli); under a file, `/dev/full`, a dangling link, a read-only folder, a
300-byte name, bad bytes, and `--website`/`--privacy-url`/`--developer` not URLs, 10 KB, with
newlines — [manifest19]; `import`, `lessons`, `digest`, `forget` (3, 5, 11, 17).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep19.py [--only CLASS ...] [--match TEXT] [--jobs N] [--code DIR]

A case passes as in sweep 17: an answer (exit 0) or one `peerbot:` line, exit 1 or 2, no traceback,
no hang; then `index` succeeds and a later `ask` answers (nothing lost).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli  # noqa: E402
from hostile_sweep2 import QUESTION, TEAMS_ID  # noqa: E402
from hostile_sweep3 import in_home, judged, run_bytes, still_answers  # noqa: E402

SEED = 19
NO_BYPASS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--"]


def _env(home: Path, **more: str) -> dict[str, str]:
    return base_env(home, **TEAMS_ID, **more)


def _generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


def _then(home: Path, argv: list, env: dict | None = None, first: list[str] | None = None) -> list[str]:
    """`peerbot argv` judged, then `index` succeeds and `ask` answers."""
    env = env or _env(home)
    problems = first if first is not None else judged(argv, env)
    return problems or _index_ok(env) or still_answers(env)


def _index_ok(env: dict) -> list[str]:
    """`index` succeeds: exit 0, no traceback (a refusal in one line is a failure here)."""
    try:
        rc, out, err = run_bytes(["index"], env)
    except Hang as e:
        return [f"afterwards: {e}"]
    return judge_cli(["index"], rc, out, err) or ([] if rc == 0 else [f"afterwards `peerbot index` failed ({rc}): {err.strip()[-160:]!r}"])


def _rechecksum(generation: Path, *names: str, vectors: int | None = None) -> None:
    """`checksums.json` rewritten to match the files as they are now."""
    manifest = json.loads((generation / "checksums.json").read_text())
    for name in names:
        data = (generation / name).read_bytes()
        manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if vectors is not None:
        manifest["vectors"] = vectors
    (generation / "checksums.json").write_text(json.dumps(manifest))


def _sql(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            db.execute(statement)
    finally:
        db.close()


def _columns(path: Path, table: str) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()


def _tables(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                         "AND name NOT LIKE '%fts_%' ORDER BY name")]
    finally:
        db.close()


def _as_view(table: str) -> list[str]:
    return [f"CREATE TABLE {table}_kept AS SELECT * FROM {table}", f"DROP TABLE {table}",
            f"CREATE VIEW {table} AS SELECT * FROM {table}_kept"]


def _drop_column(path: Path, table: str, column: str) -> list[str]:
    """The table made again without `column` (ALTER TABLE DROP COLUMN refuses keyed columns)."""
    kept = ", ".join(c for c in _columns(path, table) if c != column)
    return [f"CREATE TABLE {table}_new AS SELECT {kept} FROM {table}", f"DROP TABLE {table}",
            f"ALTER TABLE {table}_new RENAME TO {table}"]


# -- schema19: index.db's schema damaged behind matching checksums -------------------------------------

INDEX_COMMANDS = {"ask": ["ask", "--json", QUESTION], "enabler": ["enabler", "trust"]}


def _index_schema(template: Path) -> dict[str, Callable[[Path], list[str]]]:
    """Each damage: the SQL statements for a generation's index.db (read from the template's tables)."""
    db = _generation(template) / "index.db"
    tables = _tables(db)
    damages: dict[str, Callable[[Path], list[str]]] = {}
    for table in ("chunks_fts", "people", "stem_counts", "passage_tokens", "documents", "meta", "_migrations",
                  "chunk_enablers"):
        damages[f"table-{table}-dropped"] = lambda p, t=table: [f"DROP TABLE {t}"]
    for table in ("chunks", "people"):
        if table in tables:
            column = _columns(db, table)[-1]
            damages[f"column-{table}.{column}-dropped"] = lambda p, t=table, c=column: _drop_column(p, t, c)
    damages["table-documents-a-view"] = lambda p: _as_view("documents")
    damages["user-version-0"] = lambda p: ["PRAGMA user_version = 0"]
    damages["migration-row-gone"] = lambda p: ["DELETE FROM _migrations WHERE rowid = (SELECT max(rowid) FROM _migrations)"]
    damages["meta-emptied"] = lambda p: ["DELETE FROM meta"]
    for value in ("'abc'", "1e400", "NULL"):
        damages[f"meta-values={value}"] = lambda p, v=value: [f"UPDATE meta SET value = {v}"]
    damages["documents-emptied"] = lambda p: ["DELETE FROM documents"]
    damages["chunks-text-null"] = lambda p: ["UPDATE chunks SET text = NULL" if "text" in _columns(p, "chunks")
                                             else "UPDATE chunks SET rowid = rowid"]
    return damages


def schema19_cases(homes: Homes) -> Iterator[Case]:
    if not (homes.template / "data").exists():  # `--list` before a build: name the kinds only
        damages = {"(built-at-run-time)": lambda p: []}
    else:
        damages = _index_schema(homes.template)
    for name, statements in damages.items():
        for command, argv in INDEX_COMMANDS.items():
            if command == "enabler" and not name.startswith(("table-chunk_enablers", "meta-emptied")):
                continue
            def body(home: Path, statements=statements, argv=argv) -> list[str]:
                generation = _generation(home)
                _sql(generation / "index.db", *statements(generation / "index.db"))
                _rechecksum(generation, "index.db")
                return _then(home, argv)
            yield in_home(homes, "schema19", f"{name}:{command}", body)


# -- faiss19: vectors.faiss of another kind behind matching checksums ----------------------------------

def _vectors(home: Path):
    import faiss
    import numpy as np

    generation = _generation(home)
    count = json.loads((generation / "checksums.json").read_text())["vectors"]
    with sqlite3.connect(generation / "index.db") as db:
        dimension = int(db.execute("SELECT value FROM meta WHERE key = 'dimension'").fetchone()[0])
    vectors = np.random.default_rng(SEED).standard_normal((count, dimension)).astype(np.float32)
    return faiss, np, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _write_faiss(home: Path, make: Callable) -> None:
    faiss, np, vectors = _vectors(home)
    generation = _generation(home)
    index = make(faiss, np, vectors)
    if isinstance(index, bytes):
        (generation / "vectors.faiss").write_bytes(index)
    elif isinstance(index, faiss.IndexBinary):
        faiss.write_index_binary(index, str(generation / "vectors.faiss"))
    else:
        faiss.write_index(index, str(generation / "vectors.faiss"))
    _rechecksum(generation, "vectors.faiss")


def _flat(faiss, np, vectors, kind=None):
    index = (kind or faiss.IndexFlatIP)(vectors.shape[1])
    index.add(vectors)
    return index


def _id_map(faiss, np, vectors):
    index = faiss.IndexIDMap(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(vectors, np.arange(len(vectors), dtype=np.int64)[::-1].copy())
    return index


def _ids_elsewhere(faiss, np, vectors):
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    index.add_with_ids(vectors, np.arange(len(vectors), dtype=np.int64) + 100_000)
    return index


def _hnsw(faiss, np, vectors):
    index = faiss.IndexHNSWFlat(vectors.shape[1], 8, faiss.METRIC_INNER_PRODUCT)
    index.add(vectors)
    return index


def _binary(faiss, np, vectors):
    index = faiss.IndexBinaryFlat(vectors.shape[1] * 8)
    index.add(np.zeros((len(vectors), vectors.shape[1]), dtype=np.uint8))
    return index


def _count_lie(faiss, np, vectors) -> bytes:
    data = bytearray(faiss.serialize_index(_flat(faiss, np, vectors)))
    data[8:16] = (len(vectors) * 2).to_bytes(8, "little")  # the header's count; the codes are as before
    return bytes(data)


FAISS_KINDS: dict[str, Callable] = {
    "l2-not-inner-product": lambda f, n, v: _flat(f, n, v, f.IndexFlatL2),
    "id-map-reversed": _id_map,
    "ids-not-the-units": _ids_elsewhere,
    "hnsw": _hnsw,
    "binary-index": _binary,
    "nan-vectors": lambda f, n, v: _flat(f, n, n.full_like(v, n.nan)),
    "zero-vectors": lambda f, n, v: _flat(f, n, n.zeros_like(v)),
    "huge-vectors": lambda f, n, v: _flat(f, n, n.full_like(v, 3e38)),
    "header-count-doubled": _count_lie,
    "one-vector-more": lambda f, n, v: _flat(f, n, n.vstack([v, v[:1]])),
}


def faiss19_cases(homes: Homes) -> Iterator[Case]:
    for name, make in FAISS_KINDS.items():
        for command, argv in INDEX_COMMANDS.items():
            if command == "enabler" and name != "binary-index":
                continue
            def body(home: Path, make=make, argv=argv) -> list[str]:
                _write_faiss(home, make)
                return _then(home, argv)
            yield in_home(homes, "faiss19", f"{name}:{command}", body)


# -- current19: the served generation's link and checksums --------------------------------------------

def _relink(home: Path, target: str | Path) -> None:
    current = home / "data" / "index" / "current"
    current.unlink()
    current.symlink_to(target)


def _unfinished(home: Path) -> None:
    generation = _generation(home)
    other = generation.with_name("gen-unfinished")
    shutil.copytree(generation, other)
    (other / "checksums.json").unlink()
    (other / "vectors.faiss").unlink()
    _relink(home, other.name)


def _name_in_file(home: Path) -> None:
    current = home / "data" / "index" / "current"
    name = _generation(home).name
    current.unlink()
    current.write_text(name + "\n")


def _manifest_bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        path = _generation(home) / "checksums.json"
        path.write_bytes(change(path.read_bytes()))
    return damage


def _duplicate_key(data: bytes) -> bytes:
    manifest = json.loads(data)
    return b'{"files": {"index.db": {"bytes": 1, "sha256": "0"}}, ' + json.dumps(manifest)[1:].encode()


CURRENT: dict[str, Callable[[Path], None]] = {
    "link-out-of-the-data-folder": lambda h: (shutil.copytree(_generation(h), h / "elsewhere"), _relink(h, h / "elsewhere")),
    "link-to-root": lambda h: _relink(h, "/"),
    "link-to-dot-dot": lambda h: _relink(h, ".."),
    "link-to-unfinished-generation": _unfinished,
    "a-file-naming-the-generation": _name_in_file,
    "checksums-duplicate-key-first-wrong": _manifest_bytes(_duplicate_key),
    "checksums-bom": _manifest_bytes(lambda d: b"\xef\xbb\xbf" + d),
    "checksums-trailing-garbage": _manifest_bytes(lambda d: d + b"\x00garbage"),
}


def current19_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in CURRENT.items():
        for command, argv in INDEX_COMMANDS.items():
            if command == "enabler" and name != "link-to-unfinished-generation":
                continue
            def body(home: Path, damage=damage, argv=argv) -> list[str]:
                damage(home)
                return _then(home, argv)
            yield in_home(homes, "current19", f"{name}:{command}", body)


# -- lockpid19: what the build lock file says ----------------------------------------------------------

def _dead_pid() -> str:
    process = subprocess.Popen(["true"])
    process.wait()
    return str(process.pid)


LOCK_TEXT: dict[str, Callable[[], bytes]] = {
    "pid-1": lambda: b"1\n", "a-dead-pid": lambda: _dead_pid().encode(), "pid-2**40": lambda: str(2**40).encode(),
    "pid-minus-1": lambda: b"-1", "words": lambda: b"held by the night shift",
    "2mb-of-digits": lambda: b"7" * 2_000_000, "invalid-utf8": lambda: b"\xff\xfe12",
}


def lockpid19_cases(homes: Homes) -> Iterator[Case]:
    for name, text in LOCK_TEXT.items():
        for argv in (["index", "--rebuild"], ["index"]):
            if argv == ["index"] and name != "pid-1" or argv == ["index", "--rebuild"] and name == "pid-2**40":
                continue
            def body(home: Path, text=text, argv=argv) -> list[str]:
                (home / "data" / "index" / ".build.lock").write_bytes(text())
                (home / "knowledge" / "new-note.md").write_text("# Boards\n\nBoards built trust by meeting monthly.\n")
                return _then(home, argv)
            yield in_home(homes, "lockpid19", f"{name}:{' '.join(argv)}", body)


# -- state19: peerbot.db's schema damaged -------------------------------------------------------------

STATE_COMMANDS = {
    "questions": [["ask", QUESTION], ["digest", "--preview", "--since", "2020-01-06"], ["forget", "--before", "2020-01-01"]],
    "lessons": [["lessons"], ["lessons", "approve", "1"]],
    "conversations": [["teams-conversations"], ["teams-conversations", "--digest-on", "19:x@thread.tacv2"]],
    "digests": [["digest", "--preview"]],
    "state_meta": [["ask", QUESTION], ["lessons"]],
    "threads": [["forget", "--before", "2020-01-01"]],
    "answer_watches": [["lessons", "approve", "1"]],
    "feedback": [["forget", "--channel", "C0LAN2Q65"]],
    "events_seen": [["forget", "--before", "2020-01-01"]],
    "inbox": [["forget", "--before", "2020-01-01"]],
}


def _state_damages(path: Path) -> dict[str, tuple[Callable[[Path], list[str]], list[list[str]]]]:
    damages: dict[str, tuple[Callable[[Path], list[str]], list[list[str]]]] = {}
    for table, commands in STATE_COMMANDS.items():
        columns = _columns(path, table)
        if not columns:
            continue
        last = columns[-1]
        damages[f"{table}.{last}-dropped"] = (lambda p, t=table, c=last: _drop_column(p, t, c),
                                              commands[:1])
        if table not in ("questions", "lessons"):
            continue
        damages[f"{table}-a-view"] = (lambda p, t=table: _as_view(t), commands[:1])
        damages[f"{table}-refusing-writes"] = (
            lambda p, t=table: [f"ALTER TABLE {t} ADD COLUMN surprise TEXT NOT NULL DEFAULT 'x'",
                                f"CREATE TRIGGER {t}_refuses BEFORE INSERT ON {t} BEGIN SELECT RAISE(ABORT, 'no'); END"],
            commands[:1])
    damages["migration-row-gone"] = (
        lambda p: ["DELETE FROM _migrations WHERE rowid = (SELECT max(rowid) FROM _migrations)"], [["migrate"]])
    damages["user-version-minus-1"] = (lambda p: ["PRAGMA user_version = -1"], [["lessons"]])
    damages["state-meta-emptied"] = (lambda p: ["DELETE FROM state_meta"], [["lessons"]])
    return damages


def _seed_state(home: Path) -> None:
    """A lesson pending (id 1) and a question logged, so each command has a row to touch."""
    db = home / "data" / "peerbot.db"
    columns = _columns(db, "lessons")
    row = {"status": "pending", "title": "A shared staff bank", "did": "We pooled bank staff.", "learned": "Agree rates.",
           "organisation": "Example Health Partnership", "enablers": "[]", "review": "{}", "platform": "slack",
           "submitted_at": "2026-11-20T10:00:00+00:00", "submitter": "h:0123456789abcdef0123456789abcdef"}
    row = {k: v for k, v in row.items() if k in columns}
    with sqlite3.connect(db) as conn:
        conn.execute(f"INSERT INTO lessons ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def state19_cases(homes: Homes) -> Iterator[Case]:
    db = homes.template / "data" / "peerbot.db"
    damages = _state_damages(db) if db.exists() else {"(built-at-run-time)": (lambda p: [], [["lessons"]])}
    for name, (statements, commands) in damages.items():
        for argv in commands:
            def body(home: Path, statements=statements, argv=argv) -> list[str]:
                path = home / "data" / "peerbot.db"
                _seed_state(home)
                _sql(path, *statements(path))
                return _then(home, argv)
            yield in_home(homes, "state19", f"{name}:{' '.join(argv[:2])}", body)


# -- wal19: SQLite's companions of its own database ---------------------------------------------------

def _own_wal(path: Path, cut: bool) -> None:
    """`path` in WAL mode with its own uncheckpointed `-wal` (cut mid-frame when `cut`) left beside it."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode=WAL'); db.execute('PRAGMA wal_autocheckpoint=0')\n"
        "db.execute('CREATE TABLE IF NOT EXISTS wal_note (x)')\n"
        "for i in range(200): db.execute('INSERT INTO wal_note VALUES (?)', ('x' * 500,))\n"
        "print('ready', flush=True); time.sleep(600)\n"), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        kept = {p: p.read_bytes() for p in (wal, shm) if p.exists()}
    finally:
        holder.kill()
        holder.wait()
    for p, data in kept.items():
        p.write_bytes(data[: len(data) // 2 + 7] if cut and p == wal else data)


def _stale_shm(path: Path) -> None:
    shm = path.with_name(path.name + "-shm")
    shm.write_bytes(random.Random(SEED).randbytes(32768))


WAL: dict[str, Callable[[Path], None]] = {
    "own-wal-cut-mid-frame": lambda p: _own_wal(p, cut=True),
    "own-wal-whole-no-holder": lambda p: _own_wal(p, cut=False),
    "zero-byte-wal": lambda p: p.with_name(p.name + "-wal").write_bytes(b""),
    "random-shm": _stale_shm,
}


def wal19_cases(homes: Homes) -> Iterator[Case]:
    for name, damage in WAL.items():
        for target, argv in (("peerbot.db", ["lessons"]), ("index.db", ["ask", "--json", QUESTION])):
            def body(home: Path, damage=damage, target=target, argv=argv) -> list[str]:
                path = home / "data" / target if target == "peerbot.db" else _generation(home) / target
                damage(path)
                return _then(home, argv)
            yield in_home(homes, "wal19", f"{target}:{name}:{argv[0]}", body)


# -- held19: files another process holds open or rewrites ---------------------------------------------

_REWRITER = ("import sys, time, os\n"
             "path, data = sys.argv[1], open(sys.argv[1], 'rb').read()\n"
             "print('go', flush=True)\n"
             "while os.path.isdir(os.path.dirname(path)):  # till a generation set aside takes its folder\n"
             "    try:\n"
             "        with open(path, 'wb') as f:\n"
             "            f.write(data[: len(data) // 3]); f.flush(); time.sleep(0.002); f.write(data[len(data) // 3:])\n"
             "    except FileNotFoundError:\n"
             "        break\n")
_READER = ("import sqlite3, sys, time\n"
           "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
           "db.execute('BEGIN'); db.execute('SELECT count(*) FROM sqlite_master').fetchone()\n"
           "print('go', flush=True); time.sleep(600)\n")
_APPENDER = ("import sys, time\n"
             "print('go', flush=True)\n"
             "while True:\n"
             "    with open(sys.argv[1], 'a') as f: f.write('Boards met monthly. ' * 50 + '\\n')\n"
             "    time.sleep(0.005)\n")


def _with(script: str, path: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    return process


HELD: dict[str, tuple[str, Callable[[Path], Path], list[str]]] = {
    "enablers-rewritten:index-rebuild": (_REWRITER, lambda h: h / "knowledge" / "enablers.yaml", ["index", "--rebuild"]),
    "enablers-rewritten:enabler": (_REWRITER, lambda h: h / "knowledge" / "enablers.yaml", ["enabler", "trust"]),
    "out-of-scope-rewritten:ask": (_REWRITER, lambda h: h / "knowledge" / "out_of_scope.yaml", ["ask", "--json", QUESTION]),
    "checksums-rewritten:ask": (_REWRITER, lambda h: _generation(h) / "checksums.json", ["ask", "--json", QUESTION]),
    "document-appended:index": (_APPENDER, lambda h: h / "knowledge" / "growing.md", ["index"]),
    "peerbot.db-read-txn:forget": (_READER, lambda h: h / "data" / "peerbot.db", ["forget", "--before", "2020-01-01"]),
    "peerbot.db-read-txn:approve": (_READER, lambda h: h / "data" / "peerbot.db", ["lessons", "approve", "1"]),
    "index.db-read-txn:index-rebuild": (_READER, lambda h: _generation(h) / "index.db", ["index", "--rebuild"]),
}


def held19_cases(homes: Homes) -> Iterator[Case]:
    for name, (script, where, argv) in HELD.items():
        def body(home: Path, script=script, where=where, argv=argv) -> list[str]:
            path = where(home)
            if path.name == "peerbot.db":
                _seed_state(home)
            if not path.exists():
                path.write_text("# Growing\n\nBoards built trust.\n")
            keep = path.read_bytes()
            process = _with(script, path)
            try:
                problems = judged(argv, _env(home))
            finally:
                process.kill()
                process.wait()
            if path.parent.is_dir():  # a generation found damaged mid-rewrite is set aside: nothing to put back
                path.write_bytes(keep)
            return _then(home, argv, first=problems)
        yield in_home(homes, "held19", name, body)


# -- docbytes19: documents of every type damaged in place ---------------------------------------------

def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Boards and trust", 1)
    document.add_paragraph("Boards built trust across the collaborative by meeting in common every month.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    from hostile_sweep17 import _page_pdf

    return _page_pdf()


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "txt": lambda: b"Boards and trust\n\nBoards built trust across the collaborative by meeting in common.\n" * 20,
    "html": lambda: (b"<html><head><title>Boards</title></head><body><h1>Boards</h1>"
                     + b"<p>Boards built trust across the collaborative by meeting in common.</p>" * 20 + b"</body></html>"),
    "pdf": _pdf,
    "docx": _docx,
}


def _flip(data: bytes, at: float) -> bytes:
    out = bytearray(data)
    out[int(len(out) * at)] ^= 0x5A
    return bytes(out)


BYTE_DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "cut-10pc": lambda d: d[: len(d) // 10], "cut-50pc": lambda d: d[: len(d) // 2], "cut-99pc": lambda d: d[: len(d) * 99 // 100],
    "zero-bytes": lambda d: b"", "random-same-length": lambda d: random.Random(SEED).randbytes(len(d)),
    "flipped-byte-middle": lambda d: _flip(d, 0.5), "flipped-byte-near-end": lambda d: _flip(d, 0.97),
    "nul-inserted": lambda d: d[: len(d) // 3] + b"\x00" + d[len(d) // 3:],
}


def docbytes19_cases(homes: Homes) -> Iterator[Case]:
    for kind, make in DOCUMENTS.items():
        for name, damage in BYTE_DAMAGES.items():
            if name in ("zero-bytes", "nul-inserted", "flipped-byte-near-end") or name == "cut-10pc" and kind != "pdf" \
                    or name == "cut-99pc" and kind != "docx":
                continue
            def body(home: Path, kind=kind, make=make, damage=damage) -> list[str]:
                (home / "knowledge" / f"board-note.{kind}").write_bytes(damage(make()))
                return _put_back(home, judged(["index"], _env(home)))
            yield in_home(homes, "docbytes19", f"{kind}:{name}", body)

    def linked(home: Path) -> list[str]:
        (home / "knowledge" / "board-note.pdf").symlink_to(home / "data")
        return _put_back(home, judged(["index"], _env(home)))
    yield in_home(homes, "docbytes19", "pdf:link-to-a-folder", linked)


def _put_back(home: Path, problems: list[str]) -> list[str]:
    """The damaged document and sidecar removed (`index` says in one line, exit 1, what it skipped
    while they are there), then `index` succeeds and `ask` answers."""
    for path in (home / "knowledge").glob("board-note.*"):
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return _then(home, [], first=problems)


# -- sidecar19: a document's `NAME.meta.yaml` ---------------------------------------------------------

SIDECAR = b"title: Boards and trust\npublisher: Example Health Partnership\nenablers: [trust]\n"


def _sidecar_text(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _deep(depth: int) -> bytes:
    return b"title: T\nenablers: " + b"[" * depth + b"trust" + b"]" * depth + b"\n"


SIDECARS: dict[str, Callable[[Path], None]] = {
    **{f"cut-at-{n}": _sidecar_text(SIDECAR[:n]) for n in (9, 40, len(SIDECAR) - 3)},
    "random-same-length": _sidecar_text(random.Random(SEED).randbytes(len(SIDECAR))),
    "flipped-byte": _sidecar_text(_flip(SIDECAR, 0.3)),
    "a-list": _sidecar_text(b"- title\n- publisher\n"),
    "a-string": _sidecar_text(b"just words\n"),
    "a-number-1e400": _sidecar_text(b"1e400\n"),
    "null": _sidecar_text(b"null\n"),
    "duplicate-keys": _sidecar_text(b"title: One\ntitle: Two\nenablers: [trust]\nenablers: [x]\n"),
    "title-nan-published-1e400": _sidecar_text(b"title: .nan\npublished: 1e400\n"),
    "enablers-500-deep": _sidecar_text(_deep(500)),
    "bom": _sidecar_text(b"\xef\xbb\xbf" + SIDECAR),
    "crlf": _sidecar_text(SIDECAR.replace(b"\n", b"\r\n")),
    "nuls": _sidecar_text(SIDECAR.replace(b" ", b"\x00")),
    "invalid-utf8": _sidecar_text(b"title: Boards \xc3\x28 \xff\n"),
    "id-traversal": _sidecar_text(b"id: ../../etc/passwd\ntitle: x\n"),
    "link-to-etc-passwd": lambda p: p.symlink_to("/etc/passwd"),
    "a-folder": lambda p: p.mkdir(),
}


def sidecar19_cases(homes: Homes) -> Iterator[Case]:
    for document in ("board-note.html", "board-note.md"):
        for name, damage in SIDECARS.items():
            if document.endswith(".md") and name != "a-list":
                continue
            def body(home: Path, document=document, damage=damage) -> list[str]:
                (home / "knowledge" / document).write_bytes(
                    DOCUMENTS["html"]() if document.endswith(".html") else b"# Boards\n\nBoards built trust monthly.\n")
                damage(home / "knowledge" / "board-note.meta.yaml")
                return _put_back(home, judged(["index"], _env(home)))
            yield in_home(homes, "sidecar19", f"{document}:{name}", body)

    def orphan(home: Path) -> list[str]:
        (home / "knowledge" / "nothing-here.meta.yaml").write_bytes(SIDECAR)
        return _then(home, ["index"])
    yield in_home(homes, "sidecar19", "without-its-document", orphan)

    def unreadable(home: Path) -> list[str]:
        (home / "knowledge" / "board-note.html").write_bytes(DOCUMENTS["html"]())
        side = home / "knowledge" / "board-note.meta.yaml"
        side.write_bytes(SIDECAR)
        side.chmod(0)
        env = _env(home)
        problems = _judged_as_user(["index"], env)
        return _put_back(home, problems)
    if shutil.which("setpriv"):
        yield in_home(homes, "sidecar19", "unreadable", unreadable)


def _judged_as_user(argv: list[str], env: dict) -> list[str]:
    """`peerbot argv` without root's bypass of file permissions."""
    env = {**env, "PYTHONPATH": str(hostile_sweep.CODE[0])}
    try:
        done = subprocess.run([*NO_BYPASS, sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                              capture_output=True, text=True, errors="replace", timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        return [f"`peerbot {' '.join(argv)}` still running after {hostile_sweep.LIMITS['hang']:.0f} s"]
    return judge_cli(argv, done.returncode, done.stdout, done.stderr)


# -- model19: PEERBOT_MODEL naming a path that is not a model ------------------------------------------

def _model_folder(make: Callable[[Path], None]) -> Callable[[Path], str]:
    def where(home: Path) -> str:
        folder = home / "model"
        make(folder)
        return str(folder)
    return where


MODELS: dict[str, Callable[[Path], str]] = {
    "empty-folder": _model_folder(lambda f: f.mkdir()),
    "a-file": lambda h: ((h / "model.bin").write_bytes(b"\x00" * 100), str(h / "model.bin"))[1],
    "config-a-list": _model_folder(lambda f: (f.mkdir(), (f / "config.json").write_text("[1, 2]"))),
    "garbage-onnx": _model_folder(lambda f: (f.mkdir(), (f / "config.json").write_text('{"model_type": "bert"}'),
                                             (f / "model.onnx").write_bytes(random.Random(SEED).randbytes(4096)))),
    "a-loop": lambda h: ((h / "model-loop").symlink_to(h / "model-loop"), str(h / "model-loop"))[1],
    "dev-null": lambda h: "/dev/null",
}


def model19_cases(homes: Homes) -> Iterator[Case]:
    for name, where in MODELS.items():
        for argv in (["ask", "--json", QUESTION], ["index", "--rebuild"])[: 2 if name == "garbage-onnx" else 1]:
            def body(home: Path, where=where, argv=argv) -> list[str]:
                env = _env(home, PEERBOT_MODEL=where(home))
                return _then(home, argv, first=judged(argv, env))
            yield in_home(homes, "model19", f"{name}:{argv[0]}", body)


# -- eval19: the file `eval` is given ----------------------------------------------------------------

LINE = {"q": QUESTION, "expected": ["key-enablers-provider-collaboratives"]}
EVAL_FILES: dict[str, Callable[[Path], Path]] = {
    "a-folder": lambda h: h / "data",
    "a-loop": lambda h: ((h / "q-loop").symlink_to(h / "q-loop"), h / "q-loop")[1],
    "a-dangling-link": lambda h: ((h / "q-gone").symlink_to(h / "nowhere"), h / "q-gone")[1],
    "pretty-printed-object": lambda h: _written(h, json.dumps(LINE, indent=2).encode()),
    "a-json-array": lambda h: _written(h, json.dumps([LINE, LINE]).encode()),
    "crlf": lambda h: _written(h, (json.dumps(LINE) + "\r\n").encode() * 3),
    "bom-and-crlf": lambda h: _written(h, b"\xef\xbb\xbf" + (json.dumps(LINE) + "\r\n").encode() * 3),
    "200000-blank-lines": lambda h: _written(h, b"\n" * 200_000 + json.dumps(LINE).encode() + b"\n"),
    "expected-1e400": lambda h: _written(h, b'{"q": "trust at board level", "expected": [1e400]}\n'),
    "q-nan": lambda h: _written(h, b'{"q": NaN}\n'),
    "dev-zero": lambda h: Path("/dev/zero"),
    "proc-self-environ": lambda h: Path("/proc/self/environ"),
    "gzip": lambda h: _written(h, __import__("gzip").compress(json.dumps(LINE).encode() + b"\n")),
}


def _written(home: Path, data: bytes) -> Path:
    path = home / "q19.jsonl"
    path.write_bytes(data)
    return path


def eval19_cases(homes: Homes) -> Iterator[Case]:
    for name, make in EVAL_FILES.items():
        for argv in (["eval"], ["eval", "--json"]):
            if argv == ["eval", "--json"] and name != "a-json-array":
                continue
            def body(home: Path, make=make, argv=argv) -> list[str]:
                return _then(home, [*argv, str(make(home))])
            yield in_home(homes, "eval19", f"{name}:{' '.join(argv)}", body)

    def unreadable(home: Path) -> list[str]:
        path = _written(home, json.dumps(LINE).encode() + b"\n")
        path.chmod(0)
        return _then(home, [], first=_judged_as_user(["eval", str(path)], _env(home)))
    if shutil.which("setpriv"):
        yield in_home(homes, "eval19", "unreadable", unreadable)


# -- manifest19: `teams-manifest` and where it writes --------------------------------------------------

MANIFEST_ARGS: dict[str, Callable[[Path], list]] = {
    "output-under-a-file": lambda h: ["--output", str(h / "q.jsonl" / "t.zip")],
    "output-dev-full": lambda h: ["--output", "/dev/full"],
    "output-dangling-link": lambda h: ((h / "t-link.zip").symlink_to(h / "gone" / "t.zip"), ["--output", str(h / "t-link.zip")])[1],
    "output-a-loop": lambda h: ((h / "t-loop.zip").symlink_to(h / "t-loop.zip"), ["--output", str(h / "t-loop.zip")])[1],
    "output-300-byte-name": lambda h: ["--output", str(h / ("t" * 300 + ".zip"))],
    "output-bad-utf8": lambda h: ["--output", os.fsencode(str(h)) + b"/t\xff\xfe.zip"],
    "output-stdout-fd": lambda h: ["--output", "/proc/self/fd/1"],
    "output-dash": lambda h: ["--output", "-"],
    "website-not-a-url": lambda h: ["--output", str(h / "t.zip"), "--website", "not a url"],
    "website-javascript": lambda h: ["--output", str(h / "t.zip"), "--website", "javascript:alert(1)"],
    "website-10kb": lambda h: ["--output", str(h / "t.zip"), "--website", "https://example.org/" + "a" * 10_000],
    "terms-empty": lambda h: ["--output", str(h / "t.zip"), "--terms-url", ""],
    "developer-10kb": lambda h: ["--output", str(h / "t.zip"), "--developer", "D" * 10_000],
    "developer-control-codes": lambda h: ["--output", str(h / "t.zip"), "--developer", "peer\x1b[31mbot\x07"],
}


def manifest19_cases(homes: Homes) -> Iterator[Case]:
    for name, args in MANIFEST_ARGS.items():
        def body(home: Path, args=args) -> list[str]:
            return _then(home, ["teams-manifest", *args(home)])
        yield in_home(homes, "manifest19", name, body)

    def read_only(home: Path) -> list[str]:
        folder = home / "out"
        folder.mkdir()
        folder.chmod(0o555)
        return _then(home, [], first=_judged_as_user(["teams-manifest", "--output", str(folder / "t.zip")], _env(home)))
    if shutil.which("setpriv"):
        yield in_home(homes, "manifest19", "output-read-only-folder", read_only)


FAMILIES = {"state19": state19_cases, "faiss19": faiss19_cases, "wal19": wal19_cases, "held19": held19_cases,
            "current19": current19_cases, "lockpid19": lockpid19_cases, "docbytes19": docbytes19_cases,
            "sidecar19": sidecar19_cases, "model19": model19_cases, "eval19": eval19_cases,
            "manifest19": manifest19_cases, "schema19": schema19_cases}


def main() -> int:
    def prepare(homes: Homes) -> None:
        subprocess.run([sys.executable, "-m", "bot.cli", "migrate"], cwd=hostile_sweep.CODE[0],
                       env=base_env(homes.template), capture_output=True, timeout=300)

    return hostile_sweep.sweep_main(__doc__.splitlines()[0], FAMILIES, "hostile19-", 2, lambda name, jobs: jobs, prepare)


if __name__ == "__main__":
    sys.exit(main())
