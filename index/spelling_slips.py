"""Keyboard slips read as what was meant (pure):

- a letter held down ("frontllinne", "keeeeps", "doccctors"): `held_readings` gives the word with each run
  of a repeated letter as one letter or two, for the speller to look up whole before any other correction;
- a letter typed as its neighbour on the keyboard, or two neighbouring letters swapped, or a word spelt by ear
  (a vowel typed as another, a doubled letter typed once, an "r" after a vowel left out): `slip_weight` counts
  such a correction `SLIP_WEIGHT` times, so among a word's corrections one edit away the one a finger's slip
  explains comes first unless another is far commoner ("providerd" -> "providers", not "provider"); not in
  a word of `SHORT` letters or fewer, which has too many such neighbours ("meds" is no "mess").
"""

from __future__ import annotations

import itertools
import re

SLIP_WEIGHT = 10  # how many times commoner another word one edit away must be to beat a finger's slip (benchmarks/typo_classes.py --tune)
SHORT = 4  # a word this short has too many neighbours one slip away to prefer one ("meds" is no "mess")
MAX_RUNS = 4  # runs of a repeated letter read in one word (2**4 readings at most: a look-up's cost is bounded)
VOWELS = "aeiou"
_RUN = re.compile(r"([a-z])\1+")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {c: row[max(at - 1, 0):at] + row[at + 1:at + 2] for row in _ROWS for at, c in enumerate(row)}


def held_readings(word: str) -> list[str]:
    """`word` (lower case) with each run of a repeated letter read as one letter or two, fewest letters
    first; none when it has no such run or more than `MAX_RUNS` of them."""
    runs = list(_RUN.finditer(word))
    if not runs or len(runs) > MAX_RUNS:
        return []
    readings = []
    for lengths in itertools.product((1, 2), repeat=len(runs)):
        parts, last = [], 0
        for run, length in zip(runs, lengths):
            parts += [word[last:run.start()], run.group(1) * length]
            last = run.end()
        readings.append("".join(parts) + word[last:])
    return sorted({r for r in readings if r != word}, key=len)


def slip_weight(typed: str, word: str) -> float:
    """`SLIP_WEIGHT` when `word` is `typed` with a slip of a finger (a letter its keyboard neighbour, two
    neighbouring letters swapped) or of the ear (a vowel typed as another, "stratagy"; a doubled letter typed
    once, "comission", or a single one twice, "boddies"; an "r" after a vowel left out, as it is not said,
    "wokforce") and longer than `SHORT`,
    else 1: a factor on how often `word` is written."""
    if len(typed) <= SHORT:
        return 1.0
    if len(word) == len(typed) + 1:  # a letter left out
        at = next((i for i, (a, b) in enumerate(zip(typed, word)) if a != b), len(typed))
        if typed != word[:at] + word[at + 1:]:
            return 1.0
        doubled = word[at] in (word[at - 1:at] + word[at + 1:at + 2])
        unsaid = word[at] == "r" and word[at - 1:at] in VOWELS and at > 0
        return SLIP_WEIGHT if doubled or unsaid else 1.0
    if len(typed) == len(word) + 1:  # a letter typed twice that the word has once: "boddies"
        at = next((i for i, (a, b) in enumerate(zip(typed, word)) if a != b), len(word))
        return SLIP_WEIGHT if typed[:at] + typed[at + 1:] == word and typed[at] == typed[at - 1] and at > 0 else 1.0
    if len(typed) != len(word):
        return 1.0
    differ = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
    slipped = (len(differ) == 1 and (typed[differ[0]] in _NEIGHBOURS.get(word[differ[0]], "")
                                     or {typed[differ[0]], word[differ[0]]} <= set(VOWELS)) or
               len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == word[differ[1]]
               and typed[differ[1]] == word[differ[0]])
    return SLIP_WEIGHT if slipped else 1.0
