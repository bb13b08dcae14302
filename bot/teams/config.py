"""Teams' settings checked once, before anything starts (without importing the Agents SDK)."""

from __future__ import annotations

import re

from bot.settings import Settings, SettingsError

AUTHENTICATED, ANONYMOUS = "authenticated", "anonymous"
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def teams_mode(settings: Settings) -> str | None:
    """`authenticated` with a client id, secret and tenant; `anonymous` when explicitly allowed; else None."""
    credentials = (settings.teams_client_id, settings.teams_client_secret, settings.teams_tenant_id)
    if any(credentials) and not all(credentials):
        raise SettingsError(
            "Teams needs all three of CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, "
            "__CLIENTSECRET and __TENANTID (or none, with TEAMS_ALLOW_ANONYMOUS=1 for local development)"
        )
    if settings.teams_client_id:
        app_id(settings)
    if settings.teams_allow_anonymous:
        return ANONYMOUS
    return AUTHENTICATED if all(credentials) else None


def app_id(settings: Settings) -> str:
    """The Azure Bot's Microsoft Entra app (client) id: a GUID, or one line saying so (Teams
    would refuse the app package, and every token, of anything else)."""
    if not _GUID.fullmatch(settings.teams_client_id):
        raise SettingsError(
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID must be the Azure Bot's app (client) id, a GUID like "
            f"00000000-0000-0000-0000-000000000000 (Azure Bot > Configuration), got {settings.teams_client_id!r}")
    return settings.teams_client_id
