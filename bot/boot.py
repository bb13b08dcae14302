"""Fast boot for `peerbot serve`: the port is opened first, the slow work happens behind it.

`listen(host, port)` binds and listens at once, before the web stack is even imported, so a
platform that waits for `PORT` (Heroku kills a web process that has not bound it within 60 s)
and a load balancer's connection see it within a second: connections wait in the socket's
backlog until the server accepts them. `in_background(work)` runs the model and index loading
in a daemon thread, so a SIGTERM while starting need not wait for it (nothing of it is written
but the index, whose generations are published atomically).
"""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
from collections.abc import Callable
from typing import TypeVar

from bot.setting_values import quoted
from index import PeerbotError

T = TypeVar("T")
BACKLOG = 128  # connections (a Slack burst, health checks) waiting while the server starts


class ServeError(PeerbotError):
    """The server cannot start (for example, the port is taken)."""


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening; one clear error when it cannot be."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, _, _, _, address = infos[0]
        dual = family == socket.AF_INET6 and host in ("", "::") and socket.has_dualstack_ipv6()
        return socket.create_server(address, family=family, backlog=BACKLOG, dualstack_ipv6=dual)
    except OSError as e:  # taken, not an address of this machine, no such host
        shown = host if host.isprintable() else quoted(host)  # an escape code or line break shown, never acted on
        raise ServeError(f"cannot listen on {shown}:{port} ({e.strerror or e})") from None


async def in_background(work: Callable[[], T]) -> T:
    """`work()` on a daemon thread; cancelling the await abandons it (the process is stopping)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not done.done():
            outcome()

    def report(outcome: Callable[[], None]) -> None:
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:  # the loop is closed: the process stopped while this ran
            pass

    def run() -> None:
        try:
            result = work()
        except BaseException as e:  # handed to the awaiting coroutine, which reports it
            report(functools.partial(done.set_exception, e))
        else:
            report(functools.partial(done.set_result, result))

    threading.Thread(target=run, name="peerbot-loading", daemon=True).start()
    return await done
