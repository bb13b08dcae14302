"""A database file's path as a read-only SQLite URI, quoted, so a folder named with `#`, `?`, `%`,
spaces or bytes that are not UTF-8 opens that file and no other."""

from __future__ import annotations

import os
from pathlib import Path


def read_only_uri(path: Path | str) -> str:
    """`file:///...?mode=ro` for `path` (made absolute, links left as they are)."""
    return f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"
