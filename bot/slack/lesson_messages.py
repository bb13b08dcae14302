"""What peerbot says in Slack about lessons from chat beyond the wording every surface shares
(bot/lessons/messages.py): labels of the form and the review card.
Functions that take text expect it already escaped for mrkdwn; labels are plain text."""

from __future__ import annotations

import re

CANCEL = "Cancel"
DONE = "Done"
TITLE_HINT = "What a peer would search for, e.g. “How we set up a shared staff bank”."
ORGANISATION_HINT = "Shown as the lesson's publisher."
ENABLERS_PLACEHOLDER = "Choose the enablers it speaks to"
CONTACT = "Who to contact"
CONTACT_HINT = "Name and role of someone peers may ask about this. Listed only if they agreed."
AGREEMENT = "Agreement"
I_CAN_HELP = "I can help"


def card_fallback(lesson_id: int, title: str) -> str:
    return f"Lesson #{lesson_id} for review: {title}"


def mention(user: str) -> str:
    """A Slack user id as a mention; anything else (the command line) as it is."""
    return f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user) else user.replace("<", "").replace(">", "")


def saved_by(submitter: str, author: str) -> str:
    line = f"Saved by {mention(submitter)}" if submitter else "Saved from chat"
    return line + (f" from a message by {mention(author)}" if author and author != submitter else "")


def decided(status: str, by: str, document_id: str) -> str:
    who = mention(by)
    if status == "approved":
        return f"Approved by {who}: added to the lessons as `{document_id}`."
    return f"Rejected by {who}."


def edited(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} was updated; its review card shows the new text."


def offer_gone() -> str:
    return "That question is no longer kept, but you can still share a lesson: use `/lesson`."


def save_offered(learned: bool) -> str:
    """The reply to "save this as a lesson: …" in a direct message: the form is a click away."""
    return ("Open the lesson form to save it" + (", with what you wrote under *What we learned*" if learned else "")
            + ". A curator reviews it before peers see it.")
