"""Contacts as Slack mentions: a contact mapped to a member of this workspace (a `slack_user_id`,
or an `email` resolved with users.lookupByEmail) is shown as `<@U…>`. Answers (`peerbot serve`) and the
digest's posting run share it.

A member found is reused for `FOUND_SECONDS` (six hours), then looked up again: a member deactivated,
or whose address moved to another member, stops being mentioned within the day. An address with no
member, or whose lookup failed, is asked about again after `MISS_SECONDS` (five minutes): a person who
joins, or Slack recovering, shows within minutes, without a lookup on every answer."""

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
FOUND_SECONDS = 6 * 3600  # a member found is looked up again after six hours
MISS_SECONDS = 300  # an email with no member, or whose lookup failed, is asked about again after five minutes


Identify = Callable[[Contact], Identity | None]


def no_identities(contact: Contact) -> Identity | None:
    return None


class MentionResolver:
    def __init__(self, client: AsyncWebClient, identify: Identify = no_identities,
                 clock: Callable[[], float] = time.monotonic):
        self.client = client
        self.identify = identify
        self.clock = clock
        self._by_email: dict[str, asyncio.Future] = {}  # a lookup under way
        self._known: dict[str, tuple[str, float]] = {}  # email -> (member id or "", until when it holds)

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
        user_id, until = self._known.get(email, ("", 0.0))
        if self.clock() < until:
            return user_id
        pending = self._by_email.get(email)
        if pending is None:
            pending = self._by_email[email] = asyncio.ensure_future(self._fetch(email))
            pending.add_done_callback(lambda done: self._learnt(email, done))
        return await asyncio.shield(pending)  # an answer given up on does not cancel others' lookup

    def _learnt(self, email: str, done: asyncio.Future) -> None:
        self._by_email.pop(email, None)
        user_id = "" if done.cancelled() or done.exception() else done.result()
        self._known[email] = user_id, self.clock() + (FOUND_SECONDS if user_id else MISS_SECONDS)

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
