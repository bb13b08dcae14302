"""An optional `NAME.meta.yaml` beside a file: front-matter fields that override the file's own."""

from __future__ import annotations

from pathlib import Path

from index.readers.result import ReadError
from index.yaml_file import YamlProblem, read_yaml


def sidecar_path(path: Path) -> Path:
    """`report.pdf` -> `report.meta.yaml` in the same folder."""
    return path.with_name(f"{path.stem}.meta.yaml")


def read_sidecar(path: Path) -> dict:
    """The sidecar's fields for `path` ({} when there is none)."""
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    try:
        meta = read_yaml(side, what=f"sidecar {side.name}") or {}
    except YamlProblem as e:
        raise ReadError(path, str(e)) from None
    if not isinstance(meta, dict):
        raise ReadError(path, f"sidecar {side.name} must be a mapping of `key: value` lines")
    return {str(k): v for k, v in meta.items()}
