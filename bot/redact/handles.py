"""A person's chat or social media handle typed into a message, pure: "fyi @sarah.jones", "cc @priya_shah" (a given
name and a family name joined by a dot or an underscore), "posted as @sallyb_72", "@jonno.m1985" (a name, an initial or
two and a number), the same in a profile's link ("facebook.com/sally.jones.1950"); not "@here", "@channel", a team's ("@nhs.england", "@estates.team") nor a service's ("@nhs111")."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.kept_names import published
from bot.redact.name_lists import family_like, family_names, is_given_name, never, short_forms
from bot.redact.patterns import Span

# A handle that ends in a number (a year of birth, an age): "@sallyb_72", "@jonno.m1985"
_NUMBERED_BODY = r"(?P<name>[A-Za-z]{3,})[A-Za-z]{0,2}(?:[._-]?[A-Za-z]{1,2})?[._-]?\d{2,4}"
_NAMES_BODY = r"[A-Za-z][A-Za-z'-]*(?:[._][A-Za-z][A-Za-z'-]*){1,2}(?:[._-]?\d{2,4})?"  # "sarah.jones", "j_smith1950"
_NUMBERED = re.compile(rf"(?<![\w.@])@(?P<handle>{_NUMBERED_BODY})(?![\w@])")
_HANDLE = re.compile(rf"(?<![\w.@])@(?P<handle>{_NAMES_BODY})(?![\w@])")
# A social media profile's link, its handle after the site: "facebook.com/sally.jones.1950", "instagram.com/mandy_k77"
_PROFILE = re.compile(r"\b(?i:(?:facebook|fb|instagram|tiktok|twitter|x|threads|linkedin|youtube|snapchat)\.com/(?:in/|@)?)"
                      r"(?P<handle>[\w.'-]*\w)")


def handles(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each handle made of names, typed after its "@" or in a profile's link, as ("name", start, end): a part a given
    name or a family name, none a word that is never a name's, and not a published person's; or a name, an initial or two
    and a number."""
    for match in _HANDLE.finditer(text):
        if _of_names(match.group("handle"), public):
            yield "name", match.start("handle"), match.end("handle")
    for match in _NUMBERED.finditer(text):  # its letters a name and an initial or two: "sallyb", "jonno.m"
        if _numbered(match.group("name"), public):
            yield "name", match.start("handle"), match.end("handle")
    for match in _PROFILE.finditer(text) if ".com/" in text else ():
        handle = match.group("handle")
        names = re.fullmatch(_NAMES_BODY, handle)
        numbered = re.fullmatch(_NUMBERED_BODY, handle)
        if names and _of_names(handle, public) or numbered and _numbered(numbered.group("name"), public):
            yield "name", match.start("handle"), match.end("handle")


def _of_names(handle: str, public: Collection[str]) -> bool:
    """Whether a handle's parts are names: "sarah.jones", "@j_smith1950"; not a team's ("estates.team")."""
    parts = re.split(r"[._]", handle.lower().rstrip("0123456789._-"))
    return (any(is_given_name(part) or part in family_names() for part in parts) and not any(never(part) for part in parts)
            and not published(" ".join(parts), public))


def _numbered(letters: str, public: Collection[str]) -> bool:
    """Whether a numbered handle's letters are a name and an initial or two, and no published person's."""
    name = letters.lower()
    return _name_start(name) and not published(name, public)


def _name_start(letters: str) -> bool:
    """Whether a handle's letters are a given name or a family name English has not, or one and an initial or two
    ("sallyb"); not a place's ("leeds")."""
    return not never(letters) and any(is_given_name(start) or start in short_forms() or family_like(start)
                                      for start in {letters, letters[:-1], letters[:-2]} if len(start) >= 3 and not never(start))
