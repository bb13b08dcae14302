"""The connector clients the Agents SDK posts replies with, made so that an answer whose bytes are
not UTF-8 is read with its status.

The SDK reads a reply's answer as UTF-8 *before* it looks at the status (`reply_to_activity`), so a
2xx with bytes that are not UTF-8 was a `UnicodeDecodeError` that said nothing of whether the
connector took the post, and the reply was sent again. Here those bytes read as U+FFFD: a 2xx is a
post taken (its answer unreadable, `references.taken`), a 5xx a refusal to try again, as any other.
Any 2xx is a post taken, as HTTP has it (the SDK's own check takes only 200, 201 and 202).
"""

from __future__ import annotations

import aiohttp
from aiohttp.connector import Connection
from microsoft_agents.hosting.core import (
    ClaimsIdentity,
    ConnectorClientBase,
    RestChannelServiceClientFactory,
    TurnContext,
)
from microsoft_agents.hosting.core.connector.client import ConnectorClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient


class _LenientResponse(aiohttp.ClientResponse):
    """A response whose text never fails to decode (a byte its encoding cannot read is U+FFFD), and
    whose 2xx reads as 200: the SDK takes only 200-202 for a post taken, so a 204 (or 203, 206) was an
    error and the reply, which the connector had taken, was sent again."""

    async def start(self, connection: Connection) -> aiohttp.ClientResponse:
        started = await super().start(connection)
        if 200 <= self.status < 300:
            self.status = 200
        return started

    async def text(self, encoding: str | None = None, errors: str = "strict") -> str:
        return await super().text(encoding, errors="replace")


class LenientConnectorFactory(RestChannelServiceClientFactory):
    """The SDK's own factory (tokens, hosts), its connector clients reading answers leniently."""

    async def create_connector_client(
        self, context: TurnContext | None, claims_identity: ClaimsIdentity, service_url: str, audience: str,
        scopes: list[str] | None = None, use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        made = await super().create_connector_client(context, claims_identity, service_url, audience, scopes,
                                                     use_anonymous)
        if not isinstance(made, ConnectorClient):  # another kind of client (Copilot Studio's) as it is
            return made
        endpoint = service_url if service_url.endswith("/") else service_url + "/"
        session = aiohttp.ClientSession(base_url=endpoint, headers=made.client.headers,
                                        response_class=_LenientResponse)
        await made.close()
        return TeamsConnectorClient(endpoint, "", session=session)  # the token is in the headers copied
