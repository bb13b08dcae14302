"""Bolt's Socket Mode handler on a checked client (`checked_socket_mode`).

Each message is checked as the HTTP gate checks a body: a malformed envelope (`shapes.envelope_problem`),
or one whose payload is malformed (`shapes.problem`), is acknowledged when it has an id (so it is not
redelivered) and logged in one line, instead of reaching the SDK or Bolt.

Connecting (again, after Slack closes the connection or asks for a new one with `disconnect`) is the
SDK's, with three differences. An address apps.connections.open gives that is not a WebSocket URL is a
failure of that call, not of the connection. A try that fails forgets its address, so the next one asks
Slack for a new one: the SDK tried the same address for ever, and one that is refused (or expired, or
was never right) never worked. And a failure is one warning line, not a traceback (the SDK logged one
from its loop, and from the listener it runs a `disconnect` in); the session monitor tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackClientError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.posting import failure_line
from bot.slack.shapes import envelope_id, envelope_problem, problem

log = logging.getLogger(__name__)

PING_SECONDS = 10


class NoSocketAddress(SlackClientError):
    """apps.connections.open answered without an address a WebSocket can connect to."""


def socket_address(found: object) -> str:
    """`found` when it is a ws:// or wss:// URL with a host; NoSocketAddress otherwise."""
    parts = urlsplit(found) if isinstance(found, str) else None
    if parts is None or parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise NoSocketAddress(f"apps.connections.open answered no WebSocket address ({str(found)[:80]!r})")
    return found  # type: ignore[return-value]


def _line(error: Exception) -> str:
    return str(error) if isinstance(error, NoSocketAddress) else failure_line(error)


class CheckedClient(SocketModeClient):
    async def enqueue_message(self, message: str) -> None:
        wrong = envelope_problem(message)
        if wrong is None:
            await super().enqueue_message(message)
            return
        log.warning("Slack: ignored a malformed Socket Mode message (%s)", wrong)
        if found := envelope_id(message):
            await self.send_socket_mode_response(SocketModeResponse(envelope_id=found))

    async def issue_new_wss_url(self) -> str:
        return socket_address(await super().issue_new_wss_url())

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        try:
            await super().connect_to_new_endpoint(force)
        except Exception as e:  # Slack or the network failing: the session monitor tries again
            log.warning("Slack: Socket Mode could not connect again (%s); trying again", _line(e))

    async def connect(self) -> None:
        """Until connected (or closed): one try after another, `ping_interval` apart, each failure a line."""
        while not self.closed:
            try:
                await self._connect_once()
                return
            except Exception as e:
                if self.closed:
                    return
                self.wss_uri = None  # the next try asks Slack for a new address
                log.warning("Slack: Socket Mode could not connect (%s); trying again in %gs", _line(e), self.ping_interval)
                await asyncio.sleep(self.ping_interval)

    async def _connect_once(self) -> None:
        """The body of the SDK's connect loop (slack_sdk.socket_mode.aiohttp, 3.x): the old connection
        closed, an address asked for when there is none, the WebSocket opened, its monitor and reader
        started."""
        self.auto_reconnect_enabled = False
        if self.current_session is not None:
            with contextlib.suppress(Exception):  # a connection already broken may not close cleanly
                await self.current_session.close()
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        if self.wss_uri is None:
            self.wss_uri = await self.issue_new_wss_url()
        self.current_session = await self.aiohttp_client_session.ws_connect(
            self.wss_uri, autoping=False, heartbeat=self.ping_interval, proxy=self.proxy,
            ssl=self.web_client.ssl if self.web_client.ssl is not None else True)
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        self.stale = False
        await self.current_session.ping(f"sdk-ping-pong:{time.time()}".encode())
        for running in (self.current_session_monitor, self.message_receiver):
            if running is not None:
                running.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        self.message_receiver = asyncio.ensure_future(self.receive_messages())


def checked_socket_mode(bolt_app, app_token: str, client) -> AsyncSocketModeHandler:
    """Bolt's Socket Mode handler on a `CheckedClient`, each request's payload checked (`shapes.problem`)."""

    class CheckedSocketMode(AsyncSocketModeHandler):
        def __init__(self) -> None:  # Bolt's own, on the checked client
            self.app, self.app_token = bolt_app, app_token
            self.client = CheckedClient(app_token=app_token, logger=bolt_app.logger, web_client=client,
                                        ping_interval=PING_SECONDS)
            self.client.socket_mode_request_listeners.append(self.handle)

        async def handle(self, socket, req) -> None:
            wrong = problem(req.payload)
            if wrong:
                log.warning("Slack: ignored a malformed Socket Mode %s envelope (%s)", req.type, wrong)
                await socket.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
                return
            await super().handle(socket, req)

    return CheckedSocketMode()
