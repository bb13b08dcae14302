"""Teams' settings checked once, before anything starts (without importing the Agents SDK)."""

from __future__ import annotations

from bot.settings import Settings, SettingsError

AUTHENTICATED, ANONYMOUS = "authenticated", "anonymous"


def teams_mode(settings: Settings) -> str | None:
    """`authenticated` with a client id, secret and tenant; `anonymous` when explicitly allowed; else None."""
    credentials = (settings.teams_client_id, settings.teams_client_secret, settings.teams_tenant_id)
    if any(credentials) and not all(credentials):
        raise SettingsError(
            "Teams needs all three of CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, "
            "__CLIENTSECRET and __TENANTID (or none, with TEAMS_ALLOW_ANONYMOUS=1 for local development)"
        )
    if settings.teams_allow_anonymous:
        return ANONYMOUS
    return AUTHENTICATED if all(credentials) else None
