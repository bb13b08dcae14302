"""Which organisation each passage is an example of (pure): the label of a named example.

A document mostly about one organisation (its names and aliases make up at least half of the
organisation mentions) labels every passage with it. A document about several gives each
passage the organisation it names first, or, naming none, the label of the passage before.
"""

from __future__ import annotations

import re
from collections import Counter

DOMINANT_SHARE = 0.5

Organisation = tuple[str, tuple[str, ...]]  # (name, the forms a text uses: name and aliases)


def passage_subjects(
    passages: list[tuple[int, str]], organisations: list[Organisation]
) -> dict[int, str]:
    """{passage id: organisation name} for one document's passages (in order, as prose without
    blockquotes, whose attributions name other organisations); unlabelled passages are left out."""
    named = {pid: mentioned(text, organisations) for pid, text in passages}
    counts = Counter(name for found in named.values() for name in found)
    total = sum(counts.values())
    if total and counts.most_common(1)[0][1] >= DOMINANT_SHARE * total:
        main = counts.most_common(1)[0][0]
        return {pid: main for pid, _ in passages}
    subjects, previous = {}, None
    for pid, _ in passages:
        previous = named[pid][0] if named[pid] else previous
        if previous:
            subjects[pid] = previous
    return subjects


def mentioned(text: str, organisations: list[Organisation]) -> list[str]:
    """Every mention of an organisation in order of appearance (repeats kept), longest form first
    so "West Yorkshire" inside "West Yorkshire Association of Acute Trusts" is not a mention."""
    found: list[tuple[int, int, str]] = []
    for name, forms in organisations:
        for form in forms:
            flags = 0 if form.isupper() else re.I
            found.extend((m.start(), m.end(), name) for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags))
    taken: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found, key=lambda f: -(f[1] - f[0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, name))
    return [name for _, _, name in sorted(taken)]
