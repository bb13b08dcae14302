"""Text as the words a person meant to type (pure; imports nothing of peerbot's, so adapters may use it).

Pasted or disguised text reads the same to a person and differently to a program: fullwidth letters
(`ｈｅｌｐ`), a Cyrillic `һ` or Greek `Ο` among Latin letters (`һelp`, `trυst`), zero-width spaces, joiners,
soft hyphens and byte-order marks inside a word, no-break and thin spaces, digits of other scripts
(`٩٤٣`). `typed_words` folds all of them before a command, a cue or an identifier is looked for:

- compatibility form (NFKC): fullwidth, ligatures, mathematical letters and superscripts as plain ones;
- every invisible format character (Unicode category Cf: zero-width, joiners, soft hyphen, bidi
  controls, tag characters) dropped, every space of another width a plain space;
- every decimal digit of any script as its ASCII digit;
- Cyrillic and Greek letters that look like Latin ones, each as its Latin twin: in every word when the
  text holds no other Cyrillic or Greek letter, else in the words (of letters and digits) that mix them
  with Latin letters or digits (a word with another Cyrillic or Greek letter is that language: left alone).

`folded(text)` is the same fold character by character with, for each folded character, where it came
from in `text`, so what is found in the fold (an NHS number) can be replaced in the text as written.
"""

from __future__ import annotations

import re
import unicodedata

_LOOK_ALIKES = str.maketrans(
    "аеорсухѕіјһԁԛԝӏАВЕКМНОРСТХУЅІЈ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρνκυ",
    "aeopcyxsijhdqwlABEKMHOPCTXYSIJ" "ABEZHIKMNOPTYXoipvku",
)
_WORD = re.compile(r"[^\W_]+")  # letters and digits: a channel id `С0АВ12СD` is one word


def typed_words(text: str) -> str:
    """`text` folded as the module says, in composed form (NFC)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", folded(text)[0])


def folded(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character, and for each character of the fold (and its end) the index
    in `text` of the character it came from."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        plain = c if c.isascii() else _char(c)
        out.append(plain)
        origin += [i] * len(plain)
    origin.append(len(text))
    return _look_alikes_folded("".join(out)), origin


def _char(c: str) -> str:
    category = unicodedata.category(c)
    if category == "Cf":
        return ""
    if category == "Zs":
        return " "
    if category == "Nd":
        return str(unicodedata.digit(c))
    return "".join(str(unicodedata.digit(d)) if unicodedata.category(d) == "Nd" else d
                   for d in unicodedata.normalize("NFKC", c))


def _look_alikes_folded(text: str) -> str:
    """The Cyrillic and Greek look-alikes in Latin letters (lengths kept): in every word when no other Cyrillic
    or Greek letter is in the text (it is written in Latin letters: `ѕаvе tһiѕ аѕ а lеѕѕоn`), else only in the
    words that mix them with Latin letters or digits."""
    if text.isascii():
        return text
    latin = not any(_other_script(c) for c in text.translate(_LOOK_ALIKES))
    return _WORD.sub(lambda m: _latin(m.group(), latin), text)


def _latin(word: str, latin_text: bool) -> str:
    if word.isascii():
        return word
    plain = word.translate(_LOOK_ALIKES)
    mixed = latin_text or any(c.isascii() for c in word)
    return plain if mixed and plain.isascii() else word


def _other_script(c: str) -> bool:
    return not c.isascii() and unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK"))
