"""A throw-away PostgreSQL cluster for the tests: `initdb` in a temporary folder, the server on a
free port of 127.0.0.1 (its Unix socket in that folder too), durability off since nothing in it
outlives the session, and a fresh database per test. As root (`initdb` refuses root) the cluster
is made and run as the unprivileged user `nobody`. The binaries are Debian's `postgresql` package
(test.sh installs it), found under /usr/lib/postgresql/*/bin, or `initdb` on the PATH."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from slack_double import free_port

SUPERUSER = "peerbot"


def binaries() -> Path | None:
    """The newest PostgreSQL's bin folder, or None when PostgreSQL is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class PostgresCluster:
    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: run ./test.sh (it installs Debian's postgresql package)")
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="peerbot-pg-"))
        self.port = free_port()
        self._as = {}
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
            self._as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        self._run("initdb", "-D", "data", "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self.resume()
        self._count = 0

    def resume(self) -> None:
        """Start the server (again, after `halt`), on the same port."""
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-t", "60", "-o", options, "start")

    def halt(self) -> None:
        """Stop the server as an operator would (`pg_ctl stop -m fast`: connections are ended), keeping its data."""
        self._run("pg_ctl", "-D", "data", "-m", "fast", "-w", "stop")

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run([str(self.bin / program), *args], cwd=self.folder, capture_output=True, text=True,
                                env={**os.environ, "LC_ALL": "C.UTF-8"}, **self._as)
        if result.returncode:
            log = self.folder / "server.log"
            raise RuntimeError(f"{program} failed: {result.stderr.strip()} {log.read_text() if log.exists() else ''}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its URL."""
        self._count += 1
        name = f"test_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            if (self.folder / "data" / "postmaster.pid").exists():  # not halted
                self._run("pg_ctl", "-D", "data", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
