"""Every Slack Web API call peerbot makes, failed each way Slack or the network fails one, against a
`peerbot serve` Slack wiring on 127.0.0.1 (tests/slack_double.PeerbotServer, real signing) and the Slack
double: shared by tests/test_failing_calls_sweep.py and benchmarks/failing_calls_sweep.py.

Each cell is one call (`SCENARIOS`: what a user does that makes it) and one fault (`FAULTS`), the
fault on the call's first try only. The cell is judged (`Outcome.problems`):
- the user's work is not lost: it is done once (the answer posted once, the summary shown, the form
  opened, the feedback stored and the message marked, the Home tab published), or its user gets one
  clear message (an apology where one can be posted), or it waits in the inbox for its retry;
  never twice, never an apology as well as the work;
- the worker is not held: a question asked in another conversation while the call fails (or hangs
  to the 20 s limit) is answered before the failed call gives up;
- no traceback in the log.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_double import (
    HISTORY_SCOPES,
    PeerbotServer,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    event_callback,
    message_shortcut,
    slash_command,
)

QUESTION = "red lines open book finances trust at board level"  # answered, suggesting Julian Hartley
WORDS = "build and retain trust at board level"  # his published words, which the answer cites
EMAIL = "julian.hartley@example.nhs.uk"  # his address in contacts.yaml: a users.lookupByEmail for each answer
CONTROL = "How did the trusts set up a shared staff bank?"  # asked elsewhere while a call fails
CONTROL_CHANNEL = "D0CONTROL1"
APOLOGY = "Sorry"
WINDOW = 90.0  # seconds a cell may take (a retry's backoff, the 20 s time limit)

CONTACTS = f"people:\n  - name: Julian Hartley\n    email: {EMAIL}\n"


@dataclass
class Outcome:
    done: int = 0  # the work, done (posts of the answer, summaries shown, forms opened, ...)
    clear: int = 0  # messages telling the user it failed
    waiting: int = 0  # inbox items still pending (a retry to come)
    control_first: bool = True  # the other question answered before the failed call gave up
    kept: bool = False  # the work was stored before the call (a click's feedback): no apology is true then
    made: int = 0  # calls of the method failed (made after the fault was set: the first one failed)
    tracebacks: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def problems(self) -> list[str]:
        found = [] if self.made else ["the call was never made: the scenario does not exercise it"]
        if self.done + self.clear + self.waiting == 0:
            found.append("lost: not done, no message, nothing in the inbox")
        if self.done > 1:
            found.append(f"done {self.done} times")
        if self.done and self.clear:
            found.append("done and apologised for")
        if self.kept and self.clear and not self.done:
            found.append("stored, yet its user was told something went wrong")
        if self.clear > 1:
            found.append(f"{self.clear} apologies")
        if not self.control_first:
            found.append("worker held: the other question waited for the failed call")
        found += [f"traceback: {t}" for t in self.tracebacks]
        return found


FAULTS: dict[str, Callable[[SlackDouble, str], None]] = {
    "HTTP 500": lambda double, method: double.fault(method, "http", status=500),
    "timeout": lambda double, method: double.fault(method, "slow", seconds=25),  # past the 20 s limit
    "connection reset": lambda double, method: double.fault(method, "reset"),
    "ok:false, unknown error": lambda double, method: (
        double.fault(method, "body", status=200, body=b"no_such_thing_was_ever_documented", content_type="text/plain")
        if method == "response_url" else double.fail(method, "an_error_no_one_documented", times=1)),
    "429": lambda double, method: double.rate_limit(method, times=1, retry_after=2),
}


class Cell:
    """One scenario's run: the server, the double and a signed sender; `user`'s clear messages counted."""

    def __init__(self, server: PeerbotServer, double: SlackDouble):
        self.server, self.double = server, double
        self.sender = SlackSender(server.events_url)

    def ok(self, method: str, **match) -> list:
        return [c for c in self.double.calls_to(method, **match) if c.ok]

    said: list[str]  # the log's lines so far

    def apologies(self) -> int:
        said = [*self.ok("chat.postEphemeral"), *self.ok("chat.postMessage"), *self.ok("response_url")]
        return sum(APOLOGY in json.dumps(c.params) for c in said)

    def pending(self) -> int:
        return len(self.server.rows("SELECT key FROM inbox WHERE status = 'pending'"))


@dataclass
class Watch:
    """What a scenario started: how many times its work was done (`done`), and whether it is over."""

    done: Callable[[], int]
    over: Callable[[], bool] | None = None  # default: done or apologised for, and no retry to come
    kept: Callable[[], bool] = lambda: False  # the work stored whatever the call does


def _mention(cell: Cell, _prepared: object) -> Watch:
    event = app_mention(QUESTION, channel="C0LAN2Q65")
    assert cell.sender.event(event).status == 200
    return Watch(lambda: len([c for c in cell.ok("chat.postMessage", thread_ts=event["event"]["ts"])
                              if APOLOGY not in json.dumps(c.params)]))


def _peer(cell: Cell, channel: object) -> Watch:
    """/peer QUESTION: answered privately (chat.postEphemeral, the contact's Slack id looked up by email), or
    through the command's response_url where peerbot cannot post (a channel it is not in)."""
    url = cell.double.response_url()
    assert cell.sender.command(slash_command("/peer", QUESTION, url, channel=str(channel or "C2147483705"))).status == 200
    return Watch(lambda: len([c for c in [*cell.ok("response_url"), *cell.ok("chat.postEphemeral")]
                              if WORDS in json.dumps(c.params) and APOLOGY not in json.dumps(c.params)]))


def _not_in_channel(cell: Cell) -> str:
    """A channel peerbot is not in: Slack refuses its private replies there, so they go by response_url."""
    cell.double.fail("chat.postEphemeral", "channel_not_found", channel="C0NOTIN001")
    return "C0NOTIN001"


def _post_lost(cell: Cell) -> None:
    """The answer's post is taken but its answer lost (the connection dropped): its retry looks for it in
    the thread first (conversations.replies, with a history scope) before posting again."""
    cell.double.scopes |= set(HISTORY_SCOPES.values())
    cell.double.fault("chat.postMessage", "drop", took_effect=True, channel="C0LAN2Q65")


def _enabler(cell: Cell, _prepared: object) -> Watch:
    url = cell.double.response_url()
    assert cell.sender.command(slash_command("/enabler", "building trust", url)).status == 200
    return Watch(lambda: len([c for c in [*cell.ok("chat.postEphemeral"), *cell.ok("response_url")]
                              if "What works" in json.dumps(c.params)]))


def _save_lesson(cell: Cell, _prepared: object) -> Watch:
    shortcut = message_shortcut("Pooling theatre lists worked once the rules were agreed.", cell.double.response_url(),
                                channel="C0LAN2Q65", callback_id="save_lesson")
    assert cell.sender.interaction(shortcut).status == 200
    return Watch(lambda: len(cell.ok("views.open")))


def _home(cell: Cell, _prepared: object) -> Watch:
    event = event_callback({"type": "app_home_opened", "user": "U061F7AUR", "channel": "D0HOME0001", "tab": "home",
                            "event_ts": f"{time.time():.6f}"})
    assert cell.sender.event(event).status == 200
    # the Home tab holds none of the user's work: published, or a warning (it is published at its next opening)
    return Watch(lambda: len(cell.ok("views.publish")),
                 lambda: bool(cell.ok("views.publish")) or any("could not publish the Home tab" in x for x in cell.said))


def _answered(cell: Cell) -> dict:
    """An answer in a channel, asked before the fault is set: the message a click is on."""
    event = app_mention(QUESTION, channel="C0LAN2Q65")
    assert cell.sender.event(event).status == 200
    posted = cell.double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)[0]
    cell.server.drain(30)
    return {"type": "message", "ts": posted.response["ts"], "text": posted["text"], "blocks": posted.blocks}


def _feedback(cell: Cell, message: dict) -> Watch:
    """Helpful clicked: the click is stored before its ack, then the message is marked (chat.update)."""
    value = next(e["value"] for b in message["blocks"] if b.get("block_id") == "feedback" for e in b.get("elements", []))
    click = block_actions("feedback_helpful", value, cell.double.response_url(), message=message)
    assert cell.sender.interaction(click).status == 200
    stored = lambda: bool(cell.server.rows("SELECT helpful FROM feedback"))  # noqa: E731
    thanked = lambda: [c for c in [*cell.ok("chat.postEphemeral"), *cell.ok("response_url")]  # noqa: E731
                       if "Thanks for the feedback" in json.dumps(c.params)]
    return Watch(lambda: len(cell.ok("chat.update")) + len(thanked()) if stored() else 0, kept=stored)


@dataclass(frozen=True)
class Scenario:
    call: str  # the Web API method failed (or "response_url")
    does: str  # what the user does that makes the call
    start: Callable[[Cell, object], Watch]
    prepare: Callable[[Cell], object] = lambda _cell: None  # done before the fault is set


SCENARIOS = [
    Scenario("chat.postMessage", "@peerbot QUESTION in a channel", _mention),
    Scenario("conversations.info", "@peerbot QUESTION in a channel (its kind looked up)", _mention),
    Scenario("conversations.replies", "@peerbot QUESTION, its post's answer lost", _mention, _post_lost),
    Scenario("users.lookupByEmail", "/peer QUESTION (a contact's Slack id looked up)", _peer),
    Scenario("response_url", "/peer QUESTION in a channel peerbot is not in", _peer, _not_in_channel),
    Scenario("chat.postEphemeral", "/enabler building trust", _enabler),
    Scenario("views.open", "Save as lesson (message shortcut)", _save_lesson),
    Scenario("views.publish", "the Home tab opened", _home),
    Scenario("chat.update", "Helpful clicked on an answer", _feedback, _answered),
]


def run_cell(settings, corpus, data_dir, scenario: Scenario, fault: str) -> Outcome:
    """One call failed one way; the outcome once the work is done, told, or waits in the inbox (or the window passed)."""
    logs = _Lines()
    root = logging.getLogger()
    root.addHandler(logs)
    level, root.level = root.level, min(root.level, logging.INFO)
    started = time.monotonic()
    try:
        with SlackDouble() as double, PeerbotServer(dataclasses.replace(settings, data_dir=data_dir), corpus,
                                                    double) as server:
            double.users_by_email[EMAIL] = "U0DIRECT1"
            cell = Cell(server, double)
            cell.said = logs.lines
            prepared = scenario.prepare(cell)
            FAULTS[fault](double, scenario.call)
            watch = scenario.start(cell, prepared)
            over = watch.over or (lambda: (watch.done() > 0 or cell.apologies() > 0) and not cell.pending())
            control = direct_message(CONTROL, channel=CONTROL_CHANNEL)
            assert cell.sender.event(control).status == 200
            deadline = time.monotonic() + WINDOW
            while not over() and time.monotonic() < deadline:
                time.sleep(0.05)
            answered = double.wait_for("chat.postMessage", channel=CONTROL_CHANNEL, timeout=WINDOW)[0]
            hung = [c for c in double.calls if c.method == scenario.call and c.status == 599]
            held = fault == "timeout" and bool(hung) and hung[0].answered_at is not None and (
                answered.answered_at is None or answered.answered_at > hung[0].answered_at)
            server.drain(30)
            home_warned = scenario.call == "views.publish" and not watch.done() and over()
            outcome = Outcome(watch.done(), cell.apologies() + home_warned, cell.pending(), not held, watch.kept(),
                              len([c for c in double.calls_to(scenario.call) if c.get("channel") != CONTROL_CHANNEL]))
    finally:
        root.removeHandler(logs)
        root.level = level
    outcome.tracebacks = logs.tracebacks
    outcome.seconds = time.monotonic() - started
    return outcome


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        self.lines.append(line)
        if record.exc_info:
            self.tracebacks.append(f"{line} ({record.exc_info[0].__name__})")
