"""The weekly digest in Teams: each conversation an admin opted in (`peerbot teams-conversations
--digest-on ID`) is a destination of the digest's posting run (bot/digest/posting.py), posted to
proactively through its stored conversation reference.

Every conversation of a run shares one Agents SDK adapter (made on the first post, inside the
run's event loop): nothing is reopened per post. A digest is read by a chat or channel, so its people
are named, never `<at>` mentioned (a mention would notify them every week).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

import aiohttp
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import MessageFactory

from bot.digest.model import Audience, DeliveryError, Digest, UnconfirmedDelivery
from bot.plaintext.digest import render_digest
from bot.records import StoredConversation
from bot.settings import Settings
from bot.teams import cards
from bot.teams.config import teams_mode
from bot.teams.hosting import connection_manager, make_adapter
from bot.teams.payloads import PLATFORM
from bot.teams.references import post
from bot.teams.replies import card_message

POST_SECONDS = 30  # a post the connector has not answered by then may yet arrive: unconfirmed, not sent again


class TeamsPoster:
    """Proactive posts for one posting run, through one adapter."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._adapter: CloudAdapter | None = None

    async def post(self, reference: dict, message: Activity) -> None:
        if self._adapter is None:
            self._adapter = make_adapter(connection_manager(self.settings), self.settings)
        await post(self._adapter, self.settings.teams_client_id, reference, message)


class TeamsDigestConversation:
    """One opted-in Teams chat or channel; `post` raises DeliveryError when Teams cannot be reached."""

    def __init__(self, poster: TeamsPoster, conversation: StoredConversation):
        self.poster = poster
        self.conversation = conversation
        self.key = f"{PLATFORM}:{conversation.id}"

    async def audience(self) -> Audience:
        """A channel's team (a chat has none, so its digest quotes no one); its tenant's chats are counted."""
        return Audience(self.conversation.workspace, frozenset({self.conversation.tenant}) - {""})

    async def post(self, digest: Digest) -> None:
        fallback = render_digest(digest)
        card = cards.digest_card(digest, fallback)
        message = card_message(card, fallback.splitlines()[0]) if cards.fits(card) else MessageFactory.text(fallback)
        try:
            await asyncio.wait_for(self.poster.post(self.conversation.reference, message), POST_SECONDS)
        except aiohttp.ClientResponseError as e:  # the connector refused it (any page): nothing was posted
            raise DeliveryError(f"Teams at {self._where} refused the post (HTTP {e.status})") from None
        except aiohttp.ClientConnectorError as e:  # refused, no such host: nothing was sent
            raise DeliveryError(f"cannot post to Teams at {self._where} ({type(e).__name__}: {e})") from None
        except TimeoutError:  # the connector never answered (aiohttp's own limit is 5 minutes): it may have arrived
            raise UnconfirmedDelivery(f"Teams at {self._where} did not answer within {POST_SECONDS} s") from None
        except (aiohttp.ClientError, OSError) as e:  # dropped connections, time-outs: it may have arrived
            raise UnconfirmedDelivery(f"the connection to Teams at {self._where} was lost ({type(e).__name__}: {e})") from None

    async def find(self, week: str) -> bool | None:
        """Never known: peerbot cannot read a Teams conversation."""
        return None

    @property
    def _where(self) -> str:
        return self.conversation.reference.get("serviceUrl", "?")


def teams_digest_conversations(
    settings: Settings, opted_in: Callable[[], Iterable[StoredConversation]]
) -> list[TeamsDigestConversation]:
    """The digest's Teams destinations: the conversations `opted_in()` lists (read only when Teams
    is configured; none when it is not)."""
    if teams_mode(settings) is None:
        return []
    poster = TeamsPoster(settings)
    return [TeamsDigestConversation(poster, conversation) for conversation in opted_in()]


def unreachable_conversations(settings: Settings, opted_in: Callable[[], Iterable[StoredConversation]]) -> int:
    """How many opted-in conversations this process cannot post to, Teams not being configured here."""
    return 0 if teams_mode(settings) is not None else len(list(opted_in()))
