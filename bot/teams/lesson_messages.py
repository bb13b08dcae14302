"""What peerbot says in Teams about lessons from chat (Teams markdown)."""

from __future__ import annotations

from bot.lessons.messages import (  # noqa: F401 (the wording every surface shares)
    AGREED_TO_CONTACT,
    APPROVE,
    CONTACT_AGREED,
    CONTRIBUTOR,
    CONTRIBUTOR_NAMED,
    DID,
    EDIT,
    EDIT_TITLE,
    ENABLERS,
    FORM_TITLE,
    LEARNED,
    NO_CONTACT,
    NONE,
    ORGANISATION,
    QUESTION,
    REJECT,
    SUBMIT,
    TITLE,
    already_decided,
    card_heading,
    contributor,
    lessons_off,
    not_a_curator,
    submitted,
)

FIX_BELOW = "Please fix what is marked below; everything you typed is kept."
CONTACT = "Who to contact (name and role)"


def decided(status: str, document_id: str) -> str:
    if status == "approved":
        return f"Approved: added to the lessons as {document_id}."
    return "Rejected."


def edited(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} was updated; a curator can now approve or reject it."
