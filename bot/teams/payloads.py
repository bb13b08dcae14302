"""Reading Teams activities: pure predicates, and one normalised `Incoming` per message.

Raw activities stop here; the rest of the Teams code sees `Incoming`, `Feedback` and plain ids.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlparse

from microsoft_agents.activity import Activity

from bot.question import DM, GROUP, PRIVATE, PUBLIC, Place, Platform, clean, lines_kept
from bot.typed_words import typed_words

PLATFORM: Platform = "teams"
STANDARD_CHANNEL_TYPES = {"", "standard"}  # Teams marks private and shared channels as such
FEEDBACK_VERB = "peerbot.feedback"
WATCH_VERB = "peerbot.watch"  # "Tell me when someone answers this" (in a personal chat)
OFFER = "lesson_offer"  # "I can help" on a digest's knowledge gap (a task/fetch Action.Submit's data)
_COMMAND = re.compile(r"(help|enablers)[\s.!?]*|enabler(?:\s+(.*))?", re.I | re.S)
_LESSON = re.compile(r"lesson(?:\s+(.*))?", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# a tag that ends a line, cell or item in Teams' HTML: a line break, so that the words either side stay apart
_BREAK = re.compile(r"<(?:br|hr|/?(?:p|div|li|ul|ol|tr|td|th|table|tbody|thead|h[1-6]|blockquote|pre))\b[^>]*>", re.I)
_QUOTE = re.compile(r"<blockquote\b[^>]*>(.*?)</blockquote\s*>", re.I | re.S)  # a reply's quoted text
_AT = re.compile(r"<at\b[^>]*>.*?</at\s*>", re.I | re.S)  # a mention the entities did not list

MAX_ID = 1024  # Teams' ids and service URLs are far shorter
IncomingKind = Literal["question", "help", "enablers", "enabler", "lesson"]


@dataclass(frozen=True)
class Incoming:
    """A message for peerbot: a question, or one of the commands `help`, `enablers`, `enabler NAME`,
    `lesson [TITLE]`."""

    kind: IncomingKind
    text: str  # the question, or the enabler name
    conversation_id: str
    event_key: str
    place: Place = PRIVATE
    workspace: str = ""  # the team of a channel; the tenant of a chat
    thread: str = ""  # a channel thread (its conversation id, with `;messageid=`) or the chat itself
    chat: bool = False  # a personal or group chat, which has no threads


@dataclass(frozen=True)
class Feedback:
    question_id: str
    helpful: bool


def conversation_id(activity: Activity) -> str:
    """The conversation, without the `;messageid=` suffix that marks a channel thread."""
    return activity.conversation.id.split(";", 1)[0]


def conversation_name(activity: Activity) -> str:
    """The chat's or team's display name, when Teams sends one."""
    name = activity.conversation.name or _field(_channel_data(activity), "team").get("name")
    return clean(name) if isinstance(name, str) else ""


def _channel_data(activity: Activity) -> dict:
    data = activity.channel_data
    if hasattr(data, "model_dump"):
        data = data.model_dump(by_alias=True, exclude_none=True)
    return data if isinstance(data, dict) else {}


def _field(data: dict, key: str) -> dict:
    """`data[key]` when it is an object, else {} (a client may send any shape)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def place_of(activity: Activity) -> Place:
    """A personal chat is a DM, a group chat a group; a standard channel of a team is public,
    a private or shared channel (or one with no team) private."""
    kind = activity.conversation.conversation_type or "personal"
    if kind == "personal":
        return DM
    if kind == "groupChat":
        return GROUP
    data = _channel_data(activity)
    channel_type = _text(_field(data, "channel").get("type")).lower()
    if kind == "channel" and team_id(activity) and channel_type in STANDARD_CHANNEL_TYPES:
        return PUBLIC
    return PRIVATE


def team_id(activity: Activity) -> str:
    return _text(_field(_channel_data(activity), "team").get("id"))


def workspace(activity: Activity) -> str:
    """The team a channel belongs to; for a chat, its tenant."""
    return team_id(activity) or tenant_id(activity)


def tenant_id(activity: Activity) -> str:
    return _text(_field(_channel_data(activity), "tenant").get("id")) or _text(activity.conversation.tenant_id)


def sender_id(activity: Activity) -> str:
    """Who sent it, as Teams knows them in this app (`29:…`); "" when the activity names no one."""
    return _text(activity.from_property.id) if activity.from_property else ""


def event_key(activity: Activity) -> str:
    """Teams retries a delivery with the same activity id; this key answers it once."""
    return f"{PLATFORM}:{activity.conversation.id}:{activity.id}" if activity.id else ""


def is_personal(activity: Activity) -> bool:
    return (activity.conversation.conversation_type or "personal") == "personal"


def mentions_bot(activity: Activity) -> bool:
    bot = activity.recipient.id if activity.recipient else None
    return any(m.mentioned and m.mentioned.id == bot for m in _mentions(activity))


def _mentions(activity: Activity) -> list:
    """The activity's mention entities; none when they are malformed."""
    try:
        return activity.get_mentions()
    except (ValueError, TypeError, AttributeError):  # pydantic's ValidationError is a ValueError
        return []


def message_text(activity: Activity) -> str:
    """The user's words: every mention removed (the bot's, a channel's, team's, tag's or person's, as in
    Slack: addressed to people, not asked; `bot.chat_markup`), a `<blockquote>` as quoted lines ("> …", as Slack's),
    markup dropped, its lines kept (`lines_kept`)."""
    text = clean(activity.text or "")
    for mention in _mentions(activity):
        if mention.text:
            text = text.replace(clean(mention.text), " ")
    text = _QUOTE.sub(lambda m: "\n" + _quoted(m.group(1)) + "\n", _AT.sub(" ", text))
    return lines_kept(html.unescape(_TAG.sub("", _BREAK.sub("\n", text))))


def _quoted(inner: str) -> str:
    """A `<blockquote>`'s lines as Slack's and an email's quoted lines ("> …"), which are not the question."""
    lines = _TAG.sub("", _BREAK.sub("\n", inner)).splitlines()
    return "\n".join(f"> {line.strip()}" for line in lines if line.strip())


def read_message(activity: Activity) -> Incoming | None:
    """None when peerbot should stay quiet: a channel or group chat message that does not mention it, or
    another card's Action.Submit (the card's data, no words; peerbot's own cards use Action.Execute)."""
    if not (is_personal(activity) or mentions_bot(activity)):
        return None
    text = message_text(activity)
    if not text and activity.value is not None:
        return None
    # "/help", "/enabler trust": a command typed as a slash command; `ｈｅｌｐ`, `һelp`, `he\u200blp` as typed plainly
    typed = typed_words(text).removeprefix("/").strip()
    command = _COMMAND.fullmatch(typed)
    lesson = _LESSON.fullmatch(typed)
    kind: IncomingKind
    if lesson:
        kind, argument = "lesson", " ".join((lesson.group(1) or "").split())
    elif command and command.group(1):
        kind, argument = ("help" if command.group(1).lower() == "help" else "enablers"), ""
    elif command:
        argument = " ".join((command.group(2) or "").split())
        kind = "enabler" if argument else "enablers"
    else:
        kind, argument = "question", text
    chat = activity.conversation.conversation_type != "channel"
    return Incoming(kind, argument, conversation_id(activity), event_key(activity), place_of(activity),
                    workspace(activity), activity.conversation.id, chat)


def activity_problem(body: object) -> str | None:
    """What keeps a request body from being a Bot Framework activity, or None."""
    if not isinstance(body, dict):
        return "expected a JSON object (an activity)"
    if unwritable := _unwritable(body):
        return unwritable
    try:
        activity = Activity.model_validate(body)
    except (ValueError, TypeError) as e:  # pydantic's ValidationError
        first = e.errors()[0] if hasattr(e, "errors") else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the activity"
        return f"`{where}`: {first.get('msg', 'malformed')}"
    if not isinstance(activity.type, str) or not activity.conversation or not isinstance(activity.conversation.id, str):
        return "an activity needs a type and a conversation id"
    needed = {"channelId": activity.channel_id, "from.id": activity.from_property and activity.from_property.id,
              "recipient.id": activity.recipient and activity.recipient.id}
    missing = [name for name, value in needed.items() if not value]
    if missing:
        return f"an activity needs `{missing[0]}`"
    ids = {**needed, "conversation.id": activity.conversation.id, "serviceUrl": activity.service_url,
           "id": activity.id, "replyToId": activity.reply_to_id}
    long = [name for name, value in ids.items() if isinstance(value, str) and len(value) > MAX_ID]
    if long:  # never one Teams made: it would go back to the connector in a reply's URL
        return f"`{long[0]}` is too long for an id"
    url = urlparse(activity.service_url or "")
    if url.scheme not in ("http", "https") or not url.hostname:
        return "an activity needs a `serviceUrl` to reply to"
    if activity.type == "invoke" and activity.name == "adaptiveCard/action":
        action = activity.value.get("action") if isinstance(activity.value, dict) else None
        if not isinstance(action, dict) or not isinstance(action.get("verb"), str):
            return "an adaptiveCard/action invoke needs `value.action.verb`"
        if not isinstance(action.get("data", {}), dict):
            return "`value.action.data` must be an object"
    return None


MAX_DEPTH = 64  # objects and lists within each other: an activity is about 8 deep, a card's data a few more
WORDS = ("text", "value")  # what a person wrote (the message, a card's inputs): read by peerbot, which drops bad text


def _unwritable(body: dict) -> str | None:
    """What in a parsed body cannot be stored or sent on, wherever it is: objects and lists nested
    more than MAX_DEPTH deep (the SDK's serialiser stops at 255, mid-turn), or, outside what a
    person wrote (WORDS), a key or a string that is not valid text (a lone surrogate, which JSON's
    escapes allow and UTF-8 does not: the ids, names and tenant stored with a question). None when
    there is nothing of the kind. Walked without recursion, so any depth is measured."""
    pending: list[tuple[object, str, int, bool]] = [(body, "", 1, False)]
    while pending:
        node, where, depth, words = pending.pop()
        if depth > MAX_DEPTH:
            return f"`{_shown(where)}` is nested too deeply"
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            inside = f"{where}.{key}" if where else str(key)
            within = words or (depth == 1 and key in WORDS)
            if not within and any(isinstance(t, str) and not _encodable(t) for t in (key, value)):
                return f"`{_shown(inside)}` is not valid text"
            if isinstance(value, dict | list):
                pending.append((value, inside, depth + 1, within))
    return None


def _shown(path: str) -> str:
    """A path in a body for the log: printable, and short (its keys are the sender's)."""
    text = path.encode("utf-8", "replace").decode().encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_feedback(data: object) -> Feedback | None:
    """The Helpful / Not helpful action's data, or None when it is malformed."""
    if not isinstance(data, dict):
        return None
    question_id, helpful = data.get("question_id"), data.get("helpful")
    if not isinstance(question_id, str) or not question_id or not _encodable(question_id) or not isinstance(helpful, bool):
        return None
    return Feedback(question_id, helpful)


def bot_added(activity: Activity) -> bool:
    """The app was installed here (`installationUpdate` add) or the bot joined (`conversationUpdate`)."""
    if activity.type == "installationUpdate":
        return (activity.action or "").startswith("add")
    bot = activity.recipient.id if activity.recipient else None
    return any(member.id == bot for member in activity.members_added or [])


def bot_removed(activity: Activity) -> bool:
    if activity.type == "installationUpdate":
        return (activity.action or "").startswith("remove")
    bot = activity.recipient.id if activity.recipient else None
    return any(member.id == bot for member in activity.members_removed or [])
