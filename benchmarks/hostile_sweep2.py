"""The second hostile sweep: the classes the first (`benchmarks/hostile_sweep.py`) left out, by class,
a few cases each, through the real processes: standard output that is full or closed and
interrupts (`pipes`), data files damaged under every command (`data2`), knowledge files with BOMs,
CRLF, odd names and duplicate ids (`knowledge2`), import options that try to write their own front
matter (`import2`), numeric settings with empty, blank and non-finite values (`settings2`), the HTTP
transport itself on raw sockets (`transport`), Slack event, interaction and view shapes and Teams
invokes the first sweep did not mutate (`shapes`), the Slack Web API failing on methods other than
chat.postMessage and the Teams connector failing (`apis`), and SIGKILL of a build (`kill`).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep2.py --hang 90 [--only CLASS ...]

Each case passes when a command answers (exit 0) or fails with one `peerbot:` line and no
traceback, a server answers 2xx/4xx (5xx only where a retry is right) and stays healthy, and
nothing acknowledged is lost. Prints one line per failing case and a tally per class."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
import hostile_sweep  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, checked, judge_cli, run_cli  # noqa: E402

QUESTION = "How can trusts build trust at board level?"
DOC = "nelft-operating-model-case-study.md"
YAMLS = ["contacts.yaml", "enablers.yaml", "nhs_topics.yaml", "out_of_scope.yaml"]
EVAL_LINE = b'{"q": "How can trusts build trust at board level?", "expected": ["key-enablers-provider-collaboratives"]}\n'

# Every command of the README's table that runs to an end (serve and schedule are the servers' classes).
COMMANDS: dict[str, list[str]] = {
    "index": ["index"], "index-rebuild": ["index", "--rebuild"], "ask": ["ask", QUESTION],
    "ask-json": ["ask", "--json", QUESTION], "ask-stdin": ["ask", "--json", "-"], "eval": ["eval", "HOME/q.jsonl"],
    "eval-json": ["eval", "--json", "HOME/q.jsonl"], "enabler": ["enabler"], "enabler-name": ["enabler", "trust"],
    "enabler-json": ["enabler", "--json", "trust"], "contacts": ["contacts"], "contacts-query": ["contacts", "leeds"],
    "contacts-json": ["contacts", "--json"], "contacts-check": ["contacts", "--check"],
    "digest-preview": ["digest", "--preview"], "digest-json": ["digest", "--preview", "--json"],
    "digest-week": ["digest", "--preview", "--week", "2026-W47"], "digest-since": ["digest", "--preview", "--since", "2026-11-01"],
    "digest-post": ["digest", "--post"], "lessons": ["lessons"], "lessons-pending": ["lessons", "--pending"],
    "lessons-approve": ["lessons", "approve", "1"], "lessons-reject": ["lessons", "reject", "1"],
    "migrate": ["migrate"], "forget-before": ["forget", "--before", "2020-01-01"],
    "forget-channel": ["forget", "--channel", "C0LAN2Q65"], "teams-conversations": ["teams-conversations"],
    "teams-digest-on": ["teams-conversations", "--digest-on", "19:x@thread.tacv2"],
    "teams-manifest": ["teams-manifest", "--output", "HOME/t.zip"], "import": ["import", "HOME/page.html"],
    "help": ["--help"], "version": ["--version"],
}
TEAMS_ID = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": "00000000-0000-0000-0000-000000000000"}


def _home_files(home: Path) -> None:
    (home / "q.jsonl").write_bytes(EVAL_LINE)
    (home / "page.html").write_text("<html><head><title>Boards</title></head><body><p>Boards built trust.</p></body></html>")


def _argv(argv: list[str], home: Path) -> list[str]:
    return [a.replace("HOME", str(home)) for a in argv]


def run_to(argv: list[str], env: dict[str, str], stdout, stdin=subprocess.DEVNULL,
           interrupt_after: float | None = None) -> tuple[int, str]:
    """`peerbot argv` with its standard output sent to `stdout`: (exit status, standard error)."""
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", *argv], cwd=hostile_sweep.CODE[0], env=env,
                               stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, preexec_fn=default_sigint)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=hostile_sweep.LIMITS["hang"])
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise Hang(f"`peerbot {' '.join(argv)[:60]}` still running") from None
    return process.returncode, err.decode("utf-8", "backslashreplace")


def default_sigint() -> None:
    """In the child: SIGINT as a terminal sends it (a sweep run in the background, `cmd &`, has it
    ignored, and a child inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def judge_quiet(argv: list[str], rc: int, err: str) -> list[str]:
    """As `judge_cli`, and nothing on standard error but `peerbot:` lines (no "Exception ignored")."""
    problems = judge_cli(argv, rc, "", err)
    noise = [line for line in err.splitlines() if line.strip() and not line.startswith("peerbot")
             and "Warning" not in line and not line.startswith(("Batches", "  "))]
    if not problems and any("Exception ignored" in line or "Error" in line for line in noise):
        problems.append(f"`peerbot {' '.join(argv)[:40]}`: noise on stderr ({noise[0][:140]!r})")
    return problems


# -- pipes: standard output full or closed, and Ctrl-C -----------------------------------------------

def pipes_cases(homes: Homes) -> Iterator[Case]:
    def full(name: str, argv: list[str]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                _home_files(home)
                with open("/dev/full", "wb") as sink:
                    rc, err = run_to(_argv(argv, home), base_env(home, **TEAMS_ID), sink)
                problems = judge_quiet(argv, rc, err)
                if not problems and rc == 0 and argv[0] not in ("digest",) and "index" not in argv:
                    problems.append(f"`peerbot {' '.join(argv)[:40]}`: exit 0 with its output lost (disk full)")
                return problems
            finally:
                homes.discard(home)
        return Case("pipes", f"dev-full:{name}", run)

    def closed(name: str, argv: list[str]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                _home_files(home)
                read, write = os.pipe()
                os.close(read)  # whoever reads the output has gone (`peerbot ... | head -0`)
                try:
                    rc, err = run_to(_argv(argv, home), base_env(home, **TEAMS_ID), write)
                finally:
                    os.close(write)
                return judge_quiet(argv, rc, err)
            finally:
                homes.discard(home)
        return Case("pipes", f"closed-pipe:{name}", run)

    for name in ("ask", "ask-json", "enabler", "enabler-json", "contacts", "contacts-check", "eval", "digest-preview",
                 "lessons", "migrate", "forget-before", "teams-conversations", "help", "version"):
        yield full(name, COMMANDS[name])
        yield closed(name, COMMANDS[name])

    def interrupted(name: str, argv: list[str], after: float) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                _home_files(home)
                stdin = subprocess.PIPE if argv[-1] == "-" else subprocess.DEVNULL
                rc, err = run_to(_argv(argv, home), base_env(home), subprocess.DEVNULL, stdin=stdin,
                                 interrupt_after=after)
                problems = judge_quiet(argv, 1 if rc == 130 else rc, err)  # 130: "peerbot: interrupted"
                if argv[0] == "index" and not problems:  # an interrupted build leaves a usable index
                    rc, out, err = run_cli(["ask", "--json", QUESTION], base_env(home))
                    problems += judge_cli(["ask"], rc, out, err)
                    if rc == 0 and not json.loads(out or "{}").get("answered"):
                        problems.append("no answer after an interrupted build")
                return problems
            finally:
                homes.discard(home)
        return Case("pipes", f"sigint:{name}@{after}s", run)

    for name, after in (("index-rebuild", 4), ("ask-stdin", 4), ("eval", 4), ("ask", 1), ("index-rebuild", 1)):
        yield interrupted(name, COMMANDS[name], after)


# -- data2: damaged data files under every command ---------------------------------------------------

def data2_cases(homes: Homes) -> Iterator[Case]:
    def on_data(name: str, damage: Callable[[Path], None], commands: list[str]) -> Iterator[Case]:
        for command in commands:
            def run(command=command) -> list[str]:
                home = homes.fresh()
                try:
                    _home_files(home)
                    damage(home / "data")
                    argv = _argv(COMMANDS[command], home)
                    return checked(argv, base_env(home, **TEAMS_ID), b"trust\n")
                finally:
                    homes.discard(home)
            yield Case("data2", f"{name}:{command}", run)

    def current(data: Path) -> Path:
        return (data / "index" / "current").resolve()

    def write(relative: str, content: bytes, in_generation: bool = True) -> Callable[[Path], None]:
        return lambda d: (current(d) if in_generation else d).joinpath(relative).write_bytes(content)

    index_readers = ["ask", "enabler-name", "contacts-check", "digest-preview", "eval", "index"]
    state_readers = ["lessons", "migrate", "forget-before", "forget-channel", "teams-conversations", "digest-preview",
                     "lessons-approve", "ask"]
    for shape, content in {"list": b"[]", "null": b"null", "number-values": b'{"index.db": 5}',
                           "words": b"not json", "empty": b""}.items():
        yield from on_data(f"checksums={shape}", write("checksums.json", content), ["ask", "index"])
    for missing in ("index.db", "vectors.faiss", "checksums.json"):
        yield from on_data(f"generation-without-{missing}", lambda d, m=missing: current(d).joinpath(m).unlink(),
                           ["ask", "enabler-name", "index"])
    yield from on_data("current-to-file", lambda d: (d / "index" / "current").unlink() or
                       (d / "index" / "elsewhere").write_text("x") or
                       (d / "index" / "current").symlink_to("elsewhere"), ["ask", "index"])
    yield from on_data("index-folder-is-file", lambda d: hostile_files_rmtree(d / "index") or
                       (d / "index").write_text("x"), ["ask", "index", "enabler"])
    for suffix in ("-wal", "-shm", "-journal"):
        yield from on_data(f"peerbot.db{suffix}=garbage", lambda d, s=suffix: _state_db(d) and
                           (d / f"peerbot.db{s}").write_bytes(b"\xff" * 4096), ["lessons", "ask"])
    for kind, content in {"random": os.urandom(4096), "empty": b"", "text": b"hello\n"}.items():
        yield from on_data(f"peerbot.db={kind}", lambda d, c=content: (d / "peerbot.db").write_bytes(c), state_readers)
    yield from on_data("peerbot.db=folder", lambda d: (d / "peerbot.db").mkdir(), ["lessons", "migrate", "forget-before"])
    yield from on_data("index.db=random", lambda d: current(d).joinpath("index.db").write_bytes(os.urandom(8192)),
                       index_readers)
    yield from on_data("vectors=zero", lambda d: current(d).joinpath("vectors.faiss").write_bytes(b""), index_readers)


def hostile_files_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


def _state_db(data: Path) -> bool:
    import sqlite3

    sqlite3.connect(data / "peerbot.db").close()
    return True


# -- knowledge2: BOMs, CRLF, names, duplicate ids ----------------------------------------------------

def knowledge2_cases(homes: Homes) -> Iterator[Case]:
    def on_knowledge(name: str, change: Callable[[Path], None], commands: list[str]) -> Iterator[Case]:
        for command in commands:
            def run(command=command) -> list[str]:
                home = homes.fresh()
                try:
                    _home_files(home)
                    change(home / "knowledge")
                    return checked(_argv(COMMANDS[command], home), base_env(home))
                finally:
                    homes.discard(home)
            yield Case("knowledge2", f"{name}:{command}", run)

    def recode(file: str, how: Callable[[bytes], bytes]) -> Callable[[Path], None]:
        return lambda k: (k / file).write_bytes(how((k / file).read_bytes()))

    ways = {"bom": lambda b: b"\xef\xbb\xbf" + b, "crlf": lambda b: b.replace(b"\n", b"\r\n"),
            "bom-crlf": lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), "cr-only": lambda b: b.replace(b"\n", b"\r"),
            "tabs": lambda b: b.replace(b"  ", b"\t"), "latin1": lambda b: b.decode().encode("latin-1", "replace")}
    readers = {"contacts.yaml": ["contacts-check", "ask"], "enablers.yaml": ["enabler-name", "index"],
               "nhs_topics.yaml": ["ask"], "out_of_scope.yaml": ["ask"], DOC: ["index", "contacts-check"]}
    for file, commands in readers.items():
        for way, how in ways.items():
            yield from on_knowledge(f"{file}:{way}", recode(file, how), commands[:1])
    for file in YAMLS:
        yield from on_knowledge(f"{file}:numbers-as-keys", lambda k, f=file: (k / f).write_text("1: 2\n3: [4]\n"),
                                readers[file][:1])
        yield from on_knowledge(f"{file}:null-top", lambda k, f=file: (k / f).write_text("null\n"), readers[file][:1])
    yield from on_knowledge("duplicate-document-id", lambda k: (k / "copy.md").write_bytes((k / DOC).read_bytes()),
                            ["index", "ask", "contacts-check"])
    yield from on_knowledge("front-id-collides", lambda k: (k / "other.md").write_text(
        f"---\nid: {DOC[:-3]}\ntitle: Other\n---\n# Other\n\nBoards built trust.\n"), ["index", "ask"])
    for name, filename in {"non-utf8-name": b"caf\xe9.md", "newline-name": b"a\nb.md", "upper-suffix": b"BOARD.MD",
                           "dot-file": b".hidden.md", "only-suffix": b".md", "spaces": b"  .md"}.items():
        yield from on_knowledge(f"file-name={name}", lambda k, f=filename: Path(os.fsdecode(bytes(k) + b"/" + f)).write_text(
            "# Trust\n\nBoards built trust with open book finances.\n"), ["index"])
    yield from on_knowledge("no-documents", lambda k: [p.unlink() for p in k.glob("*.md")], ["index", "ask", "enabler",
                                                                                           "digest-preview"])
    yield from on_knowledge("knowledge-missing", lambda k: hostile_files_rmtree(k), ["index", "ask", "import"])
    yield from on_knowledge("lessons-is-file", lambda k: (k / "lessons").write_text("x"), ["index"])
    yield from on_knowledge("deep-folders", lambda k: _deep(k), ["index"])
    yield from on_knowledge("symlink-loop", lambda k: (k / "loop").symlink_to(k), ["index"])


def _deep(knowledge: Path) -> None:
    path = knowledge
    for i in range(60):
        path = path / f"d{i}"
    path.mkdir(parents=True)
    (path / "deep.md").write_text("# Deep\n\nBoards built trust.\n")


# -- import2: options that try to write front matter --------------------------------------------------

def import2_cases(homes: Homes) -> Iterator[Case]:
    def importing(name: str, options: list[str], check_front: bool = True) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                _home_files(home)
                argv = ["import", *options, str(home / "page.html")]
                try:
                    rc, out, err = run_cli(argv, base_env(home))
                except Hang as e:
                    return [str(e)]
                problems = judge_cli(argv, rc, out, err)
                made = [p for p in (home / "knowledge").glob("*.md") if p.stat().st_mtime > time.time() - 600
                        and p.name not in os.listdir(Path(hostile_sweep.ROOT) / "knowledge")]
                if rc == 0 and check_front and made:
                    text = made[0].read_text()
                    front = text.split("\n---\n", 1)[0]
                    import yaml

                    try:
                        meta = yaml.safe_load(front.removeprefix("---\n"))
                    except yaml.YAMLError as e:
                        return problems + [f"front matter written is not YAML ({str(e).splitlines()[0]})"]
                    if not isinstance(meta, dict) or set(meta) - {"id", "title", "publisher", "url", "published",
                                                                  "source", "imported", "format", "aliases",
                                                                  "organisations", "region", "enablers", "people"}:
                        problems.append(f"front matter gained keys: {sorted(meta) if isinstance(meta, dict) else meta}")
                    rc2, out2, err2 = run_cli(["index"], base_env(home))
                    problems += judge_cli(["index"], rc2, out2, err2)
                return problems
            finally:
                homes.discard(home)
        return Case("import2", name, run)

    for option in ("--publisher", "--url"):
        for name, value in {"newline-key": "x\ntitle: Evil", "front-end": "x\n---\n# Evil", "quote": "it's \"q\"",
                            "yaml-flow": "{a: b}", "colon": "a: b", "hash": "# not a comment", "tab": "a\tb",
                            "huge": "p" * 100_000, "empty": "", "bidi": "\u202eevil", "ping": "<!channel>"}.items():
            yield importing(f"{option}={name}", [option, value])
    yield importing("same-file-twice", ["--publisher", "P"], check_front=False)


# -- settings2: empty, blank and non-finite numbers --------------------------------------------------

def settings2_cases(homes: Homes) -> Iterator[Case]:
    import dataclasses

    from bot.settings import Settings

    values = ["", " ", "nan", "inf", "0x10", "5.5", "٣"]
    for f in dataclasses.fields(Settings):
        if f.type not in ("int", "float", int, float):
            continue
        env = f.metadata["env"]
        for value in values:
            def run(env=env, value=value) -> list[str]:
                home = homes.fresh()
                try:
                    return checked(["ask", QUESTION], base_env(home, **{env: value}))
                finally:
                    homes.discard(home)
            yield Case("settings2", f"{env}={value!r}", run)


# -- transport: the HTTP layer on raw sockets --------------------------------------------------------

def _raw(port: int, data: bytes, then: bytes = b"", pause: float = 0.0, half_close: bool = False) -> int:
    """Send raw bytes; the HTTP status answered (-2 no answer in time, -1 closed without one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=hostile_sweep.LIMITS["hang"]) as s:
        try:
            s.sendall(data)
            if pause:
                time.sleep(pause)
            if then:
                s.sendall(then)
            if half_close:
                s.shutdown(socket.SHUT_WR)
            reply = s.recv(64)
        except TimeoutError:
            return -2
        except OSError:
            return -1
    if not reply.startswith(b"HTTP/"):
        return -1
    return int(reply.split(b" ", 2)[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=20) as r:
            return r.status == 200
    except OSError:
        return False


def transport_cases(homes: Homes) -> Iterator[Case]:
    from slack_double import SIGNING_SECRET, app_mention
    from sweep_servers import slack_env, start, stop

    state: dict = {}

    def setup() -> None:
        if not state:
            start(state, homes, lambda double: slack_env(double, TEAMS_ALLOW_ANONYMOUS="1"))

    def signed(body: bytes, content_type: str = "application/json") -> dict[str, str]:
        stamp = str(int(time.time()))
        digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}

    def request(path: str, headers: dict[str, str], body: bytes = b"", version: str = "1.1") -> bytes:
        lines = [f"POST {path} HTTP/{version}", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def case(name: str, send: Callable[[int], int], allow_5xx: bool = False) -> Case:
        def run() -> list[str]:
            setup()
            server = state["server"]
            mark = len(server.lines)
            try:
                status = send(server.port)
            except OSError as e:
                status = -1 if "timed out" not in str(e) else -2
            problems = []
            if status == -2:
                problems.append("no answer in time")
            elif status >= 500 and not allow_5xx:
                problems.append(f"HTTP {status}")
            problems += server.problems_since(mark)
            if not _healthy(server.url):
                problems.append("not healthy afterwards")
            return problems
        return Case("transport", name, run)

    event = json.dumps(app_mention("trust at board level transport")).encode()
    for path in ("/slack/events", "/api/messages"):
        short = path.split("/")[-1]
        def plain(body: bytes = event, **extra: str) -> dict[str, str]:
            base = signed(body) if path.startswith("/slack") else {"Content-Type": "application/json"}
            return {**base, "Content-Length": str(len(body)), **extra}
        zipped = gzip.compress(event)
        yield case(f"{short}:gzip-lie", lambda p: _raw(p, request(path, {**plain(), "Content-Encoding": "gzip"}, event)))
        yield case(f"{short}:gzip-real", lambda p: _raw(p, request(path, {**plain(zipped), "Content-Encoding": "gzip"}, zipped)))
        yield case(f"{short}:encoding-br", lambda p: _raw(p, request(path, {**plain(), "Content-Encoding": "br"}, event)))
        chunked = {k: v for k, v in plain().items() if k != "Content-Length"} | {"Transfer-Encoding": "chunked"}
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(event[i:i + 100]), event[i:i + 100]) for i in range(0, len(event), 100))
        yield case(f"{short}:chunked", lambda p: _raw(p, request(path, chunked, chunks + b"0\r\n\r\n")))
        yield case(f"{short}:chunked-bad-size", lambda p: _raw(p, request(path, chunked, b"zz\r\nabc\r\n0\r\n\r\n")))
        yield case(f"{short}:chunked-never-ends", lambda p: _raw(p, request(path, chunked, b"5\r\nabcde\r\n"),
                                                                  half_close=True))
        yield case(f"{short}:length-more-than-sent", lambda p: _raw(
            p, request(path, plain() | {"Content-Length": str(len(event) + 500)}, event), half_close=True))
        yield case(f"{short}:length-negative", lambda p: _raw(p, request(path, plain() | {"Content-Length": "-1"}, event)))
        yield case(f"{short}:length-words", lambda p: _raw(p, request(path, plain() | {"Content-Length": "ten"}, event)))
        yield case(f"{short}:length-and-chunked", lambda p: _raw(p, request(path, plain() | {"Transfer-Encoding": "chunked"},
                                                                          chunks + b"0\r\n\r\n")))
        yield case(f"{short}:declared-100mb", lambda p: _raw(p, request(path, plain() | {"Content-Length": str(100 << 20)},
                                                                      b"{")))
        yield case(f"{short}:no-content-type", lambda p: _raw(p, request(path, {k: v for k, v in plain().items()
                                                                                if k != "Content-Type"}, event)))
        utf16 = event.decode().encode("utf-16")
        yield case(f"{short}:charset-utf16", lambda p: _raw(p, request(
            path, plain(utf16) | {"Content-Type": "application/json; charset=utf-16"}, utf16)))
        yield case(f"{short}:charset-bogus", lambda p: _raw(p, request(
            path, plain() | {"Content-Type": "application/json; charset=klingon"}, event)))
        yield case(f"{short}:expect-100", lambda p: _raw(p, request(path, plain() | {"Expect": "100-continue"}, b""),
                                                        then=event, pause=0.5))
        yield case(f"{short}:http-1.0", lambda p: _raw(p, request(path, plain(), event, "1.0")))
        yield case(f"{short}:slow-body", lambda p: _raw(p, request(path, plain(), event[:50]), then=event[50:], pause=3))
        yield case(f"{short}:header-bad-bytes", lambda p: _raw(
            p, request(path, plain(), event).replace(b"Host: 127.0.0.1", b"Host: \xff\xfe\x00x")))
        yield case(f"{short}:many-headers", lambda p: _raw(p, request(path, plain() | {f"X-H{i}": "v" for i in range(500)},
                                                                    event)))
        yield case(f"{short}:pipelined", lambda p: _raw(p, request(path, plain(), event) * 2))
    yield case("garbage-request-line", lambda p: _raw(p, b"GARBAGE\r\n\r\n"))
    yield case("binary-request", lambda p: _raw(p, os.urandom(2000)))
    yield case("http2-preface", lambda p: _raw(p, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"))
    yield case("healthz-post", lambda p: _raw(p, request("/healthz", {"Content-Length": "2"}, b"{}")))
    yield case("readyz-huge-query", lambda p: _raw(p, b"GET /readyz?" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"))
    yield Case("transport", "teardown", lambda: stop(state, homes))


FAMILIES = {"pipes": pipes_cases, "data2": data2_cases, "knowledge2": knowledge2_cases, "import2": import2_cases,
            "settings2": settings2_cases, "transport": transport_cases}
SERIAL = {"transport", "shapes", "apis", "kill", "digest", "signals"}


def main() -> int:
    import hostile_sweep2_servers

    return hostile_sweep.sweep_main(__doc__.splitlines()[0], {**FAMILIES, **hostile_sweep2_servers.FAMILIES},
                                    "hostile2-", 3, lambda name, jobs: 1 if name in SERIAL else jobs)


if __name__ == "__main__":
    sys.exit(main())
