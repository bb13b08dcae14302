"""Word shapes the speller looks words up by (pure): the strings one edit away, a word's consonants
(`skeleton`, for vowels left out), its sound (`sound`, for words typed as another that sounds the same)
and its British spellings (`british_forms`); and the words it reads by rule: chat shorthand, the words
questions are asked with, the numerals typed for words, the particles English prefixes words with.

The corpus is British; a question may be typed the American way ("organization", "program", "center",
"behavior", "pediatric", "traveled"). English's dictionary has both spellings, so the American one is
not a typo to it, and the lexical search, which matches the corpus's words, misses it: `british_forms`
gives the spellings a word may have in British English, and the speller takes the one the corpus uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from index.english import english_words

MIN_LENGTH = 4  # shorter words are too ambiguous to correct (and often acronyms): they have no skeleton
VOWELS = "aeiou"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NO_VOWELS = str.maketrans("", "", VOWELS)
_LETTERS_ONLY = re.compile(r"[a-z]*")

# (American, British) word endings and parts, as British English writes the same word
_ENDINGS = (
    ("ization", "isation"), ("izations", "isations"), ("izing", "ising"), ("ized", "ised"), ("izes", "ises"),
    ("ize", "ise"), ("yzing", "ysing"), ("yzed", "ysed"), ("yze", "yse"), ("ors", "ours"), ("or", "our"),
    ("ter", "tre"), ("ters", "tres"), ("eled", "elled"), ("eling", "elling"), ("ense", "ence"),
    ("og", "ogue"), ("ogs", "ogues"), ("am", "amme"), ("ams", "ammes"),
)
_PARTS = (("ped", "paed"), ("hem", "haem"), ("estr", "oestr"), ("anes", "anaes"), ("or", "our"))

# the words questions are asked with: a short unknown word is taken for one of them (`Speller._asking_word`)
ASKING_WORDS = frozenset("""how what who why when where which whose did does can could should would will was were
    has have had are the for from with that this""".split())  # and the commonest words they are asked about
PARTICLES = frozenset("in on up out off over under down back by through".split())  # function words English also prefixes words with
NUMERALS = {"2": ("to", "two"), "4": ("for", "four")}  # chat shorthand and the number it may also be
SHORTHAND = {
    "r": "are", "u": "you", "ur": "your", "n": "and", "b4": "before", "any1": "anyone", "every1": "everyone",
    "some1": "someone", "no1": "no one", "shud": "should", "shld": "should", "wud": "would", "cud": "could",
    "wat": "what", "wot": "what", "wats": "what's", "wots": "what's", "thx": "thanks", "pls": "please", "plz": "please",
    "ppl": "people",
    "govt": "government", "mgmt": "management", "dept": "department", "info": "information", "abt": "about",
    "thru": "through", "tho": "though", "cos": "because", "coz": "because", "becos": "because", "esp": "especially",
    "approx": "approximately", "yrs": "years", "yr": "year", "hv": "have", "gd": "good",
    "dnt": "don't", "cant": "can't", "wont": "won't", "dont": "don't", "didnt": "didn't", "isnt": "isn't",
    "wasnt": "wasn't", "doesnt": "doesn't", "im": "I'm", "ive": "I've", "whats": "what's", "hows": "how's",
    "smth": "something", "sth": "something", "tbh": "to be honest", "imo": "in my opinion", "ie": "that is",
    "eg": "for example", "etc": "and so on", "asap": "as soon as possible", "orgs": "organisations",
    "org": "organisation", "comms": "communications", "mtg": "meeting", "mtgs": "meetings", "recs": "recommendations",
    "mgt": "management", "mgrs": "managers", "cttee": "committee", "cttees": "committees", "btwn": "between",
    "gr8": "great", "tmrw": "tomorrow", "2moro": "tomorrow", "2day": "today",
}
# words people write for one another because they sound alike (or nearly), or a finger's slip makes one of the
# other ("form" for "from", "trail" for "trial", "broad" for "board"; one way only, as people slip): the speller
# reads a word of these
# as its partner when English's pairs of words say so (`NeighbourWords._confusable`); not "it's", "they're",
# "you're", "who's": English's pairs have no apostrophes to read them by
CONFUSABLES = {
    "there": ("their",), "their": ("there",), "where": ("were",), "were": ("where",), "then": ("than",),
    "than": ("then",), "affect": ("effect",),
    "effect": ("affect",), "principal": ("principle",), "principle": ("principal",), "practise": ("practice",),
    "practice": ("practise",), "stationary": ("stationery",), "stationery": ("stationary",),
    "complement": ("compliment",), "compliment": ("complement",), "stuff": ("staff",), "weather": ("whether",),
    "whether": ("weather",), "lose": ("loose",), "loose": ("lose",), "advise": ("advice",), "advice": ("advise",),
    "discreet": ("discrete",), "discrete": ("discreet",), "counsel": ("council",), "council": ("counsel",),
    "except": ("accept",), "accept": ("except",), "insure": ("ensure",), "dependant": ("dependent",),
    "passed": ("past",), "past": ("passed",), "sight": ("site",), "site": ("sight",),
    # slips of a finger that land on another word (stop 52)
    "form": ("from",), "off": ("of",), "trail": ("trial",), "trails": ("trials",), "causal": ("casual",), "broad": ("board",),
    "quite": ("quiet",), "quiet": ("quite",), "though": ("through", "thorough"), "thorough": ("through",),
    "lead": ("led",), "led": ("lead",),
}
# NHS shorthand typed in lower case (or capitalised, "Paeds"), which the speller took for another word ("neds" ->
# "needs", "paeds" -> "pads", "cips" -> "clips"); in capitals ("NEDs", "CIPs") it is an acronym and kept as typed
NHS_SHORTHAND = {
    "ned": "non-executive director", "neds": "non-executive directors", "execs": "executives",
    "coos": "chief operating officers", "ahp": "allied health professional", "ahps": "allied health professionals",
    "govs": "governors", "paeds": "paediatrics", "peds": "paediatrics", "colab": "collaborative",
    "collab": "collaborative", "colabs": "collaboratives", "collabs": "collaboratives",
    "cip": "cost improvement programme", "cips": "cost improvement programmes", "sro": "senior responsible owner",
    "sros": "senior responsible owners", "nhse": "NHS England",
}


def british_forms(word: str, inside: bool = True) -> list[str]:
    """The spellings British English may write lower-case `word` with, if it is written the American way
    ("organization" -> "organisation", "program" -> "programme", "behavior" -> "behaviour", "center" ->
    "centre", "pediatric" -> "paediatric"); none for a word of under four letters. `inside`: also with an
    "or" inside it as "our" ("colored"), which makes other English words too ("morning", "forth")."""
    if len(word) < 4:
        return []
    found = [word[:-len(us)] + uk for us, uk in _ENDINGS if word.endswith(us) and len(word) > len(us) + 1]
    for us, uk in _PARTS if inside else [p for p in _PARTS if p[0] != "or"]:
        at = word.find(us, 1 if us == "or" else 0)
        if at >= 0 and (us != "or" or at + 2 < len(word)):  # "behavior" by its ending, "behaviors", "colored" here
            found.append(word[:at] + uk + word[at + len(us):])
    return [f for f in dict.fromkeys(found) if f != word]




_SOUNDS = (  # letters as they sound, in order: "ph" is "f", "ce" "se", "ck" "k", a silent "gh" nothing
    ("tch", "ch"), ("dge", "j"), ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("wh", "w"), ("gh", ""), ("nce", "ns"),
    ("nts", "ns"), ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("x", "ks"), ("z", "s"),
)
_VOWEL_RUN = re.compile(r"([aeiouy])[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


def sound(word: str) -> str:
    """A key shared by lower-case words that sound alike ("board" and "bored", "patients" and "patience",
    "staff" and "staph", "wear" and "where", "witch" and "which"): its letters as they sound, a silent
    last "e" left out, a run of vowels as its first, a doubled letter once ("kn", "wr" at its start as
    "n", "r")."""
    if word[:2] in ("kn", "wr"):
        word = word[1:]
    for written, sounded in _SOUNDS:
        word = word.replace(written, sounded)
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return _DOUBLED.sub(r"\1", _VOWEL_RUN.sub(r"\1", word))


def single_edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in LETTERS),
        *(a + c + b for a, b in splits for c in LETTERS),
    }


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit(word: str, other: str) -> bool:
    """Whether `other` is one of `single_edits(word)` (`word` of the letters a-z), without making them."""
    if not _LETTERS_ONLY.fullmatch(other):
        return False
    n, m = len(word), len(other)
    if m == n:
        differ = [i for i in range(n) if word[i] != other[i]]
        return bool(n) and (len(differ) <= 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                                   and word[differ[0]] == other[differ[1]]
                                                   and word[differ[1]] == other[differ[0]]))
    if abs(m - n) != 1:
        return False
    shorter, longer = (other, word) if m < n else (word, other)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1:]


def deletion_table(words: Iterable[str]) -> dict[str, str]:
    """The words of the letters a-z among `words` by themselves and by each one-letter deletion,
    space-separated (strings, not sets: a large corpus makes some hundred thousand of them, and sets
    would each be garbage-collected): `one_edit_from` looks a word's neighbours up in it."""
    table: dict[str, str] = {}
    for word in words:
        if word and _LETTERS_ONLY.fullmatch(word):
            for shorter in {word, *deletions(word)}:
                found = table.get(shorter)
                table[shorter] = f"{found} {word}" if found else word
    return table


def one_edit_from(word: str, table: dict[str, str]) -> set[str]:
    """The words of `table` (`deletion_table`) among `single_edits(word)`: those sharing a one-letter
    deletion with `word` (at most two edits apart) that are one edit away; look-ups bounded by its length."""
    return {c for shorter in {word, *deletions(word)} for c in table.get(shorter, "").split() if one_edit(word, c)}


def skeleton(word: str) -> str:
    """`word`'s first letter and the consonants after it ("governance" -> "gvrnnc", "what" -> "wht")."""
    return word[:1] + word[1:].translate(_NO_VOWELS)


def skeletons(words: Iterable[str]) -> dict[str, str]:
    """Words of `MIN_LENGTH` letters or more by their `skeleton`, space-separated (strings, not sets: a
    large vocabulary makes some hundred thousand of them, and sets would each be garbage-collected)."""
    found: dict[str, str] = {}
    for word in words:
        if len(word) >= MIN_LENGTH and word.isalpha():
            key = skeleton(word)
            found[key] = f"{found[key]} {word}" if key in found else word
    return found


@cache
def english_skeletons() -> dict[str, str]:
    """`skeletons` of English's words (made once per process, a fixed size whatever the corpus)."""
    return skeletons(english_words())


def vowels_dropped(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with some of its vowels left out (their skeletons being the same), its
    last letter kept unless it is a silent "e" ("sngl" for "single", not "meds" for "medusa")."""
    letters = iter(word)
    ends = typed[-1:] == word[-1:] or (word[-1:] == "e" and typed[-1:] == word[-2:-1])
    return len(typed) < len(word) and ends and all(c in letters for c in typed)


def vowelless_readings(typed: str, limit: int = 1) -> tuple[str, ...]:
    """The English words, commonest first (at most `limit`), that a word English does not have could be
    typed without its vowels after the first letter ("tms": "times", "teams" ...; "eml": "email"); none
    for an English word, an acronym in capitals, or one with a vowel after its first letter."""
    word = typed.lower()
    if not word.isalpha() or typed.isupper() or word in english_words() or word[1:].translate(_NO_VOWELS) != word[1:]:
        return ()
    found = [w for w in english_skeletons().get(word, "").split() if vowels_dropped(word, w)]
    return tuple(sorted(found, key=lambda w: -english_words()[w])[:limit])
