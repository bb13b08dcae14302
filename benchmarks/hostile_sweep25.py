"""The twenty-fifth hostile sweep: what sweep 24 noticed and left alone, each as a class of cases run
through the real `peerbot serve` (or, for the lookup cache, the Slack double over HTTP). The cases are
the tests of tests/test_hostile_sweep25_finds.py; this runs them by class and prints the counts.

- `store25`: a Slack installation the records database cannot store: on SQLite a write of the bot's row
  refused (a trigger, standing in for any failure of the second write) and a team name UTF-8 cannot
  encode (a lone surrogate); on PostgreSQL the server stopped, the database read-only, the disk full
  (SQLSTATE 53100 on the bot's row) and a team name holding NUL. Pass: a page with 503 (a later try may
  get past it) or 500, one warning line, no traceback, no installation stored without its bot, and the
  same install stored once the database is mended.
- `token25`: Microsoft's token endpoint (the bot's client-credentials sign-in) answering 200 with HTML,
  an expiry missing, text, negative or of 31 digits, a token that is a number or a list, 429 with a
  Retry-After of an hour, 500, or nothing. Pass: the message taken (202, or 503 until sign-in is back),
  a good token fetched for its reply within 90 s of the service answering well, no traceback.
- `lookup25`: users.lookupByEmail's cache over six hours and minutes (the resolver's clock the test's):
  a member found reused for six hours, then looked up again; a miss or a failure asked again after five
  minutes, not on every answer.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep25.py [--only CLASS ...]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES = {"store25": "install_sqlite or install_postgresql", "token25": "sign_in", "lookup25": "member_id"}


def run(name: str) -> tuple[int, int]:
    """(passed, failed) of class `name`'s cases."""
    found = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "load", "-q", "-p", "no:cacheprovider",
                            "tests/test_hostile_sweep25_finds.py", "-k", CLASSES[name]],
                           cwd=ROOT, capture_output=True, text=True)
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (passed|failed)", found.stdout.splitlines()[-1])}
    for line in found.stdout.splitlines():
        if line.startswith("FAILED"):
            print(f"  {line}")
    return counts.get("passed", 0), counts.get("failed", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=sorted(CLASSES), default=sorted(CLASSES))
    total = [0, 0]
    for name in parser.parse_args().only:
        passed, failed = run(name)
        total[0] += passed
        total[1] += failed
        print(f"{name}: {passed + failed} cases, {failed} failed")
    print(f"all: {sum(total)} cases, {total[1]} failed")


if __name__ == "__main__":
    main()
