"""The address space (VmPeak) each kind of `peerbot` command reaches, for `bot/cli/memory.py`'s floors.

Runs each command once in a fresh process on a copy of the bundled corpus (the hashing embedder, or
`--model` for the real one) and prints its VmPeak at exit.

    .venv/bin/python benchmarks/memory_floor.py [--model all-MiniLM-L6-v2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One command of each kind bot/cli/memory.py tells apart, with its arguments
COMMANDS = (
    ("index",), ("ask", "--json", "committee in common"), ("enabler",), ("digest", "--preview"), ("contacts",),
    ("lessons",), ("migrate",), ("forget", "--before", "2020-01-01"), ("teams-conversations",),
    ("import", "{folder}/page.html"), ("teams-manifest", "--help"),
)
# Runs the command as `peerbot` does and prints VmPeak (kB) on standard error as it exits
PROBE = ("import atexit, sys\n"
         "atexit.register(lambda: print('VmPeak', [l for l in open('/proc/self/status') if l.startswith('VmPeak')][0].split()[1],"
         " file=sys.stderr))\n"
         "from bot.cli.main import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="hashing", help="PEERBOT_MODEL for the commands (default: hashing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "knowledge", root / "knowledge")
        (root / "page.html").write_text("<html><head><title>Boards</title></head><body><p>Boards built trust.</p></body></html>")
        env = {**os.environ, "PEERBOT_DATA_DIR": str(root / "data"), "PEERBOT_KNOWLEDGE_DIR": str(root / "knowledge"),
               "PEERBOT_MODEL": args.model, "OMP_NUM_THREADS": "1"}
        print(f"| command | VmPeak (MB), PEERBOT_MODEL={args.model} |\n|---|---|")
        for command in COMMANDS:
            argv = [a.format(folder=folder) for a in command]
            result = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, env=env, capture_output=True, text=True)
            peak = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("VmPeak")]
            shown = f"{int(peak[-1]) / 1024:,.0f} (exit {result.returncode})" if peak else f"no figure (exit {result.returncode})"
            print(f"| `peerbot {' '.join(argv).replace(folder, '…')}` | {shown} |")


if __name__ == "__main__":
    main()
