"""The question as asked, normalised once for every adapter: `normalise_question`."""

from __future__ import annotations

import re
import unicodedata

from bot.chat_markup import without_chat_markup
from bot.quoted_email import hands_over, own_words
from index import without_hidden

MAX_QUESTION_CHARS = 1000


def normalise_question(text: str) -> str:
    """The question as asked, once for every adapter: the asker's own words, not the email they paste
    (`bot.quoted_email`: all of it when their own words only hand it over), without what a chat adds to
    address people (`@channel`, mentions, link markup: `bot.chat_markup`), in compatibility form (NFKC:
    fullwidth letters and digits, ligatures and accents as typed plainly), without bidi controls and tag
    characters (`index.without_hidden`), spaces collapsed, at most 1,000 characters."""
    own, whole = own_words(unicodedata.normalize("NFKC", without_hidden(text or "")))
    asked = whole if whole and hands_over(own) else own
    return re.sub(r"\s+", " ", without_chat_markup(asked)).strip()[:MAX_QUESTION_CHARS]
