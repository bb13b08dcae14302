"""The one entry point chat adapters call: a neutral question in, an answer (logged) out.

Slack and Teams adapters turn platform payloads into `Question`, call `Peerbot`, and render
what comes back. No retrieval, SQL or ranking happens in an adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.answer import Answer
from bot.answering import Answerer
from bot.enablers.guide import EnablerGuide
from bot.places import PRIVATE
from bot.state import StateStore

CHAT_FOLLOW_UP = timedelta(hours=1)  # in a chat without threads, a question this recent is the context
SHORT_QUESTION_WORDS = 8  # a follow-up shorter than this is always read with the earlier question


@dataclass(frozen=True)
class Question:
    """A question as every chat platform delivers it, normalised once by the adapter."""

    platform: str  # "slack" | "teams" | "cli"
    channel: str  # channel / conversation id (never a user's name)
    text: str
    place: str = PRIVATE  # bot.places; what the adapter cannot tell is private
    workspace: str = ""  # the Slack workspace or Teams team (a Teams chat: its tenant)
    thread: str = ""  # the thread (or chat) it was asked in, whose earlier question peerbot remembers
    chat: bool = False  # a chat without threads: the latest recent question is the context, not the first


@dataclass(frozen=True)
class LoggedAnswer:
    answer: Answer
    question_id: str  # the question-log id; feedback buttons carry it


class Peerbot:
    def __init__(self, answerer: Answerer, state: StateStore, guide: EnablerGuide | None = None):
        self.answerer = answerer
        self.state = state
        self.guide = guide or EnablerGuide(answerer)  # enablers: listing(), resolve(name), summarise(id)

    def ask(self, question: Question) -> LoggedAnswer:
        """Answer (reading a follow-up with its thread's earlier question, from peerbot's own
        records), log a redacted record, and remember the thread's question."""
        earlier = self._earlier_question(question)
        answer = self.answerer.answer(question.text)
        if earlier and (not answer.answered or len(question.text.split()) < SHORT_QUESTION_WORDS):
            with_context = self.answerer.answer(f"{earlier} {question.text}")
            if with_context.answered:
                answer = replace(with_context, question=answer.question)
        question_id = self.state.log_question(
            answer, question.platform, question.channel, place=question.place, workspace=question.workspace
        )
        if question.thread:
            self.state.remember_thread(
                question.platform, question.thread, question.text, channel=question.channel, place=question.place,
                workspace=question.workspace, latest=question.chat,
            )
        return LoggedAnswer(answer, question_id)

    def _earlier_question(self, question: Question) -> str:
        if not question.thread:
            return ""
        since = (datetime.now(UTC) - CHAT_FOLLOW_UP).isoformat(timespec="seconds") if question.chat else ""
        return self.state.thread_question(question.platform, question.thread, since)

    def feedback(self, question_id: str, helpful: bool, platform: str) -> bool:
        return self.state.record_feedback(question_id, helpful, platform)
