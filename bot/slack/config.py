"""Slack's settings checked once, before anything starts, and the Web API client built from them
(for `peerbot serve` and for the digest's posting run alike)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from bot.setting_values import SettingsError, quoted
from bot.settings import Settings

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 5
REQUEST_SECONDS = 20  # a Web API call that takes longer has failed (and may be tried again)
# A worker's call waits out 429s of at most this many seconds in all, so that a post (given 30 s:
# RetryPolicy.post_seconds) is not held past its limit; a longer Retry-After goes back to the inbox.
RATE_LIMIT_MOST_WAIT = 10.0


INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"
BOT_SCOPES = ("app_mentions:read", "channels:read", "chat:write", "commands", "im:write", "users:read",
              "users:read.email")  # as slack/manifest.yaml asks (a test checks they agree)
MIN_STATE_SECRET = 32


@dataclass(frozen=True)
class OAuthConfig:
    """Installing into many workspaces (Slack OAuth v2): the app's client id and secret, and the
    secret that signs each installation's `state`."""

    client_id: str
    client_secret: str
    state_secret: str

    def __repr__(self) -> str:
        return f"OAuthConfig(client_id={self.client_id!r})"


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str  # one workspace's; "" when only installations through OAuth are served
    signing_secret: str
    app_token: str
    api_url: str
    oauth: OAuthConfig | None = None

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def mode(self) -> str:
        return "socket_mode" if self.socket_mode else "http"

    def __repr__(self) -> str:  # never print tokens, even by accident
        return f"SlackConfig(api_url={self.api_url!r}, socket_mode={self.socket_mode}, oauth={self.oauth is not None})"


def slack_config(settings: Settings) -> SlackConfig | None:
    """None when Slack is not configured at all; SettingsError naming the variable when it is
    configured partly or wrongly."""
    bot_token = settings.slack_bot_token.strip()
    secret = settings.slack_signing_secret.strip()
    app_token = settings.slack_app_token.strip()
    oauth = oauth_config(settings)
    if not (bot_token or secret or oauth):
        if app_token:
            raise SettingsError("SLACK_BOT_TOKEN is not set (SLACK_APP_TOKEN alone is not enough to run Slack)")
        return None
    if oauth and not secret:
        raise SettingsError("SLACK_SIGNING_SECRET is not set (installing into many workspaces needs it and HTTP mode)")
    if oauth and app_token:
        raise SettingsError("SLACK_APP_TOKEN (Socket Mode) cannot be used with SLACK_CLIENT_ID: installing into many "
                            "workspaces is served over HTTP")
    if not bot_token and not oauth:
        raise SettingsError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-..., from OAuth & Permissions)")
    if bot_token and not bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if app_token and not app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    if not secret and not app_token:
        raise SettingsError("SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials > Signing Secret)")
    url = urlparse(settings.slack_api_url.strip())
    if url.scheme not in ("http", "https") or not url.netloc:
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, got {quoted(settings.slack_api_url)}")
    return SlackConfig(bot_token, secret, app_token, _with_slash(settings.slack_api_url), oauth)


def oauth_config(settings: Settings) -> OAuthConfig | None:
    """None unless SLACK_CLIENT_ID, SLACK_CLIENT_SECRET or SLACK_STATE_SECRET is set; then all three."""
    values = {"SLACK_CLIENT_ID": settings.slack_client_id.strip(),
              "SLACK_CLIENT_SECRET": settings.slack_client_secret.strip(),
              "SLACK_STATE_SECRET": settings.slack_state_secret.strip()}
    if not any(values.values()):
        return None
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise SettingsError(f"{' and '.join(missing)} not set: installing into many workspaces needs SLACK_CLIENT_ID, "
                            "SLACK_CLIENT_SECRET and SLACK_STATE_SECRET")
    if len(values["SLACK_STATE_SECRET"]) < MIN_STATE_SECRET:
        raise SettingsError(f"SLACK_STATE_SECRET must be at least {MIN_STATE_SECRET} characters (a long random secret)")
    return OAuthConfig(*values.values())


def digest_config(settings: Settings, installed: bool = False) -> SlackConfig:
    """What posting the digest to DIGEST_CHANNELS needs: the bot token and the API's address;
    `installed`: no token, each workspace's channels are posted with its installation's."""
    if installed:
        return SlackConfig("", "", "", _with_slash(settings.slack_api_url))
    token = settings.slack_bot_token.strip()
    if not token.startswith("xoxb-"):
        raise SettingsError("DIGEST_CHANNELS is set, so SLACK_BOT_TOKEN must be a bot token (xoxb-...)")
    return SlackConfig(token, "", "", _with_slash(settings.slack_api_url))


def _with_slash(url: str) -> str:
    url = url.strip()
    return url if url.endswith("/") else url + "/"


def make_client(config: SlackConfig, session=None, timeout: int = REQUEST_SECONDS, token: str | None = None,
                most_wait: float = RATE_LIMIT_MOST_WAIT):
    """The Web API client (with `token`, else SLACK_BOT_TOKEN, if any): Slack's address from
    SLACK_API_URL; 429s retried after Retry-After while a call's waits add up to `most_wait` seconds
    at most (a longer one is the call's SlackApiError, its Retry-After for the caller to honour; the
    digest and the command line, holding no worker, wait it out); an answer of the wrong kind a failed
    call (bot.slack.client).
    A dropped connection is not retried here: the request may have been carried out, and the
    inbox's retry looks before it posts again (bot.slack.posting)."""
    from bot.slack.client import RateLimitRetry, SlackClient

    return SlackClient(
        token=token or config.bot_token or None, base_url=config.api_url, session=session, timeout=timeout,
        retry_handlers=[RateLimitRetry(RATE_LIMIT_RETRIES, most_wait)],
    )


def make_webhook(url: str, session=None):
    """A response_url's client, as a worker's Web API client: a 429 waited out after its Retry-After (a
    longer one answered, its Retry-After for the inbox); a dropped
    connection not tried again (the SDK's default would: the reply may already have been shown, and
    the inbox's retry decides)."""
    from slack_sdk.webhook.async_client import AsyncWebhookClient

    from bot.slack.client import RateLimitRetry

    return AsyncWebhookClient(url, session=session, timeout=REQUEST_SECONDS,
                              retry_handlers=[RateLimitRetry(RATE_LIMIT_RETRIES, RATE_LIMIT_MOST_WAIT)])
