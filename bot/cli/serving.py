"""`peerbot serve`: check the settings, open the port, check the Slack token, mount the chat
surfaces (Slack, Teams) on one aiohttp server and serve at once; load the model and index behind
it (what arrives meanwhile waits in the inbox), then answer until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from bot.cli.common import CommandError, log_with_timestamps, print_build_report, say
from bot.settings import Settings
from bot.unblocked_output import drain_stderr

if TYPE_CHECKING:
    from aiohttp import web

    from bot.service import Peerbot
    from bot.slack.config import SlackConfig
    from bot.state import StateStore
    from index import BuildReport

log = logging.getLogger(__name__)
T = TypeVar("T")

def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="run the chat server: Slack (HTTP on HOST:PORT, or Socket Mode), Teams, /healthz and /readyz",
        description="Run the chat server on `HOST:PORT`: Slack on `POST /slack/events` (or over Socket Mode when "
        "`SLACK_APP_TOKEN` is set), Microsoft Teams on `POST /api/messages` when its settings are given (Teams alone "
        "when there are no Slack settings), `GET /healthz` and `GET /readyz`. Checks the settings, opens the port at "
        "once, checks the Slack token, then loads the model and index (building it on a fresh data folder): until "
        "then /healthz says `starting`, /readyz answers 503, and questions are acknowledged and answered once it is "
        "ready (README: Deployment). Deletes records older than `PEERBOT_RETENTION_DAYS` (and again daily), takes "
        "up a newer index (`peerbot index` run elsewhere) and an edited `contacts.yaml` within "
        "`PEERBOT_RELOAD_SECONDS` without a restart or a pause, and stops cleanly on SIGTERM (answers in progress are finished).",
    )
    serve.set_defaults(handler=cmd_serve, loads_model=True)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.boot import listen
    from bot.corpus import check_knowledge_dir
    from bot.slack.config import slack_config
    from bot.teams.config import ANONYMOUS, listening_host, teams_mode
    from bot.teams.messages import anonymous_warning, test_connectors_warning

    slack = slack_config(settings)  # partly or wrongly configured: one line naming the variable
    teams = teams_mode(settings)
    if slack is None and teams is None:
        raise CommandError("nothing to serve: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or Teams' "
                           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__* (see the README's Slack and Teams sections)")
    check_knowledge_dir(settings)  # before the port opens: not an old index served without its enablers
    host, exposed = listening_host(settings, teams)  # anonymous Teams: this machine only, unless HOST says otherwise
    settings = dataclasses.replace(settings, host=host)
    port = listen(settings.host, settings.port)  # at once: the web stack and the model load behind it
    if teams == ANONYMOUS:
        print(anonymous_warning(), file=sys.stderr, flush=True)
    if exposed:
        say(exposed, err=True)
    if teams is not None and settings.teams_test_connectors:
        say(test_connectors_warning(settings.teams_test_connectors), err=True)
    log_with_timestamps()
    with port:
        with asyncio.Runner(loop_factory=event_loop) as runner:
            loading = runner.run(serve(settings, slack, teams, port, on_build=print_build_report))
    if loading.is_alive():  # stopped while the model and index were loading: do not wait for them
        sys.stdout.flush()
        drain_stderr()
        os._exit(0)
    return 0


def event_loop() -> asyncio.AbstractEventLoop:
    """The server's event loop: uvloop's where it is installed (every platform but Windows), asyncio's
    own elsewhere. The same asyncio, with the loop, its transports and its callbacks in C: with 20
    people asking, in most runs 8-19% less of the server's CPU an answer, most of it under the
    interpreter lock (BENCHMARKS.md, "The event loop in C")."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


async def serve(
    settings: Settings, slack: SlackConfig | None, teams: str | None, port: socket.socket,
    on_build: Callable[[BuildReport], None],
) -> Loading:
    """Check the Slack token, mount the chat surfaces and serve on `port` at once; load the model and
    index behind it (what arrives meanwhile waits in the inbox), then answer until SIGINT or SIGTERM.
    A failure to load stops the server and propagates. Returns the loading, which a stop while
    starting leaves running."""
    from bot.http_server import create_app, serve_until_stopped
    from bot.slack.surface import SlackSurface
    from bot.teams.app import mount_teams

    # Answers run on worker threads that mostly wait for the model's next batch: enough of them that every
    # question in flight is queued for the model (asyncio's default, 4 + cores, would hold the rest back).
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(settings.answer_threads, thread_name_prefix="peerbot-answer"))
    surfaces = {"slack": slack.mode} if slack else {}
    if teams:
        surfaces["teams"] = teams
    records = Records(settings)
    slack_surface = None
    loading = Loading(settings, on_build)
    try:
        # a rejected token, or Slack failing for PEERBOT_START_SECONDS: one line, before loading
        if slack:
            slack_surface = await answering_health_if_slow(
                SlackSurface.connect(slack, settings.start_seconds), port, surfaces, settings.start_grace_seconds,
                while_starting(slack, records))
        peerbot, state = await records.open()
        web_app = create_app(surfaces, ready=lambda: peerbot.ready)
        if slack_surface:  # Socket Mode connects now too: events are acknowledged and wait in the inbox
            database = state.engine if slack_surface.config.oauth is not None else None  # installations beside our records
            await slack_surface.start(web_app, peerbot, database)
        if teams:
            mount_teams(web_app, peerbot, settings)
        web_app.on_shutdown.append(lambda _app: peerbot.stop())

        def started() -> None:
            serving = "; ".join(f"{name.capitalize()}: {mode}" for name, mode in surfaces.items())
            say(f"peerbot: serving on http://{settings.host}:{port.getsockname()[1]} ({serving}); "
                "loading the model and index", err=True)

        await serve_until_stopped(web_app, port, started, lambda: loading.run(peerbot, state))
    finally:
        loading.stop()
        if slack_surface:
            await slack_surface.close()  # answers in progress finish first
        await records.close()  # a refresh in progress finishes first
    return loading


async def answering_health_if_slow(check: Awaitable[T], port: socket.socket, health: dict, grace: float,
                                   mount: Callable[[web.Application], None] | None = None) -> T:
    """`check`'s result. Usually it takes a fraction of a second and requests wait in the port's
    backlog for the server proper; when it takes longer than `grace` seconds (Slack slow, or failing
    and tried again), /healthz answers `starting` meanwhile, with the routes `mount` adds
    (bot.http_server.starting_server)."""
    from bot.http_server import starting_server

    task = asyncio.ensure_future(check)
    try:
        await asyncio.wait([task], timeout=grace)
        if task.done():
            return task.result()
        async with starting_server(port, health, mount):
            return await task
    finally:
        if not task.done():  # stopped meanwhile
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


def while_starting(slack: SlackConfig, records: Records) -> Callable[[web.Application], None]:
    """What Slack's route does while serve checks its token, once that is slow: `/peer` and `/enabler`
    recorded in the inbox (peerbot's records opened now, in the background) and answered once ready."""
    from bot.slack.starting import mount_while_starting

    def mount(app: web.Application) -> None:
        records.open_soon()
        mount_while_starting(app, slack.signing_secret, lambda: records.peerbot)

    return mount


class Records:
    """peerbot's records (bot/state) and the Peerbot facade around them, opened once: as soon as Slack's
    token check turns out slow, so that a command sent meanwhile is recorded, else after it (a token
    Slack rejects at once opens nothing)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.state: StateStore | None = None
        self.peerbot: Peerbot | None = None  # None until opened
        self._opening: asyncio.Future[tuple[Peerbot, StateStore]] | None = None
        self._early: asyncio.Future[None] | None = None

    async def open(self) -> tuple[Peerbot, StateStore]:
        """Open them (or wait for the opening under way); what fails is raised, and tried again next time."""
        if self._opening is None or (self._opening.done() and self._opening.exception() is not None):
            self._opening = asyncio.ensure_future(asyncio.to_thread(self._open))
        return await asyncio.shield(self._opening)

    def open_soon(self) -> None:
        """Start opening them in the background; a failure is one warning line (the next `open` tries again)."""
        async def early() -> None:
            from bot.state import unavailable, unavailable_line

            try:
                await self.open()
            except Exception as e:  # raised again, with its own line, by the open after the check
                log.warning("peerbot's records could not be opened yet (%s); commands sent meanwhile are asked to be "
                            "sent again", unavailable_line(e) if unavailable(e) else type(e).__name__)

        self._early = asyncio.ensure_future(early())

    def _open(self) -> tuple[Peerbot, StateStore]:
        from bot.corpus import open_state, publish_names
        from bot.service import Peerbot, RetryPolicy

        state = open_state(self.settings)
        self.state = state
        publish_names(self.settings)  # before anything can be accepted (and redacted): a leader's name is kept
        peerbot = Peerbot(None, state, RetryPolicy(lease_seconds=self.settings.lease_seconds), settings=self.settings)
        self.peerbot = peerbot
        return peerbot, state

    async def close(self) -> None:
        """Let a refresh in progress finish, then close the records (an opening under way first ends)."""
        if self._opening is not None and not self._opening.done():
            with contextlib.suppress(Exception):
                await self._opening
        if self.peerbot is not None:
            await asyncio.to_thread(self.peerbot.close)
        if self.state is not None:
            self.state.close()


class Loading:
    """What `peerbot serve` does once its port is open: load the model and index (building it on a
    fresh data folder), then start answering; and the daily expiry of old records."""

    def __init__(self, settings: Settings, on_build: Callable[[BuildReport], None]):
        self.settings = settings
        self.on_build = on_build
        self._began = False
        self._finished = threading.Event()
        self._expiring: asyncio.Future | None = None
        self._following: asyncio.Future | None = None

    async def run(self, peerbot: Peerbot, state: StateStore) -> None:
        from bot.boot import ServeError, in_background
        from bot.corpus import CorpusLoader, open_corpus
        from bot.retention import expire, expire_daily
        from bot.state import DATABASE_ERROR, log_failure
        from index import PeerbotError

        started = time.monotonic()
        try:
            await asyncio.to_thread(expire, state, self.settings)
        except DATABASE_ERROR as e:  # the records database stopped or locked meanwhile: the daily run tries again
            log_failure(log, e, "retention: could not delete old records")
        self._expiring = asyncio.ensure_future(expire_daily(state, self.settings))

        def load() -> BuildReport | None:
            try:
                corpus, report = open_corpus(self.settings, batching=True, withdrawals=state)
                peerbot.load(corpus, CorpusLoader(self.settings, corpus.index.embedder, state))
                peerbot.warm()
                return report
            finally:
                self._finished.set()

        self._began = True
        try:
            report = await in_background(load)
        except PeerbotError:
            raise
        except Exception as e:  # a bad model folder, a library failing: one line, and the process exits 1
            raise ServeError(f"could not load the model and index ({type(e).__name__}: {e})"[:500]) from None
        if report:
            self.on_build(report)
        await peerbot.start()  # answers what arrived while loading, and resumes what a crash left
        self._following = asyncio.ensure_future(peerbot.follow_index(self.settings.reload_seconds))  # no restart
        log.info("ready to answer (the model and index loaded in %.1fs)", time.monotonic() - started)

    def is_alive(self) -> bool:
        """The model and index are still loading (on a thread the process need not wait for)."""
        return self._began and not self._finished.is_set()

    def stop(self) -> None:
        for task in (self._expiring, self._following):
            if task is not None:
                task.cancel()
