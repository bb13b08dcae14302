"""The thirty-ninth hostile sweep (held-out faults): the file system refusing for real, and settings
present but blank. Each through the real `peerbot` (hashing model) as a subprocess; `serve` on 127.0.0.1
with the local Slack double (real signing).

Checked against sweeps 1-38 (grep of their case lists): every "permission denied" case so far (sweeps
6, 19, 22, 34: chmod 000 or 555) ran as root, who reads and writes through any mode, so no command ever
met EACCES; a full disk was met only under `serve` (disk3, disk9, store29) and a read-only data folder
only under `serve` (store29) or by chmod; symlinks were pointed out of the folder or at a FIFO, never
made a loop (ELOOP); settings were set to garbage, bytes and folders (env15, env22, env26, env32, env35),
never to the empty string or to blanks, which a deploy template leaves when a value is not filled in.

- `perm39`: `peerbot` run as `nobody` (uid 65534) over a home it owns, with one path refused to it (a
  corpus file, contacts.yaml, enablers.yaml, the corpus folder unreadable or unwritable, the data
  folder unwritable, the live generation unreadable, its index.db unreadable or read-only, the cache
  unreadable, the build lock unwritable, peerbot.db unreadable or read-only) under `index`, `ask`,
  `import`, `lessons` and `digest --preview`.
- `serve39`: `serve` run as `nobody`, one path refused to it (peerbot.db unreadable or read-only, the data
  folder unwritable, the cache, the corpus folder, contacts.yaml, enablers.yaml, index.db or the live
  generation unreadable) before it starts or once it is ready; then a Slack mention. Pass: one `peerbot`
  line at the start, or the mention answered, refused for Slack to retry, or answered once the fault is
  lifted and `serve` restarted; the generation never set aside.
- `disk39`: the data folder on a tmpfs of its own with 0, 16 KB or 256 KB free (a mount namespace)
  under `index` with a new lesson, `index --rebuild`, `ask`, `import`, `migrate` on a fresh database,
  `forget --before`; the corpus folder full under `import`.
- `ro39`: the data folder, or the corpus folder, a read-only bind mount (EROFS) under each command.
- `loop39`: a symlink loop in place of the data folder, the corpus folder, a corpus file, contacts.yaml,
  enablers.yaml, the live generation pointer, peerbot.db, the cache folder, the model setting's path
  and the file given to `import`; under `index` and `ask` (and `import`).
- `env39`: each setting `peerbot` reads set to the empty string and to blanks (spaces and a tab), under
  a command that reads it (`serve` for the server's, with Slack's set).

Pass: exit 0 with the command's answer, or one `peerbot` line and exit 1 or 2; no traceback; nothing
lost (the live index keeps every document it had, peerbot.db passes `PRAGMA integrity_check`, checked
once the fault is lifted); `serve` ready, or one `peerbot` line.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep39.py --hang 90 --jobs 2 [--only perm39 disk39 ro39 loop39 env39] [--code EXPORT]
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from slack_double import SlackDouble, SlackSender, app_mention, free_port  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
NOBODY = 65534
PAGE = ("<html><head><title>Otter rota</title></head><body><p>We pooled the otter rota across three trusts and "
        "kept it going through the winter.</p></body></html>")
LESSON = "# Heron rota\n\nThree trusts pooled the heron rota and kept it going through the winter.\n"
CORPUS_FILE = "nelft-operating-model-case-study.md"


# -- running and judging -------------------------------------------------------------------------------

def command(home: Path, name: str) -> list[str]:
    """The argv of one command by name, its inputs written into `home` first."""
    if name == "import":
        (home / "otter.html").write_text(PAGE, encoding="utf-8")
        return ["import", str(home / "otter.html")]
    return {"index": ["index"], "index --rebuild": ["index", "--rebuild"], "ask": ["ask", QUESTION],
            "lessons": ["lessons"], "digest --preview": ["digest", "--preview"], "migrate": ["migrate"],
            "forget --before": ["forget", "--before", "2020-01-01"]}[name]


def run_wrapped(argv: list[str], env: dict[str, str], wrap: list[str]) -> tuple[int, str, str]:
    """`peerbot ARGV` of the checkout under test behind `wrap` (setpriv, unshare), as run_cli runs it."""
    try:
        done = subprocess.run([*wrap, sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                              capture_output=True, timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        raise Hang(f"`peerbot {' '.join(argv)[:60]}` still running after {hostile_sweep.LIMITS['hang']:.0f} s") from None
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return done.returncode, decode(done.stdout), decode(done.stderr)


def documents(data: Path) -> int:
    """The documents in the live index of `data` (-1: none readable)."""
    try:
        with sqlite3.connect(f"file:{data / 'index' / 'current' / 'index.db'}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return -1


def records_problems(data: Path) -> list[str]:
    path = data / "peerbot.db"
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as e:
        return [f"peerbot.db unreadable afterwards ({e})"]
    return [] if verdict == "ok" else [f"peerbot.db damaged afterwards ({verdict[:80]})"]


def lost(data: Path, before: int) -> list[str]:
    after = documents(data)
    problems = [] if after >= before else [f"the live index lost documents ({before} -> {after})"]
    return problems + records_problems(data)


def kept_in_place(data: Path) -> list[str]:
    """A generation only refused to this user is not damaged: it must not be set aside (every replica
    serving it would lose it) nor rebuilt over."""
    aside = sorted(p.name for p in (data / "index").glob("damaged-*"))
    return [f"a refused generation was set aside as damaged ({', '.join(aside)})"] if aside else []


def _lift(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        if not path.is_symlink():
            os.chown(path, 0, 0)
            path.chmod(0o755 if path.is_dir() else 0o644)


# -- perm39: a path refused to the user peerbot runs as ---------------------------------------------------

def _mode(relative: str, mode: int) -> Callable[[Path], dict[str, str]]:
    return lambda home: (home / relative).chmod(mode) or {}


def _behind(name: str, setting: str) -> Callable[[Path], dict[str, str]]:
    """The folder `name` moved into a folder of root's that others may not search."""
    def refuse(home: Path) -> dict[str, str]:
        locked = home / "locked"
        locked.mkdir(exist_ok=True)
        (home / name).rename(locked / name)
        os.chown(locked, 0, 0)
        locked.chmod(0o700)
        return {setting: str(locked / name)}
    return refuse


def _cache_refused(home: Path) -> dict[str, str]:
    (home / "data" / "cache").mkdir(exist_ok=True)
    (home / "data" / "cache").chmod(0o000)
    return {}


PERMS: dict[str, Callable[[Path], dict[str, str]]] = {
    "corpus file 000": _mode(f"knowledge/{CORPUS_FILE}", 0o000),
    "contacts.yaml 000": _mode("knowledge/contacts.yaml", 0o000),
    "enablers.yaml 000": _mode("knowledge/enablers.yaml", 0o000),
    "corpus folder 000": _mode("knowledge", 0o000),
    "corpus folder 555": _mode("knowledge", 0o555),
    "data folder 555": _mode("data", 0o555),
    "live generation 000": lambda home: (home / "data" / "index" / "current").resolve().chmod(0o000) or {},
    "index.db 000": _mode("data/index/current/index.db", 0o000),
    "index.db 444": _mode("data/index/current/index.db", 0o444),
    "cache folder 000": _cache_refused,
    "build lock 444": _mode("data/index/.build.lock", 0o444),
    "peerbot.db 000": _mode("data/peerbot.db", 0o000),
    "peerbot.db 444": _mode("data/peerbot.db", 0o444),
    "corpus folder behind root's 700": _behind("knowledge", "PEERBOT_KNOWLEDGE_DIR"),
    "data folder behind root's 700": _behind("data", "PEERBOT_DATA_DIR"),
}
PERM_COMMANDS = ("index", "ask", "import", "lessons", "digest --preview")
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def perm_cases(homes: Homes) -> Iterator[Case]:
    for target, refuse in PERMS.items():
        for name in PERM_COMMANDS:
            def run(refuse=refuse, name=name) -> list[str]:
                home = homes.fresh()
                try:
                    before = documents(home / "data")
                    argv = command(home, name)
                    for path in [home, *home.rglob("*")]:
                        if not path.is_symlink():
                            os.chown(path, NOBODY, NOBODY)
                    home.parent.chmod(0o711)  # the sweep's scratch folder is root's 700
                    env = refuse(home)
                    rc, out, err = run_wrapped(argv, base_env(home, HOME=str(home), **env), AS_NOBODY)
                    problems = judge_cli(argv, rc, out, err)
                    _lift(home)
                    data = Path(env.get("PEERBOT_DATA_DIR", home / "data"))
                    return problems + lost(data, before) + kept_in_place(data)
                except Hang as e:
                    return [str(e)]
                finally:
                    homes.discard(home)
            yield Case("perm39", f"{target}: {name}", run)


# -- serve39: `serve` run as `nobody` with a path refused to it, before it starts or once it answers ----------

class AsNobody(servers.Server):
    """`peerbot serve` run as `nobody` (sweep_servers.Server's reading and judging)."""

    def __init__(self, home: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*AS_NOBODY, sys.executable, "-m", "bot.cli", "serve"], cwd=hostile_sweep.CODE[0],
            env=base_env(home, HOST="127.0.0.1", PORT=str(self.port), HOME=str(home), **env),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="backslashreplace")
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()


SERVED_PERMS = {name: PERMS[name] for name in (
    "peerbot.db 000", "peerbot.db 444", "data folder 555", "cache folder 000", "corpus folder 000",
    "contacts.yaml 000", "enablers.yaml 000", "index.db 000", "live generation 000")}


def _waited(done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    return True


def _answered(double: SlackDouble, channel: str, seconds: float) -> bool:
    return _waited(lambda: bool(double.calls_to("chat.postMessage", channel=channel)), seconds)


def _asked(server: servers.Server, double: SlackDouble, home: Path, channel: str) -> list[str]:
    """A mention sent to `server`: answered, refused for Slack to retry, or kept and answered once the
    fault is lifted and `serve` started again (as root); never acknowledged and dropped."""
    status = SlackSender(f"{server.url}/slack/events").event(app_mention(QUESTION, channel=channel)).status
    if status >= 500 or status == 0:
        return []  # not acknowledged: Slack sends it again
    if status >= 400:
        return [f"a signed mention answered HTTP {status}"]
    if _answered(double, channel, 45):
        return server.problems_since(0)
    problems = server.problems_since(0) + server.stop()
    _lift(home)
    again = servers.Server(home, **servers.slack_env(double))
    try:
        if not again.settled(hostile_sweep.LIMITS["hang"]) or not _answered(double, channel, 60):
            problems.append("an acknowledged mention was never answered, even after a restart")
        return problems + again.problems_since(0)
    finally:
        again.stop()


def serve_cases(homes: Homes) -> Iterator[Case]:
    for target, refuse in SERVED_PERMS.items():
        for when in ("before it starts", "once it answers"):
            def run(refuse=refuse, when=when) -> list[str]:
                home = homes.fresh()
                channel = f"C0S39{abs(hash((home.name, when))) % 10**6:06d}"
                try:
                    for path in [home, *home.rglob("*")]:
                        if not path.is_symlink():
                            os.chown(path, NOBODY, NOBODY)
                    home.parent.chmod(0o711)
                    with SlackDouble() as double:
                        if when == "before it starts":
                            refuse(home)
                        server = AsNobody(home, **servers.slack_env(double))
                        settled = server.settled(hostile_sweep.LIMITS["hang"])
                        if settled is None:
                            server.kill()
                            return ["serve neither ready nor exited"]
                        if not settled:
                            return server.exit_problems() + kept_in_place(home / "data")
                        if when == "once it answers":
                            refuse(home)
                        problems = _asked(server, double, home, channel)
                        return problems + server.stop() + kept_in_place(home / "data")
                finally:
                    _lift(home)
                    homes.discard(home)
            yield Case("serve39", f"{target}, {when}", run)


# -- disk39 and ro39: a mount namespace of the command's own ------------------------------------------------

def _in_namespace(home: Path, setup: str, argv: list[str], after: str = "") -> tuple[int, str, str]:
    """`peerbot ARGV` in a mount namespace set up by `setup` (as root); `after` run there once it ends,
    and the command's status, output and error kept in files of `home` (outside the mounts)."""
    out, err, rc = home / "cmd.out", home / "cmd.err", home / "cmd.rc"
    peerbot = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "bot.cli", *argv])
    script = (f"set -e; {setup}; set +e; {peerbot} >{out} 2>{err}; echo $? >{rc}; {after or 'true'}")
    try:
        done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                              cwd=hostile_sweep.CODE[0], env=base_env(home), capture_output=True,
                              timeout=hostile_sweep.LIMITS["hang"] + 30)
    except subprocess.TimeoutExpired:
        raise Hang(f"`peerbot {' '.join(argv)[:60]}` still running after {hostile_sweep.LIMITS['hang']:.0f} s") from None
    if not rc.exists():
        raise RuntimeError(f"the mount namespace was not set up: {done.stderr.decode(errors='replace')[-200:]}")
    read = lambda p: p.read_bytes().decode("utf-8", "backslashreplace")  # noqa: E731
    return int(read(rc).strip()), read(out), read(err)


def _full(folder: Path, free: int) -> str:
    """Shell: `folder`'s contents moved onto a tmpfs of its own, then filled to `free` bytes left."""
    saved, q = f"{folder}.saved", shlex.quote
    return (f"mv {q(str(folder))} {q(saved)} && mkdir {q(str(folder))} && "
            f"mount -t tmpfs -o size=64m peerbot39 {q(str(folder))} && cp -a {q(saved)}/. {q(str(folder))}/ && "
            f"avail=$(df --output=avail -B1 {q(str(folder))} | tail -1) && "
            f"head -c $((avail - {free} > 0 ? avail - {free} : 0)) /dev/zero > {q(str(folder))}/.filler || true")


def _unfill(folder: Path) -> str:
    """Shell: the filler removed and the folder's contents copied out of the tmpfs to `folder`.after."""
    q = shlex.quote
    return f"rm -f {q(str(folder))}/.filler; cp -a {q(str(folder))}/. {q(str(folder))}.after/"


DISK_COMMANDS = ("index", "index --rebuild", "ask", "import", "migrate", "forget --before")
FREE = {"0 B free": 0, "16 KB free": 16_384, "256 KB free": 262_144}


def disk_cases(homes: Homes) -> Iterator[Case]:
    for label, free in FREE.items():
        for name in (*DISK_COMMANDS, "import (corpus full)"):
            def run(free=free, name=name) -> list[str]:
                home = homes.fresh()
                try:
                    data, knowledge = home / "data", home / "knowledge"
                    before = documents(data)
                    (knowledge / "heron-rota.md").write_text(LESSON, encoding="utf-8")
                    if name == "migrate":
                        (data / "peerbot.db").unlink(missing_ok=True)
                    folder = knowledge if name.startswith("import (") else data
                    argv = command(home, name.split(" (")[0])
                    Path(f"{folder}.after").mkdir()
                    rc, out, err = _in_namespace(home, _full(folder, free), argv, _unfill(folder))
                    problems = judge_cli(argv, rc, out, err)
                    return problems + lost(Path(f"{data}.after") if folder == data else data, before)
                except Hang as e:
                    return [str(e)]
                finally:
                    homes.discard(home)
            yield Case("disk39", f"{label}: {name}", run)


RO_COMMANDS = ("index", "index --rebuild", "ask", "import", "lessons", "digest --preview", "migrate",
               "forget --before")


def ro_cases(homes: Homes) -> Iterator[Case]:
    for where in ("data", "knowledge"):
        for name in RO_COMMANDS:
            def run(where=where, name=name) -> list[str]:
                home = homes.fresh()
                try:
                    before = documents(home / "data")
                    (home / "knowledge" / "heron-rota.md").write_text(LESSON, encoding="utf-8")
                    argv = command(home, name)
                    folder = shlex.quote(str(home / where))
                    setup = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"
                    rc, out, err = _in_namespace(home, setup, argv)
                    return judge_cli(argv, rc, out, err) + lost(home / "data", before)
                except Hang as e:
                    return [str(e)]
                finally:
                    homes.discard(home)
            yield Case("ro39", f"{where} read-only: {name}", run)


# -- loop39: a symlink loop in place of a path peerbot reads ------------------------------------------------

def _loop(relative: str) -> Callable[[Path], dict[str, str]]:
    def make(home: Path) -> dict[str, str]:
        path = home / relative
        if path.is_dir() and not path.is_symlink():
            path.rename(path.with_name(path.name + ".moved"))
        elif path.exists() or path.is_symlink():
            path.unlink()
        twin = path.with_name(path.name + ".twin")
        path.symlink_to(twin.name)
        twin.symlink_to(path.name)
        return {}
    return make


def _model_loop(home: Path) -> dict[str, str]:
    (home / "model-a").symlink_to("model-b")
    (home / "model-b").symlink_to("model-a")
    return {"PEERBOT_MODEL": str(home / "model-a")}


LOOPS: dict[str, Callable[[Path], dict[str, str]]] = {
    "data folder": _loop("data"), "corpus folder": _loop("knowledge"), "corpus file": _loop(f"knowledge/{CORPUS_FILE}"),
    "contacts.yaml": _loop("knowledge/contacts.yaml"), "enablers.yaml": _loop("knowledge/enablers.yaml"),
    "live generation pointer": _loop("data/index/current"), "peerbot.db": _loop("data/peerbot.db"),
    "cache folder": _loop("data/cache"), "model path": _model_loop,
}


def loop_cases(homes: Homes) -> Iterator[Case]:
    for target, make in LOOPS.items():
        for name in ("index", "ask", "lessons"):
            def run(make=make, name=name) -> list[str]:
                home = homes.fresh()
                try:
                    env = make(home)
                    argv = command(home, name)
                    rc, out, err = run_cli(argv, base_env(home, **env))
                    return judge_cli(argv, rc, out, err)
                except Hang as e:
                    return [str(e)]
                finally:
                    homes.discard(home)
            yield Case("loop39", f"{target}: {name}", run)

    def import_loop() -> list[str]:
        home = homes.fresh()
        try:
            (home / "a.html").symlink_to("b.html")
            (home / "b.html").symlink_to("a.html")
            argv = ["import", str(home / "a.html")]
            return judge_cli(argv, *run_cli(argv, base_env(home)), must_fail=True)
        except Hang as e:
            return [str(e)]
        finally:
            homes.discard(home)
    yield Case("loop39", "the file given to import: import", import_loop)


# -- env39: settings present but blank ------------------------------------------------------------------

BLANKS = {"empty": "", "blanks": "  \t "}
SERVED = ("SLACK_", "TEAMS_", "CONNECTIONS__", "HOST", "PORT", "PEERBOT_ANSWER_THREADS", "PEERBOT_QUERY_",
          "PEERBOT_START", "PEERBOT_LEASE", "PEERBOT_RELOAD", "PEERBOT_TEAMS_", "PEERBOT_CURATORS",
          "PEERBOT_REVIEW_CHANNEL")


def _settings() -> list[str]:
    from bot.settings import Settings
    return [f.metadata["env"] for f in dataclasses.fields(Settings) if f.metadata.get("env")]


def _reader(setting: str) -> list[str]:
    if setting.startswith("DIGEST_") or setting == "PEERBOT_RETENTION_DAYS":
        return ["digest", "--preview"]
    if setting in ("PEERBOT_MAX_DOCUMENT_MB", "PEERBOT_BUILD_WORKERS", "PEERBOT_THREADS", "PEERBOT_HASH_KEY",
                   "PEERBOT_KNOWLEDGE_DIR"):  # PEERBOT_MODEL blank is the real model: `index` would re-embed
        return ["index"]
    if setting == "DATABASE_URL":
        return ["migrate"]
    return ["ask", QUESTION]


def _served(home: Path, setting: str, value: str) -> list[str]:
    with SlackDouble() as double:
        server = servers.Server(home, **{**servers.slack_env(double), setting: value})
        settled = server.settled(hostile_sweep.LIMITS["hang"])
        if settled is None:
            server.kill()
            return ["serve neither ready nor exited"]
        if not settled:
            return server.exit_problems()
        return server.problems_since(0) + server.stop()


def _bound(home: Path, setting: str, value: str) -> list[str]:
    """`serve` with HOST or PORT blank, where the sweep cannot know the address: it says where it serves
    (the default taken) or exits with one line."""
    with SlackDouble() as double:
        process = servers.start_serve(base_env(home, **{"HOST": "127.0.0.1", "PORT": "0", **servers.slack_env(double),
                                                        setting: value}))
        lines: list[str] = []
        for line in process.stderr:
            lines.append(line)
            if "serving on" in line or "Traceback" in line:
                break
        process.terminate()
        try:
            process.wait(hostile_sweep.LIMITS["hang"])
        except subprocess.TimeoutExpired:
            process.kill()
            return ["serve did not stop on SIGTERM"]
        lines += process.stderr.readlines()
    return judge_cli(["serve"], 0 if any("serving on" in line for line in lines) else process.returncode, "",
                     "".join(lines))


def env_cases(homes: Homes) -> Iterator[Case]:
    for setting in _settings():
        for label, value in BLANKS.items():
            def run(setting=setting, value=value) -> list[str]:
                home = homes.fresh()
                try:
                    if setting in ("HOST", "PORT"):
                        return _bound(home, setting, value)
                    if setting.startswith(SERVED) and setting != "SLACK_API_URL":
                        return _served(home, setting, value)
                    argv = _reader(setting)
                    return judge_cli(argv, *run_cli(argv, base_env(home, **{setting: value})))
                except Hang as e:
                    return [str(e)]
                finally:
                    homes.discard(home)
            yield Case("env39", f"{setting}={label}", run)


def _prepare(homes: Homes) -> None:
    """The template's peerbot.db made (`migrate`), so the cases damage a database that exists."""
    rc, _, err = run_cli(["migrate"], base_env(homes.template), timeout=300)
    if rc:
        raise SystemExit(f"could not make the template's peerbot.db: {err}")


FAMILIES = {"perm39": perm_cases, "serve39": serve_cases, "disk39": disk_cases, "ro39": ro_cases, "loop39": loop_cases, "env39": env_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s52-hostile-sweep39-", 2, lambda family, jobs: jobs,
                        _prepare))
