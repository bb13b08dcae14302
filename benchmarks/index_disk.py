"""Where a built index's bytes go: each file of the served generation, each table and index of
`index.db` (SQLite's dbstat: pages in use, so a database that has not been VACUUMed shows its free
pages as the difference), and the FAISS file's bytes a vector.

    .venv/bin/python benchmarks/index_disk.py DATA [--vacuumed-copy]

DATA is a `PEERBOT_DATA_DIR` (or an index generation folder). `--vacuumed-copy` also VACUUMs a
copy of `index.db` in a temporary folder (the served file is never written) and gives its size:
what the same contents take once SQLite's free pages are returned (a migrated copy keeps them).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from pathlib import Path

from index.vectors import VectorIndex


def generation(data: Path) -> Path:
    """The generation folder `data` names: itself, or the one `index/current` points at."""
    current = data / "index" / "current"
    return current.resolve() if current.exists() else data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--vacuumed-copy", action="store_true")
    args = parser.parse_args()
    folder = generation(args.data)
    files = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}
    print(f"{folder}\n\n| file | MB |\n|---|---|")
    for name, size in files.items():
        print(f"| {name} | {size / 1e6:.1f} |")
    print(f"| **total** | **{sum(files.values()) / 1e6:.1f}** |")
    index = VectorIndex.load(folder / "vectors.faiss")
    print(f"\nvectors.faiss: {index.size:,} vectors of {index.dimension} dimensions, "
          f"{files['vectors.faiss'] / max(1, index.size):.1f} bytes a vector ({index.kind}; "
          f"{index.rescore_only:,} of them for re-scoring only)")
    db = sqlite3.connect(f"file:{folder / 'index.db'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        pages, size = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    finally:
        db.close()
    print("\n| index.db table or index | MB |\n|---|---|")
    for name, used in rows:
        if used >= 100_000:
            print(f"| {name} | {used / 1e6:.1f} |")
    print(f"| (pages in use / in the file) | {sum(u for _, u in rows) / 1e6:.1f} / {pages * size / 1e6:.1f} |")
    if args.vacuumed_copy:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "index.db"
            shutil.copyfile(folder / "index.db", copy)
            db = sqlite3.connect(copy)
            db.execute("VACUUM")
            db.close()
            print(f"\nindex.db VACUUMed: {copy.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
