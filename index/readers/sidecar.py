"""An optional `NAME.meta.yaml` beside a file: front-matter fields that override the file's own."""

from __future__ import annotations

import errno
from pathlib import Path

from index.readers.result import ReadError
from index.yaml_file import YamlProblem, read_yaml


def sidecar_path(path: Path) -> Path:
    """`report.pdf` -> `report.meta.yaml` in the same folder."""
    return path.with_name(f"{path.stem}.meta.yaml")


def has_sidecar(path: Path) -> bool:
    """Whether `path` has a sidecar; never one when its name would be too long to exist (a file named
    with 250 bytes: its sidecar's name is past the file system's 255)."""
    try:
        return sidecar_path(path).is_file()
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            return False
        raise


def read_sidecar(path: Path) -> dict:
    """The sidecar's fields for `path` ({} when there is none)."""
    side = sidecar_path(path)
    if not has_sidecar(path):
        return {}
    try:
        meta = read_yaml(side, what=f"sidecar {side.name}") or {}
    except YamlProblem as e:
        raise ReadError(path, str(e)) from None
    if not isinstance(meta, dict):
        raise ReadError(path, f"sidecar {side.name} must be a mapping of `key: value` lines")
    return {str(k): v for k, v in meta.items()}
