"""Reading the YAML files people edit by hand (enablers, contacts, out-of-scope requests, front
matter): every way a file can be unreadable or malformed becomes one `YamlProblem` with a
message fit to print after the file's name, never a traceback."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from index.encodings import decoded_text, undecodable
from index.regular_files import link_outside, read_regular
from index.text import readable

try:  # libyaml's parser when PyYAML has it: same results, far faster
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover (PyYAML built without libyaml)
    from yaml import SafeLoader as _Base  # type: ignore[assignment]
_MERGE = "tag:yaml.org,2002:merge"
MAX_VALUES = 1_000_000  # values a file may hold once its aliases (`*name`) are expanded: more is an alias bomb


OUTSIDE = "a link to outside the corpus folder, so it was not read"


class YamlProblem(Exception):
    """What is wrong with a YAML file or text; the caller names the file."""


class _Loader(_Base):
    """The safe loader, refusing a mapping that gives a key twice: YAML keeps only the last of the
    two values, so a hand-edited file would lose the first without a word (a contact's
    `contactable: false` undone by a later `true`, one of two areas named alike dropped)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:  # `<<: *defaults` merges keys a mapping may then override
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    repeated = key in seen
                    seen.add(key)
                except TypeError:  # a list or mapping as a key: construct_mapping says so below
                    continue
                if repeated:
                    shown = " ".join(str(key).split())
                    shown = shown if len(shown) <= 80 else f"{shown[:80]}…"
                    raise yaml.constructor.ConstructorError(
                        None, None, f"`{shown}` is given twice in one mapping (only one of the two would be read)",
                        key_node.start_mark)
        return super().construct_mapping(node, deep)



def read_yaml(path: Path, what: str = "YAML", within: Path | None = None) -> object:
    """The parsed contents of `path` (None when it is empty); `what` names it in messages. With
    `within` (the corpus folder), a link out of that folder is a problem, never read."""
    named = "" if what == "YAML" else f"{what}: "
    if within is not None and link_outside(path, within):
        raise YamlProblem(f"{named}{OUTSIDE}")
    if path.is_dir():
        raise YamlProblem(f"{named}is a folder, not a file")
    try:
        data = read_regular(path)
    except OSError as e:
        raise YamlProblem(f"{named}cannot read ({e.strerror or e})") from None
    try:
        text = decoded_text(data)
    except UnicodeDecodeError as e:
        raise YamlProblem(f"{named}{undecodable(e)}") from None
    return parse_yaml(text, what=what)


def parse_yaml(text: str, first_line: int = 1, what: str = "YAML") -> object:
    """YAML text parsed safely; `first_line` numbers the text's first line and `what` names it in messages."""
    try:
        data = yaml.load(text, Loader=_Loader)
        if _expanded_size(data, {}) > MAX_VALUES:
            raise YamlProblem(f"malformed {what}: its aliases expand to more than {MAX_VALUES:,} values")
        return _clean(data)
    except yaml.YAMLError as e:
        mark = _culprit(e)
        where = f" (line {mark.line + first_line})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        if (getattr(e, "context", None) or "").startswith("while scanning a quoted scalar"):
            problem = "a quoted value is never closed (its closing quotation mark is missing)"
        raise YamlProblem(f"malformed {what}{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError) as e:  # e.g. a date like 2024-02-30
        raise YamlProblem(f"malformed {what}: {e}") from None
    except RecursionError:
        raise YamlProblem(f"malformed {what}: nested too deeply") from None


_UNCLOSED = ("while parsing a flow", "while scanning a quoted scalar", "while scanning a simple key")


def _culprit(error: yaml.YAMLError):
    """Where the mistake is: the opening of what was left unclosed (a `[`, `{`, quotation mark or
    key) rather than where the parser gave up, which may be the next key or past the last line;
    inside a block (an indented list or mapping) the parser's own mark is the line at fault."""
    context = getattr(error, "context", None) or ""
    opened = getattr(error, "context_mark", None)
    if opened is not None and context.startswith(_UNCLOSED):
        return opened
    return getattr(error, "problem_mark", None)


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
    """Strings (keys included) `readable`: YAML's escapes make lone surrogates (`"\\ud800"`), terminal escape
    codes (`"\\e]0;…\\a"`), C1 controls (`"\\x9b"`) and bidi overrides (`"\\u202e"`) the raw text never held."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value
