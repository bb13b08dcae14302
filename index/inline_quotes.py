"""Inline quotations (“…”, "…", ‘…’ inside a paragraph) and who their own sentence says spoke them:
named before or after the quotation, a turn's label, a table row's speaker, or "he"/"she"
continuing the quotation just before (`index.pronouns.continues`). The rules: `index.quotes`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from index.attribution_phrases import CONNECTIVE, DOUBTED, NAMED_THING, NOT_VERBATIM
from index.post_holders import credited_post
from index.pronouns import continues, introduced_just_before, introduced_paragraph_before
from index.quotation import Attributed, Quotation
from index.quote_shapes import (
    CITATION,
    INLINE,
    LIST_ITEM,
    MIN_QUOTE_WORDS,
    only_quotations,
    row_cells,
    table_speaker_label,
    without_citation,
)
from index.speakers import (
    Speaker,
    carries_on,
    lead_speaker,
    named_alone,
    named_people,
    only_person,
    pronoun_after,
    pronoun_before,
    speaks,
    tail_speaker,
    turn_speaker,
)
from index.text import CREDIT_DASH, SENTENCE_END

_CLAUSE_BREAK = re.compile(r"[,;]\s+(?:and|but|while|whereas|before|then|and then)\s+")
_CLAUSE_START = re.compile(r"^[\s,;]*(?:(?:and|but|while|whereas|before|then|and then)\s+)?")
_ITEM_START = re.compile(rf"(?m)^{LIST_ITEM}")  # "- ", "1. "
_CREDIT_LINE = re.compile(rf"^\n[ \t]*(?={CREDIT_DASH})")
_SENTENCE_OPENING = re.compile(r"(?:\A|[.!?:][\"”’)]*\s+)\Z")  # nothing before, or a sentence's end and space
_GLOSS = re.compile(r"[(\[]\s*\Z")  # a bracket opened just before a quotation that follows another
_CREDIT = re.compile(r"[^.!?;:()“”\"‘’\n]{2,120}")  # a credit line: a name and a post, no sentence's end
_CAME_REPLY = re.compile(r"came\s+(?:the|her|his|their)\s+(?:reply|answer|response)[\s.!]*")
_ASKED = re.compile(r"[”\"’]\s[^“”\"]*\basked\s+(?P<name>[^.?!“”\"]+?)\s*[.?!]\s*$")  # "“A?” a governor asked Jo. "
_ASIDE = re.compile(r"\((?P<aside>[^()“”\"‘’\n]{1,300})\)[ \t]*,?[ \t]*")  # "“…” (a view we heard everywhere), said Jo"


def _icons(text: str) -> bool:
    """Whether `text` is only symbols (an emoji, "📌", "💬", a wiki callout's icon) and spaces: no words, no brackets."""
    return all(c.isspace() or unicodedata.category(c) in ("So", "Sk", "Mn", "Cf") for c in text)


def _cell_bounds(paragraph: str) -> list[int]:
    """Where each cell of a table's row starts and ends ("Who: |Jo|; Said: |“…”|")."""
    if ": " not in paragraph or "; " not in paragraph:
        return []
    bounds, at = [], 0
    for line in paragraph.split("\n"):
        bounds += [at + i for _, start, end in row_cells(line) for i in (start, end)]
        at += len(line) + 1
    return bounds


def _cell_speaker(cell: str, people: Sequence[Speaker]) -> Speaker | None:
    """The person a table's speaker cell names: wholly their name, or their name then a post ("Will Rose,
    consultant vascular surgeon", "Cllr Jo Bloggs, cabinet member for health"); not "A spoke hospital's theatre
    manager", "Jo, quoting a patient" nor "Jo, for the patients' group"."""
    name, _, post = cell.partition(",")
    if post and (speaks(post) or re.search(r"\b(?:quoting|citing|reading|behalf|and)\b|^\s*for\b", post, re.I)):
        return None
    return named_alone(name.strip(), people)


def _credit_line(paragraph: str, quote: re.Match[str], people: Sequence[Speaker]) -> Speaker | None:
    """The person a slide's credit line under its quotation names ("“…”" / "Jo Bloggs, chief nurse", which the
    paragraph joins into one line), or a credit in brackets after it ("“…” (Jo Bloggs, chief nurse)"): the quotation opens the paragraph and ends its sentence, and all after it is
    wholly their name, or "Name, role", naming no one else, with no sentence's end, clause or speech verb."""
    rest = paragraph[quote.end():].strip()
    if bracketed := re.fullmatch(r"\(([^()]+)\)\.?", rest):  # "“…” (Jo Bloggs, chief executive)": the same line
        rest = bracketed.group(1).strip()
    if paragraph[:quote.start()].strip() or not quote.group(0)[1:-1].rstrip().endswith((".", "!", "?")):
        return None
    if not _CREDIT.fullmatch(rest) or re.search(r"\b(?:who|which|whose|whom|that|when|while|as)\b", rest, re.I):
        return None
    if DOUBTED.search(rest) or NOT_VERBATIM.search(rest):
        return None  # "(Jo Bloggs, allegedly)", "Jo Bloggs (paraphrased)": not vouched for, not her words as they stand
    person = only_person(named_people(rest, people))
    return _cell_speaker(rest, people) if person else None


class InlineReading:
    """Reads a paragraph's inline quotations, remembering the last quotation (of any kind) and the
    text read since it, for a pronoun that continues it."""

    def __init__(self, people: Sequence[Speaker], pronouns: dict[str, str]):
        self.people = people
        self.pronouns = pronouns  # "he" or "she" for each person whose pronoun the document shows
        self.posts: dict[str, Speaker] = {}  # the posts the document binds to one person (`index.post_holders`)
        self.paragraph = 0
        self.previous: tuple[Quotation, int] | None = None  # the last quotation and its paragraph number
        self.since_previous: list[str] = []  # the text read since it, in pieces (joined only when needed)
        self.paragraph_before = ""  # the paragraph just before this one in its section ("" after a heading)

    def _inline(self, text: str, start: int, end: int, lead_in: Speaker | None = None) -> list[Quotation]:
        paragraph = text[start:end]
        every = list(INLINE.finditer(paragraph))
        marks = [m for i, m in enumerate(every)
                 if len(m.group(0)[1:-1].split()) >= MIN_QUOTE_WORDS or self._opens_split(paragraph, every[i:i + 2])]
        if not marks:  # most paragraphs: no sentence boundaries needed
            self.since_previous.append(paragraph)
            return []
        # a list item or table cell is a sentence of its own: from after its marker ("- ") to the next item's line
        starts = [i for m in _ITEM_START.finditer(paragraph) for i in m.span()] + _cell_bounds(paragraph)
        boundaries = sorted({0, len(paragraph), *starts, *(m.end() for m in SENTENCE_END.finditer(paragraph))})
        found: list[Quotation] = []
        after = 0  # where the previous quotation of this paragraph ended
        carried: Speaker | None = None  # "“A,” says Jo, “B.”": a tail attribution reaching the next quotation
        ended: Speaker | None = None  # "“A,” said Jo. “B.”": the speaker of a tail attribution ending its sentence
        for i, match in enumerate(marks):
            lead_start = max(max(b for b in boundaries if b <= match.start()), after)
            tail_end = min(b for b in boundaries if b >= match.end())
            cut = i + 1 < len(marks) and marks[i + 1].start() < tail_end
            if cut:
                tail_end = marks[i + 1].start()
                other = self._other_clause(paragraph[match.end():tail_end])
                if other is not None:  # "“A,” said Jo, and Sam agreed: “B”": Sam's clause is B's lead
                    tail_end, cut = match.end() + other, False
            lead, tail = paragraph[lead_start:match.start()], paragraph[match.end():tail_end]
            if i and lead_start == after:
                lead = _CLAUSE_START.sub("", lead)
            self.since_previous.append(paragraph[after:match.start()])
            speaker: Speaker | None
            if carried and lead_start == after:
                speaker, by_tail = carried, False
            elif found and _GLOSS.search(paragraph, 0, match.start()):  # "“Diolch,” said Jo. (“Thank you,” said Jo.)": a translation
                speaker, by_tail = None, False  # or paraphrase the editor put in brackets, no one's verbatim words
            else:
                speaker, by_tail = self._inline_speaker(lead, tail, paragraph[:lead_start])
            if not speaker and not lead.strip() and not tail.strip(" .!?;:,"):  # "Who: Jo; Said: “…”", a table's row
                speaker = _cell_speaker(table_speaker_label(paragraph, match.start(), match.end()), self.people)
            if not speaker and (credit := _credit_line(paragraph, match, self.people)):
                speaker, by_tail, tail_end, tail = credit, True, len(paragraph), paragraph[match.end():]  # and its line
            if not speaker and lead_in and only_quotations(paragraph, [(m.start(), m.end()) for m in marks]):
                speaker = lead_in  # a paragraph, or a list, that is only quotations, after "Jo Bloggs said:"
            if not speaker and ended and not paragraph[after:match.start()].strip() and not re.search(r"\w", tail):
                speaker = ended  # nothing between, and B's own sentence names no one and no pronoun
            carried = speaker if by_tail and cut and carries_on(tail, self.people) else None
            ended = speaker if speaker and by_tail and not cut else None
            words = without_citation(match.group(0)[1:-1])
            words = words[: len(words.rstrip().rstrip(",").rstrip())]
            span_end = match.end()
            if speaker and (by_tail or not tail.strip(" .!?;:,\u00a0")):
                span_end = tail_end - (len(tail) - len(tail.rstrip()))
            opening = start + match.start()
            quote = Quotation(opening + 1, opening + 1 + len(words), opening, start + span_end, words,
                              *((speaker.name, speaker.role, speaker.organisation) if speaker else ()))
            if len(match.group(0)[1:-1].split()) >= MIN_QUOTE_WORDS:  # a split's short opening only carries its credit
                found.append(quote)
                self._remember(quote)
            after = span_end
        self.since_previous.append(paragraph[after:])
        return found

    def _opens_split(self, paragraph: str, pair: list[re.Match[str]]) -> bool:
        """Whether a short quotation opens a sentence that a listed person's attribution splits, its
        words going on in the next quotation: "“We began,” said Jo Bloggs, “with the boards.”"."""
        if len(pair) < 2 or len(pair[1].group(0)[1:-1].split()) < MIN_QUOTE_WORDS:
            return False
        short, between = pair[0], paragraph[pair[0].end():pair[1].start()]
        return ((short.group(0)[1:-1].rstrip().endswith(",") or between.startswith(",")) and _SENTENCE_OPENING.search(paragraph[:short.start()])
                is not None and between.rstrip().endswith(",") and "\n" not in between
                and bool(named_people(between, self.people)) and carries_on(between, self.people))

    def _other_clause(self, between: str) -> int | None:
        """Where, between two quotations of a sentence, a clause naming someone starts (", and Sam
        agreed:"), so the first quotation's attribution ends there; None when there is none."""
        clause = _CLAUSE_BREAK.search(between)
        return clause.start() if clause and named_people(between[clause.end():], self.people) else None

    def _last_clause_speaker(self, lead: str) -> Speaker | None:
        """The speaker a sentence's last clause before its quotation names, when an earlier clause names someone else
        ("Jo said the list went first, while Sam added that “…”": Sam's)."""
        clauses = list(_CLAUSE_BREAK.finditer(lead))
        return lead_speaker(lead[clauses[-1].end():], self.people) if clauses else None

    def _inline_speaker(self, lead: str, tail: str, before: str = "") -> tuple[Speaker | None, bool]:
        """Who the quotation's own sentence says spoke it, and whether the words after it said so
        (`before`: its paragraph's text before that sentence)."""
        tail = _CREDIT_LINE.sub("", tail.lstrip(" ,;:\u00a0"))  # "- “…”" / "  – Jo Bloggs, chair": the item's credit line
        tail = tail[len(m.group()):].lstrip(" ,;:\u00a0") if (m := CITATION.match(tail)) else tail  # "…,”[2] said Jo"
        aside = _ASIDE.match(tail)  # the editor's aside between the quotation and who said it, when it says no one spoke
        if aside and not speaks(aside.group("aside")) and tail[aside.end():].strip(" .;"):
            tail = tail[aside.end():]  # not when the brackets end it: "“…” (Jo Bloggs, chair)" is its credit
        if NAMED_THING.match(tail):
            return None, False  # "Jo said “…” was the programme's name": a name, not what Jo said
        opens = CONNECTIVE.fullmatch(lead.strip(" \u00a0")) or _icons(lead)  # "📌 “…” — Jo": an icon opens it
        speaker = tail_speaker(tail, self.people) if opens else None
        if speaker:  # "…,” says Jo" only when the quotation opens its sentence ("The report calls it “…”, Jo notes")
            return speaker, True
        if opens and _CAME_REPLY.fullmatch(tail) and (asked := _ASKED.search(before)):
            return named_alone(asked.group("name"), self.people), True  # "“A?” a governor asked Jo. “B,” came the reply"
        speaker = lead_speaker(lead, self.people) or self._last_clause_speaker(lead) or (  # a turn: `Jo Bloggs: “…”`
            turn_speaker(lead, self.people) if not tail.split("\n")[0].strip(" .!?;:,\u00a0") else None)
        if speaker:
            return speaker, False
        if opens and (post := credited_post(tail)) and post in self.posts:
            return self.posts[post], True  # "“…,” said the trust's chair." where the document names its one holder
        pronoun = pronoun_after(tail)
        if pronoun:  # "“…,” she said": the quotation before continued, or the one person the sentence before opens with
            opens = CONNECTIVE.fullmatch(lead.strip(" \u00a0")) is not None
            return self._continued(lead, pronoun) or (
                introduced_just_before(before, pronoun, self.people, self.pronouns) if opens else None) or (
                introduced_paragraph_before(self.paragraph_before, pronoun, self.people, self.pronouns)
                if opens and not before.strip() else None), True
        pronoun = pronoun_before(lead)
        return (self._continued(lead, pronoun) if pronoun else None), False

    def _continued(self, lead: str, pronoun: str) -> Speaker | None:
        """The speaker "he" or "she" (`pronoun`) continues: the immediately preceding quotation's, in
        this paragraph or the one before, when `index.pronouns.continues` says it may."""
        if not self.previous:
            return None
        quote, paragraph = self.previous
        since = "\n".join(self.since_previous)
        since = since[: len(since) - len(lead)]  # the pronoun's own clause is not in between
        if quote.name and self.paragraph - paragraph <= 1 and continues(quote.name, pronoun, since, self.people,
                                                                        self.pronouns):
            return Attributed(quote.name, quote.role, quote.organisation)
        return None

    def _remember(self, quote: Quotation) -> None:
        self.previous, self.since_previous = (quote, self.paragraph), []
