"""Hostile sweep 29's shared load and judges (see benchmarks/hostile_sweep29.py): Slack mentions and
Teams messages sent at once to a `peerbot serve`, Slack's retries of the unacknowledged, and the judge
that each acknowledged question was answered exactly once."""

from __future__ import annotations

import json
import time
import urllib.error
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from hostile_http import post
from slack_double import SlackDouble, SlackSender, app_mention
from teams_doubles import ConnectorDouble, message

QUESTION = "How did the trusts set up a shared staff bank?"


@dataclass
class Load:
    """Questions sent to one server's surfaces: Slack mentions on their own channels, Teams messages
    with their own ids; the HTTP status each got (below 0: no answer at all)."""

    tag: str
    slack: dict[str, dict] = field(default_factory=dict)  # channel -> {"body", "status"}
    teams: dict[str, dict] = field(default_factory=dict)  # activity id -> {"body", "status"}

    def send(self, url: str, connector: ConnectorDouble | None, slack: int, teams: int, jobs: int = 8) -> None:
        """`slack` mentions and `teams` messages at once to the server at `url`."""
        items = [("slack", i) for i in range(slack)] + [("teams", i) for i in range(teams)]
        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(lambda item: self._one(url, connector, *item), items))

    def _one(self, url: str, connector: ConnectorDouble | None, surface: str, i: int) -> None:
        if surface == "slack":
            channel = f"C{self.tag}S{i:02d}{uuid.uuid4().hex[:4].upper()}"
            body = app_mention(f"{QUESTION} {self.tag} {i}", channel=channel)
            self.slack[channel] = {"body": body, "status": slack_event(url, body)}
        else:
            activity_id = f"{self.tag}-{i}-{uuid.uuid4().hex[:6]}"
            body = message(connector.url, f"{QUESTION} {self.tag} {i}", conversation=f"a:{activity_id}",
                           activity_id=activity_id)
            status = post(f"{url}/api/messages", json.dumps(body).encode(), {"Content-Type": "application/json"})
            self.teams[activity_id] = {"body": body, "status": status}

    def retry_slack(self, url: str) -> None:
        """As Slack does: each mention not acknowledged with a 2xx is sent again (retry 1, 2, 3)."""
        for item in self.slack.values():
            tries = 0
            while not 200 <= item["status"] < 300 and tries < 3:
                tries += 1
                item["status"] = slack_event(url, item["body"], tries)

    def problems(self, double: SlackDouble, connector: ConnectorDouble | None, window: float = 120,
                 allowed: tuple[int, ...] = (503,), slack_may_repeat: int = 0, teams_may_repeat: int = 0,
                 kills: int = 0) -> list[str]:
        """Each acknowledged question answered exactly once (waiting up to `window` s); no status of
        5xx other than `allowed`; no Slack question left unacknowledged after its retries. Up to
        `slack_may_repeat` Slack and `teams_may_repeat` Teams replies may come again (those pending
        in the inbox when a server was killed), once for each of the `kills`."""
        deadline = time.monotonic() + window
        while time.monotonic() < deadline and (self._slack_counts(double).count(0) or self._teams_lost(connector)):
            time.sleep(1)
        found = []
        statuses = [i["status"] for i in [*self.slack.values(), *self.teams.values()]]
        bad = [s for s in statuses if s >= 500 and s not in allowed]
        if bad:
            found.append(f"HTTP {sorted(set(bad))} to {len(bad)} questions")
        refused = [c for c, i in self.slack.items() if not 200 <= i["status"] < 300]
        if refused:
            found.append(f"{len(refused)} Slack mentions never acknowledged after 3 retries")
        counts = self._slack_counts(double)
        wrong = [n for n in counts if n != 1]
        if wrong:
            print(f"  Slack: answered {wrong} times ({slack_may_repeat} pending at a kill)", flush=True)
        if [n for n in counts if n == 0 or n > 1 + kills] or len(wrong) > slack_may_repeat:
            found.append(f"Slack: {len(wrong)} of {len(counts)} acknowledged mentions not answered once ({wrong})")
        if connector is not None:
            replies = Counter(p.reply_to or p.activity.get("replyToId") for p in connector.posts)
            acknowledged = [a for a, i in self.teams.items() if 200 <= i["status"] < 300]
            lost = [a for a in acknowledged if replies[a] == 0]
            twice = [a for a in acknowledged if replies[a] > 1]
            too_many = [a for a in acknowledged if replies[a] > 1 + kills]
            if twice:
                print(f"  Teams: {len(twice)} answered more than once ({teams_may_repeat} pending at a kill)", flush=True)
            if lost or too_many or len(twice) > teams_may_repeat:
                found.append(f"Teams: of {len(acknowledged)} acknowledged, {len(lost)} never answered, "
                             f"{len(twice)} answered more than once")
        return found

    def _slack_counts(self, double: SlackDouble) -> list[int]:
        return [len([c for c in double.calls_to("chat.postMessage", channel=channel,
                                                thread_ts=item["body"]["event"]["ts"]) if c.ok])
                for channel, item in self.slack.items() if 200 <= item["status"] < 300]

    def _teams_lost(self, connector: ConnectorDouble | None) -> bool:
        if connector is None:
            return False
        replied = {p.reply_to or p.activity.get("replyToId") for p in connector.posts}
        return any(a not in replied for a, i in self.teams.items() if 200 <= i["status"] < 300)


def slack_event(url: str, body: dict, retry: int | None = None) -> int:
    """A signed Slack event to `url`: its status, -1 when refused or reset, -2 when no answer came."""
    try:
        return SlackSender(f"{url}/slack/events").event(body, retry_num=retry).status
    except (OSError, urllib.error.URLError) as e:
        return -2 if "timed out" in str(e) else -1
