"""Which Unicode encoding a text file's bytes are in: UTF-8 (with or without a byte-order mark), or
UTF-16 or UTF-32, told by their mark or, without one, by the NULs they put in every second or fourth
byte of Latin text. Read as UTF-8, UTF-16 text without a mark can decode (its bytes are ASCII and
NULs), and its curly quotation marks and dashes become control characters: a quotation unseen."""

from __future__ import annotations

import codecs

_MARKS = (  # UTF-32 LE's mark begins with UTF-16 LE's, so it is tried first
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NUL_LANES = {  # which of each four bytes are mostly NUL -> the encoding
    (False, True, True, True): "utf-32-le", (True, True, True, False): "utf-32-be",
    (False, True, False, True): "utf-16-le", (True, False, True, False): "utf-16-be"}
_SAMPLE = 4096  # bytes looked at: enough for a line or two of text


def encoding_of(raw: bytes) -> str:
    """The codec name `raw` decodes with: by its byte-order mark, else by where its NULs fall, else UTF-8."""
    for mark, name in _MARKS:
        if raw.startswith(mark):
            return name
    sample = raw[:_SAMPLE - _SAMPLE % 4]
    rows = len(sample) // 4
    if rows and b"\0" in sample:
        lanes = tuple(sample[lane::4].count(0) * 2 > rows for lane in range(4))
        return _NUL_LANES.get(lanes, "utf-8")  # type: ignore[arg-type]
    return "utf-8"


def decoded_text(raw: bytes) -> str:
    """`raw` decoded as the encoding it is in (`encoding_of`); raises UnicodeDecodeError."""
    return raw.decode(encoding_of(raw))


def undecodable(error: UnicodeDecodeError) -> str:
    """The reason to show for a file that did not decode: which encoding, and where."""
    name = error.encoding.upper().removesuffix("-SIG").removesuffix("-LE").removesuffix("-BE")
    return f"not {name} text (bad byte at offset {error.start})"
