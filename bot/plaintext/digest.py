"""A digest as plain text (`peerbot digest --preview`, and Teams' text fallback)."""

from __future__ import annotations

from bot.answer import enclose
from bot.digest import messages
from bot.digest.model import Digest, Feature, LessonNote
from bot.plaintext.answers import contact_lines, snippet_lines
from bot.plaintext.answers import fill as _fill


def render_digest(digest: Digest) -> str:
    lines = [messages.TITLE, messages.window(digest.week, digest.start, digest.end, digest.since), ""]
    if digest.corpus_empty:
        return "\n".join(lines + [_fill(messages.EMPTY_CORPUS)]) + "\n"
    if digest.quiet:
        lines += [_fill(messages.QUIET_WEEK), ""]
    if digest.lessons:
        lines.append(messages.LESSONS_HEADING)
        for note in digest.lessons:
            lines += _lesson(note)
        if digest.more_lessons:
            lines.append("   " + messages.more(digest.more_lessons, "lessons"))
        lines.append("")
    if digest.feature:
        lines += _feature(digest.feature) + [""]
    if digest.any_questions:
        lines += [messages.ASKED_HEADING, _fill(messages.asked(digest.questions, digest.answered, digest.follow_ups), "   ")]
        if digest.themes:
            lines.append(_fill(messages.themes([(t.enabler.name, t.questions) for t in digest.themes]), "   "))
        if digest.examples:
            lines.append(f"   {messages.EXAMPLES}:")
            lines += [_fill(enclose(q), " • ", "   ") for q in digest.examples]
        lines.append("")
    if digest.any_gaps:
        lines.append(messages.GAPS_HEADING)
        for gap in digest.gaps:
            lines.append(_fill(f"{enclose(gap.question)} ({messages.gap_note(gap)})", " • ", "   "))
        if digest.more_gaps:
            lines.append("   " + messages.more(digest.more_gaps, "questions"))
        lines += ["   " + line for line in messages.unquoted_gaps(digest)]
        lines += [_fill(messages.CONTRIBUTE, "   "), ""]
    if digest.spotlight:
        lines.append(messages.SPOTLIGHT_HEADING)
        for spot in digest.spotlight:
            lines += contact_lines(spot.contact, messages.theme_link(spot.enabler.name))
        lines.append("")
    if digest.library:
        lines += [messages.LIBRARY_HEADING] + _lesson(digest.library) + [""]
    return "\n".join(lines).rstrip() + "\n"


def _lesson(note: LessonNote) -> list[str]:
    status = messages.STATUS[note.status]
    head = note.document.source()
    head += f" ({status})" if status else ""
    lines = [_fill(head, " • ", "   ")]
    if note.extract:  # the lesson's own words, under its title
        lines.append(_fill(note.extract, "   "))
    if note.contributor:
        lines.append(_fill(messages.contributed_by(note.contributor), "   "))
    if note.enablers:
        lines.append(_fill("Enablers: " + ", ".join(e.name for e in note.enablers), "   "))
    if note.document.url:
        lines.append(f"   {note.document.url}")
    return lines


def _feature(feature: Feature) -> list[str]:
    lines = [f"{messages.FEATURE_HEADING}: {feature.enabler.name}", _fill(feature.description, "   ")]
    if feature.practice:
        lines.append(_fill(f"{messages.key_practice(feature.example_of)}:", "   "))
        lines += snippet_lines(feature.practice, "   ", "   ")
    if feature.contact:
        note = messages.talk_to_note(feature.contact.is_person)
        lines += contact_lines(feature.contact, note, first=f"   {messages.TALK_TO}: ", rest="     ")
    return lines
