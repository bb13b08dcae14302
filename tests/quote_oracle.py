"""The hand-labelled quotations of the bundled corpus (tests/data/corpus_quotes.yaml), and the
check every shown quotation must pass: its words lie inside a quotation of the person credited."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parent / "data" / "corpus_quotes.yaml"
_TITLES = {"dr", "sir", "dame", "professor", "prof", "mr", "mrs", "ms"}
_POST_NOMINALS = {"obe", "mbe", "cbe", "dbe", "kbe", "frcp", "frcs", "frcn", "phd", "md"}


@cache
def gold(path: Path = GOLD) -> tuple[dict, ...]:
    """The labelled quotations in `path` (the bundled corpus's by default)."""
    return tuple(yaml.safe_load(path.read_text()))


def who(name: str) -> str:
    """A person's name without honorifics or post-nominals, lower-case: "Dr Nick Jackson" -> "nick
    jackson", "Dame Ruth Okoye DBE" -> "ruth okoye"."""
    words = re.findall(r"[a-z’'-]+", name.lower())
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    while len(words) > 2 and words[-1] in _POST_NOMINALS:
        words = words[:-1]
    return " ".join(words)


def normal(text: str) -> str:
    """Words only: spacing, case, quotation marks and edge punctuation do not matter."""
    return " ".join(re.findall(r"\w+(?:[’']\w+)*", text.lower()))


def said_by(words: str, name: str) -> bool:
    """Whether `words` are inside one of `name`'s own quotations in the corpus."""
    wanted = normal(words)
    return bool(wanted) and any(who(q["speaker"]) == who(name) and wanted in normal(q["words"]) for q in gold())


def quoted_by_anyone(words: str) -> list[str]:
    """The speakers whose quotations contain `words`."""
    wanted = normal(words)
    return [q["speaker"] for q in gold() if wanted and wanted in normal(q["words"])]
