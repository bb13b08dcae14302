"""The twenty-eighth hostile sweep: the files `peerbot` reads that earlier sweeps damaged least, the
data folder's generation files, the environment, and `peerbot schedule` stopping. Each case runs the
real `peerbot` on a copy of a built corpus (hashing model) and names its pass rule:

- `yaml28`: every YAML file of the corpus folder (contacts, enablers, the scope and topic tables, the
  example questions) replaced by a wrong shape (a list, a number, a string, null, deep nesting, an
  alias bomb, a Python tag, binary bytes, a folder). Pass: `peerbot index` and `peerbot ask` each an
  answer or one `peerbot` line with status 1 or 2; never a traceback.
- `front28`: a document's front matter with fields of the wrong type (title a list, people a string or
  numbers, enablers a mapping, dates of every shape), unclosed, a Python tag, an alias bomb, 200 levels
  of nesting. Pass: as `yaml28`; a damaged document never stops the others being answered.
- `data28`: the live generation's files (`current`, `index.db`, `vectors.faiss`, `checksums.json`, the
  build lock) emptied, truncated, of the wrong JSON shape, replaced by a folder or a dangling link.
  Pass: `ask`, `contacts` and `index` as above, and `index` then leaves an index that answers.
- `env28`: a read-only HOME, TMPDIR missing, LC_ALL=POSIX, a 128 KB file size limit (`ulimit -f 128`) while
  indexing, SIGHUP during `index`. Pass: as above (SIGHUP: no traceback, and the index still serves).
- `schedule28`: `peerbot schedule` told SIGTERM while its digest post hangs (a Slack double that never
  answers) or is rate-limited (429 with a minute's Retry-After, every time). Pass: the process is gone
  within 75 s (at most a minute's stop deadline plus 15 s), with no traceback.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep28.py [--only yaml28 front28 data28 env28 schedule28 out28] [--code EXPORT]
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Homes, base_env, checked, judge_cli, run_cli, sweep_main  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
YAMLS = ["contacts.yaml", "enablers.yaml", "everyday_topics.yaml", "example_questions.yaml", "nhs_subjects.yaml",
         "nhs_topics.yaml", "out_of_scope.yaml"]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
    f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
SHAPES: dict[str, bytes | None] = {
    "a list": b"- 1\n- two\n- [3]\n", "a number": b"7\n", "a string": b"just words\n", "null": b"~\n",
    "deep nesting": b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", "alias bomb": BOMB.encode(),
    "python tag": b"x: !!python/object/apply:os.system ['echo owned']\n", "binary": bytes(range(256)) * 4,
    "a folder": None}


def _env(homes: Homes, state: dict) -> tuple[Path, dict]:
    home = homes.fresh()
    state.setdefault("homes", []).append(home)
    return home, base_env(home)


def _cli_checks(env: dict, commands: list[list[str]]) -> list[str]:
    return [problem for argv in commands for problem in checked(argv, env)]


def _answers(env: dict) -> list[str]:
    try:
        rc, out, err = run_cli(["ask", QUESTION], env)
    except hostile_sweep.Hang as e:
        return [str(e)]
    return [] if rc == 0 and out.strip() else [f"no answer after the damage was repaired (exit {rc}: {err.strip()[-160:]!r})"]


def _replace(path: Path, content: bytes | None) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)


def yaml_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for name in YAMLS:
        for shape, content in SHAPES.items():
            def run(n=name, c=content) -> list[str]:
                home, env = _env(homes, state)
                _replace(home / "knowledge" / n, c)
                return _cli_checks(env, [["index"], ["ask", QUESTION], ["contacts"]])
            yield Case("yaml28", f"{name}: {shape}", run)


FRONT = {
    "title a list": "title: [1, 2]\n", "title a mapping": "title: {a: b}\n", "title null": "title:\n",
    "people a string": "people: Sam Example\n", "people numbers": "people: [1, 2.5, true]\n",
    "people mapping of lists": "people:\n  - {name: [a], role: {x: 1}}\n", "enablers a mapping": "enablers: {a: 1}\n",
    "enablers numbers": "enablers: [1, null]\n", "organisations a number": "organisations: 5\n",
    "aliases nested": "aliases: [[[x]]]\n", "published a date": "published: 2024-01-01\n",
    "published a timestamp": "published: 2024-01-01T10:00:00Z\n", "url a list": "url: [http://x]\n",
    "region binary": "region: !!binary aGVsbG8=\n", "python tag": "title: !!python/name:os.system\n",
    "alias bomb": BOMB, "deep nesting": "x: " + "[" * 200 + "]" * 200 + "\n", "a list": "- a\n- b\n",
    "unclosed": None, "key 10000 chars": "k" * 10_000 + ": v\n"}


def front_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for name, text in FRONT.items():
        def run(t=text) -> list[str]:
            home, env = _env(homes, state)
            path = home / "knowledge" / "nelft-operating-model-case-study.md"
            body = path.read_text().split("---", 2)[2]
            path.write_text("---\ntitle: x\n" + body if t is None else f"---\n{t}---\n{body}")
            problems = _cli_checks(env, [["index"], ["contacts"], ["enabler"]])
            rc, out, err = run_cli(["ask", QUESTION], env)
            problems += judge_cli(["ask"], rc, out, err)
            if rc == 0 and not out.strip():
                problems.append("an empty answer")
            return problems
        yield Case("front28", name, run)


def _generation(home: Path) -> Path:
    current = home / "data" / "index" / "current"
    name = current.read_text().strip() if current.is_file() else os.readlink(current)
    return home / "data" / "index" / Path(name).name


DATA = {
    "index.db": {"empty": b"", "truncated": 4096, "a folder": None, "zeros": b"\0" * 65536},
    "vectors.faiss": {"empty": b"", "truncated": 100, "a folder": None},
    "checksums.json": {"a list": b"[1, 2]", "deep nesting": b"[" * 100_000 + b"]" * 100_000, "binary": b"\xff\xfe\0x",
                       "wrong types": b'{"index.db": 5, "vectors.faiss": ["x"]}', "a folder": None, "empty": b""},
}


def data_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}
    for file, damages in DATA.items():
        for damage, content in damages.items():
            def run(f=file, c=content) -> list[str]:
                home, env = _env(homes, state)
                path = _generation(home) / f
                if isinstance(c, int):
                    with path.open("r+b") as handle:
                        handle.truncate(c)
                else:
                    _replace(path, c)
                problems = _cli_checks(env, [["ask", QUESTION], ["contacts"], ["index"]])
                return problems + _answers(env)
            yield Case("data28", f"{file}: {damage}", run)
    for damage, make in {"current a folder": lambda p: _replace(p, None), "current empty": lambda p: _replace(p, b""),
                         "current names nothing": lambda p: _replace(p, b"gen-0\n"),
                         "current binary": lambda p: _replace(p, b"\xff\0\xfe"),
                         "current a link loop": lambda p: (p.unlink(), p.symlink_to(p)),
                         "build lock a folder": lambda p: _replace(p.parent / ".build.lock", None)}.items():
        def run_current(m=make) -> list[str]:
            home, env = _env(homes, state)
            m(home / "data" / "index" / "current")
            return _cli_checks(env, [["ask", QUESTION], ["contacts"], ["index"]]) + _answers(env)
        yield Case("data28", damage, run_current)


def env_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, argv: list[str], more: Callable[[Path], dict], prefix: list[str] | None = None) -> Case:
        def run() -> list[str]:
            home, env = _env(homes, state)
            env = {**env, **more(home)}
            done = subprocess.run([*(prefix or []), sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0],
                                  env=env, capture_output=True, timeout=120)
            out, err = done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
            return judge_cli(argv, done.returncode, out, err) + (_answers(base_env(home)) if argv == ["index"] else [])
        return Case("env28", name, run)

    def changed(home: Path) -> dict:
        (home / "knowledge" / "added-28.md").write_text("# Added\n\n" + "The trusts pooled bank staff. " * 20_000)
        return {}

    for argv in (["ask", QUESTION], ["index"], ["contacts"]):
        yield case(f"read-only HOME: {argv[0]}", argv, lambda h: {"HOME": "/proc/1/nonexistent", "XDG_CACHE_HOME": "/proc/x"})
        yield case(f"TMPDIR missing: {argv[0]}", argv, lambda h: {"TMPDIR": str(h / "no-such-tmp")})
        yield case(f"LC_ALL=POSIX: {argv[0]}", argv, lambda h: {"LC_ALL": "POSIX", "LANG": "POSIX", "PYTHONUTF8": "0"})
    yield case("ulimit -f 128 KB: index of a changed corpus", ["index"], changed,
               prefix=["bash", "-c", 'ulimit -f 128 && exec "$@"', "limited"])
    yield Case("env28", "SIGHUP during index", lambda: _signal_index(homes, state, signal.SIGHUP))
    yield Case("env28", "SIGPIPE during index", lambda: _signal_index(homes, state, signal.SIGPIPE))


def _signal_index(homes: Homes, state: dict, sig: int) -> list[str]:
    home, env = _env(homes, state)
    (home / "knowledge" / "added-28.md").write_text("# Added\n\n" + "The trusts pooled bank staff. " * 5_000)
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "index"], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(sig)
    out, err = process.communicate(timeout=120)
    problems = []
    if "Traceback" in err.decode(errors="replace"):
        problems.append(f"traceback after {signal.Signals(sig).name}")
    return problems + _answers(env)


class _Silent(threading.Thread):
    """A Slack Web API double that accepts connections and never answers."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(50)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/api/"
        self.held: list[socket.socket] = []

    def run(self) -> None:
        while True:
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return


class _Limited(_Silent):
    """A Slack Web API double answering every call 429 with a minute's Retry-After."""

    def run(self) -> None:
        while True:
            try:
                connection = self.server.accept()[0]
            except OSError:
                return
            self.held.append(connection)
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 40\r\nConnection: close\r\n\r\n" + b'{"ok": false, "error": "ratelimited"}   ')
            connection.close()


def schedule_cases(homes: Homes) -> Iterator[Case]:
    for name, double in {"hangs": _Silent, "is rate-limited for minutes": _Limited}.items():
        yield Case("schedule28", f"SIGTERM while the digest post {name}", lambda d=double: _schedule(homes, d))


def _schedule(homes: Homes, double: type[_Silent]) -> list[str]:
    """`peerbot schedule` posting to `double`, told SIGTERM once its post has reached it."""
    home = homes.fresh()
    slack = double()
    slack.start()
    env = base_env(home, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s", SLACK_API_URL=slack.url,
                   DIGEST_CHANNELS="C0123", DIGEST_DAY="mon", DIGEST_TIME="00:00")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "schedule"], cwd=hostile_sweep.CODE[0], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not slack.held and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    if not slack.held:
        process.kill()
        return [f"the digest post never reached Slack ({process.communicate()[1].decode(errors='replace')[-300:]!r})"]
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=75)
    except subprocess.TimeoutExpired:
        process.kill()
        return ["`peerbot schedule` still running 75 s after SIGTERM (its digest post holds it)"]
    return judge_cli(["schedule"], process.returncode, "", err.decode(errors="replace"))


IMPORTS = {"a.pdf": b"%PDF-1.4\n garbage", "b.pdf": b"", "c.docx": bytes(range(256)) * 12,
           "d.html": b"<div>" * 100_000, "e.html": b"\xff\xfe<p>\x00</p>"}


def output_cases(homes: Homes) -> Iterator[Case]:
    """`peerbot import` of damaged files, and `teams-manifest --output` to where it cannot write."""
    state: dict = {}
    for name, content in IMPORTS.items():
        def run_import(n=name, c=content) -> list[str]:
            home, env = _env(homes, state)
            (home / n).write_bytes(c)
            return _cli_checks(env, [["import", str(home / n)]]) + _answers(env)
        yield Case("out28", f"import {name}", run_import)
    for name, target in {"a folder": "{home}", "a missing folder": "{home}/no/such/x.zip", "/dev/full": "/dev/full",
                         "/proc": "/proc/version", "empty": ""}.items():
        def run_manifest(t=target) -> list[str]:
            home, env = _env(homes, state)
            env["CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID"] = "00000000-0000-0000-0000-000000000001"
            return checked(["teams-manifest", "--output", t.format(home=home)], env, must_fail=True)
        yield Case("out28", f"teams-manifest --output {name}", run_manifest)


FAMILIES = {"yaml28": yaml_cases, "front28": front_cases, "data28": data_cases, "env28": env_cases,
            "schedule28": schedule_cases, "out28": output_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "sweep28-", 2, lambda family, jobs: jobs))
