"""What peerbot says in Teams about lessons from chat beyond the wording every surface shares
(bot/lessons/messages.py), in Teams markdown."""

from __future__ import annotations

FIX_BELOW = "Please fix what is marked below; everything you typed is kept."
CONTACT = "Who to contact (name and role)"


def decided(status: str, document_id: str) -> str:
    if status == "approved":
        return f"Approved: added to the lessons as {document_id}."
    return "Rejected."


def edited(lesson_id: int) -> str:
    return f"Lesson #{lesson_id} was updated; a curator can now approve or reject it."
