"""What peerbot says in Slack about lessons from chat (labels of the form and the review card).
Functions that take text expect it already escaped for mrkdwn; labels are plain text."""

from __future__ import annotations

import re

from bot.lessons.messages import already_decided, lessons_off, not_a_curator, submitted  # noqa: F401 (shared wording)

FORM_TITLE = "Save as lesson"
EDIT_TITLE = "Edit lesson"
SUBMIT = "Send for review"
CANCEL = "Cancel"
DONE = "Done"
TITLE = "Title"
TITLE_HINT = "What a peer would search for, e.g. “How we set up a shared staff bank”."
DID = "What we did"
LEARNED = "What we learned"
ORGANISATION = "Collaborative or organisation"
ORGANISATION_HINT = "Shown as the lesson's publisher."
ENABLERS = "Enablers"
ENABLERS_PLACEHOLDER = "Choose the enablers it speaks to"
CONTACT = "Who to contact"
CONTACT_HINT = "Name and role of someone peers may ask about this. Listed only if they agreed."
CONTACT_AGREED = "They agreed to be contacted about this lesson"
CONTRIBUTOR = "Your name as contributor"
CONTRIBUTOR_NAMED = "Name me as the contributor (in the lesson and the weekly digest)"
AGREEMENT = "Agreement"
QUESTION = "The question it answers"
APPROVE, EDIT, REJECT = "Approve", "Edit", "Reject"
NONE = "none"
NO_CONTACT = "none listed"
AGREED_TO_CONTACT = " (agreed to be contacted)"
I_CAN_HELP = "I can help"


def card_heading(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} for review:"


def card_fallback(lesson_id: int, title: str) -> str:
    return f"Lesson #{lesson_id} for review: {title}"


def contributor(name: str) -> str:
    return f"Contributor: {name}" if name else "Contributor: not named (they did not ask to be)"


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
