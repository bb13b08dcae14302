"""Spelling tolerance: a question's misspelt words corrected, towards the corpus's own vocabulary
first and towards English second.

- Chat shorthand is spelled out first ("any1" -> "anyone", "shud" -> "should", "r" -> "are",
  "wats" -> "what's").
- A word typed with some or all of its vowels after the first letter left out, as people type in a
  hurry, is read as the word it is without them ("mntl" -> "mental", "sggst" -> "suggest",
  "govrnance" -> "governance"): the corpus's commonest such word before any other correction, else
  with English's words one edit away, the commonest (words of four letters or more).
- A word that is neither an English word (symspellpy's frequency dictionary) nor a word of the
  corpus is corrected (into the corpus's words only when it is capitalised where no sentence starts: a
  name the corpus does not use, "Cerner", is not an English word's typo, "corner"), keeping its first
  letter (typists rarely get the first letter wrong, and a correction that changes it is usually another
  word): into a corpus word one edit away; into two
  words run together, when English writes that pair more often than the one-edit word
  ("incommon" -> "in common", but "allone" -> "alone"), or when both are corpus words, or one is and
  the other a word sentences are built with ("venturesdo" -> "ventures do"); into an
  English word one edit away (four letters or more); into
  a corpus word two edits away (seven letters or more); or completed when it is the start of a
  corpus word ("yorks" -> "yorkshire", "exec" -> "executive").
- A word of two or three letters that neither English nor the corpus has is taken for a word a
  question is asked with ("how", "what", "did", "can" ...) or the commonest it is asked about ("the",
  "for", "with" ...) typed without its vowel or with two letters swapped ("hw" -> "how", "wht" -> "what",
  "hwo" -> "how", "th" -> "the", "fr" -> "for"), when English writes that word beside one of its
  neighbours; any other short unknown word is left alone (it is as often an acronym in lower case: "hr",
  "wy").
- "2" and "4" are read as "to" and "for" when English writes those beside a neighbouring word and
  "two" and "four" beside neither ("how 2 build trust", but "2 people"); "w/" is "with" and "&"
  between two lower-case words "and" ("Kent & Medway" keeps its ampersand).
- An English word the corpus never uses is taken for a typo of a corpus word one edit away only
  when that word is far commoner in English, and English pairs it with one of the question's
  neighbouring words but never pairs the typed word with either (the corpus's commonest such
  word: "the wader system" -> "the wider system"), or for one that sounds the same when that is
  `SOUND_RATIO` times commoner ("focused on patience" -> "patients", "staph" -> "staff"); a word
  the corpus uses is changed only by the corpus's own pairs of words (spelling_pairs.py).
- A word written the American way is read as the British spelling the corpus uses ("organizations" ->
  "organisations", "program" -> "programme"; `index.spelling_forms.british_forms`), else as English's
  British spelling ("center" -> "centre", "labor" -> "labour").
- A word people write for another that sounds alike ("there" for "their", "where" for "were", "then" for
  "than", "stuff" for "staff"; `index.spelling_forms.CONFUSABLES`) is read by English's pairs of words
  (`NeighbourWords._confusable`); a term English's list lacks, an acronym typed in lower case ("bame",
  "girft", "icb"; `index.english.LACKING`), is kept as typed.
- A capitalised word no one uses that is an English word with a letter left out is that word
  ("Pyton" -> "Python"; `LONG_NAME` letters or more; "Cerner", "Kirkup" stay).
- A possessive typed without its apostrophe is read with it ("childrens", "Hartleys"; not a plural English
  makes otherwise, "surgerys"), a plural given one before a verb of many without it ("trust's learn"), and a
  lower-case acronym with two letters swapped as the acronym ("grift" -> "girft").
- A word with a letter typed three times where one word ends and the next starts is the two words
  ("wellled" -> "well led", not "welled").
- Words parted by a stray space or run together, typed twice, an acronym's letters spaced: spelling_runs.py; a word neither the corpus nor
  English has: spelling_unknown.py; the corpus's acronyms and proper names: spelling_names.py; a real
  word, a short part of a run of words or two consonants read by the corpus's pairs of words: spelling_pairs.py.

Everything that depends on the corpus (SymSpell's deletions, its pairs of words, the sorted words, the words by their
consonants, the one-letter deletions of the acronyms and of the names' words, the names' pairs of words)
and English's pairs of words and words by their consonants are built once, the first time a question
needs them (most questions' words are all known: a command that opens the corpus does not pay for
them, but for the corpus's words by their one-letter deletions, which find the corpus words one edit from
a question's real word in look-ups bounded by its length); a question's correction is then look-ups only,
so its cost does not grow with the corpus.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from symspellpy import SymSpell

from index.acronyms import STOPWORD_ACRONYMS
from index.english import LACKING, english_pairs, english_words
from index.spelling_context import NeighbourWords
from index.spelling_forms import (
    CONFUSABLES,
    MIN_LENGTH,
    NHS_SHORTHAND,
    NUMERALS,
    SHORTHAND,
    VOWELS,
    british_forms,
    deletion_table,
    english_skeletons,
    skeleton,
    skeletons,
    sound,
    vowels_dropped,
)
from index.spelling_names import NamesAndAcronyms
from index.spelling_pairs import RARE_RATIO, CorpusPairs, corpus_pairs
from index.spelling_runs import WordRuns, undoubled
from index.spelling_slips import held_readings
from index.spelling_unknown import UnknownWords

LONG_NAME = 4  # from this length a capitalised word may be an English name typed with a letter left out (benchmarks/fresh_noise.py --tune)
MIN_ENGLISH = 4  # the shortest unknown word corrected into an English word the corpus does not use (benchmarks/tune_spelling.py)
MIN_COMPLETION = 2  # a completion must occur at least this often in the corpus
REAL_WORD_RATIO = 30  # how much commoner in English a corpus word must be to replace a real word (benchmarks/tune_spelling.py)
MIN_TYPO_PART = 5  # the shortest misspelt part of a run of two words that is corrected (benchmarks/tune_spelling.py)
SPLIT_ODDS = 30  # how much more often English must write a pair than the one-edit word (benchmarks/tune_spelling.py)
SOUND_RATIO = 10  # how much commoner in English a corpus word must be to replace a real word that sounds like it (benchmarks/fresh_noise.py --tune)
JOIN_ODDS = 30  # how much more often English must write two words joined than as a pair to join them (benchmarks/fresh_noise.py --tune)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z0-9]")  # a question's words, "any1" too
_WITH = re.compile(r"(?<![A-Za-z0-9/])([Ww])/([Oo])?(?=\s|$)")  # "w/", "w/o" (not "w/e")
_AND = re.compile(r"(?<=[a-z]) & (?=[a-z])")  # between lower-case words: "Kent & Medway" is a name
_PLURAL_ES = ("y", "s", "x", "z", "ch", "sh")  # a word English makes plural otherwise than by an "s" ("surgerys")
_HELD = re.compile(r"([A-Za-z])\1\1+")  # a letter typed three times or more: no English word has that


def corpus_words(texts: Iterable[str]) -> Counter[str]:
    """Lower-case words of the corpus and how often they occur."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(" ".join(_WORD.findall(text)).lower().split())  # ASCII letters and ’ alone: lowered at once
    return counts


class Speller(WordRuns, UnknownWords, NamesAndAcronyms, NeighbourWords, CorpusPairs):
    def __init__(self, vocabulary: Counter[str], known: dict[str, int] | None = None,
                 pairs: dict[str, int] | None = None, real_word_ratio: float = REAL_WORD_RATIO,
                 min_english: int = MIN_ENGLISH, split_odds: float = SPLIT_ODDS, min_typo_part: int = MIN_TYPO_PART,
                 names: Iterable[str] = (), join_odds: float = JOIN_ODDS, sound_ratio: float = SOUND_RATIO,
                 long_name: int = LONG_NAME, texts: Iterable[str] = (), rare_ratio: float = RARE_RATIO):
        """`names`: the corpus's proper names (organisations, places, people), as written; `texts`: the
        corpus's passages, read once for its pairs of words the first time a question needs them."""
        self._vocabulary = vocabulary
        self._known = english_words() if known is None else known
        self._given_pairs = pairs
        self._given_known = known is not None
        self._real_word_ratio = real_word_ratio
        self._min_english = min_english
        self._split_odds = split_odds
        self._min_typo_part = min_typo_part
        self._join_odds = join_odds
        self._sound_ratio = sound_ratio
        self._long_name = long_name
        self._names = list(names)
        self._texts = texts
        self._rare_ratio = rare_ratio
        self._building = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        """A table of `LAZY_TABLES`, built the first time a question needs it: most questions' words are all
        known, and every `peerbot` command that opens the corpus would pay for them at start-up
        (BENCHMARKS.md: Cold start)."""
        build = LAZY_TABLES.get(name)
        if build is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        with self._building:  # a server's threads: one builds, the others wait for it whole
            if name not in self.__dict__:
                build(self)
            return self.__dict__[name]

    def warm(self) -> None:
        """Build every table of `LAZY_TABLES` now (English's pairs of words among them), so that no question waits
        for one: a server's warm-up before it says it is ready."""
        for name in LAZY_TABLES:
            getattr(self, name)

    def _build_symspell(self) -> None:
        """SymSpell's deletions of the corpus's words."""
        symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in self._vocabulary.items():
            if len(word) >= MIN_LENGTH - 1:
                symspell.create_dictionary_entry(word, count)
        self._symspell = symspell

    def _build_sounds(self) -> None:
        """The corpus's words by their `sound`, space-separated."""
        sounds: dict[str, str] = {}
        for word in self._vocabulary:
            if len(word) >= MIN_LENGTH and word.isalpha():
                key = sound(word)
                sounds[key] = f"{sounds[key]} {word}" if key in sounds else word
        self._sounds = sounds

    def correct(self, text: str) -> str:
        """`text` with shorthand spelled out and each misspelt word replaced by its correction."""
        text = self._join_pieces(self._join_letters(undoubled(_AND.sub(" and ", _WITH.sub(_with, text)))))
        tokens = list(_TOKEN.finditer(text))
        lowered = [m.group(0).lower().replace("’", "'") for m in tokens]
        spelled = [SHORTHAND.get(lower, lower) for lower in lowered]  # a neighbour as read: "wht r" is "what are"
        in_lower_case = text == text.lower()  # then a name's capital letter says nothing
        words = [m.group(0) if lower in NUMERALS else self._word(m.group(0), spelled[i - 1] if i else "",
                                                                 spelled[i + 1] if i + 1 < len(tokens) else "",
                                                                 in_lower_case or m.group(0)[:1].isupper(),
                                                                 m.group(0)[:1].isupper() and not _starts_sentence(text, m.start()))
                 for i, (m, lower) in enumerate(zip(tokens, lowered))]
        # a number, or a word people write for another ("there" for "their"), read beside its neighbours as
        # corrected within its phrase (an acronym, "their IT" or "their it", or a word past a dash or comma says
        # nothing of it)
        read = ["" if (m.group(0).isupper() and len(m.group(0)) > 1) or w.lower() in STOPWORD_ACRONYMS else w.lower()
                for m, w in zip(tokens, words)]
        joined = [not text[a.end():b.start()].strip() for a, b in zip(tokens, tokens[1:])]  # only a space between
        for i, lower in enumerate(lowered):
            if lower in NUMERALS or (lower in CONFUSABLES and words[i] == tokens[i].group(0)):
                before = read[i - 1] if i and joined[i - 1] else ""
                after = read[i + 1] if i + 1 < len(words) and joined[i] else ""
                found = self._numeral(lower, before, after) if lower in NUMERALS else self._confusable(lower, before, after)
                words[i] = (found[:1].upper() + found[1:] if words[i][:1].isupper() else found) if found else words[i]
        out, last = [], 0
        for m, word in zip(tokens, words):
            out += [text[last:m.start()], word]
            last = m.end()
        return "".join(out) + text[last:]

    def is_word(self, word: str) -> bool:
        """A lower-case word the corpus or English uses."""
        return word in self._vocabulary or word in self._known

    def _word(self, word: str, before: str, after: str, as_name: bool = False, proper: bool = False) -> str:
        """`word` corrected; `as_name`: it may be a word of a name (capitalised, or the question is all in
        lower case); `proper`: it is capitalised where a sentence does not start, so a name the corpus does
        not use ("Cerner") is not taken for an English word's typo ("corner")."""
        lower = word.lower().replace("’", "'")
        if lower in SHORTHAND and not word.isupper():
            expanded = SHORTHAND[lower]
            return expanded[:1].upper() + expanded[1:] if word[:1].isupper() else expanded
        if lower in LACKING:  # a term English's list lacks, an acronym typed in lower case ("bame", "girft"): kept
            return word
        if lower in NHS_SHORTHAND and word[1:].islower():  # "neds", "Paeds"; "NEDs" is an acronym, kept
            expanded = NHS_SHORTHAND[lower]
            return expanded[:1].upper() + expanded[1:] if word[:1].isupper() else expanded
        if lower.isalpha() and not self.is_word(lower) and not word.isupper():
            run = _HELD.search(lower)
            split = self._split(lower)[1] if run and len(run.group(0)) == 3 else None
            if split:  # a letter ending one word and starting the next: "wellled" is "well led", not "welled"
                return split[:1].upper() + split[1:] if word[:1].isupper() else split
            held = self._held(lower)  # a letter held down: "frontllinne", "keeeeps"
            if held:
                return held[:1].upper() + held[1:] if word[:1].isupper() else held
            if _HELD.search(word):  # read as two, for the other corrections: "reeesourcing" -> "reesourcing"
                return self._word(_HELD.sub(r"\1\1", word), before, after, as_name, proper)
        if as_name and lower.isalpha() and lower not in self._vocabulary and not word.isupper():
            name = self._name(lower, before, after)
            if name:  # a name's word, or its possessive typed without the apostrophe ("Hartleys", "Dudley Groups")
                return (name.capitalize() if word[:1].isupper() else name) + ("'s" if name + "s" == lower else "")
        if lower.endswith("'s") and word[0].islower() and len(lower) > MIN_LENGTH + 1 and lower[:-2] + "s" in self._vocabulary \
                and self._verb_of_many(after):
            return word[:-2] + word[-1]  # a plural given an apostrophe, before its verb: "trust's learn", "trust's are"
        if lower.endswith("'s") and lower not in self._vocabulary and lower[:-2].isalpha():
            if proper and lower[:-2] not in self._vocabulary and lower[:-2] + "s" in self._vocabulary:
                return word[:-2] + word[-1]  # an apostrophe put into a name ending in "s": "Alan Burn's"
            return self._word(word[:-2], before, after, as_name, proper) + word[-2:]  # "NELT's" -> "NELFT's"
        if lower.endswith("s") and word[1:].islower() and not self.is_word(lower) and lower[:-1] in self._vocabulary \
                and lower[:-1].isalpha() and len(lower) > MIN_LENGTH and not lower[:-1].endswith(_PLURAL_ES):
            return word[:-1] + "'s"  # a possessive typed without its apostrophe: "childrens" (not "surgerys", "GPs")
        in_corpus = lower in self._vocabulary
        forms = british_forms(lower) if not in_corpus and lower.isalpha() else []
        british = [f for f in forms if f in self._vocabulary] or [f for f in british_forms(lower, inside=False)
                                                                   if f in self._known] if forms else []
        corrected: str | None
        if british:  # "organization" -> "organisation", the corpus's spelling, else English's ("center" -> "centre")
            corrected = max(british, key=lambda f: (self._vocabulary.get(f, 0), self._known.get(f, 0), f))
        elif in_corpus or lower in self._known or not lower.isalpha():
            corrected = ((self._real_word(lower, before, after) if lower in self._known else None)
                         or (None if proper else self._in_context(lower, before, after))) if lower.isalpha() else None
        elif word.isupper():
            acronym = self._acronym(lower)
            return acronym.upper() if acronym else word
        elif len(word) > 2 and word[:-1].isupper() and word[-1] == "s":
            return word  # an acronym's plural ("GPs", "CEOs")
        elif len(lower) < MIN_LENGTH:
            corrected = (self._asking_word(lower, before, after) or self._short_restored(lower, before, after)
                         or self._short_in_context(lower, before, after))
        else:  # an acronym typed in lower case with two letters swapped ("grift" for "girft"), else a word's typo
            corrected = self._swapped_acronym(lower) or self._unknown(lower, into_english=not proper)
        if corrected is None:
            return word
        return corrected[:1].upper() + corrected[1:] if word[:1].isupper() else corrected


    def _verb_of_many(self, word: str) -> bool:
        """Whether English writes `word` after "they" and never after "its" or "their": a verb of a plural
        subject ("learn", "handle", "are"), not a thing owned ("board", "work", "own")."""
        return bool(word) and f"they {word}" in self._pairs and f"its {word}" not in self._pairs \
            and f"their {word}" not in self._pairs

    def _held(self, word: str, into_english: bool | None = None) -> str | None:
        """The word `word` is with a letter held down (`held_readings`): the corpus's commonest such word,
        else English's when `into_english` (by default when a letter is typed three times or more: a letter
        typed twice is as often a letter left out beside one English doubles, "reet" is not "ret"; `_unknown`
        reads it into English when no word is one edit away, "frontllinne")."""
        readings = held_readings(word)
        into_english = bool(_HELD.search(word)) if into_english is None else into_english
        for counts in (self._vocabulary, self._known) if into_english else (self._vocabulary,):
            found = [r for r in readings if r in counts]
            if found:
                return max(found, key=lambda r: (counts[r], r))
        return None

    def _short_restored(self, word: str, before: str, after: str) -> str | None:
        """A word typed in three letters without its vowels ("jnt" -> "joint", "grp" -> "group", "dys" ->
        "days"): the corpus's commonest such word, else English's, that English writes beside one of the
        question's neighbouring words (a short unknown word is as often an acronym in lower case: "mdt", "ptl")."""
        if len(word) != MIN_LENGTH - 1 or any(c in VOWELS for c in word[1:]):
            return None
        for table, counts in ((self._skeletons, self._vocabulary), (self._english_skeletons, self._known)):
            found = [w for w in table.get(skeleton(word), "").split()
                     if vowels_dropped(word, w) and self._beside(w, before, after)]
            if found:
                return max(found, key=lambda w: (counts.get(w, 0), w))
        return None


# the tables built the first time a question needs them (`Speller.__getattr__`), and how
_NAME_TABLES = ("_acronyms", "_acronym_deletions", "_name_pairs", "_name_firsts", "_name_seconds", "_name_deletions")
LAZY_TABLES: dict[str, Callable[[Speller], None]] = {
    "_pairs": lambda s: setattr(s, "_pairs", english_pairs() if s._given_pairs is None else s._given_pairs),
    "_commonest": lambda s: setattr(s, "_commonest", max((s._known.get(w, 0) for w in s._vocabulary), default=0)),
    "_symspell": Speller._build_symspell,
    "_corpus_pairs": lambda s: setattr(s, "_corpus_pairs", corpus_pairs(s._texts)),
    "_skeletons": lambda s: setattr(s, "_skeletons", skeletons(s._vocabulary)),
    "_sounds": Speller._build_sounds,
    "_one_edit_table": lambda s: setattr(s, "_one_edit_table", deletion_table(s._vocabulary)),
    "_english_skeletons": lambda s: setattr(s, "_english_skeletons",
                                            skeletons(s._known) if s._given_known else english_skeletons()),
    "_sorted": lambda s: setattr(s, "_sorted", sorted(w for w, count in s._vocabulary.items()
                                                      if count >= MIN_COMPLETION and w.isalpha())),
    **dict.fromkeys(_NAME_TABLES, lambda s: s._learn_names(s._vocabulary, s._names)),
}


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` starts `text` or a sentence of it (its capital letter says nothing)."""
    before = text[:at].rstrip(" \t\n\"'‘“(")
    return not before or before[-1] in ".?!:"


def _with(match: re.Match[str]) -> str:
    """ "w/" spelled out as "with", "w/o" as "without" (capitalised as typed)."""
    word = "without" if match.group(2) else "with"
    return word.capitalize() if match.group(1) == "W" else word
