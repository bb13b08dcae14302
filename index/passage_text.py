"""Passage text as stored: zlib with a preset dictionary taken from the corpus itself.

A passage (about 700 characters) compresses poorly alone (1.8x with zlib); with a 32 KB preset
dictionary of the corpus's own text, whose phrases recur across passages, about 5x on the
synthetic 100k corpus (BENCHMARKS.md, "Disk at 100k"). The dictionary is chosen once per
database, from the first passages written, and kept in it (`passage_dictionary`), so every row
stays readable when later builds add documents. A passage's context line is not stored:
`passage_context` makes it from the document's title and the passage's section. Pure functions.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from functools import lru_cache

DICTIONARY_BYTES = 32 * 1024  # zlib's window: a longer dictionary is not used
SAMPLE_PASSAGES = 400  # passages the dictionary is taken from
LEVEL = 9


def passage_context(doc_title: str, section: str) -> str:
    """The line a passage is embedded and searched with: its document's title and its section."""
    return f"{doc_title} — {section}" if section else doc_title


class PassageTextDamaged(ValueError):
    """A stored passage whose bytes do not decompress to text."""


def dictionary(texts: Iterable[str]) -> bytes:
    """A preset dictionary from the first `SAMPLE_PASSAGES` texts (deterministic: same texts, same
    dictionary). zlib weighs the end of the dictionary most, so it holds the last 32 KB."""
    sample = []
    for i, text in enumerate(texts):
        if i >= SAMPLE_PASSAGES:
            break
        sample.append(text)
    return "\n".join(sample).encode("utf-8")[-DICTIONARY_BYTES:]


def pack(text: str, preset: bytes) -> bytes:
    """`text` compressed against `preset` (an empty preset compresses alone)."""
    packer = _primed(preset).copy()
    return packer.compress(text.encode("utf-8")) + packer.flush()


@lru_cache(maxsize=4)
def _primed(preset: bytes) -> zlib._Compress:
    """A compressor with `preset` loaded and nothing written: each passage's is a copy of it, the
    same bytes out as a new one, without loading the 32 KB dictionary again for every passage."""
    return zlib.compressobj(LEVEL, zdict=preset) if preset else zlib.compressobj(LEVEL)


def unpack(packed: bytes, preset: bytes) -> str:
    """The text `pack(text, preset)` stored; PassageTextDamaged when the bytes are not that."""
    try:
        unpacker = zlib.decompressobj(zdict=preset) if preset else zlib.decompressobj()
        raw = unpacker.decompress(packed) + unpacker.flush()
        if not unpacker.eof or unpacker.unused_data:
            raise PassageTextDamaged("a stored passage is truncated")
        return raw.decode("utf-8")
    except (zlib.error, UnicodeDecodeError, TypeError) as e:
        raise PassageTextDamaged(f"a stored passage cannot be read ({e})") from None
