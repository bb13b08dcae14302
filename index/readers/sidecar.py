"""An optional `NAME.meta.yaml` beside a file: front-matter fields that override the file's own."""

from __future__ import annotations

from pathlib import Path

import yaml

from index.readers.result import ReadError


def sidecar_path(path: Path) -> Path:
    """`report.pdf` -> `report.meta.yaml` in the same folder."""
    return path.with_name(f"{path.stem}.meta.yaml")


def read_sidecar(path: Path) -> dict:
    """The sidecar's fields for `path` ({} when there is none)."""
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        meta = yaml.safe_load(side.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ReadError(path, f"malformed sidecar {side.name}{where}: {getattr(e, 'problem', None) or e}") from None
    if not isinstance(meta, dict):
        raise ReadError(path, f"sidecar {side.name} must be a mapping of `key: value` lines")
    return {str(k): v for k, v in meta.items()}
