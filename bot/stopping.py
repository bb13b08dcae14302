"""A stop signal (SIGINT, SIGTERM) at any moment of a command, turned into a clean stop.

`peerbot` installs `handled()` before it imports anything heavy: from then on the first signal
raises `Stopped` wherever the main thread is (importing, loading the model, building an index; in a
running event loop, from a callback of its own, the next the loop runs), so the usual cleanups run
(`except BaseException`, `finally`, `with`) and the entry point reports one line and exits with the
documented status. Later signals are ignored while that stop unwinds. One raised where Python
prints an exception and drops it (a finaliser such as `__del__`, a weakref callback) is signalled
again a moment later, to be raised once that has returned. A loop with its own way to stop (the web
server, the scheduler) takes the signals over and calls `requested` instead. Standard library only:
this runs before anything else is imported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
SERVERS = ("serve", "schedule")  # the commands a stop signal ends as they should: status 0
AGAIN_SECONDS = 0.01  # a stop that a finaliser swallowed is signalled again this much later
DEFERRED_SECONDS = 1.0  # a stop handed to an event loop that has not raised it is signalled again this much later


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: raised where the main thread was. A KeyboardInterrupt, so every
    cleanup written for Ctrl-C runs for SIGTERM too."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_received: int | None = None
_deferred = False  # a stop handed to the running event loop, not raised yet
_deferring = threading.Lock()
_installed = False
_holding = False  # from `hold` to `release`: a stop is noted, and raised at `release`
_previous_hook = sys.__unraisablehook__  # the hook `install` replaced, given what is not a stop


def _on_signal(signum: int, _frame: object) -> None:
    global _received, _deferred
    if _received is not None:  # already stopping: let the cleanups finish
        return
    _received = signum
    if _holding:  # raised by `release`, or signalled again if that does not come
        _deferred = True
        _signal_again_unless_raised(signum)
        return
    loop = _running_loop()
    if loop is not None:
        # raised inside one of the loop's callbacks (a transport reading), uvloop logs it with a traceback as
        # a transport's fatal error and hands it only to that connection: the loop raises it itself instead
        _deferred = True
        loop.call_soon_threadsafe(_raise_deferred, signum)
        _signal_again_unless_raised(signum)
        return
    raise Stopped(signum)


def _signal_again_unless_raised(signum: int) -> None:
    timer = threading.Timer(DEFERRED_SECONDS, _not_raised, (signum,))
    timer.daemon = True
    timer.start()


def _raise_deferred(signum: int) -> None:
    global _deferred
    with _deferring:
        if not _deferred:  # raised already
            return
        _deferred = False
    raise Stopped(signum)


def _not_raised(signum: int) -> None:
    """The loop ended (or is held up) before it raised the stop, or no `release` came for a held one:
    the signal is sent again, to be raised at once."""
    global _received, _deferred, _holding
    with _deferring:
        if not _deferred:
            return
        _deferred, _received, _holding = False, None, False
    os.kill(os.getpid(), signum)


def _running_loop():
    """The event loop running in this (the main) thread, if any, without importing asyncio (which
    may be half imported when the signal lands: no loop runs then)."""
    running = getattr(sys.modules.get("asyncio"), "_get_running_loop", None)
    return running() if running is not None else None


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A stop raised where the interpreter prints an exception and carries on (a finaliser, a weakref
    callback, the collector) is not lost: the signal is sent again, to be raised once that returns."""
    global _received
    if not isinstance(unraisable.exc_value, Stopped):
        _previous_hook(unraisable)
        return
    _received = None
    threading.Timer(AGAIN_SECONDS, os.kill, (os.getpid(), unraisable.exc_value.signum)).start()


def requested(signum: int) -> None:
    """A loop that took the signals over was asked to stop: a later signal is ignored while it stops."""
    global _received
    if _received is None:
        _received = signum


def received() -> int | None:
    """The stop signal received so far, if any."""
    return _received


def install() -> None:
    """Handle SIGINT and SIGTERM from now on (SIGINT stays ignored when the parent ignored it, as for
    `cmd &` in a script). In the main thread only; elsewhere a no-op."""
    global _installed, _previous_hook
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in SIGNALS:
        if not (sig == signal.SIGINT and signal.getsignal(sig) == signal.SIG_IGN):
            signal.signal(sig, _on_signal)
    if sys.unraisablehook is not _unraisable:
        _previous_hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    _installed = True


def hold() -> None:
    """From now until `release`, a stop signal is noted, not raised: the program's start, after its
    imports and before its entry point handles `Stopped` itself, where a raise would escape every
    handler (a traceback, status 1). One that no `release` raises within `DEFERRED_SECONDS` (a
    process that never reaches the entry point) is signalled again, and raised then."""
    global _holding
    _holding = True


def release() -> None:
    """Raise here the stop `hold` noted, if any; from now on a stop is raised at once."""
    global _holding, _deferred
    _holding = False
    with _deferring:
        if not _deferred or _received is None:
            return
        _deferred = False
    raise Stopped(_received)


def finished() -> None:
    """The command is over (done or stopped): a stop signal from now on is ignored, through the
    interpreter's shutdown too (which puts back the default action, death by the signal, for a
    handler of Python's own, but leaves an ignored signal ignored)."""
    if _installed and threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            signal.signal(sig, signal.SIG_IGN)


@contextmanager
def handled() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Stopped` within; the previous handlers come back after, unless
    `install()` already ran (the program's own start, which keeps them until it exits)."""
    global _installed, _received, _deferred
    if _installed or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    _received = None
    install()
    try:
        yield
    finally:
        for sig, handler in previous.items():
            if handler is not None:
                signal.signal(sig, handler)
        sys.unraisablehook = _previous_hook
        _installed = False
        _received, _deferred = None, False


def status(argv: list[str], signum: int) -> int:
    """The exit status of `peerbot argv` stopped by `signum`: 0 for a server, else 128 + the signal."""
    words = [a for a in argv if not a.startswith("-")]
    return 0 if words[:1] and words[0] in SERVERS else 128 + signum


def report(argv: list[str], signum: int) -> int:
    """Say so in one line (a server: `stopped`; another command: `interrupted`); the exit status."""
    code = status(argv, signum)
    try:
        print("peerbot: stopped" if code == 0 else "peerbot: interrupted", file=sys.stderr, flush=True)
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    return code


def exit_now(argv: list[str], signum: int) -> None:
    """Stopped before the entry point could run (while importing it): report and exit at once."""
    os._exit(report(argv, signum))
