"""The `peerbot serve` process: check credentials, load the model and index once, mount the
chat surfaces on one aiohttp server, and serve until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from bot.delivery import Worker
from bot.inbox import Inbox
from bot.retention import expire, expire_daily
from bot.runtime import open_answerer, open_state
from bot.server import ServeError, create_app, serve_until_stopped
from bot.service import Peerbot
from bot.settings import Settings
from bot.slack.config import SlackConfig
from bot.slack.runner import SlackService
from bot.teams.app import mount_teams
from index.build import BuildReport


async def serve(
    settings: Settings, slack: SlackConfig | None, teams: str | None, on_build: Callable[[BuildReport], None]
) -> None:
    """Check the credentials, load the model and index once, then serve until SIGINT or SIGTERM."""
    slack_service = await SlackService.connect(slack) if slack else None  # a rejected token: one line, before loading
    state = expiring = None
    try:
        state = open_state(settings)
        await asyncio.to_thread(expire, state, settings)
        expiring = asyncio.ensure_future(expire_daily(state, settings))
        answerer, report = await asyncio.to_thread(open_answerer, settings)
        if report:
            on_build(report)
        peerbot = Peerbot(answerer, state)
        await asyncio.to_thread(peerbot.guide.warm)
        surfaces = {"slack": slack_service.mode} if slack_service else {}
        if teams:
            surfaces["teams"] = teams
        web_app = create_app(surfaces)
        worker = Worker(Inbox(state))  # accepted questions survive a crash; resumed on start
        if slack_service:
            await slack_service.start(web_app, peerbot, worker)
        if teams:
            mount_teams(web_app, peerbot, settings, worker)
        worker.attach(web_app)

        def started() -> None:
            serving = "; ".join(f"{name.capitalize()}: {mode}" for name, mode in surfaces.items())
            print(f"peerbot: serving on http://{settings.host}:{settings.port} ({serving})", file=sys.stderr, flush=True)

        try:
            await serve_until_stopped(web_app, settings.host, settings.port, started)
        except OSError as e:
            raise ServeError(f"cannot listen on {settings.host}:{settings.port} ({e.strerror or e})") from None
    finally:
        if expiring is not None:
            expiring.cancel()
        if slack_service:
            await slack_service.close()  # answers in progress finish first
        if state is not None:
            state.close()
