"""Answering what the inbox holds, in `peerbot serve`: at least once, and posted at most once.

Each chat adapter registers, per kind of item, how to deliver its answer and how to apologise.
An accepted item is delivered at once, with the request that brought it (in that request, or in a
task of its own once the request is acknowledged: `run_soon`); a failed post is retried
with backoff (by whichever worker is free when it is due); after the last try the asker gets
one apology, itself retried. On start, and every second while serving, the worker takes what is
due: work left by a crash, a stopped process, a retry, or what was accepted before it started
(while `peerbot serve` was still loading the model and index). Its leases are renewed while it lives.

A post is fenced by the lease: just before it posts, an adapter calls `Worker.posting`, which
checks in the inbox that this worker still holds the item (else another has taken it over, and
nothing is posted) and extends the lease past the post's own time limit. From then on the post is
not cut short by the attempt's limit (a post cut short may have gone out all the same, and a
reply that cannot be looked for would be posted twice), and no other worker takes the item over
while the post may be in flight, even if this one stalls and misses its renewals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine

from bot.delivery_failures import DeliveryFailed, HeldElsewhere, NotRecorded, Superseded
from bot.retry_policy import RetryPolicy
from bot.state import DATABASE_ERROR, Withdrawn, unavailable, unavailable_line
from bot.state.inbox import ANSWER, ANSWERED, APOLOGISED, APOLOGY, FAILED, Inbox, InboxItem

log = logging.getLogger(__name__)


def _recorded(error: Exception) -> Exception:
    """`error` from writing to the inbox: NotRecorded when the database is unavailable, else itself (a bug)."""
    return NotRecorded(unavailable_line(error)) if unavailable(error) else error


HELD, POSTED = "held", "posted"  # `Worker.hold`: this worker may post it; it is posted already

Deliver = Callable[[InboxItem, object], Awaitable[None]]  # (item, the live request or None)
Apologise = Callable[[InboxItem], Awaitable[None]]


class Worker:
    def __init__(self, inbox: Inbox, policy: RetryPolicy | None = None):
        self.inbox = inbox
        self.policy = policy or RetryPolicy()
        self._routes: dict[str, tuple[Deliver, Apologise]] = {}
        self._running: dict[str, asyncio.Task] = {}
        self._posting: dict[str, float] = {}  # key -> when its post in flight has failed (loop time)
        self._holding: set[str] = set()  # one-off posts (`hold`) being made: kept at `stop` until they end
        self._tasks: set[asyncio.Task] = set()  # items answered in a task of their own (a strong reference each)
        self._loops: list[asyncio.Task] = []
        self._outage = False  # the database was unavailable at the last try (said once, until it answers)
        self.started = False  # answering: until then accepted items wait in the inbox
        self._stopping = False  # from `stop` on, nothing new is begun: its post could be cut short by the exit

    def route(self, kind: str, deliver: Deliver, apologise: Apologise) -> None:
        self._routes[kind] = (deliver, apologise)

    # -- the request path -----------------------------------------------------------------------

    async def accept(self, key: str, kind: str, payload: dict, text: str) -> InboxItem | None:
        """Write the delivery to the inbox before the acknowledgement (group-committed with the other
        writes waiting, on the store's own thread: never behind answers); the item to answer now, or
        None when it is answered already, being answered, or (before `start`) left in the inbox
        unleased for whichever worker is answering to take. The key is kept as its keyed hash: it
        embeds a conversation id, a DM's among them."""
        hashed = self.inbox.state.pseudonym(key)
        lease = self.policy.lease_seconds if self.started else 0  # 0: recorded unleased, answered once started
        try:
            return await asyncio.wrap_future(self.inbox.accepting(hashed, kind, payload, text, lease))
        except DATABASE_ERROR as e:
            raise _recorded(e) from None

    async def hold(self, key: str, kind: str) -> str:
        """Lease a post made once in the request that asks for it, not answered from the inbox (a
        Teams welcome; `kind` has no route, so the poll never takes it): HELD when this worker may
        post it (new, or left unfinished by a worker that stopped, or died and whose lease ran out),
        POSTED when it is posted already; HeldElsewhere while another worker holds it."""
        hashed = self.inbox.state.pseudonym(key)
        try:
            item = await asyncio.wrap_future(self.inbox.accepting(
                hashed, kind, {}, "", self.policy.post_seconds + self.policy.lease_seconds))
            if item is not None:
                self._holding.add(hashed)
                return HELD
            if await asyncio.to_thread(self.inbox.pending, hashed):
                raise HeldElsewhere(f"another worker is posting {kind}")
        except DATABASE_ERROR as e:
            raise _recorded(e) from None
        return POSTED

    def posted(self, key: str, kind: str, done: bool) -> None:
        """After `hold`: the post went out, or failed for good (`done`: not tried again); else (the
        process is stopping mid-post) it is given back, for the redelivery to post at once."""
        hashed = self.inbox.state.pseudonym(key)
        self._holding.discard(hashed)
        if done:
            self.inbox.finish(hashed, ANSWERED)
        else:
            self.inbox.retry_later(InboxItem(hashed, kind, {}), 0, "stopped while posting")

    async def run(self, item: InboxItem, live: object = None) -> None:
        """Deliver `item` (this worker holds its lease) and record the outcome."""
        if item.key in self._running or self._stopping:
            return  # stopping: an item accepted meanwhile waits in the inbox (handed back below) for the next start
        self._running[item.key] = _this_task()
        try:
            await self._attempt(item, live)
        except DATABASE_ERROR as e:
            if not unavailable(e):
                log.exception("inbox: could not record the outcome of %s %s", item.kind, item.key)
                return
            # the item stays as it was: taken again when its lease ends, the database back
            log.warning("inbox: the records database became unavailable while answering %s %s (%s); it is "
                        "answered once the database is back", item.kind, item.key, unavailable_line(e))
        finally:
            self._running.pop(item.key, None)

    def run_soon(self, item: InboxItem, live: object = None) -> None:
        """`run` in a task of its own, so that the request that brought the item is acknowledged
        meanwhile; `stop` and `drain` wait for it as for any item being answered."""
        self._spawn(self.run(item, live))

    async def posting(self, item: InboxItem) -> float:
        """Called by an adapter just before it posts `item`'s reply (or apology): Superseded when
        another worker has taken the item over; else the post may take up to `post_seconds` (the
        value returned), and the lease lasts until then (and a lease more) whatever happens to the
        renewals."""
        policy = self.policy
        if not await asyncio.wrap_future(self.inbox.claiming(item.key, policy.post_seconds + policy.lease_seconds)):
            raise Superseded(item.key)
        self._posting[item.key] = asyncio.get_running_loop().time() + policy.post_seconds
        return policy.post_seconds

    def last_try(self, item: InboxItem) -> bool:
        return item.attempts + 1 >= self.policy.tries

    # -- life cycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Poll for due work (first resuming what a crash or a stop left, and what was accepted before
        this) and renew leases until `stop`. The records database may be unavailable as it starts:
        the first poll it answers does the resuming, and the server keeps serving meanwhile."""
        self.started = True
        self._loops = [asyncio.create_task(self._poll()), asyncio.create_task(self._renew())]

    async def stop(self) -> None:
        """Let answers in progress finish (for a while), then hand back the leases for the next start.
        What requests still in progress accept from now on is recorded for the next start, not begun:
        the exit would cut its post short, and a post whose answer is lost is posted again."""
        self.started, self._stopping = False, True
        for loop in self._loops:
            loop.cancel()
        running = list(self._running.values()) + list(self._tasks)
        if running:
            done, pending = await asyncio.wait(running, timeout=self.policy.drain_seconds)
            if pending:
                log.warning("inbox: stopped with %d answers in progress; the next start resumes them", len(pending))
        released = await asyncio.to_thread(self.inbox.release, [*self._posting, *self._holding])
        if released:
            log.info("inbox: handed back %d unanswered items for the next start", released)

    async def drain(self, timeout: float) -> bool:
        """Wait (up to `timeout` seconds) until nothing is being answered; True when idle."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._running or self._tasks:
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    async def _poll(self) -> None:
        resumed = False  # the leases of this host's dead workers freed, old finished items forgotten
        while True:
            try:
                if not resumed:
                    await asyncio.to_thread(self.inbox.release_dead)
                    await asyncio.to_thread(self.inbox.prune, self.policy.keep_days)
                    resumed = True
                items = await asyncio.to_thread(
                    self.inbox.due, list(self._routes), 20, self.policy.lease_seconds)
                for item in items:
                    self._spawn(self.run(item))
                self._answering_again()
            except Exception as e:  # a database stopped or locked, or damaged: keep serving, try again
                self._unavailable(e) if unavailable(e) else log.exception("inbox: could not read pending work")
            await asyncio.sleep(self.policy.poll_seconds)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.policy.lease_seconds / 3)
            try:  # only what is being answered: an item held by mistake is taken again when its lease ends
                await asyncio.wrap_future(self.inbox.renewing(list(self._running), self.policy.lease_seconds))
            except Exception as e:
                self._unavailable(e) if unavailable(e) else log.exception("inbox: could not renew leases")

    def _spawn(self, answering: Coroutine[object, object, None]) -> None:
        task = asyncio.create_task(answering)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _unavailable(self, error: BaseException) -> None:
        if not self._outage:
            log.warning("inbox: the records database is unavailable (%s); trying again every %gs",
                        unavailable_line(error), self.policy.poll_seconds)
        self._outage = True

    def _answering_again(self) -> None:
        if self._outage:
            log.warning("inbox: the records database answers again")
        self._outage = False

    # -- one item -------------------------------------------------------------------------------

    async def _attempt(self, item: InboxItem, live: object) -> None:
        route = self._routes.get(item.kind)
        if route is None:
            await asyncio.to_thread(self.inbox.finish, item.key, FAILED, f"no handler for {item.kind}")
            return
        deliver, apologise = route
        while True:
            try:
                work = deliver(item, live) if item.phase == ANSWER else apologise(item)
                await self._within_limits(item.key, work)
            except (Superseded, Withdrawn) as e:
                log.warning("inbox: %s; nothing is posted", e)
                return
            except (DeliveryFailed, TimeoutError, asyncio.CancelledError) as e:
                if isinstance(e, asyncio.CancelledError) and _this_task().cancelling():
                    raise  # this worker is stopping: the item is handed back
                failure = e if isinstance(e, DeliveryFailed) else DeliveryFailed(
                    "took too long" if isinstance(e, TimeoutError) else "cancelled")
                if failure.retry and not self.last_try(item):
                    delay = max(self.policy.delays[item.attempts], failure.after)  # a Retry-After honoured
                    log.warning("inbox: could not post the %s to %s %s (%s); trying again in %gs (try %d of %d)",
                                item.phase, item.kind, item.key, failure, delay, item.attempts + 2, self.policy.tries)
                    await asyncio.to_thread(self.inbox.retry_later, item, delay, str(failure))
                    return
                if not failure.apologise and item.phase == ANSWER:  # it could not get there either
                    log.warning("inbox: gave up posting the answer to %s %s (%s); no apology, as it could not be "
                                "posted there either", item.kind, item.key, failure)
                    await asyncio.to_thread(self.inbox.finish, item.key, FAILED, str(failure))
                    return
                log.warning("inbox: gave up posting the %s to %s %s (%s)", item.phase, item.kind, item.key, failure)
                reason = str(failure)
            except Exception as e:  # a bug, or the index broke: logged in full, the asker gets an apology
                if unavailable(e):
                    raise  # not the answer's failure: `run` leaves the item for when the database is back
                log.exception("inbox: failed to answer %s %s", item.kind, item.key)
                reason = type(e).__name__
            else:
                await asyncio.wrap_future(self.inbox.finishing(item.key, ANSWERED if item.phase == ANSWER else APOLOGISED))
                return
            if item.phase == APOLOGY:
                await asyncio.to_thread(self.inbox.finish, item.key, FAILED, reason)
                return
            item = item.apologising()

    async def _within_limits(self, key: str, work: Awaitable[None]) -> None:
        """Await `work` for up to `attempt_seconds` or, once its post has begun, until the post's own
        limit; TimeoutError (and `work` cancelled) past that."""
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(work)
        deadline = loop.time() + self.policy.attempt_seconds
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=max(0.0, deadline - loop.time()))
                if not task.done():
                    posting = self._posting.get(key, 0.0)
                    if posting <= deadline:
                        raise TimeoutError
                    deadline = posting
            task.result()
        finally:
            self._posting.pop(key, None)
            if not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task


def _this_task() -> asyncio.Task:
    """The task running this coroutine (there always is one inside a coroutine)."""
    task = asyncio.current_task()
    if task is None:
        raise RuntimeError("not inside a task")
    return task
