"""`Peerbot`'s calls for taking up a newer index, or an edited contacts.yaml, while serving (bot/service.py
composes them; bot/live.py does the loading and the swap). Each answer uses one served corpus from
start to end."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING

from index import PeerbotError

if TYPE_CHECKING:
    from bot.live import LiveCorpus, Refreshed

log = logging.getLogger(__name__)


class NotReady(PeerbotError):
    """Asked for an answer before the model and index were loaded."""


class FollowingIndex:
    """What `Peerbot` sets up for it: the served corpus, once loaded."""

    _live_corpus: LiveCorpus | None

    @property
    def _live(self) -> LiveCorpus:
        if self._live_corpus is None:
            raise NotReady("peerbot is still loading the model and index")
        return self._live_corpus

    def refresh(self) -> Future[Refreshed]:
        """Rebuild the index from the corpus folder (only changed documents are read) in the
        background and swap it in when it is ready; returns at once. Questions are answered from
        the old index meanwhile, and calls already using it finish on it. Call it after writing a
        document into the corpus folder (an approved lesson); `.result()` waits for it."""
        return self._live.refresh_in_background()

    def reload(self) -> bool:
        """Swap in the generation on disk when another process (`peerbot index`) published a newer
        one: loaded and warmed first, then swapped; True when it was. Blocks while it loads."""
        return self._live.reload()

    def reread_contacts(self) -> bool:
        """Serve contacts.yaml as it is now, on the same index, when it changed: True when it was (a
        malformed file, or none where there was one, is logged once and the last good directory serves on)."""
        return self._live.reread_contacts()

    def newer_index(self) -> bool:
        """Whether a newer generation than the served one is on disk (cheap: a link read)."""
        return self._live.newer()

    @property
    def generation(self) -> str:
        """The index generation being served."""
        return self._live.generation

    async def follow_index(self, interval: float) -> None:
        """While serving: every `interval` seconds, swap in a newer generation when one is on disk (the
        check is a link read; the load runs on a worker thread), else the contacts directory when
        contacts.yaml changed (a withdrawal takes effect without a rebuild). Runs until cancelled."""
        while True:
            await asyncio.sleep(interval)
            try:
                if self._live_corpus is not None and self.newer_index():
                    await asyncio.to_thread(self.reload)
                elif self._live_corpus is not None:
                    await asyncio.to_thread(self.reread_contacts)
            except Exception:  # never the end of following: the old index serves on, and the next tick tries again
                log.exception("looking for a newer index failed")
