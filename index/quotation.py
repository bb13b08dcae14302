"""A quotation found in a passage: where its words are, what it occupies, and who said it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Quotation:
    start: int  # the quoted words are passage_text[start:end], marks and attribution left out
    end: int
    span_start: int  # everything the quotation occupies: its marks, a blockquote's attribution line,
    span_end: int  # an inline quotation's attribution after it ("…,” explains Dr Nick Jackson, …")
    text: str  # "" for a long blockquote's attribution line left on its own in a passage
    name: str = ""  # as attributed; "" when the speaker is not named (never credited to anyone)
    role: str = ""
    organisation: str = ""
    block: bool = False


@dataclass(frozen=True)
class Attributed:
    """A speaker carried over from another quotation (a continuation's, a quotation over several paragraphs')."""

    name: str
    role: str
    organisation: str


class Speaker(Protocol):
    """Who may be credited with a quotation: a front-matter person, or a speaker carried over."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def organisation(self) -> str: ...
