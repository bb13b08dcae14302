"""Questions about what went wrong, and passages that tell of a difficulty (pure): an answer to "what did NELFT
get wrong?" whose excerpts tell only what worked says so first (`bot.answerer._lead`)."""

from __future__ import annotations

import re

# asking what went wrong, failed or should not be done
_ASKS = re.compile(
    r"\b(?:go|goes|going|went|gone|get|gets|got|getting|gotten)\s+(?:\w+\s+)?wrong\b|\bmistakes?\b|\bmis-?steps?\b"
    r"|\bfail(?:ed|s|ing|ures?)?\b|\bpitfalls?\b|\bunsuccessful\b|\bbackfired?\b|\bregrets?\b|\bwent\s+badly\b"
    r"|\b(?:didn't|did\s+not|doesn't|does\s+not|don't|do\s+not|wasn't|was\s+not|hasn't|has\s+not)\s+(?:work|go\s+well|succeed|pay\s+off)\b"
    r"|\bfell\s+(?:apart|through|over)\b|\b(?:should|must|would)\s+(?:we|they|you|i|one)\s+(?:not|never)\s+do\b"
    r"|\b(?:not|never)\s+to\s+do\b|\bwhat\s+to\s+avoid\b|\bwhat\s+(?:should|must)\s+(?:we|they|you|i)\s+avoid\b",
    re.IGNORECASE)
# a passage telling of something that went wrong, failed, or would be done differently
_FAILURE = re.compile(
    r"\b(?:wrong|mistakes?|fail(?:ed|s|ing|ures?)?|pitfalls?|setbacks?|regrets?|unsuccessful|backfired?|hindsight"
    r"|(?:did\s+not|didn't|does\s+not|doesn't|has\s+not|hasn't)\s+(?:work|succeed|go\s+well)|went\s+badly"
    r"|(?:should|would|could)\s+have\s+(?:done|been|started|involved|agreed)|(?:do|done)\s+(?:it\s+)?differently"
    r"|fell\s+(?:apart|through|over)|collapsed?)\b", re.IGNORECASE)
# a passage telling of something hard along the way
_DIFFICULTY = re.compile(
    r"\b(?:challeng\w*|difficult\w*|problems?|barriers?|obstacles?|struggl\w*|tensions?|conflicts?|hard(?:er|est|ship)?"
    r"|frustrat\w*|resist\w*|delay\w*|gaps?|mistrust|distrust|friction|complex\w*)\b", re.IGNORECASE)


# asking for a verdict on a plan, not what went wrong: "is it a mistake not to …?", "do people regret it?"
_JUDGING = re.compile(r"\b(?:is|was|would|will|isn't)\s+(?:it|that|this)\s+(?:be\s+)?(?:a\s+)?(?:mistake|wrong)\b"
                      r"|\bregrets?\s+it\b", re.IGNORECASE)


def asks_what_went_wrong(question: str) -> bool:
    """Whether `question` asks what went wrong, failed, or should not be done (not whether a plan is a mistake)."""
    return bool(_ASKS.search(question)) and not _JUDGING.search(question)


def tells_of_failure(text: str) -> bool:
    """Whether a passage tells of something that went wrong, failed or would be done differently."""
    return bool(_FAILURE.search(text))


def tells_of_difficulty(text: str) -> bool:
    """Whether a passage tells of something hard met along the way (a challenge, a barrier, a tension)."""
    return bool(_DIFFICULTY.search(text))
