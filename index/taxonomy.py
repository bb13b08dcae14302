"""The enabler taxonomy (`knowledge/enablers.yaml`)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexFailure
from index.regular_files import read_regular
from index.yaml_file import YamlProblem, read_yaml

ENABLERS_FILE = "enablers.yaml"


class TaxonomyError(IndexFailure):
    """`enablers.yaml` is missing or malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Enabler:
    id: str
    name: str
    description: str
    synonyms: tuple[str, ...] = ()

    @property
    def profile(self) -> str:
        """The text embedded to find passages that speak to this enabler."""
        return f"{self.name}. {self.description} ({', '.join(self.synonyms)})"


def load_enablers(knowledge_dir: Path) -> list[Enabler]:
    path = knowledge_dir / ENABLERS_FILE
    if not os.path.lexists(path):
        return []
    try:
        data = read_yaml(path, within=knowledge_dir) or {}
    except YamlProblem as e:
        raise TaxonomyError(f"{path}: {e}") from None
    entries = data.get("enablers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TaxonomyError(f"{path}: expected a top-level `enablers:` list")
    enablers, seen = [], set()
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{path}: entry {i} must be a mapping with id, name and description")
        label = entry.get("id") if isinstance(entry.get("id"), str) else "?"
        for key in ("id", "name", "description"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                raise TaxonomyError(f"{path}: entry {i} ({label}): `{key}` must be text, got {type(entry[key]).__name__}")
        missing = [key for key in ("id", "name", "description") if not (entry.get(key) or "").strip()]
        if missing:
            raise TaxonomyError(f"{path}: entry {i} ({label}) lacks {', '.join(missing)}")
        enabler_id = str(entry["id"]).strip()
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", enabler_id):
            raise TaxonomyError(f"{path}: entry {i} id {enabler_id!r} must be a lower-case slug like 'building-trust'")
        if enabler_id in seen:
            raise TaxonomyError(f"{path}: enabler id {enabler_id!r} appears twice")
        seen.add(enabler_id)
        synonyms = entry.get("synonyms") or []
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            raise TaxonomyError(f"{path}: entry {enabler_id}: synonyms must be a list of text items")
        enablers.append(Enabler(
            id=enabler_id,
            name=str(entry["name"]).strip(),
            description=str(entry["description"]).strip(),
            synonyms=tuple(str(s).strip() for s in synonyms if str(s).strip()),
        ))
    return enablers


def taxonomy_hash(knowledge_dir: Path, enablers: list[Enabler]) -> str:
    """What an index records of the taxonomy it linked passages to: the hash of `enablers.yaml`'s
    bytes, "" when it lists no enabler (`enablers`: as `load_enablers` read it)."""
    return hashlib.sha256(read_regular(knowledge_dir / ENABLERS_FILE)).hexdigest() if enablers else ""
