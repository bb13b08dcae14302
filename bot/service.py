"""The one entry point chat adapters call: a neutral question in, an answer (logged) out.

Slack and Teams adapters turn platform payloads into `Question`, call `Peerbot`, and render
what comes back. No retrieval, SQL or ranking happens in an adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.answer import Answer
from bot.answering import Answerer
from bot.enablers.guide import EnablerGuide
from bot.state import StateStore


@dataclass(frozen=True)
class Question:
    """A question as every chat platform delivers it, normalised once by the adapter."""

    platform: str  # "slack" | "teams" | "cli"
    channel: str  # channel / conversation id (never a user's name)
    text: str
    thread_context: str = ""  # the thread's earlier question, for follow-ups


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
        """Answer (using the thread's earlier question as context) and log a redacted record."""
        answer = self.answerer.answer(question.text)
        if question.thread_context and (not answer.answered or len(question.text.split()) < 8):
            with_context = self.answerer.answer(f"{question.thread_context} {question.text}")
            if with_context.answered:
                answer = replace(with_context, question=answer.question)
        question_id = self.state.log_question(answer, question.platform, question.channel)
        return LoggedAnswer(answer, question_id)

    def feedback(self, question_id: str, helpful: bool, platform: str) -> bool:
        return self.state.record_feedback(question_id, helpful, platform)
