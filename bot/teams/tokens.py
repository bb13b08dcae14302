"""The first check of a Teams request's bearer token, before the Agents SDK verifies its signature."""

from __future__ import annotations

import base64
import json


def token_problem(authorization: str) -> str | None:
    """What keeps an Authorization header from holding a signed JWT whose key the SDK's token
    check can look up (its header names the key, `kid`), that expires (`exp`, a whole number: the
    SDK accepts a signed token with none for ever) and whose claims the SDK reads are of their types
    (a `serviceurl` list was an AttributeError in the SDK, HTTP 500), or None.
    Checked first, so a forged or garbled token is a 401, never an error inside the check."""
    scheme, _, token = authorization.partition(" ")
    parts = token.split(".")
    if scheme != "Bearer" or len(parts) != 3 or not all(parts[:2]):
        return "expected `Bearer` and a JSON web token"
    header, claims = _token_part(parts[0]), _token_part(parts[1])
    if header is None or claims is None:
        return "the token's header or claims are not a JSON object"
    if not isinstance(header.get("kid"), str) or header.get("alg") in (None, "none"):
        return "the token's header names no signing key"
    if type(claims.get("exp")) is not int:  # Microsoft's always expire (a whole second); one that never does is replayable
        return "the token has no expiry"
    audience = claims.get("aud")
    if not isinstance(audience, str) and not (isinstance(audience, list) and all(isinstance(a, str) for a in audience)):
        return "the token's audience is not text"
    wrong = [name for name in TEXT_CLAIMS if name in claims and not isinstance(claims[name], str)]
    return f"the token's `{wrong[0]}` is not text" if wrong else None


# Claims the SDK reads as text (a signed token of Microsoft's always has them so): the issuer, the
# connector it may reply to, the app and tenant it is for, the token's version.
TEXT_CLAIMS = ("iss", "serviceurl", "appid", "azp", "tid", "ver")


def _token_part(part: str) -> dict | None:
    """A JWT's header or claims: the JSON object its base64 holds, or None."""
    try:
        found = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, RecursionError):  # not base64, not UTF-8, not JSON
        return None
    return found if isinstance(found, dict) else None
