"""Delivering the digest to Slack channels with the Web API (chat.postMessage)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.digest.audience import Audience
from bot.digest.model import Digest
from bot.digest.posting import DeliveryError
from bot.digest.render_slack import digest_message
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 5
TIMEOUT_SECONDS = 30

Mentions = Callable[[Digest], Mapping[str, str]]  # contact name -> "<@U…>" for those in the workspace


def slack_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL; a 429 is retried after its Retry-After (nothing else is,
    since a post that may have arrived must not be sent twice)."""
    token = settings.slack_bot_token.strip()
    if not token.startswith("xoxb-"):
        raise SettingsError("DIGEST_CHANNELS is set, so SLACK_BOT_TOKEN must be a bot token (xoxb-...)")
    url = settings.slack_api_url.strip()
    return WebClient(
        token=token, base_url=url if url.endswith("/") else url + "/", timeout=TIMEOUT_SECONDS,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


class SlackDestination:
    """A DIGEST_CHANNELS channel; its audience is the workspace of the bot token (auth.test)."""

    def __init__(self, client: WebClient, channel: str, mentions: Mentions = lambda digest: {},
                 workspace: Callable[[], str] | None = None):
        self.client = client
        self.channel = channel
        self.mentions = mentions
        self.workspace = workspace or token_workspace(client)
        self.key = f"slack:{channel}"

    def audience(self) -> Audience:
        return Audience(self._call(self.workspace))

    def post(self, digest: Digest) -> None:
        message = digest_message(digest, self.mentions(digest))
        self._call(lambda: self.client.chat_postMessage(
            channel=self.channel, text=message.text, blocks=message.blocks, unfurl_links=False, unfurl_media=False
        ))

    def _call(self, call):
        try:
            return call()
        except SlackApiError as e:
            raise DeliveryError(f"Slack answered {e.response.get('error') or e.response.status_code}") from None
        except OSError as e:  # URLError, timeouts, refused connections
            reason = getattr(e, "reason", None) or e
            raise DeliveryError(f"cannot reach Slack at {self.client.base_url} ({reason})") from None


def token_workspace(client: WebClient) -> Callable[[], str]:
    """The workspace (team id) of the bot token, asked once with auth.test."""
    known: list[str] = []

    def workspace() -> str:
        if not known:
            known.append(client.auth_test().get("team_id") or "")
        return known[0]

    return workspace


def slack_mentions(client: WebClient, knowledge_dir: Path) -> Mentions:
    """Contacts that contacts.yaml maps to a member of this workspace (a `slack_user_id`, or an
    `email` found with users.lookupByEmail) become mentions; anyone else stays a name."""
    from bot.contacts.file import load_contact_details
    from bot.slack.directory import identities
    from bot.slack.users import USER_ID

    identify = identities(load_contact_details(knowledge_dir))
    by_email: dict[str, str] = {}

    def mentions(digest: Digest) -> dict[str, str]:
        people = {}
        for contact in digest.contacts:
            identity = identify(contact)
            if identity is None:
                continue
            if USER_ID.fullmatch(identity.user_id or ""):
                user_id = identity.user_id
            else:
                email = (identity.email or "").strip().lower()
                if email and email not in by_email:
                    by_email[email] = _lookup(client, email)
                user_id = by_email.get(email, "")
            if user_id:
                people[contact.name] = f"<@{user_id}>"
        return people

    return mentions


def _lookup(client: WebClient, email: str) -> str:
    """The workspace member with this email, if any (a mention is a nicety: on any error, none)."""
    try:
        user = client.users_lookupByEmail(email=email).get("user") or {}
    except SlackApiError as e:
        if e.response.get("error") != "users_not_found":
            log.warning("users.lookupByEmail failed: %s", e.response.get("error"))
        return ""
    except OSError as e:
        log.warning("users.lookupByEmail failed: %s", e)
        return ""
    return "" if user.get("deleted") or user.get("is_bot") else user.get("id", "")
