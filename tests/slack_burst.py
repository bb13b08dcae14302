"""Many concurrent senders delivering Slack events as Slack does, for the crash test and the soak
benchmark: each event is POSTed until it is acknowledged (a delivery that fails or is refused is
retried with `X-Slack-Retry-Num`), and the target URL can change while they run (a restart).
Afterwards `tally` compares what was acknowledged with what the Slack double received."""

from __future__ import annotations

import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_double import SlackDouble, SlackSender, app_mention, new_ts


@dataclass
class Delivery:
    event: dict
    acked_at: float | None = None
    sent_at: float = 0.0
    ack_seconds: float = 0.0
    tries: int = 0

    @property
    def thread(self) -> str:
        return self.event["event"]["ts"]


@dataclass
class Tally:
    events: int
    acked: int
    retries: int  # deliveries beyond each event's first
    unanswered: list[str]  # acknowledged, never answered
    duplicates: list[str]  # answered more than once
    ack_seconds: list[float] = field(default_factory=list)
    post_seconds: list[float] = field(default_factory=list)  # first sent -> answer received


class Burst:
    def __init__(self, url: str, texts: list[str], senders: int, retry_pause: float = 0.2):
        self.url = url
        self.senders = senders
        self.retry_pause = retry_pause
        self.deliveries = [Delivery(app_mention(text, channel=f"CBURST{i % senders:04d}", ts=new_ts()))
                           for i, text in enumerate(texts)]
        self._lock = threading.Lock()

    def acked(self) -> int:
        with self._lock:
            return sum(1 for d in self.deliveries if d.acked_at is not None)

    def retarget(self, url: str) -> None:
        """Send from now on to `url` (the restarted server)."""
        self.url = url

    def run(self, deadline: float) -> None:
        """Deliver every event (each sender its share, one after another) until all are acknowledged."""
        with ThreadPoolExecutor(self.senders) as pool:
            list(pool.map(lambda i: self._send_share(self.deliveries[i::self.senders], deadline), range(self.senders)))

    def _send_share(self, share: list[Delivery], deadline: float) -> None:
        for delivery in share:
            while delivery.acked_at is None and time.monotonic() < deadline:
                started = time.perf_counter()
                delivery.sent_at = delivery.sent_at or started
                retry = delivery.tries or None
                delivery.tries += 1
                try:
                    status = SlackSender(self.url).event(delivery.event, retry_num=retry).status
                except (OSError, urllib.error.URLError):
                    status = 0  # refused or reset: the server is down
                if status == 200:
                    with self._lock:
                        delivery.acked_at = time.perf_counter()
                        delivery.ack_seconds = delivery.acked_at - started
                else:
                    time.sleep(self.retry_pause)

    def tally(self, double: SlackDouble) -> Tally:
        return tally(self.deliveries, double)

    def wait_answered(self, double: SlackDouble, timeout: float) -> Tally:
        """The tally once every acknowledged event has an answer (or `timeout` has passed)."""
        deadline = time.monotonic() + timeout
        while True:
            tally = self.tally(double)
            if not tally.unanswered or time.monotonic() > deadline:
                return tally
            time.sleep(0.2)


def tally(deliveries: list[Delivery], double: SlackDouble) -> Tally:
    """What was acknowledged against what the double received, in one pass over its calls."""
    answers: dict[str, list] = {}
    for call in double.calls_to("chat.postMessage"):
        if call.ok and call.get("thread_ts"):
            answers.setdefault(call["thread_ts"], []).append(call)
    acked = [d for d in deliveries if d.acked_at is not None]
    mine = {d.thread for d in deliveries}
    return Tally(
        events=len(deliveries), acked=len(acked),
        retries=sum(d.tries - 1 for d in deliveries),
        unanswered=[d.thread for d in acked if d.thread not in answers],
        duplicates=[t for t, calls in answers.items() if len(calls) > 1 and t in mine],
        ack_seconds=[d.ack_seconds for d in acked],
        post_seconds=[answers[d.thread][0].at - d.sent_at for d in acked if d.thread in answers],
    )
