"""The notice that a Teams question held details that could identify someone, for its asker alone.

In a personal chat it heads the answer (bot/teams/replies.py). In a channel or group chat, where
everyone reads the answer, it goes to the asker's personal chat with peerbot, as Slack sends it
with chat.postEphemeral: the Bot Connector opens that chat (or gives back the one there is). When
it cannot (the app not installed for them, the connector's 403, 404 or 5xx, no answer), the notice
is left out and one line is logged: why, never the question or who asked.
"""

from __future__ import annotations

import asyncio
import logging

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ChannelServiceAdapter, MessageFactory

from bot.question import DM
from bot.teams import payloads
from bot.teams.references import CONNECTOR_FAILURES, post_privately, unposted

log = logging.getLogger(__name__)

NOTICE_SECONDS = 10.0  # for the connector to open the chat and take the notice; the answer waits for it
_REFUSED = (403, 404)  # the app is not installed for the asker, nor in a team of theirs


def asker(activity: Activity) -> dict[str, str]:
    """What the inbox keeps, until the question is answered, to tell its sender privately: their Teams
    id and tenant; nothing for a personal chat (the notice is in the reply) or an activity naming no one."""
    sender, tenant = payloads.sender_id(activity), payloads.tenant_id(activity)
    if payloads.place_of(activity) == DM or not sender or not tenant:
        return {}
    return {"asker": sender, "tenant": tenant}


async def tell_privately(adapter: ChannelServiceAdapter, app_id: str, stored: dict, notice: str) -> None:
    """Send `notice` to the personal chat of the asker `stored` (an inbox payload) names; when that
    fails, log one line saying why (the channel's reply leaves the notice out either way)."""
    reference, user, tenant = stored.get("reference"), stored.get("asker"), stored.get("tenant")
    if not (isinstance(reference, dict) and isinstance(user, str) and user and isinstance(tenant, str) and tenant):
        _left_out(stored.get("place"), "the asker's Teams id was not stored with the question")
        return
    try:
        async with asyncio.timeout(NOTICE_SECONDS):
            await post_privately(adapter, app_id, reference, user, tenant, MessageFactory.text(notice))
    except TimeoutError:
        _left_out(stored.get("place"), f"the connector did not answer within {NOTICE_SECONDS:g} s")
    except CONNECTOR_FAILURES as e:
        _left_out(stored.get("place"), unposted(e) + _hint(e))
    except Exception:  # a defect: its traceback, never the notice's text (it names what kinds of detail)
        log.exception("Teams: failed to tell an asker privately that their question had identifying details")


def _hint(error: BaseException) -> str:
    status = getattr(error, "status", None)
    return ": peerbot is not installed for them (personal scope) nor in a team of theirs" if status in _REFUSED else ""


def _left_out(place: object, reason: str) -> None:
    log.info("Teams: could not tell an asker privately that their question in a %s conversation had details that "
             "could identify someone (%s); the notice was left out of the reply everyone there reads", place, reason)
