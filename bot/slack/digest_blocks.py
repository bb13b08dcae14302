"""Rendering a digest as a Slack Block Kit message, pure.

A header, then a section per part. Every text a document or a user wrote is escaped (`&`, `<`,
`>`, and `@channel`-style pings defused) by `bot.slack.blocks`, so the digest can never ping a
channel, nor anyone: people are named, never mentioned (it is read by a channel). Sections stay
under 3,000 characters and the message under 50 blocks, with a plain-text fallback.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answer import DocumentRef, enclose
from bot.digest import messages
from bot.digest.model import Digest, Feature, LessonNote
from bot.slack.block_kit import MAX_FALLBACK, Rendered, button, cap, context, fit, link, section, verbatim
from bot.slack.blocks import contact_line, segment_mrkdwn, source_line
from bot.slack.lesson_views import OFFER_ACTION

MAX_URL = 1000  # a longer link is shown as its title alone
DIVIDER = {"type": "divider"}


def digest_message(digest: Digest) -> Rendered:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.TITLE}},
        context(fit(messages.window(digest.week, digest.start, digest.end, digest.since), 300)),
    ]
    if digest.corpus_empty:
        blocks.append(section(fit(messages.EMPTY_CORPUS, 1000)))
        return Rendered(_fallback(digest), blocks)
    if digest.quiet:
        blocks.append(section(fit(messages.QUIET_WEEK, 500)))
    if digest.lessons:
        blocks += [DIVIDER, section(f"*{messages.LESSONS_HEADING}*")]
        blocks += [block for note in digest.lessons for block in _lesson(note)]
        if digest.more_lessons:
            blocks.append(context(fit(messages.more(digest.more_lessons, "lessons"), 200)))
    if digest.feature:
        blocks += [DIVIDER] + _feature(digest.feature)
    if digest.any_questions:
        blocks += [DIVIDER] + _asked(digest)
    if digest.any_gaps:
        blocks += [DIVIDER] + _gaps(digest)
    if digest.spotlight:
        blocks += [DIVIDER, section(f"*{messages.SPOTLIGHT_HEADING}*")]
        for spot in digest.spotlight:
            theme = fit(messages.theme_link(spot.enabler.name), 300)
            blocks.append(section(f"{contact_line(spot.contact, {})}\n_{theme}_"))
    if digest.library:
        blocks += [DIVIDER, section(f"*{messages.LIBRARY_HEADING}*")] + _lesson(digest.library)
    return Rendered(_fallback(digest), cap(blocks))


def _lesson(note: LessonNote) -> list[dict]:
    doc = note.document
    status = messages.STATUS[note.status]
    head = f"*{link(_short_url(doc).url, doc.title or doc.id)}*"
    head += (f" · {fit(doc.publisher, 200)}" if doc.publisher else "") + (f" _({status})_" if status else "")
    blocks = [section(head + (f"\n{fit(note.extract, 1200, verbatim)}" if note.extract else ""))]
    if note.contributor:
        blocks.append(context(fit(messages.contributed_by(note.contributor), 300)))
    if note.enablers:
        blocks.append(context("Enablers: " + " · ".join(fit(e.name, 150) for e in note.enablers)))
    return blocks


def _feature(feature: Feature) -> list[dict]:
    name = fit(feature.enabler.name, 150)
    blocks = [section(f"*{messages.FEATURE_HEADING}: {name}*\n{fit(feature.description, 1500)}")]
    if feature.practice:
        snippet = feature.practice
        blocks.append(section(f"*{fit(messages.key_practice(feature.example_of), 300)}*"))
        blocks += [section(segment_mrkdwn(segment)) for segment in snippet.segments]
        blocks.append(context(source_line(_short_url(snippet.document), snippet.section)))
    if feature.contact:
        note = messages.talk_to_note(feature.contact.is_person)
        blocks.append(section(f"*{messages.TALK_TO}*\n{contact_line(feature.contact, {}, note)}"))
    return blocks


def _asked(digest: Digest) -> list[dict]:
    text = f"*{messages.ASKED_HEADING}*\n{messages.asked(digest.questions, digest.answered, digest.follow_ups)}"
    if digest.themes:
        text += "\n" + fit(messages.themes([(t.enabler.name, t.questions) for t in digest.themes]), 1000)
    blocks = [section(text)]
    if digest.examples:
        examples = "\n".join(f"• {enclose(fit(q, 500, verbatim))}" for q in digest.examples)
        blocks.append(section(f"*{messages.EXAMPLES}*\n{examples}"))
    return blocks


def _short_url(document: DocumentRef) -> DocumentRef:
    """The document, without its link when the link is too long to show."""
    return document if len(document.url) <= MAX_URL else replace(document, url="")


def _gaps(digest: Digest) -> list[dict]:
    """Each gap a section with an "I can help" button that opens the lesson form for it."""
    blocks = [section(f"*{messages.GAPS_HEADING}*")]
    for gap in digest.gaps:
        block = section(f"• {enclose(fit(gap.question, 500, verbatim))} _({messages.gap_note(gap)})_")
        if gap.question_id:
            block["accessory"] = button(messages.I_CAN_HELP, OFFER_ACTION, gap.question_id)
        blocks.append(block)
    lines = []
    if digest.more_gaps:
        lines.append(fit(messages.more(digest.more_gaps, "questions"), 200))
    lines += [fit(line, 200) for line in messages.unquoted_gaps(digest)]
    if lines:
        blocks.append(section("\n".join(lines)))
    return blocks + [context(fit(messages.CONTRIBUTE_IN_CHAT, 1000))]


def _fallback(digest: Digest) -> str:
    parts = [f"{messages.TITLE} · {messages.window(digest.week, digest.start, digest.end, digest.since)}"]
    if digest.corpus_empty:
        parts.append(messages.EMPTY_CORPUS)
    else:
        if digest.lessons:
            parts.append(f"{messages.LESSONS_HEADING}: " + "; ".join(n.document.title for n in digest.lessons))
        if digest.feature:
            parts.append(f"{messages.FEATURE_HEADING}: {digest.feature.enabler.name}")
        parts.append(messages.asked(digest.questions, digest.answered, digest.follow_ups))
    return fit("\n".join(parts), MAX_FALLBACK)
