"""Quotations in a document's passages, with who said them (pure; run once at index time).

- A **block quotation** is a Markdown blockquote, as the chunker keeps it: the quoted paragraphs,
  then its attribution line ("— Name, role, organisation") when it has one and it names a person
  (not "— NHS Providers, 2023", "— Chief Executive, …"). The attribution line is not part of the
  quoted words. A blockquote too long for one passage keeps its attribution in every piece. One
  with no attribution line is the speaker of a paragraph just before it that introduces one person
  as speaking ("Jo Bloggs, chief nurse, said:", "Jo Bloggs put it this way.") or is their name line ("**Jo
  Bloggs**", "**Jo Bloggs**, chief nurse"), as is a paragraph that is only a quotation. A
  short first line with no closing punctuation ("From the chair's foreword") is a label, the
  document's text; a blockquote holding a quotation with its own attribution ("“…,” one porter
  told us.") or an interview's turns ("Q: …") is no one's.
- An **inline quotation** is “…”, "…" (or "…” and “…"), ‘…’, or '…' (after a colon or opening a sentence:
  "'A,' said Jo, 'and b.'") of MIN_QUOTE_WORDS words or more
  inside a paragraph (a list item or table cell is a sentence of its own). It is attributed only
  when its own sentence names one person from the document's front matter as the one speaking,
  before it ("Keir explains that “…”", "As Cathy explains, “…”", "According to Jo Bloggs, “…”" (not "According to
  Jo Bloggs, patients said “…”");
  not "A spokesperson for Jo Bloggs said") or after it ("“…,” explains Dr Nick Jackson", "“…,” Fiona says", "“…” — Jo Bloggs";
  not "“…,” Fiona recalls a patient telling her", "“…,” Jo said through a spokesperson", "Citing the paper, Jo said";
  "Jo Bloggs told the board:" as "said:"; "“…” (Jo Bloggs, chair)" as "— Jo Bloggs, chair"; "“A?” Sam asked Jo
  Bloggs. “B,” came the reply": B is Jo's), in a turn
  whose label is only their name (`Jo Bloggs: “…”`) or their full name in capitals ("[00:03:12] JO BLOGGS: …",
  `index.transcript_turns`), in an interview's answers ("A: …", or a paragraph right under a question line of its own:
  "**What changed?**" / "We …") when its introduction, or its section's heading ("In conversation with Jo Bloggs",
  "Interview: Jo Bloggs, chief nurse"), names them alone, in a table row whose first cell names them under
  a header saying who spoke and what they said ("| Who | What they said |"), or when "he"/"she"
  continues the immediately preceding quotation in the same or the next paragraph ("He goes on to
  say that “…”"), that quotation was attributed and `index.pronouns.continues` allows it (the
  document shows the pronoun is the speaker's; no one else in between), or, with no quotation to
  continue, "“…,” he said" (or "they said", for one the document states "they/them" for) follows a sentence of
  its paragraph opening with one person
  (`index.pronouns.introduced_just_before`), or "said the chair" names the one person the document binds to
  that post ("Jo Bloggs, the trust's chair,", "Jo Bloggs, who chairs the board,", `index.post_holders`). A
  quotation over several paragraphs (a mark, double or single, opening each, closing only the last) is its last
  paragraph's speaker's, or,
  when that names no one, the speaker named before its first mark ("Jo Bloggs said: “A…" / "“B.”"); so is one a
  page's running footer and header interrupt ("Jo put it: “A…" / "… | 14" / "Page 15" / "b.”", `index.page_breaks`).

Words the document credits to two different people (a pull quote under another name than the
body's), or that a correction note quotes, are no one's anywhere in it (`index.quote_conflicts`). Everything else (scare quotes, a quotation whose sentence names no one or two people, a pronoun
after an unattributed quotation, a title the sentence goes on about: "Jo said “…” was the name")
is left unattributed and is never credited to anyone. The rules
read structure and the front matter's names, never a particular corpus's wording.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Protocol

from index.block_quotes import BlockReading
from index.continued_quotes import ContinuedReading
from index.namesakes import listed
from index.page_breaks import page_furniture
from index.post_holders import post_holders
from index.pronouns import known_pronouns
from index.quotation import Quotation
from index.quote_conflicts import without_contradicted
from index.quote_shapes import INLINE, enclosing_marks, left_open, only_quotations, opens_only, paragraphs
from index.speakers import (
    Speaker,
    introduced_speaker,
    label_speaker,
    lead_speaker,
    post_line,
    post_line_speaker,
    unclosed_credit,
)
from index.text import SENTENCE_END
from index.transcript_turns import (
    capital_turn,
    heading_interviewee,
    interview_answer,
    interviewee,
    question_line,
    questions_interviewee,
)


class Passage(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


def find_quotations(
    passages: Sequence[Passage], people: Sequence[Speaker] = (), block_quotes: Collection[str] = (), title: str = ""
) -> list[tuple[Quotation, ...]]:
    """The quotations of each of a document's passages (in reading order). `block_quotes` are the
    texts of the document's blockquotes as the chunker keeps them; `title` is the document's (the heading of the
    text before its first heading: "In conversation with Jo Bloggs")."""
    people = listed(people, [p.text for p in passages])
    reader = _Reader(people, block_quotes, known_pronouns((p.text for p in passages), people))
    whole = interviewee("\n\n".join(p.text for p in passages), people) or questions_interviewee(passages, people)
    reader.posts = post_holders((p.text for p in passages), people)
    found: list[list[Quotation]] = []
    section = None
    for passage in passages:
        if passage.section != section:
            reader.skip_paragraph()  # a heading between two paragraphs: no continuation across it
            section = passage.section
            asked = question_line(section)  # a question line a reader made a sub-heading: the interview goes on
            reader.interviewee = (reader.interviewee if asked else heading_interviewee(section or title, people)) or whole
            if asked and reader.interviewee:
                reader.paragraph_before = section  # the paragraph under it answers it
        found.append(reader.passage(passage.text))  # a later paragraph may add to it (`_Reader.opened`)
    return [tuple(sorted(quotes, key=lambda q: q.span_start)) for quotes in without_contradicted(found, passages)]


class _Reader(BlockReading, ContinuedReading):
    """Reads a document's paragraphs in order, each as a block quotation (`BlockReading`), a piece of a quotation
    over several paragraphs (`ContinuedReading`) or a paragraph of inline quotations (`InlineReading`), keeping
    what one paragraph says about the next (a lead-in, a name line, a quotation a caption may credit)."""

    def __init__(self, people: Sequence[Speaker], block_quotes: Collection[str], pronouns: dict[str, str]):
        super().__init__(people, pronouns, block_quotes)
        self.after_quotation = False  # whether the paragraph before was only quotations (then a name is its caption)
        self.labelled = False  # whether the paragraph before was only a name line above what follows
        self.after_turn = False  # whether the paragraph before was only quotations under a name line (an interview's turn)
        # the paragraph before's one quotation when it was only that, credited to no one and under no name line: a
        # "Name, post" line right under it is its credit, as (its passage's quotations, its index there)
        self.captioned: tuple[list[Quotation], int] | None = None
        self.interviewee: Speaker | None = None  # whose an interview's "A: …" turns are (`interviewee`)

    def skip_paragraph(self) -> None:
        self.paragraph += 1
        self.opened, self.lead_in, self.after_quotation, self.labelled, self.after_turn = [], None, False, False, False
        self.captioned, self.paragraph_before = None, ""

    def passage(self, text: str) -> list[Quotation]:
        found: list[Quotation] = []
        for start, end in paragraphs(text):
            if self.opened and page_furniture(text[start:end]):  # "“A…" / a footer and a header / "b.”"
                self.page_break = True
                self.since_previous.append(text[start:end])
                continue
            page_break, self.page_break = self.page_break, False
            self.paragraph += 1
            lead_in, self.lead_in = self.lead_in, None
            labelled, self.labelled = self.labelled, False
            captioned, self.captioned = self.captioned, None
            introduced = lead_in[0] if lead_in and not lead_in[1] else None  # by the paragraph just before
            before = len(found)
            block = self._block(text, start, end, lead_in)
            if block:
                found += block
                self.opened = []
            elif page_break and self.opened and (rest := self._after_page_break(text, start, end)):
                found.append(rest)
            elif self.opened and (rest := self._rest_with_credit(text, start, end, page_break)):
                found.append(rest)
            elif not self.opened and (unclosed := unclosed_credit(text[start:end], self.people)):
                found.append(self._unclosed(text, start, end, *unclosed))
            elif opens_only(text[start:end]):
                if not self.opened:  # "Jo Bloggs said:" / "“A…" / "“B.”"
                    self.opened_by = introduced
                self.opened.append((found, text, start, end))
                self.since_previous.append(text[start:end])
            else:
                found += self._paragraph(found, text, start, end, introduced)
            paragraph = text[start:end]
            shown = [q for q in found[before:] if q.text]
            if not shown:
                self._caption_or_post(paragraph, captioned, lead_in if labelled else None)
            self.after_quotation = bool(block) or opens_only(paragraph) or only_quotations(
                paragraph, [m.span() for m in INLINE.finditer(paragraph)])
            self.after_turn = self.after_quotation and labelled  # "**Jo**" / "“A”" / "**Sam**": Sam's label, not A's caption
            if self.after_quotation and not labelled and not introduced and len(shown) == 1 and not shown[0].name:
                self.captioned = found, found.index(shown[0])
            self.paragraph_before = paragraph
        return found

    def _caption_or_post(self, paragraph: str, captioned: tuple[list[Quotation], int] | None,
                         label: tuple[Speaker, str] | None) -> None:
        """A paragraph holding no quotation: "Jo Bloggs, Chief nurse" or "— Jo Bloggs" right under a quotation no one
        is credited with credits it ("“A.”" / "Jo Bloggs, Chief nurse, Vale NHS Trust"); a post line right under a name line
        keeps that name for the quotation after it ("**Jo Bloggs**" / "Chief nurse, Vale NHS Trust" / "“A.”")."""
        if captioned and (person := post_line_speaker(paragraph, self.people) or self._dash_credit(paragraph)):
            quotes, at = captioned
            quotes[at] = replace(quotes[at], name=person.name, role=person.role, organisation=person.organisation)
            self.lead_in, self.labelled = None, False
        elif label and post_line(paragraph, self.people):
            self.lead_in, self.labelled = label, True

    def _paragraph(self, found: list[Quotation], text: str, start: int, end: int,
                   introduced: Speaker | None) -> list[Quotation]:
        """A paragraph's inline quotations. It may close a quotation over several paragraphs, open
        one after naming its speaker ("Jo Bloggs said: “We started …", closed in a later paragraph),
        and introduce the speaker of the quotation after it ("Jo Bloggs said:")."""
        opening, opened_by = left_open(text[start:end]), None
        if opening is not None:
            before = text[start:start + opening]
            opened_by = lead_speaker(before[max((m.end() for m in SENTENCE_END.finditer(before)), default=0):],
                                     self.people)
        quotes = self._inline(text, start, end if opening is None else start + opening, introduced)
        turn = (capital_turn(text[start:end], self.people)
                or interview_answer(text[start:end], self.paragraph_before, self.interviewee, self.people)
                if opening is None else None)
        if turn:  # "ESTHER QUAYE: The cot goes …", "A: …", "**Why?**" / "…": the turn's words are theirs, marks or none inside them
            person, at = turn
            words = text[start + at:end].rstrip()
            lead, trail = enclosing_marks(words)  # `SAM JONES: "…"`: the words inside the marks
            quotes = [q for q in quotes if q.name != person.name and not (lead and q.start == start + at + lead)]
            quotes.append(Quotation(start + at + lead, start + at + len(words) - trail, start, start + at + len(words),
                                    words[lead:len(words) - trail], person.name, person.role, person.organisation))
        if self.opened and quotes and quotes[0].span_start == start:
            quotes[0] = self._close(quotes[0])
        self.opened, self.opened_by = [], opened_by
        if opened_by and opening is not None:
            self.opened.append((found, text, start + opening, end))
            self.since_previous.append(text[start + opening:end])
        label = None if self.after_quotation and not self.after_turn else label_speaker(text[start:end], self.people)
        speaker = introduced_speaker(text[start:end], self.people) or label  # "**Jo Bloggs**" over a turn, not
        self.labelled = bool(label)  # under a quotation (unless that quotation was itself a labelled turn)
        self.lead_in = (speaker, "") if speaker else None
        return quotes
