"""The HTTP server of `peerbot serve` (aiohttp): one process and port for Slack and Teams.

Each chat surface mounts its routes on the same `web.Application`; `GET /healthz` reports
readiness. CPU-bound answering runs in worker threads so the event loop keeps acknowledging.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

from aiohttp import web

from index import PeerbotError


class ServeError(PeerbotError):
    """The server cannot start (for example, the port is taken)."""


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", **request.app.get("health", {})})


def create_app(health: dict | None = None) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app["health"] = health or {}
    app.router.add_get("/healthz", healthz)
    return app


async def serve_until_stopped(
    app: web.Application, host: str, port: int, started: Callable[[], None] | None = None
) -> None:
    """Serve `app` on host:port until SIGINT or SIGTERM (or cancellation), then stop cleanly.
    OSError (port in use, bad address) propagates before anything is served."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signals = []
    try:
        await web.TCPSite(runner, host, port).start()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
                loop.add_signal_handler(sig, stop.set)
                signals.append(sig)
        if started:
            started()
        await stop.wait()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        await runner.cleanup()
