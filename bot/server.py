"""The HTTP server of `peerbot serve` (aiohttp): one process and port for Slack and Teams.

Each chat surface mounts its routes on the same `web.Application`; `GET /healthz` reports
readiness. CPU-bound answering runs in worker threads so the event loop keeps acknowledging.
"""

from __future__ import annotations

from aiohttp import web


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", **request.app.get("health", {})})


def create_app(health: dict | None = None) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app["health"] = health or {}
    app.router.add_get("/healthz", healthz)
    return app
