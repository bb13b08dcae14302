"""Block quotations: a blockquote's quoted paragraphs and who its attribution line, its credit lines, or the
paragraph just before it names as speaking; one relaying someone else's words is no one's. The rules: `index.quotes`."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from index.inline_quotes import InlineReading
from index.name_shapes import person_like
from index.namesakes import forms_of
from index.quotation import Quotation
from index.quote_shapes import (
    ATTRIBUTION,
    INLINE,
    MIN_QUOTE_WORDS,
    enclosing_marks,
    label_length,
    lines_between_quotations,
    single_spaced,
    speech_inside,
    split_attribution,
    split_block,
    strip_attribution_tail,
    without_citation,
)
from index.speakers import Speaker, named_alone, named_people, only_person, post_line_speaker, relays


class BlockReading(InlineReading):
    """Reads a paragraph as a block quotation, knowing the document's blockquotes."""

    def __init__(self, people: Sequence[Speaker], pronouns: dict[str, str], block_quotes: Collection[str] = ()):
        super().__init__(people, pronouns)
        self.block_quotes = [(single_spaced(b), split_block(b)[1]) for b in block_quotes]
        # the speaker a paragraph ending "Jo Bloggs, chief nurse, said:" introduces, for the quotation
        # after it; then, once a blockquote took it, that blockquote (its later pieces are the same speaker's)
        self.lead_in: tuple[Speaker, str] | None = None

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
        if known and name not in forms_of(known) and named_alone(name, self.people) is known:
            name = known.name  # "— Cllr Jo Bloggs", "— Jo Bloggs RM": the listed person, as the front matter names them
        if len(parts) >= 3 or not known:
            return name, (parts + ["", ""])[1], ", ".join(parts[2:])
        return name, known.role, known.organisation

    def _dash_credit(self, paragraph: str) -> Speaker | None:
        """The person a credit line of its own names ("— Jo Bloggs", "— Jo Bloggs, Chief nurse"), as a blockquote's
        attribution line does; None for one relaying someone ("— Jo Bloggs, quoting a patient") or naming no one."""
        dash = ATTRIBUTION.fullmatch(paragraph.strip())
        if not dash or "\n" in dash.group(1) or relays(dash.group(1)):
            return None
        return named_alone(dash.group(1).strip(), self.people) or post_line_speaker(dash.group(1), self.people)
