"""The memory a command may use: a limit too small to load peerbot's libraries, said before they load.

Under a small address-space limit (`ulimit -v`) the native libraries fail as they load, before Python
can report anything: FAISS's OpenBLAS segfaults or exits with its own message, a shared object
fails to map (an ImportError). So a command that would load them checks the limit first.
"""

from __future__ import annotations

import resource

MINIMUM_MB = 2560  # `ask` with the model maps 2.1 GB at its peak (VmPeak; BENCHMARKS.md: sweep 17)


def too_little() -> str | None:
    """One line when this process's address space is limited below `MINIMUM_MB`; else None."""
    try:
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (OSError, ValueError):
        return None
    if limit == resource.RLIM_INFINITY or limit >= MINIMUM_MB * 2**20:
        return None
    return (f"this process may use at most {limit // 2**20} MB of memory (`ulimit -v`); peerbot needs at least "
            f"{MINIMUM_MB} MB to load its index and model: raise the limit")

