"""Spelling tolerance: a question's misspelt words corrected, towards the corpus's own vocabulary
first and towards English second.

- Chat shorthand is spelled out first ("any1" -> "anyone", "shud" -> "should", "r" -> "are").
- A word that is neither an English word (symspellpy's frequency dictionary) nor a word of the
  corpus is corrected into a corpus word: within edit distance 1 for short words and 2 for longer
  ones, keeping its first letter (typists rarely get the first letter wrong, and a correction that
  changes it is usually another word); or split in two ("incommon" -> "in common"); or completed
  when it is the start of a corpus word ("yorks" -> "yorkshire", "exec" -> "executive").
- Otherwise, for a word of six letters or more, into the likeliest English word one edit away with
  the same first letter ("sugest" -> "suggest"), so the embedding model sees a word it knows.

Lookups use SymSpell's precomputed deletions over the corpus and single-edit candidates over a set
of English words, so their cost does not grow with the corpus.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from symspellpy import SymSpell, Verbosity

MIN_LENGTH = 4  # shorter words are too ambiguous to correct (and often acronyms)
LONG_WORD = 7  # from this length a word may be two edits away
MIN_ENGLISH = 6  # shorter words are corrected only into corpus words ("comms" is jargon, not "comes")
MIN_COMPLETION = 2  # a completion must occur at least this often in the corpus
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z0-9]")  # a question's words, "any1" too
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHORTHAND = {
    "r": "are", "u": "you", "ur": "your", "n": "and", "b4": "before", "any1": "anyone", "every1": "everyone",
    "some1": "someone", "no1": "no one", "shud": "should", "shld": "should", "wud": "would", "cud": "could",
    "wat": "what", "wot": "what", "thx": "thanks", "pls": "please", "plz": "please", "ppl": "people",
    "govt": "government", "mgmt": "management", "dept": "department", "info": "information", "abt": "about",
    "thru": "through", "tho": "though", "cos": "because", "coz": "because", "becos": "because", "esp": "especially",
    "approx": "approximately", "yrs": "years", "yr": "year", "hv": "have", "gd": "good",
    "dnt": "don't", "cant": "can't", "wont": "won't", "dont": "don't", "didnt": "didn't", "isnt": "isn't",
    "wasnt": "wasn't", "doesnt": "doesn't", "im": "I'm", "ive": "I've", "whats": "what's", "hows": "how's",
    "smth": "something", "sth": "something", "tbh": "to be honest", "imo": "in my opinion", "ie": "that is",
    "eg": "for example", "etc": "and so on", "asap": "as soon as possible", "orgs": "organisations",
    "org": "organisation", "comms": "communications", "mtg": "meeting", "mtgs": "meetings", "recs": "recommendations",
}


@cache
def english_words() -> dict[str, int]:
    """The English words symspellpy ships (82,765, British and American spellings), with counts."""
    import symspellpy

    path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")
    counts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, count = line.partition(" ")
            if word:
                counts[word] = int(count or 0)
    return counts


def corpus_words(texts: Iterable[str]) -> Counter[str]:
    """Lower-case words of the corpus and how often they occur."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(" ".join(_WORD.findall(text)).lower().split())  # ASCII letters and ’ alone: lowered at once
    return counts


def single_edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }


class Speller:
    def __init__(self, vocabulary: Counter[str], known: dict[str, int] | None = None):
        self._vocabulary = vocabulary
        self._known = english_words() if known is None else known
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in vocabulary.items():
            if len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)
        self._sorted = sorted(w for w, count in vocabulary.items() if count >= MIN_COMPLETION and w.isalpha())

    def correct(self, text: str) -> str:
        """`text` with shorthand spelled out and each misspelt word replaced by its correction."""
        return _TOKEN.sub(lambda m: self._word(m.group(0)), text)

    def _word(self, word: str) -> str:
        lower = word.lower().replace("’", "'")
        if lower in SHORTHAND and not word.isupper():
            return SHORTHAND[lower]
        if (len(lower) < MIN_LENGTH or lower in self._vocabulary or lower in self._known or word.isupper()
                or not lower.isalpha()):
            return word
        corrected = self._into_corpus(lower) or self._into_english(lower)
        if corrected is None:
            return word
        return corrected[:1].upper() + corrected[1:] if word[:1].isupper() else corrected

    def _into_corpus(self, word: str) -> str | None:
        distance = 2 if len(word) >= LONG_WORD else 1
        found = [s for s in self._symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance,
                                                  transfer_casing=False) if s.term[0] == word[0]]
        split = self._split(word)
        if found and not (split and found[0].distance > 1):
            return max(found, key=lambda s: s.count).term
        return split or self._completion(word)

    def _completion(self, word: str) -> str | None:
        """The corpus's commonest word that starts with `word` ("yorks" -> "yorkshire")."""
        start = bisect.bisect_left(self._sorted, word)
        stop = bisect.bisect_left(self._sorted, word + "{")
        if start == stop or stop - start > 50:  # none, or too short a start to say which
            return None
        return max(self._sorted[start:stop], key=lambda w: self._vocabulary[w])

    def _into_english(self, word: str) -> str | None:
        if len(word) < MIN_ENGLISH:
            return None
        candidates = [w for w in single_edits(word) if w[:1] == word[:1] and w in self._known]
        return max(candidates, key=lambda w: self._known[w]) if candidates else None

    def _split(self, word: str) -> str | None:
        """Two words run together, both in the corpus (the longer the parts, the likelier)."""
        best = None
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if left in self._vocabulary and right in self._vocabulary and len(right) >= 3:
                score = min(len(left), len(right))
                if best is None or score > best[0]:
                    best = (score, f"{left} {right}")
        return best[1] if best else None
