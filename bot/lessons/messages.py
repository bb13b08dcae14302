"""What peerbot says about lessons, on every surface (plain text; a surface escapes it)."""

from __future__ import annotations

from bot.messages import identifiers_listed

EXCERPT_CHARS = 400

# the lesson form and the review card, in Slack and Teams alike
FORM_TITLE = "Save as lesson"
EDIT_TITLE = "Edit lesson"
SUBMIT = "Send for review"
TITLE = "Title"
DID = "What we did"
LEARNED = "What we learned"
ORGANISATION = "Collaborative or organisation"
ENABLERS = "Enablers"
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


def now_answered(day: str, question: str, title: str, organisation: str, learned: str, contributor: str) -> str:
    """The direct message to someone whose question a new lesson answers (`day` "" when unknown)."""
    by = f", shared by {contributor}" if contributor else ""
    return (f"Your question{f' from {day}' if day else ''} now has an answer: “{_short(question, 200)}”\n"
            f"New lesson: {title} ({organisation}{by})\n{_short(learned, EXCERPT_CHARS)}\n"
            "Ask me again to see it with the rest of the lessons.")


def not_a_curator() -> str:
    return ("Only curators can approve, edit or reject lessons (the people who run peerbot choose them). "
            "Nothing was changed.")


def unknown_lesson(lesson_id: object) -> str:
    return f"There is no lesson #{lesson_id}."


def cannot_approve_empty(lesson_id: int, fields: list[str]) -> str:
    return (f"Lesson #{lesson_id} cannot be approved: its {', '.join(fields)} "
            f"{'is' if len(fields) == 1 else 'are'} empty in the records. Edit it first, or reject it.")


def cannot_approve_too_long(lesson_id: int, fields: list[str]) -> str:
    return (f"Lesson #{lesson_id} cannot be approved: its {', '.join(fields)} "
            f"{'is' if len(fields) == 1 else 'are'} longer in the records than the lesson form allows. Edit it first, "
            "or reject it.")


def already_decided(lesson_id: int, status: str, by: str) -> str:
    return f"Lesson #{lesson_id} was already {status}" + (f" by {by}" if by else "") + "; nothing was changed."


def already_submitted() -> str:
    return "This form was already sent for review; it was not stored twice."


def submitted(lesson_id: int, review: bool, stored_text: str = "") -> str:
    """The thank-you for a lesson sent for review; `stored_text` (its text as stored, redacted) says what
    was taken out of it, so its author knows the lesson kept is not word for word what they typed."""
    where = "A curator will review it" if review else "It is saved for the people who run peerbot to review"
    listed = identifiers_listed(stored_text)
    removed = (f" It had details that could identify someone ({listed}): they were removed before it was stored."
               if listed else "")
    return (f"Thank you: your lesson is #{lesson_id}. {where}; once approved it joins the lessons peerbot answers "
            f"from.{removed}")


def lessons_off() -> str:
    return "Lessons are not set up in this peerbot (it has no knowledge folder to write them to)."


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
