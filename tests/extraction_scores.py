"""How well an extractor's output recovers a generated document's ground truth (pure).

Shared by tests/test_readers.py and benchmarks/extraction.py. Text is compared after
`normal()`: Markdown markup, quotation marks and dashes removed, whitespace collapsed. Character
recall and precision come from the longest common subsequence, so text out of order counts
against both.
"""

from __future__ import annotations

import re
import unicodedata

from documents_truth import Truth
from rapidfuzz.distance import LCSseq

_MARKUP = [
    (re.compile(r"(?m)^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$"), " "),  # a table's header rule
    (re.compile(r"(?m)^\s*#{1,6}\s+"), " "), (re.compile(r"(?m)^\s*>\s?"), " "), (re.compile(r"(?m)^\s*[-*•]\s+"), " "),
    (re.compile(r"[|*_]"), " "), (re.compile(r"[“”\"]"), ""), (re.compile(r"[‘’]"), "'"),
    (re.compile(r"\s[—–]\s|^[—–]\s|\s[—–]$"), " "),  # an attribution's dash
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“])")


def normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1", text)  # Markdown's backslash escapes
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def char_scores(output: str, truth: Truth) -> tuple[float, float]:
    """(recall, precision) of the title and body's characters."""
    want, got = normal(truth.title + "\n" + truth.text()), normal(output)
    common = LCSseq.similarity(want, got)
    return common / max(len(want), 1), common / max(len(got), 1)


def furniture_removed(output: str, truth: Truth) -> float:
    """Share of header, footer and page-number occurrences absent from the output (1.0 when none)."""
    if not truth.furniture:
        return 1.0
    lines = [normal(line) for line in output.splitlines()]
    text = normal(output)
    leaked = 0
    for item in set(truth.furniture):
        expected = truth.furniture.count(item)
        found = sum(line == item for line in lines) if item.isdigit() else text.count(normal(item))
        leaked += min(found, expected)
    return 1 - leaked / len(truth.furniture)


def headings_found(output: str, truth: Truth) -> float:
    """Share of the headings that are Markdown heading lines of the output (at any level)."""
    lines = {normal(m.group(1)) for m in re.finditer(r"(?m)^#{1,6}\s+(.+)$", output)}
    return _share([normal(text) in lines for _, text in truth.headings])


def quotes_in_blockquote(output: str, truth: Truth) -> float:
    """Share of the quotations that are a `> ` blockquote whose last line is "> — Speaker"."""
    blocks = re.findall(r"(?m)(?:^>.*(?:\n|$))+", output)
    found = []
    for words, speaker in truth.quotations:
        found.append(any(normal(words) in normal(b) and normal(b.strip().splitlines()[-1]).endswith(normal(speaker))
                         and re.match(r">\s*[—–]", b.strip().splitlines()[-1]) for b in blocks))
    return _share(found)


def quotes_attributed(output: str, truth: Truth) -> float:
    """Share of the quotations whose words are followed, within 40 characters, by their speaker's name
    (the attribution kept with the quotation, in any markup)."""
    text = normal(output)
    found = []
    for words, speaker in truth.quotations:
        at = text.find(normal(words))
        name = normal(speaker.split(",")[0])
        found.append(at >= 0 and 0 <= text.find(name, at + len(normal(words))) - (at + len(normal(words))) <= 40)
    return _share(found)


def reading_order(output: str, truth: Truth) -> float:
    """Share of the prose's sentences (tables left out) found whole and in order (longest
    increasing run of positions)."""
    text = normal(output)
    sentences = [s for part in truth.parts if part.kind != "table" for s in _SENTENCE.split(part.plain())]
    positions = []
    for sentence in sentences:
        probe = normal(sentence)[:60]
        if len(probe) >= 20:
            positions.append(text.find(probe))
    found = [p for p in positions if p >= 0]
    return _longest_increasing(found) / max(len(positions), 1)


def _longest_increasing(values: list[int]) -> int:
    import bisect

    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        tails[i:i + 1] = [v]
    return len(tails)


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 1.0
