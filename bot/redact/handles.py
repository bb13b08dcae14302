"""A person's chat handle typed into a message, pure: "fyi @sarah.jones", "cc @priya_shah" (a given name and a family
name joined by a dot or an underscore); not "@here", "@channel" nor a team's ("@nhs.england", "@estates.team")."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.kept_names import published
from bot.redact.name_lists import family_names, is_given_name, never
from bot.redact.patterns import Span

_HANDLE = re.compile(r"(?<![\w.@])@(?P<handle>[A-Za-z][A-Za-z'-]*(?:[._][A-Za-z][A-Za-z'-]*){1,2})(?![\w@])")


def handles(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each handle made of names, as ("name", start, end) after its "@": a part a given name or a family name, none a
    word that is never a name's, and not a published person's."""
    for match in _HANDLE.finditer(text):
        parts = re.split(r"[._]", match.group("handle").lower())
        if (any(is_given_name(part) or part in family_names() for part in parts) and not any(never(part) for part in parts)
                and not published(" ".join(parts), public)):
            yield "name", match.start("handle"), match.end("handle")
