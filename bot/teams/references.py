"""Teams conversation references: stored when the bot is added, used to post proactively (the digest),
and with each question, to reply to it after its acknowledgement (and to write to its asker alone)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import aiohttp
import pydantic
from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.core import (
    AuthenticationConstants,
    ChannelServiceAdapter,
    ClaimsIdentity,
    ConnectorClientBase,
    TurnContext,
)

from bot.service import DeliveryFailed, retry_after_seconds
from bot.teams.payloads import conversation_id, conversation_name

log = logging.getLogger(__name__)

# The connector failing from outside: refused, reset, timed out, a 4xx/5xx answer, a body cut short.
CONNECTOR_FAILURES = (aiohttp.ClientError, OSError)


def unposted(error: BaseException) -> str:
    """One line saying why the connector did not take a post (for a CONNECTOR_FAILURES error)."""
    if isinstance(error, aiohttp.ClientResponseError):
        return f"the connector answered {error.status}"
    return f"{type(error).__name__}: {error}"[:200]


async def taken(sending: Awaitable[object]) -> None:
    """Await a post to the connector. The SDK reads the connector's 2xx answer as a ResourceResponse;
    one it cannot read (HTML, nothing it expects, a list, an id that is not text) still means the
    connector took the post: one warning line, not an error (which would post it again)."""
    try:
        await sending
    except pydantic.ValidationError:
        log.warning("Teams: the connector took a post but answered with something that is not its answer; "
                    "not sent again")


def reference(activity: Activity) -> dict:
    """The reference to the conversation itself (a channel, not one of its threads), as JSON.
    Who added the bot is left out: posting there does not need it, and peerbot keeps no one's identity."""
    ref = activity.get_conversation_reference().model_copy(deep=True)
    ref.conversation.id = conversation_id(activity)
    ref.conversation.name = conversation_name(activity) or None
    ref.activity_id = ref.user = None
    return ref.model_dump(mode="json", by_alias=True, exclude_none=True)


def reply_reference(activity: Activity) -> dict:
    """The reference to reply to this activity later: its conversation (a channel thread stays a
    thread) and its id. Who sent it is left out."""
    ref = activity.get_conversation_reference().model_copy(deep=True)
    ref.user = None
    return ref.model_dump(mode="json", by_alias=True, exclude_none=True)


async def post(adapter: ChannelServiceAdapter, app_id: str, stored: dict, message: Activity) -> None:
    """Send `message` to a stored conversation: a new post in a channel, a message in a chat; a
    reply to the activity the reference names, if it names one (`reply_reference`), as a reply in
    the activity's own turn would be."""
    ref = ConversationReference.model_validate(stored)
    # Only the fields set here are sent: the SDK's own path would send `"id": null` and the like.
    fields = {"from_property": ref.agent, "conversation": ref.conversation}
    outgoing = message.model_copy(update=fields | ({"reply_to_id": ref.activity_id} if ref.activity_id else {}))

    async def send(context: TurnContext) -> None:
        client = _client(context)
        if ref.activity_id:
            await client.conversations.reply_to_activity(ref.conversation.id, ref.activity_id, outgoing)
        else:
            await client.conversations.send_to_conversation(ref.conversation.id, outgoing)

    await _continue(adapter, app_id, ref, send)


async def post_privately(adapter: ChannelServiceAdapter, app_id: str, stored: dict, user_id: str, tenant_id: str,
                         message: Activity) -> None:
    """Send `message` to one person's personal chat with the bot, through the connector of the
    conversation `stored` refers to (a channel or group chat they wrote in): the connector's
    create-conversation call opens that chat, or gives back the one they have (Teams keeps one
    per person). A 403 or 404 from it: the app is not installed for them, nor in a team of theirs."""
    ref = ConversationReference.model_validate(stored)
    chat = ConversationParameters.model_validate({  # by its wire names: `bot` is the model's alias of `agent`
        "isGroup": False, "bot": ref.agent, "members": [ChannelAccount(id=user_id)], "tenantId": tenant_id,
        "channelData": {"tenant": {"id": tenant_id}}})

    async def send(context: TurnContext) -> None:
        client = _client(context)
        opened = await client.conversations.create_conversation(chat)
        outgoing = message.model_copy(update={"from_property": ref.agent,
                                              "conversation": ConversationAccount(id=opened.id)})
        await client.conversations.send_to_conversation(opened.id, outgoing)

    await _continue(adapter, app_id, ref, send)


def _client(context: TurnContext) -> ConnectorClientBase:
    client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]  # the SDK's own key
    if client is None:
        raise RuntimeError("the adapter gave no connector client")
    return client


async def _continue(adapter: ChannelServiceAdapter, app_id: str, ref: ConversationReference,
                    send: Callable[[TurnContext], Awaitable[None]]) -> None:
    """Run `send` with a connector client for `ref`'s service; with no app id (anonymous local
    development) the connector is called without a token."""
    continuation = ref.get_continuation_activity()
    if app_id:
        await taken(adapter.continue_conversation(app_id, continuation, send))
    else:
        await taken(adapter.continue_conversation_with_claims(
            ClaimsIdentity(), continuation, send, audience=AuthenticationConstants.AGENTS_SDK_SCOPE
        ))


def refused(error: aiohttp.ClientResponseError) -> DeliveryFailed:
    """The connector's refusal as a delivery failure: a 5xx, 408 or 429 passes on a later try, after
    its Retry-After; a 401 too (the token it refused is dropped, and the next try signs in afresh:
    bot/teams/sign_in.py); any other 4xx is for good (the bot removed, the conversation gone)."""
    passes = error.status >= 500 or error.status in (401, 408, 429)
    header = error.headers.get("Retry-After") if error.headers else None
    after = retry_after_seconds(header) if passes and header is not None else 0.0
    return DeliveryFailed(f"the connector answered {error.status}", retry=passes, after=after)
