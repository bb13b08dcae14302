#!/usr/bin/env bash
# The whole test suite on a fresh machine, as CI runs it: a virtual environment with the project
# and its test dependencies, the Teams test tools (npm ci), Debian's chromium and postgresql when
# they are missing (the tests run their own throw-away PostgreSQL cluster; no server is started or
# configured here), then pytest (any arguments are passed on, e.g. ./test.sh -m "not model" -x).
# pytest runs in two pytest-xdist workers, each test file in one of them (its module-scoped servers
# and indexes made once), the longest files first (tests/durations.json; tests/conftest.py): most of the suite's time is spent waiting on servers, subprocesses and
# PostgreSQL, so two workers overlap that even on two cores (BENCHMARKS.md: Test suite time);
# `./test.sh -n 0` runs it in one process.
set -euo pipefail
cd "$(dirname "$0")"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# npm ci needs nothing the other steps install: it runs beside them, and pytest starts only once it
# has succeeded (its failure fails test.sh; a failure elsewhere stops it too).
npm ci --no-audit --no-fund --loglevel=error &
npm_ci=$!
trap 'kill "$npm_ci" 2>/dev/null || true' EXIT

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing Debian packages: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
if ! wait "$npm_ci"; then
    echo "test.sh: npm ci failed" >&2
    exit 1
fi
trap - EXIT
# The suite starts hundreds of Python subprocesses (`python -m bot.cli ...`, `peerbot serve`): let them
# keep the project's compiled modules (__pycache__, git-ignored) instead of compiling every module again
# in each one, as they would where PYTHONDONTWRITEBYTECODE is set.
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/pytest -n 2 --dist loadfile "$@"
