"""A file a command writes where it is told (`teams-manifest --output`), written whole.

A regular file is replaced only once the new one is complete (written beside it, then renamed); a
device (/dev/null, /dev/stdout) is written to as it is; a named pipe (FIFO) only once a reader has
it open. Opening a FIFO to write waits for a reader, so one nobody reads would hold the command for
ever: it is opened without blocking, tried again until `READER_SECONDS` have passed, then refused as
one OSError.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

READER_SECONDS = 10.0  # how long a named pipe is waited on for a reader
RETRY_SECONDS = 0.1


def write_whole(path: Path, data: bytes) -> Path:
    """`data` written to `path` (OSError when it cannot be: a folder, no permission, a full disk)."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not path.is_file():
        write_special(path, data)
        return path
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_special(path: Path, data: bytes, *, reader_seconds: float = READER_SECONDS,
                  clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
    """`data` written to the device or named pipe at `path` (OSError when it cannot be)."""
    if not stat.S_ISFIFO(path.stat().st_mode):
        path.write_bytes(data)
        return
    deadline = clock() + reader_seconds
    while True:
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            if e.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            if clock() >= deadline:
                raise OSError(errno.ENXIO, f"a named pipe nobody opened to read within {reader_seconds:.0f} s") from None
            sleep(RETRY_SECONDS)
    os.set_blocking(descriptor, True)
    with open(descriptor, "wb") as stream:
        stream.write(data)
