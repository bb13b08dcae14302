"""The regular expressions people write into `out_of_scope.yaml` (a kind's `cues`, `lesson_questions`)
compiled, or refused with the reason: one Python cannot compile (a repeat count past its limit, groups
nested thousands deep, a megabyte long), or one that could backtrack for ever on a question that nearly matches (a
repeat of something that can itself match the same text in more than one way: `(\\w+\\s?)*`,
`(a|aa)+`; or long repeats in a row that can take the same characters, `.*.*.*x`, `\\w+\\s*\\w+`: each
can give the next any share of the text), which would leave the asker, and the process, waiting with no end. Python's own engine has
no time limit, so such a pattern is refused when the file is read rather than met while answering."""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

MAX_CUE_CHARS = 5_000  # ten times the longest bundled cue: Python compiles a 1 MB pattern for minutes
LONG_REPEAT = 10  # a repeat allowed more than this many times is treated as unbounded
MAX_WORDS = 5_000  # literal spellings a repeated group may have for its ambiguity to be checked exactly
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
QUESTION_CHARS = 1_000  # the longest question peerbot reads (bot.asked_text.MAX_QUESTION_CHARS): how far an unbounded repeat reaches
MAX_SPLITS = 10_000  # ways two long repeats in a chain may split a question (`[^.?!]{0,80}` then `{0,60}`: 4,800)
_Open = tuple[frozenset[str], int]  # what an open repeat can take, and how many characters at most


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
    if _repeats_in_a_row(list(parsed)):
        raise ValueError("two repeated parts in a row can take the same characters (as `.*.*` or `\\w+\\s*\\w+`), so a "
                         "question that nearly matches could take for ever; put words between them, or keep one")
    if _chained(_trimmed(list(parsed)), None)[0]:
        raise ValueError("two long repeats with nothing between them that the first cannot take (as `a.*b.*c`) can "
                         f"split a question that nearly matches more than {MAX_SPLITS:,} ways at each start (a second "
                         "at 1,000 characters); bound both (`[^.?!]{0,60}` for `.*`), or keep one")
    return compiled


# Characters a repeat's characters are compared on: ASCII and a few letters, digits and spaces beyond it
_SAMPLE = [chr(c) for c in range(128)] + list("éßøłçğıœ\u00a0\u2003٣")
_CATEGORIES = {sre.CATEGORY_DIGIT: str.isdigit, sre.CATEGORY_SPACE: str.isspace,
               sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_"}
_NOT = {sre.CATEGORY_NOT_DIGIT: sre.CATEGORY_DIGIT, sre.CATEGORY_NOT_SPACE: sre.CATEGORY_SPACE,
        sre.CATEGORY_NOT_WORD: sre.CATEGORY_WORD}


def _repeats_in_a_row(items: list) -> bool:
    """Whether two long repeats of one character at a time follow one another, with nothing between
    them but what can match no text, and can both take some same character: `.*.*`, `\\w+\\s*\\w+` (not `.*,.*` nor `\\d+\\s+\\w+`)."""
    reach: set[str] = set()  # the characters of the long repeats with only what can match no text after them
    for op, av in items:
        chars = _long_repeat_chars(op, av)
        if chars is not None and reach & chars:
            return True
        if chars is not None:
            reach = reach | chars if _matches_empty(op, av) else chars
        elif not _matches_empty(op, av):
            reach = set()
        inner = ([list(av[3])] if op is sre.SUBPATTERN else [list(b) for b in av[1]] if op is sre.BRANCH
                 else [list(av[2])] if op in _REPEATS else [])
        if any(_repeats_in_a_row(branch) for branch in inner):
            return True
    return False


def _trimmed(items: list) -> list:
    """`items` without the repeats at their end that can match no text: they never fail (`.*,.*`)."""
    while items and items[-1][0] in _REPEATS and items[-1][1][0] == 0:
        items = items[:-1]
    return items


def _chained(items: list, open_: _Open | None) -> tuple[bool, _Open | None]:
    """Whether a long repeat of one character at a time (`.*`, `\\w+`, `[^,]{0,60}`) follows another
    that can take every character since it and some of this one's (`open_`: what that one takes, and
    how far), when together they can split more than `MAX_SPLITS` ways: each start of a search tries
    each split (`a.*b.*c`, `a.*b[^.?!]{0,60}c`; not `a[^.?!]{0,80}b[^.?!]{0,60}c` nor `\\d+ \\w+`);
    and what is still open after `items`."""
    for op, av in items:
        chars = _long_repeat_chars(op, av)
        if chars is not None:
            reach = QUESTION_CHARS if av[1] == sre.MAXREPEAT else av[1]
            if open_ is not None and open_[0] & chars and open_[1] * reach > MAX_SPLITS:
                return True, open_
            open_ = open_ if open_ is not None and chars <= open_[0] and open_[1] >= reach else (frozenset(chars), reach)
        elif op is sre.SUBPATTERN or op in _REPEATS:
            found, after = _chained(list(av[3] if op is sre.SUBPATTERN else av[2]), open_)
            if found:
                return True, after
            open_ = _merged([open_, after]) if op in _REPEATS and av[0] == 0 else after  # `{0,n}`: maybe skipped
        elif op is sre.BRANCH:
            ends = []
            for branch in av[1]:
                found, after = _chained(list(branch), open_)
                if found:
                    return True, after
                ends.append(after)
            open_ = _merged(ends)
        elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT) and open_ is not None and not _chars([(op, av)]) <= open_[0]:
            open_ = None  # something the open repeat cannot take: it cannot slide past it
    return False, open_


def _merged(ends: list[_Open | None]) -> _Open | None:
    """What is open after one of several ways through (a branch's alternatives, an optional part)."""
    kept = [end for end in ends if end is not None]
    return (frozenset().union(*(k[0] for k in kept)), max(k[1] for k in kept)) if kept else None


def _long_repeat_chars(op, av) -> set[str] | None:
    """The characters a long repeat of one character at a time (`.*`, `\\w+`, `[^ ]*`; or a group
    holding only one) can take; None for anything else."""
    if op is sre.SUBPATTERN and len(av[3]) == 1:
        return _long_repeat_chars(*list(av[3])[0])
    if op not in _REPEATS or not (av[1] == sre.MAXREPEAT or av[1] > LONG_REPEAT) or av[2].getwidth() != (1, 1):
        return None
    return _chars(list(av[2]))


def _chars(items: list) -> set[str]:
    """Every character (of `_SAMPLE`, either case) that `items` can take."""
    found: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            found |= {chr(av), chr(av).lower(), chr(av).upper()}
        elif op in (sre.ANY, sre.NOT_LITERAL):
            found |= set(_SAMPLE) - ({chr(av)} if op is sre.NOT_LITERAL else set())
        elif op is sre.IN:
            found |= {c for c in _SAMPLE if _in_set(av, c) or len(c.swapcase()) == 1 and _in_set(av, c.swapcase())}
        elif op is sre.SUBPATTERN:
            found |= _chars(list(av[3]))
        elif op is sre.BRANCH:
            found |= set().union(*(_chars(list(b)) for b in av[1]))
        elif op in _REPEATS:
            found |= _chars(list(av[2]))
    return found


def _in_set(items: list, c: str) -> bool:
    """Whether a character class (`[a-z\\d]`, `\\w`, `[^ ]`) takes `c`."""
    negate = bool(items) and items[0][0] is sre.NEGATE
    hit = False
    for op, av in items:
        if op is sre.LITERAL:
            hit |= c == chr(av)
        elif op is sre.RANGE:
            hit |= av[0] <= ord(c) <= av[1]
        elif op is sre.CATEGORY:
            test = _CATEGORIES.get(_NOT.get(av, av))
            hit |= test is not None and test(c) != (av in _NOT)
    return hit != negate


def _matches_empty(op, av) -> bool:
    """Whether an item can match no text (an anchor, an optional part, a group of such)."""
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return True
    if op in _REPEATS:
        return av[0] == 0 or all(_matches_empty(*item) for item in av[2])
    if op is sre.SUBPATTERN:
        return all(_matches_empty(*item) for item in av[3])
    if op is sre.BRANCH:
        return any(all(_matches_empty(*item) for item in branch) for branch in av[1])
    return False


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
