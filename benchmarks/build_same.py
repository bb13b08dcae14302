"""Whether two builds wrote the same index: every table's rows (the passages' text unpacked, when
the build ran left out; the stem counts and impact lists byte for byte), FTS5's whole inverted
index (each term, passage, column and offset, through `fts5vocab`), late interaction's token store
and the vectors file byte for byte. For comparing a build by one checkout with a build of the same
corpus by another (say the two `bench_build_rate.py --before` wrote). Token stores that differ are
compared again token by token: the same word pieces and kept rows, and how far apart their int8
codes and dequantised vectors are (a model run in other batches may round differently).

    .venv/bin/python benchmarks/build_same.py DATA_A/index DATA_B/index
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from build_contents import _TABLES  # noqa: E402

from index import generations  # noqa: E402
from index.store import IndexStore  # noqa: E402

_STAMPS = ("first_seen", "updated_at")  # when the build ran


def digests(index_dir: Path) -> dict[str, str]:
    """sha256 of each table's rows, of the passages (text unpacked) and of the vectors file."""
    folder = generations.current_generation(index_dir)
    if folder is None:
        raise SystemExit(f"no index served in {index_dir}")
    found: dict[str, str] = {}
    db = sqlite3.connect(f"file:{folder / generations.DB_FILE}?mode=ro", uri=True)
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts_instances USING fts5vocab(main, chunks_fts, 'instance')")
        columns = [r[1] for r in db.execute("PRAGMA table_info(documents)") if r[1] not in _STAMPS]
        queries = {**_TABLES, "documents": f"SELECT {', '.join(columns)} FROM documents ORDER BY id",
                   "stem_counts": "SELECT * FROM stem_counts ORDER BY stem",  # and the common stems' impact lists
                   "stem_impacts": "SELECT * FROM stem_impacts ORDER BY stem",
                   "passage_tokens": "SELECT * FROM passage_tokens ORDER BY chunk_id"}
        for name, sql in queries.items():
            digest = hashlib.sha256()
            for row in db.execute(sql):
                digest.update(repr(row).encode())
            found[name] = digest.hexdigest()
    finally:
        db.close()
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:
        found["chunks"] = hashlib.sha256(repr(sorted(
            (p.id, p.document_id, p.position, p.section, p.text, p.context) for p in store.passages())).encode()).hexdigest()
        found["units"] = hashlib.sha256(repr(store.unit_kinds()).encode()).hexdigest()
    finally:
        store.close()
    found["vectors.faiss"] = hashlib.sha256((folder / generations.VECTORS_FILE).read_bytes()).hexdigest()
    return found


def token_rows(index_dir: Path) -> list[tuple[int, bytes, bytes, bytes]]:
    folder = generations.current_generation(index_dir)
    assert folder is not None
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:
        return store.passage_tokens()
    finally:
        store.close()


def token_differences(first: Path, second: Path) -> str:
    """How two token stores differ: passages, pieces, kept rows, int8 codes, dequantised vectors."""
    a, b = token_rows(first), token_rows(second)
    if [r[0] for r in a] != [r[0] for r in b]:
        return f"other passages ({len(a)} and {len(b)} rows)"
    if any(x[1] != y[1] for x, y in zip(a, b)):
        return "other word pieces"
    if any(len(x[3]) != len(y[3]) for x, y in zip(a, b)):
        return "other kept rows"
    codes_a, codes_b = (np.concatenate([np.frombuffer(r[2], np.int8) for r in rows]).astype(np.int32) for rows in (a, b))
    scales_a, scales_b = (np.concatenate([np.frombuffer(r[3], np.float32) for r in rows]) for rows in (a, b))
    size = len(codes_a) // len(scales_a)
    vectors_a = codes_a.reshape(-1, size) * scales_a[:, None]
    vectors_b = codes_b.reshape(-1, size) * scales_b[:, None]
    return (f"the same passages, pieces and rows ({len(scales_a):,} tokens); int8 codes differ in "
            f"{int((codes_a != codes_b).sum()):,} of {len(codes_a):,} (by at most {int(np.abs(codes_a - codes_b).max())}), "
            f"scales by at most {float(np.abs(scales_a - scales_b).max()):.2g}, "
            f"dequantised vectors by at most {float(np.abs(vectors_a - vectors_b).max()):.2g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    a, b = digests(args.first), digests(args.second)
    for name in a:
        print(f"{name}: {'same' if a[name] == b[name] else 'DIFFERENT'}")
        if name == "passage_tokens" and a[name] != b[name]:
            print(f"  {token_differences(args.first, args.second)}")
    print("the same index" if a == b else "the indexes differ")
    sys.exit(0 if a == b else 1)


if __name__ == "__main__":
    main()
