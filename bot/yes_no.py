"""Whether a question asks for a yes or a no ("Is it true that NELFT merged with ELFT?", "Did any
collaborative pool its budgets?"). peerbot never gives one: a yes read into passages that do not say it,
or a no inferred from the lessons' silence, would be trusted and wrong. Such a question's answer says so
first, then shows what the lessons say, for the asker to judge (`bot.messages.yes_no_lead`)."""

from __future__ import annotations

import re

# not "should", "can", "could", "would", "will": "Should each trust spell out its red lines?" asks for advice,
# which the excerpts give as they are
_AUXILIARY = r"is|are|was|were|did|does|do|has|have|had"
# "Is it true that …", "Is it right …", "Was it the case …"
_CLAIM = re.compile(r"(?:is|was|isn'?t|wasn'?t)\s+it\s+(?:true|right|correct|so|the\s+case)\b", re.IGNORECASE)
# an auxiliary first, then its subject: not a request ("can you…", "do you know…", "does anyone have…") nor one
# for examples ("are there…", "is there any evidence…"), which the excerpts answer as they are
_ASKS = re.compile(rf"(?:{_AUXILIARY})(?:n'?t)?\s+(?!(?:you|u|anyone|anybody|someone|somebody|i|we|peerbot|"
                   r"there|it\s+possible|this|that)\b)\w", re.IGNORECASE)
_OPENING = re.compile(r"^(?:(?:hi|hello|hey|peerbot|all|team|ok|okay|so|and|but|also|quick\s+question|one\s+more|please)\b[\s,:;.!-]*)+",
                      re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+\?")


def asks_yes_or_no(question: str) -> bool:
    """Whether the first sentence of `question` that asks (ends in "?"; the whole of it when none does)
    asks for a yes or a no: a claim to confirm ("is it true that…") or an auxiliary verb and its subject
    ("did any collaborative…", "does NELFT…"), its opening words ("so", "hi,") aside; not one offering a choice
    ("Is it worth agreeing why first, or should we just crack on?")."""
    asking = next((m.group(0) for m in _SENTENCE.finditer(question)), question)
    asking = _OPENING.sub("", asking.strip())
    if re.search(r"\bor\b", asking, re.IGNORECASE):  # "…agree why first, or just crack on?": a choice, not a yes
        return False
    return bool(_CLAIM.match(asking) or _ASKS.match(asking))
