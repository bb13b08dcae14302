"""Text helpers every layer shares: outside text made safe, sentences, people's names, whole words.

Command-line arguments, standard input, Slack and Teams JSON, file names and front matter can
carry bytes that are not UTF-8 (Python keeps them as lone surrogates) or lone surrogates from a
JSON `\\ud800` escape. Either would crash later, far from where it came in (SQLite, the
terminal, a tokenizer). Every adapter passes outside text through `clean` (or `decode`) once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

_ESCAPED_BYTES = re.compile(r"[\udc80-\udcff]+")  # bytes Python could not decode (surrogateescape)
_SURROGATES_AND_NUL = re.compile(r"[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"
CREDIT_DASH = r"(?:—|–|―|‒|--?|~)"  # what opens a credit line ("— Jo Bloggs", "– Jo", "― Jo", "~ Jo")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
HONORIFICS = {"dr", "sir", "dame", "professor", "prof", "mr", "mrs", "ms", "miss", "lord", "lady", "cllr"}
POST_NOMINALS = {  # honours, degrees and fellowships written after a name ("Dame Ruth Okoye DBE", "Jo Bloggs FRCP")
    "OBE", "MBE", "CBE", "DBE", "KBE", "GBE", "CB", "CMG", "CVO", "LVO", "MVO", "KCB", "DL", "JP", "QC", "KC", "MP",
    "PhD", "DPhil", "MD", "MBBS", "MBChB", "BSc", "MSc", "MA", "BA", "MBA", "MPH", "RN", "RGN", "RMN", "RM", "QN",
    "FRCP", "FRCPE", "FRCS", "FRCSEd", "FRCPCH", "FRCOG", "FRCGP", "FRCPsych", "FRCA", "FRCR", "FRCPath", "FRCEM",
    "FRCN", "FFPH", "FMedSci", "FRSA", "FHEA", "MRCP", "MRCGP", "MRCS", "MRCPsych",
}


def clean(text: str) -> str:
    """`text` with undecodable bytes replaced by U+FFFD and lone surrogates and NULs removed."""
    if text.isascii():
        return text.replace("\x00", "")
    return _SURROGATES_AND_NUL.sub("", _ESCAPED_BYTES.sub(REPLACEMENT, text))


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab, newline, return, VT and FF


def without_controls(text: str) -> str:
    """`text` with control characters removed (a vertical tab or form feed becomes a space): what a
    damaged or odd file (NULs in a web page, a PDF's UTF-16 metadata) leaves in text a person reads."""
    return _CONTROLS.sub("", text.replace("\x0b", " ").replace("\x0c", " "))


_HIDDEN = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")


def without_hidden(text: str) -> str:
    """`text` without the characters that change how it reads but are never seen themselves: bidi marks,
    embeddings, overrides and isolates (which can show a sentence or a figure backwards) and tag
    characters (words no reader sees)."""
    return text if text.isascii() else _HIDDEN.sub("", text)


def without_format(text: str) -> str:
    """`text` without any format character (Unicode's Cf: zero-width spaces and joiners, the word joiner, a
    byte-order mark, soft hyphens, besides what `without_hidden` drops). Stricter than `without_hidden`,
    which keeps the joiners some scripts need: for short typed text quoted back (a name), where an
    unseen character can only hide or disguise what was typed."""
    return text if text.isascii() else "".join(c for c in text if unicodedata.category(c) != "Cf")


_BREAKS = re.compile("\r\n?|[\u2028\u2029]")  # line breaks that are not "\n": a lone return writes over its line


def readable(text: str) -> str:
    """Outside text as a reader may be shown it: `clean`, without control characters (a carriage return,
    which would write over its line, and Unicode's line and paragraph separators become line breaks) or
    hidden ones. For what a parser makes after the raw text was cleaned (YAML's `"\\e[2J"`, `"\\x9b"`,
    `"\\u202e"` escapes) as for the raw text."""
    return without_hidden(without_controls(_BREAKS.sub("\n", clean(text))))


_LINE_BREAKS = re.compile("[ \t]*\n[ \t\n]*")


def one_line(text: str) -> str:
    """`readable` text kept on its line, for what is shown inside one (a title, a name, a file name, a
    log record): each line break (with the spaces around it) one space, so typed text cannot start a
    line that reads as peerbot's own."""
    return _LINE_BREAKS.sub(" ", readable(text))


def decode(data: bytes) -> str:
    """Bytes from outside as text: UTF-8 (a byte-order mark dropped), invalid bytes replaced."""
    return clean(data.decode("utf-8-sig", "replace"))


def shown_path(path: Path) -> str:
    """A path as text that can be printed and stored (a file name's invalid bytes replaced)."""
    return clean(str(path))


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage; line breaks (list items, attributions) also end a sentence."""
    sentences: list[str] = []
    for line in text.split("\n"):
        sentences.extend(s.strip() for s in SENTENCE_END.split(line.strip()) if s.strip())
    return sentences


def whole_word(phrase: str) -> str:
    """A regular expression matching `phrase` as whole words (no letter or digit either side)."""
    return rf"(?<!\w){re.escape(phrase)}(?!\w)"


def mentions(text: str, phrase: str, *, ignore_case: bool = False) -> bool:
    """Whether `text` has `phrase` as whole words. Ignoring case, ASCII text and phrase are compared
    lower-cased (what `re.IGNORECASE` does to ASCII alone), so a large corpus's names and topics
    need no pattern compiled on the answer path; other text goes through the pattern."""
    if phrase and ignore_case and text.isascii() and phrase.isascii():
        text, phrase, ignore_case = text.lower(), phrase.lower(), False
    if phrase and not ignore_case:
        return next(whole_word_spans(text, phrase), None) is not None
    return _whole_word_pattern(phrase, ignore_case).search(text) is not None


def whole_word_spans(text: str, phrase: str, *, possessive: bool = True) -> Iterator[tuple[int, int]]:
    r"""(start, end) of each place the non-empty `phrase` stands in `text` as whole words, case kept,
    left to right without overlaps (`possessive=False`: not where "'s" follows, nor "' " and a word
    after a final s, "Jo Bloggs’ deputy"): what `re.finditer` of `whole_word(phrase)` (followed by
    `(?!['’]s\b)(?!(?<=s)['’] \w)`) finds, without compiling a pattern for each of a large corpus's names."""
    size, at = len(phrase), text.find(phrase)
    while at != -1:
        end = at + size
        if ((at == 0 or not _is_word(text[at - 1])) and (end == len(text) or not _is_word(text[end]))
                and (possessive or not _possessive_at(text, end))):
            yield at, end
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)


def _is_word(char: str) -> bool:
    """What `\\w` matches in a regular expression over text."""
    return char.isalnum() or char == "_"


def _possessive_at(text: str, at: int) -> bool:
    """Whether "'s" follows, or, after a name ending in s, an apostrophe and a word ("Jo Bloggs’ deputy")."""
    if text[at:at + 1] not in ("'", "’"):
        return False
    if text[at + 1:at + 2] == "s" and (at + 2 == len(text) or not _is_word(text[at + 2])):
        return True
    return text[at - 1:at] == "s" and text[at + 1:at + 2] == " " and _is_word(text[at + 2:at + 3])


@lru_cache(maxsize=1 << 14)  # a build checks every person's names in every passage: more than `re` caches
def _whole_word_pattern(phrase: str, ignore_case: bool) -> re.Pattern:
    return re.compile(whole_word(phrase), re.I if ignore_case else 0)


def ascii_table(kept: str) -> bytes:
    """A `bytes.translate` table for `ascii_runs`: the (lower-case ASCII) characters `kept` kept,
    upper-case letters lowered into them, every other byte a space."""
    return bytes(c + 32 if chr(c + 32) in kept and "A" <= chr(c) <= "Z" else c if chr(c) in kept else 32
                 for c in range(256))


def ascii_runs(text: str, table: bytes) -> list[str]:
    """The runs of `table`'s kept characters in `text`, lowered; `text` must be ASCII. For ASCII
    text this is `re.findall("[kept]+", text.lower())` in one C pass (several times faster)."""
    return text.encode("ascii").translate(table).decode("ascii").split()


def words(text: str) -> str:
    """Lower-case letters and digits only, one space between words: how names are compared."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def bare_name(name: str) -> str:
    """The name without a leading honorific: "Dr Fiona Goudie" -> "Fiona Goudie"."""
    parts = name.split()
    while len(parts) > 1 and parts[0].lower().strip(".") in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts)


def name_forms(name: str) -> list[str]:
    """Ways a text refers to a person: full name, without honorific, first name, surname."""
    return list(_name_forms(name))


@lru_cache(maxsize=1 << 14)  # a build asks for each person's forms in every passage of their document
def _name_forms(name: str) -> tuple[str, ...]:
    forms = {name, bare_name(name)}
    parts = name.split()
    while len(parts) > 2 and parts[-1].strip(",.") in POST_NOMINALS:
        parts = parts[:-1]  # "Professor Helen Marsh OBE" is "Professor Marsh" and "Helen Marsh" too
    parts[-1] = parts[-1].rstrip(",")
    name = " ".join(parts)
    bare = bare_name(name).split()
    forms |= {name, " ".join(bare)}
    if len(bare) >= 2:
        forms.update({bare[0], bare[-1]})
        if parts[0] != bare[0]:
            forms.add(f"{parts[0]} {bare[-1]}")  # "Dr Goudie"
        if parts[0].rstrip(".") == "Dr":  # "Doctor Goudie", "Doctor Fiona Goudie"
            forms.update({f"Doctor {bare[-1]}", f"Doctor {' '.join(bare)}"})
    return tuple(sorted((f for f in forms if len(f) >= 3), key=len, reverse=True))


@lru_cache(maxsize=1 << 16)  # a directory keys every person of every document, most recurring
def person_key(name: str) -> str:
    """People are the same across documents when their names without honorifics match."""
    return re.sub(r"[^a-z]+", " ", bare_name(name).lower()).strip()


_CURLY_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                               "\u201e": '"', "\u2032": "'", "\u2033": '"'})


def evidence_form(text: str) -> str:
    """Lower case, curly quotes straight, runs of white space one space: the form in which an evidence
    string is looked for in a passage (`peerbot eval`, the example questions)."""
    return re.sub(r"\s+", " ", text.translate(_CURLY_QUOTES)).strip().lower()
