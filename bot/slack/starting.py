"""Slack's requests while `peerbot serve` is still checking its token with Slack (before the Slack
surface and Bolt exist; bot.cli.serving, bot.http_server.starting_server).

Slack never sends a slash command again, so one refused then is lost. `/peer` and `/enabler` are
recorded in the durable inbox (as the surface records them once it runs) and acknowledged with a
private line saying the answer follows; the inbox answers them once serve is ready. A command
that cannot be recorded (the records not open yet, or their database unavailable), or one that
cannot wait (`/lesson` opens a form, whose trigger lasts seconds), is acknowledged with a request
to send it again.
Anything else gets 503: Slack sends an event again, and shows a click's user that it failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from bot.service import NotRecorded, Peerbot
from bot.slack import block_kit, messages
from bot.slack.app import ENABLER_COMMAND, PEER_COMMAND, checked_body
from bot.slack.config import EVENTS_PATH
from bot.slack.handlers import ENABLER, PEER
from bot.slack.payloads import SlashCommand, command_from_payload

log = logging.getLogger(__name__)

KINDS = {PEER_COMMAND: PEER, ENABLER_COMMAND: ENABLER}


def mount_while_starting(web_app: web.Application, signing_secret: str, records: Callable[[], Peerbot | None],
                         path: str = EVENTS_PATH) -> None:
    """Take Slack's requests on `POST path` of the starting server (before its catch-all 503);
    `records()`: peerbot around its records, None while they are still being opened."""

    async def while_starting(request: web.Request) -> web.Response:
        body = await checked_body(request, signing_secret)
        if isinstance(body, web.Response):
            return body
        if "command" not in body or "type" in body:  # an event or an interaction
            return web.json_response({"status": "starting"}, status=503, headers={"Retry-After": "5"})
        reply = await _taken(records(), command_from_payload(body))
        return web.json_response({"response_type": "ephemeral", **block_kit.notice(reply).as_kwargs()})

    web_app.router.add_post(path, while_starting)


async def _taken(peerbot: Peerbot | None, command: SlashCommand) -> str:
    """What the command's sender is told at once."""
    kind = KINDS.get(command.command)
    if kind == PEER and command.is_help:
        return messages.peer_usage()
    if kind is None or peerbot is None:
        return messages.starting_try_again()
    try:
        await peerbot.accept(command.inbox_key, kind, command.stored(), command.text)
    except NotRecorded as e:
        log.warning("Slack: a %s command was not recorded; its sender is asked to send it again (%s)",
                    command.command, e)
        return messages.not_taken_now()
    return messages.queued_while_starting()
