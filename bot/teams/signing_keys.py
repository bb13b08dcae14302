"""Microsoft's signing keys for the Agents SDK's token check, read so that one slow fetch of them
never holds up the others: the SDK fetches a key set under one lock per address, with PyJWT's 30 s
wait, so while Microsoft's keys endpoint stalled, every Teams request (its key already known) waited
behind the one fetch for a key id the set lacked. Here a key the cached set holds is used without
the lock, a fetch waits KEY_FETCH_SECONDS at most for each of its reads, and a key id the set lacks
has the keys fetched again at most once in `teams_key_refresh_seconds` (PyJWT's cooldown)."""

from __future__ import annotations

import threading
from typing import Any

from jwt import PyJWK, PyJWKClient
from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

KEY_FETCH_SECONDS = 5  # as each call to the sign-in service (bot/teams/sign_in.py)


class CachedFirstKeys(jwt_token_validator._JwkClientManager):
    """The SDK's key manager, with the cached key set read first (without the lock), a bounded wait on a
    fetch, and `refresh_seconds` between fetches for key ids the set lacks."""

    def __init__(self, refresh_seconds: float):
        super().__init__()
        self.refresh_seconds = refresh_seconds

    def _get_jwk_client(self, jwks_uri: str) -> jwt_token_validator._JwkClientCacheEntry:
        if jwks_uri not in self._cache:
            client = PyJWKClient(jwks_uri, timeout=KEY_FETCH_SECONDS, cooldown_duration=self.refresh_seconds)
            self._cache[jwks_uri] = jwt_token_validator._JwkClientCacheEntry(client, threading.Lock())
        return self._cache[jwks_uri]

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        client = self._get_jwk_client(jwks_uri).jwk_client
        cached = client.jwk_set_cache.get() if client.jwk_set_cache is not None else None
        key = client.match_kid(cached.keys, header.get("kid", "")) if cached is not None else None
        return key if key is not None else await super().get_signing_key(jwks_uri, header)


def install(refresh_seconds: float) -> None:
    """Every token check of the SDK's reads keys through `CachedFirstKeys` (the SDK keeps one manager
    for the process, on its validator class)."""
    manager = jwt_token_validator.JwtTokenValidator._jwk_client_manager
    if not (isinstance(manager, CachedFirstKeys) and manager.refresh_seconds == refresh_seconds):
        jwt_token_validator.JwtTokenValidator._jwk_client_manager = CachedFirstKeys(refresh_seconds)
