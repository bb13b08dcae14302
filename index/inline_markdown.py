"""Markdown's inline markup read as the words it marks (pure): `**bold**`, `*emphasis*`,
`__bold__`, `_emphasis_`, `` `code` `` and `[text](address)` become their text, so a lesson
written in Markdown is served as prose, never as raw markup in a chat message or a terminal."""

from __future__ import annotations

import re

_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:<[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?!\w)")  # snake_case is left alone
_CODE = re.compile(r"`([^`\n]+)`")


def plain(text: str) -> str:
    """`text` with its inline markup read: each link as its text, each emphasis as its words."""
    if not any(mark in text for mark in "*_`["):
        return text
    text = _CODE.sub(r"\1", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _STAR.sub(r"\1", text)
    return _UNDERSCORE.sub(r"\1", text)
