"""Spelling tolerance for a word neither the corpus nor English has (`Speller` in spelling.py composes
it): a corpus word it is with vowels left out, one or two edits away or that it starts; two words run
together; an English word one edit away or with a letter left out (spelling.py's docstring says when)."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable

from symspellpy import SymSpell, Verbosity

from index.spelling_forms import LETTERS, single_edits, skeleton, vowels_dropped
from index.spelling_runs import LONG_WORD
from index.spelling_slips import held_readings, slip_weight


class UnknownWords:
    """What `Speller` sets up for them: the corpus's words and English's, its constants and its look-ups."""

    _vocabulary: Counter[str]
    _known: dict[str, int]
    _symspell: SymSpell
    _skeletons: dict[str, str]
    _english_skeletons: dict[str, str]
    _sorted: list[str]
    _min_english: int
    _split_odds: float
    _long_name: int
    _split: Callable[[str], tuple[int, str | None]]
    _function_word_run: Callable[[str], str | None]
    _split_with_typo: Callable[[str, bool], str | None]
    _held: Callable[[str, bool], str | None]
    _paired_split: Callable[[str], str | None]

    def _unknown(self, word: str, into_english: bool = True) -> str | None:
        """The likeliest correction of a word neither the corpus nor English has: a corpus word it is with
        vowels left out (`_restored`), a corpus word one edit away, two words run together, the start of a
        corpus word, an English word one edit away, with vowels left out or with letters held down (`_held`:
        "frontllinne" -> "frontline"), a corpus word two edits away, two words run together that the corpus or
        English writes as a pair with one corrected (`_paired_split`: "turningpint"), in that order (English's words only when `into_english`); but a pair of words English writes
        `split_odds` times more often than the one-edit word goes first, and an English word with a doubled
        letter typed once goes before two words ("comission" is "commission", not "co mission")."""
        restored, in_corpus = self._restored(word)
        found = self._symspell.lookup(word, Verbosity.ALL, max_edit_distance=2 if len(word) >= LONG_WORD else 1,
                                      transfer_casing=False)
        near = [s for s in found if s.term[0] == word[0] and s.distance == 1]
        far = [s for s in found if s.term[0] == word[0] and s.distance == 2]
        english = (None if near or in_corpus else (self._into_english(word, restored) or self._held(word, True))
                   if into_english else self._letter_dropped(word))
        edit = (restored if in_corpus else max(near, key=lambda s: slip_weight(word, s.term) * s.count).term if near
                else english)
        pair, split = self._split(word)
        if split and pair:
            return split if pair > self._split_odds * self._known.get(edit or "", 0) else edit
        if near or in_corpus:
            return edit
        if split and english and word in held_readings(english):  # a doubled letter typed once, as said: "comission"
            return english  # is "commission", not "co mission"
        return (split or self._completion(word) or english or (self._function_word_run(word) if into_english else None)
                or (max(far, key=lambda s: s.count).term if far else None)
                or (self._paired_split(word) if into_english else None) or self._split_with_typo(word, into_english))

    def _restored(self, word: str) -> tuple[str | None, bool]:
        """The word `word` is with some or all of its vowels after the first letter left out, as people
        type in a hurry ("mntl" -> "mental", "govrnance" -> "governance", "sggst" -> "suggest"): the
        corpus's commonest such word, else English's; and whether it is the corpus's."""
        key = skeleton(word)
        for table, counts in ((self._skeletons, self._vocabulary), (self._english_skeletons, self._known)):
            found = [w for w in table.get(key, "").split() if vowels_dropped(word, w)]
            if found:
                return max(found, key=lambda w: (counts.get(w, 0), w)), table is self._skeletons
        return None, False

    def _completion(self, word: str) -> str | None:
        """The corpus's commonest word that starts with `word` ("yorks" -> "yorkshire")."""
        start = bisect.bisect_left(self._sorted, word)
        stop = bisect.bisect_left(self._sorted, word + "{")
        if start == stop or stop - start > 50:  # none, or too short a start to say which
            return None
        return max(self._sorted[start:stop], key=lambda w: self._vocabulary[w])

    def _letter_dropped(self, word: str) -> str | None:
        """English's commonest word that is `word` with one letter after its first put back, for a name
        English has typed with a letter left out ("Pyton" -> "Python", "Austrlia" -> "Australia"); only
        from `LONG_NAME` letters (a name the corpus does not use, "Cerner", "Kirkup", is no such typo)."""
        if len(word) < self._long_name:
            return None
        found = [w for w in (word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in LETTERS)
                 if w in self._known]
        return max(found, key=lambda w: self._known[w]) if found else None

    def _into_english(self, word: str, restored: str | None = None) -> str | None:
        """English's commonest word one edit from `word` (the same first letter), or `restored` (`word` with
        its dropped vowels put back) when that is commoner."""
        if len(word) < self._min_english:
            return None
        candidates = [w for w in single_edits(word) if w[:1] == word[:1] and w in self._known]
        candidates += [restored] if restored else []
        return max(candidates, key=lambda w: slip_weight(word, w) * self._known[w]) if candidates else None

