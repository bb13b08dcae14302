"""`Peerbot`: the one entry point of the chat adapters (bot/slack, bot/teams).

An adapter turns a platform payload into a neutral `Question` (bot/question.py), calls
`Peerbot`, and renders what comes back (bot/answer.py, bot/summary.py); it imports nothing else
of the core and nothing of the index. No retrieval, SQL or ranking happens in an adapter.

The methods are plain (synchronous) calls that do CPU or database work: an asyncio adapter runs
them in a worker thread (`asyncio.to_thread`). The durable inbox's (`accept`, `run`, `start`,
`stop`) are coroutines of the serving process's event loop: `peerbot serve` is asyncio throughout.

A running peerbot takes up a newer index without a pause (bot/live.py): `refresh()` rebuilds it
in the background and swaps it in; `reload()` swaps in one another process built (`peerbot serve`
checks for one on a short timer). Each call answers from one generation from start to end.

Its calls for lessons from chat, on the durable inbox and for taking up a newer index live in
bot/facade_lessons.py, bot/facade_inbox.py and bot/facade_following.py, which `Peerbot` composes:
adapters still import only this module.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answer import Contact, Identity, LoggedAnswer
from bot.delivery import HELD, Worker
from bot.delivery_failures import DeliveryFailed, HeldElsewhere, NotRecorded, not_recorded
from bot.facade_following import FollowingIndex, NotReady
from bot.facade_inbox import DurableInbox
from bot.facade_lessons import LessonsFromChat
from bot.lessons.desk import LessonDesk
from bot.lessons.model import Notice
from bot.question import Question
from bot.records import StoredConversation, stamp
from bot.redact import redact
from bot.retry_policy import RetryPolicy, retry_after_seconds
from bot.settings import Settings
from bot.state import Cutoff, Inbox, InboxItem, LessonRecords, StateStore, log_failure, unavailable, unavailable_line
from bot.summary import CorpusSize, EnablerListing, EnablerSummary, Resolution
from bot.thread_answer import answer_alone, answer_in_thread
from index import PeerbotError

if TYPE_CHECKING:  # the answering stack (numpy, FAISS) is imported by `load`, after the port is open
    from bot.corpus import Corpus, CorpusLoader
    from bot.live import LiveCorpus

log = logging.getLogger(__name__)

__all__ = ["HELD", "Cutoff", "DeliveryFailed", "HeldElsewhere", "InboxItem", "NotReady", "NotRecorded", "Peerbot",
           "PeerbotError", "RetryPolicy", "log_failure", "not_recorded", "retry_after_seconds", "unavailable",
           "unavailable_line"]

CHAT_FOLLOW_UP = timedelta(hours=1)  # in a chat without threads, a question this recent is the context


class Peerbot(LessonsFromChat, DurableInbox, FollowingIndex):
    """Built once per process around peerbot's records and the corpus (`retry`: the inbox's policy;
    `loader`: how to build and open a newer index, for `refresh` and `reload`).

    `peerbot serve` builds it without the corpus, so the chat surfaces can be mounted and the port
    opened at once: what arrives is recorded in the inbox and answered once `load` and `start`
    have run (`ready`). The other commands pass the corpus.

    With `settings`, lessons from chat are on: written into its knowledge folder, decided by its
    curators, and each approved lesson's file handed to `refresh` (by default the background
    rebuild and swap of `refresh()`; see `lesson_approved`)."""

    def __init__(self, corpus: Corpus | None, state: StateStore, retry: RetryPolicy | None = None,
                 loader: CorpusLoader | None = None, *, settings: Settings | None = None,
                 refresh: Callable[[Path], None] | None = None):
        self._state = state
        self._lessons = LessonRecords(state)
        self._desk = LessonDesk(
            self._lessons, settings.knowledge_dir, settings.curator_ids, self._enabler_ids
        ) if settings else None
        self.review_channel = settings.review_channel if settings else ""
        self._refresh = refresh
        self._notifiers: dict[str, Callable[[Notice], Awaitable[bool]]] = {}
        self._worker = Worker(Inbox(state), retry)
        self._loader = loader
        self._live_corpus: LiveCorpus | None = None
        if corpus is not None:
            self.load(corpus)

    def load(self, corpus: Corpus, loader: CorpusLoader | None = None) -> None:
        """Build answering around the loaded corpus (CPU work: a worker thread in a server);
        `loader` replaces the one given at construction."""
        from bot.live import LiveCorpus

        self._loader = loader or self._loader
        self._live_corpus = LiveCorpus(corpus, self._loader)

    @property
    def ready(self) -> bool:
        """The corpus is loaded and the inbox is being answered."""
        return self._live_corpus is not None and self._worker.started

    # --- questions ------------------------------------------------------------------------

    def ask(self, question: Question, *, delivery: str = "") -> LoggedAnswer:
        """Answer (reading a follow-up with its thread's earlier question, from peerbot's own
        records; in a chat, only one that refers back: bot/thread_answer.py), log a redacted record, and
        remember the thread's question. `delivery`, the inbox key of the event that brought it,
        makes the record once per delivery: answered again after a restart, it is not logged twice."""
        earlier = self._earlier_question(question)
        with self._live.use() as served:
            answer, topic = answer_in_thread(served.answerer, question.text, earlier, question.chat)
        question_id = self._state.log_question(  # one transaction, shared with other questions' writes
            answer, question.platform, question.channel, place=question.place, workspace=question.workspace,
            thread="" if answer.asked_nothing else question.thread,  # "thanks!", "what's peerbot?": no thread's subject
            asked=topic, latest=question.chat, delivery=delivery,
            follow_up=topic != answer.question,  # read with the thread's question: the digest counts it with that one
        )
        return LoggedAnswer(answer, question_id, redact(answer.question))

    def _earlier_question(self, question: Question) -> str:
        if not question.thread:
            return ""
        since = stamp(datetime.now(UTC) - CHAT_FOLLOW_UP) if question.chat else ""
        return self._state.thread_question(question.platform, question.thread, since)

    def reshare(self, question_id: str, text: str) -> LoggedAnswer:
        """"Share in channel": the answer to an earlier question (its redacted text) again, for
        everyone; not logged again, its feedback buttons still count for the first."""
        with self._live.use() as served:
            answer = answer_alone(served.answerer, text)
        return LoggedAnswer(answer, question_id, redact(answer.question))

    def feedback(self, question_id: str, helpful: bool, platform: str, cutoff: Cutoff | None = None,
                 delivery: str = "", user: str = "") -> bool:
        """Store a Helpful / Not helpful click; False when the question is unknown (or expired), or
        when `cutoff` says the caller stopped waiting first (then nothing is stored). `delivery`: the
        click's delivery key, marked seen with the click itself; a redelivery is True, stored once.
        `user`, who clicked, has one vote per answer: their latest."""
        return self._state.record_feedback(question_id, helpful, platform, cutoff, delivery, user)

    def claim(self, *delivery_keys: str) -> bool:
        """True the first time any of these deliveries is seen: a redelivery is handled once."""
        return self._state.claim_event(*delivery_keys)

    def seen(self, delivery_key: str) -> bool:
        """Whether this delivery was claimed before, for a post that claims it only once it is made."""
        return self._state.event_seen(delivery_key)

    # --- enablers, contacts and the corpus ------------------------------------------------

    def enablers(self) -> list[EnablerListing]:
        with self._live.use() as served:
            return served.guide.listing()

    def resolve_enabler(self, name: str) -> Resolution:
        """A typed name (an id, name or synonym, the start of one, or a close misspelling)."""
        with self._live.use() as served:
            return served.guide.resolve(name)

    def enabler_summary(self, enabler_id: str) -> EnablerSummary:
        with self._live.use() as served:
            return served.guide.summarise(enabler_id)

    def warm(self) -> None:
        """Summarise every enabler and build the question path's tables now, so no user waits for them (servers
        call it at start; a generation swapped in later is warmed before it serves)."""
        with self._live.use() as served:
            served.warm()

    def identify(self, contact: Contact) -> Identity | None:
        """How a suggested contact may be mentioned (their Slack member id or email, their Teams
        user principal name); None when they may not be, or are not known to any platform."""
        with self._live.use() as served:
            return served.identify(contact)

    def corpus_size(self) -> CorpusSize:
        with self._live.use() as served:
            return CorpusSize(len(served.corpus.index.documents), len(served.corpus.index.passages))

    def close(self) -> None:
        """Let a refresh in progress finish (servers call it when they stop)."""
        if self._live_corpus is not None:
            self._live_corpus.close()

    # --- lessons from chat (the rest: bot/facade_lessons.py) -----------------------------------

    def lesson_approved(self, document: Path) -> None:
        """After an approved lesson is written into the knowledge folder: the `refresh` given at
        construction, else (a server with its index loaded) the background rebuild and swap, so
        the lesson is answered from without a restart; else (a command) it is answered from after
        the next `peerbot index`."""
        if self._refresh is not None:
            self._refresh(document)
        elif self._live_corpus is not None and self._loader is not None:
            self.refresh()
            log.info("lessons: wrote %s; rebuilding the index in the background", document.name)
        else:
            log.info("lessons: wrote %s; it is answered from after the index is rebuilt", document.name)

    def _enabler_ids(self) -> set[str]:
        with self._live.use() as served:
            return {e.id for e in served.corpus.enablers}

    # --- conversations peerbot was added to (Teams) ---------------------------------------

    def save_conversation(self, conversation_id: str, platform: str, reference: dict, workspace: str = "") -> None:
        self._state.save_conversation(conversation_id, platform, reference, workspace)

    def remove_conversation(self, conversation_id: str) -> bool:
        return self._state.remove_conversation(conversation_id)

    def conversations(self, platform: str, *, digest_only: bool = False) -> list[StoredConversation]:
        return self._state.conversations(platform, digest_only=digest_only)

    # --- the durable inbox (the rest: bot/facade_inbox.py) ----------------------------------

    async def start(self) -> None:
        """Once loaded: answer what was accepted while loading, resume what a crash or a stop left,
        and keep retrying what is due (while serving)."""
        if self._live_corpus is None:
            raise NotReady("peerbot cannot start answering before the corpus is loaded")
        await self._worker.start()
