"""The text as the finders read it, pure: Slack's markup around words taken off ("*Mrs Patel*", "_mr okafor_", "<mailto:jo@x.com|Jo>", "<tel:07700900123>"), runs of spaces made one ("LS6   2AB", "Mrs  Patel") and
a phone's digits typed one by one joined ("0 7 7 0 0  9 0 0 1 2 3"), with, for each character read, where it is in the text
typed, so that what is found there is replaced where it was typed and the markup stays around its placeholder."""

from __future__ import annotations

import re

# Slack's emphasis (bold, italic, strike) just before a word's start or just after its end: not an underscore or an
# asterisk inside a word ("sallyb_72", "3*4") nor a bullet's asterisk ("* item"). Code's backticks stay: what they hold is
# code, not prose ("`sys.modules`", "`offtopic` must"), and a number in them is found as it is ("`9434765919`")
_EMPHASIS = re.compile(r"(?<![\w*_~])[*_~]+(?=[^\s*_~])|(?<=[^\s*_~])[*_~]+(?![\w*_~])")
# An email or phone link, its address and what it shows: "<mailto:jo@x.com|Jo>", "<tel:+447700900123>"
_LINK = re.compile(r"(?P<open><(?:mailto|tel):)(?P<address>[^|<>\s]*)(?:(?P<bar>\|)(?P<label>[^<>\n]*))?(?P<close>>)")
_SPACES = re.compile(r"[ \t]{2,}")
# A UK phone number's eleven digits typed one by one, a space, a hyphen or a dot (or two spaces) between each (ten digits
# so typed are an NHS number only with its check digit: `bot.redact.patterns.NHS_GROUPED`)
_ONE_BY_ONE = re.compile(r"(?<![\w.-])0(?:(?:[ \t]{1,2}|[-.])\d){10}(?![\w]|[ \t.-]{1,2}\d)")
# What any of them needs, looked for first: most questions have none (a quarter of the cost of looking for each)
_MAYBE = re.compile(r"[*_~<]|[ \t]{2}|\d[ \t.-]{1,2}\d[ \t.-]{1,2}\d")
_READ = re.compile(rf"{_LINK.pattern}|(?P<emphasis>{_EMPHASIS.pattern})|(?P<digits>{_ONE_BY_ONE.pattern})|(?P<spaces>{_SPACES.pattern})")


def unmarked(text: str) -> tuple[str, list[int]]:
    """`text` as the finders read it, and for each of its characters (and its end) the index in `text` of the
    character it came from."""
    if not _MAYBE.search(text) or not _READ.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _READ.finditer(text):
        out.append(text[position:match.start()])
        origin.extend(range(position, match.start()))
        for index, character in _read(match):
            out.append(character)
            origin.append(index)
        position = match.end()
    out.append(text[position:])
    origin.extend(range(position, len(text) + 1))
    return "".join(out), origin


def _read(match: re.Match[str]) -> list[tuple[int, str]]:
    """What a match reads as, each character with its index in the text."""
    if match.group("open"):  # the link's brackets, scheme and bar as spaces; its address and label as typed
        kept = [match.span(group) for group in ("address", "label") if match.group(group) is not None]
        return [(i, match.string[i] if any(start <= i < end for start, end in kept) else " ")
                for i in range(match.start(), match.end())]
    if match.group("emphasis"):
        return [(i, " ") for i in range(match.start(), match.end())]
    if match.group("digits"):
        return [(i, match.string[i]) for i in range(match.start(), match.end()) if match.string[i].isdigit()]
    return [(match.start(), " ")]  # spaces: one
