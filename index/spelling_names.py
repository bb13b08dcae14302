"""Spelling tolerance for the corpus's acronyms and proper names (`Speller` in spelling.py composes it):

- An acronym the corpus does not use is repaired into one it does (or an NHS term English's list lacks) by
  one letter added or dropped or two neighbouring letters swapped ("MHDA" -> "MHLDA", "GIRTF" -> "GIRFT"); an acronym's plural ("GPs", "CEOs") is left as typed;
  a lower-case word no one uses, by two neighbouring letters swapped only ("grift" -> "girft").
- A capitalised word the corpus does not use (any word, when the question is all in lower case), one
  edit from a word of one of the corpus's proper names (its organisations, places, people) that the
  name writes beside one of the question's neighbouring words, is taken for that name's word ("Deon
  Partnership Trust" -> "Devon Partnership Trust", "sir richard lease" -> "sir richard leese"),
  however common it is in English: a name the corpus does not cover is not made up of typos.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from index.english import LACKING
from index.spelling_forms import MIN_LENGTH, deletion_table, deletions, one_edit_from

ACRONYM_LENGTHS = (3, 7)  # the lengths of the corpus's acronyms that typed ones are repaired into
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class NamesAndAcronyms:
    """What `Speller` sets up for them: the corpus's words and English's."""

    _known: dict[str, int]
    _vocabulary: Counter[str]

    def _learn_names(self, vocabulary: Counter[str], names: Iterable[str]) -> None:
        """The one-letter deletions of the acronyms and of the names' words, and the names' pairs of words
        (each table set once whole: a server's other threads may read them as soon as they are set)."""
        shortest, longest = ACRONYM_LENGTHS
        acronyms = {w for w in vocabulary if w.isalpha() and shortest <= len(w) <= longest and w not in self._known}
        acronyms |= {w for w in LACKING if shortest <= len(w) <= longest}  # NHS terms English's list lacks: "GIRFT"
        acronym_deletions: dict[str, set[str]] = {}
        for acronym in acronyms:
            for shorter in deletions(acronym):
                acronym_deletions.setdefault(shorter, set()).add(acronym)
        pairs: set[str] = set()  # each pair of neighbouring words in a name ("devon partnership")
        firsts: set[str] = set()  # the first and the second words of those pairs, lower case
        seconds: set[str] = set()
        name_words: set[str] = set()  # the capitalised words of the names, lower case
        for name in set(names):
            words = _NAME_WORD.findall(name)
            pairs.update(f"{a} {b}".lower() for a, b in zip(words, words[1:]))
            firsts.update(w.lower() for w in words[:-1])
            seconds.update(w.lower() for w in words[1:])
            name_words.update(w.lower() for w in words if w[0].isupper() and len(w) >= MIN_LENGTH and w.isalpha())
        name_deletions = deletion_table(sorted(name_words))  # those words by each one-letter deletion
        self._acronyms, self._acronym_deletions, self._name_deletions = acronyms, acronym_deletions, name_deletions
        self._name_pairs, self._name_firsts, self._name_seconds = pairs, firsts, seconds

    def _name(self, word: str, before: str, after: str) -> str | None:
        """A word of the corpus's names one edit from `word` (the same first letter) that a name writes
        beside the question's word before or after it ("deon" before "partnership" -> "devon")."""
        if len(word) < MIN_LENGTH or (before not in self._name_firsts and after not in self._name_seconds):
            return None  # no name writes a word after `before` or before `after`
        near = {c for c in one_edit_from(word, self._name_deletions)
                if f"{before} {c}" in self._name_pairs or f"{c} {after}" in self._name_pairs}
        candidates = [c for c in near if c[:1] == word[:1]]
        return max(candidates, key=lambda c: (self._vocabulary.get(c, 0), c)) if candidates else None

    def _swapped_acronym(self, typed: str) -> str | None:
        """The corpus's commonest acronym (or NHS term English's list lacks) that `typed`, a word neither the
        corpus nor English has, is with two neighbouring letters swapped ("grift" -> "girft", "nlteft" ->
        "nelft"); the speller tries it before English's words ("grift" is no "gift")."""
        swapped = {typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:] for i in range(len(typed) - 1)}
        found = sorted(swapped & self._acronyms)
        return max(found, key=lambda w: self._vocabulary[w]) if found else None

    def _acronym(self, typed: str) -> str | None:
        """The corpus's commonest acronym (or NHS term English's list lacks) one letter longer or shorter than
        `typed` ("mhda" -> "mhlda"), or with two neighbouring letters swapped ("girtf" -> "girft")."""
        shortest, _ = ACRONYM_LENGTHS
        if len(typed) < shortest:
            return None
        swapped = {typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:] for i in range(len(typed) - 1)}
        found = self._acronym_deletions.get(typed, set()) | (swapped & self._acronyms) \
            | (deletions(typed) & self._acronyms if len(typed) > shortest else set())
        found = {a for a in found if a != typed + "s" and a + "s" != typed}  # "CCG" is no typo of "CCGs"
        return max(sorted(found), key=lambda w: self._vocabulary[w]) if found else None
