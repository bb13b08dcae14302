"""What peerbot says in Teams about lessons from chat (Teams markdown)."""

from __future__ import annotations

from bot.lessons.messages import already_decided, lessons_off, not_a_curator, submitted  # noqa: F401 (shared wording)

FORM_TITLE = "Save as lesson"
EDIT_TITLE = "Edit lesson"
FIX_BELOW = "Please fix what is marked below; everything you typed is kept."
SUBMIT = "Send for review"
TITLE = "Title"
DID = "What we did"
LEARNED = "What we learned"
ORGANISATION = "Collaborative or organisation"
ENABLERS = "Enablers"
CONTACT = "Who to contact (name and role)"
CONTACT_AGREED = "They agreed to be contacted about this lesson"
CONTRIBUTOR = "Your name as contributor"
CONTRIBUTOR_NAMED = "Name me as the contributor (in the lesson and the weekly digest)"
QUESTION = "The question it answers"
APPROVE, EDIT, REJECT = "Approve", "Edit", "Reject"
NONE = "none"
NO_CONTACT = "none listed"
AGREED_TO_CONTACT = " (agreed to be contacted)"


def card_heading(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} for review:"


def contributor(name: str) -> str:
    return f"Contributor: {name}" if name else "Contributor: not named (they did not ask to be)"


def decided(status: str, document_id: str) -> str:
    if status == "approved":
        return f"Approved: added to the lessons as {document_id}."
    return "Rejected."


def edited(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} was updated; a curator can now approve or reject it."
