"""SIGINT and SIGTERM at any moment of a command: a clean stop with the documented status (a server
0, any other command 130 or 143), at most one line of peerbot's own about it, no traceback, and
nothing half-written (the state database whole, no stray generation or temporary file, the index
served before still served).

Real processes, signalled at a sweep of delays counted from the moment the kernel says the process
catches SIGTERM (`SigCgt` in /proc/PID/status): peerbot's first lines, before anything heavy is
imported. The sweep falls on importing, opening the port, loading, building, serving and stopping.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import KNOWLEDGE
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")


def start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as from a terminal


def wait_until_handling(process: subprocess.Popen, timeout: float = 30) -> None:
    """Until the process catches SIGTERM (the kernel's view of its handlers, not a hook in peerbot)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except OSError:
            status = ""
        caught = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:")), 0)
        if caught >> (signal.SIGTERM - 1) & 1:
            return
        time.sleep(0.002)
    raise AssertionError("the process never handled SIGTERM")


def signalled(argv: list[str], env: dict[str, str], sig: int, after: float | None) -> tuple[int, str]:
    """`peerbot argv` sent `sig` `after` seconds from when it catches SIGTERM, or (None) as soon as it
    has printed its first line: (its status, its standard error)."""
    process = start(argv, env)
    try:
        if after is None:
            assert process.stdout.readline()
        else:
            wait_until_handling(process)
            time.sleep(after)
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, err


def assert_clean(err: str, status: int, expected: int) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status == expected, err
    own = [line for line in err.splitlines() if line in ("peerbot: stopped", "peerbot: interrupted")]
    assert len(own) <= 1, err


def assert_nothing_half_written(data: Path) -> None:
    state = data / "peerbot.db"
    if state.exists():
        with sqlite3.connect(state) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    index = data / "index"
    strays = [p.name for p in [*index.glob(".current.*"), *data.rglob("*.tmp")]]  # a link or file half-made
    assert not strays, strays
    if (index / "current").is_symlink():
        assert (index / "current").resolve().is_dir()
        assert len(list(index.glob("gen-*"))) <= 2  # the served one and the one before it: no half-built one


@pytest.fixture
def env(tmp_path, corpus_dir) -> dict[str, str]:
    return {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "PEERBOT_RETENTION_DAYS": "",
            "SLACK_APP_TOKEN": "", "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": ""}


# from the handlers' first moment, through opening the port, building the index on a fresh data
# folder and loading it, to serving
@pytest.mark.parametrize(("sig", "after"), [(signal.SIGTERM, a) for a in (0, 0.05, 0.2, 0.6, 1.5)]
                         + [(signal.SIGINT, a) for a in (0, 0.3)])
def test_serve_stops_cleanly_with_status_0_whenever_a_signal_comes(env, tmp_path, sig, after):
    with SlackDouble() as slack_api:
        env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack_api.api_url}
        status, err = signalled(["serve"], env, sig, after)
    assert_clean(err, status, 0)
    assert_nothing_half_written(tmp_path / "data")


@pytest.mark.parametrize(("sig", "after"), [(signal.SIGTERM, 0), (signal.SIGTERM, 0.3), (signal.SIGINT, 0.1)])
def test_schedule_stops_cleanly_with_status_0_whenever_a_signal_comes(env, tmp_path, sig, after):
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "DIGEST_CHANNELS": "C0LAN2Q65"}
    status, err = signalled(["schedule"], env, sig, after)
    assert_clean(err, status, 0)
    assert_nothing_half_written(tmp_path / "data")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A data folder indexed once, copied by each case."""
    folder = tmp_path_factory.mktemp("built")
    env = {"PEERBOT_DATA_DIR": str(folder / "data"), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE), "PEERBOT_MODEL": "hashing"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return folder / "data"


@pytest.mark.parametrize(("sig", "after"), [(signal.SIGTERM, 0), (signal.SIGTERM, 0.4), (signal.SIGINT, 0.2)])
def test_an_interrupted_rebuild_says_so_and_leaves_the_index_served_before(env, tmp_path, built, sig, after):
    shutil.copytree(built, tmp_path / "data", symlinks=True)
    env["PEERBOT_KNOWLEDGE_DIR"] = str(KNOWLEDGE)  # as the copy was built from: nothing to update
    served = (tmp_path / "data" / "index" / "current").resolve()
    status, err = signalled(["index", "--rebuild"], env, sig, after)
    assert status != 0 or after > 0  # at once it cannot have finished; later it may have
    if status != 0:
        assert_clean(err, status, 128 + sig)
        assert err.splitlines()[-1] == "peerbot: interrupted"
        now = (tmp_path / "data" / "index" / "current").resolve()
        # interrupted before its new index was in place: the one served before; a signal in the build's last
        # moments, once the new generation is in place, finds that one whole (checked below and by `ask`)
        assert now == served or (after > 0 and now.parent == served.parent and now.name.startswith("gen-"))
    assert_nothing_half_written(tmp_path / "data")
    asked = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "How do trusts share staff?"], cwd=ROOT,
                           env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert asked.returncode == 0 and "Traceback" not in asked.stderr, asked.stderr
    assert "index" not in asked.stderr  # served as it was: nothing rebuilt or set aside


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_as_a_command_ends_is_not_a_death_by_the_signal(env, tmp_path, built, sig):
    """A signal that comes once the command's work is done, while the interpreter shuts down, is
    ignored: the status is the command's (0), or 130/143 if it came just before the end, never the
    kernel's death by the signal (the interpreter puts back the default action as it shuts down)."""
    shutil.copytree(built, tmp_path / "data", symlinks=True)
    env["PEERBOT_KNOWLEDGE_DIR"] = str(KNOWLEDGE)
    statuses = []
    for _ in range(4):
        status, err = signalled(["index"], env, sig, None)  # once the report's first line is out: the end is near
        assert "Traceback" not in err, err
        statuses.append(status)
    assert set(statuses) <= {0, 128 + sig}, statuses



FINALISERS = {
    "__del__": """
class Dropped:
    def __del__(self):
        send_and_spin()

def drop():
    Dropped()
""",
    "a weakref callback": """
import weakref

class Dropped:
    pass

def drop():
    kept = Dropped()
    drop.ref = weakref.ref(kept, lambda _ref: send_and_spin())
    del kept
""",
}


@pytest.mark.parametrize("where", list(FINALISERS))
def test_a_signal_that_lands_in_a_finaliser_still_stops_the_command(where):
    """Python prints an exception raised in a finaliser or a weakref callback and carries on
    (importlib's module locks drop weakref callbacks during any import); the stop must not be lost."""
    code = """
import os, signal, time
from bot import stopping

def send_and_spin():
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(200_000):  # the handler runs in here, inside the finaliser
        pass
""" + FINALISERS[where] + """
with stopping.handled():
    try:
        drop()
        time.sleep(20)
        print("carried on")
    except stopping.Stopped:
        print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped"
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr


def test_a_signal_that_lands_while_asyncio_is_half_imported_still_stops_the_command():
    """The handler looks for a running event loop in `sys.modules["asyncio"]`; a signal that lands
    while asyncio is being imported finds the module without its names yet (sweep 15: `eval` at
    2.66 s, an AttributeError traceback)."""
    code = """
import os, signal, sys, time, types
from bot import stopping

sys.modules["asyncio"] = types.ModuleType("asyncio")  # as while `import asyncio` runs: nothing defined yet
with stopping.handled():
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(20)
        print("carried on")
    except stopping.Stopped:
        print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr


EARLY = """
import os, signal, sys
MODULE, SIGNAL = sys.argv[1], getattr(signal, sys.argv[2])

class Interrupt:  # an import hook of this script's, not peerbot's: the signal lands as MODULE is looked for
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            os.kill(os.getpid(), SIGNAL)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["peerbot", "ask", "How did boards build trust?"]  # as the `peerbot` script runs
from bot.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize("module", ["bot.stopping", "threading", "_weakrefset", "bot.cli.main", "numpy"])
@pytest.mark.parametrize(("sig", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_in_a_commands_first_imports_exits_quietly_with_its_status(env, module, sig, status):
    """Ctrl-C while `bot.stopping` and what it imports were still importing (the first tenth of a second)
    was a KeyboardInterrupt traceback and status 1; now one line and 130 (SIGTERM: 143), as later on."""
    done = subprocess.run([sys.executable, "-c", EARLY, module, sig], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert (done.returncode, done.stderr, done.stdout) == (status, "peerbot: interrupted\n", "")


@pytest.mark.parametrize("loop", ["uvloop.new_event_loop", "asyncio.new_event_loop"])
def test_a_signal_that_lands_in_an_event_loop_callback_stops_the_command_without_a_traceback(loop):
    """In `serve` before its server takes the signals over (the Slack token check), a signal can land
    inside a transport's read callback: uvloop logs an exception raised there as the transport's fatal
    error, with a traceback, and hands it to that connection alone (a connection nobody awaits would
    lose the stop)."""
    code = """
import asyncio, logging, os, signal, uvloop
from bot import stopping

class Idle(asyncio.Protocol):  # a connection nobody awaits
    def data_received(self, data):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(200_000):  # the handler runs in here, inside the loop's callback
            pass

async def main():
    server = await asyncio.get_running_loop().create_server(Idle, "127.0.0.1", 0)
    _reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
    writer.write(b"x")
    await asyncio.sleep(20)
    print("carried on")

logging.basicConfig()
with stopping.handled():
    try:
        with asyncio.Runner(loop_factory=LOOP) as runner:
            runner.run(main())
    except stopping.Stopped:
        print("stopped")
""".replace("LOOP", loop)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr and "Fatal error" not in done.stderr, done.stderr


@pytest.mark.parametrize("loop", ["uvloop.new_event_loop", "asyncio.new_event_loop"])
def test_a_signal_handed_to_an_event_loop_that_ends_before_raising_it_still_stops_the_command(loop):
    """A stop landing as the loop ends (its last callback running) is handed to a callback the loop
    never runs: it must still stop the command, not be lost while the command goes on."""
    code = """
import asyncio, os, signal, time, uvloop
from bot import stopping

loop = LOOP()

def stop_then_signal():
    loop.stop()  # this is the loop's last round: what is scheduled now never runs
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(200_000):  # the handler runs in here, inside the loop's callback
        pass

loop.call_soon(stop_then_signal)
with stopping.handled():
    try:
        loop.run_forever()
        time.sleep(20)
        print("carried on")
    except stopping.Stopped:
        print("stopped")
""".replace("LOOP", loop)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_a_signal_while_the_scheduler_holds_its_wake_up_lock_still_stops_the_clock_process():
    """The clock process's handler shuts the scheduler down; run in the handler, that waited for ever
    for a lock the interrupted main thread held (the wake-up event's, which the scheduler clears as it
    wakes): `peerbot schedule` hung on SIGTERM and was killed. Here the signal lands exactly there."""
    code = """
import os, signal, threading
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo
import apscheduler.schedulers.blocking as blocking
from bot import stopping
from bot.digest.config import DigestConfig
from bot.digest.schedule import run_schedule

class Event(threading.Event):  # the scheduler's wake-up event: the signal lands while its lock is held
    def clear(self):
        with self._cond:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(200_000):  # the handler runs in here
                pass
            self._flag = False

blocking.Event = Event
now = datetime.now(ZoneInfo("Europe/London"))
config = DigestConfig(channels=("C1",), weekday=now.isoweekday(), at=time(now.hour, now.minute), zone=now.tzinfo)
with stopping.handled():
    run_schedule(config, lambda week: None, lambda: datetime.now(UTC), lambda next_run: None)
print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped", done.stderr
    assert "Traceback" not in done.stderr, done.stderr


LANDING = """
import os, signal, sys
sys.argv = ["peerbot", *{argv!r}]  # as the `peerbot` script runs: bot.cli puts its stop handlers in place
real = signal.signal

def landing(number, handler):  # the signal lands just after peerbot's own handler of signal `where` goes in
    previous = real(number, handler)
    if getattr(handler, "__name__", "") == "_on_signal" and number == {where!r}:
        os.kill(os.getpid(), {sig})
    return previous

signal.signal = landing
import bot.cli
signal.signal = real
if {where!r} == "imported":  # between the command line's imports and its entry point
    os.kill(os.getpid(), {sig})
sys.exit(bot.cli.main())
"""


@pytest.mark.parametrize("where", [int(signal.SIGINT), int(signal.SIGTERM), "imported"])
@pytest.mark.parametrize(("argv", "sig", "status"), [(["serve"], signal.SIGINT, 0), (["serve"], signal.SIGTERM, 0),
                                                     (["contacts"], signal.SIGINT, 130)])
def test_a_signal_as_the_handlers_go_in_or_between_the_imports_and_the_entry_point_is_a_clean_stop(where, argv, sig,
                                                                                                  status):
    """Before: a stop raised while `stopping.install` put the handlers in (SIGINT's in, SIGTERM's not yet),
    or after the command line's imports and before `main` handled it, escaped every handler: a
    `Stopped` traceback and status 1 (test_serve_stops_cleanly...[2-0] failed so, once in some 45 runs:
    its signal, sent as the process first catches SIGTERM, lands about when the handlers go in)."""
    code = LANDING.format(argv=argv, where=where, sig=int(sig))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert_clean(done.stderr, done.returncode, status)
    assert done.stderr.splitlines()[-1] == ("peerbot: stopped" if status == 0 else "peerbot: interrupted"), done.stderr


def test_a_stop_held_that_no_entry_point_raises_is_raised_a_moment_later():
    """A process that imports the command line as the `peerbot` script does but never runs `main` (a
    build worker of that script imports it so) is not left deaf to stops: the held one is raised."""
    code = """
import os, signal, sys, time
sys.argv = ["peerbot", "index"]
import bot.cli
from bot import stopping
try:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(20)
    print("carried on")
except stopping.Stopped as stopped:
    print("stopped", stopped.signum)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped 15", done.stderr
    assert "Traceback" not in done.stderr, done.stderr
