"""Slack's request signature (pure): whether a request carries it, and when a correctly signed one is
refused for its age, how far its time is from this machine's clock (a replay, or a wrong clock)."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_CLOCK_SKEW = 5 * 60  # seconds: an older signed request may be a replay


def _parts(headers) -> tuple[str, str] | None:
    """The timestamp and signature headers when they are shaped as Slack's; any other value is None."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12 and signature.isascii()):
        return None
    return timestamp, signature


def _matches(timestamp: str, signature: str, raw: bytes, secret: str) -> bool:
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def signed(headers, raw: bytes, secret: str, now: float | None = None) -> bool:
    """Whether the request carries Slack's signature of `raw` made in the last five minutes.
    Any header value (missing, not a number, not ASCII) that is not Slack's is a plain False."""
    parts = _parts(headers)
    if parts is None or abs((time.time() if now is None else now) - int(parts[0])) > MAX_CLOCK_SKEW:
        return False
    return _matches(*parts, raw, secret)


def clock_skew(headers, raw: bytes, secret: str, now: float | None = None) -> float | None:
    """Seconds from this machine's clock to a correctly signed request's time (negative: it is dated
    earlier) when they are more than five minutes apart; None for any other request."""
    parts = _parts(headers)
    if parts is None or not _matches(*parts, raw, secret):
        return None
    skew = int(parts[0]) - (time.time() if now is None else now)
    return skew if abs(skew) > MAX_CLOCK_SKEW else None


def skew_words(skew: float) -> str:
    """`skew` as the log says it: "12 minutes before", "3 hours after", "365 days before"."""
    seconds = abs(skew)
    amount = (f"{seconds / 86400:.0f} days" if seconds >= 2 * 86400 else f"{seconds / 3600:.0f} hours"
              if seconds >= 2 * 3600 else f"{seconds / 60:.0f} minutes")
    return f"{amount} {'before' if skew < 0 else 'after'}"
