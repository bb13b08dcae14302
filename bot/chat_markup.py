"""What a chat adds to a question, taken out before it is searched: `without_chat_markup`.

Pings and mentions are addressed to people, not asked of the lessons: "@channel what did others do
on financial risk sharing?" is the question "what did others do on financial risk sharing?". Gone:
broadcast words (`@channel`, `@here`, `@everyone`, `@all`, `@team`), Slack's markup (`<!here>`,
`<@U…|name>`, `<#C…|name>`, `<!subteam^…|@team>`, escaped or not), Teams' `<at>…</at>` tags and a
typed `@handle`; a link keeps its label (`<https://x.org|the guide>` is "the guide", `[the
guide](https://x.org)` too), a bare link in angle brackets its address. An emoji's Slack shortcode
(`:wave:`, `:+1::skin-tone-2:`) is a picture, not a word: "hello :wave:" is a greeting.

`without_formatting`: the question as it reads, for showing it elsewhere (the digest): Slack's
formatting characters gone (`*bold*`, `_italic_`, `~struck~`, `` `code` ``, a ```` ``` ```` block, a
"> " quotation), characters that are part of the words kept ("snake_case", "2*3", "~5 people").
"""

from __future__ import annotations

import html
import re

_AT_TAG = re.compile(r"<at\b[^>]*>.*?</at\s*>", re.I | re.S)  # Teams: the mentioned name goes with its tag
_SLACK_TOKEN = re.compile(r"<([@#!][^<>]*)>")  # <@U…>, <#C…|ops>, <!here>, <!subteam^S1|@leads>
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^<>|\s]*)(?:\|([^<>]*))?>", re.I)
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]+)\]\((?:https?|mailto):[^()\s]*\)", re.I)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z][\w.\-]*")  # "@channel", "@jo.smith"; never an email's domain
_EMOJI = re.compile(r"(?<![\w:])(?::(?:[a-z0-9][a-z0-9_'-]*|[+-]1):)+(?![\w:])", re.I)  # Slack's ":wave:"
_CODE_BLOCK = re.compile(r"```\s*(.*?)\s*```", re.S)
# a pair of *, _, ~ or ` around words, as Slack reads it: not inside a word, no space just inside
_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~`])(?=\S)((?:(?!\1).)+?)(?<=\S)\1(?![\w*_~`])")
_QUOTE_LINE = re.compile(r"^[ \t]*>[ \t]+", re.M)
_ESCAPED = re.compile(r"&lt;(?:[@#!]|/?at\b)", re.I)  # "&lt;!here&gt;": markup typed, or sent, escaped


def without_chat_markup(text: str) -> str:
    """`text` as the question its asker typed, without what the chat added to address people (and the
    separator a mention leaves: "@peerbot: how …"; "--x" typed as it is stays as it is)."""
    typed = text
    if _ESCAPED.search(text):
        text = html.unescape(text)
    text = _AT_TAG.sub(" ", text)
    text = _SLACK_TOKEN.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(1), text)
    text = _MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = _HANDLE.sub(" ", text)
    text = _EMOJI.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if text == re.sub(r"\s+", " ", typed).strip() else text.lstrip(",;:-–— ")


def without_formatting(text: str) -> str:
    """`text` without Slack's formatting characters, its words and their own characters kept."""
    text = _QUOTE_LINE.sub("", _CODE_BLOCK.sub(r"\1", text))
    while (plain := _EMPHASIS.sub(r"\2", text)) != text:  # nested: "*_really_*"
        text = plain
    return re.sub(r"\s+", " ", text).strip()
