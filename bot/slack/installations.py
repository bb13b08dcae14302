"""Where Slack installations (each workspace's bot token) and OAuth states are kept: Bolt's own
SQLAlchemy stores on peerbot's database (the engine of bot/state), run on worker threads for the asyncio
app. Each `state` is signed with SLACK_STATE_SECRET, so one this deployment did not issue is
refused before the database is asked; the store makes each one single-use and short-lived.

An installation and its bot are stored in one transaction (Bolt's store uses two: a failure of the
second left an installation with no bot). The database failing to store or find an installation or a
state (stopped, locked, read-only, full; or a value it cannot encode) is `StoreFailed`, with one line
saying why, for the OAuth flow to show the installer (Bolt's state store took such a failure for an
invalid state, and let its installation store's out as a traceback).

A rotating token is refreshed before it is handed out (bot.slack.token_rotation), to Bolt's request
authorisation (given the bot without its refresh token, so Bolt does not rotate it again) and to the
inbox and the digest alike; the database failing to keep the new token is one warning line, and the new
token is used all the same (kept in memory until it is stored)."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import sqlalchemy as sa
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db as db_time
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.service import unavailable, unavailable_line
from bot.slack.token_rotation import TokenRefresher, due

log = logging.getLogger(__name__)

T = TypeVar("T")
STORE_ERRORS = (sa.exc.SQLAlchemyError, UnicodeError, ValueError, OverflowError)  # the database's, the driver's
STATE_SECONDS = 600  # an installation started more than ten minutes ago must start again


class StoreFailed(Exception):
    """The records database did not store or find an installation or a state; `outage`: a later try may
    get past it (the database stopped, locked, read-only or full), not a value it cannot take."""

    def __init__(self, error: BaseException):
        super().__init__(unavailable_line(error))
        self.outage = unavailable(error)


async def stored(call: Callable[..., T], *args) -> T:
    """`call(*args)` on a worker thread, the database's failure `StoreFailed`."""
    try:
        return await asyncio.to_thread(call, *args)
    except STORE_ERRORS as e:
        raise StoreFailed(e) from None


class Installations(AsyncInstallationStore):
    """Bolt's SQLAlchemy installation store, off the event loop."""

    def __init__(self, client_id: str, engine: sa.Engine, refresher: TokenRefresher | None = None):
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.refresher = refresher
        self._refreshed: dict[tuple[str | None, str | None], Bot] = {}  # the newest token of each workspace
        self._refreshing: dict[tuple[str | None, str | None], asyncio.Lock] = {}

    def create_tables(self) -> None:
        self.store.create_tables()  # only the tables that are missing

    async def async_save(self, installation: Installation) -> None:
        await stored(self._save, installation)

    def _save(self, installation: Installation) -> None:
        """The installation and its bot as new rows, in one transaction (Bolt's own `save`, less its
        look for a row installed at the very same instant)."""
        rows = []
        for row in (installation.to_dict(), installation.to_bot().to_dict()):
            times = ("installed_at", "bot_token_expires_at", "user_token_expires_at")
            rows.append(row | {"client_id": self.store.client_id} | {t: db_time(row.get(t)) for t in times if t in row})
        with self.store.engine.begin() as db:
            db.execute(self.store.installations.insert(), rows[0])
            db.execute(self.store.bots.insert(), rows[1])

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep `bot` (a refreshed token); the database failing is one warning line, not raised."""
        try:
            await stored(self.store.save_bot, bot)
        except StoreFailed as e:
            log.warning("Slack: the new token of workspace %s was not stored: the database failed (%s); it is "
                        "used until it can be", bot.team_id, e)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        """The workspace's bot, its token refreshed if due, without its refresh token (for Bolt)."""
        bot = await self._fresh(await asyncio.to_thread(
            self.store.find_bot, enterprise_id=enterprise_id, team_id=team_id,
            is_enterprise_install=is_enterprise_install))
        if bot is None or self.refresher is None:
            return bot
        shown = copy.copy(bot)
        shown.bot_refresh_token = None
        return shown

    async def _fresh(self, bot: Bot | None) -> Bot | None:
        """`bot`, or a newer token of its workspace: one refreshed earlier, or now when it is due."""
        if bot is None or self.refresher is None:
            return bot
        key = (bot.enterprise_id, bot.team_id)
        async with self._refreshing.setdefault(key, asyncio.Lock()):  # one refresh of a workspace at a time
            newer = self._refreshed.get(key)
            if (newer is not None and newer.installed_at == bot.installed_at  # not a later install's
                    and (newer.bot_token_expires_at or 0) > (bot.bot_token_expires_at or 0)):
                bot = newer
            if not due(bot, time.time()):
                return bot
            fresh = await self.refresher.refreshed(bot)
            if fresh is None:
                return bot
            self._refreshed[key] = fresh
        await self.async_save_bot(fresh)
        return fresh

    async def async_bot_of(self, team_id: str) -> Bot | None:
        """The bot installed most recently in workspace `team_id`, whether or not that workspace is part
        of an Enterprise Grid organisation (Bolt's `find_bot` wants the organisation's id too, which
        a question keeps no record of; a workspace's id is unique across organisations)."""
        return await self._fresh(await asyncio.to_thread(self._bot_of, team_id))

    def _bot_of(self, team_id: str) -> Bot | None:
        bots = self.store.bots.c
        query = (self.store.bots.select()
                 .where(sa.and_(bots.client_id == self.store.client_id, bots.team_id == team_id,
                                bots.bot_token.is_not(None)))
                 .order_by(sa.desc(bots.installed_at)).limit(1))
        with self.store.engine.connect() as db:
            row = db.execute(query).mappings().first()
        return None if row is None else self.store.build_bot_entity(row)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        return await asyncio.to_thread(self.store.find_installation, enterprise_id=enterprise_id, team_id=team_id,
                                       user_id=user_id, is_enterprise_install=is_enterprise_install)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.store.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await asyncio.to_thread(self.store.delete_installation, enterprise_id=enterprise_id, team_id=team_id,
                                user_id=user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.store.delete_all, enterprise_id=enterprise_id, team_id=team_id)


class SignedStates(AsyncOAuthStateStore):
    """Bolt's SQLAlchemy state store, its states signed with SLACK_STATE_SECRET."""

    def __init__(self, secret: str, engine: sa.Engine):
        self.key = secret.encode()
        self.store = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)

    def create_tables(self) -> None:
        self.store.create_tables()

    async def async_issue(self, *args, **kwargs) -> str:
        nonce = await stored(self.store.issue)
        return f"{nonce}.{self._sign(nonce)}"

    async def async_consume(self, state: str) -> bool:
        nonce, _, signature = state.rpartition(".")
        if not nonce or not hmac.compare_digest(signature.encode(), self._sign(nonce).encode()):
            return False
        return await stored(self._consume, nonce)

    def _consume(self, nonce: str) -> bool:
        """Whether `nonce` was issued and has not expired; it is deleted (Bolt's own `consume`, its
        failures let out rather than taken for an invalid state)."""
        states = self.store.oauth_states
        with self.store.engine.begin() as db:
            found = db.execute(states.delete().where(sa.and_(
                states.c.state == nonce, states.c.expire_at > db_time(datetime.now(tz=UTC)))))
            return found.rowcount > 0

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.key, nonce.encode(), hashlib.sha256).hexdigest()
