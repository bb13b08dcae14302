"""Spelling tolerance that reads a word's neighbours in English's pairs of words (`Speller` in
spelling.py composes it):

- A short unknown word is taken for a word a question is asked with, typed without its vowel or with
  two letters swapped ("hw" -> "how", "wht" -> "what"), when English writes it beside a neighbour.
- "2" and "4" are read as "to" and "for" when English writes those beside the neighbouring words far
  more often than "two" and "four".
- A word people write for another that sounds alike ("there" for "their", "stuff" for "staff") is read
  as that word when English writes it beside the neighbours far more often (or the corpus uses only it).
- An English word the corpus never uses is taken for a corpus word one edit away, or one that sounds
  the same, that English writes beside a neighbour and writes much more often.
"""

from __future__ import annotations

import math
from collections import Counter

from index.lexical import STOPWORDS
from index.spelling_forms import (
    ASKING_WORDS,
    CONFUSABLES,
    MIN_LENGTH,
    NUMERALS,
    PARTICLES,
    VOWELS,
    one_edit_from,
    sound,
)

NUMERAL_RATIO = 30  # how much more often English must write "to" ("for") than "two" ("four") beside a "2" ("4") (benchmarks/typo_classes.py)
CONFUSABLE_RATIO = 30  # how much more often English must write a word's partner beside a neighbour to read it so (benchmarks/typo_classes.py)
CONFUSABLE_DOUBT = 2  # a neighbour English writes beside the typed word this share as often as beside its partner keeps it (benchmarks/typo_classes.py)
PAIR_FLOOR = 500_000  # a pair English's list lacks counts as this often (the list keeps pairs written some 6 million times or more)


class NeighbourWords:
    """What `Speller` sets up for them: the corpus's words and English's, its pairs and the ratios."""

    _vocabulary: Counter[str]
    _known: dict[str, int]
    _pairs: dict[str, int]
    _commonest: int
    _real_word_ratio: float
    _sound_ratio: float
    _sounds: dict[str, str]
    _corpus_pairs: dict[str, int]
    _one_edit_table: dict[str, str]

    def _asking_word(self, word: str, before: str, after: str) -> str | None:
        """A word a question is asked with (ASKING_WORDS) typed in two or three letters that neither the
        corpus nor English has: without its vowel ("hw" -> "how", "wht" -> "what", "dd" -> "did") or
        with its last two letters swapped ("hwo" -> "how"), keeping its first letter, when English
        writes it beside one of the question's neighbouring words; the commonest in English. Only these
        words: a short unknown word is as often an acronym typed in lower case ("hr", "wy", "mdt")."""
        candidates = {word[0] + word[2] + word[1]} if len(word) == 3 else set()
        if not any(c in VOWELS for c in word):
            candidates |= {word[:i] + vowel + word[i:] for i in range(1, len(word) + 1) for vowel in VOWELS}
        found = [c for c in candidates & ASKING_WORDS if self._beside(c, before, after)]
        return max(found, key=lambda c: self._known.get(c, 0)) if found else None

    def _numeral(self, digit: str, before: str, after: str) -> str | None:
        """"to" for "2" ("for" for "4") when English writes it beside the neighbouring words `NUMERAL_RATIO`
        times more often than "two" ("four"): "2 get" -> "to get", "entitled 2 as" -> "entitled to as",
        but "2 people", "these 2" and "2 or" stay; None to keep the number."""
        word, number = NUMERALS[digit]
        read = self._beside(word, before, after)
        return word if read and read > NUMERAL_RATIO * self._beside(number, before, after) else None

    def _confusable(self, word: str, before: str, after: str) -> str | None:
        """The word of `CONFUSABLES` that `word` was written for, as people write "there" for "their" or "stuff"
        for "staff", read by its neighbours (`before`, `after`, as corrected; "" for an acronym): the partner
        English writes beside a neighbour `CONFUSABLE_RATIO` times more often than `word`, and so beside every
        neighbour it writes `word` beside at all ("across there trusts", "rather then seeing", "theatres where
        used"; "for there still", "is there data" and "resources where needed" stay); else a partner the corpus
        uses and never `word`, before a content word neither the corpus nor English writes `word` before, when
        one of them writes the partner there ("psychology stuff bank" -> "staff bank") or the phrase starts
        with `word` (the corpus's own word where English says nothing: "the stuff wellbeing hub"; "good stuff",
        "purpose stuff still" and "could stuff be" stay). None to keep `word`."""
        if word in PARTICLES and self._phrasal(before, word):
            return None  # "signs off", "run off": a verb's particle
        # a particle is written beside every function word ("off the", "of the"): only content words tell
        sides = [(w, pair) for w, pair in _sides(before, after) if not (word in PARTICLES and w in STOPWORDS)]
        found = []
        for partner in CONFUSABLES.get(word, ()):
            counts = [(self._pairs.get(pair.format(partner), 0), self._pairs.get(pair.format(word), 0)) for _, pair in sides]
            speaks = [read > CONFUSABLE_RATIO * max(typed, PAIR_FLOOR) for read, typed in counts]
            doubt = math.inf if word in PARTICLES else CONFUSABLE_DOUBT  # "pay off": a phrase English writes
            if any(speaks) and all(read > doubt * typed for read, typed in counts if typed):
                found.append((sum(read for read, _ in counts), partner))
        if found:
            return max(found)[1]
        following = [pair for neighbour, pair in sides[-1:] if neighbour == after and _content(neighbour)]
        if not following or word in self._vocabulary or self._paired(word, following):
            return None
        for partner in CONFUSABLES.get(word, ()):
            # the partner written before the next content word, or that word opening the phrase (after "the")
            if partner in self._vocabulary and (self._paired(partner, following) or not _content(before)):
                return partner
        return None

    def _phrasal(self, verb: str, particle: str) -> bool:
        """Whether English writes `particle` after `verb` or after its stem ("signs off", "signed off": "sign off")."""
        stems = {verb} | {verb[:-len(e)] for e in ("s", "ed", "ing") if verb.endswith(e) and len(verb) > len(e) + 2}
        return any(f"{stem} {particle}" in self._pairs for stem in stems)

    def _paired(self, word: str, pairs: list[str]) -> bool:
        """Whether the corpus or English writes `word` in one of `pairs` (templates: "across {}")."""
        return any(p.format(word) in self._corpus_pairs or p.format(word) in self._pairs for p in pairs)

    def _real_word(self, word: str, before: str, after: str) -> str | None:
        """A corpus word for an English word the corpus never uses, where English writes the corpus word
        beside one of the question's neighbouring words and never the typed word: one edit away, when
        English writes it `REAL_WORD_RATIO` times more often ("wader" -> "wider"); else one that sounds
        the same (`sound`), when English writes it `sound_ratio` times more often, as dictated or
        hurried typing swaps them ("bored" -> "board", "patience" -> "patients", "staph" -> "staff")."""
        if len(word) < MIN_LENGTH or word in self._vocabulary:
            return None
        typed = self._known[word]
        if min(self._real_word_ratio, self._sound_ratio) * typed > self._commonest:
            return None  # no corpus word that common
        groups = [[c for c in candidates if c[:1] == word[:1] and c in self._vocabulary and c != word
                   and self._known.get(c, 0) >= ratio * typed]
                  for candidates, ratio in ((one_edit_from(word, self._one_edit_table) if self._real_word_ratio * typed <= self._commonest else (),
                                             self._real_word_ratio),
                                            (self._sounds.get(sound(word), "").split(), self._sound_ratio))]
        if not any(groups) or self._beside(word, before, after):
            return None  # no candidate (English's pairs are not read: most questions never need them), or
            # English writes the typed word beside its neighbours
        for group in groups:
            found = [c for c in group if self._beside(c, before, after)]
            if found:
                return max(found, key=lambda c: (self._vocabulary[c], c))
        return None

    def _beside(self, word: str, before: str, after: str) -> int:
        """How often English writes `word` after `before` and before `after`."""
        return self._pairs.get(f"{before} {word}", 0) + self._pairs.get(f"{word} {after}", 0)



def _content(word: str) -> bool:
    return word.isalpha() and word not in STOPWORDS


def _sides(before: str, after: str) -> list[tuple[str, str]]:
    """Each neighbouring word and the pair it makes with a word, as a template ("across {}", "{} trusts")."""
    return [(w, pair) for w, pair in ((before, before + " {}"), (after, "{} " + after)) if w]
