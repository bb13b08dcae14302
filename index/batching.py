"""Questions arriving together embedded together: one model call for a burst instead of one each.

`BatchingEmbedder` wraps an embedder for a server answering many people at once. An `embed_query`
call with one text (a question) joins a queue; a dedicated worker thread takes the first, waits up
to `window` seconds for more (at most `max_batch`), embeds them in one `embed_query` call and hands
each caller its row. `embed_query_tokens` (a question's vector and its tokens, one run) queues the same way;
`embed` and `embed_with_tokens` calls (a build, the enabler profiles) go straight to the wrapped embedder.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from index.embedder import Embedder
from index.late_interaction import TextTokens

WINDOW = 0.003  # seconds the worker waits for more questions after the first
MAX_BATCH = 32


@dataclass
class _Request:
    text: str
    done: threading.Event = field(default_factory=threading.Event)
    tokens: bool = False  # whether the caller wants its tokens too
    vector: np.ndarray | None = None
    found: TextTokens | None = None
    error: BaseException | None = None


class BatchingEmbedder:
    """An `Embedder` whose single-text calls from concurrent threads are embedded in batches."""

    def __init__(self, inner: Embedder, window: float = WINDOW, max_batch: int = MAX_BATCH):
        self.inner = inner
        self._window = window
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self.batches = 0  # model calls made for queued questions (for tests and benchmarks)
        threading.Thread(target=self._work, name="peerbot-embed", daemon=True).start()

    def __reduce__(self) -> tuple:
        """Pickled (for a build's worker processes, which only count tokens) as the wrapped embedder."""
        return _unwrapped, (self.inner,)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    @property
    def semantic(self) -> bool:
        return self.inner.semantic

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.inner.embed(texts, progress)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        if len(texts) != 1:
            return self.inner.embed_query(texts)
        return self._queued(_Request(texts[0])).reshape(1, -1)

    def embed_query_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TextTokens] | None]:
        if len(texts) != 1:
            return self.inner.embed_query_tokens(texts)
        request = _Request(texts[0], tokens=True)
        vector = self._queued(request)
        return vector.reshape(1, -1), None if request.found is None else [request.found]

    def embed_with_tokens(self, texts: list[str], wanted: list[int]) -> tuple[np.ndarray, list[TextTokens] | None]:
        return self.inner.embed_with_tokens(texts, wanted)

    def _queued(self, request: _Request) -> np.ndarray:
        self._queue.put(request)
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.vector is not None
        return request.vector

    def _work(self) -> None:
        while True:
            batch = [self._queue.get()]
            deadline = time.monotonic() + self._window
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            texts = [r.text for r in batch]
            try:
                if any(r.tokens for r in batch):  # the tokens come from the run that gives the vectors
                    vectors, found = self.inner.embed_query_tokens(texts)
                else:
                    vectors, found = self.inner.embed_query(texts), None
            except BaseException as e:  # the callers raise it (a model that cannot load, say)
                for request in batch:
                    request.error = e
            else:
                for i, (request, vector) in enumerate(zip(batch, vectors)):
                    request.vector = vector
                    request.found = found[i] if found is not None else None
            self.batches += 1
            for request in batch:
                request.done.set()


def _unwrapped(inner: Embedder) -> Embedder:
    return inner
