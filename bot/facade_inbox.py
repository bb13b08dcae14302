"""`Peerbot`'s calls on the durable inbox (bot/service.py composes them): accepted requests survive
a crash and are answered at least once (bot/delivery.py's `Worker` does the work)."""

from __future__ import annotations

from bot.delivery import Apologise, Deliver, Worker
from bot.state import InboxItem


class DurableInbox:
    """What `Peerbot` sets up for it: the inbox's worker."""

    _worker: Worker

    def handle(self, kind: str, deliver: Deliver, apologise: Apologise) -> None:
        """How an adapter answers (and apologises for) the inbox items of one kind."""
        self._worker.route(kind, deliver, apologise)

    async def accept(self, key: str, kind: str, payload: dict, text: str) -> InboxItem | None:
        """Record a delivery before it is acknowledged; the item to answer now, or None when it is
        answered already, being answered, or (not `ready` yet) to be answered from the inbox once
        ready (`text` is stored redacted). NotRecorded when the records database is unavailable:
        the delivery must not be acknowledged (the platform sends it again)."""
        return await self._worker.accept(key, kind, payload, text)

    async def hold(self, key: str, kind: str) -> str:
        """Lease a post made once, in the request that asks for it (a welcome), so that two servers
        never both make it and one killed mid-post leaves it to the redelivery: HELD (post it) or
        POSTED; HeldElsewhere while another server holds it, NotRecorded without a database."""
        return await self._worker.hold(key, kind)

    def posted(self, key: str, kind: str, done: bool) -> None:
        """After `hold`: made (or failed for good) when `done`, else given back (stopping mid-post)."""
        self._worker.posted(key, kind, done)

    async def run(self, item: InboxItem, live: object = None) -> None:
        """Answer an accepted item now (`live`: the request it came with, if any)."""
        await self._worker.run(item, live)

    def run_soon(self, item: InboxItem, live: object = None) -> None:
        """Answer an accepted item in a task of its own, once the request that brought it is
        acknowledged (a platform that waits for its turn to end, as Teams does)."""
        self._worker.run_soon(item, live)

    async def posting(self, item: InboxItem) -> float:
        """Call just before posting `item`'s reply (or apology): raises DeliveryFailed (Superseded)
        when another worker has taken the item over, so that nothing is posted twice; else the
        post is no longer cut short by the attempt's time limit, and nobody takes the item over
        while it is in flight. The seconds the post may take; past them it has failed."""
        return await self._worker.posting(item)

    def last_try(self, item: InboxItem) -> bool:
        """Whether a failure of this try of `item` is the last (the inbox then gives up on it)."""
        return self._worker.last_try(item)

    async def stop(self) -> None:
        """Let answers in progress finish, then hand the rest back for the next start."""
        await self._worker.stop()

    async def drain(self, timeout: float) -> bool:
        """Wait (up to `timeout` seconds) until nothing is being answered; True when idle."""
        return await self._worker.drain(timeout)
