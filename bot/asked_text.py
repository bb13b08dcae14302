"""The question as asked, normalised once for every adapter (`normalise_question`), and as asked with its
misspellings corrected (`respelt`)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bot.chat_markup import without_chat_markup
from bot.quoted_email import hands_over, own_words
from bot.typed_words import typed_words

MAX_QUESTION_CHARS = 1000
MIN_LIKENESS = 0.75  # a word split or joined with others keeps a correction this alike ("recrod": "record", 0.83)


def normalise_question(text: str) -> str:
    """The question as asked, once for every adapter: the asker's own words, not the email they paste
    (`bot.quoted_email`: all of it when their own words only hand it over), without what a chat adds to
    address people (`@channel`, mentions, link markup: `bot.chat_markup`), as typed plainly (`bot.typed_words`:
    fullwidth letters, look-alikes of other scripts inside a Latin word, zero-width and bidi characters, tag
    characters, other scripts' digits), spaces collapsed, at most 1,000 characters."""
    own, whole = own_words(typed_words(text or ""))
    asked = whole if whole and hands_over(own) else own
    return re.sub(r"\s+", " ", without_chat_markup(asked)).strip()[:MAX_QUESTION_CHARS]


def respelt(asked: str, searched: str) -> str:
    """`asked` with each word the speller corrected (`searched`: the question as searched) in its corrected
    spelling ("cut agncy spend": "cut agency spend"), so a reply that echoes the asker's words never echoes a
    misspelling: one word read as one other, or, among words it split or joined, one still spelt much the same
    ("recrod rollouts": "record rollouts"); a word split or joined ("rollouts": "roll out") or a number read
    as a word ("bed 4") stays as typed, as does everything between."""
    typed, read = asked.split(), searched.split()
    out = list(typed)
    matcher = SequenceMatcher(a=[_bare(w) for w in typed], b=[_bare(w) for w in read], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        j = j1
        for i in range(i1, i2):
            if i2 - i1 == j2 - j1:
                found: int | None = j1 + i - i1
            else:  # the nearest spelling still to come in the block, if near enough
                found = max(range(j, j2), default=None, key=lambda k: _likeness(typed[i], read[k]))
                if found is not None and _likeness(typed[i], read[found]) < MIN_LIKENESS:
                    found = None
            if found is None:
                continue
            word, corrected = _CORE.search(typed[i]), _CORE.search(read[found])
            if word and corrected and word.group().isalpha() and corrected.group().isalpha():
                out[i] = typed[i][:word.start()] + corrected.group() + typed[i][word.end():]
                j = found + 1
    return " ".join(out)


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(a=_bare(a), b=_bare(b), autojunk=False).ratio()


def _bare(word: str) -> str:
    return re.sub(r"[^\w'-]", "", word.lower())


_CORE = re.compile(r"[\w'’-]+")  # a word without the punctuation around it
