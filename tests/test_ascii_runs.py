"""Words read from ASCII text by one `bytes.translate` pass (`index.text.ascii_runs`) are the words
each reader's regular expression finds: the hashing embedder's, people's names' (`\\w+`) and
repeated paragraphs' (`\\w+`), on random text of every ASCII character and on text that is not ASCII."""

from __future__ import annotations

import random
import re
import string

from index.chunking import Block
from index.hashing_embedder import hashing_words
from index.phrases import _words
from index.repeated_blocks import drop_repeated_blocks
from index.text import ascii_runs, ascii_table

_ASCII = [chr(c) for c in range(128)]
_OTHER = ["é", "İ", "ß", "’", "—", "\u00a0", "\u2028", "Σ", "ﬁ"]


def _texts(count: int, alphabet: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = alphabet + ["Board", "ICB", "care_home", "2024", "  ", "\n"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_ascii_runs_are_the_regular_expressions_runs_of_the_lowered_text():
    for kept, pattern in ((string.ascii_lowercase + string.digits, r"[a-z0-9]+"),
                          (string.ascii_lowercase + string.digits + "_", r"\w+")):
        table = ascii_table(kept)
        for text in _texts(5000, _ASCII, seed=1):
            assert ascii_runs(text, table) == re.findall(pattern, text.lower()), repr(text)


def test_each_reader_finds_the_words_its_regular_expression_finds_ascii_or_not():
    for text in _texts(3000, _ASCII, seed=2) + _texts(3000, _ASCII + _OTHER, seed=3):
        assert hashing_words(text) == re.findall(r"[a-z0-9]+", text.lower()), repr(text)
        expected = re.findall(r"\w+", text.lower()) if text.isascii() else [w.casefold() for w in re.findall(r"\w+", text)]
        assert list(_words(text)) == expected, repr(text)


def test_repeated_paragraphs_are_found_by_their_words_ascii_or_not():
    quote = "The board met the trust's Chief Executive, and agreed_the plan for 2024 together."
    for inner in (quote, quote.replace("board", "bóard")):
        outer = f"Opening words. {inner.upper()} Closing words of the longer paragraph here."
        blocks = [Block("", outer, "paragraph"), Block("", inner, "quote")]
        assert drop_repeated_blocks(blocks) == [blocks[0]]
