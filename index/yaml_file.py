"""Reading the YAML files people edit by hand (enablers, contacts, out-of-scope requests, front
matter): every way a file can be unreadable or malformed becomes one `YamlProblem` with a
message fit to print after the file's name, never a traceback."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from index.text import clean

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: same results, far faster
MAX_VALUES = 1_000_000  # values a file may hold once its aliases (`*name`) are expanded: more is an alias bomb


class YamlProblem(Exception):
    """What is wrong with a YAML file or text; the caller names the file."""


def read_yaml(path: Path, what: str = "YAML") -> object:
    """The parsed contents of `path` (None when it is empty); `what` names it in messages."""
    named = "" if what == "YAML" else f"{what}: "
    if path.is_dir():
        raise YamlProblem(f"{named}is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise YamlProblem(f"{named}cannot read ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise YamlProblem(f"{named}not UTF-8 text (bad byte at offset {e.start})") from None
    return parse_yaml(text, what=what)


def parse_yaml(text: str, first_line: int = 1, what: str = "YAML") -> object:
    """YAML text parsed safely; `first_line` numbers the text's first line and `what` names it in messages."""
    plain = _plain_block(text)
    if plain is not None:
        return plain
    try:
        data = yaml.load(text, Loader=_LOADER)
        if _expanded_size(data, {}) > MAX_VALUES:
            raise YamlProblem(f"malformed {what}: its aliases expand to more than {MAX_VALUES:,} values")
        return _clean(data)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + first_line})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise YamlProblem(f"malformed {what}{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError) as e:  # e.g. a date like 2024-02-30
        raise YamlProblem(f"malformed {what}: {e}") from None
    except RecursionError:
        raise YamlProblem(f"malformed {what}: nested too deeply") from None


def _expanded_size(value: object, sizes: dict[int, int]) -> int:
    """How many values `value` holds with every alias expanded, counting each shared node once
    (an alias is the same Python object), so a bomb is measured without being expanded."""
    if not isinstance(value, (list, dict)):
        return 1
    if id(value) not in sizes:
        sizes[id(value)] = 0  # a node that holds itself (`&a [*a]`) counts once
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        sizes[id(value)] = min(1 + sum(_expanded_size(v, sizes) for v in items), MAX_VALUES + 1)
    return sizes[id(value)]


def _clean(value: object) -> object:
    """Strings (keys included) with lone surrogates removed: YAML's "\\ud800" escape makes them."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


# Front matter's usual shape, read without building PyYAML's nodes and objects in Python: `key: value`
# lines, and under a key with no value a list of `- value` items or of `- key: value` mappings (each
# further key on its own line, level with the first); every line printable ASCII, a value one line
# that YAML reads as text (`_scalar`). Anything else (comments, flow style, other quoting, numbers,
# dates, continued lines, nesting, tabs, non-ASCII text, errors) is left to PyYAML.
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*?))? *")
_ITEM = re.compile(r"( *)- (.+)")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_PLAIN = re.compile(r"[A-Za-z](?:[^#:]|:(?=[^ ]))*")  # no comment, no `: `, not ending in ":"


def _plain_block(text: str) -> dict | None:
    """`text` parsed, when it has front matter's usual shape (above): what PyYAML gives it; else None."""
    if not text.isascii() or "\t" in text or _LOADER.yaml_path_resolvers:
        return None
    found: dict = {}
    key = ""  # the last key
    items: list | None = None  # its items, when it had no value
    item: dict | None = None  # the last item, when a mapping
    indent = -1  # the items' dashes' indent
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not line.isprintable():
            return None
        dash = _ITEM.fullmatch(line)
        if dash and items is not None and indent in (-1, len(dash.group(1))):
            indent = len(dash.group(1))
            pair = _KEY_VALUE.fullmatch(dash.group(2))
            item = {} if pair else None
            value = _scalar(dash.group(2)) if item is None else item
            if value is None or (item is not None and not _put(item, pair)):
                return None
            items.append(value)
            found[key] = items
        elif item is not None and line.startswith(" " * (indent + 2)) and line[indent + 2] != " ":
            pair = _KEY_VALUE.fullmatch(line, indent + 2)
            if not pair or not _put(item, pair):
                return None
        else:
            pair = _KEY_VALUE.fullmatch(line)
            if not pair or not _put(found, pair):
                return None
            key = pair.group(1)
            items, item, indent = [] if pair.group(2) is None else None, None, -1
    return found or None


def _put(mapping: dict, pair: re.Match | None) -> bool:
    """A `key: value` line's pair into `mapping` (no value: None); False unless both read as text."""
    if pair is None:
        return False
    key = _scalar(pair.group(1))
    value = None if pair.group(2) is None else _scalar(pair.group(2))
    if key is None or (pair.group(2) is not None and value is None):
        return False
    mapping[key] = value
    return True


@lru_cache(maxsize=1 << 14)  # front matter repeats its keys, and a corpus its roles and organisations
def _scalar(text: str) -> str | None:
    """A one-line value as YAML reads it, when that is text: single-quoted, or plain and not a
    number, date, boolean or null by PyYAML's own rules (its loader's implicit resolvers); else None."""
    text = text.rstrip(" ")  # after a plain value, or after a quoted one's closing quote
    quoted = _QUOTED.fullmatch(text)
    if quoted:
        return quoted.group(1).replace("''", "'")
    if not _PLAIN.fullmatch(text):
        return None
    resolvers = _LOADER.yaml_implicit_resolvers
    resolved = any(pattern.match(text) for _, pattern in [*resolvers.get(text[0], []), *resolvers.get(None, [])])
    return None if resolved else text
