"""The HTTP server of `peerbot serve` (aiohttp): one process and port for Slack and Teams.

Each chat surface mounts its routes on the same `web.Application`. `GET /healthz` (liveness)
answers 200 from the moment the server runs: `{"status": "starting"}` while the model and index
load, then `{"status": "ok"}`; `GET /readyz` (readiness) answers 503 until peerbot can answer,
then 200. Before that, when `serve`'s check of its token with Slack is slow (failing and tried
again), `starting_server` answers them the same way (Slack's `/peer` and `/enabler` are recorded and
answered later: bot/slack/starting.py; everything else gets a 503) on the same port. CPU-bound
answering runs in worker threads so the event loop keeps acknowledging.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot import stop_deadline
from bot.idle_connections import close_idle_connections
from bot.log_filters import filter_once
from bot.stopping import requested as stop_requested

MAX_BODY = 1024 * 1024  # bytes: Slack's and Teams' requests are far smaller
BODY_SECONDS = 10.0  # a body still arriving after this is refused (Slack and Teams send theirs at once)
HEALTH: web.AppKey[dict[str, str]] = web.AppKey("health")
READY: web.AppKey[Callable[[], bool]] = web.AppKey("ready")
STARTING, OK = "starting", "ok"
STOP_SECONDS = 60.0  # after SIGTERM the process exits by then, whatever still holds it (answers get 20 s, clicks 20 s)


async def healthz(request: web.Request) -> web.Response:
    status = OK if request.app[READY]() else STARTING
    return web.json_response({"status": status} | request.app[HEALTH])


async def readyz(request: web.Request) -> web.Response:
    if request.app[READY]():
        return web.json_response({"status": "ready"})
    return web.json_response({"status": STARTING}, status=503, headers={"Retry-After": "5"})


class _OneLineBadRequests(logging.Filter):
    """aiohttp answers a request it cannot parse (a URL or header over its limits, bad bytes) with a
    400 and logs it with a traceback; anyone who can reach the port could fill the log with those,
    so it becomes one line naming the fault (not the request's contents, which may hold a code)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (HttpProcessingError, web.RequestPayloadError)):  # the latter: a body not as declared
            record.msg, record.args = "refused a malformed HTTP request (%s)", (type(error).__name__,)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


@web.middleware
async def readable_bodies(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                          ) -> web.StreamResponse:
    """A body that cannot be read is a 4xx before any route sees it, with one log line at most: one
    declared larger than `MAX_BODY` (413 at once, without waiting for it), a charset no codec knows
    (415), or bytes that are not what the headers say (a "gzip" body that is not gzip, a chunk size
    that is not a number: 400), or one not all there within `BODY_SECONDS` (408: a client that
    declares a body and never sends it holds no connection for ever). A client that goes away
    part-way has no one to answer (400)."""
    if not request.body_exists:
        return await handler(request)
    if (request.content_length or 0) > MAX_BODY:
        return web.json_response({"error": "the body is too large"}, status=413)
    try:
        codecs.lookup(request.charset or "utf-8")
    except LookupError:
        return web.json_response({"error": "unknown charset"}, status=415)
    try:
        async with asyncio.timeout(BODY_SECONDS):
            await request.read()  # kept by aiohttp for the route's own read(), text() or json()
    except TimeoutError:
        late = web.json_response({"error": "the body did not arrive in time"}, status=408)
        late.force_close()
        return late
    except web.HTTPRequestEntityTooLarge:
        return web.json_response({"error": "the body is too large"}, status=413)
    except web.RequestPayloadError:  # aiohttp logs it once, as one line (`_OneLineBadRequests`)
        return web.json_response({"error": "the body could not be read"}, status=400)
    except ConnectionResetError:
        return web.json_response({"error": "the body was cut short"}, status=400)
    return await handler(request)


def create_app(health: dict | None = None, ready: Callable[[], bool] = lambda: True) -> web.Application:
    """`health`: what /healthz adds (the surfaces and their modes); `ready`: can peerbot answer."""
    filter_once("aiohttp.server", _OneLineBadRequests)
    app = web.Application(client_max_size=MAX_BODY, middlewares=[readable_bodies])
    app[HEALTH] = health or {}
    app[READY] = ready
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


async def _not_yet(request: web.Request) -> web.Response:
    return web.json_response({"status": STARTING}, status=503, headers={"Retry-After": "5"})


@contextlib.asynccontextmanager
async def starting_server(port: socket.socket, health: dict,
                          mount: Callable[[web.Application], None] | None = None) -> AsyncIterator[None]:
    """While `serve`'s slow check of its settings with Slack runs, before the server proper exists: /healthz
    answers `starting` (with `health`), the routes `mount` adds theirs (Slack's commands), /readyz and every
    other path 503, on a copy of the listening socket; once this stops, connections wait in the socket's
    backlog for the server proper."""
    app = create_app(health, ready=lambda: False)
    if mount is not None:
        mount(app)
    app.router.add_route("*", "/{path:.*}", _not_yet)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5)
    await runner.setup()
    try:
        await web.SockSite(runner, port.dup()).start()
        yield
    finally:
        await runner.cleanup()


async def serve_until_stopped(
    app: web.Application, where: tuple[str, int] | socket.socket, started: Callable[[], None] | None = None,
    boot: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Serve `app` on (host, port), or on a socket already listening, until SIGINT or SIGTERM (or
    cancellation), then stop cleanly. `boot` runs once the server is serving: its failure stops the
    server and propagates; a signal while it runs abandons it. OSError (port in use, bad address)
    propagates before anything is served."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signals = []
    booting: asyncio.Task | None = None
    closing_idle: asyncio.Future | None = None
    try:
        site = web.SockSite(runner, where) if isinstance(where, socket.socket) else web.TCPSite(runner, *where)
        await site.start()
        if runner.server is not None:
            closing_idle = asyncio.ensure_future(close_idle_connections(runner.server))
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
                previous = signal.getsignal(sig)
                loop.add_signal_handler(sig, _stop, stop, sig)
                signals.append((sig, previous))
        if started:
            started()
        stopping = asyncio.ensure_future(stop.wait())
        if boot is not None:
            booting = asyncio.ensure_future(boot())
            await asyncio.wait([booting, stopping], return_when=asyncio.FIRST_COMPLETED)
            if booting.done():
                booting.result()  # a failure to start: raised here, after the cleanup below
        await stopping
    finally:
        if closing_idle is not None:
            closing_idle.cancel()
        if booting is not None and not booting.done():
            booting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await booting
        for sig, previous in signals:
            loop.remove_signal_handler(sig)
            if previous is not None:
                signal.signal(sig, previous)  # the command's own handling, through the cleanups after this
        await runner.cleanup()


def _stop(stop: asyncio.Event, sig: int) -> None:
    if not stop.is_set():  # said once: the log shows why the process ended, and that it may take a while
        print(f"peerbot: {signal.Signals(sig).name}: stopping; answers in progress are finished first",
              file=sys.stderr, flush=True)
        stop_deadline.arm(STOP_SECONDS, "what was not finished is answered after a restart")
    stop_requested(sig)  # a second signal is ignored while the server stops
    stop.set()
