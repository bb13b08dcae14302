"""The seventh hostile sweep, wrong shapes and bad bytes by mutation: a valid example of every input
peerbot takes, mutated at every path by the same generic list, through the real processes.

At every JSON path (every key of every object, every item of every list) the value becomes each of
null, true, 0, -1, 1e308, "NaN", "", a 1 MB string, a list, an object, 100 levels of nesting, text
with a NUL, a lone surrogate (the escape \\ud800), invalid UTF-8 bytes, a byte-order mark, CRLF,
right-to-left marks, `<!channel>`/`@here`; each key is deleted, given twice, and each object given an
unknown key; the whole input becomes another top-level type. Form fields, query strings, YAML and
environment values get the same list in their own syntax.

- `slack7`: signed Slack requests over HTTP: events (app_mention, message.im, app_home_opened,
  url_verification), `/peer` and `/enabler` forms, interactivity payloads (block_actions,
  view_submission, message shortcuts), the form around `payload`.
- `socket7`: Socket Mode envelopes (events_api, slash_commands, interactive) sent by the double's
  WebSocket to `peerbot serve` with SLACK_APP_TOKEN.
- `oauth7`: `/slack/install` and `/slack/oauth_redirect` query strings (a real state and cookie).
- `teams7`: Teams activities (message, conversationUpdate, installationUpdate, the feedback,
  lesson and dialog invokes, a message action), anonymous, against the connector double.
- `teamsauth7`: a message and the feedback invoke with a valid Bot Framework token from the test
  issuer the Teams tests use (tests/identity_doubles.py), answered in the response.
- `yaml7`, `front7`, `eval7`: contacts.yaml, enablers.yaml, out_of_scope.yaml, nhs_topics.yaml,
  everyday_topics.yaml, a document's front matter, a question set's line, each a small valid
  example mutated at every path, under the command that reads it.
- `data7`, `import7`: `checksums.json` at every path; the data folder's files and import files
  truncated, zeroed, random, with a BOM, CRLF, bad bytes.
- `env7`, `args7`: settings and command-line arguments given the same values.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/hostile_sweep7_shapes.py --hang 90 [--only CLASS ...]
        [--match TEXT] [--skip TEXT] [--list] [--code DIR] [--jobs N] [--every N]

A server case passes on 2xx/4xx (never 5xx, never a hang), no traceback in the log, the server up;
each server class ends with a normal question answered and lesson #1 still waiting for review. A
command passes when it answers (exit 0) or fails with one `peerbot:` line and no traceback; nothing
recorded before is lost and `peerbot ask` still answers afterwards (files).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
import hostile_sweep  # noqa: E402
import sweep_servers as servers  # noqa: E402
import yaml  # noqa: E402
from hostile_http import post, status_problems  # noqa: E402
from hostile_sweep import Case, Homes, base_env  # noqa: E402
from hostile_sweep2 import TEAMS_ID  # noqa: E402
from hostile_sweep3 import in_home, judged, still_answers  # noqa: E402
from hostile_sweep4 import _once  # noqa: E402
from hostile_sweep5 import _get, _oauth_start, _pending_lesson  # noqa: E402
from hostile_sweep6_files import records_kept  # noqa: E402
from hostile_sweep6_net import _quick, _teams_answered, _wait  # noqa: E402
from slack_double import (  # noqa: E402
    APP_TOKEN,
    BOT_TOKEN,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    slash_command,
    socket_envelope,
    view_submission,
)
from sweep_servers import Server  # noqa: E402
from teams_doubles import (  # noqa: E402
    card_action,
    feedback,
    installation,
    members,
    message,
    message_action,
    task_invoke,
)

QUESTION = "trust at board level"
MB = 1_000_000  # under the servers' 1 MiB body limit, so a 1 MB value is read, not refused at the door

# -- the mutations ---------------------------------------------------------------------------------

# What a value becomes, as JSON text (bytes where the text itself is not UTF-8).
JSON_VALUES: dict[str, bytes] = {
    "null": b"null", "true": b"true", "zero": b"0", "minus-one": b"-1", "1e308": b"1e308", "nan-text": b'"NaN"',
    "empty": b'""', "1mb": b'"' + b"x" * MB + b'"', "list": b'[1, "a", null]', "object": b'{"a": {"b": 1}}',
    "deep100": b'{"a": ' * 50 + b"[" * 50 + b"]" * 50 + b"}" * 50, "nul": b'"a\\u0000b"', "surrogate": b'"\\ud800"',
    "bad-utf8": b'"a\xff\xfe\xc0\xafb"', "bom": b'"\\ufefftrust at board level"', "crlf": b'"trust\\r\\nat board\\r\\n"',
    "rtl": b'"\\u202etrust\\u200f at board \\u200e"', "mentions": b'"<!channel> <!here> @here <!everyone> @channel"',
}
STRUCTURAL = ("deleted", "twice")  # a key removed; a key given twice (its own value first, then a list)
TOP_LEVEL: dict[str, bytes] = {"top-list": b"[{}]", "top-text": b'"x"', "top-number": b"5", "top-null": b"null",
                               "top-true": b"true", "top-empty": b""}
# The same values as text, for form fields, query strings and the environment (percent-encoded where sent).
TEXT_VALUES: dict[str, bytes] = {
    "null": b"null", "true": b"true", "zero": b"0", "minus-one": b"-1", "1e308": b"1e308", "nan-text": b"NaN",
    "empty": b"", "1mb": b"x" * MB, "list": b'[1, "a", null]', "object": b'{"a": {"b": 1}}',
    "deep100": b"[" * 100 + b"]" * 100, "nul": b"a\x00b", "surrogate": b"\xed\xa0\x80", "bad-utf8": b"a\xff\xfe\xc0\xafb",
    "bom": b"\xef\xbb\xbftrust at board level", "crlf": b"trust\r\nat board\r\n",
    "rtl": "\u202etrust\u200f at board \u200e".encode(), "mentions": b"<!channel> <!here> @here <!everyone> @channel",
}


def paths(node: object, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path in a JSON value (the root excluded), parents before children."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def _at(node: object, path: tuple) -> object:
    for key in path:
        node = node[key]  # type: ignore[index]
    return node


def mutate(body: object, path: tuple | None, kind: str) -> bytes | None:
    """The JSON text of `body` with the value at `path` mutated as `kind`; `path` None: the whole
    body as another top-level type. None when `kind` does not apply there."""
    if path is None:
        return TOP_LEVEL[kind]
    body = json.loads(json.dumps(body))
    marker = f"@@{random.randrange(10**12)}@@"
    parent = _at(body, path[:-1]) if path else None
    if kind == "unknown-key":
        target = _at(body, path)
        if not isinstance(target, dict):
            return None
        target["zz_unknown"] = {"x": [1]}
        return json.dumps(body).encode()
    if kind == "deleted":
        del parent[path[-1]]  # type: ignore[index]
        return json.dumps(body).encode()
    original = json.dumps(_at(body, path)).encode()
    parent[path[-1]] = marker  # type: ignore[index]
    text = json.dumps(body).encode()
    if kind == "twice":
        if not isinstance(parent, dict):
            return None
        fragment = original + b", " + json.dumps(path[-1]).encode() + b": [1]"
    else:
        fragment = JSON_VALUES[kind]
    return text.replace(f'"{marker}"'.encode(), fragment)


def json_mutations(body: object, top_level: bool = True) -> Iterator[tuple[str, tuple | None, str]]:
    """(name, path, kind) of every mutation of every path of `body` (rendered by `mutate`), each
    object's unknown key and, with `top_level`, the whole body as each other type."""
    for path in [(), *paths(body)]:
        where = ".".join(map(str, path)) or "(root)"
        kinds = ["unknown-key"] if not path else [*JSON_VALUES, *STRUCTURAL, "unknown-key"]
        for kind in kinds:
            if kind == "unknown-key" and not isinstance(_at(body, path), dict):
                continue
            if kind == "twice" and not isinstance(_at(body, path[:-1]), dict):
                continue
            yield f"{where}={kind}", path, kind
    if top_level:
        for kind in TOP_LEVEL:
            yield kind, None, kind


def form_mutations(form: dict[str, str]) -> Iterator[tuple[str, str | None, str]]:
    """(name, field, kind) for every field of a form given each text value, removed or twice, an
    unknown field, and bodies that are not forms (rendered by `form_body`)."""
    for key in form:
        for kind in (*TEXT_VALUES, "deleted", "twice"):
            yield f"{key}={kind}", key, kind
    for kind in ("unknown-field", "not-a-form", "json-body", *TOP_LEVEL):
        yield kind, None, kind


def form_body(form: dict[str, str], key: str | None, kind: str) -> bytes:
    items = [(k, v.encode()) for k, v in form.items()]
    if key is not None:
        if kind == "deleted":
            items = [(k, v) for k, v in items if k != key]
        elif kind == "twice":
            items.append((key, b"[1]"))
        else:
            items = [(k, TEXT_VALUES[kind] if k == key else v) for k, v in items]
    elif kind == "unknown-field":
        items.append(("zz_unknown", b"1"))
    elif kind == "not-a-form":
        return b"%%%&&&==&=x&&"
    elif kind == "json-body":
        return json.dumps(form).encode()
    else:
        return TOP_LEVEL[kind]
    return _query(items).encode()


def _query(fields: list[tuple[str, bytes]]) -> str:
    return "&".join(urllib.parse.quote_from_bytes(k.encode()) + "=" + urllib.parse.quote_from_bytes(v) for k, v in fields)


# -- slack7: signed requests over HTTP ---------------------------------------------------------------

def slack_events() -> dict[str, dict]:
    home = {"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0PNCRP9N", "tab": "home",
            "event_ts": "1515449522.000016"}
    return {"mention": app_mention(QUESTION), "dm": direct_message(QUESTION), "home": event_callback(home),
            "url-verification": {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                                 "type": "url_verification"}}


def slack_interactions(response_url: str) -> dict[str, dict]:
    form = {"callback_id": "lesson_submit", "private_metadata": json.dumps({"q": "q-1"})}
    lesson = {"title": "Theatre lists", "did": "We pooled theatre lists.", "learned": "Agree the rules first.",
              "organisation": "Example", "enablers": ["building-trust"], "consent": True}
    return {"feedback": block_actions("feedback_helpful", "q-1", response_url),
            "share": block_actions("share_answer", "q-1", response_url),
            "lesson-form": view_submission(form, lesson),
            "ask-shortcut": message_shortcut(QUESTION, response_url),
            "lesson-shortcut": message_shortcut("We met monthly.", response_url, callback_id="save_lesson")}


def _fresh(body: object) -> object:
    """A payload with new event ids and timestamps, so that no case is taken as another's retry."""
    text = json.dumps(body).replace('"Ev', f'"Ev{random.randrange(10**6)}x')
    return json.loads(re.sub(r"15154\d{5}\.000016", lambda m: f"{random.randrange(10**9, 2 * 10**9)}.000016", text))


def _signed_post(url: str, body: bytes, content_type: str) -> int:
    from hostile_sweep6_net import _signed_headers

    return post(url, body, _signed_headers(body, content_type))


def slack7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _quick(state, homes, "slack7", name, run_it)

    for name, payload in slack_events().items():
        for mutation, path, kind in json_mutations(payload):
            def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                body = mutate(_fresh(slack_events()[name]), path, kind)
                return status_problems(_signed_post(f"{server.url}/slack/events", body, "application/json"))
            yield case(f"event:{name}:{mutation}", run_it)
    for command in ("/peer", "/enabler"):
        for mutation, key, kind in form_mutations(slash_command(command, QUESTION, "http://127.0.0.1:1/r")):
            def run_it(server: Server, double: SlackDouble, command=command, key=key, kind=kind) -> list[str]:
                form = slash_command(command, "trust" if command == "/enabler" else QUESTION, double.response_url())
                body = form_body(form, key, kind)
                return status_problems(_signed_post(f"{server.url}/slack/events", body, "application/x-www-form-urlencoded"))
            yield case(f"command:{command}:{mutation}", run_it)
    for name, payload in slack_interactions("http://127.0.0.1:1/r").items():
        for mutation, path, kind in json_mutations(payload):
            def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                text = mutate(_fresh(slack_interactions(double.response_url())[name]), path, kind)
                body = b"payload=" + urllib.parse.quote_from_bytes(text).encode()
                return status_problems(_signed_post(f"{server.url}/slack/events", body, "application/x-www-form-urlencoded"))
            yield case(f"interaction:{name}:{mutation}", run_it)
    # the form around `payload`
    for mutation, key, kind in form_mutations({"payload": "{}"}):
        def run_it(server: Server, double: SlackDouble, key=key, kind=kind) -> list[str]:
            good = json.dumps(slack_interactions(double.response_url())["feedback"])
            body = form_body({"payload": good}, key, kind)
            return status_problems(_signed_post(f"{server.url}/slack/events", body, "application/x-www-form-urlencoded"))
        yield case(f"payload-form:{mutation}", run_it)
    yield from _afterwards("slack7", state, homes)


def _afterwards(surface: str, state: dict, homes: Homes, teams: bool = True) -> Iterator[Case]:
    """A class's end (its `teardown`, run whatever `--match` chose): a normal question still
    answered (Slack, and Teams), then lesson #1 still waiting for review once the server has stopped."""
    def still_answered(server: Server, double: SlackDouble) -> list[str]:
        body = app_mention(f"{QUESTION} afterwards")
        problems = status_problems(SlackSender(f"{server.url}/slack/events").event(body).status)
        posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=body["event"]["ts"]) if c.ok])
        problems += _once(posted, "the answer afterwards", True)
        return problems + (_teams_answered(server, state["connector"]) if teams else [])
    yield _teardown(surface, state, homes, still_answered)


def _teardown(surface: str, state: dict, homes: Homes, still_answered) -> Case:
    from hostile_sweep5 import _judged_server

    def run() -> list[str]:
        if not state:
            return []
        check = _judged_server(state, homes, surface, "afterwards", still_answered)
        return [f"afterwards: {p}" for p in check.run()] + servers.stop(state, homes, records_kept)
    return Case(surface, "teardown", run)


# -- socket7: Socket Mode envelopes -------------------------------------------------------------------

def _socket_start(state: dict, homes: Homes) -> None:
    """The class's one server, on Socket Mode, connected."""
    servers.start(state, homes, lambda double: dict(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN,
                                                     SLACK_API_URL=double.api_url))
    state["double"].wait_for_socket(60)
    state["restart"] = _socket_restart


def _socket_restart(state: dict) -> None:
    servers.restart(state)
    state["double"].wait_for_socket(60)


def socket7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _quick(state, homes, "socket7", name, run_it, _socket_start, settle=0.1)

    def envelopes(response_url: str) -> dict[str, dict]:
        return {"events_api": socket_envelope("events_api", _fresh(app_mention(QUESTION))),  # type: ignore[arg-type]
                "slash_commands": socket_envelope("slash_commands", slash_command("/peer", QUESTION, response_url)),
                "interactive": socket_envelope("interactive", block_actions("feedback_helpful", "q-1", response_url))}

    for name, envelope in envelopes("http://127.0.0.1:1/r").items():
        for mutation, path, kind in json_mutations(envelope):
            def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                text = mutate(envelopes(double.response_url())[name], path, kind)
                try:
                    double.send_envelope(text.decode("utf-8"))
                except UnicodeDecodeError:
                    double.send_envelope(text)  # not text: a binary frame
                time.sleep(0.1)
                return [] if double._sockets else ["the Socket Mode connection is gone"]
            yield case(f"{name}:{mutation}", run_it)

    def still_answered(server: Server, double: SlackDouble) -> list[str]:
        double.wait_for_socket(60)
        envelope = socket_envelope("events_api", app_mention(f"{QUESTION} afterwards"))
        double.send_envelope(envelope)
        try:
            double.wait_for_ack(envelope["envelope_id"], 60)
        except AssertionError as e:
            return [str(e)]
        ts = envelope["payload"]["event"]["ts"]
        posted = _wait(lambda: [c for c in double.calls_to("chat.postMessage", thread_ts=ts) if c.ok])
        return _once(posted, "the answer afterwards", True)
    yield _teardown("socket7", state, homes, still_answered)


# -- oauth7: the install pages' query strings ----------------------------------------------------------

def oauth7_cases(homes: Homes) -> Iterator[Case]:
    from hostile_sweep5 import _begin_install, _judged_server

    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _judged_server(state, homes, "oauth7", name, run_it, _oauth_start)

    def redirect(key: str, mutation: str):
        def run_it(server: Server, double: SlackDouble) -> list[str]:
            cookie, real_state = _begin_install(server.port)
            fields = [("code", b"a-code-from-slack"), ("state", real_state.encode())]
            if key == "error":
                fields = [("error", b"access_denied"), ("state", real_state.encode())]
            if mutation == "deleted":
                fields = [f for f in fields if f[0] != key]
            elif mutation == "twice":
                fields.append((key, b"[1]"))
            elif mutation == "unknown-field":
                fields.append(("zz_unknown", b"1"))
            else:
                fields = [(k, TEXT_VALUES[mutation] if k == key else v) for k, v in fields]
            status, _, _ = _get(server.port, f"/slack/oauth_redirect?{_query(fields)}", cookie)
            return status_problems(status)
        return run_it

    for key in ("code", "state", "error"):
        for mutation in (*TEXT_VALUES, "deleted", "twice", "unknown-field"):
            if mutation == "1mb":
                continue  # a URL of 1 MB: refused by the HTTP parser (431), the first sweep's case
            yield case(f"redirect:{key}={mutation}", redirect(key, mutation))
    for mutation, value in TEXT_VALUES.items():
        if mutation in ("1mb", "crlf"):
            continue  # a URL of 1 MB: the first sweep's case; no client sends a header with a line break
        yield case(f"install:query={mutation}", lambda s, d, v=value: status_problems(
            _get(s.port, f"/slack/install?{_query([('team', v)])}")[0]))
        yield case(f"redirect:cookie={mutation}", lambda s, d, v=value: status_problems(
            _get(s.port, "/slack/oauth_redirect?code=c&state=s", "slack-app-oauth-state=" + v.decode("latin-1"))[0]))
    yield from _afterwards("oauth7", state, homes, teams=False)


# -- teams7 / teamsauth7: Teams activities ----------------------------------------------------------

def teams_activities(service_url: str) -> dict[str, dict]:
    return {
        "message": message(service_url, QUESTION),
        "channel-message": message(service_url, QUESTION, conversation="19:c@thread.tacv2;messageid=1", kind="channel",
                                   mention=True),
        "conversation-update": members(service_url, added=True),
        "installation-update": installation(service_url, "add"),
        "feedback-invoke": feedback(service_url, "q-1", True),
        "lesson-invoke": card_action(service_url, "peerbot.lesson", {"q": "q-1", "title": "B", "did": "d", "learned": "l"}),
        "dialog-invoke": task_invoke(service_url, "task/fetch", {"q": "q-1"}),
        "message-action": message_action(service_url, "composeExtension/submitAction", "<p>We met monthly.</p>",
                                         {"title": "Monthly", "did": "We met.", "learned": "It helped."}),
    }


def teams7_cases(homes: Homes) -> Iterator[Case]:
    state: dict = {}

    def case(name: str, run_it) -> Case:
        return _quick(state, homes, "teams7", name, run_it)

    for name, activity in teams_activities("http://127.0.0.1:1").items():
        for mutation, path, kind in json_mutations(activity):
            def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                fresh = teams_activities(state["connector"].url)[name]
                fresh["id"] = f"{fresh.get('id', 'x')}-{random.randrange(10**9)}"
                body = mutate(fresh, path, kind)
                return status_problems(post(f"{server.url}/api/messages", body, {"Content-Type": "application/json"}))
            yield case(f"{name}:{mutation}", run_it)
    yield from _afterwards("teams7", state, homes)


TEAMS_APP = "11111111-2222-3333-4444-555555555555"
TEAMS_TENANT = "66666666-7777-8888-9999-000000000000"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"  # never called: replies come back in the response


def _teams_auth_start(state: dict, homes: Homes) -> None:
    from identity_doubles import ConnectProxy, jwk, signing_key

    state["home"] = state.get("home") or homes.fresh()
    state["key"] = state.get("key") or signing_key()
    state["proxy"] = state.get("proxy") or ConnectProxy(state["home"], TEAMS_TENANT)
    state["proxy"].login.keys = [jwk(state["key"])]
    state["double"] = state.get("double") or SlackDouble().start()  # unused: the judge clears it
    state["restart"] = lambda s: (s["server"].process.kill(), s["server"].process.wait(), _teams_auth_server(s))
    _teams_auth_server(state)


def _teams_auth_server(state: dict) -> None:
    env = {"SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "", "TEAMS_ALLOW_ANONYMOUS": "",
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": TEAMS_APP,
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "secretpw-teams",
           "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TEAMS_TENANT, **state["proxy"].environment()}
    state["server"] = Server(state["home"], **env).ready()


def teamsauth7_cases(homes: Homes) -> Iterator[Case]:
    from identity_doubles import bot_token, expect_replies

    state: dict = {}

    def activities() -> dict[str, dict]:
        return {"message": expect_replies(message(SERVICE_URL, QUESTION, activity_id=f"a-{random.randrange(10**9)}")),
                "feedback-invoke": feedback(SERVICE_URL, "q-1", True, activity_id=f"f-{random.randrange(10**9)}")}

    def send(server: Server, body: bytes) -> int:
        token = bot_token(state["key"], TEAMS_APP, service_url=SERVICE_URL)
        return post(f"{server.url}/api/messages", body,
                    {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})

    for name, activity in activities().items():
        for mutation, path, kind in json_mutations(activity):
            def run_it(server: Server, double: SlackDouble, name=name, path=path, kind=kind) -> list[str]:
                return status_problems(send(server, mutate(activities()[name], path, kind)))
            yield _quick(state, homes, "teamsauth7", f"{name}:{mutation}", run_it, _teams_auth_start, settle=0.1)

    def still_answered(server: Server, double: SlackDouble) -> list[str]:
        status = send(server, json.dumps(activities()["message"]).encode())
        return [] if status == 200 else [f"a valid question afterwards: HTTP {status}"]
    yield _teardown("teamsauth7", state, homes, still_answered)


# -- yaml7, front7, eval7, data7, import7: the files peerbot reads ------------------------------------------------------------------

# YAML is a superset of JSON: a mutated JSON text is a YAML file (bad bytes and all); "twice" gives
# a YAML mapping a duplicate key, which PyYAML, unlike the spec, accepts.
CONTACTS = {"people": [{"name": "Julian Hartley", "slack_user_id": "U0123ABCD", "email": "julian@example.nhs.uk",
                        "teams_upn": "julian@example.nhs.uk", "topics": ["board trust"],
                        "contactable": True, "role": "Chief executive", "organisation": "Leeds Teaching Hospitals NHS Trust",
                        "region": "West Yorkshire"}]}


def _knowledge_examples(knowledge: Path) -> dict[str, tuple[str, object, list[str]]]:
    """Each knowledge file: (its name, a small valid example of it, the command that reads it)."""
    enablers = yaml.safe_load((knowledge / "enablers.yaml").read_text())
    scope = yaml.safe_load((knowledge / "out_of_scope.yaml").read_text())
    nhs = yaml.safe_load((knowledge / "nhs_topics.yaml").read_text())
    everyday = yaml.safe_load((knowledge / "everyday_topics.yaml").read_text())

    def first(mapping: dict, n: int = 1) -> dict:
        return dict(list(mapping.items())[:n])
    small_scope = {**{k: v[:1] for k, v in scope.items() if isinstance(v, list)},
                   "out_of_scope": {k: {**v, "cues": v["cues"][:1], "examples": v["examples"][:1]}
                                    for k, v in first(scope["out_of_scope"]).items()}}
    return {
        "contacts": ("contacts.yaml", CONTACTS, ["contacts", "--json", "Julian"]),  # --check: exit 1 when it finds any
        "enablers": ("enablers.yaml", {"enablers": [{**e, "synonyms": e["synonyms"][:1]} for e in enablers["enablers"][2:3]]},
                     ["enabler", "trust"]),
        "out-of-scope": ("out_of_scope.yaml", small_scope, ["ask", "--json", QUESTION]),
        "nhs-topics": ("nhs_topics.yaml", {"nhs_topics": {k: v[:1] for k, v in first(nhs["nhs_topics"]).items()}},
                       ["ask", "--json", QUESTION]),
        "everyday-topics": ("everyday_topics.yaml", {"everyday_topics": {k: {**v, "topics": v["topics"][:1]} for k, v in
                                                                         first(everyday["everyday_topics"]).items()}},
                            ["ask", "--json", QUESTION]),
    }


FRONT_MATTER_DOC = "nelft-operating-model-case-study.md"
FRONT_MATTER = {"title": "Case study: board development", "publisher": "Mutual Ventures", "url": "https://example.org/case",
                "published": "June 2022", "collection": "Case studies", "organisations": ["NELFT"],
                "region": "North East London", "aliases": ["NELFT"],
                "people": [{"name": "Dr Sam Example", "role": "Medical director", "organisation": "NELFT", "note": "Led it."}],
                "enablers": ["building-trust"]}
QUESTION_LINE = {"id": "d01", "q": "What is a committee in common and who sits on it?",
                 "evidence": ["chief executives and chairs of the four trusts"], "contacts": ["Cathy Elliott"],
                 "offtopic": False, "category": "in_domain"}


def _command(home: Path, argv: list[str]) -> list[str]:
    return judged([str(home / a[5:]) if a.startswith("HOME/") else a for a in argv], base_env(home))


def yaml7_cases(homes: Homes) -> Iterator[Case]:
    knowledge = hostile_sweep.ROOT / "knowledge"
    for label, (filename, example, argv) in _knowledge_examples(knowledge).items():
        for mutation, path, kind in json_mutations(example):
            def body(home: Path, filename=filename, example=example, argv=argv, path=path, kind=kind) -> list[str]:
                (home / "knowledge" / filename).write_bytes(mutate(example, path, kind))
                return _command(home, argv)
            yield in_home(homes, "yaml7", f"{label}:{mutation}", body)


def front7_cases(homes: Homes) -> Iterator[Case]:
    for mutation, path, kind in json_mutations(FRONT_MATTER):
        def body(home: Path, path=path, kind=kind) -> list[str]:
            doc = home / "knowledge" / FRONT_MATTER_DOC
            text = doc.read_bytes().split(b"\n---\n", 1)[1]
            doc.write_bytes(b"---\n" + mutate(FRONT_MATTER, path, kind) + b"\n---\n" + text)
            return _command(home, ["index"]) + still_answers(base_env(home))
        yield in_home(homes, "front7", f"front-matter:{mutation}", body)


def eval7_cases(homes: Homes) -> Iterator[Case]:
    for mutation, path, kind in json_mutations(QUESTION_LINE):
        def body(home: Path, path=path, kind=kind) -> list[str]:
            line = mutate(QUESTION_LINE, path, kind)
            (home / "set.jsonl").write_bytes(json.dumps(QUESTION_LINE).encode() + b"\n" + line + b"\n")
            return _command(home, ["eval", "HOME/set.jsonl"])
        yield in_home(homes, "eval7", f"eval-line:{mutation}", body)


def _checksums(home: Path) -> Path:
    return (home / "data" / "index" / "current").resolve() / "checksums.json"


def data7_cases(homes: Homes) -> Iterator[Case]:
    """checksums.json at every path; the data folder's files truncated, zeroed, random."""
    template = _checksums(homes.template) if (homes.template / "data").exists() else None

    def checksums_body(where: tuple | None, kind: str):
        def body(home: Path) -> list[str]:
            file = _checksums(home)
            file.write_bytes(mutate(json.loads(file.read_text()), where, kind) or b"")
            return _command(home, ["ask", "--json", QUESTION]) + records_kept(home) + still_answers(base_env(home))
        return body
    if template is not None and template.exists():
        for mutation, path, kind in json_mutations(json.loads(template.read_text())):
            yield in_home(homes, "data7", f"checksums.json:{mutation}", checksums_body(path, kind))
    else:  # listing before the template is built: the cases are made from a checksums file's shape
        yield Case("data7", "checksums.json:(built first)", lambda: [])
    damages: dict[str, Callable[[bytes], bytes]] = {
        "truncated-half": lambda b: b[: len(b) // 2], "truncated-1": lambda b: b[:1], "empty": lambda b: b"",
        "zeroed": lambda b: b"\0" * len(b), "random": lambda b: random.Random(7).randbytes(max(len(b), 64)),
        "bom": lambda b: b"\xef\xbb\xbf" + b, "crlf": lambda b: b.replace(b"\n", b"\r\n"),
    }
    files = {"index.db": lambda h: (h / "data" / "index" / "current").resolve() / "index.db",
             "vectors.faiss": lambda h: (h / "data" / "index" / "current").resolve() / "vectors.faiss",
             "checksums.json": _checksums, "peerbot.db": lambda h: h / "data" / "peerbot.db"}
    for label, where in files.items():
        for damage, change in damages.items():
            for argv in (["ask", "--json", QUESTION], ["lessons"], ["index"]):
                def body(home: Path, where=where, change=change, argv=argv, label=label) -> list[str]:
                    path = where(home)
                    path.write_bytes(change(path.read_bytes()))
                    problems = _command(home, argv)
                    if label != "peerbot.db":
                        problems += records_kept(home)
                    return problems + still_answers(base_env(home))
                yield in_home(homes, "data7", f"data:{label}={damage}:{argv[0]}", body)


def import7_cases(homes: Homes) -> Iterator[Case]:
    """An HTML page for `import`, each of its bytes' damages."""
    page = (b"<!doctype html><html><head><meta charset='utf-8'><title>Board trust</title></head><body>"
            b"<h1>Board trust</h1><p>We built trust at board level by sharing red lines.</p></body></html>")
    damages = {"good": page, "empty": b"", "truncated": page[:40], "zeroed": b"\0" * len(page),
               "random": random.Random(3).randbytes(400), "bom": b"\xef\xbb\xbf" + page, "crlf": page.replace(b">", b">\r\n"),
               "bad-utf8": page.replace(b"sharing", b"sh\xff\xfe\xc0ring"), "nul": page.replace(b"red", b"r\0d"),
               "rtl": page.replace(b"red lines", "\u202ered lines\u200f".encode()),
               "mentions": page.replace(b"red lines", b"<!channel> @here"), "1mb-line": page.replace(b"red", b"x" * MB)}
    for name, data in damages.items():
        for suffix in (".html", ".docx", ".pdf"):
            def body(home: Path, data=data, suffix=suffix) -> list[str]:
                source = home / f"page{suffix}"
                source.write_bytes(data)
                return _command(home, ["import", str(source)]) + _command(home, ["index"]) + still_answers(base_env(home))
            yield in_home(homes, "import7", f"import:{name}{suffix}", body)


# -- env7 / args7: settings and arguments -------------------------------------------------------------

def env7_cases(homes: Homes) -> Iterator[Case]:
    import dataclasses

    from bot.settings import Settings

    names = [f.metadata.get("env") for f in dataclasses.fields(Settings) if f.metadata.get("env")]
    names = [n for n in names if n not in ("PEERBOT_DATA_DIR", "PEERBOT_KNOWLEDGE_DIR")]
    for name in names:
        for kind, value in TEXT_VALUES.items():
            if b"\0" in value:
                continue  # an environment value cannot hold a NUL
            if kind == "1mb":
                value = b"x" * 100_000  # the system's limit on one variable is 128 KB

            def body(home: Path, name=name, value=value) -> list[str]:
                env = {k.encode(): v.encode() for k, v in base_env(home).items()}
                env[name.encode()] = value
                argv = ["digest", "--preview"] if name.startswith("DIGEST_") else ["ask", "--json", QUESTION]
                return judged(argv, env)
            yield in_home(homes, "env7", f"{name}={kind}", body)


ARGV = {"ask": ["ask", "{}"], "ask-json": ["ask", "--json", "{}"], "enabler": ["enabler", "{}"],
        "contacts": ["contacts", "{}"], "digest-week": ["digest", "--preview", "--week", "{}"],
        "digest-since": ["digest", "--preview", "--since", "{}"], "digest-workspace": ["digest", "--preview", "--workspace", "{}"],
        "lessons-approve": ["lessons", "approve", "{}"], "forget-channel": ["forget", "--channel", "{}"],
        "forget-before": ["forget", "--before", "{}"], "eval": ["eval", "{}"], "import-publisher": ["import", "--publisher",
                                                                                                   "{}", "HOME/page.html"],
        "teams-digest-on": ["teams-conversations", "--digest-on", "{}"]}


def args7_cases(homes: Homes) -> Iterator[Case]:
    for label, argv in ARGV.items():
        for kind, value in TEXT_VALUES.items():
            if b"\0" in value:
                continue  # an argument cannot hold a NUL
            if kind == "1mb":
                value = b"x" * 100_000  # the system's limit on one argument is 128 KB

            def body(home: Path, argv=argv, value=value) -> list[str]:
                (home / "page.html").write_bytes(b"<html><body><p>We built trust at board level.</p></body></html>")
                args: list = [value if a == "{}" else str(home / a[5:]) if a.startswith("HOME/") else a for a in argv]
                env = base_env(home, **TEAMS_ID)
                return judged(args, env) + records_kept(home)
            yield in_home(homes, "args7", f"{label}={kind}", body)
        yield in_home(homes, "args7", f"{label}=missing", lambda home, argv=argv: judged(
            [a for a in argv if a != "{}"], base_env(home)))


def _seed(homes: Homes) -> None:
    """The template's records: lesson #1 waiting for review."""
    from hostile_sweep import run_cli

    _pending_lesson(base_env(homes.template))
    run_cli(["lessons"], base_env(homes.template))


FAMILIES = {"slack7": slack7_cases, "socket7": socket7_cases, "oauth7": oauth7_cases, "teams7": teams7_cases,
            "teamsauth7": teamsauth7_cases, "yaml7": yaml7_cases, "front7": front7_cases, "eval7": eval7_cases,
            "data7": data7_cases, "import7": import7_cases, "env7": env7_cases, "args7": args7_cases}
SERVER_CLASSES = ("slack7", "teams7", "socket7", "teamsauth7")
COMMAND_CLASSES = ("yaml7", "front7", "eval7", "data7", "import7", "env7", "args7")  # two commands at once  # several cases at once against one server (`--jobs`)


def _every(make, step: int):
    """A class's cases, only one in `step` of them (a whole class's teardown always)."""
    def sampled(homes: Homes) -> Iterator[Case]:
        for i, case in enumerate(make(homes)):
            if i % step == 0 or case.name == "teardown":
                yield case
    return sampled


def main() -> int:
    """`hostile_sweep.sweep_main`'s options, and `--every N`: one in N cases of each class (a quick
    pass over every path and mutation kind of a class, N prime to the number of kinds)."""
    step = 1
    if "--every" in sys.argv:
        at = sys.argv.index("--every")
        step = int(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    families = {name: _every(make, step) if step > 1 else make for name, make in FAMILIES.items()}
    return hostile_sweep.sweep_main(
        __doc__.splitlines()[0], families, "hostile7-", 4,
        lambda name, jobs: jobs if name in SERVER_CLASSES else min(jobs, 2) if name in COMMAND_CLASSES else 1,
        _seed)


if __name__ == "__main__":
    sys.exit(main())
