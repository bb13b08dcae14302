"""The hostile sweeps' servers: `peerbot serve` as a real process on 127.0.0.1 with the local Slack
and Teams doubles, started, waited for and stopped in one place (every sweep imports these).

- `Server(home, port=None, files=None, **env)`: `peerbot serve` under `base_env(home, HOST, PORT,
  **env)` on a free port (or on `port` as given, a bad value included), allowed `files` open
  descriptors when given; its standard error read as it comes into `lines`. `.ready()` waits for
  /healthz (AssertionError after 120 s or an exit); `.settled(timeout, ready=True)` is True once it
  is ready (/readyz 200; with `ready=False`, /healthz no longer "starting"), False once it has exited
  (its log read to the end), None when neither came within `timeout`; `.exit_problems(must_fail)`
  judges its exit as a command's; `.problems_since(mark)` is a traceback or a secret in its log
  after line `mark`; `.stop()` is SIGTERM and the exit judged; `.kill()` ends it at once.
- `slack_env(double, **more)`: the settings of a server that answers Slack and posts to `double`;
  `two_surfaces_env(double)` adds anonymous Teams, a curator and a review channel.
- `Loop`: an asyncio loop in a thread, for the Teams connector double.
- A class's one server, kept in a `state` dict: `start(state, homes, settings=slack_env,
  teams=False, files=None)` opens a Slack double (`state["double"]`), with `teams` the connector
  double (`state["loop"]`, `state["connector"]`), takes a fresh home unless `state["home"]` is set,
  and starts `Server(home, files=files, **settings(double)).ready()` (`state["server"]`), with
  `state["restart"]` set to `restart`; `start_both(state, homes)` is `start` with
  `two_surfaces_env` and `teams`; `restart(state)` kills the server and starts the same again;
  `stop(state, homes, check)` stops the server, closes the doubles and any `state["proxy"]`, and
  discards the home: the problems of the exit and of `check(home)`.

Before this module, a sweep took `Server` and `Loop` from hostile_http, `_teardown` from
hostile_http (now `stop`), `_start`/`_restart` from hostile_sweep2_servers (now `start_both`,
`restart`), and wrote its own wait for ready-or-exited (now `Server.settled`).
"""

from __future__ import annotations

import asyncio
import json
import resource
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import hostile_sweep
from hostile_sweep import HANG_SECONDS, Homes, base_env, judge_cli
from serve_process import wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, free_port
from teams_doubles import ConnectorDouble

CURATOR, REVIEW = "U061F7AUR", "C0REVIEW1"


def start_serve(env: dict[str, str], files: int | None = None) -> subprocess.Popen:
    """`peerbot serve` of the checkout under test, its standard error a text pipe."""
    limit = None if files is None else lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=hostile_sweep.CODE[0], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="backslashreplace",
                            preexec_fn=limit)


class Server:
    """`peerbot serve` with its standard error read as it comes, so each case sees its own lines."""

    def __init__(self, home: Path, port: str | None = None, files: int | None = None, **env: str):
        self.port = free_port() if port is None else 0
        self.url = f"http://127.0.0.1:{self.port}" if port is None else "http://127.0.0.1:1"
        self.process = start_serve(base_env(home, **{"HOST": "127.0.0.1", "PORT": port or str(self.port), **env}),
                                   files)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def ready(self) -> Server:
        wait_for_health(self.url, self.process, timeout=120)
        return self

    def settled(self, timeout: float, ready: bool = True) -> bool | None:
        """True once ready (or, with `ready=False`, once /healthz no longer says "starting"), False
        once exited (its log read to the end), None when neither within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/{'readyz' if ready else 'healthz'}", timeout=2) as answer:
                    if answer.status == 200 if ready else json.loads(answer.read()).get("status") != "starting":
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        if self.process.poll() is None:
            return None
        self._reader.join(5)
        return False

    def exit_problems(self, must_fail: bool = False) -> list[str]:
        """The exit judged as a command's: one `peerbot:` line and status 1 or 2, no traceback."""
        self._reader.join(5)
        return judge_cli(["serve"], self.process.returncode, "", "\n".join(self.lines), must_fail=must_fail)

    def problems_since(self, mark: int, settle: float = 0.15) -> list[str]:
        time.sleep(settle)
        new = self.lines[mark:]
        found = []
        if any("Traceback" in line for line in new):
            start = next(i for i, line in enumerate(new) if "Traceback" in line)
            raised = next((line for line in new[start + 1:] if line and not line.startswith(" ")), "?")
            found.append(f"traceback in the log ({raised[:160]})")  # the exception's own line
        secrets = [s for s in (BOT_TOKEN, SIGNING_SECRET, "secretpw") if any(s in line for line in new)]
        if secrets:
            found.append("a secret in the log")
        return found

    def stop(self) -> list[str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(HANG_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return ["did not stop within 30 s of SIGTERM"]
        self._reader.join(5)
        return [] if self.process.returncode == 0 else [f"exit status {self.process.returncode} after SIGTERM"]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def slack_env(double: SlackDouble, **more: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url,
            **more}


def two_surfaces_env(double: SlackDouble) -> dict[str, str]:
    return slack_env(double, TEAMS_ALLOW_ANONYMOUS="1", PEERBOT_CURATORS=CURATOR, PEERBOT_REVIEW_CHANNEL=REVIEW)


class Loop:
    """An asyncio loop in a thread, for the Teams connector double."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)


def start(state: dict, homes: Homes, settings: Callable[[SlackDouble], dict[str, str]] = slack_env,
          teams: bool = False, files: int | None = None) -> dict:
    """A class's one server and its doubles, in `state` (see the module's docstring)."""
    state["double"] = SlackDouble().start()
    if teams:
        state["loop"] = Loop()
        state["connector"] = state["loop"].run(ConnectorDouble().__aenter__())
    state["home"] = state.get("home") or homes.fresh()
    state["settings"], state["files"], state["restart"] = settings, files, restart
    state["server"] = Server(state["home"], files=files, **settings(state["double"])).ready()
    return state


def start_both(state: dict, homes: Homes) -> dict:
    """`start` answering Slack and Teams (`two_surfaces_env`, the connector double)."""
    return start(state, homes, two_surfaces_env, teams=True)


def restart(state: dict) -> None:
    """SIGKILL of the class's server and the same server started again on the same home."""
    state["server"].kill()
    state["server"] = Server(state["home"], files=state["files"], **state["settings"](state["double"])).ready()


def stop(state: dict, homes: Homes, check: Callable[[Path], list[str]] = lambda home: []) -> list[str]:
    """Stop a class's server, its Teams connector double, proxy and Slack double (those it has);
    the problems of the server's exit and of `check(home)` before the home is discarded."""
    if not state:
        return []
    problems = state["server"].stop()
    if "connector" in state:
        state["loop"].run(state["connector"].__aexit__(None, None, None))
    if "proxy" in state:
        state["proxy"].close()
    if "double" in state:
        state["double"].stop()
    problems += check(state["home"])
    homes.discard(state["home"])
    return problems
