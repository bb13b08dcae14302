"""What peerbot says to a Teams message (on a worker thread): an answer as an Adaptive Card (or text
when a card has nothing to add), and the replies to `help`, `enablers`, `enabler NAME` and `lesson`;
and the card message every Teams post (answers, summaries, the digest, lessons) is sent as."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.hosting.core import MessageFactory

from bot import messages as shared
from bot.answer import Contact, Identity
from bot.plaintext.answers import render_answer
from bot.question import DM, Question
from bot.service import Peerbot
from bot.teams import cards, messages, payloads
from bot.teams.lessons import TeamsLessons

SUMMARY_LIMIT = 200  # characters of a card message's summary, the preview notifications show


class Replies:
    """Composes the reply to each message from peerbot's answers and summaries."""

    def __init__(self, peerbot: Peerbot, lessons: TeamsLessons):
        self.peerbot = peerbot
        self.lessons = lessons

    def reply(self, incoming: payloads.Incoming, delivery: str = "") -> tuple[Activity, str]:
        """The reply to a message (a card, or text when a card has nothing to add), and the notice for
        its asker alone: in a channel or group chat, that the question had details that could
        identify someone (in a personal chat that notice heads the reply). `delivery`: the inbox key
        it came with, so that answering it again logs the question once."""
        if incoming.kind != "question":
            return self._command(incoming), ""
        if not incoming.text:
            return MessageFactory.text(shared.help_reply()), ""
        logged = self.peerbot.ask(Question(
            payloads.PLATFORM, incoming.conversation_id, incoming.text, incoming.place, incoming.workspace,
            incoming.thread, incoming.chat,
        ), delivery=delivery)
        notice = shared.details_removed(logged.redacted_question, posted=True)
        private, notice = (notice, "") if incoming.place != DM else ("", notice)
        if logged.answer.asked_nothing:  # "thanks", "hi": what peerbot does, as text (no card, nothing to rate)
            text = "\n\n".join(part for part in (notice, shared.decline(logged.answer)) if part)
            return MessageFactory.text(text), private
        fallback = "\n\n".join(part for part in (notice, render_answer(logged.answer)) if part)
        card = cards.answer_card(logged.answer, logged.question_id, self.upns(logged.answer.contacts, incoming.place), fallback,
                                 watch=incoming.place == DM, notice=notice)
        if not cards.fits(card):
            return MessageFactory.text(f"{messages.too_long_for_a_card()}\n\n{fallback}"), private
        answer = logged.answer
        lead = (answer.lead or shared.answer_lead(len(answer.snippets), len(answer.document_ids))) if answer.answered \
            else shared.decline(answer)
        return card_message(card, lead), private

    def _command(self, incoming: payloads.Incoming) -> Activity:
        """`help`, `enablers` and `enabler NAME`, as Slack's slash commands."""
        if incoming.kind == "help":
            return MessageFactory.text(messages.usage())
        if incoming.kind == "lesson":
            return self.lessons.form(incoming.text)
        if incoming.kind == "enablers":
            listings = self.peerbot.enablers()
            if not listings:
                return MessageFactory.text(shared.NO_ENABLERS)
            return card_message(cards.listing_card(listings), shared.ENABLER_LIST_HEADING)
        resolution = self.peerbot.resolve_enabler(incoming.text)
        if resolution.enabler is None:
            return MessageFactory.text(shared.unknown_enabler(cards.as_typed(incoming.text), resolution))
        summary = self.peerbot.enabler_summary(resolution.enabler.id)
        return card_message(cards.summary_card(summary, self.upns(summary.contacts, incoming.place)), summary.enabler.name)

    def upns(self, contacts: tuple[Contact, ...], place: str) -> dict[str, str]:
        """Contact name -> Teams user principal name, for the contacts who may be mentioned: only in the
        asker's personal chat with peerbot, where a mention notifies no one. In a channel or group chat a
        contact is named, never `<at>` mentioned (a mention there notifies them, for a stranger's question)."""
        return mentionable(contacts, self.peerbot.identify) if place == DM else {}


def mentionable(contacts: Iterable[Contact], identify: Callable[[Contact], Identity | None]) -> dict[str, str]:
    """Contact name -> Teams user principal name, for those `identify` gives one."""
    found = {}
    for contact in contacts:
        identity = identify(contact)
        if identity is not None and identity.teams_upn:
            found[contact.name] = identity.teams_upn
    return found


def card_message(card: dict, summary: str) -> Activity:
    """A message carrying one Adaptive Card; `summary` is what notifications show (one line, cut at a word)."""
    attachment = Attachment(content_type=cards.CONTENT_TYPE, content=card)
    return Activity(type=ActivityTypes.message, attachments=[attachment], summary=_one_line(summary, SUMMARY_LIMIT))


def _one_line(text: str, limit: int) -> str:
    """`text` with its line breaks and runs of spaces as single spaces, cut at a word to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
