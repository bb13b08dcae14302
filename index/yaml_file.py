"""Reading the YAML files people edit by hand (enablers, contacts, out-of-scope requests, front
matter): every way a file can be unreadable or malformed becomes one `YamlProblem` with a
message fit to print after the file's name, never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml

from index.text import clean

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: same results, far faster


class YamlProblem(Exception):
    """What is wrong with a YAML file or text; the caller names the file."""


def read_yaml(path: Path) -> object:
    """The parsed contents of `path` (None when it is empty)."""
    if path.is_dir():
        raise YamlProblem("is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise YamlProblem(f"cannot read ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise YamlProblem(f"not UTF-8 text (bad byte at offset {e.start})") from None
    return parse_yaml(text)


def parse_yaml(text: str, first_line: int = 1, what: str = "YAML") -> object:
    """YAML text parsed safely; `first_line` numbers the text's first line and `what` names it in messages."""
    try:
        return _clean(yaml.load(text, Loader=_LOADER))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + first_line})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise YamlProblem(f"malformed {what}{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError) as e:  # e.g. a date like 2024-02-30
        raise YamlProblem(f"malformed {what}: {e}") from None
    except RecursionError:
        raise YamlProblem(f"malformed {what}: nested too deeply") from None


def _clean(value: object) -> object:
    """Strings (keys included) with lone surrogates removed: YAML's "\\ud800" escape makes them."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value
