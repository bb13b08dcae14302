"""Reading the lesson form's and the review card's Action.Execute data, pure. Action.Execute sends
the card's inputs merged into the action's data: text as strings, a multi-select as "a,b", a
toggle as "true" / "false". Anything of another type counts as empty (the form's checks say so)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from microsoft_agents.activity import Activity

from bot.lessons.model import Draft
from bot.question import clean
from bot.teams.lesson_cards import DECISIONS, ON


@dataclass(frozen=True)
class Review:
    lesson_id: int
    decision: str  # "approve", "edit" or "reject"


def draft_from_data(data: object) -> Draft:
    data = data if isinstance(data, dict) else {}

    def text(name: str) -> str:
        value = data.get(name)
        return clean(value) if isinstance(value, str) else ""

    question_id = data.get("q")
    return Draft(
        title=text("title"), did=text("did"), learned=text("learned"), organisation=text("organisation"),
        contact=text("contact"), contact_agreed=text("contact_agreed") == ON, contributor=text("contributor"),
        contributor_named=text("contributor_named") == ON,
        enablers=tuple(e.strip() for e in text("enablers").split(",") if e.strip()), question=text("question"),
        question_id=question_id if isinstance(question_id, str) else "",
    )


def edited_lesson(data: object) -> int | None:
    """The lesson a submitted form edits (a curator's Edit), or None for a new lesson."""
    number = data.get("id") if isinstance(data, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


def review_from_data(data: object) -> Review | None:
    number = edited_lesson(data)
    decision = data.get("decision") if isinstance(data, dict) else None
    return Review(number, decision) if number is not None and decision in DECISIONS else None


def user_of(activity: Activity) -> str:
    """Who acted: their Microsoft Entra (AAD) object id, as PEERBOT_CURATORS lists curators."""
    person = activity.from_property
    return (person.aad_object_id or "") if person else ""


AAD_IDENTITIES = ("aadUser", "onPremiseAadUser")  # a message author whose `id` is their AAD object id


@dataclass(frozen=True)
class MessageAction:
    """"Save as lesson" on a Teams message: the command, the message's author and text, the form's data."""

    command: str
    author: str  # the message author's AAD object id
    text: str
    data: dict


def message_action(value: object) -> MessageAction:
    value = value if isinstance(value, dict) else {}
    person = _object(_object(_object(value, "messagePayload"), "from"), "user")
    content = _object(_object(value, "messagePayload"), "body").get("content")
    author = person.get("id") if person.get("userIdentityType") in AAD_IDENTITIES else None
    text = clean(html.unescape(re.sub(r"<[^>]+>", " ", content))) if isinstance(content, str) else ""
    command, data = value.get("commandId"), value.get("data")
    return MessageAction(command if isinstance(command, str) else "", author if isinstance(author, str) else "",
                         " ".join(text.split()), data if isinstance(data, dict) else {})


def _object(mapping: dict, key: str) -> dict:
    value = mapping.get(key)
    return value if isinstance(value, dict) else {}
