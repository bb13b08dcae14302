"""Rendering the digest (pure): terminal text, and Slack Block Kit within Slack's limits and safely escaped."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from test_digest_compose import LESSONS, SUMMARIES, inputs

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet
from bot.digest import messages
from bot.digest.compose import compose_digest
from bot.digest.model import Digest, Feature, Gap, LessonNote, Spotlight, Theme
from bot.plaintext.digest import render_digest
from bot.slack.digest_blocks import digest_message

BROADCAST = re.compile(r"<!(channel|here|everyone)|(?<![\w\u2060])@(channel|here|everyone)\b", re.I)
BUSY = compose_digest(inputs(), SUMMARIES.get)
QUIET = compose_digest(inputs(questions=[], lessons=[LESSONS[0], LESSONS[5]]), SUMMARIES.get)
EMPTY = compose_digest(inputs(lessons=[]), SUMMARIES.get)


def texts(blocks: list[dict]) -> list[str]:
    """Every mrkdwn or plain text in the blocks."""
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out += [e["text"] for e in block.get("elements", [])]
    return out


def test_text_shows_each_part_under_its_heading_in_order():
    text = render_digest(BUSY)
    headings = [messages.LESSONS_HEADING, messages.FEATURE_HEADING, messages.ASKED_HEADING, messages.GAPS_HEADING,
                messages.SPOTLIGHT_HEADING]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    assert "Week 2026-W47 · 9 Nov 09:00 to 16 Nov 09:00" in text
    assert "Title of edited · NHS Providers (updated)" in text and "https://example.org/new" in text
    assert "Enabler of the week: Workforce and shared staffing" in text
    assert "Key practice:\n   The key practice of Workforce and shared staffing.\n   Source: Title of edited" in text
    assert "Talk to: Dr Ann Trust\n     Chief executive, Example NHS Trust. They did it." in text
    assert "8 questions in public channels this week, 5 answered." in text
    assert "Most asked: Workforce and shared staffing (3), Building trust (1), Governance and assurance (1)." in text
    assert "“How do we fund a shared PMO?” (asked 2 times, no answer)" in text
    assert "“What is a committee in common?” (marked not helpful)" in text
    assert messages.CONTRIBUTE.split()[0] in text
    assert "Wendy Work (asked about: Workforce and shared staffing)\n   Chief executive, Example NHS Trust." in text
    assert messages.QUIET_WEEK not in text and messages.LIBRARY_HEADING not in text


def test_a_quiet_week_is_shorter_but_still_useful_and_an_empty_corpus_says_so():
    quiet = render_digest(QUIET)
    assert messages.QUIET_WEEK in quiet and messages.FEATURE_HEADING in quiet and messages.LIBRARY_HEADING in quiet
    assert messages.ASKED_HEADING not in quiet and messages.GAPS_HEADING not in quiet
    assert len(quiet) < len(render_digest(BUSY))
    empty = render_digest(EMPTY)
    assert messages.EMPTY_CORPUS in " ".join(empty.split()) and messages.FEATURE_HEADING not in empty


def test_slack_message_has_a_header_a_section_per_part_and_a_text_fallback():
    message = digest_message(BUSY)
    assert message.blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": messages.TITLE}}
    joined = "\n".join(texts(message.blocks))
    for heading in (messages.LESSONS_HEADING, messages.FEATURE_HEADING, messages.ASKED_HEADING, messages.GAPS_HEADING,
                    messages.SPOTLIGHT_HEADING):
        assert f"*{heading}" in joined
    assert "<https://example.org/new|Title of new>" in joined  # a link to the source
    assert "*Dr Ann Trust*" in joined  # not mapped to a Slack member: the name, in bold
    assert message.text.startswith(messages.TITLE) and "Enabler of the week: Workforce and shared staffing" in message.text


def test_slack_text_from_documents_and_questions_is_escaped_and_can_never_ping_a_channel():
    hostile = "Ping <!channel> and <!here|here> & <!everyone> @here @channel <https://evil.example|click>"
    doc = DocumentRef("x", f"Title {hostile}", f"Publisher {hostile}", "https://example.org/a?b=1&c=2")
    digest = replace(
        BUSY,
        lessons=(LessonNote(doc, hostile, (EnablerRef("e", hostile),), "new"),),
        examples=(hostile,),
        gaps=(Gap(hostile, 2, True),),
        themes=(Theme(EnablerRef("e", hostile), 2),),
        feature=Feature(EnablerRef("e", hostile), hostile, Snippet(hostile, 0.5, hostile, doc, 1),
                        Contact(hostile, hostile, hostile, hostile, ("x",))),
        spotlight=(Spotlight(Contact(hostile, hostile, hostile, hostile, ("x",)), EnablerRef("e", hostile)),),
    )
    message = digest_message(digest)
    everything = json.dumps(message.blocks) + message.text
    assert not BROADCAST.search(everything)
    assert "<https://evil.example|click>" not in everything
    assert "&lt;!channel&gt;" in everything and "&amp;" in everything
    assert "<https://example.org/a?b=1&amp;c=2|Title" in everything  # the real link survives, & escaped


def test_slack_limits_hold_for_a_huge_digest():
    long = "word " * 3000
    docs = [DocumentRef(f"d{i}", long, long, "https://example.org/" + "p" * 2000) for i in range(60)]
    digest = Digest(
        "2026-W47", BUSY.start, BUSY.end,
        lessons=tuple(LessonNote(d, long, tuple(EnablerRef(f"e{j}", long) for j in range(3)), "new") for d in docs),
        more_lessons=40,
        feature=Feature(EnablerRef("e", long), long, Snippet(long, 0.5, long, docs[0], 1),
                        Contact(long, long, long, long, ("d0",))),
        questions=999, answered=1, themes=tuple(Theme(EnablerRef(f"t{i}", long), 9) for i in range(3)),
        examples=tuple(long for _ in range(5)), gaps=tuple(Gap(long, 3, True) for _ in range(5)), more_gaps=99,
        spotlight=tuple(Spotlight(Contact(long, long, long, long, ("d0",)), EnablerRef("t", long)) for _ in range(2)),
        library=LessonNote(docs[1], long, (), "library"),
    )
    message = digest_message(digest)
    assert len(message.blocks) <= 50
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert all(len(e["text"]) <= 2000 for e in block["elements"])
    assert len(message.text) <= 3000
    assert "p" * 2000 not in json.dumps(message.blocks)  # an over-long link is shown as its title


def test_slack_quiet_week_and_empty_corpus():
    quiet = "\n".join(texts(digest_message(QUIET).blocks))
    assert messages.QUIET_WEEK in quiet and f"*{messages.LIBRARY_HEADING}*" in quiet
    empty = digest_message(EMPTY)
    assert [b["type"] for b in empty.blocks] == ["header", "context", "section"]
    assert "The lessons library is empty" in empty.blocks[2]["text"]["text"] and "library is empty" in empty.text
