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
  `index.transcript_turns`), in an interview's "A: …" answers when its introduction names them alone, in a table row whose first cell names them under
  a header saying who spoke and what they said ("| Who | What they said |"), or when "he"/"she"
  continues the immediately preceding quotation in the same or the next paragraph ("He goes on to
  say that “…”"), that quotation was attributed and `index.pronouns.continues` allows it (the
  document shows the pronoun is the speaker's; no one else in between), or, with no quotation to
  continue, "“…,” he said" (or "they said", for one the document states "they/them" for) follows a sentence of
  its paragraph opening with one person
  (`index.pronouns.introduced_just_before`). A quotation over several
  paragraphs (a mark opening each, closing only the last) is its last paragraph's speaker's, or,
  when that names no one, the speaker named before its first mark ("Jo Bloggs said: “A…" / "“B.”"); so is one a
  page's running footer and header interrupt ("Jo put it: “A…" / "… | 14" / "Page 15" / "b.”", `index.page_breaks`).

Words the document credits to two different people (a pull quote under another name than the
body's), or that a correction note quotes, are no one's anywhere in it (`index.quote_conflicts`). Everything else (scare quotes, a quotation whose sentence names no one or two people, a pronoun
after an unattributed quotation, a title the sentence goes on about: "Jo said “…” was the name")
is left unattributed and is never credited to anyone. The rules
read structure and the front matter's names, never a particular corpus's wording.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Protocol

from index.inline_quotes import InlineReading
from index.name_shapes import person_like
from index.namesakes import listed
from index.page_breaks import carried_over, page_furniture
from index.post_holders import post_holders
from index.pronouns import known_pronouns
from index.quotation import Attributed, Quotation
from index.quote_conflicts import without_contradicted
from index.quote_shapes import (
    ATTRIBUTION,
    INLINE,
    MIN_QUOTE_WORDS,
    closing_rest,
    enclosing_marks,
    label_length,
    left_open,
    lines_between_quotations,
    only_quotations,
    opens_only,
    paragraphs,
    single_spaced,
    speech_inside,
    split_attribution,
    split_block,
    strip_attribution_tail,
    without_citation,
)
from index.speakers import (
    Speaker,
    introduced_speaker,
    label_speaker,
    lead_speaker,
    named_alone,
    named_people,
    only_person,
    post_line,
    post_line_speaker,
    relays,
    unclosed_credit,
)
from index.text import SENTENCE_END, bare_name
from index.transcript_turns import answer_turn, capital_turn, interviewee


class Passage(Protocol):
    @property
    def section(self) -> str: ...
    @property
    def text(self) -> str: ...


def find_quotations(
    passages: Sequence[Passage], people: Sequence[Speaker] = (), block_quotes: Collection[str] = ()
) -> list[tuple[Quotation, ...]]:
    """The quotations of each of a document's passages (in reading order). `block_quotes` are the
    texts of the document's blockquotes as the chunker keeps them."""
    people = listed(people, [p.text for p in passages])
    reader = _Reader(people, block_quotes, known_pronouns((p.text for p in passages), people))
    reader.interviewee = interviewee("\n\n".join(p.text for p in passages), people)
    reader.posts = post_holders((p.text for p in passages), people)
    found: list[list[Quotation]] = []
    section = None
    for passage in passages:
        if passage.section != section:
            reader.skip_paragraph()  # a heading between two paragraphs: no continuation across it
            section = passage.section
        found.append(reader.passage(passage.text))  # a later paragraph may add to it (`_Reader.opened`)
    return [tuple(sorted(quotes, key=lambda q: q.span_start)) for quotes in without_contradicted(found, passages)]


class _Reader(InlineReading):
    """Reads a document's paragraphs in order: block quotations here, inline ones and continuations
    by `InlineReading`."""

    def __init__(self, people: Sequence[Speaker], block_quotes: Collection[str], pronouns: dict[str, str]):
        super().__init__(people, pronouns)
        self.block_quotes = [(single_spaced(b), split_block(b)[1]) for b in block_quotes]
        # the paragraphs of a quotation over several paragraphs read so far, each opening with a mark
        # and closing none, as (its passage's quotations, passage text, start, end)
        self.opened: list[tuple[list[Quotation], str, int, int]] = []
        self.opened_by: Speaker | None = None  # its speaker, when its first paragraph named them before the mark
        # the speaker a paragraph ending "Jo Bloggs, chief nurse, said:" introduces, for the quotation
        # after it; then, once a blockquote took it, that blockquote (its later pieces are the same speaker's)
        self.lead_in: tuple[Speaker, str] | None = None
        self.after_quotation = False  # whether the paragraph before was only quotations (then a name is its caption)
        self.labelled = False  # whether the paragraph before was only a name line above what follows
        self.after_turn = False  # whether the paragraph before was only quotations under a name line (an interview's turn)
        # the paragraph before's one quotation when it was only that, credited to no one and under no name line: a
        # "Name, post" line right under it is its credit, as (its passage's quotations, its index there)
        self.captioned: tuple[list[Quotation], int] | None = None
        self.interviewee: Speaker | None = None  # whose an interview's "A: …" turns are (`interviewee`)
        self.page_break = False  # whether page furniture came after an open quotation's paragraph (`index.page_breaks`)

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

    def _dash_credit(self, paragraph: str) -> Speaker | None:
        """The person a credit line of its own names ("— Jo Bloggs", "— Jo Bloggs, Chief nurse"), as a blockquote's
        attribution line does; None for one relaying someone ("— Jo Bloggs, quoting a patient") or naming no one."""
        dash = ATTRIBUTION.fullmatch(paragraph.strip())
        if not dash or "\n" in dash.group(1) or relays(dash.group(1)):
            return None
        return named_alone(dash.group(1).strip(), self.people) or post_line_speaker(dash.group(1), self.people)

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
        turn = (capital_turn(text[start:end], self.people) or answer_turn(text[start:end], self.interviewee)
                if opening is None else None)
        if turn:  # "ESTHER QUAYE: The cot goes …", "A: …": the turn's words are theirs, marks or none inside them
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

    def _unclosed(self, text: str, start: int, end: int, at: int, person: Speaker | None) -> Quotation:
        """“A, said Jo Bloggs." with no closing mark: the words from the mark to the credit's comma are Jo's (no
        one's after "said a carer"), and no later paragraph carries them on."""
        credit = (person.name, person.role, person.organisation) if person else ("", "", "")
        quote = Quotation(start + 1, start + at, start, end, text[start + 1:start + at], *credit)
        self._remember(quote)
        return quote

    def _after_page_break(self, text: str, start: int, end: int) -> Quotation | None:
        """The rest of a quotation a page's footer and header interrupted ("Jo put it: “A…" / furniture / "b.”"),
        credited with its open pieces as `_close` credits them; None when the paragraph is not only its rest, or
        the page broke a word ("ther-" / "apists")."""
        words = carried_over(text[start:end])
        _, piece, piece_start, piece_end = self.opened[-1]
        if words is None or piece[piece_start:piece_end].rstrip().endswith("-"):
            return None
        rest = self._close(Quotation(start, start + len(words), start, end, words))
        self.opened = []
        self._remember(rest)
        return rest

    def _rest_with_credit(self, text: str, start: int, end: int, page_break: bool) -> Quotation | None:
        """The rest of an open quotation and its credit, alone in a paragraph ("“A …" / "… b,” said Jo Bloggs.", or
        after a page break, "“A" / furniture / "b,” said Jo."): the rest is whom the credit names, and so are the open
        pieces (`_close`); None when the paragraph is anything else, or the page broke a word."""
        paragraph = text[start:end]
        at = closing_rest(paragraph)
        tail = paragraph[at + 1:] if at is not None else ""
        _, piece, piece_start, piece_end = self.opened[-1]
        if (at is None or re.search(r"[“”\"‘«»„\n]", tail) or not re.fullmatch(r"[^.!?]*[.!?]?\s*", tail)
                or page_break and piece[piece_start:piece_end].rstrip().endswith("-")):
            return None
        speaker, by_tail = self._inline_speaker("", tail)
        if not speaker or not by_tail:
            return None
        words = paragraph[:at].rstrip().rstrip(",").rstrip()
        rest = self._close(Quotation(start, start + len(words), start, end, words, speaker.name, speaker.role,
                                     speaker.organisation))
        self.opened = []
        self._remember(rest)
        return rest

    def _close(self, last: Quotation) -> Quotation:
        """A quotation over several paragraphs ("“A…" / "“B…" / "“C,” says Jo"): the open paragraphs
        are the speaker of its last paragraph's, or of the first paragraph's words before its mark
        ("Jo Bloggs said: “A…"); no one's when that is no one's or the two differ."""
        speaker: Speaker | None = Attributed(last.name, last.role, last.organisation) if last.name else None
        if self.opened_by and speaker and bare_name(speaker.name).lower() != bare_name(self.opened_by.name).lower():
            return last  # "Jo said: “A…" / "“B,” says Sam": whose are the first words?
        speaker = speaker or self.opened_by
        if speaker is None:
            return last
        for quotes, text, start, end in self.opened:
            words = text[start + 1:end].rstrip()
            quotes.append(Quotation(start + 1, start + 1 + len(words), start, end, words,
                                    speaker.name, speaker.role, speaker.organisation))
        return replace(last, name=speaker.name, role=speaker.role, organisation=speaker.organisation)

    def _block(self, text: str, start: int, end: int, lead_in: tuple[Speaker, str] | None) -> list[Quotation]:
        """The paragraph as a block quotation: one with an attribution line, a known blockquote, or
        a piece of a blockquote longer than a passage (whose attribution still holds). A blockquote
        with no attribution line is the speaker of a paragraph just before it that introduces it
        ("Jo Bloggs, chief nurse, said:"). One holding someone else's attributed words is no one's,
        and its attribution line is then hidden (an empty quotation credited to the person it names
        covers it), so no person's line stands under words they did not say. [] when it is none."""
        body = text[start:end]
        if "\n" in body.strip() and (pieces := self._credited_pieces(text, start, end)):
            return pieces
        words, attribution = split_block(body)
        rest, _, last = body.rstrip().rpartition("\n")
        credits_inside = lines_between_quotations(words) or any(
            post_line_speaker(line, self.people) or self._dash_credit(line)
            for line in (rest if not attribution else words).split("\n"))
        if (not attribution and rest.rstrip()[-1:] in ("”", "\"", ".", "!", "?") and post_line_speaker(last, self.people)
                and not credits_inside):
            words, attribution = rest, last.strip()  # "> “A.”" / "> Jo Bloggs, Chief nurse": a role line as its credit
            # (not "> “A.”" / "> Jo, Chief nurse" / "> “B.”" / "> Sam, Porter": the last line is B's alone)
        if not attribution and not self.block_quotes:
            return []  # no attribution line, and no blockquote it could be part of
        block, normal = "", single_spaced(body)
        if not attribution:
            dash = ATTRIBUTION.fullmatch(body.strip())
            long = len(body.split()) >= MIN_QUOTE_WORDS
            known = [(full, line) for full, line in self.block_quotes if normal == full or (long and normal in full)]
            if dash and any(line and single_spaced(dash.group(1)) == single_spaced(line) for _, line in self.block_quotes):
                words, attribution = "", dash.group(1)  # a long blockquote's attribution, left on its own
            elif known:
                block, attribution = known[0]
                words = strip_attribution_tail(body, attribution)
            else:
                return []
        if not attribution and self._attributed_inline(words):
            return []  # "> “…,” Jo Bloggs recalls.": read as the inline quotation it is
        label = label_length(words)  # "From the chair's foreword": the document's, not the speaker's
        said = without_citation(words)  # "> A.[3]", "> “A.”²": the publisher's reference marker, not the speaker's
        lead, trail = enclosing_marks(said[label:])
        lead, trail = lead + label, trail + len(words) - len(said)
        name, role, organisation = credited = self._attribution(attribution)
        relayed = speech_inside(words[lead:len(words) - trail]) or relays(attribution)  # "> “A,” one porter told us.
        # “B.”", "> — Jo Bloggs, chair, quoting a mother"; "> “A.”" / "> Sam, Porter" / "> “B.”" / "> — Jo": not all Jo's
        relayed = relayed or bool(attribution) and credits_inside
        if relayed:
            name, role, organisation, lead_in = "", "", "", None
        if not attribution and lead_in and (block == lead_in[1] if lead_in[1] else block.startswith(normal)):
            speaker = lead_in[0]
            name, role, organisation = speaker.name, speaker.role, speaker.organisation
            self.lead_in = speaker, block  # for the blockquote's next piece
        quote = Quotation(start + lead, start + len(words) - trail, start + label, end, words[lead:len(words) - trail],
                          name, role, organisation, block=True)
        self._remember(quote)
        line = start + len(words)  # where its attribution line starts
        hidden = Quotation(line, line, line, end, "", *credited, block=True)
        return [quote, hidden] if relayed and credited[0] and line < end else [quote]

    def _credited_pieces(self, text: str, start: int, end: int) -> list[Quotation]:
        """A blockquote of several quotations, each under its own credit line ("> “A.”" / "> Jo Bloggs, Chief nurse" /
        "> “B.”" / "> — Sam Able"): each is its line's person's; [] when it is anything else (a line that is neither,
        a quotation relaying someone else's words, a last line that credits no one)."""
        pieces, opened = [], start
        for line in re.finditer(r"[^\n]+", text[start:end]):
            at, line_end = start + line.start(), start + line.end()
            person = post_line_speaker(line.group(), self.people) or self._dash_credit(line.group())
            if person is None:
                if not line.group().rstrip().endswith(("”", "\"", "»", "“")) and not text[at:line_end].strip() == "":
                    return []
                continue
            words = text[opened:at].strip()
            lead, trail = enclosing_marks(words)
            quoted = words[lead:len(words) - trail]
            if not quoted or lead == 0 or speech_inside(quoted):
                return []
            first = opened + text[opened:at].index(words[0]) + lead
            pieces.append(Quotation(first, first + len(quoted), first - lead, line_end, quoted, person.name,
                                    person.role, person.organisation, block=True))
            opened = line_end
        return pieces if len(pieces) >= 2 and not text[opened:end].strip() else []

    def _attributed_inline(self, words: str) -> bool:
        """Whether a blockquote's words are one quotation and the words after it saying one person spoke
        it ("“A,” Jo Bloggs recalls."), and nothing else: not "“A,” one porter told us. “B.”"."""
        quote = INLINE.match(words.strip())
        tail = words.strip()[quote.end():] if quote else ""
        if not quote or not tail.strip() or re.search(r"[“”\"‘]", tail) or "\n" in tail:
            return False
        speaker, by_tail = self._inline_speaker("", tail)
        return bool(speaker and by_tail and re.fullmatch(r"[^.!?]*[.!?]?\s*", tail))

    def _attribution(self, line: str) -> tuple[str, str, str]:
        """Name, role and organisation from "Name, role, organisation"; the front matter fills in
        the role and organisation of a known person the line names alone."""
        parts = split_attribution(line)
        if not parts:
            return "", "", ""
        name = parts[0]
        if name.isupper() and (defined := named_alone(name, self.people)):  # "— KMO": initials the document defined
            return defined.name, defined.role, defined.organisation
        if not person_like(name, self.people):
            return "", "", ""  # "— NHS Providers, 2023", "— Patient, 54": no person to credit
        known = only_person(named_people(name, self.people))  # not Grace Okonkwo for "Mark Okonkwo"
        if len(parts) >= 3 or not known:
            return name, (parts + ["", ""])[1], ", ".join(parts[2:])
        return name, known.role, known.organisation
