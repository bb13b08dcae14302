"""A setting declared as a dataclass field, and its value read from the environment's text: one
line naming the variable when it is malformed or out of bounds."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import field
from pathlib import Path

from index import PeerbotError


class SettingsError(PeerbotError, ValueError):
    """A setting is missing or malformed; the message names the variable."""


def setting(env: str, default, help: str, *, secret: bool = False, bounds: tuple[float, float] | None = None,
            choices: tuple[str, ...] | None = None, min_length: int = 0):
    """A settings field read from environment variable `env`; a secret never appears in repr(); a
    number outside `bounds` (lowest, highest), a value not in `choices`, or a text set but shorter than
    `min_length` characters, is refused when the settings are made."""
    return field(default=default, repr=not secret,
                 metadata={"env": env, "help": help, "bounds": bounds, "choices": choices, "min_length": min_length})


QUOTED_MOST = 80  # characters of a refused value that its error line quotes


def quoted(value: str) -> str:
    """`value` as an error line quotes it (its repr), cut after its first characters when longer: a variable
    may hold 128 KB, which would make the one line a page (and a page in every log it reaches)."""
    return repr(value) if len(value) <= QUOTED_MOST else f"{value[:QUOTED_MOST]!r}… ({len(value):,} characters)"


def shortened(text: str) -> str:
    """`text` as typed, cut after its first characters when longer (as `quoted`, without the quotes)."""
    return text if len(text) <= QUOTED_MOST else f"{text[:QUOTED_MOST]}… ({len(text):,} characters)"


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _check_bounds(f: dataclasses.Field, value, shown: str):
    """`value` when it is within the field's bounds; else one line quoting `shown` (what was typed,
    from the environment: a float would echo 1e308 as 1e+308)."""
    low, high = f.metadata["bounds"] or (None, None)
    if low is not None and not low <= value <= high:
        kind = "a whole number" if isinstance(value, int) else "a number"
        raise SettingsError(f"{f.metadata['env']} must be {kind} from {low} to {high}, got {shortened(shown)}")
    return value


def convert(f: dataclasses.Field, raw: str):
    """Field `f`'s value from its variable's text `raw` (not blank); SettingsError when it is malformed."""
    kind = f.type if isinstance(f.type, type) else {
        "Path": Path, "int": int, "float": float, "str": str, "bool": bool}.get(str(f.type), str)
    if kind is not Path and not _utf8(raw):  # bytes the environment held that are not text (a path may be)
        raise SettingsError(f"{f.metadata['env']} holds bytes that are not UTF-8 text")
    if kind is bool:
        if raw.lower() not in _BOOLEANS:
            raise SettingsError(f"{f.metadata['env']} must be 1 or 0 (true or false), got {quoted(raw)}")
        return _BOOLEANS[raw.lower()]
    if kind is int:
        try:
            number = int(raw)
        except ValueError:
            raise SettingsError(f"{f.metadata['env']} must be a whole number, got {quoted(raw)}") from None
        return _check_bounds(f, number, raw)
    if kind is float:
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not math.isfinite(value):
            raise SettingsError(f"{f.metadata['env']} must be a number, got {quoted(raw)}")
        return _check_bounds(f, value, raw)
    if kind is Path:
        try:
            path = Path(raw).expanduser()
            path.exists()  # a name the system refuses (too long) is refused here, as a setting
        except (OSError, RuntimeError) as e:  # RuntimeError: `~user` for no such user
            raise SettingsError(f"{f.metadata['env']} is not a usable path ({getattr(e, 'strerror', None) or e})") from None
        return path
    return raw


def _utf8(raw: str) -> bool:
    try:
        raw.encode()
    except UnicodeEncodeError:  # Python keeps such bytes as lone surrogates
        return False
    return True


def check(f: dataclasses.Field, value) -> None:
    """Refuse a field's value, as made, when it is outside the field's bounds or choices."""
    _check_bounds(f, value, str(value))
    if f.metadata["choices"] and value not in f.metadata["choices"]:
        raise SettingsError(f"{f.metadata['env']} must be one of {', '.join(f.metadata['choices'])}, got {quoted(str(value))}")
    if f.metadata["min_length"] and value and len(value) < f.metadata["min_length"]:  # the value is not shown: such a field is a secret
        raise SettingsError(f"{f.metadata['env']} must be at least {f.metadata['min_length']} characters long, "
                            f"got {len(value)} (make one with: python3 -c 'import secrets; print(secrets.token_hex(32))')")
