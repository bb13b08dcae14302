"""Direct messages telling askers that a new lesson answers the question they asked (the gap loop),
sent with conversations.open (the `im:write` scope) and chat.postMessage. Used by the server after a
curator's Approve and by `peerbot lessons approve`."""

from __future__ import annotations

import logging
import math

from slack_sdk.web.async_client import AsyncWebClient

from bot.lessons.model import Notice
from bot.settings import Settings
from bot.slack.config import digest_config, make_client
from bot.slack.lesson_views import answer_notice
from bot.slack.payloads import PLATFORM
from bot.slack.posting import SLACK_FAILURES, failure_line, text_field

log = logging.getLogger(__name__)


async def send_notice(client: AsyncWebClient, notice: Notice) -> bool:
    """Send one Slack notice privately; False (logged, the asker kept) when it did not go."""
    if notice.platform != PLATFORM:
        return False
    try:
        opened = await client.conversations_open(users=notice.user)
        channel = text_field(opened.get("channel"), "id")
        if not channel:
            log.warning("Slack: conversations.open gave no conversation to tell an asker that lesson %s answers "
                        "their question", notice.document_id)
            return False
        await client.chat_postMessage(channel=channel, **answer_notice(notice.text).as_kwargs(), unfurl_links=False)
        return True
    except SLACK_FAILURES as e:  # the asker's id is not logged
        log.warning("Slack: could not tell an asker that lesson %s answers their question (%s)", notice.document_id,
                    failure_line(e))
        return False
    except Exception:
        log.exception("Slack: could not tell an asker that lesson %s answers their question", notice.document_id)
        return False


async def send_notices(client: AsyncWebClient, notices: tuple[Notice, ...]) -> list[Notice]:
    """Send each Slack notice privately; the ones that went."""
    return [notice for notice in notices if await send_notice(client, notice)]


async def send_with_settings(settings: Settings, notices: tuple[Notice, ...]) -> list[Notice]:
    """The same from a command, with a client of its own (SLACK_BOT_TOKEN, SLACK_API_URL)."""
    return await send_notices(make_client(digest_config(settings), most_wait=math.inf), notices)
