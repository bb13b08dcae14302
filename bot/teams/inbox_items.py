"""A Teams message as the durable inbox keeps it: its kinds, and the message rebuilt from what was
stored (by the worker that answers it, and by `peerbot forget --channel`, which finds a
conversation's pending messages by it)."""

from __future__ import annotations

from bot.question import PRIVATE
from bot.teams import payloads

MESSAGE = "teams.message"  # the inbox kind of a Teams question or command
WELCOME = "teams.welcome"  # the inbox kind of an install's welcome: held while it is posted, never queued


def restored(key: str, stored: dict) -> payloads.Incoming:
    """The question or command an inbox item holds (its text redacted); ValueError when the stored
    record is malformed."""
    fields = {name: stored.get(name, "") for name in ("kind", "text", "conversation_id", "place", "workspace", "thread")}
    chat = stored.get("chat", False)
    if not all(isinstance(v, str) for v in fields.values()) or not isinstance(chat, bool):
        raise ValueError("the inbox's Teams message is malformed")
    return payloads.Incoming(event_key=key, chat=chat, **{**fields, "place": fields["place"] or PRIVATE})


def conversation_of(kind: str, stored: dict) -> str | None:
    """The conversation a pending inbox item belongs to, read as its worker reads it; None for
    another adapter's kind, a welcome (it stores nothing) or a record that cannot be read."""
    if kind != MESSAGE:
        return None
    try:
        return restored("", stored).conversation_id
    except ValueError:
        return None
