"""The enabler taxonomy (`knowledge/enablers.yaml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ENABLERS_FILE = "enablers.yaml"


class TaxonomyError(Exception):
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
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise TaxonomyError(f"{path}: malformed YAML: {getattr(e, 'problem', None) or e}") from None
    entries = data.get("enablers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TaxonomyError(f"{path}: expected a top-level `enablers:` list")
    enablers, seen = [], set()
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{path}: entry {i} must be a mapping with id, name and description")
        missing = [key for key in ("id", "name", "description") if not str(entry.get(key) or "").strip()]
        if missing:
            raise TaxonomyError(f"{path}: entry {i} ({entry.get('id') or entry.get('name') or '?'}) lacks {', '.join(missing)}")
        enabler_id = str(entry["id"]).strip()
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", enabler_id):
            raise TaxonomyError(f"{path}: entry {i} id {enabler_id!r} must be a lower-case slug like 'building-trust'")
        if enabler_id in seen:
            raise TaxonomyError(f"{path}: enabler id {enabler_id!r} appears twice")
        seen.add(enabler_id)
        synonyms = entry.get("synonyms") or []
        if not isinstance(synonyms, list):
            raise TaxonomyError(f"{path}: entry {enabler_id}: synonyms must be a list")
        enablers.append(Enabler(
            id=enabler_id,
            name=str(entry["name"]).strip(),
            description=str(entry["description"]).strip(),
            synonyms=tuple(str(s).strip() for s in synonyms if str(s).strip()),
        ))
    return enablers
