"""Slack's settings checked once, before anything starts, and the Web API client built from them
(for `peerbot serve` and for the digest's posting run alike)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from bot.settings import Settings, SettingsError

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 5
REQUEST_SECONDS = 20  # a Web API call that takes longer has failed (and may be tried again)


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str
    app_token: str
    api_url: str

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def __repr__(self) -> str:  # never print tokens, even by accident
        return f"SlackConfig(api_url={self.api_url!r}, socket_mode={self.socket_mode})"


def slack_config(settings: Settings) -> SlackConfig | None:
    """None when Slack is not configured at all; SettingsError naming the variable when it is
    configured partly or wrongly."""
    bot_token = settings.slack_bot_token.strip()
    secret = settings.slack_signing_secret.strip()
    app_token = settings.slack_app_token.strip()
    if not (bot_token or secret):
        if app_token:
            raise SettingsError("SLACK_BOT_TOKEN is not set (SLACK_APP_TOKEN alone is not enough to run Slack)")
        return None
    if not bot_token:
        raise SettingsError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-..., from OAuth & Permissions)")
    if not bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if app_token and not app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    if not secret and not app_token:
        raise SettingsError("SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials > Signing Secret)")
    url = urlparse(settings.slack_api_url.strip())
    if url.scheme not in ("http", "https") or not url.netloc:
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, got {settings.slack_api_url!r}")
    return SlackConfig(bot_token, secret, app_token, _with_slash(settings.slack_api_url))


def digest_config(settings: Settings) -> SlackConfig:
    """What posting the digest to DIGEST_CHANNELS needs: the bot token and the API's address."""
    token = settings.slack_bot_token.strip()
    if not token.startswith("xoxb-"):
        raise SettingsError("DIGEST_CHANNELS is set, so SLACK_BOT_TOKEN must be a bot token (xoxb-...)")
    return SlackConfig(token, "", "", _with_slash(settings.slack_api_url))


def _with_slash(url: str) -> str:
    url = url.strip()
    return url if url.endswith("/") else url + "/"


def make_client(config: SlackConfig, session=None, timeout: int = REQUEST_SECONDS):
    """The Web API client: Slack's address from SLACK_API_URL; 429s retried after Retry-After.
    A dropped connection is not retried here: the request may have been carried out, and the
    inbox's retry looks before it posts again (bot.slack.posting)."""
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    return AsyncWebClient(
        token=config.bot_token, base_url=config.api_url, session=session, timeout=timeout,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(RATE_LIMIT_RETRIES)],
    )
