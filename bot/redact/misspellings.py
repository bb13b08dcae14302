"""A name after a title written out or misspelt, pure: "Doctor Williams", "docter patel", "profesor Hughes",
"Mrss Jones", "Dcotor Sarah Khan". The titles spelt right and short ("Dr", "Mrs") are `bot.redact.people`'s and
`bot.redact.names`'."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from bot.redact.beside import reported_after
from bot.redact.kept_names import POSSESSIVE, public_key, published
from bot.redact.name_lists import family_names, is_given_name, never, title_like
from bot.redact.names import _LOWER, _UPPER
from bot.redact.patterns import Span
from index import english_words

_NAME_WORD = rf"[{_UPPER}{_LOWER}][{_LOWER}]+(?:['’-][{_UPPER}{_LOWER}][{_LOWER}]+)*(?:['’]s)?"
# Looked for at every word ("tunde. docter Williams"): a title's word, then one or two words
_TITLED = re.compile(rf"(?<![\w'’.-])(?=(?P<title>[A-Za-z]{{4,10}})\.?[ \t]+(?P<first>{_NAME_WORD})(?:[ \t]+(?P<second>{_NAME_WORD}))?)")


def titled_names(text: str, public: Collection[str] = ()) -> Iterator[Span]:
    """Each name after a title written out or misspelt, as ("name", start, end): the one or two words after it
    (typed in the same case; the second only after a given name) while each is on the lists of names or no English
    word, and no published person's."""
    for match in _TITLED.finditer(text):
        title, first = match.group("title"), match.group("first")
        if not title_like(title.lower()) or title[0].isupper() and first[0].islower() or reported_after(text, match.end("title")):
            continue  # not "the Docter said", "docter said"
        end = match.start("first")
        for group in ("first", "second"):
            word = match.group(group)
            bare = POSSESSIVE.sub("", word or "").lower()
            if not word or word[0].isupper() != first[0].isupper() or not _name_word(bare):
                break
            if group == "second" and not is_given_name(POSSESSIVE.sub("", first).lower()):
                break  # a family name comes last: "profesor hughes said"
            end = match.start(group) + len(POSSESSIVE.sub("", word))
        name = text[match.start("first"):end]
        if name and not published(public_key(name), public):
            yield "name", match.start("first"), end


def _name_word(lower: str) -> bool:
    return not never(lower) and (lower in family_names() or is_given_name(lower) or lower not in english_words())
