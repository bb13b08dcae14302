"""User-facing phrases shared by every surface (CLI, Slack, Teams), kept in one place."""

from __future__ import annotations

from bot.answer import EnablerRef


def answer_lead(count: int) -> str:
    return f"Here is what peers have learned ({count} {'lesson' if count == 1 else 'lessons'} from the corpus):"


def no_answer(suggestions: tuple[EnablerRef, ...]) -> str:
    text = (
        "I couldn't find anything in the lessons corpus that answers that, so I won't guess. "
        "peerbot answers questions about how NHS provider collaboratives work together."
    )
    if suggestions:
        text += " You could explore: " + ", ".join(e.name for e in suggestions) + "."
    return text


def empty_question() -> str:
    return "Ask me a question about provider collaboration, for example: how did others build trust between boards?"


CONTACTS_HEADING = "People who have done this"
ENABLERS_HEADING = "Related enablers"
