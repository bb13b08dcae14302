"""The Agents SDK set up for peerbot's Teams endpoint: the credentials it holds, the adapter that
receives activities and posts replies, and the log filters that keep the SDK's tracebacks for
requests peerbot answers itself (a body that is not an activity, an unrecorded turn) and the text of
activities it ignores out of the log."""

from __future__ import annotations

import logging
import re

from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, ConnectionManager, OutboundHostValidator, TurnContext

from bot.service import not_recorded
from bot.settings import Settings
from bot.teams.config import origin, test_connectors
from bot.teams.connector import LenientConnectorFactory
from bot.teams.sign_in import SIGN_IN_LOGGERS, TimedMsalAuth


def connection_manager(settings: Settings) -> ConnectionManager:
    """The Teams credentials as the Agents SDK holds them (empty in anonymous mode). A token's
    issuer is checked too (the SDK's VALIDATE_ISSUER, off unless asked for): Bot Framework's, or
    Microsoft Entra's for this tenant or Microsoft's own. Tokens for replies come from `TimedMsalAuth`."""
    auth = AgentAuthConfiguration(
        client_id=settings.teams_client_id or None,
        tenant_id=settings.teams_tenant_id or None,
        client_secret=settings.teams_client_secret or None,
        anonymous_allowed=settings.teams_allow_anonymous,
        validate_issuer=True,
    )

    def provider(configuration: AgentAuthConfiguration) -> TimedMsalAuth:
        return TimedMsalAuth(configuration, settings.teams_retry_after_seconds)

    return ConnectionManager(provider_factory=provider, connections_configurations={"SERVICE_CONNECTION": auth})


def forget_refused_tokens(connections: ConnectionManager) -> None:
    """After the connector answered 401: the default connection's kept tokens dropped (anonymous
    mode has none), so that the reply tried again is signed with a new one."""
    provider = connections.get_default_connection()
    if isinstance(provider, TimedMsalAuth):
        provider.forget_tokens()


class ConnectorHosts(OutboundHostValidator):
    """The Agents SDK's check of an activity's `serviceUrl` (Microsoft's connector hosts, over HTTPS), which
    also lets through the connector doubles on this machine that PEERBOT_TEAMS_TEST_CONNECTORS lists (tests
    only; empty by default, so production's check is the SDK's own)."""

    def __init__(self, enabled: bool, test_connectors: frozenset[tuple[str, str, int]]):
        super().__init__(enabled=enabled)
        self._test_connectors = test_connectors

    def is_allowed(self, url) -> bool:
        return origin(str(url)) in self._test_connectors or super().is_allowed(url)


def make_adapter(connections: ConnectionManager, settings: Settings) -> CloudAdapter:
    """The Agents SDK adapter: with credentials it gets tokens for its replies and posts only to
    Microsoft's connector hosts (and PEERBOT_TEAMS_TEST_CONNECTORS'); in anonymous mode (the local
    Playground) neither. A failure in a
    turn propagates (the Teams app answers its users' failures itself). Its connector clients read an
    answer whose bytes are not UTF-8 with its status (bot/teams/connector.py)."""
    adapter = CloudAdapter(
        channel_service_client_factory=LenientConnectorFactory(connections),
        host_validator=ConnectorHosts(not settings.teams_allow_anonymous, test_connectors(settings)),
    )
    adapter.on_turn_error = _propagate  # the SDK's default would post the exception's text to the chat
    # The SDK logs every reply's conversation id at INFO: a personal chat's identifies a person.
    logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
    for signing_in in SIGN_IN_LOGGERS:  # each failure of theirs is SignInFailed, said in one line where it lands
        logging.getLogger(signing_in).setLevel(logging.CRITICAL)
    if settings.teams_allow_anonymous:  # else every anonymous turn warns that it has no app id
        logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(logging.ERROR)
    return adapter


async def _propagate(_context: TurnContext, error: Exception) -> None:
    raise error


class QuietValidation(logging.Filter):
    """The SDK logs a traceback for every body that is not an activity; `handle` answers those
    400 itself, in one line, so nobody who can reach the port can fill the log with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Validation error for Activity")


class QuietUnrouted(logging.Filter):
    """The SDK warns of an activity no route takes (an edit, a deletion, a reaction) with its text: an
    edited question, patient details and all. Said without it, at INFO (as routine as Slack's ignored
    events), as peerbot logs no question."""

    def filter(self, record: logging.LogRecord) -> bool:
        unrouted = _UNROUTED.match(record.getMessage())
        if unrouted:
            record.msg, record.args = "Teams: ignored a %s activity (peerbot does not answer those)", (unrouted[1],)
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_UNROUTED = re.compile(r"No route found for activity type: (\S*)")


class QuietUnrecorded(logging.Filter):
    """The SDK logs a traceback for every failed turn; one that failed because the records database
    is unavailable is `handle`'s 503, said in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return error is None or not_recorded(error) is None
