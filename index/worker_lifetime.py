"""A build worker process ends with the build's process, however that ends: a SIGKILL runs no
clean-up that could stop the pool, so the worker must notice by itself."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # Linux prctl(2): the signal a process gets when its parent dies


def end_with(parent: int) -> None:
    """End this process when process `parent` ends: on Linux the kernel kills it then; elsewhere a
    thread watches for it being orphaned."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before this took effect
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
