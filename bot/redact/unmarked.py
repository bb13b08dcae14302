"""The text as the finders read it, pure: Slack's markup around words taken off ("*Mrs Patel*", "_mr okafor_", "<mailto:jo@x.com|Jo>", "<tel:07700900123>"), a Slack mention's label read as words ("<@U1|mrs.patel>": "mrs patel"),
Teams' HTML read as the spaces and line breaks it shows ("<at>Peerbot</at>", "Mrs&nbsp;Patel", "<br>"), runs of spaces made one ("LS6   2AB", "Mrs  Patel"),
a phone's digits typed one by one joined ("0 7 7 0 0  9 0 0 1 2 3") and ten or more digits in words read as digits ("nine four
three …"), with, for each character read, where it is in the text
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
# A Slack user's or channel's mention with its label, whose separators read as spaces: "<#C1|okafor-family>"
_MENTION = re.compile(r"(?P<mention><[@#][A-Z0-9]{2,20}\|)(?P<name>[^<>|\n]{1,80})>")
# An HTML tag Teams sends (its attributes and all, as one space, or a line break for a block's), an entity as what it shows
_TAG = re.compile(r"(?P<tag></?(?i:(?P<block>br|p|div|li|ul|ol|h[1-6]|blockquote|tr)|at|span|b|i|u|em|strong|font|code)\b[^<>\n]{0,200}>)")
_ENTITIES = {"&nbsp;": " ", "&#160;": " ", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&apos;": "'"}
_ENTITY = re.compile(r"(?P<entity>&(?:nbsp|#160|amp|quot|#39|apos);)")
# Ten or more digits in words, each word a digit: an NHS number or a phone read aloud ("oh seven seven …")
_DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9"}
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_IN_WORDS = re.compile(rf"(?P<words>(?i:\b{_DIGIT_WORD}(?:(?:[ \t]+|[ \t]*[,-][ \t]*){_DIGIT_WORD}){{9,}}\b))")
# What any of them needs, looked for first: most questions have none (a quarter of the cost of looking for each); two
# digits in words in lower case (in any case, three times the cost: a run in capitals is the rarer still)
_MAYBE = re.compile(rf"[*_~<&]|[ \t]{{2}}|\d[ \t.-]{{1,2}}\d[ \t.-]{{1,2}}\d|\b{_DIGIT_WORD}[ \t,-]+{_DIGIT_WORD}\b")
_READ = re.compile(rf"{_LINK.pattern}|{_MENTION.pattern}|{_TAG.pattern}|{_ENTITY.pattern}|(?P<emphasis>{_EMPHASIS.pattern})"
                   rf"|(?P<digits>{_ONE_BY_ONE.pattern})|{_IN_WORDS.pattern}|(?P<spaces>{_SPACES.pattern})")


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
    if match.group("mention"):  # its brackets and id as a space, its label's separators as spaces
        return [(match.start(), " "), *((i, " " if match.string[i] in "._-" else match.string[i])
                                        for i in range(match.start("name"), match.end("name"))), (match.end() - 1, " ")]
    if match.group("tag"):
        return [(match.start(), "\n" if match.group("block") else " ")]
    if match.group("entity"):
        return [(match.start(), _ENTITIES[match.group().lower()])]
    if match.group("words"):
        return [(match.start() + word.start(), _DIGIT_WORDS[word.group().lower()])
                for word in re.finditer(r"[A-Za-z]+", match.group())]
    if match.group("emphasis"):
        return [(i, " ") for i in range(match.start(), match.end())]
    if match.group("digits"):
        return [(i, match.string[i]) for i in range(match.start(), match.end()) if match.string[i].isdigit()]
    return [(match.start(), " ")]  # spaces: one
