"""An approved lesson as a Markdown document with front matter, pure (the desk writes the file).

The front matter is what `peerbot index` reads (title, publisher, published, enablers, people) plus
`contributor` (only with their agreement) and `source: chat`. A contact is listed under `people:`
only when they agreed to be contacted, so the contacts directory suggests no one else."""

from __future__ import annotations

import re

import yaml

from bot.lessons.model import Lesson

LESSONS_FOLDER = "lessons"  # under the knowledge folder
MAX_SLUG = 60


def file_name(lesson: Lesson) -> str:
    """E.g. "lesson-12-a-shared-staff-bank.md": its number keeps it unique, its title readable."""
    slug = re.sub(r"[^a-z0-9]+", "-", lesson.draft.title.lower()).strip("-")[:MAX_SLUG].rstrip("-")
    return f"lesson-{lesson.id}" + (f"-{slug}" if slug else "") + ".md"


def document_id(lesson: Lesson) -> str:
    """The id the index gives the file (index.documents.document_id of its stem)."""
    return file_name(lesson).removesuffix(".md")


def lesson_markdown(lesson: Lesson, date: str) -> str:
    """The document for an approved lesson; `date` is YYYY-MM-DD, the day it was approved."""
    draft = lesson.draft
    meta: dict = {"title": draft.title, "publisher": draft.organisation}
    if lesson.contributor:
        meta["contributor"] = lesson.contributor
    meta.update({"published": date, "date": date, "source": "chat"})
    if draft.organisation:
        meta["organisations"] = [draft.organisation]
    if draft.enablers:
        meta["enablers"] = list(draft.enablers)
    if lesson.contact:
        name, _, role = lesson.contact.partition(",")  # the form asks for "name and role"
        person = {"name": name.strip(), "role": role.strip()} if name.strip() and role.strip() else {"name": lesson.contact}
        meta["people"] = [{**person, "organisation": draft.organisation,
                           "note": f"Agreed to be contacted about {draft.title}"}]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    parts = ["---", front.rstrip("\n"), "---", "", "## What we did", "", _paragraphs(draft.did), "",
             "## What we learned", "", _paragraphs(draft.learned), ""]
    if draft.question:
        parts += ["## The question it answers", "", _paragraphs(draft.question), ""]
    return "\n".join(parts)


def _paragraphs(text: str) -> str:
    """The typed text as Markdown paragraphs; a line that would start front matter or a heading is
    kept as text."""
    lines = [re.sub(r"^(\s*)(---|#)", r"\1\\\2", line.rstrip()) for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
