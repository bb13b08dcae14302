"""Block Kit for lessons from chat, pure: the lesson form (a modal), its thank-you, the review card
with Approve, Edit and Reject, the card once decided, and the direct message to a waiting asker.

Text people typed is escaped (`bot.slack.block_kit.fit`) so it can never ping a channel; a modal's
`private_metadata` carries only ids (where the lesson came from, the question it answers)."""

from __future__ import annotations

import json

from bot.lessons import messages as shared
from bot.lessons.model import LIMITS, Draft, Lesson
from bot.slack import lesson_messages as say
from bot.slack.block_kit import Rendered, button, context, fit, section, shorten
from bot.summary import EnablerListing

SUBMIT_VIEW, EDIT_VIEW = "lesson_submit", "lesson_edit"  # modal callback ids
APPROVE_ACTION, EDIT_ACTION, REJECT_ACTION = "lesson_approve", "lesson_edit", "lesson_reject"
OFFER_ACTION = "lesson_offer"  # "I can help" on a knowledge gap in the digest
SAVE_OFFERED_ACTION = "lesson_save_offered"  # the form for a lesson offered in a direct message
MAX_VALUE = 2000  # a button's value
VALUE = "value"  # every input's action id; its block id is the Draft field
AGREED = "agreed"
REVIEW_BLOCK = "lesson_review"
MAX_OPTIONS = 100
MAX_METADATA = 3000


def lesson_modal(enablers: list[EnablerListing], metadata: dict, draft: Draft | None = None,
                 edit: bool = False) -> dict:
    """The lesson form; `draft` fills it in (a quoted message, a gap's question, a lesson to edit)."""
    draft = draft or Draft()
    blocks = [
        _input("title", shared.TITLE, draft.title, hint=say.TITLE_HINT),
        _input("did", shared.DID, draft.did, multiline=True),
        _input("learned", shared.LEARNED, draft.learned, multiline=True),
        _input("organisation", shared.ORGANISATION, draft.organisation, hint=say.ORGANISATION_HINT),
        _enablers(enablers, draft.enablers),
        _input("contact", say.CONTACT, draft.contact, optional=True, hint=say.CONTACT_HINT),
        _checkbox("contact_agreed", shared.CONTACT_AGREED, draft.contact_agreed),
        _input("contributor", shared.CONTRIBUTOR, draft.contributor, optional=True),
        _checkbox("contributor_named", shared.CONTRIBUTOR_NAMED, draft.contributor_named),
    ]
    if draft.question:
        blocks.append(_input("question", shared.QUESTION, draft.question, optional=True, multiline=True))
    return {
        "type": "modal", "callback_id": EDIT_VIEW if edit else SUBMIT_VIEW,
        "title": _plain(shared.EDIT_TITLE if edit else shared.FORM_TITLE), "submit": _plain(shared.SUBMIT),
        "close": _plain(say.CANCEL), "private_metadata": json.dumps(metadata)[:MAX_METADATA], "blocks": blocks,
    }


def thanks_view(lesson_id: int, review: bool, stored_text: str = "") -> dict:
    return {"type": "modal", "title": _plain(shared.FORM_TITLE), "close": _plain(say.DONE),
            "blocks": [section(fit(shared.submitted(lesson_id, review, stored_text), 2000))]}


def edited_view(lesson_id: int) -> dict:
    return {"type": "modal", "title": _plain(shared.EDIT_TITLE), "close": _plain(say.DONE),
            "blocks": [section(fit(say.edited(lesson_id), 500))]}


def review_card(lesson: Lesson, enabler_names: dict[str, str]) -> Rendered:
    """A submission as curators see it, with Approve, Edit and Reject."""
    blocks = _lesson_blocks(lesson, enabler_names)
    value = str(lesson.id)
    blocks.append({"type": "actions", "block_id": REVIEW_BLOCK, "elements": [
        button(shared.APPROVE, APPROVE_ACTION, value, style="primary"), button(shared.EDIT, EDIT_ACTION, value),
        button(shared.REJECT, REJECT_ACTION, value, style="danger")]})
    return Rendered(fit(say.card_fallback(lesson.id, lesson.draft.title), 500), blocks)


def decided_card(lesson: Lesson, enabler_names: dict[str, str]) -> Rendered:
    """The card once a curator decided: who, and for an approval the document written."""
    blocks = _lesson_blocks(lesson, enabler_names)
    blocks.append(context(say.decided(lesson.status, lesson.decided_by, lesson.document_id)))
    return Rendered(fit(say.card_fallback(lesson.id, lesson.draft.title), 500), blocks)


def answer_notice(text: str) -> Rendered:
    return Rendered(fit(text, 2900), [section(fit(text, 2900))])


def _lesson_blocks(lesson: Lesson, enabler_names: dict[str, str]) -> list[dict]:
    draft, origin = lesson.draft, lesson.origin
    enablers = " · ".join(fit(enabler_names.get(e, e), 150) for e in draft.enablers) or shared.NONE
    contact = fit(lesson.contact, 150) + shared.AGREED_TO_CONTACT if lesson.contact else shared.NO_CONTACT
    blocks = [
        section(f"*{shared.card_heading(lesson.id)}* {fit(draft.title, 300)}\n{shared.ORGANISATION}: "
                f"{fit(draft.organisation, 300)}"),
        section(f"*{shared.DID}*\n{fit(draft.did, 2700)}"),
        section(f"*{shared.LEARNED}*\n{fit(draft.learned, 2700)}"),
    ]
    if draft.question:
        blocks.append(section(f"*{shared.QUESTION}*\n{fit(draft.question, 1000)}"))
    people = [f"{shared.ENABLERS}: {enablers}", f"{say.CONTACT}: {contact}",
              shared.contributor(fit(lesson.contributor, 150)), say.saved_by(origin.submitter, origin.quoted_author)]
    blocks.append(context("\n".join(people)))
    return blocks


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": shorten(text, 24)}


def _input(name: str, label: str, value: str, *, multiline: bool = False, optional: bool = False,
           hint: str = "") -> dict:
    element = {"type": "plain_text_input", "action_id": VALUE, "multiline": multiline,
               "max_length": LIMITS[name]}
    if value:
        element["initial_value"] = value[: LIMITS[name]]
    block = {"type": "input", "block_id": name, "label": {"type": "plain_text", "text": label},
             "element": element, "optional": optional}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _checkbox(name: str, label: str, ticked: bool) -> dict:
    option = {"text": {"type": "plain_text", "text": label}, "value": AGREED}
    element: dict = {"type": "checkboxes", "action_id": VALUE, "options": [option]}
    if ticked:
        element["initial_options"] = [option]
    return {"type": "input", "block_id": name, "optional": True, "element": element,
            "label": {"type": "plain_text", "text": say.AGREEMENT}}


def _enablers(enablers: list[EnablerListing], chosen: tuple[str, ...]) -> dict:
    options = [{"text": {"type": "plain_text", "text": shorten(e.enabler.name, 75)}, "value": e.enabler.id}
               for e in enablers[:MAX_OPTIONS]]
    element: dict = {"type": "multi_static_select", "action_id": VALUE, "options": options,
                     "placeholder": {"type": "plain_text", "text": say.ENABLERS_PLACEHOLDER}}
    initial = [o for o in options if o["value"] in chosen]
    if initial:
        element["initial_options"] = initial
    return {"type": "input", "block_id": "enablers", "optional": True, "element": element,
            "label": {"type": "plain_text", "text": shared.ENABLERS}}


def save_offered_message(learned: str) -> Rendered:
    """The reply to a lesson offered in a direct message ("save this as a lesson: …"): a button opening the form
    (a message cannot open one: only a click gives the trigger), what was offered carried in its value."""
    text = say.save_offered(bool(learned))
    block = section(text)
    block["accessory"] = button(shared.FORM_TITLE, SAVE_OFFERED_ACTION, learned[:MAX_VALUE])
    return Rendered(text, [block])
