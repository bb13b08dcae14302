"""Teams' settings checked once, before anything starts (without importing the Agents SDK)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from bot.setting_values import SettingsError, quoted
from bot.settings import Settings
from bot.teams.messages import exposed_warning

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
    test_connectors(settings)
    if settings.teams_allow_anonymous:
        return ANONYMOUS
    return AUTHENTICATED if all(credentials) else None


def test_connectors(settings: Settings) -> frozenset[tuple[str, str, int]]:
    """PEERBOT_TEAMS_TEST_CONNECTORS as (scheme, host, port) origins: loopback connector doubles with a
    port and nothing else, or one line saying what is wrong (never a way to reach another machine)."""
    found = set()
    for entry in (part.strip() for part in settings.teams_test_connectors.split(",")):
        if not entry:
            continue
        try:
            url = urlsplit(entry)
            port = url.port
        except ValueError:
            port = None
            url = urlsplit("")
        if (url.scheme not in ("http", "https") or not url.hostname or not loopback(url.hostname) or port is None
                or url.username is not None or url.path not in ("", "/") or url.query or url.fragment):
            raise SettingsError("PEERBOT_TEAMS_TEST_CONNECTORS must list connector doubles on this machine, as "
                                f"http://127.0.0.1:PORT (tests only), got {quoted(entry)}")
        found.add(origin(entry))
    return frozenset(found)


def origin(url: str) -> tuple[str, str, int]:
    """A URL's scheme, host and port, as two spellings of one place compare ("" and 0 when it has none)."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower(), 0)
    except ValueError:
        return "", "", 0
    return parts.scheme.lower(), (parts.hostname or "").rstrip("."), port


def app_id(settings: Settings) -> str:
    """The Azure Bot's Microsoft Entra app (client) id: a GUID, or one line saying so (Teams
    would refuse the app package, and every token, of anything else)."""
    if not _GUID.fullmatch(settings.teams_client_id):
        raise SettingsError(
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID must be the Azure Bot's app (client) id, a GUID like "
            f"00000000-0000-0000-0000-000000000000 (Azure Bot > Configuration), got {settings.teams_client_id!r}")
    return settings.teams_client_id


EVERY_INTERFACE, THIS_MACHINE = "0.0.0.0", "127.0.0.1"


def listening_host(settings: Settings, mode: str | None) -> tuple[str, str]:
    """Where `peerbot serve` listens, and a warning line ("" when none): HOST when it is set; else
    every interface, or this machine only in anonymous mode, which anyone who reaches the port may
    use. HOST set to an address beyond this machine in anonymous mode is warned about."""
    if not settings.host:
        return (THIS_MACHINE if mode == ANONYMOUS else EVERY_INTERFACE), ""
    return settings.host, exposed_warning(settings.host) if mode == ANONYMOUS and not loopback(settings.host) else ""


def loopback(host: str) -> bool:
    """Whether `host` names this machine only (`127.0.0.1`, `::1`, `localhost`)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may name any interface
        return False
