"""A person's chat or social media handle typed into a message, pure: "fyi @sarah.jones", "cc @priya_shah" (a given
name and a family name joined by a dot or an underscore), "posted as @sallyb_72", "@jonno.m1985" (a name, an initial or
two and a number); not "@here", "@channel", a team's ("@nhs.england", "@estates.team") nor a service's ("@nhs111")."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.kept_names import published
from bot.redact.name_lists import family_like, family_names, is_given_name, never, short_forms
from bot.redact.patterns import Span

# A handle that ends in a number (a year of birth, an age): "@sallyb_72", "@jonno.m1985"
_NUMBERED = re.compile(r"(?<![\w.@])@(?P<handle>(?P<name>[A-Za-z]{3,})[A-Za-z]{0,2}(?:[._-]?[A-Za-z]{1,2})?[._-]?\d{2,4})(?![\w@])")
_HANDLE = re.compile(r"(?<![\w.@])@(?P<handle>[A-Za-z][A-Za-z'-]*(?:[._][A-Za-z][A-Za-z'-]*){1,2}(?:[._-]?\d{2,4})?)(?![\w@])")


def handles(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each handle made of names, as ("name", start, end) after its "@": a part a given name or a family name, none a
    word that is never a name's, and not a published person's."""
    for match in _HANDLE.finditer(text):
        parts = re.split(r"[._]", match.group("handle").lower().rstrip("0123456789._-"))  # "@j_smith1950"
        if (any(is_given_name(part) or part in family_names() for part in parts) and not any(never(part) for part in parts)
                and not published(" ".join(parts), public)):
            yield "name", match.start("handle"), match.end("handle")
    for match in _NUMBERED.finditer(text):  # its letters a name and an initial or two: "sallyb", "jonno.m"
        name = match.group("name").lower()
        if _name_start(name) and not published(name, public):
            yield "name", match.start("handle"), match.end("handle")


def _name_start(letters: str) -> bool:
    """Whether a handle's letters are a given name or a family name English has not, or one and an initial or two
    ("sallyb"); not a place's ("leeds")."""
    return not never(letters) and any(is_given_name(start) or start in short_forms() or family_like(start)
                                      for start in {letters, letters[:-1], letters[:-2]} if len(start) >= 3 and not never(start))
