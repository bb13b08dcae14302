"""Spelling tolerance for words parted or run together (`Speller` in spelling.py composes it):

- A word typed twice in a row is typed once ("the the"; "had had" stays); an acronym typed with its letters
  spaced is joined ("i c s", "nhs e").
- A word split by a stray space is joined when the two pieces make a word and one of them is not
  one ("collab orative" -> "collaborative"), or make a corpus word's typo and each piece that is not
  a word has three letters or more ("aggr esson" -> "aggression"); a word and two letters beside it only
  into a corpus word (texting: "is th", "do ur" are not "isth", "dour"; "bu dget" is "budget").
- Two misspelt words run together are parted and each corrected into a corpus word one edit away
  ("heelthtransforrmation" -> "health transformation").
- Two words, neither a function word, that English writes joined `JOIN_ODDS` times more often than
  as a pair are joined ("partner ship", "pen sion"; "red lines" stay); an English word run into a
  function word is parted when no word is one edit away ("involvewhen"; not "insourcing").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from symspellpy import SymSpell, Verbosity

from index.acronyms import STOPWORD_ACRONYMS
from index.lexical import STOPWORDS
from index.spelling_forms import MIN_LENGTH, PARTICLES, VOWELS
from index.spelling_slips import slip_weight

LONG_WORD = 7  # from this length a word may be two edits away
MIN_PART = 3  # the shortest part of a run of two words with both misspelt
MAX_TYPO_RUN = 20  # the longest word part looked for in a run of two words, one misspelt (so a look-up's cost is bounded)
# a word, not part of "V&A" or "w/e"; a piece may end where a possessive or a hyphen starts ("chil dren's",
# "decis ion-making") or start after a hyphen ("non-execut ive")
_PIECE = re.compile(r"(?<![A-Za-z0-9'’&/])[A-Za-z]{2,}(?![A-Za-z0-9&/]|['’](?![sS]\b))")
_SPACED = re.compile(r"(?<![\w'’&/-])(?:[A-Za-z] ){1,6}[A-Za-z](?![\w'’&/-])")  # "i c s", "n e l f t"
_PARTED = re.compile(r"(?<![\w'’&/-])[A-Za-z]{2,5} [A-Za-z](?![\w'’&/-])")  # "nhs e"
_DOUBLED = re.compile(r"\b([A-Za-z]+(?:['’][A-Za-z]+)?) (\1)\b", re.IGNORECASE)  # "the the", "what's what's"
LETTER_WORDS = "ai"  # the letters that are English words alone
CHAT_LETTERS = "nru"  # the letters that are words in chat ("r u sure", "this n that")
DOUBLED_IN_ENGLISH = frozenset({"had", "that"})  # words English writes twice in a row ("had had", "that that")


class WordRuns:
    """What `Speller` sets up for them: the corpus's words and English's, its constants and its look-ups."""

    _vocabulary: Counter[str]
    _known: dict[str, int]
    _pairs: dict[str, int]
    _join_odds: float
    _min_typo_part: int
    _symspell: SymSpell
    _acronyms: set[str]
    is_word: Callable[[str], bool]
    _restored: Callable[[str], tuple[str | None, bool]]

    def _join_pieces(self, text: str) -> str:
        """Two pieces of one word parted by a stray space joined: when they make a word and one of them is
        not one ("collab orative"), or make a corpus word's typo (`_typo_of_corpus_word`) and each piece
        that is not a word has three letters or more ("aggr esson" -> "aggression"; not "structure vs"); a
        word and two letters beside it only into a corpus word ("is th", "do ur" are texting)."""
        found = []  # (a typo's join after a word's, the space's place, the pieces' index)
        words = list(_PIECE.finditer(text))
        for i, (a, b) in enumerate(zip(words, words[1:])):
            if b.start() != a.end() + 1 or text[a.end()] != " ":
                continue
            left, right = a.group(0).lower(), b.group(0).lower()
            if self.is_word(left) and self.is_word(right):
                if self._word_parted(left, right):
                    found.append((False, a.end(), i))
                continue
            joined = left + right
            if (self.is_word(left) or self.is_word(right)) and min(len(left), len(right)) < 3 \
                    and joined not in self._vocabulary:
                continue  # a word and two letters of texting ("is th", "do ur"), not a word parted ("bu dget")
            if self.is_word(joined):
                found.append((False, a.end(), i))
            elif all(len(p) >= 3 for p in (left, right) if not self.is_word(p)) and self._typo_of_corpus_word(joined):
                found.append((True, a.end(), i))
        joined_at: set[int] = set()  # each piece joined once, a word before a typo ("need ded icated")
        for _, _, i in sorted(found):
            if not joined_at & {i - 1, i + 1}:
                joined_at.add(i)
        for at in sorted((at for _, at, i in found if i in joined_at), reverse=True):
            text = text[:at] + text[at + 1:]
        return text

    def _join_letters(self, text: str) -> str:
        """An acronym typed with its letters spaced ("i c s", "n e l f t") or its last letter parted ("nhs e")
        joined in capitals (`_letters_joined`; "a i", "h r" and "plan b" stay)."""
        for letters in (_SPACED, _PARTED):
            if letters.search(text):
                text = letters.sub(self._letters_joined, text)
        return text

    def _letters_joined(self, spaced: re.Match[str]) -> str:
        """Letters typed apart joined in capitals when they make an acronym: three single letters or more
        ("c q c", "v a t") or two not an English word ("h r"; "a i" stays), not all words of chat ("r u"), else one the corpus or English's list
        of NHS terms has (`_acronyms`) or a word written in capitals ("i t"; `STOPWORD_ACRONYMS`)."""
        joined = spaced.group(0).replace(" ", "")
        single = spaced.group(0).count(" ") + 1 == len(joined)
        known = joined.lower() in self._acronyms or (single and joined.lower() in STOPWORD_ACRONYMS)
        typed = set(joined.lower())
        letters = single and not typed <= set(LETTER_WORDS + CHAT_LETTERS) \
            and (len(joined) >= 3 or not typed & set(LETTER_WORDS))
        return joined.upper() if known or letters else spaced.group(0)

    def _word_parted(self, left: str, right: str) -> bool:
        """Whether two words, neither a function word, are one word parted by a stray space ("partner
        ship", "pen sion", "mat ter"): English writes them joined `join_odds` times more often than as a
        pair, and no less than a `join_odds`th as often as the rarer of them alone ("red lines" stay)."""
        if left in STOPWORDS or right in STOPWORDS:
            return False
        joined = self._known.get(left + right, 0)  # English's (the corpus's own run-together words are web addresses)
        rarer = min(self._known.get(left, 0), self._known.get(right, 0))
        return joined > 0 and joined >= self._join_odds * self._pairs.get(f"{left} {right}", 0) \
            and joined * self._join_odds >= rarer

    def _split(self, word: str) -> tuple[int, str | None]:
        """Two words run together: how often English writes them as a pair, and the two words; the
        pair must be in English's pairs, or both words in the corpus, or one a corpus word and the other
        a word sentences are built with (`STOPWORDS`: "collaborativeon", "venturesdo")."""
        best: tuple[int, int, str | None] = (0, 0, None)
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            pair = self._pairs.get(f"{left} {right}", 0)
            in_corpus = left in self._vocabulary and right in self._vocabulary and len(right) >= 3
            with_stopword = ((left in STOPWORDS and len(right) >= MIN_LENGTH and right in self._vocabulary)
                             or (right in STOPWORDS and len(left) >= MIN_LENGTH and left in self._vocabulary))
            if (pair and self.is_word(left) and self.is_word(right)) or in_corpus or with_stopword:
                best = max(best, (pair, min(len(left), len(right)), f"{left} {right}"))
        return best[0], best[2]

    def _function_word_run(self, word: str) -> str | None:
        """An English word of `MIN_LENGTH` letters or more run into a function word (`STOPWORDS`), when
        no word is one edit away ("involvewhen" -> "involve when", "planor" -> "plan or"); the longer
        English word first; not a word English builds with a particle ("insourcing", "underperforming")."""
        found = [(len(content), f"{word[:i]} {word[i:]}") for i in range(1, len(word))
                 for content, function, first in ((word[:i], word[i:], False), (word[i:], word[:i], True))
                 if function in STOPWORDS and len(content) >= MIN_LENGTH and content in self._known
                 and not (first and function in PARTICLES)]
        return max(found)[1] if found else None

    def _split_with_typo(self, word: str, loose: bool = True) -> str | None:
        """Two words run together, one of them misspelt ("thepsrtnership" -> "the partnership"): a word and
        a corpus word one edit from the rest (of `MIN_TYPO_PART` letters or more), the longest word first;
        else two misspelt words (`_split_two_typos`; `loose`: parts as `_loose_part` reads them)."""
        for exact in range(min(len(word) - self._min_typo_part, MAX_TYPO_RUN), 1, -1):
            for left, right, typed_right in ((word[:exact], word[exact:], True), (word[-exact:], word[:-exact], False)):
                fixed = self._into_corpus(right) if self.is_word(left) else None
                if fixed:
                    return f"{left} {fixed}" if typed_right else f"{fixed} {left}"
        return self._split_two_typos(word, loose)

    def _typo_of_corpus_word(self, word: str) -> bool:
        """Whether `word`, of `LONG_WORD` letters or more, is one edit from a corpus word or one with some
        vowels left out."""
        return len(word) >= LONG_WORD and bool(self._into_corpus(word) or self._restored(word)[1])

    def _into_corpus(self, word: str) -> str | None:
        """The commonest corpus word one edit from `word` (the same first letter)."""
        found = [s for s in self._symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=1, transfer_casing=False)
                 if s.term[0] == word[0]]
        return max(found, key=lambda s: slip_weight(word, s.term) * s.count).term if found else None

    def _split_two_typos(self, word: str, loose: bool = True) -> str | None:
        """Two misspelt words run together ("heelthtransforrmation" -> "health transformation"): each part a
        corpus word one edit away (of `MIN_TYPO_PART` letters or more); when `loose` (not a capitalised word,
        which is as often a name no one uses: "Lampars" is no "Lamp areas"), also a part as `_loose_part`
        reads it ("bttercare" -> "better care", "lngwait" -> "long wait"), at least one part corrected; the
        pair whose rarer word the corpus writes most often."""
        if len(word) > 2 * MAX_TYPO_RUN:
            return None
        part = self._loose_part if loose else self._typo_part
        found = []
        for at in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = part(word[:at]), part(word[at:])
            if left and right and left + right != word:
                found.append((min(self._vocabulary[left], self._vocabulary[right]), f"{left} {right}"))
        return max(found)[1] if found else None

    def _typo_part(self, part: str) -> str | None:
        """The corpus word one edit from a part of `MIN_TYPO_PART` letters or more."""
        return self._into_corpus(part) if len(part) >= self._min_typo_part else None

    def _loose_part(self, part: str) -> str | None:
        """The word a part of a run of words is: itself when the corpus has it or English has it in
        `MIN_LENGTH` letters or more ("kep theme" is no reading), a corpus word it is typed without its
        vowels ("lng", "hlp"), or `_typo_part`'s ("btter")."""
        if part in self._vocabulary or (len(part) >= MIN_LENGTH and part in self._known):
            return part
        restored, in_corpus = self._restored(part)
        if in_corpus and not any(c in VOWELS for c in part[1:]):
            return restored
        return self._typo_part(part)


def undoubled(text: str) -> str:
    """`text` with a word typed twice in a row typed once ("the the", "Alan alan"), but for words English writes
    twice (`DOUBLED_IN_ENGLISH`) and a name that repeats its word ("Bora Bora": both capitalised alike)."""
    return _DOUBLED.sub(lambda m: m.group(0) if m.group(1).lower() in DOUBLED_IN_ENGLISH
                        or (m.group(1) == m.group(2) and m.group(1)[:1].isupper()) else m.group(1), text)
