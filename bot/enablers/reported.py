"""Whether an excerpt retells what a named person said or thinks (pure): "Keir and Cathy stress that…",
"Cathy would also welcome…", "For Dr Fiona Goudie from Sheffield…, aligning organisations … is vital",
"according to Julian". Such a sentence is the lesson's own paraphrase of a leader: shown as a practice or an
example it would put words to them that are not theirs, so a summary shows their attributed quotation instead.
What they did ("Cathy chairs the collaborative", "Keir led the review") is not reported speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index import name_forms

_SAYS = (r"(?:says?|said|tells?\s+us|told\s+us|shares?|shared|stress(?:es|ed)?|emphasi[sz](?:es?|ed)|"
         r"highlight(?:s|ed)?|explain(?:s|ed)?|note(?:s|d)?|describe(?:s|d)?|feels?|felt|believe(?:s|d)?|think(?:s)?|"
         r"thought|welcome(?:s|d)?|argue(?:s|d)?|suggest(?:s|ed)?|reflect(?:s|ed)?|recall(?:s|ed)?|"
         r"point(?:s|ed)?\s+out|observe(?:s|d)?|comment(?:s|ed)?|remark(?:s|ed)?|acknowledge(?:s|d)?|warn(?:s|ed)?|"
         r"advise(?:s|d)?|recommend(?:s|ed)?|want(?:s|ed)?|hope(?:s|d)?|(?:is|are|was|were)\s+(?:clear|keen\s+to\s+\w+)|"
         r"would\s+(?:like|welcome|want))\b")
_ADVERBS = r"(?:(?:also|both|further|often|strongly|clearly|rightly|firmly|would|all|too)\s+)*"


class Reporting:
    """Built once per directory from the people's names (every form: "Dr Fiona Goudie", "Fiona", "Goudie")."""

    def __init__(self, names: Iterable[str]):
        forms = sorted({form for name in names for form in name_forms(name)}, key=len, reverse=True)
        person = "(?:" + "|".join(re.escape(form) for form in forms) + ")" if forms else r"(?!x)x"
        people = rf"{person}(?:\s*(?:,|and|&)\s*{person})*"
        self._pattern = re.compile("|".join((
            # "Keir and Cathy also stress…", "Cathy shares that…", "Aisha Karim, chief executive of …, said that…"
            rf"\b{people}(?:\s*,[^,.;:!?]{{1,100}},)?\s+{_ADVERBS}{_SAYS}",
            rf"(?:^|[.!?]\s+)For\s+{people}\b",  # "For Dr Fiona Goudie from …, aligning … is vital"
            rf"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+view\s+of)\s+{people}\b",
        )))

    def reports(self, text: str) -> bool:
        """Whether `text` retells a named person's words or views rather than saying what was done."""
        return bool(self._pattern.search(text))
