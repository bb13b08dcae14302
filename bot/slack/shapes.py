"""Is a Slack request body shaped as Slack sends it? Pure checks, run before Bolt sees a body.

Bolt and peerbot read a fixed set of fields; a field of the wrong JSON type (an `event` that is
a list, `actions` that is a string) would otherwise crash deep inside them. Each field is checked
where it is read; `null` counts as absent (but where Bolt reads a field because its key is there),
and fields nobody reads are not checked. A Socket Mode envelope around a body is checked the same way.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl


class MalformedBody(ValueError):
    """A body that is not a Slack request; the message says why (for the 400 answer)."""


TEXT, NUMBER, FLAG = (str,), (int, float), (bool,)
_NAMED = {"id": TEXT, "team_id": TEXT, "name": TEXT}  # a user, channel or team object
_MESSAGE = {"type": TEXT, "subtype": TEXT, "user": TEXT, "text": TEXT, "ts": TEXT, "thread_ts": TEXT,
            "bot_id": TEXT, "blocks": (list,)}
_EVENT = {
    **_MESSAGE, "channel": (str, dict), "channel_type": TEXT, "team": TEXT, "user_team": TEXT, "tab": TEXT,
    "event_ts": TEXT, "message": (dict,), "previous_message": (dict,), "tokens": (dict,),
}
_TOKENS = {"oauth": (list,), "bot": (list,)}  # tokens_revoked: the user and bot ids, each a list of text
_NESTED: dict[str, dict] = {
    "event": _EVENT, "message": _MESSAGE, "previous_message": _MESSAGE,
    "container": {"channel_id": TEXT, "message_ts": TEXT, "is_ephemeral": FLAG},
    "user": _NAMED, "channel": _NAMED, "team": _NAMED, "enterprise": _NAMED,
    "view": {"callback_id": TEXT, "team_id": TEXT, "app_installed_team_id": TEXT, "type": TEXT, "id": TEXT,
             "private_metadata": TEXT, "state": (dict,)},
}
_LISTS: dict[str, dict] = {
    "actions": {"action_id": TEXT, "value": TEXT, "block_id": TEXT, "type": TEXT},
    "authorizations": {"team_id": TEXT, "user_id": TEXT, "enterprise_id": TEXT, "is_bot": FLAG,
                       "is_enterprise_install": FLAG},
    "response_urls": {"response_url": TEXT, "channel_id": TEXT},
}
_TOP = {
    "type": TEXT, "token": TEXT, "team_id": TEXT, "enterprise_id": TEXT, "api_app_id": TEXT, "event_id": TEXT,
    "event_time": NUMBER, "user_id": TEXT, "channel_id": TEXT, "command": TEXT, "text": TEXT, "response_url": TEXT,
    "trigger_id": TEXT, "callback_id": TEXT, "message_ts": TEXT, "action_ts": TEXT, "thread_ts": TEXT,
    "challenge": TEXT, "is_enterprise_install": FLAG + TEXT,  # a command's form says "false", as text
    "is_ext_shared_channel": FLAG, "context_team_id": TEXT,
    "context_enterprise_id": TEXT, "action_id": TEXT,
    "event": (dict,), "message": (dict,), "previous_message": (dict,), "container": (dict,), "view": (dict,),
    "user": (dict, str), "channel": (dict, str), "team": (dict, str), "enterprise": (dict, str),
    "actions": (list,), "authorizations": (list,), "response_urls": (list,), "workflow_step": (dict,),
}
# Requests peerbot acts on need these, to be answered once and in the right place (`view.type`: a
# field of the `view` object, which Bolt reads to route a submission).
_REQUIRED: dict[object, tuple[str, ...]] = {
    "command": ("trigger_id",), "message_action": ("trigger_id",), "view_submission": ("view", "user", "view.type"),
    "block_actions": ("actions",),
}
_ITEM_REQUIRED = {"actions": "action_id"}  # Bolt reads the first action's id to route a click
# Bolt reads these when the key is there, whatever its value: len(body["response_urls"]),
# body.get("event", {}).get(...), body.get("view", {}).get(...), event.get("tokens", {}).get(...), and
# len(tokens.get("oauth", [])) (tokens_revoked, installed into many workspaces).
_NOT_NULL = {"response_urls", "event", "view", "tokens", "oauth", "bot"}
# A Socket Mode envelope, as the SDK reads it before Bolt sees its payload.
_ENVELOPE = {"type": TEXT, "envelope_id": TEXT, "payload": (dict,), "accepts_response_payload": FLAG,
             "retry_attempt": (int,), "retry_reason": TEXT}


def parse_body(raw: bytes, content_type: str) -> dict:
    """A request body as Slack sends it: JSON (events), or a form (commands; interactions carry
    their JSON in `payload`)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedBody("the body is not UTF-8") from None
    if content_type == "application/x-www-form-urlencoded":
        form = dict(parse_qsl(text, keep_blank_values=True))
        data = _json(form["payload"]) if "payload" in form else form
    elif content_type == "application/json":
        data = _json(text)
    else:
        raise MalformedBody("expected application/json or application/x-www-form-urlencoded")
    if not isinstance(data, dict):
        raise MalformedBody("expected a JSON object")
    return data


def problem(body: object) -> str | None:
    """What is wrong with the shape of a parsed body, or None."""
    if not isinstance(body, dict):
        return "expected a JSON object"
    wrong = _wrong(body, _TOP, "")
    if wrong:
        return wrong
    for key, fields in _NESTED.items():
        nested = body.get(key)
        if isinstance(nested, dict) and (wrong := _wrong(nested, fields, f"{key}.")):
            return wrong
    event = body.get("event")
    for key in ("message", "previous_message"):
        inner = event.get(key) if isinstance(event, dict) else None
        if isinstance(inner, dict) and (wrong := _wrong(inner, _MESSAGE, f"event.{key}.")):
            return wrong
    tokens = event.get("tokens") if isinstance(event, dict) else None
    if isinstance(tokens, dict):
        if wrong := _wrong(tokens, _TOKENS, "event.tokens."):
            return wrong
        if any(not isinstance(i, str) for key in _TOKENS for i in tokens.get(key) or []):
            return "`event.tokens` must list ids as text"
    for key, fields in _LISTS.items():
        for i, item in enumerate(body.get(key) or []):
            if not isinstance(item, dict):
                return f"{key}[{i}] must be an object"
            if wrong := _wrong(item, fields, f"{key}[{i}]."):
                return wrong
            if key in _ITEM_REQUIRED and not item.get(_ITEM_REQUIRED[key]):
                return f"`{key}[{i}].{_ITEM_REQUIRED[key]}` is missing"
    if body.get("type") == "event_callback" and not isinstance(event, dict):
        return "an event_callback needs an `event` object"
    kind = "command" if "command" in body else body.get("type")
    if _step(body) and not body.get("workflow_step"):
        return "`workflow_step` is missing"
    missing = [k for k in _REQUIRED.get(kind, ()) if not _present(body, k)]
    return f"`{missing[0]}` is missing" if missing else None


def envelope_problem(raw: str) -> str | None:
    """What is wrong with a Socket Mode message, or None. The SDK reads a message that starts with
    `{` as JSON (anything else it passes by), and one with a `type`, `envelope_id` and `payload` as
    an envelope, whose payload `problem` then checks."""
    if not raw.startswith("{"):
        return None
    try:
        envelope = _json(raw)
    except MalformedBody as e:
        return str(e)
    if not isinstance(envelope, dict):
        return "expected a JSON object"
    if "envelope_id" in envelope or "payload" in envelope:  # not a hello or a disconnect
        missing = [key for key in ("type", "envelope_id", "payload") if not envelope.get(key)]
        if missing:
            return f"`{missing[0]}` is missing"
    return _wrong(envelope, _ENVELOPE, "")


def envelope_id(raw: str) -> str | None:
    """The envelope id of a Socket Mode message, when it has one that can be acknowledged."""
    try:
        envelope = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    found = envelope.get("envelope_id") if isinstance(envelope, dict) else None
    return found if isinstance(found, str) and 0 < len(found) <= MAX_ID else None


def _step(body: dict) -> bool:
    """Is this a workflow step's edit or save? Bolt reads its `workflow_step` for every listener
    (peerbot has no steps)."""
    view = body.get("view")
    return body.get("type") == "workflow_step_edit" or (
        body.get("type") == "view_submission" and isinstance(view, dict) and view.get("type") == "workflow_step")


def _present(body: dict, dotted: str) -> bool:
    node: object = body
    for key in dotted.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return bool(node)


def _wrong(mapping: dict, fields: dict, prefix: str) -> str | None:
    for key, kinds in fields.items():
        value = mapping.get(key)
        if value is None and key in _NOT_NULL and key in mapping:
            return f"`{prefix}{key}` must be {' or '.join(dict.fromkeys(_NAMES[k] for k in kinds))}"
        if value is not None and (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)):
            return f"`{prefix}{key}` must be {' or '.join(dict.fromkeys(_NAMES[k] for k in kinds))}"
        if key in _IDS and isinstance(value, str) and len(value) > MAX_ID:
            return f"`{prefix}{key}` is too long for an id"
    return None


# Ids and timestamps Slack makes are short; a longer one is never Slack's, and would be sent back to
# the Web API (a channel id in a URL) or stored with every record.
MAX_ID = 255
_IDS = {"id", "envelope_id", "user", "channel", "team", "ts", "thread_ts", "event_ts", "message_ts", "action_ts", "user_id",
        "channel_id", "team_id", "enterprise_id", "api_app_id", "event_id", "trigger_id", "action_id", "block_id",
        "callback_id", "user_team", "app_installed_team_id", "context_team_id", "context_enterprise_id"}


_NAMES = {str: "text", int: "a number", float: "a number", bool: "true or false", dict: "an object", list: "a list"}


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        raise MalformedBody("the body is not JSON") from None
    except RecursionError:
        raise MalformedBody("the body is nested too deeply") from None
