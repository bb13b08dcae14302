"""Whether a hyphenated word in lower case is a given name or a family name, pure: both halves given names or a month ("sarah-jane",
"wendy-may"), or a given name or short form English seldom writes beside a word on the lists or seldom written
("ruby-mae", "ellie-mai", "rosie-lea"); not "mark-up", "day-case", "walk-in", "hip-hop", "fri-sun", "jan-mar", "april-june",
nor seasons and times of day ("summer-autumn", "dawn-dusk"), nor what describes ("holly-green", "ivy-clad"); a family
name when both halves are family names English writes seldom enough ("smith-jones", "lopez-garcia", "mcallister-brown";
not "day-case", "green-belt", "long-stay").
"""

from __future__ import annotations

from bot.redact.name_lists import (
    MONTH_NAMES,
    english_given_names,
    family_like,
    family_names,
    is_given_name,
    medical_term,
    never,
    short_forms,
)
from index import english_words

# A word written less often than this (`index.english_words`' count) may be the other half of a hyphenated given
# name on no list ("ruby" of "ruby-mae"); set from the brief's example, above "ruby" (10.8 million) and below
# "hop", "day", "case"
HYPHENATED_RARE = 20_000_000
# Each half of a hyphenated family name is written less often than this (`index.english_words`' count): "smith" (63
# million) and "brown" (64 million), not "green" (108 million), "long", "day", "case"; chosen on probes of my own
HYPHENATED_FAMILY_COMMON = 100_000_000
# What a hyphenated word ends in when it describes something: a colour ("holly-green") or a participle not ending
# in "-ed" ("ivy-clad", "rose-grown")
_PREFIXES = frozenset("pre post non co semi anti sub mid self multi inter intra re ex un over under out in e x".split())
_COLOURS = frozenset("red green blue grey gray pink white black brown purple orange yellow violet".split())
_PARTICIPLES = frozenset("clad grown worn made built born".split())
_CALENDAR = frozenset("""jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun spring
    summer autumn winter dawn dusk morning evening night day noon midnight am pm""".split())  # with seasons and times of day


def hyphenated_given(halves: list[str], seldom: int) -> bool:
    """Whether a hyphenated word's halves (lower case) make a given name; `seldom`, the count under which a
    listed half is a name English seldom writes."""
    if time_range(halves) or described(halves):
        return False
    if all(is_given_name(half) and not never(half) or half in MONTH_NAMES for half in halves):
        return True
    if len(halves) != 2 or any(never(half) or medical_term(half) or half in _CALENDAR for half in halves):
        return False
    return any(_listed(half) and english_words().get(half, 0) < seldom for half in halves) and all(
        _listed(half) or english_words().get(half, 0) < HYPHENATED_RARE for half in halves)


def hyphenated_family(halves: list[str]) -> bool:
    """Whether a hyphenated word's halves (lower case) make a family name: two family names, one on the list and the
    other on it or no English word, neither a given name that is a word too, a medical term nor a word English writes often."""
    return len(halves) == 2 and halves[0] not in _PREFIXES and not time_range(halves) and any(
        half in family_names() for half in halves) and all(  # one on the list: not French "construisent-ils"
        (half in family_names() and len(half) >= 3 or family_like(half) and len(half) >= 4)
        and not never(half) and not medical_term(half)
        and half not in english_given_names() and half not in _CALENDAR
        and english_words().get(half, 0) < HYPHENATED_FAMILY_COMMON for half in halves)  # not "wi-fi", "pre-op"


def described(halves: list[str]) -> bool:
    """Whether a hyphenated word's halves (lower case) describe something: a colour or a participle on no list of
    given names ("holly-green", "ivy-clad", "jade-coloured", "amber-flagged"; not "ruby-mae", "ted-lee")."""
    return any(half in _COLOURS or not is_given_name(half) and half not in short_forms() and half in english_words()
               and (half.endswith("ed") or half in _PARTICIPLES) for half in halves[1:])


def time_range(halves: list[str]) -> bool:
    """Whether a hyphenated word's halves (lower case) are a range of months, days, seasons or times of day: "jan-mar",
    "april-may", "summer-autumn", "dawn-dusk"."""
    return all(half in _CALENDAR or half in MONTH_NAMES for half in halves)


def _listed(half: str) -> bool:
    return is_given_name(half) or half in english_given_names() or half in short_forms()
