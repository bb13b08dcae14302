"""Rendering answers, enabler summaries and the digest as Adaptive Cards for Teams. Pure: data in, cards out.

A card keeps within Teams' message size limit by dropping its last quotations; `fits` tells the
caller when even the shortest card is too big, and the text fallback goes instead.

A snippet is a container: the document's own text as it reads (`verbatim`: its `*` and `_` never
bold or italic), each quotation in it a text block of its own (the speaker's words in marks, then
their name, role and organisation), then the source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from bot import messages as shared
from bot.answer import QUOTE, Answer, Contact, DocumentRef, Segment, Snippet, Speaker, enclose, listed
from bot.digest import messages as digest_messages
from bot.digest.model import Digest, LessonNote
from bot.summary import EnablerListing, EnablerSummary
from bot.teams import messages
from bot.teams.payloads import FEEDBACK_VERB, OFFER, WATCH_VERB

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.4"  # Action.Execute needs 1.4; Teams renders it on desktop, web and mobile
CARD_LIMIT = 26_000  # bytes of card JSON; Teams rejects messages over ~28 KB, activity included

_FORMATTING = re.compile(r"(https?://\S+)|[*_]")
Upns = Mapping[str, str]  # contact name -> user principal name, for Teams mentions


def fits(card: dict) -> bool:
    return len(json.dumps(card, ensure_ascii=False).encode()) <= CARD_LIMIT


def answer_card(answer: Answer, question_id: str, upns: Upns, fallback: str, watch: bool = False,
                notice: str = "") -> dict:
    """Quoted snippets with their sources, the people who did it, related enablers, feedback buttons;
    `watch` (a "not covered" reply in a personal chat) adds "Tell me when someone answers this";
    `notice` (that the question held identifying details) goes first."""
    head = [_text(notice, color="Attention")] if notice else []
    actions = [_feedback(question_id, True), _feedback(question_id, False)]
    if watch and answer.outcome == "not_covered":
        actions.append({"type": "Action.Execute", "title": messages.WATCH, "verb": WATCH_VERB,
                        "data": {"question_id": question_id}})
    if not answer.answered:
        body = [*head, _text(shared.decline(answer))]
        if answer.closest:
            body.append(_text(f"**{shared.CLOSEST_HEADING}**", separator=True))
            body += [_snippet(snippet) for snippet in answer.closest]
        return _card(body, actions, fallback=fallback)

    def build(count: int) -> dict:
        shown = answer.snippets[:count]
        lead = verbatim(answer.lead) if answer.lead else shared.answer_lead(count, len({s.document.id for s in shown}))
        first, *listed = lead.split("\n")  # a reply about the lessons as documents: one line per lesson
        body = [*head, _text(first, weight="Bolder"), *(_text(line, spacing="None") for line in listed)]
        body += [_snippet(snippet) for snippet in shown]
        people, entities = _contacts(answer.contacts, upns, shared.CONTACTS_HEADING)
        body += people
        if answer.enablers:
            names = ", ".join(e.name for e in answer.enablers)
            body.append(_text(f"**{shared.ENABLERS_HEADING}:** {names}", separator=True))
        return _card(body, actions, entities, fallback)

    return _shortest_fitting(build, len(answer.snippets))


def summary_card(summary: EnablerSummary, upns: Upns) -> dict:
    """One enabler: what works, examples, quotations, people to talk to, related enablers."""
    head = [_text(summary.enabler.name, size="Large", weight="Bolder"), _text(summary.description)]
    hint = _text(messages.enabler_usage_hint(), isSubtle=True, size="Small")
    if not summary.lesson_count:
        return _card(head + [_text(shared.no_lessons_yet(summary.enabler)), hint], fallback=summary.enabler.name)

    def build(count: int) -> dict:
        body = head + [_text(shared.lessons_speak_to_it(summary.lesson_count), isSubtle=True, spacing="None")]
        if summary.practices:
            body.append(_heading(shared.PRACTICES_HEADING))
            body += [_snippet(s) for s in summary.practices[:count]]
        if summary.examples:
            body.append(_heading(shared.EXAMPLES_HEADING))
            for example in summary.examples[:count]:
                body += [_text(f"**{example.label}**"), _snippet(example.snippet)]
        if summary.quotes:
            body.append(_heading(shared.QUOTES_HEADING))
            for quote in summary.quotes[:count]:
                body.append(_container([*_quotation(quote.text, quote.speaker), _source(quote.document, "")]))
        people, entities = _contacts(summary.contacts, upns, shared.SUMMARY_CONTACTS_HEADING)
        body += people
        if summary.related:
            names = ", ".join(e.name for e in summary.related)
            body.append(_text(f"**{shared.ENABLERS_HEADING}:** {names}", separator=True))
        return _card(body + [hint], entities=entities, fallback=summary.enabler.name)

    longest = max(len(summary.practices), len(summary.examples), len(summary.quotes), 1)
    return _shortest_fitting(build, longest)


def listing_card(listings: list[EnablerListing]) -> dict:
    body = [_text(shared.ENABLER_LIST_HEADING, size="Large", weight="Bolder")]
    for item in listings:
        body.append(_text(
            f"**{item.enabler.name}**: {item.description} ({shared.lessons(item.lesson_count)})"
        ))
    body.append(_text(messages.enabler_usage_hint(), isSubtle=True, size="Small"))
    return _card(body, fallback=shared.ENABLER_LIST_HEADING)


def digest_card(digest: Digest, fallback: str) -> dict:
    """The weekly digest: new lessons, the enabler of the week, what people asked, gaps, people (named,
    never mentioned: a digest is read by a chat or channel)."""
    body = [_text(digest_messages.TITLE, size="Large", weight="Bolder"),
            _text(digest_messages.window(digest.week, digest.start, digest.end, digest.since), isSubtle=True, spacing="None")]
    if digest.corpus_empty:
        return _card(body + [_text(digest_messages.EMPTY_CORPUS)], fallback=fallback)
    if digest.quiet:
        body.append(_text(digest_messages.QUIET_WEEK))
    if digest.lessons:
        body.append(_heading(digest_messages.LESSONS_HEADING))
        body += [block for note in digest.lessons for block in _lesson(note)]
        if digest.more_lessons:
            body.append(_text(digest_messages.more(digest.more_lessons, "lessons"), isSubtle=True))
    if feature := digest.feature:
        body += [_heading(f"{digest_messages.FEATURE_HEADING}: {feature.enabler.name}"), _text(feature.description)]
        if feature.practice:
            body.append(_text(f"**{digest_messages.key_practice(feature.example_of)}**"))
            body.append(_snippet(feature.practice))
        if feature.contact:
            note = digest_messages.talk_to_note(feature.contact.is_person)
            body += [_text(f"**{digest_messages.TALK_TO}**")] + _person(feature.contact, {}, note)[0]
    if digest.any_questions:
        body += [_heading(digest_messages.ASKED_HEADING), _text(digest_messages.asked(digest.questions, digest.answered, digest.follow_ups))]
        if digest.themes:
            body.append(_text(digest_messages.themes([(t.enabler.name, t.questions) for t in digest.themes])))
        if digest.examples:
            body.append(_text(f"{digest_messages.EXAMPLES}:\n\n" + "\n".join(f"- {verbatim(enclose(q))}" for q in digest.examples)))
    if digest.any_gaps:
        body.append(_heading(digest_messages.GAPS_HEADING))
        for gap in digest.gaps:  # each with "I can help": the lesson form in a dialog, the question filled in
            body.append(_text(f"- {verbatim(enclose(gap.question))} (*{digest_messages.gap_note(gap)}*)"))
            if gap.question_id:
                body.append({"type": "ActionSet", "actions": [{
                    "type": "Action.Submit", "title": digest_messages.I_CAN_HELP,
                    "data": {"msteams": {"type": "task/fetch"}, "peerbot": OFFER, "q": gap.question_id}}]})
        more = [digest_messages.more(digest.more_gaps, "questions")] if digest.more_gaps else []
        more += digest_messages.unquoted_gaps(digest)
        body += ([_text("\n".join(more))] if more else []) + [
            _text(digest_messages.CONTRIBUTE_IN_CHAT, isSubtle=True, size="Small")]
    if digest.spotlight:
        body.append(_heading(digest_messages.SPOTLIGHT_HEADING))
        for spot in digest.spotlight:
            body += _person(spot.contact, {}, digest_messages.theme_link(spot.enabler.name))[0]
    if digest.library:
        body += [_heading(digest_messages.LIBRARY_HEADING)] + _lesson(digest.library)
    return _card(body, fallback=fallback)


def _lesson(note: LessonNote) -> list[dict]:
    """A lesson: its title (linked), publisher and status, a one-sentence extract, its enablers."""
    doc, status = note.document, digest_messages.STATUS[note.status]
    title = f"[{_escape(doc.title)}]({doc.url})" if doc.url else _escape(doc.title)
    blocks = [_text(listed(f"**{title}**", doc.publisher, f"*{status}*" if status else ""))]
    if note.extract:  # the lesson's own words, under its title
        blocks.append(_text(verbatim(note.extract), spacing="Small"))
    if note.enablers:
        blocks.append(_text(", ".join(e.name for e in note.enablers), isSubtle=True, size="Small", spacing="None"))
    return blocks


def _shortest_fitting(build: Callable[[int], dict], count: int) -> dict:
    """The card with as many of its quotations as fit, down to one."""
    for n in range(max(count, 1), 1, -1):
        card = build(n)
        if fits(card):
            return card
    return build(1)


def _card(body: list[dict], actions: list[dict] | None = None, entities: list[dict] | None = None,
          fallback: str = "") -> dict:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    if entities:
        card["msteams"] = {"entities": entities}
    if fallback:
        card["fallbackText"] = fallback
    return card


def _text(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _heading(text: str) -> dict:
    return _text(text, weight="Bolder", separator=True, spacing="Medium")


def _snippet(snippet: Snippet) -> dict:
    """A snippet set apart: its segments in order, then its source."""
    items = [block for segment in snippet.segments for block in _segment(segment)]
    return _container(items + [_source(snippet.document, snippet.section)])


def _segment(segment: Segment) -> list[dict]:
    """The document's text as it is, or a quotation with its speaker."""
    if segment.kind == QUOTE:
        return _quotation(segment.text, segment.speaker)
    return [_text(verbatim(segment.text))]


def _quotation(text: str, speaker: Speaker | None) -> list[dict]:
    return [_text(verbatim(enclose(text)), spacing="Medium"), _text(f"— {shared.credit(speaker)}", spacing="Small")]


def _source(document: DocumentRef, section: str) -> dict:
    """Where it is from: title (linked), publisher, section."""
    title = _escape(document.title)
    source = listed(f"[{title}]({document.url})" if document.url else title, document.publisher, section)
    return _text(source, size="Small", isSubtle=True, spacing="Small")


def _container(items: list[dict]) -> dict:
    return {"type": "Container", "style": "emphasis", "items": items, "spacing": "Medium"}


def _contacts(contacts: tuple[Contact, ...], upns: Upns, heading: str) -> tuple[list[dict], list[dict]]:
    """The people block, with a Teams mention for each person whose user principal name is known."""
    if not contacts:
        return [], []
    body, entities = [_heading(heading)], []
    for contact in contacts:
        blocks, mention = _person(contact, upns)
        body += blocks
        entities += mention
    return body, entities


def _person(contact: Contact, upns: Upns, note: str = "") -> tuple[list[dict], list[dict]]:
    """A contact's name (a mention when their user principal name is known), why they are
    relevant, then their own words when a quotation is theirs."""
    upn = upns.get(contact.name) if contact.is_person else None
    name = f"<at>{contact.name}</at>" if upn else f"**{contact.name}**"
    entities = [{"type": "mention", "text": name, "mentioned": {"id": upn, "name": contact.name}}] if upn else []
    blocks = [_text(name + (f" (*{note}*)" if note else ""), spacing="Small")]
    if contact.reason:
        blocks.append(_text(contact.reason, isSubtle=True, size="Small", spacing="None"))
    if contact.quote:
        blocks.append(_text(verbatim(enclose(contact.quote)), size="Small", spacing="None"))
    return blocks, entities


def _feedback(question_id: str, helpful: bool) -> dict:
    return {
        "type": "Action.Execute",
        "title": messages.HELPFUL if helpful else messages.NOT_HELPFUL,
        "verb": FEEDBACK_VERB,
        "data": {"question_id": question_id, "helpful": helpful},
    }


def verbatim(text: str) -> str:
    """A document's or someone's own words in a TextBlock as they read: each `*` and `_` (Markdown's
    bold and italic) escaped with a backslash, outside a link."""
    return _FORMATTING.sub(lambda m: m.group(1) or "\\" + m.group(0), text)


def as_typed(text: str) -> str:
    """Text someone typed, in a Markdown message as typed: no bold, italic, code or link of its own."""
    return verbatim(_escape(text)).replace("`", "\\`")


def _escape(text: str) -> str:
    """Square brackets would end a markdown link's text early."""
    return text.replace("[", "(").replace("]", ")")
