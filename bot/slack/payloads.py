"""Slack payloads, normalised once: pure predicates and small frozen objects.

Everything past the Bolt listeners works with these objects, never with Slack's raw dicts.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import typing
from dataclasses import dataclass

from bot.question import DM, GROUP, PRIVATE, PUBLIC, Place, Platform, Question, clean, lines_kept
from bot.typed_words import typed_words

PLATFORM: Platform = "slack"
# Message subtypes that are still a person writing a question; edits, joins and bot posts are not.
QUESTION_SUBTYPES = {"", "file_share", "thread_broadcast"}
HELP_WORDS = {"", "help", "?", "-h", "--help"}
_ANGLE_TOKEN = re.compile(r"<([^<>]*)>")
_BROADCAST = re.compile(r"<!(?:here|channel|everyone|subteam\^)[^<>]*>", re.I)


def _str(mapping, key: str) -> str:
    """A text field from Slack's JSON, made safe (lone surrogates and NULs removed); "" if absent."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return clean(value) if isinstance(value, str) else ""


def _dict(mapping, key: str) -> dict:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, dict) else {}


def plain_text(text: str, bot_user_id: str = "", lines: bool = False) -> str:
    """Slack's formatted text as the words a person typed: mentions of people, channels and groups and
    broadcasts removed (addressed to people, not asked: `bot.chat_markup`), links reduced to their
    labels, entities (&amp; &lt; &gt;) decoded; spaces collapsed, and its lines joined unless `lines` (a
    question's: `bot.question.lines_kept`)."""

    def replace(match: re.Match) -> str:
        target, _, label = match.group(1).partition("|")
        if target[:1] in "@#!":
            return ""  # <@U…>, <#C…|ops>, <!here>, <!subteam^...>: never carried into a question
        return label or target

    text = _BROADCAST.sub("", html.unescape(_ANGLE_TOKEN.sub(replace, text or "")))  # typed as "&lt;!here&gt;"
    return lines_kept(text) if lines else re.sub(r"\s+", " ", text).strip()


def is_from_bot(message: dict, bot_user_id: str = "") -> bool:
    """Posted by any bot or app (including peerbot itself), not by a person."""
    return bool(
        message.get("bot_id")
        or message.get("subtype") == "bot_message"
        or (bot_user_id and message.get("user") == bot_user_id)
    )


@dataclass(frozen=True)
class SlackMessage:
    """A person's message that asks peerbot something: a mention in a channel, or a DM."""

    channel: str
    ts: str
    thread_ts: str  # "" when the message is not in a thread
    user: str
    text: str  # plain text, the bot's mention removed
    is_dm: bool
    workspace: str = ""  # the Slack workspace (team id)

    @property
    def reply_thread(self) -> str | None:
        """Where the answer goes: a channel question's thread; a DM is answered in the DM."""
        if self.is_dm:
            return self.thread_ts or None
        return self.thread_ts or self.ts

    @property
    def is_follow_up(self) -> bool:
        return bool(self.thread_ts) and self.thread_ts != self.ts

    @property
    def inbox_key(self) -> str:
        """One question, however often or in however many event types (app_mention, message.im)
        Slack delivers it."""
        return f"{self.channel}:{self.ts}"

    def stored(self) -> dict:
        """What answering needs besides the text (kept in the inbox until it is answered)."""
        return {"channel": self.channel, "ts": self.ts, "thread_ts": self.thread_ts, "is_dm": self.is_dm,
                "workspace": self.workspace}

    def question(self, place: Place) -> Question:
        """The question; a channel's (or a DM thread's) thread is remembered for follow-ups, and a DM
        outside a thread is a chat, as a Teams personal chat is: its latest question is the context."""
        if self.is_dm and not self.reply_thread:
            return Question(PLATFORM, self.channel, self.text, DM, self.workspace, self.channel, chat=True)
        return Question(PLATFORM, self.channel, self.text, DM if self.is_dm else place, self.workspace,
                        f"{self.channel}:{self.reply_thread}")


def message_from_event(body: dict, bot_user_id: str = "") -> SlackMessage | None:
    """The question in an Events API callback, or None when peerbot should stay quiet."""
    event = _dict(body, "event")
    kind = _str(event, "type")
    if kind not in ("app_mention", "message"):
        return None
    if _str(event, "subtype") not in QUESTION_SUBTYPES or is_from_bot(event, bot_user_id):
        return None
    channel, ts, user = _str(event, "channel"), _str(event, "ts"), _str(event, "user")
    if not (channel and ts and user):
        return None
    is_dm = _str(event, "channel_type") == "im" or channel.startswith("D")
    if kind == "message" and not is_dm:
        return None  # in channels peerbot answers only when mentioned (the app_mention event)
    return SlackMessage(
        channel=channel, ts=ts, thread_ts=_str(event, "thread_ts"), user=user,
        text=plain_text(_str(event, "text"), bot_user_id, lines=True), is_dm=is_dm,
        workspace=_str(body, "team_id") or _str(event, "team"),
    )


def place_of(channel: dict) -> Place:
    """A conversation's place from its conversations.info object: public only for a channel
    everyone in the workspace can read (not private, not shared with another organisation)."""
    if channel.get("is_im"):
        return DM
    if channel.get("is_mpim"):
        return GROUP
    shared = channel.get("is_ext_shared") or channel.get("is_pending_ext_shared")
    if channel.get("is_channel") and channel.get("is_private") is False and not shared:
        return PUBLIC
    return PRIVATE


@dataclass(frozen=True)
class SlashCommand:
    command: str  # "/peer" or "/enabler"
    text: str
    channel: str
    user: str
    response_url: str
    trigger_id: str
    workspace: str = ""

    @property
    def is_help(self) -> bool:
        """`help` (or nothing), as typed plainly: `ｈｅｌｐ`, `һelp` (a Cyrillic һ), `he\u200blp` too."""
        return typed_words(self.text).strip().lower() in HELP_WORDS

    @property
    def inbox_key(self) -> str:
        return f"command:{self.trigger_id}"

    def stored(self) -> dict:
        return {"command": self.command, "channel": self.channel, "user": self.user, "response_url": self.response_url,
                "workspace": self.workspace}

    def question(self) -> Question:
        """Asked privately: only its asker sees a slash command and its answer."""
        return Question(PLATFORM, self.channel, self.text, PRIVATE, self.workspace)


def command_from_payload(body: dict) -> SlashCommand:
    """With `should_escape: true` Slack sends mentions, channels and links escaped (`<@U…|name>`,
    `<#C…|name>`, `<!here>`); `plain_text` reduces them to words and drops broadcasts."""
    return SlashCommand(
        command=_str(body, "command"), text=plain_text(_str(body, "text"), lines=True), channel=_str(body, "channel_id"),
        user=_str(body, "user_id"), response_url=_str(body, "response_url"), trigger_id=_str(body, "trigger_id"),
        workspace=_str(body, "team_id"),
    )


@dataclass(frozen=True)
class MessageShortcut:
    """"Ask peerbot" on a message: answer that message's text in its thread."""

    channel: str
    user: str  # who used the shortcut
    message_ts: str
    thread_ts: str
    text: str
    response_url: str
    trigger_id: str
    workspace: str = ""

    @property
    def reply_thread(self) -> str:
        return self.thread_ts or self.message_ts

    @property
    def inbox_key(self) -> str:
        return f"shortcut:{self.trigger_id}"

    def stored(self) -> dict:
        return {"channel": self.channel, "message_ts": self.message_ts, "thread_ts": self.thread_ts,
                "response_url": self.response_url, "workspace": self.workspace}

    def question(self, place: Place) -> Question:
        return Question(PLATFORM, self.channel, self.text, place, self.workspace, f"{self.channel}:{self.reply_thread}")


def shortcut_from_payload(body: dict, bot_user_id: str = "") -> MessageShortcut:
    message = _dict(body, "message")
    return MessageShortcut(
        channel=_str(_dict(body, "channel"), "id"), user=_str(_dict(body, "user"), "id"),
        message_ts=_str(message, "ts") or _str(body, "message_ts"), thread_ts=_str(message, "thread_ts"),
        text=plain_text(_str(message, "text"), bot_user_id, lines=True), response_url=_str(body, "response_url"),
        trigger_id=_str(body, "trigger_id"), workspace=_str(_dict(body, "team"), "id"),
    )


@dataclass(frozen=True)
class ButtonClick:
    action_id: str
    value: str
    user: str
    channel: str
    message_ts: str
    is_ephemeral: bool
    response_url: str
    blocks: tuple[dict, ...]  # the clicked message's blocks (absent for ephemeral messages)
    message_text: str = ""  # the clicked message's fallback text
    workspace: str = ""  # the Slack workspace (team id)
    trigger_id: str = ""  # lets a click open a modal
    action_ts: str = ""  # when it was clicked: with the user and the button, the click's own key

    @property
    def delivery(self) -> str:
        """The click's delivery key ("" when Slack sent no action_ts): a redelivery repeats all of it.
        The button's value (the answer's question id) is part of it: one user's clicks on two answers
        in the same instant (Not helpful under two answers at once) are two clicks, not one redelivered."""
        if not self.action_ts:
            return ""
        return f"slack:click:{self.workspace}:{self.user}:{self.action_id}:{self.value}:{self.action_ts}"


def click_from_payload(body: dict) -> ButtonClick:
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    container = _dict(body, "container")
    message = _dict(body, "message")
    blocks = message.get("blocks")
    blocks = blocks if isinstance(blocks, list) else []
    return ButtonClick(
        action_id=_str(action, "action_id"), value=_str(action, "value"), user=_str(_dict(body, "user"), "id"),
        channel=_str(container, "channel_id") or _str(_dict(body, "channel"), "id"),
        message_ts=_str(container, "message_ts") or _str(message, "ts"),
        is_ephemeral=bool(container.get("is_ephemeral")), response_url=_str(body, "response_url"),
        blocks=tuple(b for b in blocks if isinstance(b, dict)), message_text=_str(message, "text"),
        workspace=_str(_dict(body, "team"), "id"),
        trigger_id=_str(body, "trigger_id"), action_ts=_str(action, "action_ts"),
    )


def share_value(question_id: str, redacted: str) -> str:
    """The "Share in channel" button's value: the question id and its redacted text (what a share
    posts in the channel; Slack's limit is 2,000)."""
    return json.dumps({"q": question_id, "t": redacted[:1500]}, ensure_ascii=False)


def parse_share_value(value: str) -> tuple[str, str] | None:
    try:
        data = json.loads(value)
    except (TypeError, ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return None
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("t"), str):
        return None
    return data["q"], data["t"]


def restored(kind: type, stored: dict):
    """A request rebuilt from what the inbox stored (a field it did not keep is empty); ValueError
    when the stored record is malformed."""
    hints = typing.get_type_hints(kind)
    values = {}
    for f in dataclasses.fields(kind):
        value = stored.get(f.name, hints[f.name]())
        if not isinstance(value, hints[f.name]):
            raise ValueError(f"the inbox's {kind.__name__} has a malformed {f.name}")
        values[f.name] = value
    return kind(**values)


def home_opened_by(body: dict) -> tuple[str, str]:
    """The user who opened peerbot's Home tab ("" for other tabs), and their workspace."""
    event = _dict(body, "event")
    return (_str(event, "user") if _str(event, "tab") in ("home", "") else ""), _str(body, "team_id")
