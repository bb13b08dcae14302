"""Lessons from chat as Adaptive Cards for Teams, pure: the lesson form (inputs and one
Action.Execute), its thank-you, the review card with Approve, Edit and Reject, and the card once
decided. A form refused for its problems comes back filled in as typed, each problem above its field."""

from __future__ import annotations

from bot.lessons import messages as shared
from bot.lessons.model import LIMITS, Draft, Lesson
from bot.summary import EnablerListing
from bot.teams import lesson_messages as say

LESSON_VERB = "peerbot.lesson"  # the form's submit (data: {"q": question id} or {"id": N} for an edit)
SAVE_COMMAND = "saveLesson"  # the message action ("Save as lesson" on a message), in the app manifest
REVIEW_VERB = "peerbot.lesson_review"  # Approve / Edit / Reject (data: {"id": N, "decision": ...})
DECISIONS = ("approve", "edit", "reject")
ON, OFF = "true", "false"
VERSION = "1.4"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def lesson_form(enablers: list[EnablerListing], draft: Draft | None = None, data: dict | None = None,
                problems: dict[str, str] | None = None, *, dialog: bool = False) -> dict:
    """The form; in a dialog (the message action's task module) it submits with Action.Submit."""
    draft, problems = draft or Draft(), problems or {}
    body: list[dict] = [_text(shared.EDIT_TITLE if data and "id" in data else shared.FORM_TITLE, weight="Bolder",
                              size="Medium")]
    if problems:
        body.append(_text(say.FIX_BELOW, color="Attention"))

    def field(name: str, label: str, value: str, *, multiline: bool = False, required: bool = True) -> None:
        if name in problems:
            body.append(_text(problems[name], color="Attention", spacing="Small"))
        body.append({"type": "Input.Text", "id": name, "label": label, "value": value, "isMultiline": multiline,
                     "maxLength": LIMITS[name], "isRequired": required})

    field("title", shared.TITLE, draft.title)
    field("did", shared.DID, draft.did, multiline=True)
    field("learned", shared.LEARNED, draft.learned, multiline=True)
    field("organisation", shared.ORGANISATION, draft.organisation)
    if "enablers" in problems:
        body.append(_text(problems["enablers"], color="Attention", spacing="Small"))
    body.append({"type": "Input.ChoiceSet", "id": "enablers", "label": shared.ENABLERS, "isMultiSelect": True,
                 "value": ",".join(draft.enablers),
                 "choices": [{"title": e.enabler.name, "value": e.enabler.id} for e in enablers]})
    field("contact", say.CONTACT, draft.contact, required=False)
    body.append(_toggle("contact_agreed", shared.CONTACT_AGREED, draft.contact_agreed))
    field("contributor", shared.CONTRIBUTOR, draft.contributor, required=False)
    body.append(_toggle("contributor_named", shared.CONTRIBUTOR_NAMED, draft.contributor_named))
    if draft.question:
        field("question", shared.QUESTION, draft.question, multiline=True, required=False)
    submit = {"type": "Action.Execute", "title": shared.SUBMIT, "verb": LESSON_VERB, "data": data or {}}
    if dialog:
        submit = {"type": "Action.Submit", "title": shared.SUBMIT, "data": data or {}}
    return _card(body, [submit])


def dialog(card: dict) -> dict:
    """A task module (dialog) showing `card`, as a message action's answer."""
    return {"task": {"type": "continue", "value": {"title": shared.FORM_TITLE, "width": "large",
                                                   "card": {"contentType": CONTENT_TYPE, "content": card}}}}


def dialog_closed(text: str) -> dict:
    """Close the dialog, showing `text`."""
    return {"task": {"type": "message", "value": text}}


def thanks_card(text: str) -> dict:
    return _card([_text(text)])


def review_card(lesson: Lesson, enabler_names: dict[str, str]) -> dict:
    actions = [{"type": "Action.Execute", "title": title, "verb": REVIEW_VERB,
                "data": {"id": lesson.id, "decision": decision}}
               for title, decision in ((shared.APPROVE, "approve"), (shared.EDIT, "edit"), (shared.REJECT, "reject"))]
    return _card(_lesson(lesson, enabler_names), actions)


def decided_card(lesson: Lesson, enabler_names: dict[str, str]) -> dict:
    return _card(_lesson(lesson, enabler_names) + [_text(say.decided(lesson.status, lesson.document_id),
                                                         isSubtle=True, separator=True)])


def _lesson(lesson: Lesson, enabler_names: dict[str, str]) -> list[dict]:
    draft = lesson.draft
    enablers = ", ".join(enabler_names.get(e, e) for e in draft.enablers) or shared.NONE
    body = [_text(f"{shared.card_heading(lesson.id)} {draft.title}", weight="Bolder"),
            _text(f"{shared.ORGANISATION}: {draft.organisation}", isSubtle=True),
            _text(f"**{shared.DID}**\n\n{draft.did}"), _text(f"**{shared.LEARNED}**\n\n{draft.learned}")]
    if draft.question:
        body.append(_text(f"**{shared.QUESTION}**\n\n{draft.question}"))
    contact = f"{lesson.contact}{shared.AGREED_TO_CONTACT}" if lesson.contact else shared.NO_CONTACT
    body.append(_text(f"{shared.ENABLERS}: {enablers}\n\n{say.CONTACT}: {contact}\n\n"
                      f"{shared.contributor(lesson.contributor)}", size="Small"))
    return body


def _toggle(name: str, title: str, on: bool) -> dict:
    return {"type": "Input.Toggle", "id": name, "title": title, "value": ON if on else OFF, "valueOn": ON,
            "valueOff": OFF}


def _text(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _card(body: list[dict], actions: list[dict] | None = None) -> dict:
    card = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": VERSION, "body": body}
    if actions:
        card["actions"] = actions
    return card
