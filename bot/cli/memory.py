"""The memory a command may use: a limit too small to load what it loads, said before it loads.

Under a small address-space limit (`ulimit -v`) the native libraries fail as they load, before Python
can report anything: FAISS's OpenBLAS segfaults or exits with its own message, a shared object
fails to map (an ImportError). So each command checks the limit first against what it will load
(`loads_model`: the embedder named by PEERBOT_MODEL and the index), measured as VmPeak
(`benchmarks/memory_floor.py`, BENCHMARKS.md: "The memory each command needs").
"""

from __future__ import annotations

import resource

MODEL_MB = 2560  # `ask` with the model maps 2.1 GB at its peak (VmPeak; BENCHMARKS.md: sweep 17)
HASHING_MB = 1024  # with PEERBOT_MODEL=hashing: `serve` peaks at 715 MB, `index` 482 MB, `ask` 432 MB
RECORDS_MB = 256  # a command that loads no model nor index (`migrate`, `lessons`, `import`): 136 MB


def floor(loads_model: bool, model: str) -> tuple[int, str]:
    """The least memory (MB) a command needs, and what for."""
    if not loads_model:
        return RECORDS_MB, "for this command"
    if model.split("-")[0] == "hashing":  # index.hashing_embedder's HASHING_MODEL, also "hashing-256"
        return HASHING_MB, "to load its index (PEERBOT_MODEL=hashing)"
    return MODEL_MB, "to load its index and model"


def too_little(loads_model: bool, model: str) -> str | None:
    """One line when this process's address space is limited below what the command needs; else None."""
    try:
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (OSError, ValueError):
        return None
    least, purpose = floor(loads_model, model)
    if limit == resource.RLIM_INFINITY or limit >= least * 2**20:
        return None
    return (f"this process may use at most {limit // 2**20} MB of memory (`ulimit -v`); peerbot needs at least "
            f"{least} MB {purpose}: raise the limit")
