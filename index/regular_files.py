"""Reading the files peerbot expects to be plain files (the corpus and its YAML, an index's
checksums, a cached graph): anything else in their place, a named pipe, a device, a socket or a
folder, is an `OSError` at once, never a read that waits for a writer or never ends. The check is
made on the file opened, so a file swapped for a pipe after it was listed is caught too."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def kind_of(path: Path | str) -> str | None:
    """What is at `path` when it is not a regular file ("a folder", "a named pipe", ...; "no such
    file" when nothing is), None when it is one; looked at without opening it, so never waits."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read ({e.strerror or e})"
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def open_regular(path: Path | str) -> BinaryIO:
    """`path` opened for reading in binary; OSError when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a pipe with no writer: no wait
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a file")
            code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
            raise OSError(code, f"not a regular file: {kind}", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def link_outside(path: Path | str, folder: Path | str) -> bool:
    """Whether `path` is a symbolic link whose target (every link resolved) is not inside `folder`
    (itself resolved): a corpus file that would read, say, /etc/passwd."""
    if not os.path.islink(path):
        return False
    target, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([target, root]) != root


def read_regular(path: Path | str) -> bytes:
    """The bytes of the regular file at `path`; OSError when it is anything else."""
    with open_regular(path) as f:
        return f.read()
