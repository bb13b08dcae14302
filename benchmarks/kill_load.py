"""The load of benchmarks/kill_under_load.py: senders delivering, as Slack and Teams do, mentions, DMs,
`/peer`, `/enabler`, thread follow-ups, feedback clicks, lessons saved from a message, and Teams
messages to a `peerbot serve` whose address changes as it is killed and started again; and the judge.

"Acknowledged", from the code: a Slack event, command or interaction answered HTTP 200 by
`/slack/events` (bot/slack/app.py admits an event, `/peer` and `/enabler` into the inbox, one committed
transaction, before Bolt's ack; a feedback click and a lesson form are stored before theirs), and a
Teams message answered 2xx by `/api/messages` (recorded in the inbox before the 202). Anything else
(a refused connection as the server is down, a 503) is sent again, as Slack and Teams do: with
`X-Slack-Retry-Num` for Slack events; a slash command or interaction, which Slack never sends
again, is given up (and not counted). An acknowledged event is also delivered again afterwards
(probability `redeliver`), as Slack does after a slow acknowledgement.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import uuid
from collections import Counter
from dataclasses import dataclass, field

from hostile_http import post
from slack_double import (
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    message_shortcut,
    new_ts,
    slash_command,
    view_submission,
)
from teams_doubles import ConnectorDouble, message

QUESTIONS = ["How did the trusts set up a shared staff bank?", "How can trusts build trust at board level?",
             "What did collaboratives learn about shared governance?", "How did others agree a shared purpose?"]
FOLLOW_UP = "Who led that work?"
LESSON = {"did": "We pooled theatre lists across three trusts.", "learned": "Agree the rules first.",
          "organisation": "Example Surgical Collaborative", "enablers": ["building-trust"], "contact": "",
          "contact_agreed": False, "contributor": "", "contributor_named": False}
ACTIONS = {"mention": 5, "dm": 2, "peer": 2, "enabler": 1, "follow_up": 2, "feedback": 2, "lesson": 1, "teams": 4}
GONE = ("CKLGONE01", "CKLNOTIN1")  # channels whose posts Slack refuses for good (channel_not_found, not_in_channel)


@dataclass
class Item:
    """One delivery: `key` identifies where its answer shows (a thread, a DM, a private reply, a Teams
    reply, a feedback row, a lesson title)."""

    kind: str
    key: str
    acked: bool = False
    tries: int = 0
    extra: dict = field(default_factory=dict)


class Load:
    def __init__(self, url: str, double: SlackDouble, connector: ConnectorDouble, redeliver: float = 0.3):
        self.url, self.double, self.connector, self.redeliver = url, double, connector, redeliver
        self.items: list[Item] = []
        self.redeliveries = 0
        self._lock = threading.Lock()
        self._n = iter(range(10**9))
        self.stop_at = 0.0

    def run(self, senders: int, until: float) -> list[threading.Thread]:
        self.stop_at = until
        threads = [threading.Thread(target=self._sender, args=(i,), daemon=True) for i in range(senders)]
        for t in threads:
            t.start()
        return threads

    def _sender(self, seed: int) -> None:
        rng = random.Random(seed)
        kinds, weights = zip(*ACTIONS.items(), strict=True)
        while time.monotonic() < self.stop_at:
            kind = rng.choices(kinds, weights)[0]
            try:
                getattr(self, f"_{kind}")(rng, next(self._n))
            except (OSError, urllib.error.URLError, TimeoutError):
                time.sleep(0.2)

    def _add(self, item: Item) -> Item:
        with self._lock:
            self.items.append(item)
        return item

    def _deliver_event(self, item: Item, body: dict, rng: random.Random) -> None:
        """POSTed until acknowledged (X-Slack-Retry-Num from the second), maybe redelivered after."""
        while not item.acked and time.monotonic() < self.stop_at + 60:
            try:
                status = SlackSender(f"{self.url}/slack/events").event(body, retry_num=item.tries or None).status
            except (OSError, urllib.error.URLError):
                status = 0
            item.tries += 1
            item.acked = status == 200
            if not item.acked:
                time.sleep(0.3)
        if item.acked and rng.random() < self.redeliver:
            try:
                SlackSender(f"{self.url}/slack/events").event(body, retry_num=item.tries)
                self.redeliveries += 1
            except (OSError, urllib.error.URLError):
                pass

    def _once(self, item: Item, send) -> None:
        """A command or interaction: Slack sends it once; 200 is acknowledged."""
        item.tries = 1
        try:
            item.acked = send(SlackSender(f"{self.url}/slack/events")).status == 200
        except (OSError, urllib.error.URLError):
            item.acked = False

    def _mention(self, rng: random.Random, n: int) -> None:
        channel = GONE[n % 2] if n % 23 == 0 else f"CKLM{n:06d}"
        body = app_mention(rng.choice(QUESTIONS), channel=channel, ts=new_ts())
        item = self._add(Item("mention", f"{channel}/{body['event']['ts']}", extra={"follow_ups": 0}))
        self._deliver_event(item, body, rng)

    def _dm(self, rng: random.Random, n: int) -> None:
        channel = f"DKL{n:06d}"
        self._deliver_event(self._add(Item("dm", channel)), direct_message(rng.choice(QUESTIONS), channel=channel), rng)

    def _peer(self, rng: random.Random, n: int, command: str = "/peer", text: str = "") -> None:
        channel, name = f"CKLP{n:06d}", f"kill-{n}"
        form = slash_command(command, text or rng.choice(QUESTIONS), self.double.response_url(name), channel=channel)
        self._once(self._add(Item(command.strip("/"), channel, extra={"response": name})), lambda s: s.command(form))

    def _enabler(self, rng: random.Random, n: int) -> None:
        self._peer(rng, n, "/enabler", rng.choice(["trust", "shared purpose", "governance"]))

    def _answered(self, rng: random.Random) -> tuple[Item, dict] | None:
        """An answered, acknowledged mention in a channel that is not gone, with its first answer."""
        with self._lock:
            mentions = [i for i in self.items if i.kind == "mention" and i.acked and not i.key.startswith(GONE)
                        and not i.extra.get("forgotten")]
        for item in rng.sample(mentions, min(5, len(mentions))):
            channel, ts = item.key.split("/")
            posts = [p for p in self.double.posted if p["channel"] == channel and p["thread_ts"] == ts]
            if posts:
                return item, posts[0]
        return None

    def _follow_up(self, rng: random.Random, n: int) -> None:
        found = self._answered(rng)
        if found is None:
            return self._mention(rng, n)
        root, _ = found
        channel, ts = root.key.split("/")
        item = self._add(Item("follow_up", root.key))
        self._deliver_event(item, app_mention(FOLLOW_UP, channel=channel, thread_ts=ts), rng)
        if item.acked:
            root.extra["follow_ups"] += 1

    def _feedback(self, rng: random.Random, n: int) -> None:
        found = self._answered(rng)
        if found is None:
            return self._dm(rng, n)
        root, answer = found
        value = next((e["value"] for b in answer["blocks"] if b.get("type") == "actions" for e in b["elements"]
                      if e.get("action_id") == "feedback_not_helpful"), None)
        if value is None:
            return None
        channel = root.key.split("/")[0]
        click = block_actions("feedback_not_helpful", value, self.double.response_url(), channel=channel,
                              message={"ts": answer["ts"], "text": answer["text"], "blocks": answer["blocks"]},
                              user=f"UKL{n:06d}")
        self._once(self._add(Item("feedback", value, extra={"user": f"UKL{n:06d}"})), lambda s: s.interaction(click))

    def _lesson(self, rng: random.Random, n: int) -> None:
        shortcut = message_shortcut("Pooling theatre lists worked once the rules were agreed.",
                                    self.double.response_url(), channel=f"CKLL{n:06d}", callback_id="save_lesson")
        try:
            if SlackSender(f"{self.url}/slack/events").interaction(shortcut).status != 200:
                return None
            opened = self.double.wait_for("views.open", timeout=15, trigger_id=shortcut["trigger_id"])[0]
        except (OSError, urllib.error.URLError, AssertionError, TimeoutError):
            return None
        view = opened["view"]
        view = json.loads(view) if isinstance(view, str) else view
        title = f"Theatre lists shared, lesson {n}"
        submit = view_submission(view, {**LESSON, "title": title}, user=f"UKLL{n:05d}")
        self._once(self._add(Item("lesson", title)), lambda s: s.interaction(submit))

    def _teams(self, rng: random.Random, n: int) -> None:
        activity_id = f"kl-{n}-{uuid.uuid4().hex[:6]}"
        body = json.dumps(message(self.connector.url, rng.choice(QUESTIONS), conversation=f"a:kl{n}",
                                  activity_id=activity_id)).encode()
        item = self._add(Item("teams", activity_id))
        while not item.acked and time.monotonic() < self.stop_at + 60:
            status = post(f"{self.url}/api/messages", body, {"Content-Type": "application/json"})
            item.tries += 1
            item.acked = 200 <= status < 300
            if not item.acked:
                time.sleep(0.3)


def answer_counts(load: Load, lessons: Counter, feedback: Counter) -> dict[str, Counter]:
    """For each acknowledged item, how many answers (or records) it has: posts in its thread or DM,
    private replies, Teams replies; `lessons` the lesson rows by title, `feedback` the rows by question
    (each click is another user's, so an answer has a row for each acknowledged click, and may have one
    for a click whose acknowledgement a kill cut off: 1 a click when it has no fewer rows than
    acknowledged clicks nor more than clicks sent, 0 when fewer, 2 when more)."""
    clicks = Counter(i.key for i in load.items if i.kind == "feedback" and i.acked)
    sent = Counter(i.key for i in load.items if i.kind == "feedback")
    posted = Counter((p["channel"], p["thread_ts"]) for p in load.double.posted if p["thread_ts"])
    in_dm = Counter(p["channel"] for p in load.double.posted if p["channel"].startswith("D"))
    private = Counter(c["channel"] for c in load.double.calls_to("chat.postEphemeral") if c.ok)
    shown = Counter(c.path.rsplit("/", 1)[-1] for c in load.double.calls_to("response_url") if c.ok)
    replies = Counter(p.reply_to or p.activity.get("replyToId") for p in load.connector.posts)
    counts: dict[str, Counter] = {}
    for item in load.items:
        if not item.acked or item.kind == "follow_up":
            continue
        if item.kind == "mention":
            n = posted[tuple(item.key.split("/"))] - item.extra["follow_ups"]
        elif item.kind == "dm":
            n = in_dm[item.key]
        elif item.kind in ("peer", "enabler"):
            n = private[item.key] + shown[item.extra["response"]]
        elif item.kind == "teams":
            n = replies[item.key]
        elif item.kind == "lesson":
            n = lessons[item.key]
        else:
            n = 0 if feedback[item.key] < clicks[item.key] else 2 if feedback[item.key] > sent[item.key] else 1
        counts.setdefault(item.kind, Counter())[n] += 1
    return counts
