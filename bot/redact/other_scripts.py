"""Names written in another script than the Latin alphabet, pure: after a title, a person's or a relative's word, or
"called" ("Mr 王伟", "patient Иван Петров", "the daughter of Mr 王伟", "patient Μαρία Παπαδοπούλου"). The name lists are
Latin only, so one to three words of another script where a name stands are a name; elsewhere ("the Urdu leaflet
'صحت'") they stay."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.redact.names import _HONORIFIC, _NAMED, _PATIENT, _PERSON, _RELATIVE
from bot.redact.patterns import Span

# A word of letters none of which is Latin: Cyrillic, Greek, Arabic, Devanagari, Chinese …
_WORD = r"(?:(?![A-Za-z\u00C0-\u024F\u1E00-\u1EFF])[^\W\d_])+"
_CUE = rf"(?:{_HONORIFIC}|Dr\.?|Prof\.?|(?i:{_PATIENT}|{_PERSON}|{_RELATIVE}|{_NAMED}))"
OTHER_SCRIPT_NAME = re.compile(rf"\b{_CUE}[ \t]*[,:]?[ \t]*(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})(?![\w])")


def other_script_names(text: str) -> Iterator[Span]:
    """Each name in another script after what marks a person, as ("name", start, end)."""
    for match in OTHER_SCRIPT_NAME.finditer(text):
        yield "name", match.start("name"), match.end("name")
