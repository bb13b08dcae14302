"""Where Slack installations (each workspace's bot token) and OAuth states are kept: Bolt's own
SQLAlchemy stores on peerbot's database (the engine of bot/state), run on worker threads for the asyncio
app. Each `state` is signed with SLACK_STATE_SECRET, so one this deployment did not issue is
refused before the database is asked; the store makes each one single-use and short-lived."""

from __future__ import annotations

import asyncio
import hashlib
import hmac

import sqlalchemy as sa
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

STATE_SECONDS = 600  # an installation started more than ten minutes ago must start again


class Installations(AsyncInstallationStore):
    """Bolt's SQLAlchemy installation store, off the event loop."""

    def __init__(self, client_id: str, engine: sa.Engine):
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)

    def create_tables(self) -> None:
        self.store.create_tables()  # only the tables that are missing

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await asyncio.to_thread(self.store.find_bot, enterprise_id=enterprise_id, team_id=team_id,
                                       is_enterprise_install=is_enterprise_install)

    async def async_bot_of(self, team_id: str) -> Bot | None:
        """The bot installed most recently in workspace `team_id`, whether or not that workspace is part
        of an Enterprise Grid organisation (Bolt's `find_bot` wants the organisation's id too, which
        a question keeps no record of; a workspace's id is unique across organisations)."""
        return await asyncio.to_thread(self._bot_of, team_id)

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
        nonce = await asyncio.to_thread(self.store.issue)
        return f"{nonce}.{self._sign(nonce)}"

    async def async_consume(self, state: str) -> bool:
        nonce, _, signature = state.rpartition(".")
        if not nonce or not hmac.compare_digest(signature.encode(), self._sign(nonce).encode()):
            return False
        return await asyncio.to_thread(self.store.consume, nonce)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.key, nonce.encode(), hashlib.sha256).hexdigest()
