"""Bolt's OAuth flow with the exchange of the installer's code checked. Slack (or the network)
failing on oauth.v2.access or auth.test, or answering without what an installation needs (an app
id, a bot token, a team, the installer), is one warning line and Bolt's failure page for the
installer: never an HTTP 500, and nothing half-made stored. (Bolt's own flow handles only
SlackApiError there, and reads each part of the answer as whatever type it finds.) The records
database failing to keep the state or the installation (`StoreFailed`) is one warning line and a page
for the installer: 503 when a later try may get past it, else 500."""

from __future__ import annotations

import logging

from slack_bolt.oauth.async_callback_options import AsyncFailureArgs
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation

from bot.slack.installations import StoreFailed
from bot.slack.posting import SLACK_FAILURES, failure_line, text_field
from bot.slack.token_rotation import MAX_TOKEN_SECONDS

log = logging.getLogger(__name__)



def installed_bot(answer: object) -> dict | None:
    """An installation's fields from oauth.v2.access's answer (pure); None when one it needs is
    missing or not text (an org-wide Enterprise Grid install has no team: not supported). A
    workspace of an Enterprise Grid organisation keeps the organisation's id, which Slack sends with
    each of its requests and Bolt looks the installation up by."""
    team = answer.get("team") if isinstance(answer, dict) else None
    enterprise = answer.get("enterprise") if isinstance(answer, dict) else None
    installer = answer.get("authed_user") if isinstance(answer, dict) else None
    expires = answer.get("expires_in") if isinstance(answer, dict) else None
    fields = {"app_id": text_field(answer, "app_id"), "team_id": text_field(team, "id"),
              "team_name": text_field(team, "name") or None, "bot_token": text_field(answer, "access_token"),
              "bot_user_id": text_field(answer, "bot_user_id") or None, "bot_scopes": text_field(answer, "scope"),
              "bot_refresh_token": text_field(answer, "refresh_token") or None,
              "bot_token_expires_in": expires if type(expires) is int and 0 < expires <= MAX_TOKEN_SECONDS else None,
              "user_id": text_field(installer, "id"), "token_type": text_field(answer, "token_type") or None,
              "enterprise_id": text_field(enterprise, "id") or None,
              "enterprise_name": text_field(enterprise, "name") or None}
    needed = ("app_id", "team_id", "bot_token", "user_id")
    return fields if all(fields[name] for name in needed) else None


class CheckedOAuthFlow(AsyncOAuthFlow):
    async def store_installation(self, request: AsyncBoltRequest, installation: Installation) -> None:
        """Keep the installation, and say so in the log (an uninstall is said too): the workspace's id and name."""
        await super().store_installation(request, installation)
        log.info("Slack: installed into workspace %s (%s)", installation.team_id, installation.team_name or "no name")

    async def handle_installation(self, request: AsyncBoltRequest) -> BoltResponse:
        try:
            return await super().handle_installation(request)
        except StoreFailed as e:
            log.warning("Slack: an install was not begun: the database did not keep its state (%s)", e)
            return BoltResponse(status=503 if e.outage else 500, body="Peerbot cannot be installed just now: "
                                "its database is not available. Please try again in a few minutes.\n",
                                headers={"Content-Type": "text/plain; charset=utf-8"})

    async def handle_callback(self, request: AsyncBoltRequest) -> BoltResponse:
        try:
            return await super().handle_callback(request)
        except StoreFailed as e:
            log.warning("Slack: an install was not stored: the database failed (%s)", e)
            return await self.failure_handler(AsyncFailureArgs(
                request=request, reason="storage_error", error=e, suggested_status_code=503 if e.outage else 500,
                settings=self.settings, default=self.default_callback_options))

    async def run_installation(self, code: str) -> Installation | None:
        try:
            answer = await self.client.oauth_v2_access(code=code, client_id=self.settings.client_id,
                                                       client_secret=self.settings.client_secret,
                                                       redirect_uri=self.settings.redirect_uri)
            fields = installed_bot(answer.data)
            if fields is None:
                log.warning("Slack: an install was refused: oauth.v2.access answered without an app id, a bot "
                            "token, a team or the installer")
                return None
            bot_id = text_field((await self.client.auth_test(token=fields["bot_token"])).data, "bot_id")
        except SLACK_FAILURES as e:
            log.warning("Slack: an install failed: oauth.v2.access or auth.test failed (%s)", failure_line(e))
            return None
        if not bot_id:
            log.warning("Slack: an install was refused: auth.test answered without the bot's id")
            return None
        return Installation(**fields, bot_id=bot_id)
