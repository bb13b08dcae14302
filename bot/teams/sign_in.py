"""Microsoft Entra sign-in for Teams: off the event loop, with a time limit, failing in one way.

With credentials the Agents SDK needs an access token for every activity Teams sends (before
peerbot's handler sees it) and for every reply. Its `MsalAuth` made MSAL's client the first time, on
the event loop, and MSAL reads the tenant's OpenID metadata while it is made, with requests' default
of no time limit: a sign-in service that did not answer held all of `serve` (every request, /healthz
too) for as long as it kept the connection open, and a token request that did not answer held its
reply for good. Any other failure of the service (an HTTP error, an answer that is not a token) was
an exception of MSAL's, requests' or the SDK's, a 500 with a traceback, the message lost.

Here the client is made on a worker thread, every call MSAL makes has `SIGN_IN_SECONDS` to connect
and as long for its whole answer (a trickle too), a token is awaited `SIGN_IN_WAIT_SECONDS` at most,
and any failure to get one is `SignInFailed`, with one line saying why: the Teams app refuses the
activity with 503 (Teams sends it again) and the inbox tries a reply again later.

The service's answers are also made safe for MSAL's cache and throttle, which keep them: a token
answer whose token is not text is an error (MSAL kept it, and signed every reply with it, for the
hour it said), an expiry past a day is a day, and a Retry-After past `teams_retry_after_seconds` (30 s
unless set) is that (MSAL refused every token request, with no call, for as long as a 429 said: an hour
of 503s).
"""

from __future__ import annotations

import asyncio
import json
import time

import requests
from azure.core.credentials import AccessToken
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import AuthTypes
from msal import ConfidentialClientApplication

SIGN_IN_SECONDS = 5.0  # each call to Microsoft's sign-in service (connecting, then each wait for its answer)
SIGN_IN_WAIT_SECONDS = 10.0  # a token, however it comes (Teams waits 15 s for its activity to be answered)
MAX_TOKEN_SECONDS = 24 * 3600  # the longest a token is kept (Entra's are good for one to 24 hours)
SIGN_IN_LOGGERS = ("msal", "microsoft_agents.authentication.msal")  # log a failure (MSAL: with its traceback)


class SignInFailed(Exception):
    """No access token from Microsoft's sign-in service just now; a later try may get one."""


class TimedMsalAuth(MsalAuth):
    """`MsalAuth` whose MSAL client is made on a worker thread, whose calls are time-limited
    (`SignInSession`), whose token is awaited at most `SIGN_IN_WAIT_SECONDS`, and whose failures are
    `SignInFailed`. A Retry-After holds back the next token request `most_retry_after` seconds at most."""

    def __init__(self, msal_configuration, most_retry_after: int):
        super().__init__(msal_configuration)
        self.most_retry_after = most_retry_after

    async def _get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> AccessToken:
        try:
            async with asyncio.timeout(SIGN_IN_WAIT_SECONDS):
                await asyncio.to_thread(self._get_client)  # made (and kept) here: the SDK's own call finds it made
                return await super()._get_access_token(resource_url, scopes, force_refresh)
        except TimeoutError:
            raise SignInFailed(f"no token within {SIGN_IN_WAIT_SECONDS:g}s") from None
        except Exception as e:  # MSAL's, requests' and the SDK's own failures alike
            raise SignInFailed(_reason(e)) from None

    def forget_tokens(self) -> None:
        """Drop the access tokens MSAL keeps (the connector refused one with 401: revoked, or the app's
        secret changed), so that the next reply signs in afresh rather than being signed with it again."""
        for client in list(self._msal_auth_client_map.values()):
            cache = getattr(client, "token_cache", None)
            if cache is None:
                continue
            for token in list(cache.search(cache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(token)

    def _create_client_application(self, tenant_id: str | None = None):
        config = self._msal_configuration
        if config.AUTH_TYPE != AuthTypes.client_secret:  # peerbot's settings give a client secret
            return super()._create_client_application(tenant_id)
        return ConfidentialClientApplication(
            client_id=config.CLIENT_ID, authority=MsalAuth._resolve_authority(config, tenant_id),
            client_credential=config.CLIENT_SECRET, azure_region=MsalAuth._resolve_azure_region(config),
            http_client=SignInSession(self.most_retry_after),
        )


class SignInSession(requests.Session):
    """MSAL's HTTP client: each call gets `SIGN_IN_SECONDS` to connect and `SIGN_IN_SECONDS` for its
    whole answer once the headers are in (a read time-out alone lets a trickle run for ever); a Retry-After
    is cut to `most_retry_after` seconds."""

    def __init__(self, most_retry_after: int):
        super().__init__()
        self.most_retry_after = most_retry_after

    def request(self, method, url, *args, **kwargs) -> requests.Response:  # type: ignore[override]
        response = super().request(method, url, *args, **{**kwargs, "timeout": SIGN_IN_SECONDS, "stream": True})
        deadline = time.monotonic() + SIGN_IN_SECONDS
        body = bytearray()
        with response:
            while chunk := response.raw.read1(65536, decode_content=True):  # what has arrived, as it arrives
                body += chunk
                if time.monotonic() > deadline:
                    raise requests.Timeout(f"no whole answer within {SIGN_IN_SECONDS:g}s")
        response._content = bytes(body)  # read here, as requests itself does when not streaming
        return _kept_safely(response, self.most_retry_after)


def _kept_safely(response: requests.Response, most_retry_after: int) -> requests.Response:
    """`response` as MSAL may keep it: a Retry-After of at most `most_retry_after` seconds; a token answer's
    expiry of at most `MAX_TOKEN_SECONDS`, and one whose token is not text an error (HTTP 502)."""
    wait = response.headers.get("Retry-After", "")
    if wait.strip().isdigit() and int(wait) > most_retry_after:
        response.headers["Retry-After"] = str(most_retry_after)
    if response.status_code != 200 or not response.url.endswith("/token"):
        return response
    try:
        answer = json.loads(response.content)
    except (ValueError, RecursionError):
        return response  # not JSON: MSAL's own error
    if not isinstance(answer, dict) or "access_token" not in answer:
        return response
    if not isinstance(answer["access_token"], str) or not answer["access_token"]:
        response.status_code = 502
        answer = {"error": "invalid_response", "error_description": "the token answer's access_token is not text"}
    elif type(answer.get("expires_in")) is int and answer["expires_in"] > MAX_TOKEN_SECONDS:
        answer["expires_in"] = MAX_TOKEN_SECONDS
    response._content = json.dumps(answer).encode()
    return response


def _reason(error: Exception) -> str:
    first = str(error).strip().splitlines()
    return f"{type(error).__name__}: {first[0] if first else 'no detail'}"[:200]
