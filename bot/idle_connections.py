"""Closing the web server's idle connections, so that idle clients cannot starve real requests.

aiohttp keeps a connection that has not yet sent a whole request open for as long as the client
likes, and one between requests for an hour; it has no limit on how many are open. On a host
with few file descriptors (`ulimit -n 256`), a few hundred idle connections used them all: the
server could accept nothing more, and Slack's and Teams' requests were refused until those
clients went away.

`close_idle_connections` checks every `CHECK_SECONDS`: a connection with no request in progress
is closed once it has been idle for `IDLE_SECONDS`, and, while more than `connection_cap()`
connections are open, the longest idle are closed at once (after `GRACE_SECONDS`, time for a new
connection's request to arrive). A connection whose request is being answered is never closed.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time

from aiohttp import web

log = logging.getLogger(__name__)

IDLE_SECONDS = 15.0  # Slack and Teams send a request at once, and wait 3 s and 15 s for its answer
GRACE_SECONDS = 1.0
CHECK_SECONDS = 0.25
WARN_SECONDS = 60.0
MIN_CAP, MAX_CAP = 16, 4096


def connection_cap(limit: int | None = None) -> int:
    """How many connections may be open: half the process's file-descriptor limit (the rest for its
    own files, databases and outgoing calls), within [MIN_CAP, MAX_CAP]."""
    if limit is None:
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit == resource.RLIM_INFINITY or limit <= 0:
        return MAX_CAP
    return max(MIN_CAP, min(MAX_CAP, limit // 2))


def _idle(handler: web.RequestHandler) -> bool:
    """No request in progress or waiting on this connection (aiohttp's own state; a handler without
    those attributes counts as busy, so nothing is closed by mistake)."""
    return getattr(handler, "_request_in_progress", True) is False and not getattr(handler, "_messages", True)


async def close_idle_connections(server: web.Server, cap: int | None = None, idle_seconds: float = IDLE_SECONDS) -> None:
    """Run until cancelled, closing `server`'s idle connections as the module says."""
    cap = connection_cap() if cap is None else cap
    idle_since: dict[web.RequestHandler, float] = {}
    served: dict[web.RequestHandler, int] = {}
    warned = -WARN_SECONDS
    while True:
        await asyncio.sleep(CHECK_SECONDS)
        now = time.monotonic()
        handlers = server.connections
        for handler in handlers:
            count = getattr(handler, "_request_count", 0)
            if not _idle(handler) or served.get(handler) != count:
                idle_since[handler] = now
                served[handler] = count
        for gone in idle_since.keys() - set(handlers):
            idle_since.pop(gone, None)
            served.pop(gone, None)
        idle = sorted((since, id(h), h) for h in handlers if _idle(h) and (since := idle_since[h]) <= now - GRACE_SECONDS)
        over = len(handlers) - cap
        if over > 0 and now - warned >= WARN_SECONDS:
            log.warning("more than %d connections open: closing the longest idle (said at most once a minute)", cap)
            warned = now
        for position, (since, _, handler) in enumerate(idle):
            if position < over or since <= now - idle_seconds:
                handler.force_close()
