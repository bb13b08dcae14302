"""Whom a question asks to speak to at a named organisation, when the lessons name no one there (pure):
`no_one_at`. "Who at NELFT should I speak to about board development?" of a lesson that credits NELFT but names
none of its people is answered so, plainly, not with the organisation listed as if it were someone."""

from __future__ import annotations

import re

from bot.contacts.directory import Directory, OrganisationEntry

# a person asked for at a place: "who at NELFT", "anyone from BSW", "someone at Leeds I could talk to"
_PERSON_AT = re.compile(r"\b(?:who|whom|anyone|anybody|someone|somebody|contacts?|people|person|colleagues?)\s+"
                        r"(?:at|from|in)\s+(?:the\s+)?(?P<place>[^?.!,;]{2,120})", re.IGNORECASE)
# speaking to someone at a place: "speak to at NELFT", "get in touch with at BSW", "contact at Leeds"
_TALK_AT = re.compile(r"\b(?:speak|talk|chat|contact|approach|ask|connect|reach\s+out|get\s+in\s+touch)\b[^?.!]{0,40}?"
                      r"\b(?:at|from)\s+(?:the\s+)?(?P<place>[^?.!,;]{2,120})", re.IGNORECASE)
_ASKS_TO_TALK = re.compile(r"^\W*who\b|\b(?:speak|talk|chat|contact|approach|ask|connect|reach\s+out|get\s+in\s+touch)\b",
                           re.IGNORECASE)


def no_one_at(question: str, directory: Directory) -> str:
    """The organisation `question` asks whom to speak to at, as the question names it ("NELFT"), when the
    directory lists no one who works there; "" for any other question, or a place it knows people at."""
    if not _ASKS_TO_TALK.search(question):
        return ""
    for found in (*_PERSON_AT.finditer(question), *_TALK_AT.finditer(question)):
        named = _organisation(found.group("place"), directory)
        if named:
            typed, organisation = named
            return "" if organisation.members else typed
    return ""


def _organisation(place: str, directory: Directory) -> tuple[str, OrganisationEntry] | None:
    """The directory's organisation `place` begins with (its name or an alias, the longest), as `place` writes it."""
    best: tuple[str, OrganisationEntry] | None = None
    for organisation in directory.organisations.values():
        for name in (organisation.name, *organisation.aliases):
            found = re.match(rf"{re.escape(name)}(?![\w&])", place, re.IGNORECASE)
            if found and (best is None or len(found.group()) > len(best[0])):
                best = (found.group(), organisation)
    return best
