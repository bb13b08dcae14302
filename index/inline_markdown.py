"""Markdown's inline markup read as the words it marks (pure): `**bold**`, `*emphasis*`,
`__bold__`, `_emphasis_`, `` `code` ``, `[text](address)`, `[text][label]` and `<https://…>` become
their text; struck-through HTML (`<del>`, `<s>`, `<strike>`) is struck as Markdown strikes it (`~~…~~`, kept, so a
quotation the document withdraws is seen as struck); images, footnote markers (`[^1]`), other HTML tags and comments go; a star left unpaired
before a word goes (one after a word is a plain footnote marker); entities (`&amp;`, `&#8217;`) and backslash escapes (`\\*`) read as the character they stand
for; soft hyphens and zero-width marks go. A lesson written in Markdown is served as prose, never
as raw markup in a chat message or a terminal."""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_IMAGE = re.compile(  # its alt text may hold brackets ("![“I [truly] stayed,” says Jo](a.png)"), its address parentheses
    r"!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\](?:\((?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\)|\[[^\]\n]*\])")
_LINK = re.compile(r"\[([^\]\n]*)\](?:\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)|\[[^\]\n^]*\])")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BREAK = re.compile(r"<(?:br|hr)\s*/?>|</?(?:p|div|li|ul|ol|dl|dt|dd|details|summary|section|h[1-6]|t[dhr]|table|blockquote)\b[^<>]*>", re.I)  # a space
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_STRUCK = re.compile(r"<(del|s|strike)\b[^<>]*>(.*?)</\1\s*>", re.I | re.S)
_STRONG = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=[^\s\\])\1")
_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?!\w)")  # snake_case is left alone
_LONE_STARS = re.compile(r"(?<![\w*\\])\*{1,3}(?=\w)|(?<=[\w.,;:!?%)\]”’\"'])(?<!\\)\*{2,3}(?![\w*])")  # "word*" is a marker
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_MARKS = frozenset("*_`[<&\\\u00ad\u200b\u200c\u200d\u2060\ufeff")


def plain(text: str) -> str:
    """`text` with its inline markup read: each link as its text, each emphasis as its words."""
    if _MARKS.isdisjoint(text):
        return text
    text = _INVISIBLE.sub("", text)
    text = _CODE.sub(lambda m: m.group(2).strip(), text)
    text = _STRUCK.sub(lambda m: f"~~{m.group(2).strip()}~~", text)
    bare = _TAG.sub("", _BREAK.sub(" ", _COMMENT.sub("", _FOOTNOTE_MARK.sub("", _IMAGE.sub("", text)))))
    if bare != text:  # something went: no double space where it stood
        text = re.sub(r"(?<=\S)[ \t]{2,}(?=\S)", " ", bare).strip(" \t")
    text = _AUTOLINK.sub(r"\1", _LINK.sub(r"\1", text))
    text = _STRONG.sub(r"\2", text)
    text = _STAR.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", _LONE_STARS.sub("", text))
    return html.unescape(text).replace("\u00a0", " ") if "&" in text else text
