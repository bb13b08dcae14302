"""Contacts as Slack mentions: a contact mapped to a member of this workspace (a `slack_user_id`,
or an `email` resolved with users.lookupByEmail) is shown as `<@U…>`. Lookups are cached. Answers
(`peerbot serve`) and the digest's posting run share it."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Iterable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.answer import Contact, Identity
from bot.slack.posting import SLACK_FAILURES, failure_line, slack_error

log = logging.getLogger(__name__)

USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
MISS_SECONDS = 3600  # an email with no member is asked about again after an hour


Identify = Callable[[Contact], Identity | None]


def no_identities(contact: Contact) -> Identity | None:
    return None


class MentionResolver:
    def __init__(self, client: AsyncWebClient, identify: Identify = no_identities):
        self.client = client
        self.identify = identify
        self._by_email: dict[str, asyncio.Future] = {}
        self._misses: dict[str, float] = {}

    async def mentions(self, contacts: Iterable[Contact]) -> dict[str, str]:
        """Contact name -> `<@U…>` for the contacts who are members of this workspace."""
        people = {}
        for contact in contacts:
            user_id = await self.user_id(contact) if contact.is_person else ""
            if user_id:
                people[contact.name] = f"<@{user_id}>"
        return people

    async def user_id(self, contact: Contact) -> str:
        identity = self.identify(contact)
        if identity is None:
            return ""
        if USER_ID.fullmatch(identity.slack_user_id or ""):
            return identity.slack_user_id
        email = (identity.email or "").strip().lower()
        return await self._lookup(email) if email else ""

    async def _lookup(self, email: str) -> str:
        missed_at = self._misses.get(email)
        if missed_at is not None and time.monotonic() - missed_at < MISS_SECONDS:
            return ""
        pending = self._by_email.get(email)
        if pending is None or (pending.done() and pending.cancelled()):
            pending = asyncio.ensure_future(self._fetch(email))
            self._by_email[email] = pending
        user_id = await asyncio.shield(pending)  # an answer given up on does not cancel others' lookup
        if not user_id:
            self._by_email.pop(email, None)
            self._misses[email] = time.monotonic()
        return user_id

    async def _fetch(self, email: str) -> str:
        try:
            response = await self.client.users_lookupByEmail(email=email)
        except SlackApiError as e:
            if slack_error(e) != "users_not_found":
                log.warning("users.lookupByEmail failed: %s", slack_error(e) or "an error")
            return ""
        except SLACK_FAILURES as e:  # a mention is a nicety: the answer still goes out with the plain name
            log.warning("users.lookupByEmail failed: %s", failure_line(e))
            return ""
        except Exception:
            log.warning("users.lookupByEmail failed", exc_info=True)
            return ""
        user = response.get("user")
        if not isinstance(user, dict) or user.get("deleted") or user.get("is_bot"):
            return ""
        found = user.get("id")
        return found if isinstance(found, str) and USER_ID.fullmatch(found) else ""  # not markup such as <!channel>
