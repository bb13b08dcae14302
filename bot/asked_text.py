"""The question as asked, normalised once for every adapter: `normalise_question`."""

from __future__ import annotations

import re

from bot.chat_markup import without_chat_markup
from bot.quoted_email import hands_over, own_words
from bot.typed_words import typed_words

MAX_QUESTION_CHARS = 1000


def normalise_question(text: str) -> str:
    """The question as asked, once for every adapter: the asker's own words, not the email they paste
    (`bot.quoted_email`: all of it when their own words only hand it over), without what a chat adds to
    address people (`@channel`, mentions, link markup: `bot.chat_markup`), as typed plainly (`bot.typed_words`:
    fullwidth letters, look-alikes of other scripts inside a Latin word, zero-width and bidi characters, tag
    characters, other scripts' digits), spaces collapsed, at most 1,000 characters."""
    own, whole = own_words(typed_words(text or ""))
    asked = whole if whole and hands_over(own) else own
    return re.sub(r"\s+", " ", without_chat_markup(asked)).strip()[:MAX_QUESTION_CHARS]
