"""Whether a question asks what an acronym the corpus spells out stands for (pure): "What does MHLDA
stand for?", "what is PMVA short for", "meaning of VCSE", "What's SMI?".

The acronyms and where the corpus spells each out come from `index.acronym_definitions`, read from the
passages when the corpus opens; here only the question is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from index import Definition

_ACRONYM = r"(?:the\s+)?[\"'‘“]?(?P<a>[A-Za-z][A-Za-z&]{1,9})[\"'’”]?"
_ASKS = [re.compile(p, re.IGNORECASE) for p in (
    rf"\bwhat\s+(?:does|do|did|is|'s)\s+{_ACRONYM}\s+(?:stand|stands|stood)\s+for\b",
    rf"\b{_ACRONYM}\s+(?:stands?|stood)\s+for\b",
    rf"\bwhat\s+(?:does|do|did)\s+{_ACRONYM}\s+mean\s*[?.!]*\s*$",
    rf"\b{_ACRONYM}\s+(?:is\s+)?short\s+for\b",
    rf"\bwhat\s+is\s+{_ACRONYM}\s+short\s+for\b",
    rf"\b(?:meaning|expansion|full\s+form|definition)\s+of\s+{_ACRONYM}",
    rf"\bwhat\s+is\s+meant\s+by\s+{_ACRONYM}",
    rf"\b(?:acronym|abbreviation)\s+{_ACRONYM}",
    rf"\b{_ACRONYM}\s+(?:acronym|abbreviation)\b",
    rf"\b(?:expand|spell\s+out)\s+{_ACRONYM}",
    rf"^\s*what(?:\s+is|'s|’s|s)\s+(?:an?\s+)?{_ACRONYM}\s*[?.!]*\s*$",
)]


def spelled_out(question: str, definitions: Mapping[str, Definition]) -> Definition | None:
    """The definition of the acronym `question` asks the meaning of, when the corpus spells it out
    (`definitions`, by the acronym in capitals); None otherwise."""
    for pattern in _ASKS:
        for match in pattern.finditer(question):
            if definition := definitions.get(match.group("a").upper()):
                return definition
    return None
