"""Posting peerbot's replies in Slack, at most once, and what a failure means.

Every reply carries a marker, the `block_id` of its first block, derived from its inbox key.
When a reply may already be out (a retry after a timeout, a restart after a crash), the thread
or the conversation is read first and the reply is not posted again. A private reply
(`chat.postEphemeral`, a `response_url`) cannot be read back, so it is posted again. Just
before posting, the inbox's fence is awaited (`Peerbot.posting`): a worker that has lost the item
to another posts nothing, and the post then holds the item until its own time limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.service import DeliveryFailed, retry_after_seconds
from bot.slack import block_kit, messages
from bot.slack.block_kit import Rendered
from bot.slack.client import UnreadableAnswer
from bot.slack.config import make_webhook

# Errors meaning "peerbot may not post here": answer the asker privately instead.
CANNOT_POST = {"channel_not_found", "not_in_channel", "is_archived", "user_not_in_channel", "restricted_action"}
# A token refused: tried again later, with the workspace's token read afresh (rotated, reinstalled:
# bot/slack/workspaces.py); Slack also answers invalid_auth for a moment while a token is refreshed.
TOKEN_REFUSED = {"invalid_auth", "not_authed", "token_expired"}
# Errors that trying again will not cure.
PERMANENT = CANNOT_POST | {
    "account_inactive", "token_revoked", "no_permission",
    "missing_scope", "not_allowed_token_type", "invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text",
    "too_many_attachments", "invalid_arguments", "invalid_arg_name", "invalid_charset", "invalid_form_data",
    "invalid_post_type", "missing_post_type", "cannot_reply_to_message", "thread_not_found", "message_not_found",
    "restricted_action_read_only_channel", "restricted_action_thread_only_channel", "ekm_access_denied",
    "team_access_not_granted", "not_allowed", "invalid_thread_ts",
}
# Errors of the message's form: posted again as plain text (the blocks' fallback in one section).
UNRENDERABLE = {"invalid_blocks", "invalid_blocks_format", "msg_too_long"}
ERROR_CODE = re.compile(r"[a-z][a-z0-9_]{0,79}")  # Slack's error codes: invalid_auth, not_in_channel, ...
HISTORY_PAGES = 5  # how far back a reply is looked for (200 messages a page)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Destination:
    channel: str
    thread_ts: str | None = None
    ephemeral_to: str = ""  # a user id: only they see the message
    response_url: str = ""  # the fallback when peerbot cannot post in the channel
    after_ts: str = ""  # the question's ts: a reply to it comes later
    respond_only: bool = False  # reply through response_url alone (a shortcut on a message without text)


def slack_error(error: Exception) -> str:
    """Slack's error code for a failed call, or "" (an HTTP failure, a body that was not JSON, or an
    `error` that is not a code: Slack's are lower-case words joined by underscores. Anything else,
    text of any length with spaces, line breaks, escape codes or a token in it, is not logged)."""
    data = getattr(getattr(error, "response", None), "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    return code if isinstance(code, str) and ERROR_CODE.fullmatch(code) else ""


def text_field(found: object, key: str) -> str:
    """`found[key]` when `found` (a part of Slack's answer) is an object and that is text; else ""."""
    value = found.get(key) if isinstance(found, dict) else None
    return value if isinstance(value, str) else ""


class ResponseUrlFailed(SlackClientError):
    """A response_url answered with an HTTP error: the reply was not shown (`after`: the seconds a 429
    asked to be left alone, when longer than its client waits out)."""

    def __init__(self, status: int, after: float = 0.0):
        super().__init__(f"response_url answered HTTP {status}")
        self.status, self.after = status, after

    @property
    def passes(self) -> bool:
        """Whether trying again may work (a 5xx, a 408 or a 429; a 4xx else: the URL has expired)."""
        return self.status >= 500 or self.status in (408, 429)


SLACK_FAILURES = (SlackClientError, aiohttp.ClientError, TimeoutError)  # Slack or the network failing: outside


def failure_line(error: Exception) -> str:
    """A Slack or network failure in a few words for the log (its traceback says nothing of ours)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    if code := slack_error(error):
        return code
    data = getattr(getattr(error, "response", None), "data", None)
    if isinstance(data, dict) and data.get("error") is not None:
        return "an error that is not a Slack error code"
    if isinstance(error, UnreadableAnswer | ResponseUrlFailed):
        return str(error)
    if status == 200:
        return "an answer that was not Slack's (not a JSON object, or no `ok`)"
    return f"HTTP {status}" if isinstance(status, int) else type(error).__name__


def delivery_failure(error: Exception) -> DeliveryFailed:
    """A failed post as the inbox's worker reads it: whether trying again may help, whether an
    apology can get there, and how long Slack asked to be left alone."""
    if isinstance(error, ResponseUrlFailed):
        return DeliveryFailed(str(error), retry=error.passes, after=error.after)
    if isinstance(error, SlackApiError):
        code = slack_error(error)
        return DeliveryFailed(f"Slack answered {code or 'with an error'}", retry=code not in PERMANENT,
                              apologise=code not in CANNOT_POST, after=_retry_after(error))
    return DeliveryFailed(f"{type(error).__name__}: {error}"[:200])  # timeouts, resets, bodies not JSON: maybe posted


def _retry_after(error: SlackApiError) -> float:
    """The wait a 429 longer than the client waits out asks for (bot/slack/client.py); else 0."""
    response = error.response
    return _asked_wait(getattr(response, "status_code", None), getattr(response, "headers", None))


def _asked_wait(status: object, headers: object) -> float:
    """A 429's Retry-After in seconds (`retry_after_seconds`); 0 for any other answer."""
    if status != 429:
        return 0.0
    found = headers.items() if isinstance(headers, Mapping) else ()
    header = next((v for k, v in found if isinstance(k, str) and k.lower() == "retry-after"), None)
    if isinstance(header, list):
        header = header[0] if header else None
    return retry_after_seconds(header if isinstance(header, str) else None)


def marker(key: str) -> str:
    return "peerbot-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def as_plain_text(rendered: Rendered) -> Rendered:
    """`rendered` as one section of its sections' and context lines' text (its heading, lead,
    quotations, people; no buttons), cut to fit, keeping its marker; its fallback when it has none."""
    shown = []
    for block in rendered.blocks:
        if block.get("type") == "section":
            shown.append(block.get("text", {}).get("text"))
        elif block.get("type") == "context":
            shown += [element.get("text") for element in block.get("elements", [])]
    content = "\n\n".join(t for t in shown if isinstance(t, str) and t) or rendered.text
    mark = rendered.blocks[0].get("block_id") if rendered.blocks else None
    section = block_kit.section(block_kit.shorten(content, block_kit.MAX_SECTION))
    return Rendered(block_kit.shorten(rendered.text, block_kit.MAX_FALLBACK),
                    [section | ({"block_id": mark} if isinstance(mark, str) else {})])


def with_marker(rendered: Rendered, mark: str) -> Rendered:
    if not rendered.blocks:
        return Rendered(rendered.text, [{**block_kit.section(block_kit.escape(rendered.text)), "block_id": mark}])
    return Rendered(rendered.text, [{**rendered.blocks[0], "block_id": mark}, *rendered.blocks[1:]])


class Poster:
    def __init__(self, client: AsyncWebClient, session=None):
        self.client = client
        self.session = session

    async def deliver(self, destination: Destination, rendered: Rendered, key: str, maybe_posted: bool,
                      fence: Callable[[], Awaitable[object]]) -> None:
        """Post `rendered` once; DeliveryFailed says whether trying again may help. `fence` is
        awaited just before posting (after looking for an earlier reply): it raises when this
        worker may no longer post (another has taken the item over)."""
        mark = marker(key)
        try:
            if maybe_posted and await self._posted(destination, mark):
                return
            await fence()
            if destination.respond_only:
                await self.respond(destination.response_url, rendered)
            else:  # only a message in the conversation can be found again: only it is marked
                await self.send(destination, rendered if destination.ephemeral_to else with_marker(rendered, mark))
        except DeliveryFailed:
            raise
        except Exception as e:
            raise delivery_failure(e) from None

    async def send(self, destination: Destination, rendered: Rendered, plain: bool = False) -> bool:
        """Post where asked; True if it went there, False if it went privately to the asker instead.
        Blocks Slack will not show (invalid_blocks, msg_too_long) are posted again as plain text."""
        try:
            if destination.ephemeral_to:
                await self.client.chat_postEphemeral(
                    channel=destination.channel, user=destination.ephemeral_to, **rendered.as_kwargs()
                )
            else:
                await self.client.chat_postMessage(
                    channel=destination.channel, thread_ts=destination.thread_ts, unfurl_links=False,
                    unfurl_media=False, **rendered.as_kwargs(),
                )
            return True
        except SlackApiError as e:
            code = slack_error(e)
            if code in UNRENDERABLE and not plain:  # nothing was posted: Slack refused the message's form
                log.warning("Slack: a reply was refused (%s); posting it as plain text", code)
                return await self.send(destination, as_plain_text(rendered), plain=True)
            if code not in CANNOT_POST or not destination.response_url:
                raise
        if not destination.ephemeral_to:
            rendered = Rendered(rendered.text, [block_kit.section(messages.cannot_post_here()), *rendered.blocks])
        await self.respond(destination.response_url, rendered)
        return False

    async def respond(self, response_url: str, rendered: Rendered | None, delete_original: bool = False) -> None:
        """Reply through a slash command's or an interaction's response_url (always private);
        ResponseUrlFailed when it answers with an HTTP error (a 429 is first waited out, as for the
        Web API; a dropped connection is not tried again here: the reply may have been shown)."""
        if not response_url:
            return
        webhook = make_webhook(response_url, self.session)
        if delete_original or rendered is None:
            response = await webhook.send_dict({"delete_original": True})
        else:
            response = await webhook.send(response_type="ephemeral", replace_original=False, **rendered.as_kwargs())
        if response.status_code >= 400:
            raise ResponseUrlFailed(response.status_code, _asked_wait(response.status_code, response.headers))

    async def _posted(self, destination: Destination, mark: str) -> bool:
        """Whether a reply carrying `mark` is already in the conversation (False when it cannot be
        read: post, rather than lose the answer)."""
        if destination.ephemeral_to or destination.respond_only or not destination.channel:
            return False
        return bool(await find_marked(self.client, destination, mark))


async def find_marked(client: AsyncWebClient, destination: Destination, mark: str) -> bool | None:
    """Whether a message carrying `mark` is in the conversation (the thread, when it has one), in
    its last HISTORY_PAGES pages; None when it cannot be read (no history scope, not a member)."""
    cursor = None
    for _ in range(HISTORY_PAGES):
        try:
            if destination.thread_ts:
                page = await client.conversations_replies(
                    channel=destination.channel, ts=destination.thread_ts, oldest=destination.after_ts or None,
                    limit=200, cursor=cursor)
            else:
                page = await client.conversations_history(
                    channel=destination.channel, oldest=destination.after_ts or None, limit=200, cursor=cursor)
        except SlackApiError as e:
            if slack_error(e) in PERMANENT:
                return None
            raise
        found = page.get("messages")
        for message in found if isinstance(found, list) else []:
            shown = message.get("blocks") if isinstance(message, dict) else None
            if isinstance(shown, list) and any(isinstance(b, dict) and b.get("block_id") == mark for b in shown):
                return True
        metadata = page.get("response_metadata")
        cursor = metadata.get("next_cursor") if isinstance(metadata, dict) else None
        if not cursor or not isinstance(cursor, str):
            return False
    return False
