"""`bot.echoed.echoed`, typed text quoted back, made of `index.text`'s shared helpers (`readable`, then
`without_format`) while keeping its stricter rule: no format character at all, so zero-width spaces and
joiners, the word joiner, a byte-order mark and soft hyphens go as well as what `readable` drops."""

from __future__ import annotations

import re

import pytest

from bot.echoed import echoed
from index import readable, without_format

UNSEEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\U000e0041"]


@pytest.mark.parametrize("char", UNSEEN)
def test_every_format_character_is_dropped_from_an_echo(char):
    assert echoed(f"Dr{char} Zed{char} Zebra{char}") == "Dr Zed Zebra"


def test_readable_keeps_the_joiners_a_script_needs_and_without_format_drops_them():
    """The corpus's text keeps a zero-width joiner (Indic scripts, emoji); an echo of a typed name does not."""
    word = "क्\u200dष"
    assert readable(word) == word
    assert without_format(word) == "क्ष"
    assert echoed(word) == "क्ष"


@pytest.mark.parametrize("typed", [
    "zebra\x1b[31m red\x1b]0;title\x07", "zebra\u202e dlrow", "zebra\r\nline\u2028two\x0bthree", "zebra\x85\x9b31m",
    "zebra\ud800 \udcff"])
def test_an_echo_is_one_line_of_no_control_hidden_or_undecodable_character(typed):
    shown = echoed(typed)
    assert shown.startswith("zebra")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029\ud800-\udfff]", shown), repr(shown)


def test_an_echo_is_cut_at_a_word():
    shown = echoed("zebra " * 40)
    assert len(shown) <= 80 and shown.endswith("zebra…")
