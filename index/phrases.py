"""Which of many known phrases a text names, as whole words, at a cost that grows with the text and
not with the number of phrases (documents' organisations and aliases: thousands in a large corpus).

Phrases are keyed by their words (lower case); a text's runs of words are looked up in that
dictionary, and only the phrases found that way are checked with `mentions`' exact rule (whole
words; case kept for a phrase that must keep it). A phrase naming the text as whole words has the
same words in a row there, so the lookup never misses one `mentions` would find.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from index.text import ascii_runs, ascii_table, mentions

Key = TypeVar("Key", bound=Hashable)
_WORD = re.compile(r"\w+")
_WORD_BYTES = ascii_table(string.ascii_lowercase + string.digits + "_")  # `_WORD` on ASCII text


def _words(text: str) -> tuple[str, ...]:
    if text.isascii():  # casefolding ASCII is lowering it, and changes no word's bounds
        return tuple(ascii_runs(text, _WORD_BYTES))
    found = _WORD.findall(text)
    joined = " ".join(found)
    if joined.isascii():  # only the text between words is not ASCII (a dash, curly quotes): lower them at once
        return tuple(joined.lower().split())
    return tuple(w.casefold() for w in found)


class PhraseFinder(Generic[Key]):
    """Built once from (phrase, key, ignore_case); `found(text)` gives the keys of the phrases the
    text mentions as whole words."""

    def __init__(self, phrases: Iterable[tuple[str, Key, bool]]):
        # each phrase's pattern is compiled when a text first has its words (a large corpus has thousands)
        self._by_words: dict[tuple[str, ...], list[tuple[str, bool, Key]]] = defaultdict(list)
        self._wordless: list[tuple[str, bool, Key]] = []  # phrases of punctuation alone: always checked
        for phrase, key, ignore_case in phrases:
            words = _words(phrase)
            (self._by_words[words] if words else self._wordless).append((phrase, ignore_case, key))
        self._lengths: dict[str, list[int]] = defaultdict(list)  # first word -> lengths of the phrases it starts
        for words in self._by_words:
            if len(words) not in self._lengths[words[0]]:
                self._lengths[words[0]].append(len(words))

    def found(self, text: str) -> set[Key]:
        words = _words(text)
        keys: set[Key] = set()
        checked: set[tuple[str, ...]] = set()
        firsts = self._lengths.keys() & set(words)  # most texts start no phrase: nothing to walk
        for start, first in enumerate(words if firsts else ()):
            if first not in firsts:
                continue
            for n in self._lengths[first]:
                run = words[start:start + n]
                if len(run) < n or run in checked or run not in self._by_words:
                    continue
                checked.add(run)
                keys.update(key for phrase, ignore_case, key in self._by_words[run]
                            if key not in keys and mentions(text, phrase, ignore_case=ignore_case))
        keys.update(key for phrase, ignore_case, key in self._wordless if mentions(text, phrase, ignore_case=ignore_case))
        return keys
