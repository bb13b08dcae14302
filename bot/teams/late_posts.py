"""Replies the connector had not answered within their time limit, still awaited in the background.

A connector that has not answered a post may yet take it, and a Teams conversation cannot be
searched for a reply that went out. So a post past its limit is not cut short: it goes on in the
background, and the inbox item is retried later, with the inbox's backoff. What each retry of
that item can know, it does:
- the late post was taken (a 2xx, however late): the reply is out; nothing is sent again;
- it was refused, or its connection failed: the reply is sent again;
- it is still unanswered: nothing is sent, and the item is tried again later; on the last try
  peerbot gives up, in one warning line, without sending it again (a double reply is worse than
  a missing one, and an apology over a reply that may yet show would be wrong).
Only this process knows its late posts: a retry taken by another replica, or after a restart,
sends the reply again (it cannot tell; a reply possibly shown twice rather than one lost).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

from bot.service import DeliveryFailed

log = logging.getLogger(__name__)


class LatePosts:
    def __init__(self) -> None:
        self._posts: dict[str, asyncio.Task] = {}  # inbox key -> its post still awaited

    async def send(self, key: str, posting: Coroutine[object, object, None], seconds: float) -> None:
        """Await `posting` (which raises DeliveryFailed when the connector refuses it) for up to
        `seconds`; past that it goes on in the background, and DeliveryFailed says to try later."""
        task = asyncio.ensure_future(posting)
        try:
            await asyncio.wait_for(asyncio.shield(task), seconds)
        except TimeoutError:
            self._posts[key] = task
            raise DeliveryFailed(f"the connector did not answer within {seconds:g}s; the post may yet arrive") from None
        except asyncio.CancelledError:  # this worker is stopping: the inbox hands the item back
            task.cancel()
            raise

    def sent(self, key: str, last_try: bool) -> bool:
        """Before a retry of `key` posts: True when an earlier post of it was taken (late) or, on
        the last try, is still unanswered (given up: not sent again); False when there was none
        or it failed (post again). DeliveryFailed while it is unanswered and tries remain."""
        task = self._posts.pop(key, None)
        if task is None:
            return False
        if not task.done():
            if not last_try:
                self._posts[key] = task
                raise DeliveryFailed("the connector has still not answered an earlier post of this reply")
            task.cancel()
            log.warning("Teams: the connector never answered a reply; it may have gone out, so it is not sent again")
            return True
        if task.cancelled() or task.exception() is not None:
            return False
        log.info("Teams: the connector took a reply late; it is not sent again")
        return True
