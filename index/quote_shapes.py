"""The shapes quotations take in a passage's text (pure): its paragraphs, quotation marks left open or
enclosing a blockquote, a blockquote's words and attribution line, a label line above them, speech inside them."""

from __future__ import annotations

import re

from index.attribution_phrases import SPEECH_AFTER
from index.text import CREDIT_DASH

MIN_QUOTE_WORDS = 6  # shorter quoted words are terms or fragments ("drew people together")
LABEL_WORDS = 8  # a blockquote's first paragraph this short, with no closing punctuation, is a label

LIST_ITEM = r"[ \t]*(?:[-*+•]|\d+[.)])[ \t]+"  # a list item's marker at a line's start: "- ", "1. "
ATTRIBUTION = re.compile(rf"{CREDIT_DASH}\s*(\S.*)")
_ASCII_OPENS = r"(?:(?<![^\n])|(?<=[.!?]\s))"  # a paragraph's or line's start, or after a sentence's end and a space
_IN_SINGLE = r"(?:[^‘’“”\n]|’(?=\w)|“[^“”\n]+”)"  # inside curly single marks: words, apostrophes, a curly double pair
_POSSESSIVE_NEXT = (  # "the trusts’ rota" inside single marks: after a plural's s, a lower-case word next that
    # a possessive can own (not "said", "she", "and": "‘red lines’ and …" closes there)
    r"(?=\s(?!(?:said|says|told|tells|added|adds|asked|asks|explained|explains|recalled|recalls|replied|replies|"
    r"wrote|writes|he|she|they|we|i|it|you|one|a|an|the|and|or|but|nor|so|yet|as|if|than|then|because|while|is|are|"
    r"was|were|be|been|has|have|had|do|does|did|will|would|can|could|may|might|must|should|to|of|in|on|at|for|with|"
    r"from|by|into|over|about|that|which|who|whom|where|when)\b)[a-z])")
_POSSESSIVE = re.compile(rf"(?<=[a-z]s)’{_POSSESSIVE_NEXT}")
INLINE = re.compile(  # curly (a curly single pair holding a curly double pair nested in it: three deep), mixed ("…” or
    # “…"; no mark inside), straight (a straight pair nested in it: one opening after a space before a word, closing
    # before a space; a straight mark after a digit is an inch mark, 6'2"), curly single, „…“ or „…” (German,
    # Polish), «…» (French, Norwegian)
    rf"“(?:[^“”\n]|(?<!\w)‘{_IN_SINGLE}*?“[^“”\n]+”{_IN_SINGLE}*’(?!\w))+”|"
    r"“[^“”\n]+”|(?<!\d)\"[^“”\"\n]+”|“[^“”\"\n]+\"|(?<!\d)\"(?:[^\"\n]|(?<=\s)\"\w[^\"\n]*\"(?=\s))+\""
    rf"|(?<!\w)‘(?:[^‘’\n]|’(?=\w)|(?<=[a-z]s)’{_POSSESSIVE_NEXT})+’(?!\w)|"
    r"(?<!\w)‘[^‘’“”\"\n]+”|„[^„“”\n]+[“”]|«[^«»\n]+»"  # and ‘…” (mismatched)
    r"|(?<=:\s)'(?=[A-Za-z])[^“”\"\n]+[.!?]'(?=\s*$)"  # ASCII single marks after a colon to the paragraph's end
    rf"|{_ASCII_OPENS}'(?=[A-Z])(?:[^'“”\n]|'(?=\w)|(?<=[a-z]s)'{_POSSESSIVE_NEXT})+?[,.!?]'(?=\s)"  # ASCII single marks opening a sentence: "'A,' said Jo"
    r"|(?<=\w,\s)'(?=[a-z])(?:[^'“”\n]|'(?=\w))+?[.!?]'(?=\s|$)")  # the rest of a split one: "'A,' said Jo, 'and b.'"
CITATION = re.compile(r"\s*(?:\[\^?[\w.-]{1,8}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)+")  # a reference marker: [1], [^3], ², never the speaker's
TURN = re.compile(r"(?:^|\n|[.?!]\s+)(?:Q|Question|Interviewer)\s*:")  # an interviewer's turn in a transcript


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, list or blockquote: passages join them with a blank line."""
    spans, start = [], 0
    for match in re.finditer(r"\n\n+", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def left_open(paragraph: str) -> int | None:
    """Where a paragraph's last opening mark is, when it opens a quotation of MIN_QUOTE_WORDS words or
    more that runs to the paragraph's end unclosed ("Jo Bloggs said: “We started … else.")."""
    marks = list(re.finditer(r"[“”\"]", paragraph))
    if not marks or "\n" in paragraph:
        return None
    last = marks[-1]
    opens = last.group() == "“" or (paragraph.count('"') % 2 == 1 and paragraph[last.start() - 1:last.start()] in (" ", ""))
    words = paragraph[last.end():]
    return last.start() if opens and last.start() > 0 and len(words.split()) >= MIN_QUOTE_WORDS else None


def opens_only(paragraph: str) -> bool:
    """Whether a paragraph opens a quotation it does not close: the first paragraph, or a middle
    one, of a quotation over several paragraphs (each opens with a mark, only the last closes)."""
    marks = re.findall(r"[“”\"]", paragraph)
    if re.match(r"‘[A-Z]", paragraph) and not marks:  # UK style, single marks: "‘A…" / "‘B…" / "‘C,’ said Jo" (not "‘90s")
        marks = ["‘"] + [m.group() for m in re.finditer(r"‘|’(?!\w)", paragraph)
                         if not (m.group() == "’" and _POSSESSIVE.match(paragraph, m.start()))][1:]
    return (paragraph.startswith(("“", '"', "‘")) and marks in (["“"], ['"'], ["‘"])
            and len(paragraph.split()) >= MIN_QUOTE_WORDS and "\n" not in paragraph)


_REST = re.compile(r"(?:…|\.\.\.)?\s*[a-z][^“”\"‘«»„\n]*?[”\"]|(?:…|\.\.\.)\s*\w[^“”\"‘«»„\n]*?[”\"]")


def closing_rest(paragraph: str) -> int | None:
    """Where the closing mark is when a paragraph opens with the rest of a quotation an earlier one left open: in
    lower case (the sentence goes on: "most of them never came back,” said Jo.") or after an ellipsis ("… and the
    rota changed,” said Jo."), with no mark before its closing one; else None."""
    rest = _REST.match(paragraph)
    return rest.end() - 1 if rest else None


def lines_between_quotations(words: str) -> bool:
    """Whether a blockquote's words have a line with no mark between a line a mark closes and one a mark opens
    ("“A.”" / "A porter, Larch ward" / "“B.”"): a caption or credit of the quotation above it, so the block is not
    one person's words under one attribution."""
    lines = [line.strip() for line in words.split("\n") if line.strip()]
    return any(not re.search(r"[“”\"«»„]", line) and before.endswith(("”", "\"", "»")) and after.startswith(("“", "\"", "«", "„"))
               for before, line, after in zip(lines, lines[1:], lines[2:]))


def only_quotations(paragraph: str, spans: list[tuple[int, int]]) -> bool:
    """Whether `paragraph` is only the quotations at `spans` (marks included): one quotation, or a
    list whose every item is one ("- “A,”" / "- “B.”"), with nothing but punctuation and reference markers
    after the closing marks ("“A.”³", "“A.”[4]") besides."""
    rest, at = "", 0
    for start, end in spans:
        cited = CITATION.match(paragraph, end)
        rest, at = rest + paragraph[at:start] + "\x00", cited.end() if cited else end
    rest += paragraph[at:]
    lines = rest.split("\n")
    if len(lines) > 1 and not all(re.match(LIST_ITEM + "\x00", line) for line in lines):
        return False
    return not re.sub(f"(?m)^{LIST_ITEM}", "", rest).strip(" .!?;:,\u00a0\x00\n")


def table_speaker_label(paragraph: str, start: int, end: int) -> str:
    """The cell, in the column whose header says who spoke ("Who", "Member", "Speaker"; the first such
    column), of the table row in which paragraph[start:end] (a quotation, marks included) is a whole
    cell, when the quotation's column header says what they said ("What they said", "Comment",
    "Quote"); else "". A table's row is a line "Who: Jo; What they said: “…”" (index/block_markup.py)."""
    line_start = paragraph.rfind("\n", 0, start) + 1
    line_end = paragraph.find("\n", end) % (len(paragraph) + 1)
    cells = row_cells(paragraph[line_start:line_end])
    header = [h for h, _, _ in cells]
    values = [paragraph[line_start + a:line_start + b].strip() for _, a, b in cells]
    who = next((i for i, cell in enumerate(header) if cell.lower() in _WHO_HEADERS), None)
    if who is None:
        return ""
    said = next((i for i, value in enumerate(values) if value == paragraph[start:end].strip()), who)
    return values[who] if said != who and _says_theirs(header[said], header[who]) else ""


_ROW_CELL = re.compile(r"(?:^|; )([^:;\n“”\"‘’]{1,60}): ")


def row_cells(line: str) -> list[tuple[str, int, int]]:
    """(header, value start, value end) of each cell of a table's row ("Who: Jo; Said: “…”", two cells
    at least); [] for any other line."""
    found = list(_ROW_CELL.finditer(line))
    if len(found) < 2 or found[0].start() != 0:
        return []
    ends = [m.start() for m in found[1:]] + [len(line)]
    return [(m.group(1).strip(), m.end(), stop) for m, stop in zip(found, ends)]


_WHO_HEADERS = {"who", "name", "speaker", "member", "person", "contributor", "colleague", "who said it",
                "who said this", "said by"}
_SPEAKING_HEADERS = {"who", "speaker", "member", "contributor", "who said it", "who said this", "said by"}  # the row's person speaks


def _says_theirs(said: str, who: str) -> bool:
    """Whether a column's header says its cells are what the row's person said: "What they said", "Said",
    "What they told us", "Quote", "Their words"; a comment, view or feedback only beside a speaking
    column ("| Member | Comment |"), since "| Name | Comment |" may be nominations about the person;
    not another's ("What colleagues said", "Nominator's comment", "Feedback from patients")."""
    said = said.lower()
    if re.search(r"\b(?:from|by)\b|\b(?!their\b)\w+(?:['’]s|s['’])(?=\s|$)", said):
        return False
    verb = re.search(r"(?:(\w+)\s+)?\b(?:said|says|say|told|tell)\b", said)
    if verb:
        return verb.group(1) in (None, "they", "he", "she", "you", "was", "were")
    if re.search(r"\b(?:quote|quotes|quotation|quotations|words)\b", said):
        return True
    return bool(re.search(r"\b(?:comment|comments|view|views|feedback)\b", said)) and who.lower() in _SPEAKING_HEADERS


def split_block(block: str) -> tuple[str, str]:
    """A blockquote's quoted words and its attribution line ("" when the last line is not one)."""
    lines = block.split("\n")
    attribution = ATTRIBUTION.fullmatch(lines[-1].strip()) if len(lines) >= 2 else None
    if not attribution or any(re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line) for line in lines[:-1]):
        return block, ""  # no attribution line, or the last item of a list
    return block[: block.rindex("\n")], attribution.group(1).strip()


def label_length(words: str) -> int:
    """How much of a blockquote's words is a label line above the quotation ("From the chair's
    foreword", a pull quote's kicker): a first paragraph of at most LABEL_WORDS words, capitalised,
    with no closing punctuation or quotation mark, before MIN_QUOTE_WORDS words or more; 0 when
    there is none."""
    first, newline, rest = words.partition("\n")
    label = first.strip()
    if not newline or not label or len(label.split()) > LABEL_WORDS or not label[0].isupper():
        return 0
    if label[-1] in ".!?…,;:)'\"”’" or re.search(r"[“”\"‘]", label) or len(rest.split()) < MIN_QUOTE_WORDS:
        return 0
    return len(first) + 1


def speech_inside(words: str) -> bool:
    """Whether a blockquote's words hold a quotation with its own attribution ("“A,” one porter told
    us. “B.”", "“A,” she said.") or an interview's turns ("Q: …? A: …", "Interviewer: …"): then
    they are not one speaker's words."""
    return bool(TURN.search(words)) or any(
        SPEECH_AFTER.match(words[m.end():]) for m in INLINE.finditer(words) if m.end() < len(words))


def strip_attribution_tail(piece: str, attribution: str) -> str:
    """A blockquote piece split at sentences ends with " — Name, …" when it holds the attribution."""
    match = re.search(rf"\s+{CREDIT_DASH}\s*{re.escape(attribution)}\s*$", piece) if attribution else None
    return piece[: match.start()] if match else piece


_OTHER_PAIRS = {("«", "»"), ("„", "“"), ("„", "”")}  # other languages' marks enclosing a blockquote's words


def without_citation(words: str) -> str:
    """A quotation's words without a reference marker at their end ("… by a third.[1]", "….²"): the
    publisher's, not the speaker's."""
    match = re.search(rf"(?:{CITATION.pattern})$", words)
    return words[: match.start()] if match and match.start() > 0 else words


def enclosing_marks(words: str) -> tuple[int, int]:
    """How many characters of enclosing quotation marks a blockquote's words carry at each end."""
    if len(words) > 2 and words[0] in "“\"" and words[-1] in "”\"" and not re.search(r"[“”\"]", words[1:-1]):
        return 1, 1
    if len(words) > 2 and (words[0], words[-1]) in _OTHER_PAIRS and not re.search(r"[«»„“”]", words[1:-1]):
        return 1, 1
    return 0, 0


def split_attribution(text: str) -> list[str]:
    """"Name, Role, Organisation (on secondment, …)": split at commas outside brackets."""
    parts, depth, current = [], 0, ""
    for char in text.strip():
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def single_spaced(text: str) -> str:
    return " ".join(text.split())
