"""The settings described for people: each one's variable, default and help line, for `peerbot
--help` and the README (tests/test_docs.py checks it covers them)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.settings import PROJECT_ROOT, Settings


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for help text and the README check."""
    def shown(value) -> str:
        if isinstance(value, Path) and value.is_relative_to(PROJECT_ROOT):
            return str(value.relative_to(PROJECT_ROOT))
        return str(value)

    def explained(f: dataclasses.Field) -> str:
        bounds = f.metadata["bounds"]
        return f.metadata["help"] + (f" From {bounds[0]:g} to {bounds[1]:g}." if bounds else "")

    return [(f.metadata["env"], shown(f.default), explained(f)) for f in dataclasses.fields(Settings)]
