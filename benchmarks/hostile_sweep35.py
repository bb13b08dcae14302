"""The thirty-fifth hostile sweep (held-out faults): typed text echoed back, an old index holding a file
of another kind under a text suffix, the HTTP surface of `peerbot serve` at the level of bytes and
headers, every setting given the path of a folder, and the data and knowledge folders inside each other.
Each through the real `peerbot` (hashing model) on 127.0.0.1 with the local Slack and Teams doubles
(real signing), or the CLI as a subprocess.

Checked against sweeps 1-34 (grep of their case lists): `/enabler NAME` was sent look-alikes (33) and
broadcast pings in questions (31), never an unknown name holding a terminal's escape codes, line breaks,
5,000 characters, a bidi override, formatting, links or a patient's number, and no sweep looked at how
the echo reads; mislabel33 built every mislabelled file into a fresh index, never an index built before
the rule; sweeps 2, 6, 13, 20 sent bad transports and form fields, never a body of one kind labelled as
another with a valid signature, invalid percent-escapes in each form field, headers given twice, a
timestamp written in other digits or signs, signature schemes other than `v0=`, Authorization tokens
broken at each part to the anonymous Teams server, or request targets in absolute form, `*`, `..` or
10 KB long; settings3/env15/env22/env26 gave settings garbage, never a folder's path.

- `echo35`: `peerbot enabler NAME`, Slack `/enabler NAME` and Teams `enabler NAME` with an unknown name of
  13 kinds. Pass: one line (CLI), the name echoed in at most 100 characters, no control or bidi character,
  no ping (`<!channel>`, `<@U…>`, `@here`), its `*`, `_`, `` ` ``, links not rendered, no NHS number.
- `oldindex35`: a PDF, PNG, gzip and zip saved as .txt and as .md, taken into an index built before files
  were checked for their kind (the document's row made to hash as the file, checksums rewritten); then
  `index`. Pass: the document dropped, its file named; a text file alike but real kept.
- `http35`: 80 requests of wrong bytes and headers to one server. Pass: 2xx/4xx (501/505 for an unknown
  method or version), no traceback, the must-refuse cases 401, /healthz still 200; an accepted `/peer` answered.
- `env35`: `peerbot serve` with each setting the path of a folder. Pass: ready, or one `peerbot` line.
- `folders35`: the data folder the knowledge folder, inside it, holding it; paths with a line break or an
  undecodable byte. Pass: `index` twice and `ask` answer or say one line; the second `index` adds nothing.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep35.py --hang 90 [--only echo35 ...]
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import socket
import sqlite3
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import sweep_servers as servers  # noqa: E402
from hostile_sweep import Case, Hang, Homes, base_env, judge_cli, run_cli, sweep_main  # noqa: E402
from slack_double import SIGNING_SECRET, SlackSender, app_mention, slash_command  # noqa: E402
from teams_doubles import message, send  # noqa: E402

QUESTION = "How did the trusts set up a shared staff bank?"
NHS = "943 476 5919"

# -- echo35: an unknown enabler's name echoed back -----------------------------------------------------

NAMES = {  # none of them an enabler's name or the start of one ("zebra" is no enabler)
    "an escape code": "\x1b[31mred\x1b]0;title\x07 zebra",
    "a line break and a bullet": "zebra\n• *urgent* read this",
    "5,000 characters": "zebra " * 850,
    "a bidi override": "\u202earbez gnidliub",
    "formatting": "*bold* _italic_ ~strike~ `code` ```block``` zebra",
    "a channel ping": "<!channel> zebra",
    "here, everyone, a user, a group": "<!here> <!everyone> <@U0123ABCD> <!subteam^S0123|@leads> zebra",
    "a plain @channel": "@channel @here zebra",
    "a Markdown link": "[click here](https://evil.example/x) zebra",
    "a Slack link": "<https://evil.example/x|click here> zebra",
    "a patient's NHS number": f"zebra for {NHS}",
    "a zero-width space inside a ping": "<!cha\u200bnnel> @cha\u200bnnel zebra",
    "a blockquote": "> quoted\n> more zebra",
}
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b-\u200f]")


def _echo(text: str) -> str:
    found = re.search(r"No enabler called “(.*?)”\.", text, re.S)
    return found.group(1) if found else ""


def echo_problems(text: str, name: str, markup: str) -> list[str]:
    """What is wrong with a reply that echoes `name` (`markup`: slack, teams or cli)."""
    echo = _echo(text)
    if not echo:
        return [f"no echo found in {text[:120]!r}"] if "zebra" in text or "evil" in text else []
    shown = re.sub(r"<!date\^00000000\^\{_\}\|(.)>", r"\1", echo)  # Slack shows a date token's fallback
    problems = []
    if len(shown) > 100:
        problems.append(f"the name echoed in {len(shown):,} characters")
    if _BAD_CHARS.search(echo) or "\n" in echo:
        problems.append(f"a control, line or bidi character echoed ({echo[:60]!r})")
    if NHS in echo or NHS.replace(" ", "") in echo:
        problems.append("a patient's NHS number echoed")
    if markup == "slack":
        pings = re.findall(r"<[!@](?!date\^)[^>]*>", text)
        if pings or re.search(r"(?<!\u2060)@(channel|here|everyone)\b", echo.replace("@\u2060", "")):
            problems.append(f"a ping in the reply ({(pings or ['@channel'])[0]})")
        if re.search(r"(?<![\w^{])[*_~`]\w", echo):
            problems.append(f"typed formatting rendered ({echo[:60]!r})")
    if markup == "teams":
        if re.search(r"(?<!\\)[*_`]\w", echo) or "](" in echo:
            problems.append(f"typed Markdown rendered ({echo[:60]!r})")
        if "<at>" in echo:
            problems.append("a mention tag echoed")
    return problems


def echo_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def cli_case(kind: str, name: str) -> Case:
        def run() -> list[str]:
            home = state.setdefault("cli_home", homes.fresh())
            argv = ["enabler", name]
            try:
                rc, out, err = run_cli(argv, base_env(home))
            except Hang as e:
                return [str(e)]
            problems = judge_cli(argv, rc, out, err)
            lines = [line for line in err.splitlines() if line.strip()]
            if len(lines) != 1:
                problems.append(f"{len(lines)} lines for one unknown name")
            return problems + echo_problems(err, name, "cli")
        return Case("echo35", f"cli: {kind}", run)

    def slack_case(kind: str, name: str) -> Case:
        def run() -> list[str]:
            if "server" not in state:
                servers.start_both(state, homes)
            server, double = state["server"], state["double"]
            double.clear()
            mark = len(server.lines)
            response = SlackSender(f"{server.url}/slack/events").command(
                slash_command("/enabler", name, double.response_url()))
            if response.status != 200:
                return [f"HTTP {response.status}"]
            reply = json.loads(response.body) if response.body else double.wait_for("chat.postEphemeral")[0].params
            blocks = reply.get("blocks") or []
            blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
            section = next((b["text"]["text"] for b in blocks if "No enabler called" in str(b.get("text"))), "")
            return echo_problems(section, name, "slack") + echo_problems(reply.get("text", ""), name, "slack") \
                + server.problems_since(mark)
        return Case("echo35", f"slack: {kind}", run)

    def teams_case(kind: str, name: str) -> Case:
        def run() -> list[str]:
            if "server" not in state:
                servers.start_both(state, homes)
            server, connector, loop = state["server"], state["connector"], state["loop"]
            mark, before = len(server.lines), len(connector.posts)
            activity = message(connector.url, f"enabler {name}", conversation=f"a:echo-{len(connector.posts)}")
            status, _ = loop.run(send(f"{server.url}/api/messages", activity))
            if status not in (200, 201, 202):
                return [f"HTTP {status}"]
            posts = loop.run(connector.wait_for_posts(before + 1))
            text = posts[before].activity.get("text", "")
            return echo_problems(text, name, "teams") + server.problems_since(mark)
        return Case("echo35", f"teams: {kind}", run)

    for kind, name in NAMES.items():
        yield cli_case(kind, name)
    for kind, name in NAMES.items():
        yield slack_case(kind, name)
    for kind, name in NAMES.items():
        yield teams_case(kind, name)
    yield Case("echo35", "teardown", lambda: servers.stop(state, homes) if "server" in state else [])


# -- oldindex35: a file of another kind an index took before the rule ----------------------------------

ASCII_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] "
             b"/Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
KINDS = {
    "an ASCII PDF": ASCII_PDF,
    "a PNG": b"\x89PNG\r\n\x1a\n" + b"IHDR staff bank " * 20,
    "gzip": gzip.compress(b"staff bank " * 50),
    "a zip": b"PK\x03\x04" + b"staff bank word/document.xml " * 20,
}
GOOD_TEXT = "# Staff bank note\n\nThe trusts pooled their bank staff across three hospitals and agreed one rate.\n"


def _generation(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve()


def _indexed(home: Path) -> dict[str, str]:
    with sqlite3.connect(_generation(home) / "index.db") as db:
        return dict(db.execute("SELECT id, content_hash FROM documents"))


def as_if_taken_before(home: Path, doc_id: str, raw: bytes) -> None:
    """The served generation made as a build before the kind check left it: the document's row hashing as
    `raw` (a text file's hash is of its bytes), the generation's checksums written again to match."""
    folder = _generation(home)
    with sqlite3.connect(folder / "index.db") as db:
        db.execute("UPDATE documents SET content_hash = ? WHERE id = ?", (hashlib.sha256(raw).hexdigest(), doc_id))
    vectors = json.loads((folder / "checksums.json").read_text())["vectors"]
    sys.path.insert(0, str(HERE.parent))
    from index.integrity import write_manifest

    write_manifest(folder, vectors)


def oldindex_cases(homes: Homes) -> Iterator[Case]:
    def case(kind: str, raw: bytes | None, suffix: str) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                path = home / "knowledge" / f"staff-bank-note{suffix}"
                path.write_text(GOOD_TEXT)
                problems = judge_cli(["index"], *run_cli(["index"], env))
                if "staff-bank-note" not in _indexed(home):
                    return problems + ["the real text file was not indexed"]
                if raw is not None:
                    path.write_bytes(raw)
                    as_if_taken_before(home, "staff-bank-note", raw)
                rc, out, err = run_cli(["index"], env)
                problems += judge_cli(["index"], rc, out, err)
                kept = "staff-bank-note" in _indexed(home)
                if raw is not None and kept:
                    problems.append("the file of another kind stays in the index")
                if raw is not None and "staff-bank-note" not in out + err:
                    problems.append("`index` did not name the file it dropped")
                if raw is None and not kept:
                    problems.append("a real text file was dropped")
                return problems
            except Hang as e:
                return [str(e)]
            finally:
                homes.discard(home)
        return Case("oldindex35", f"{kind} as {suffix}", run)

    for suffix in (".txt", ".md"):
        for kind, raw in KINDS.items():
            yield case(kind, raw, suffix)
        yield case("real text, unchanged", None, suffix)


# -- http35: bytes and headers -------------------------------------------------------------------------

def raw_request(url: str, data: bytes, timeout: float = 30) -> int:
    """`data` written as is to the server of `url`; the status of its answer, -1 when the connection closed
    with none (its body in ANSWERED, for the slash commands' acknowledgements)."""
    parts = urllib.parse.urlsplit(url)
    answer = b""
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as s:
        try:
            s.sendall(data)  # the connection left open both ways: a half-close is a client gone, to aiohttp
        except OSError:
            pass
        try:
            while len(answer) < 2**20:  # `Connection: close`: the server closes after its answer
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            pass
    ANSWERED["body"] = answer.partition(b"\r\n\r\n")[2]
    found = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(found.group(1)) if found else -1


ANSWERED = {"body": b""}


def _signature(ts: str, body: bytes) -> str:
    import hmac

    return "v0=" + hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()


def slack_raw(path: str, body: bytes, headers: list[tuple[str, str]]) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    lines = "".join(f"{k}: {v}\r\n" for k, v in headers)
    if not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers):
        lines += f"Content-Length: {len(body)}\r\n"
    return (head + lines + "\r\n").encode("latin-1") + body


def _event_body() -> bytes:
    return json.dumps(app_mention("trust at board level")).encode()


def _form(command: str = "/peer", reply_to: str = "http://127.0.0.1:9/response/x", **fields: str) -> bytes:
    form = slash_command(command, "trust at board level", reply_to)
    return "&".join(f"{k}={fields.get(k, urllib.parse.quote_plus(v))}" for k, v in form.items()).encode("latin-1")


def _sign_headers(body: bytes, content_type: str | None = "application/json", ts: str | None = None,
                  sig: str | None = None) -> list[tuple[str, str]]:
    ts = ts if ts is not None else str(int(time.time()))
    headers = [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", sig or _signature(ts, body))]
    return ([("Content-Type", content_type)] if content_type else []) + headers


Send = Callable[[str], int]  # the server's base URL -> status


def _slack(body: bytes, headers: list[tuple[str, str]], path: str = "/slack/events") -> Send:
    return lambda url: raw_request(url, slack_raw(path, body, headers))


def _http_requests(response_url: str = "http://127.0.0.1:9/response/x") -> tuple[dict[str, tuple[Send, bool]], bytes]:
    """Case name -> (how to send it, whether it must be refused with a 4xx), and the mention a case names
    in ASKING sends whole (correctly signed but for its case's fault): accepted, it must be answered."""
    now = int(time.time())
    event, form = _event_body(), _form()
    interaction = ("payload=" + urllib.parse.quote(json.dumps({"type": "block_actions", "actions": []}))).encode()
    cases: dict[str, tuple[Send, bool]] = {}
    # a body of one kind labelled as another, correctly signed
    for name, body, ctype in [
        ("a command's form labelled JSON", form, "application/json"),
        ("an event labelled a form", event, "application/x-www-form-urlencoded"),
        ("an interaction labelled JSON", interaction, "application/json"),
        ("an event labelled text/plain", event, "text/plain"),
        ("a command labelled multipart", form, "multipart/form-data; boundary=zzz"),
        ("a command with no Content-Type", form, None),
        ("a command in Latin-1 so labelled", _form(text="caf\xe9"), "application/x-www-form-urlencoded; charset=latin-1"),
        ("an event in UTF-16 so labelled", json.dumps(app_mention("trust")).encode("utf-16"),
         "application/json; charset=utf-16"),
        ("an event with empty Content-Type parameters", event, "application/json; ;;=;"),
        ("an event labelled with an unknown charset", event, "application/json; charset=x-no-such"),
    ]:
        cases[f"type: {name}"] = (_slack(body, _sign_headers(body, ctype)), False)
    both = _sign_headers(event) + [("Content-Type", "application/x-www-form-urlencoded")]
    cases["type: Content-Type given twice"] = (_slack(event, both), False)
    # invalid percent-escapes and bytes in each field of a form, correctly signed
    for name, fields in [
        ("text %zz", {"text": "%zz"}), ("text a lone %", {"text": "trust%"}), ("text Latin-1 %E9", {"text": "caf%E9"}),
        ("text a surrogate's UTF-8", {"text": "%ED%A0%80"}), ("text an overlong slash", {"text": "%C0%AF"}),
        ("text NUL and SOH", {"text": "trust%00%01"}), ("user_id %FF", {"user_id": "%FF"}),
        ("channel_id %FF%FE", {"channel_id": "%FF%FE"}), ("command %E9", {"command": "%2Fpe%E9r"}),
        ("response_url %zz", {"response_url": "http%zz//x"}), ("team_id %00", {"team_id": "T%00"}),
        ("a field name %FF", {"token": "x&%FF=1"}),
    ]:
        body = _form(reply_to=response_url, **fields)
        cases[f"form: {name}"] = (_slack(body, _sign_headers(body, "application/x-www-form-urlencoded")), False)
    for name, payload in [("payload %FF", b"payload=%7B%FF%7D"), ("payload twice", b"payload=%7B%7D&payload=%5B%5D"),
                          ("no payload field", b"payloadx=%7B%7D"), ("payload a bare word", b"payload")]:
        cases[f"form: {name}"] = (_slack(payload, _sign_headers(payload, "application/x-www-form-urlencoded")), False)
    # headers given twice, odd framing
    good_ts = str(now)
    good_sig = _signature(good_ts, event)
    bad_sig = "v0=" + "0" * 64
    base = [("Content-Type", "application/json"), ("X-Slack-Request-Timestamp", good_ts)]
    for name, headers, refuse in [
        ("signature twice, good first", base + [("X-Slack-Signature", good_sig), ("X-Slack-Signature", bad_sig)], False),
        ("signature twice, bad first", base + [("X-Slack-Signature", bad_sig), ("X-Slack-Signature", good_sig)], False),
        ("timestamp twice, now and 0", [("Content-Type", "application/json"), ("X-Slack-Request-Timestamp", good_ts),
                                        ("X-Slack-Request-Timestamp", "0"), ("X-Slack-Signature", good_sig)], False),
        ("Content-Length twice, equal", base + [("X-Slack-Signature", good_sig), ("Content-Length", str(len(event))),
                                                ("Content-Length", str(len(event)))], False),
        ("Content-Length twice, differing", base + [("X-Slack-Signature", good_sig), ("Content-Length", str(len(event))),
                                                    ("Content-Length", "5")], False),
        ("a NUL in the timestamp header", [("Content-Type", "application/json"),
                                           ("X-Slack-Request-Timestamp", good_ts + "\x00"),
                                           ("X-Slack-Signature", good_sig)], True),
        ("200 headers of 100 bytes", base + [("X-Slack-Signature", good_sig)] + [(f"X-Pad-{i}", "p" * 100)
                                                                                for i in range(200)], False),
        ("a header of 64 KB", base + [("X-Slack-Signature", good_sig), ("X-Pad", "p" * 65536)], False),
    ]:
        cases[f"headers: {name}"] = (_slack(event, headers), refuse)
    chunked = f"{len(event):x};ext=1\r\n".encode() + event + b"\r\n0\r\n\r\n"
    cases["headers: Content-Length and chunked both"] = (_slack(chunked, base + [
        ("X-Slack-Signature", good_sig), ("Content-Length", str(len(chunked))), ("Transfer-Encoding", "chunked")]), False)
    cases["headers: a chunk size of 20 hex digits"] = (_slack(b"ffffffffffffffffffff\r\nabc\r\n0\r\n\r\n", base + [
        ("X-Slack-Signature", good_sig), ("Transfer-Encoding", "chunked")]), False)
    cases["headers: a folded header line"] = (lambda url: raw_request(url, slack_raw("/slack/events", event, base + [
        ("X-Slack-Signature", good_sig[:20])]).replace(good_sig[:20].encode() + b"\r\n",
                                                       good_sig[:20].encode() + b"\r\n " + good_sig[20:].encode() + b"\r\n",
                                                       1)), False)
    cases["headers: a space before the colon"] = (lambda url: raw_request(url, slack_raw(
        "/slack/events", event, base).replace(b"Content-Length", b"X-Slack-Signature : " + good_sig.encode()
                                              + b"\r\nContent-Length", 1)), True)
    cases["headers: 10 TB declared, 10 bytes sent"] = (_slack(event[:10], base + [
        ("X-Slack-Signature", good_sig), ("Content-Length", str(10 ** 13))]), True)
    gz = gzip.compress(event)
    cases["headers: gzip-encoded, signed over the gzip"] = (_slack(gz, _sign_headers(gz) + [("Content-Encoding", "gzip")]),
                                                            False)
    cases["headers: gzip-encoded, signed over the JSON"] = (_slack(gz, _sign_headers(gz, sig=good_sig) + [
        ("Content-Encoding", "gzip")]), False)  # aiohttp inflates it first: the JSON signed is what is read
    bomb = gzip.compress(b"\0" * 200 * 2**20, 9)  # 200 MB of zeros in 200 KB, unsigned
    cases["headers: a gzip bomb, unsigned"] = (_slack(bomb, [("Content-Type", "application/json"),
                                                             ("Content-Encoding", "gzip")]), True)
    cases["headers: a gzip bomb to Teams"] = (_slack(bomb, [("Content-Type", "application/json"),
                                                            ("Content-Encoding", "gzip")], "/api/messages"), True)
    # timestamps: far, replayed, written oddly (each signed as written)
    for name, ts, refuse in [
        ("10 minutes ahead", str(now + 600), True), ("a day ahead", str(now + 86400), True),
        ("1e20", "100000000000000000000", True), ("-1", "-1", True), ("6 minutes old (a replay)", str(now - 360), True),
        ("a fraction", f"{now}.5", False), ("a leading space", f" {now}", False), ("a plus sign", f"+{now}", False),
        ("leading zeros", f"000{now}", False), ("Arabic-Indic digits", str(now).translate(str.maketrans(
            "0123456789", "٠١٢٣٤٥٦٧٨٩")), False), ("hex", hex(now), True), ("empty", "", True),
        ("fullwidth digits", str(now).translate(str.maketrans("0123456789", "０１２３４５６７８９")), False),
    ]:
        encoded = ts.encode("utf-8").decode("latin-1")  # as the bytes go on the wire
        cases[f"timestamp: {name}"] = (_slack(event, [("Content-Type", "application/json"),
                                                      ("X-Slack-Request-Timestamp", encoded),
                                                      ("X-Slack-Signature", _signature_bytes(ts, event))]), refuse)
    # signature schemes
    hexd = good_sig[3:]
    for name, sig, refuse in [
        ("v1=", "v1=" + hexd, True), ("V0= in capitals", "V0=" + hexd, False), ("hex in capitals", "v0=" + hexd.upper(),
                                                                                False),
        ("two signatures in one header", f"v0={hexd},v0={hexd}", True), ("a trailing space", f"v0={hexd} ", False),
        ("v0: not v0=", "v0:" + hexd, True), ("128 hex digits", "v0=" + hexd * 2, True), ("not hex", "v0=" + "z" * 64, True),
        ("SHA-1 length", "v0=" + hexd[:40], True), ("no scheme", hexd, True), ("signed with the secret empty",
                                                                                 _signature_with("", good_ts, event), True),
    ]:
        cases[f"signature: {name}"] = (_slack(event, base + [("X-Slack-Signature", sig)]), refuse)
    # the anonymous Teams server sent Authorization broken at each part
    activity = json.dumps(message("http://127.0.0.1:9", "hello", conversation="a:jwt")).encode()

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header, claims = b64(b'{"alg":"RS256","typ":"JWT"}'), b64(b'{"aud":"x","iss":"https://api.botframework.com"}')
    none = b64(b'{"alg":"none"}')
    for name, auth in [
        ("one part", "Bearer abc"), ("two parts", f"Bearer {header}.{claims}"),
        ("a header not base64", f"Bearer !!!.{claims}.sig"), ("a header not JSON", f"Bearer {b64(b'not json')}.{claims}.s"),
        ("a header a JSON list", f"Bearer {b64(b'[1]')}.{claims}.s"), ("claims a JSON number", f"Bearer {header}.{b64(b'12')}.s"),
        ("alg none", f"Bearer {none}.{claims}."), ("a 20 KB token", "Bearer " + "a" * 20000),
        ("Bearer alone", "Bearer"), ("Basic", "Basic dXNlcjpwYXNz"), ("six parts", f"Bearer {header}.{claims}.s.s.s.s"),
        ("bytes not UTF-8", "Bearer \xff\xfe.\xff.\xff"),
    ]:
        cases[f"teams token: {name}"] = (_slack(activity, [("Content-Type", "application/json"), ("Authorization", auth)],
                                                "/api/messages"), False)
    # request targets and methods
    for name, line in [
        ("//healthz", "GET //healthz HTTP/1.1"), ("/slack/events/../healthz", "GET /slack/events/../healthz HTTP/1.1"),
        ("/%ff", "GET /%ff HTTP/1.1"), ("a 10 KB path", "GET /" + "a" * 10000 + " HTTP/1.1"),
        ("absolute form", "GET http://evil.example/healthz HTTP/1.1"), ("OPTIONS *", "OPTIONS * HTTP/1.1"),
        ("HTTP/2.0 on the request line", "GET /healthz HTTP/2.0"), ("no Host", "GET /healthz HTTP/1.1"),
        ("an unknown method", "BREW /slack/events HTTP/1.1"), ("a query of bad escapes", "GET /healthz?x=%zz&%ff HTTP/1.1"),
        ("a fragment", "GET /healthz#x HTTP/1.1"), ("HTTP/0.9", "GET /healthz"),
    ]:
        host = "" if name in ("no Host", "HTTP/0.9") else "Host: 127.0.0.1\r\n"
        data = f"{line}\r\n{host}Connection: close\r\n\r\n".encode("latin-1") if name != "HTTP/0.9" else b"GET /healthz\r\n"
        cases[f"target: {name}"] = ((lambda d: lambda url: raw_request(url, d))(data), False)
    query = f"/slack/events?x=%ff&y={'z' * 5000}"
    cases["target: a signed event with a query of bad escapes"] = (_slack(event, _sign_headers(event), query), False)
    return cases, event


ASKING = ("headers: signature twice", "headers: timestamp twice", "headers: Content-Length twice, equal",
          "headers: 200 headers", "headers: a header of 64 KB", "headers: Content-Length and chunked",
          "headers: a folded", "timestamp:", "signature:", "target: a signed event",
          "type: Content-Type given twice", "type: an event with empty", "type: an event labelled with an unknown")


CLOSED_ALLOWED = ("target: HTTP/2.0 on the request line", "target: HTTP/0.9")  # protocols aiohttp does not speak


def _replied(double, timeout: float = 60) -> bool:
    """Whether a slash command was replied to: in its acknowledgement, or posted within `timeout` seconds."""
    if ANSWERED["body"].strip():
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(double.calls_to(method) for method in ("response_url", "chat.postEphemeral", "chat.postMessage")):
            return True
        time.sleep(0.3)
    return False


def _answered(double, event: bytes, timeout: float = 60) -> bool:
    """Whether the mention in `event` was answered in its thread within `timeout` seconds."""
    ts = json.loads(event)["event"]["ts"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(call.get("thread_ts") == ts for call in double.calls_to("chat.postMessage")):
            return True
        time.sleep(0.3)
    return False


def _signature_bytes(ts: str, body: bytes) -> str:
    import hmac

    return "v0=" + hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode("utf-8") + b":" + body, hashlib.sha256).hexdigest()


def _signature_with(secret: str, ts: str, body: bytes) -> str:
    import hmac

    return "v0=" + hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=30) as answer:
            return answer.status == 200
    except OSError:
        return False


def http_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str) -> Case:
        def run() -> list[str]:
            if "server" not in state:
                servers.start(state, homes, lambda d: servers.slack_env(d, TEAMS_ALLOW_ANONYMOUS="1"), teams=True)
            double = state["double"]
            double.clear()
            requests, event = _http_requests(double.response_url())  # made now: the timestamps of this moment
            send_it, refuse = requests[name]
            server = state["server"]
            mark = len(server.lines)
            try:
                status = send_it(server.url)
            except OSError as e:
                status = -1 if "timed out" not in str(e) else -2
            problems = []
            if status == -2:
                problems.append("no answer within 30 s")
            elif status == -1 and name not in CLOSED_ALLOWED:
                problems.append("the connection closed with no answer")
            elif status >= 500 and status not in (501, 505):
                problems.append(f"HTTP {status}")
            elif refuse and 200 <= status < 300:
                problems.append(f"accepted (HTTP {status})")
            elif 200 <= status < 300 and name.startswith(ASKING) and not _answered(double, event):
                problems.append(f"a mention accepted (HTTP {status}) and never answered")
            elif 200 <= status < 300 and name.startswith("form: text") and not _replied(double):
                problems.append(f"a /peer command accepted (HTTP {status}), no reply and no answer")
            problems += server.problems_since(mark, settle=0.3)
            if not _healthy(server.url):
                problems.append("/healthz no longer 200")
                servers.restart(state)
            return problems
        return Case("http35", name, run)

    for name in _http_requests()[0]:
        yield case(name)
    yield Case("http35", "teardown", lambda: servers.stop(state, homes) if "server" in state else [])


# -- env35: each setting the path of a folder ---------------------------------------------------------

SETTINGS = ["DIGEST_CHANNELS", "DIGEST_DAY", "DIGEST_TIME", "DIGEST_TIMEZONE", "PEERBOT_ANSWER_THREADS",
            "PEERBOT_BUILD_WORKERS", "PEERBOT_CURATORS", "PEERBOT_HASH_KEY", "PEERBOT_LEASE_SECONDS",
            "PEERBOT_MAX_DOCUMENT_MB", "PEERBOT_MODEL", "PEERBOT_QUERY_BATCH", "PEERBOT_QUERY_ENCODER",
            "PEERBOT_QUERY_WINDOW_MS", "PEERBOT_RELOAD_SECONDS", "PEERBOT_RETENTION_DAYS", "PEERBOT_REVIEW_CHANNEL",
            "PEERBOT_START_GRACE_SECONDS", "PEERBOT_START_SECONDS", "PEERBOT_TEAMS_KEY_REFRESH_SECONDS",
            "PEERBOT_TEAMS_RETRY_AFTER_SECONDS", "PEERBOT_THREADS", "SLACK_API_URL", "SLACK_APP_TOKEN",
            "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET", "SLACK_STATE_SECRET",
            "TEAMS_ALLOW_ANONYMOUS", "DATABASE_URL", "PORT", "HOST"]


def env_cases(homes: Homes) -> Iterator[Case]:
    def case(variable: str) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            double = servers.SlackDouble().start()
            folder = home / "a folder"
            folder.mkdir()
            server = None
            try:
                settings = {**servers.slack_env(double), variable: str(folder)}
                if variable == "PORT":
                    server = servers.Server(home, port=str(folder), **settings)
                else:
                    server = servers.Server(home, **settings)
                settled = server.settled(90)
                if settled is None:
                    return ["neither ready nor exited within 90 s"]
                if settled:
                    return server.stop() + server.problems_since(0)
                return server.exit_problems()
            finally:
                if server is not None:
                    server.kill()
                double.stop()
                homes.discard(home)
        return Case("env35", variable, run)

    for variable in SETTINGS:
        yield case(variable)


# -- folders35: the data and knowledge folders inside each other, odd paths -----------------------------

def folder_cases(homes: Homes) -> Iterator[Case]:
    def arrange_same(home: Path) -> dict[str, str]:
        return {"PEERBOT_DATA_DIR": str(home / "knowledge")}

    def arrange_inside(home: Path) -> dict[str, str]:
        return {"PEERBOT_DATA_DIR": str(home / "knowledge" / "data")}

    def arrange_holding(home: Path) -> dict[str, str]:
        os.rename(home / "knowledge", home / "data" / "knowledge")
        return {"PEERBOT_KNOWLEDGE_DIR": str(home / "data" / "knowledge")}

    def arrange_newline(home: Path) -> dict[str, str]:
        odd = home / "line\nbreak"
        os.rename(home / "knowledge", odd)
        return {"PEERBOT_KNOWLEDGE_DIR": str(odd), "PEERBOT_DATA_DIR": str(home / "da\nta")}

    def arrange_undecodable(home: Path) -> dict[str, str]:
        odd = Path(os.fsdecode(bytes(home / "knowledge") + b"-\xff\xfe"))
        os.rename(home / "knowledge", odd)
        return {"PEERBOT_KNOWLEDGE_DIR": str(odd), "PEERBOT_DATA_DIR": os.fsdecode(bytes(home) + b"/data-\xe9")}

    def case(name: str, arrange: Callable[[Path], dict[str, str]]) -> Case:
        def run() -> list[str]:
            home = homes.fresh()
            try:
                env = base_env(home)
                env = {**env, **arrange(home)}
                env = {k: v for k, v in env.items()}
                problems: list[str] = []
                outs = []
                for argv in (["index"], ["index"], ["ask", QUESTION, "--json"]):
                    rc, out, err = run_cli(argv, env)
                    problems += judge_cli(argv, rc, out, err)
                    outs.append((rc, out))
                rc, out = outs[1]
                if rc == 0 and re.search(r"documents [1-9]\d* added", out):
                    problems.append(f"the second `index` added documents ({out.strip()[:100]})")
                return problems
            except Hang as e:
                return [str(e)]
            finally:
                homes.discard(home)
        return Case("folders35", name, run)

    yield case("the data folder the knowledge folder", arrange_same)
    yield case("the data folder inside the knowledge folder", arrange_inside)
    yield case("the knowledge folder inside the data folder", arrange_holding)
    yield case("paths with a line break", arrange_newline)
    yield case("paths with undecodable bytes", arrange_undecodable)


FAMILIES = {"echo35": echo_cases, "oldindex35": oldindex_cases, "http35": http_cases, "env35": env_cases,
            "folders35": folder_cases}

if __name__ == "__main__":
    sys.exit(sweep_main(__doc__.splitlines()[0], FAMILIES, "s48-hostile-sweep35-", 3,
                        lambda family, jobs: jobs if family in ("oldindex35", "folders35", "env35") else 1))
