"""`peerbot serve`: check the credentials, load the model and index once, mount the chat surfaces
(Slack, Teams) on one aiohttp server, and serve until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.cli.common import CommandError, log_with_timestamps, print_build_report
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.slack.config import SlackConfig
    from index import BuildReport


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="run the chat server: Slack (HTTP on HOST:PORT, or Socket Mode), Teams and GET /healthz",
        description="Run the chat server on `HOST:PORT`: Slack on `POST /slack/events` (or over Socket Mode when "
        "`SLACK_APP_TOKEN` is set), Microsoft Teams on `POST /api/messages` when its settings are given (Teams alone "
        "when there are no Slack settings), and `GET /healthz`. Checks the settings and the Slack token first, "
        "deletes records older than `PEERBOT_RETENTION_DAYS` (and again daily), loads the model and index once, "
        "stops cleanly on SIGTERM (answers in progress are finished).",
    )
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.retention import retention
    from bot.slack.config import slack_config
    from bot.teams.app import ANONYMOUS, teams_mode
    from bot.teams.messages import anonymous_warning

    slack = slack_config(settings)  # partly or wrongly configured: one line naming the variable
    teams = teams_mode(settings)
    if slack is None and teams is None:
        raise CommandError("nothing to serve: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or Teams' "
                           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__* (see the README's Slack and Teams sections)")
    retention(settings)  # a bad PEERBOT_RETENTION_DAYS: one line, before anything starts
    if teams == ANONYMOUS:
        print(anonymous_warning(), file=sys.stderr, flush=True)
    log_with_timestamps()
    asyncio.run(serve(settings, slack, teams, on_build=print_build_report))
    return 0


async def serve(
    settings: Settings, slack: SlackConfig | None, teams: str | None, on_build: Callable[[BuildReport], None]
) -> None:
    """Check the credentials, load the model and index once, then serve until SIGINT or SIGTERM."""
    from bot.corpus import open_corpus, open_state
    from bot.http_server import ServeError, create_app, serve_until_stopped
    from bot.retention import expire, expire_daily
    from bot.service import Peerbot
    from bot.slack.surface import SlackSurface
    from bot.teams.app import mount_teams

    slack_surface = await SlackSurface.connect(slack) if slack else None  # a rejected token: one line, before loading
    state = expiring = None
    try:
        state = open_state(settings)
        await asyncio.to_thread(expire, state, settings)
        expiring = asyncio.ensure_future(expire_daily(state, settings))
        corpus, report = await asyncio.to_thread(open_corpus, settings)
        if report:
            on_build(report)
        peerbot = Peerbot(corpus, state, settings=settings)
        await asyncio.to_thread(peerbot.warm)
        surfaces = {"slack": slack_surface.mode} if slack_surface else {}
        if teams:
            surfaces["teams"] = teams
        web_app = create_app(surfaces)
        if slack_surface:
            await slack_surface.start(web_app, peerbot)
        if teams:
            mount_teams(web_app, peerbot, settings)
        web_app.on_startup.append(lambda _app: peerbot.start())  # accepted questions survive a crash: resumed now
        web_app.on_shutdown.append(lambda _app: peerbot.stop())

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
        if slack_surface:
            await slack_surface.close()  # answers in progress finish first
        if state is not None:
            state.close()
