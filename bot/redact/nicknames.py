"""Nicknames in quotes, pure: between a given name and a family name ('Robert "Bobby" Moore', "Margaret 'Peggy' Hill"),
and after what says they are what a person is called ('known as "Smudge"', "he goes by 'Tiny'", "nicknamed 'Bez'").
Kept: a quoted programme's or phrase's name ('the "Home First" programme', "a service known as 'Home First'")."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.kept_names import published
from bot.redact.name_lists import family_like, family_names, is_given_name, never, short_forms
from bot.redact.names import _LOWER, _PERSON, _UPPER
from bot.redact.patterns import Span

_WORD = rf"(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_OPEN, _CLOSE = "\"'“‘", "\"'”’"
# A given name, a nickname in quotes and a family name: 'Robert "Bobby" Moore'
_BETWEEN = re.compile(rf"(?<![\w'’-])(?P<given>{_WORD})[ \t]+[{_OPEN}](?P<nick>{_WORD})[{_CLOSE}][ \t]+(?P<family>{_WORD})(?![\w-])")
# What says a quoted word is what someone is called; "known as" only after a person ("the patient known as")
_CALLED = re.compile(
    rf"(?:\b(?:goes|go|going|went)[ \t]+by|\bnick-?named|\bcalls[ \t]+(?:him|her|them)sel(?:f|ves)|\b(?:likes|prefers|wants|asks)"
    rf"[ \t]+to[ \t]+be[ \t]+called|\b(?:{_PERSON}|he|she|they|who)[ \t]+(?:\w+[ \t]+){{0,3}}?known[ \t]+as)"
    rf"[ \t]+[{_OPEN}](?P<nick>[{_UPPER}{_LOWER}][\w'’-]*(?:[ \t][\w'’-]+)?)[{_CLOSE}]", re.IGNORECASE)
_QUOTE = re.compile(rf"(?<!\w)[{_OPEN}](?=\w)")  # what either needs, looked for first: a quote opened (no "don't")


def nicknames(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name with a nickname in quotes, and each nickname a person is called by, as ("name", start, end)."""
    if not _QUOTE.search(text):
        return
    for match in _BETWEEN.finditer(text):
        given, nick, family = (match.group(part).lower() for part in ("given", "nick", "family"))
        if (is_given_name(given) and not never(family)
                and (family in family_names() or family_like(family) or is_given_name(nick) or nick in short_forms())
                and not published(f"{given} {family}", public)):
            yield "name", match.start(), match.end()
    for match in _CALLED.finditer(text):
        if not published(match.group("nick").lower(), public):
            yield "name", match.start("nick"), match.end("nick")
