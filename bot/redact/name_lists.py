"""The word lists names are judged by, pure: given and family names (`given_names.txt`,
`family_names.txt`, written by `benchmarks/write_name_lists.py`; `popular_given_names.txt` and `word_surnames.txt`,
by `benchmarks/write_more_names.py`; `community_given_names.txt`, by hand), their short forms (`short_forms.txt`),
given names that are English words too, UK places, the words that are never a surname, medical terms and words English has not
(nor misspelt by a letter: `no_word`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from bot.redact.names import NOT_NAMES
from index import english_words

_HERE = Path(__file__).resolve().parent
# Given names that are also English words (`english_given_names.txt`) but, typed in lower case before
# a family name, far more often a name: "john smith", "sue jones"
NAMES_FIRST = frozenset("""john peter tom jack harry jimmy billy bobby mike martin nick terry tony sally sue ken josh
    dean derrick don carol colleen maria marina meg penny phoebe roger sandy sherry victor warren rick randy patty
    bob brad troy noel mark bill""".split())
# Surnames that are also words a name can stand before ("Lucy Ward" but "Bevan ward", "on Florence Ward")
WORD_SURNAMES = frozenset({"ward", "park"})
# Months that are given names too ("May", "June", "Wendy-May"): a name only where a person's context says so
MONTH_NAMES = frozenset(("april", "may", "june", "august"))
# Virtue names common in the UK's African and Caribbean communities that Faker's locales lack ("Precious",
# "Favour"): English words, so a name only where a person's place in a sentence says so (`bot.redact.addressed`)
VIRTUE_NAMES = frozenset("""precious favour gift memory loveness honour treasure princess goodness marvellous praise
    glory justice miracle promise harmony unity liberty verity purity charity mercy patience blessing comfort peace
    destiny prosperity testimony wisdom victory serenity felicity prudence chastity modesty honesty godsent
    goodluck happiness innocent""".split())
# The systems and products chat names where a person would stand ("chase Datix about", "peerbot needs"): no one's name
PRODUCTS = frozenset("""slack teams zoom outlook excel datix epic cerner emis rio lorenzo systmone nhsmail peerbot chatgpt
    copilot sharepoint whatsapp onedrive""".split())
RARE = 3_000_000  # a word written less often than this (`index.english_words`' count) may be a name: "Wei", "Thanh", "Gaz"
# Words after a name that make it an organisation's, a place's or a programme's
NAMED_AFTER = frozenset("""programme programmes program scheme foundation fund trust trusts hospital hospitals hospice
    hospices nurse nurses institute centre center unit ward house lecture lectures award awards university college
    health board society charity care cancer support school academy fellowship fellowships building wing street road
    park way memorial infirmary clinic surgery practice medical group partnership partnerships network alliance
    collaborative uk nhs disease syndrome report review centres primary community integrated mental general
    royal infirmary icb ics pcn""".split())
# Words that are not surnames however they are written (titles, roles, NHS terms, days and months)
NOT_SURNAMES = NOT_NAMES | NAMED_AFTER | frozenset("""dr prof sir dame mr mrs ms miss mx sr sis chief executive
    medical nursing clinical director manager consultant registrar matron sister town city village district
    borough""".split())


@cache
def _names(file: str) -> frozenset[str]:
    """A name list beside this module, lower-cased (`benchmarks/write_name_lists.py` wrote it)."""
    lines = (_HERE / file).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def given_names() -> frozenset[str]:
    """Faker's given names, the popular ones in England and Wales it lacks ("ruby", "isla", "albie") and those of the UK's
    communities it lacks, short forms too ("olu", "funmi", "kasia": `community_given_names.txt`)."""
    return _names("given_names.txt") | _names("popular_given_names.txt") | _names("community_given_names.txt")


def family_names() -> frozenset[str]:
    return _names("family_names.txt")


@cache
def english_given_names() -> frozenset[str]:
    """Given names that are English words too: "grace", "mark"; of the popular ones, those English writes often
    (`RARE`: "ruby", "willow"; not "poppy", "otis")."""
    return _names("english_given_names.txt") | frozenset(
        name for name in _names("popular_given_names.txt") if english_words().get(name, 0) >= RARE)


def word_surnames() -> frozenset[str]:
    """Common family names that are English words and on no other list ("steel", "swan", "bone"): a surname only
    where a bed says so (`bot.redact.chat_names`)."""
    return _names("word_surnames.txt")


def short_forms() -> frozenset[str]:
    """Short forms of English given names ("jess", "becca", "rob"; `short_forms.txt`)."""
    return _names("short_forms.txt")


def places() -> frozenset[str]:
    return _names("uk_places.txt")


def is_given_name(lower: str) -> bool:
    """Whether a word (lower case) is on the list of given names, also with its accents left off
    ("oisín", "seán", "søren")."""
    return lower in given_names() or folded(lower) in given_names()


# Letters that carry no accent to leave off but stand for plain ones: "Søren", "Łucja", "Æthelred"
_PLAIN_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ð": "d",
                                "þ": "th"})


def folded(word: str) -> str:
    """A word (lower case) with its accents left off and its letters made plain ("søren" → "soren")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.translate(_PLAIN_LETTERS)) if not unicodedata.combining(c))


# What ends English places' names: a word on no list of names that ends so is a place's ("Bridgend", "Knowsley")
_PLACE_ENDS = ("bridge", "end", "ford", "ton", "ham", "by", "wich", "bech", "bury", "field", "ley", "well", "worth",
               "minster", "mouth", "pool", "port", "chester", "caster", "cester", "burgh", "borough", "brough", "stead",
               "stow", "wick", "thorpe", "dale", "hurst", "combe", "shire", "sey", "don", "wood", "gate", "head")


def place_shaped(lower: str) -> bool:
    """Whether a word (lower case) on no list of names ends as English places' names do ("bridgend", "knowsley",
    "wisbech", "carnford")."""
    return len(lower) > 5 and lower.endswith(_PLACE_ENDS) and not is_given_name(lower) and lower not in family_names()


def never(word: str) -> bool:
    """Whether a word (lower case) is never part of a personal name: "care", "trust", "kent", "docter"."""
    return word in NOT_SURNAMES or word in places() or title_like(word)


# Each half of a closed compound is a word of `COMPOUND_LETTERS` letters or more written this often (`index.english_words`'
# count), and no name: "staff" + "side"; chosen on the lists of names, of whose 27,906 only 4 on no English list split
# so ("everline"; not "whitehouse", "johnstone": a half is a name)
COMPOUND_COUNT = 20_000_000
COMPOUND_LETTERS = 4
LONGEST_WORD = 40  # letters: no English word (nor two run together, nor one misspelt) is longer; a longer run is no
# word, and splitting or editing it would cost its length squared ("?name=" and 40,000 letters took 3 s)


@lru_cache(maxsize=4096)
def closed_compound(word: str) -> bool:
    """Whether a word (lower case) on no list of names nor English's is two common English words run together: in
    lower case, a group's or a thing's ("staffside", "teamlead", "workstream"), not a name ("hassan", "connor",
    "whitehouse"). Capitalised, such a word may be a family name ("Lightfoot"), so the callers ask only of words
    typed in lower case."""
    english = english_words()
    if not 2 * COMPOUND_LETTERS <= len(word) <= LONGEST_WORD or word in english or is_given_name(word) or word in family_names():
        return False
    halves = [(word[:i], word[i:]) for i in range(COMPOUND_LETTERS, len(word) - COMPOUND_LETTERS + 1)]
    return any(all(english.get(half, 0) >= COMPOUND_COUNT and not is_given_name(half) and half not in family_names()
                   for half in pair) for pair in halves)


# Medicine's word-building parts and medicines' stems: a word made of them is a term, not a name on no list
# ("musculoskeletal", "telehealth", "thrombectomy", "deprescribing", "oxycodone"), though the English word list lacks it
_TERM_ENDS = ("ology", "ologist", "ectomy", "otomy", "ostomy", "oscopy", "ography", "ometry", "iatric", "iatry",
              "itis", "pathy", "plasty", "aemia", "algia", "ectal", "biliary", "skeletal", "vascular", "ement",
              # medicines' stems ("oxycodone", "nifedipine", "diazepam", "bisoprolol", "ramipril", "atorvastatin")
              "codone", "dipine", "azepam", "olol", "pril", "sartan", "statin", "mab", "mycin", "cillin", "prazole",
              "oxetine", "apine", "formin", "gliptin", "flozin", "xaban", "amadol", "clazide")
_TERM_STARTS = ("tele", "neuro", "peri", "poly", "musculo", "cardio", "gastro", "hepato", "echo", "multi", "inter",
                "intra", "post", "pre", "non", "sub", "para", "micro", "haemo", "psycho", "physio", "pharmaco",
                "immuno", "onco", "ortho", "de", "re", "co", "un")


def medical_term(word: str) -> bool:
    """Whether a word (lower case) is built from medicine's parts: a known ending, or a known start
    before an English word of five letters or more ("tele" + "health")."""
    return word.endswith(_TERM_ENDS) or any(
        word.startswith(start) and len(word) - len(start) >= 5 and word[len(start):] in english_words()
        for start in _TERM_STARTS)


def family_like(word: str) -> bool:
    """Whether a word (lower case) can only be a family name: on the list and written rarely, or no
    English word ("zhang", "tran", "minh"), and no place."""
    if never(word):
        return False
    count = english_words().get(word)
    return count is None or word in family_names() and count < RARE


@lru_cache(maxsize=4096)
def no_word(word: str) -> bool:
    """Whether a word in lower case is no English word nor one misspelt by a letter ("seperate",
    "collaboratives"), nor two run together ("staffside"): a name on no list ("rajesh", "nkechi")."""
    english = english_words()
    if len(word) < 4 or word in english or medical_term(word) or closed_compound(word):
        return False
    return not misspelt(word, english)


def misspelt(word: str, words: Collection[str]) -> bool:
    """Whether a word in lower case is one of `words` with a letter left out, added, changed or two swapped."""
    if len(word) > LONGEST_WORD:
        return False
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = ({a + b[1:] for a, b in splits if b} | {a + c + b[1:] for a, b in splits if b for c in letters}
             | {a + c + b for a, b in splits for c in letters} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1})
    return any(edit in words for edit in edits)


_SPELT_OUT = ("doctor", "professor")
# Titles a slip of a letter (two in a long one) leaves recognisable: "docter", "profesor", "mrss", "misss", "sistr"
_TITLES = ("doctor", "professor", "sister", "mrs", "miss")
TITLE_SLIPS = 1  # letters a title of up to five letters may be out by; one more for a longer one


@lru_cache(maxsize=4096)
def title_like(lower: str) -> bool:
    """Whether a word (lower case) is a title written out ("doctor") or one misspelt that is no English word
    ("docter", "dcotor", "profesor", "mrss"; not "mass", "mist" nor a name, "proctor")."""
    if lower in _SPELT_OUT:
        return True
    if len(lower) < 4 or lower in english_words() or is_given_name(lower) or lower in family_names():  # not "proctor"
        return False
    return any(
        OSA.distance(lower, title) <= (TITLE_SLIPS if len(title) <= 5 else TITLE_SLIPS + 1) for title in _TITLES)
