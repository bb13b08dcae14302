"""The regular expressions people write into `out_of_scope.yaml` (a kind's `cues`, `lesson_questions`)
compiled, or refused with the reason: one Python cannot compile (a repeat count past its limit, groups
nested thousands deep, a megabyte long), or one that could backtrack for ever on a question that nearly matches (a
repeat of something that can itself match the same text in more than one way: `(\\w+\\s?)*`,
`(a|aa)+`), which would leave the asker, and the process, waiting with no end. Python's own engine has
no time limit, so such a pattern is refused when the file is read rather than met while answering."""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

MAX_CUE_CHARS = 5_000  # ten times the longest bundled cue: Python compiles a 1 MB pattern for minutes
LONG_REPEAT = 10  # a repeat allowed more than this many times is treated as unbounded
MAX_WORDS = 5_000  # literal spellings a repeated group may have for its ambiguity to be checked exactly
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def compile_cue(cue: str, flags: int = re.I) -> re.Pattern:
    """`cue` compiled; `ValueError` with the reason when it is not a regular expression or could
    backtrack for ever."""
    if len(cue) > MAX_CUE_CHARS:
        raise ValueError(f"longer than {MAX_CUE_CHARS:,} characters: a cue is a phrase's pattern")
    try:
        parsed = _parser.parse(cue, flags)
        compiled = re.compile(cue, flags)
    except (re.error, OverflowError, ValueError) as e:  # OverflowError: `a{4294967296}`
        raise ValueError(str(e)) from None
    except RecursionError:
        raise ValueError("its groups are nested too deeply") from None
    if _ambiguous_repeat(list(parsed), False):
        raise ValueError(f"a repeated part can match the same words in more than one way, so a question that nearly "
                         f"matches could take for ever; start each repetition with its own words, or repeat it at "
                         f"most {LONG_REPEAT} times")
    return compiled


def _ambiguous_repeat(items: list, repeated: bool) -> bool:
    """Whether a long repeat in `items` (or, when `repeated`, `items` itself, the inside of one) can
    split the same text into repetitions in more than one way."""
    for op, av in items:
        if op in _REPEATS:
            _, most, body = av
            long = most == sre.MAXREPEAT or most > LONG_REPEAT
            if long and not repeated:
                words = _words(list(body))
                if words is None and _varies(list(body)) or words is not None and not _uniquely_split(words):
                    return True
            elif long:  # a long repeat inside a long repeat
                return True
            if _ambiguous_repeat(list(body), repeated or long):
                return True
        elif op is sre.BRANCH and any(_ambiguous_repeat(list(branch), repeated) for branch in av[1]):
            return True
        elif op is sre.SUBPATTERN and _ambiguous_repeat(list(av[3]), repeated):
            return True
        elif op is sre.ATOMIC_GROUP and _ambiguous_repeat(list(av), False):
            return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and _ambiguous_repeat(list(av[1]), repeated):
            return True
    return False


def _varies(items: list) -> bool:
    """Whether `items` can match texts of different makes: alternatives or a repeat inside."""
    for op, av in items:
        if op in _REPEATS or op is sre.BRANCH:
            return True
        if op is sre.SUBPATTERN and _varies(list(av[3])):
            return True
    return False


def _words(items: list) -> set[str] | None:
    """Every text `items` can match when they are literal words and alternatives of them (lower
    case); None for anything else, or too many."""
    found = {""}
    for op, av in items:
        if op is sre.LITERAL:
            choices = {chr(av).lower()}
        elif op is sre.BRANCH:
            choices = set()
            for branch in av[1]:
                more = _words(list(branch))
                if more is None:
                    return None
                choices |= more
        elif op is sre.SUBPATTERN:
            inner = _words(list(av[3]))
            if inner is None:
                return None
            choices = inner
        else:
            return None
        found = {a + b for a in found for b in choices}
        if len(found) > MAX_WORDS:
            return None
    return found


def _uniquely_split(words: set[str]) -> bool:
    """Whether every text made of `words` splits into them one way only (the Sardinas-Patterson test)."""
    if "" in words:
        return False
    dangling = {b[len(a):] for a in words for b in words if a != b and b.startswith(a)}
    seen: set[str] = set()
    while dangling:
        if "" in dangling or dangling & words:
            return False
        seen |= dangling
        dangling = ({w[len(d):] for d in dangling for w in words if w.startswith(d)}
                    | {d[len(w):] for d in dangling for w in words if d.startswith(w)}) - seen
    return True
