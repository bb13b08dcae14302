"""Whether a question asks whom to talk to about a subject it names, pure: "who should I talk to about a shared
staff bank?" is answered with the people first, as a thread's "who should I talk to?" is, not with excerpts and the
people under them. A question naming nothing ("who should I talk to about this?") is the thread's follow-up
(`bot.follow_up.asks_whom_to_talk_to`); "who did they talk to about it?" asks what was done, not whom to ask."""

from __future__ import annotations

import re

from bot.follow_up import TO_TALK_TO, WHO, asks_whom_to_talk_to
from index import STOPWORDS

_ASKS_WHOM = re.compile(
    r"^\W*(?:(?:hi|hello|thanks|ok|okay|so|and)\b\W*)*"  # a greeting or thanks before it
    r"(?:who(?:m)?\s+(?:should|could|can|would|might|shall|do|is\s+(?:best|the\s+right\s+person))\s+"
    r"(?:i|we|someone|one)?\s*(?:best\s+|ideally\s+)?(?:to\s+)?"
    r"|(?:is\s+there\s+)?(?:any(?:one|body)|some(?:one|body))\s+(?:i|we)\s+(?:should|could|can|might)\s+)"
    r"(?:talk|speak|contact|ask|approach|chat|reach\s+out|go)\b", re.IGNORECASE)
_ABOUT = re.compile(r"\b(?:about|on|regarding|re|for|with)\b", re.IGNORECASE)


def asks_whom_about(question: str) -> bool:
    """Whether `question` asks whom to talk to (or ask, contact) about a subject of its own: "who should I talk to
    about running a committee in common?", "who can we speak to on shared staff banks?", "anyone I could ask about
    PMVA training?"; not "who should I talk to?" or "… about this?" (a thread's follow-up), nor "who did they talk
    to about it?"."""
    if not _ASKS_WHOM.search(question) or not _ABOUT.search(question) or asks_whom_to_talk_to(question):
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", question)]
    return any(w not in TO_TALK_TO and w not in WHO and w not in STOPWORDS for w in words)
