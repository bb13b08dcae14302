"""Slack requests about lessons, normalised once, pure: what opens the lesson form (the "Save as
lesson" shortcut, `/lesson`, "I can help") and what a submitted form holds."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from bot.lessons.model import Draft
from bot.slack.lesson_views import AGREED, VALUE
from bot.slack.payloads import _dict, _str, plain_text


@dataclass(frozen=True)
class FormOpening:
    """Where a lesson form is opened from, and what fills it in."""

    trigger_id: str
    user: str
    channel: str = ""
    workspace: str = ""
    quoted_author: str = ""  # the author of the message "Save as lesson" was used on
    quoted_text: str = ""
    question_id: str = ""  # "I can help": the knowledge-gap question
    response_url: str = ""

    def metadata(self) -> dict:
        """What the modal carries back on submission (ids only, never text)."""
        return {"c": self.channel, "w": self.workspace, "a": self.quoted_author, "q": self.question_id}


def opening_from_shortcut(body: dict, bot_user_id: str = "") -> FormOpening:
    message = _dict(body, "message")
    return FormOpening(
        trigger_id=_str(body, "trigger_id"), user=_str(_dict(body, "user"), "id"),
        channel=_str(_dict(body, "channel"), "id"), workspace=_str(_dict(body, "team"), "id"),
        quoted_author=_str(message, "user"), quoted_text=plain_text(_str(message, "text"), bot_user_id),
        response_url=_str(body, "response_url"),
    )


def opening_from_command(body: dict) -> FormOpening:
    """`/lesson [title]`: the form, its title filled in with what was typed."""
    return FormOpening(trigger_id=_str(body, "trigger_id"), user=_str(body, "user_id"),
                       channel=_str(body, "channel_id"), workspace=_str(body, "team_id"),
                       quoted_text=plain_text(_str(body, "text")), response_url=_str(body, "response_url"))


@dataclass(frozen=True)
class FormSubmission:
    callback_id: str
    user: str
    workspace: str
    draft: Draft
    metadata: dict  # as `FormOpening.metadata` made it (or {"id": N} for an edit); {} when unreadable
    delivery: str = ""  # the view, its version and what was typed: the same form delivered again repeats it


def submission_from_payload(body: dict) -> FormSubmission:
    """A view_submission; fields that are absent or of the wrong type are empty (the checks say so)."""
    view = _dict(body, "view")
    values = _dict(_dict(view, "state"), "values")
    metadata = _metadata(_str(view, "private_metadata"))

    def text(name: str) -> str:
        return _str(_dict(_dict(values, name), VALUE), "value")

    def chosen(name: str) -> tuple[str, ...]:
        options = _dict(values, name).get(VALUE, {})
        selected = options.get("selected_options") if isinstance(options, dict) else None
        return tuple(_str(o, "value") for o in selected if isinstance(o, dict)) if isinstance(selected, list) else ()

    question_id = metadata.get("q")
    question_id = question_id if isinstance(question_id, str) else ""
    draft = Draft(
        title=text("title"), did=text("did"), learned=text("learned"), organisation=text("organisation"),
        contact=text("contact"), contact_agreed=AGREED in chosen("contact_agreed"),
        contributor=text("contributor"), contributor_named=AGREED in chosen("contributor_named"),
        enablers=chosen("enablers"), question=text("question"), question_id=question_id,
    )
    typed = hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode("utf-8", "surrogatepass")).hexdigest()
    delivery = f"slack:form:{_str(view, 'id')}:{_str(view, 'hash')}:{typed}" if _str(view, "id") else ""
    return FormSubmission(_str(view, "callback_id"), _str(_dict(body, "user"), "id"),
                          _str(_dict(body, "team"), "id"), draft, metadata, delivery)


def lesson_id(value: object) -> int | None:
    """A lesson number from a button value or modal metadata; None when it is not one."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return int(text) if text.isdecimal() and len(text) < 12 else None


def _metadata(text: str) -> dict:
    try:
        data = json.loads(text) if text else {}
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return {}
    return data if isinstance(data, dict) else {}
