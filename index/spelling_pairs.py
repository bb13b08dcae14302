"""Spelling tolerance that reads a word by the corpus's own pairs of words (`Speller` in spelling.py
composes it): a slip that lands on another English word, or on a short part of a run of words, is read
as the corpus word it was meant to be only when the corpus writes that word beside one of the question's
content words and neither the corpus nor English writes the typed word beside any of them.

- A real word typed for a corpus word one edit away ("staff learn form peers" -> "from", "mental health
  core" -> "care", "the trust boars" -> "boards"), or, for a word the corpus never uses, one that sounds the
  same, that the corpus writes `CONTEXT_RATIO` times more often than the typed word. English's pairs count
  as evidence only for a word the corpus never uses and English writes beside none of its neighbours (they
  are too few to tell a corpus word is out of place: "once partner trusts"); such a word, `RARE_RATIO`
  times rarer in English than a corpus word one slip away, is read as that word whatever its neighbours
  ("acute trysts" -> "trusts", "ops mangers" -> "managers"). Never a function word, a number ("the four
  trusts" is no "for") or another ending of the word ("programmes", "resourced" are no slips of
  "programme", "resources").
- Two words run together, one a slip of a corpus word that may itself be another English word
  ("turningpint" -> "turning point", "actuallyhep" -> "actually help"): parted when the corpus or English
  writes the pair.
- A word of two consonants ("social cr" -> "social care"): the corpus
  word with those letters and its vowels that the corpus writes beside a content neighbour ("hr team"
  stays: no corpus word of those letters is written beside "team").

The corpus's pairs (`corpus_pairs`: neighbouring words, not two function words) are counted once, the
first time a question needs them; a question's reading is then look-ups bounded by its words' length.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from symspellpy import SymSpell, Verbosity

from index.lexical import STOPWORDS
from index.spelling_forms import MIN_LENGTH, VOWELS, one_edit_from, skeleton, sound, vowels_dropped

CONTEXT_RATIO = 3  # how much more often the corpus must write the word read than the word typed (benchmarks/typo_classes.py --tune)
RARE_RATIO = 100  # how much commoner in English a corpus word must be to replace a real word the corpus never uses, whatever its neighbours (benchmarks/typo_classes.py)
MIN_CONTEXT = 4  # the shortest real word read by its neighbours ("wok", "lon" are as often words meant)
SHORT_PART = 3  # the shortest misspelt part of a run of words parted by a pair
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty hundred".split())
_ENDINGS = ("ing", "ies", "ied", "es", "ed", "er", "ly", "s", "d", "r", "y")  # longest first
_SENTENCE = re.compile(r"[.!?;:()\[\]\n\"“”]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def corpus_pairs(texts: Iterable[str]) -> dict[str, int]:
    """How often the corpus writes each pair of neighbouring lower-case words within a sentence ("health
    care"), but for pairs of two function words, which no reading goes by."""
    counts: Counter[str] = Counter()
    for text in texts:
        for sentence in _SENTENCE.split(text):
            words = " ".join(_WORD.findall(sentence)).lower().split()
            counts.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a not in STOPWORDS or b not in STOPWORDS)
    return dict(counts)


class CorpusPairs:
    """What `Speller` sets up for them: the corpus's words and pairs, English's, its look-ups."""

    _vocabulary: Counter[str]
    _known: dict[str, int]
    _pairs: dict[str, int]
    _corpus_pairs: dict[str, int]
    _sounds: dict[str, str]
    _one_edit_table: dict[str, str]
    _skeletons: dict[str, str]
    _symspell: SymSpell
    _rare_ratio: float

    def _in_context(self, word: str, before: str, after: str) -> str | None:
        """The corpus word a real word `word` was meant to be, read by its content neighbours (`before`,
        `after`): one edit away (or, for a word the corpus never uses, sounding the same), written by the
        corpus beside one of them and `CONTEXT_RATIO` times more often than `word`, when neither the corpus
        nor English writes `word` beside any of them; the one the corpus writes most often beside them. A
        function word or a number is kept, and the corpus's pairs are read only when a candidate exists (a
        question of known words builds no table but `deletion_table`'s, which finds the candidates)."""
        used = word in self._vocabulary
        sides = _content(before, after)
        if len(word) < MIN_CONTEXT or word in NUMBER_WORDS or word in STOPWORDS or (used and not sides):
            return None
        least = CONTEXT_RATIO * self._vocabulary.get(word, 0)
        edits = {c for c in one_edit_from(word, self._one_edit_table) if self._vocabulary.get(c, 0) > least
                 and c[:1] == word[:1] and not _other_ending(word, c)}
        sounds = set() if used else {c for c in self._sounds.get(sound(word), "").split() if c != word}
        if not (edits or sounds) or self._written(word, sides):
            return None
        # English's pairs are too few to tell a corpus word is out of place ("once partner trusts", "move resources")
        unused = not used and not self._written(word, _sides(before, after))
        found = self._best_beside(edits | sounds, sides, unused) if sides else None
        if found or not unused:
            return found
        rare = [c for c in edits if self._known.get(c, 0) >= self._rare_ratio * self._known.get(word, 0)]
        return max(rare, key=lambda c: (self._vocabulary[c], c)) if rare else None

    def _short_in_context(self, word: str, before: str, after: str) -> str | None:
        """A word of two consonants read as the corpus word it is without its vowels ("cr" -> "care"),
        written by the corpus beside a content neighbour, when English writes `word` beside none of them."""
        sides = _content(before, after)
        if len(word) != 2 or any(c in VOWELS for c in word) or not sides or self._written(word, _sides(before, after)):
            return None
        candidates = {w for w in self._skeletons.get(skeleton(word), "").split() if vowels_dropped(word, w)}
        return self._best_beside(candidates, sides, english=True)

    def _paired_split(self, word: str) -> str | None:
        """Two words run together, each of `SHORT_PART` letters or more a word as typed or one edit from a
        corpus word, one of them corrected, or both when both have `MIN_LENGTH` letters or more
        ("turningpint" -> "turning point", "actuallyhep" -> "actually help"; "comitee" is no "come the"),
        when the corpus or English writes that pair; the pair the corpus, else English, writes most often."""
        found = []
        for at in range(SHORT_PART, len(word) - SHORT_PART + 1):
            left, right = word[:at], word[at:]
            for a in self._readings(left):
                for b in self._readings(right):
                    pair = f"{a} {b}"
                    both = a != left and b != right
                    if a + b != word and (pair in self._corpus_pairs or pair in self._pairs) \
                            and not (both and min(len(left), len(right)) < MIN_LENGTH):
                        found.append((self._corpus_pairs.get(pair, 0), self._pairs.get(pair, 0), pair))
        return max(found)[2] if found else None

    def _readings(self, part: str) -> set[str]:
        """`part` as typed when the corpus or English has it, and the corpus words one edit from it (its first
        letter kept)."""
        found = {s.term for s in self._symspell.lookup(part, Verbosity.ALL, max_edit_distance=1, transfer_casing=False)
                 if s.term[:1] == part[:1]}
        return found | {part} if part in self._vocabulary or part in self._known else found

    def _written(self, word: str, sides: list[tuple[str, str]]) -> bool:
        """Whether the corpus or English writes `word` beside a content neighbour of `sides`."""
        pairs = [f"{b} {word}" if b else f"{word} {a}" for b, a in sides]
        return any(p in self._corpus_pairs or p in self._pairs for p in pairs)

    def _best_beside(self, candidates: Iterable[str], sides: list[tuple[str, str]], english: bool) -> str | None:
        """The candidate the corpus, else English (when `english`), writes most often beside the neighbours
        of `sides`."""
        counts = [(sum(self._corpus_pairs.get(p, 0) for p in pairs),
                   sum(self._pairs.get(p, 0) for p in pairs) if english else 0, c)
                  for c in candidates for pairs in ([f"{b} {c}" if b else f"{c} {a}" for b, a in sides],)]
        best = max(counts, default=(0, 0, ""))
        return best[2] if best[0] or best[1] else None


def _other_ending(typed: str, word: str) -> bool:
    """Whether `word` is `typed` with another ending ("programmes", "resourced" and "resources", "close" and
    "closer") or a start of it ("form" and "for"): another form of the word, not a slip."""
    return typed.startswith(word) or word.startswith(typed) or len({_stem(typed), _stem(word)}) == 1


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[:-len(ending)]
    return word


def _sides(before: str, after: str) -> list[tuple[str, str]]:
    """The question's neighbouring words, as (before, "") and ("", after)."""
    return [side for side, word in (((before, ""), before), (("", after), after)) if word]


def _content(before: str, after: str) -> list[tuple[str, str]]:
    """The neighbouring words that are content words (`_sides`)."""
    return [(b, a) for b, a in _sides(before, after) if (b or a).isalpha() and (b or a) not in STOPWORDS]
