"""Whether an excerpt says what an organisation did (pure), so that an enabler summary's example of an
organisation is its deed, not a view or a general claim made in its section.

A deed has a verb of something done: a past or perfect tense ("the trusts worked together", "partners
have removed silo working", "a joint board was set up", "NELFT commissioned…") or a way of working
("does this by holding a meeting twice a year"). A view has none and gives advice or an opinion ("should",
"is vital", "Keir and Cathy stress that…") or only says what something is ("Shared purpose is a
galvanising force…", "…has also been a gamechanger"; they feel it has given…). Anything else (a service described: "patients can
see their GP") is neither.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["deed", "neutral", "view"]

_IRREGULAR = ("took|made|set\\s+up|spoke|held|built|brought|began|ran|led|chose|gave|met|grew|won|went|sought|"
              "found|became|kept|spent|drew|wrote|bought|paid|sent|came\\s+together|put\\s+in\\s+place|taken|"
              "begun|grown|given|chosen|written|drawn|run|set")
_NOT_A_VERB = ("is|are|be|being|been|the|a|an|their|its|our|his|her|this|these|those|that|of|for|with|to|by|"
               "who|which|very|more|most|well|newly|highly|so|as|on|in|at|from|into|about|across|around|between|over|under|"
               "within|through|without|and|or|than|not")
_DEED = re.compile("|".join((
    rf"\b(?:has|have|had)\s+(?:(?:\w+ly|also|now|since|already|jointly|together|then)\s+)*(?:\w{{2,}}ed|{_IRREGULAR})\b",
    rf"\b(?:was|were)\s+(?:(?:\w+ly|also|then|jointly)\s+)*(?:\w{{2,}}ed|{_IRREGULAR})\b",  # "a board was set up"
    rf"(?<!\w)(?:(?!(?:{_NOT_A_VERB})\b)\w+\s+)(?:\w{{3,}}ed|{_IRREGULAR.replace('|run|set', '')})\b",
    r"\bby\s+\w+ing\b",  # "does this by holding…"
)), re.I)
_VIEW = re.compile("|".join((
    r"\b(?:should|must|ought\s+to|needs?\s+to)\b",
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:vital|key|essential|crucial|critical|important|fundamental|paramount)\b",
    r"\bimportance\s+of\b",
    r"\b(?:stress|highlight|emphasi[sz]e|argue|suggest|say)s?\s+(?:that|the)\b",
    r"\b(?:says?|said|tells?\s+us|told\s+us)\b",  # "Trust leaders say a lean approach can evolve…": retold
    r"\b(?:feels?|felt|believes?|believed|thinks?|thought)\b",  # "Keir and Cathy feel working together has given…"
    r"^\W*(?:\S+\s+){0,8}?(?:is|are)\s+(?:a|an|the)\b",  # "Shared purpose is a galvanising force…"
    r"\b(?:has|have)\s+(?:also\s+)?been\s+(?:a|an)\b",  # "…has also been a gamechanger"
)), re.I)


def kind_of(text: str) -> Kind:
    """"deed" when a sentence of `text` says something was done (and gives no view: "the organisations involved
    need to be prepared…" is advice), else "view" when one advises, judges or only says what something is,
    else "neutral"."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    if any(_DEED.search(sentence) and not _VIEW.search(sentence) for sentence in sentences):
        return "deed"
    return "view" if any(_VIEW.search(sentence) for sentence in sentences) else "neutral"
