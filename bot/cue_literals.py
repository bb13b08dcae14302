"""A cheap screen before a cue's regular expression: the literal text every match of the cue must hold, one of a
few alternatives (`\\bphone\\s+numbers?\\b` needs "phone"; `(my|our) (son|daughter)` needs "son" or "daughter"),
read from the compiled pattern itself, so a question holding none of them is passed over without running the
pattern, and the screen can never pass over a question the pattern would match. Only ASCII text is screened: the
pattern's case-insensitive matching of other scripts (the long s for "s", the Kelvin sign for "k") is left to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def required_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case literals one of which every match of `pattern` holds (case aside); None when it needs none."""
    try:
        return _needed(list(_parser.parse(pattern.pattern, pattern.flags)))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _needed(items: list) -> tuple[str, ...] | None:
    """The most selective requirement of a sequence: its longest literal run, or what a group, an alternation
    (one requirement from each alternative) or a repeat done at least once needs."""
    found: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            found.append((run,))
            run = ""
        inner: tuple[str, ...] | None = None
        if op is sre.SUBPATTERN:
            inner = _needed(list(av[3]))
        elif op in _REPEATS and av[0] >= 1:
            inner = _needed(list(av[2]))
        elif op is sre.BRANCH:
            branches = [_needed(list(branch)) for branch in av[1]]
            if all(b is not None for b in branches):
                inner = tuple(dict.fromkeys(literal for b in branches for literal in b or ()))
        if inner:
            found.append(inner)
    if run:
        found.append((run,))
    return max(found, key=lambda need: (min(map(len, need)), -len(need)), default=None)


class Screened:
    """One regular expression, run only on text holding one of its `required_literals` (redaction's finders: most
    questions hold no word that marks a patient, a relative or a bed)."""

    __slots__ = ("pattern", "needs")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.needs = required_literals(pattern)

    def possible(self, text: str) -> bool:
        """False only when the pattern cannot match in `text`: ASCII text holding none of its literals."""
        if self.needs is None or not text.isascii():
            return True
        lower = text.lower()
        return any(map(lower.__contains__, self.needs))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.possible(text) else iter(())


class ScreenedCues:
    """Regular expressions, each searched only in text holding one of its `required_literals`."""

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        self.screened = tuple((pattern, required_literals(pattern)) for pattern in patterns)

    def search(self, *wordings: str) -> bool:
        """Whether any of the patterns matches any of `wordings` (as `any(p.search(w) ...)` would say)."""
        for wording in wordings:
            lower = wording.lower() if wording.isascii() else None
            for pattern, needs in self.screened:
                if (needs is None or lower is None or any(map(lower.__contains__, needs))) and pattern.search(wording):
                    return True
        return False
