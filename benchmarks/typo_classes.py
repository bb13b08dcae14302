"""Spelling tolerance by class of slip (issue 9): the tune questions corrupted mechanically, one class at
a time, and how many each class's corruption costs.

    PEERBOT_DATA_DIR=/tmp/s46-typos-data .venv/bin/python benchmarks/typo_classes.py --speller
    PEERBOT_DATA_DIR=/tmp/s46-typos-data HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/typo_classes.py

Sources: the questions of the tune files (`SOURCES`; never a held-out or check set). Each question gets
one variant per class in `CLASSES`, seeded (the same every run), with up to `WORDS` of its words of four
letters or more (not an acronym in capitals) corrupted:

- `held`: a letter held down, typed two or three times ("frontllinne");
- `dropped`: a letter after the first left out ("comittee");
- `swapped`: two adjacent letters after the first swapped ("comittee" -> "comitete");
- `vowels`: the vowels after the first letter left out ("frntln", "brd"; words of three letters too);
- `keyboard`: a letter after the first typed as its neighbour on the keyboard row ("staff" -> "stsff");
- `real_word`: a rarer English word one substitution away ("boars" for "boards");
- `run_together`: two neighbouring words typed as one ("incommon");
- `run_together_slip`: two neighbouring words typed as one, each with a letter slip ("bttercarewr");
- `split`: a word parted by a stray space ("collab orative");
- `real_word_human`: a word typed as another English word the way people slip (`HUMAN_SLIPS`: "form" for
  "from", "there" for "their", "manger" for "manager", "pubic" for "public", "boars" for "boards");
- `run_together_word`: two neighbouring words typed as one, one of them with a letter left out that makes
  it another English word ("tuningpint" for "tuning point");
- `short`: a word typed the short way people type it (`SHORT_FORMS`: "tm" for "team", "mgt" for "management",
  "ppl" for "people", "org" for "organisation") or, failing one, a word of four letters as two consonants;
- `spacing`: a hyphen left out or typed as a space ("wellled", "place based"), a word English also writes
  with a prefix parted ("co ordinate", "co-ordinate"), or, failing both, a space typed twice.
- `homophone`: a word typed as another that sounds like it (`HOMOPHONES`: "there" for "their", "where" for
  "were", "then" for "than", "effect" for "affect", "stuff" for "staff", "practise" for "practice");
- `phonetic`: one or two words spelt by ear (`by_ear`: "colaberation", "comission", "stratagy", "wokforce");
- `several`: three slips of mixed kinds in a question of `SHORT_QUESTION` words at most;
- `acronym`: the question's acronyms in lower case ("ics", "girft", "nhse"), one in four with letters swapped;
- `american`: its British spellings written the American way (`AMERICAN`: "organization", "program", "center");
- `text_speak`: up to three words typed as in chat (`TEXT_SPEAK`: "hw", "u", "2", "b4", "thx", "whats");
- `slip_pair`: a real word typed for another the corpus may not tell apart (`SLIP_PAIRS`: "stuff" for "staff",
  "form" for "from", "trail" for "trial", "causal" for "casual", "quite" for "quiet", "of" for "off");
- `apostrophe`: an apostrophe left out or put in (`APOSTROPHES`: "its"/"it's", "your"/"you're", "whose"/"who's";
  "organisations plan", "ICB's", "trust's" for "trusts");
- `acronym_word`: an acronym misspelt into an English word or spaced ("grift", "ices", "icb's", "cqc's", "i c s",
  "nhs e");
- `split_word`: one or two long words parted after a syllable ("colla borative", "gover nance");
- `doubled`: a word typed twice ("the the");
- `no_space`: no space after a comma or full stop ("trust,how");
- `several_short`: three or four slips in a question of under ten words (`FEW_WORDS`).

The sources are split by question id (crc32, even and odd): `tune` is the half choices were made on,
`untouched` the half never looked at while tuning (reported beside it). `--speller` (fast, no model)
counts per class the variants whose correction equals the spelled question's correction; without it
each variant, the spelled question (the control) and the off-topic and not-covered questions (spelled
and with each class's slips) are answered as `peerbot eval` answers them: recall@1 and @5 per class,
and the share of off-topic and not-covered questions declined. `--half` picks a half (both by default);
`--show CLASS` prints that class's unrestored variants of the tune half; `--classes` answers only some classes
(and the control); `--cost` times the corrections
alone (CPU per question, with the bundled vocabulary and a large one; run it on main's code with
`PYTHONPATH` set to a copy of main to compare).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
import zlib
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import evidence_rank  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.english import LACKING, english_words  # noqa: E402
from index.lexical import STOPWORDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data"
SOURCES = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "dev_questions.jsonl", "probe_questions.jsonl",
           "questions_tune_scope.jsonl", "questions_tune_scope2.jsonl")
CLASSES = ("held", "dropped", "swapped", "vowels", "keyboard", "real_word", "run_together", "run_together_slip", "split",
           "real_word_human", "run_together_word", "short", "spacing", "homophone", "phonetic", "several", "acronym",
           "american", "text_speak", "slip_pair", "apostrophe", "acronym_word", "split_word", "doubled", "no_space",
           "several_short")
WORDS = 2  # words corrupted per variant (one pair for the run-together classes, one word split)
SEED = 46
VOWELS = "aeiou"
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_WORD = re.compile(r"[A-Za-z]+")
# a word and the other English word people type for it (real-word slips: transposed, dropped, doubled, homophones)
HUMAN_SLIPS = {
    "from": "form", "their": "there", "there": "their", "manager": "manger", "managers": "mangers", "public": "pubic",
    "boards": "boars", "board": "bored", "chief": "chef", "through": "though", "united": "untied", "trial": "trail",
    "where": "were", "were": "where", "than": "then", "quite": "quiet", "lose": "loose", "staff": "stuff",
    "same": "some", "trust": "tryst", "trusts": "trysts", "sharing": "sparing", "services": "serves",
    "patients": "patience", "care": "core", "work": "word", "practice": "practise", "advice": "advise", "affect": "effect", "principal": "principle",
}
SHORT_FORMS = {
    "team": "tm", "teams": "tms", "management": "mgt", "manager": "mgr", "managers": "mgrs", "people": "ppl",
    "organisation": "org", "organisations": "orgs", "government": "govt", "department": "dept", "meeting": "mtg",
    "meetings": "mtgs", "hospital": "hosp", "between": "btwn", "information": "info", "communications": "comms",
    "development": "dev", "programme": "prog", "executive": "exec", "director": "dir", "directors": "dirs",
    "committee": "cttee", "transformation": "transfm", "approximately": "approx", "example": "eg",
}
# a word and the word that sounds like it people type for it (stop 50)
HOMOPHONES = {
    "their": "there", "there": "their", "they're": "their", "your": "you're", "you're": "your", "where": "were",
    "were": "where", "affect": "effect", "effect": "affect", "principal": "principle", "principle": "principal",
    "practice": "practise", "stationery": "stationary", "complement": "compliment", "staff": "stuff",
    "whether": "weather", "whose": "who's", "its": "it's", "than": "then", "then": "than",
    "discrete": "discreet", "lead": "led", "led": "lead", "past": "passed", "accept": "except", "site": "sight",
    "council": "counsel", "ensure": "insure", "advice": "advise", "licence": "license", "dependent": "dependant",
}
_PHONETIC = (  # letters people write by ear for others: (written, typed); one applied per word
    ("mm", "m"), ("ss", "s"), ("ll", "l"), ("tt", "t"), ("pp", "p"), ("rr", "r"), ("cc", "c"), ("ff", "f"),
    ("ance", "ence"), ("ence", "ance"), ("ible", "able"), ("able", "ible"), ("ate", "ait"), ("tion", "sion"),
    ("ise", "ize"), ("ei", "ie"), ("ie", "ei"), ("ph", "f"), ("ou", "o"), ("ea", "ee"), ("ous", "us"),
)
_BY_EAR = "aeio"  # an unstressed vowel typed as another of these ("stratagy", "prioraties", "colaberation")
# British forms and the American way of writing them (stop 50)
AMERICAN = (("isation", "ization"), ("isations", "izations"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"),
            ("ises", "izes"), ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"), ("amme", "am"),
            ("ammes", "ams"), ("elled", "eled"), ("elling", "eling"), ("ence", "ense"), ("ogue", "og"))
AMERICAN_PARTS = (("paed", "ped"), ("haem", "hem"), ("anaes", "anes"), ("oestr", "estr"))
# words and how people type them in chat (stop 50: "hw do u", "whats the best way 2", "b4", "thx")
TEXT_SPEAK = {
    "how": "hw", "you": "u", "your": "ur", "are": "r", "to": "2", "for": "4", "before": "b4", "thanks": "thx",
    "what's": "whats", "what": "wat", "people": "ppl", "please": "pls", "with": "w/", "because": "cos",
    "should": "shud", "would": "wud", "could": "cud", "anyone": "any1", "someone": "some1", "about": "abt",
    "and": "n", "don't": "dont", "good": "gd", "have": "hv", "through": "thru", "great": "gr8", "message": "msg",
    "really": "rly", "tomorrow": "tmrw",
}
# real words people type for others that the corpus may not tell apart (stop 52: "stuff" for "staff", "form" for "from")
SLIP_PAIRS = {
    "staff": "stuff", "from": "form", "form": "from", "trial": "trail", "trials": "trails", "casual": "causal",
    "broad": "board", "board": "broad", "led": "lead", "lose": "loose", "quiet": "quite", "quite": "quiet",
    "off": "of", "of": "off", "through": "though", "though": "through", "thorough": "through", "we're": "were",
}
# words people write with an apostrophe for one without, and the other way (stop 52)
APOSTROPHES = {
    "it's": "its", "its": "it's", "whose": "who's", "who's": "whose", "let's": "lets", "your": "you're",
    "you're": "your", "they're": "their", "trust's": "trusts", "trusts'": "trusts", "trusts": "trust's",
}
SEVERAL = ("dropped", "swapped", "keyboard", "held", "phonetic")  # the slips `several` mixes in one short question
SHORT_QUESTION = 12  # the most words a question `several` corrupts has
FEW_WORDS = 9  # the most words a question `several_short` corrupts has (three slips or more in under ten words)
PREFIXES = ("co", "re", "pre", "non", "cross", "multi", "inter", "sub", "over", "under", "self", "front", "back")


def neighbours(c: str) -> str:
    for row in KEYBOARD:
        at = row.find(c)
        if at >= 0:
            return row[max(at - 1, 0):at] + row[at + 1:at + 2]
    return ""


def slip(word: str, kind: str, rng: random.Random) -> str | None:
    """`word` with one slip of `kind` after its first letter, or None when it has no place for one."""
    at = rng.randrange(1, len(word))
    if kind == "held":
        return word[:at] + word[at] * rng.choice((2, 3)) + word[at + 1:]
    if kind == "dropped":
        return word[:at] + word[at + 1:]
    if kind == "swapped":
        at = rng.randrange(1, len(word) - 1)
        return word[:at] + word[at + 1] + word[at] + word[at + 2:] if word[at] != word[at + 1] else None
    if kind == "vowels":
        dropped = word[0] + "".join(c for c in word[1:] if c.lower() not in VOWELS)
        return dropped if dropped != word else None
    if kind == "keyboard":
        near = neighbours(word[at].lower())
        return word[:at] + rng.choice(near) + word[at + 1:] if near else None
    if kind == "real_word":
        english = english_words()
        lower = word.lower()
        found = [w for i in range(1, len(lower)) for c in "abcdefghijklmnopqrstuvwxyz"
                 for w in (lower[:i] + c + lower[i + 1:],) if w != lower and english.get(w, 0) >= 100_000
                 and english[w] < english.get(lower, 0)]
        return rng.choice(sorted(found)) if found else None
    if kind == "real_word_drop":  # a letter left out that makes another English word ("pint" for "point")
        english = english_words()
        lower = word.lower()
        found = sorted({w for i in range(1, len(lower)) for w in (lower[:i] + lower[i + 1:],)
                        if w != lower and english.get(w, 0) >= 100_000})
        return rng.choice(found) if found else None
    raise ValueError(kind)


def by_ear(word: str, rng: random.Random) -> str | None:
    """`word` spelt by ear: a doubled letter typed once, a single one doubled, an unstressed vowel typed as another,
    an "r" before a consonant left out, or an ending written as it sounds ("goverence", "comission",
    "colloborative", "stratagy", "wokforce", "partnrship")."""
    lower = word.lower()
    ways = [(m.start(), m.end(), typed) for written, typed in _PHONETIC for m in re.finditer(written, lower)
            if m.start() > 0]
    ways += [(m.start(), m.end(), m.group(0) * 2) for m in re.finditer(r"(?<=[aeiou])[bcdfglmnprst](?=[aeiou])", lower)
             if m.start() > 0]
    ways += [(m.start(), m.end(), v) for m in re.finditer(r"(?<=[^aeiou])[aeio](?=[^aeiou])", lower)
             if 1 < m.start() < len(lower) - 2 for v in _BY_EAR if v != m.group(0)]
    ways += [(m.start(), m.end(), "") for m in re.finditer(r"(?<=[aeiou])r(?=[^aeiour])", lower) if m.start() > 1]
    if not ways:
        return None
    start, end, typed = rng.choice(sorted(ways))
    return word[:start] + typed + word[end:]


def americanised(word: str) -> str | None:
    """`word` as American English writes it, if it is written the British way ("organisation" ->
    "organization", "programme" -> "program", "paediatric" -> "pediatric"), else None."""
    lower = word.lower()
    english = english_words()
    for uk, us in sorted(AMERICAN, key=lambda p: -len(p[0])):
        if lower.endswith(uk) and len(lower) > len(uk) + 2 and english.get(lower[:-len(uk)] + us, 0) >= 10_000:
            return word[:-len(uk)] + us
    for uk, us in AMERICAN_PARTS:
        if uk in lower:
            return word[:lower.find(uk)] + us + word[lower.find(uk) + len(uk):]
    return None


def acronyms_lowered(text: str, rng: random.Random) -> str | None:
    """`text` with its acronyms typed in lower case ("ICS" -> "ics", "GIRFT" -> "girft") and "NHS England" as
    "nhse"; one of them, of four letters or more, also with two neighbouring letters swapped, in one variant
    of four."""
    text = re.sub(r"\bNHS England\b", "nhse", text)
    found = [m for m in re.finditer(r"\b[A-Z]{2,6}s?\b", text) if m.group(0) != "I"]
    if not found and "nhse" not in text:
        return None
    long = [m for m in found if len(m.group(0)) >= 4]
    swapped = rng.choice(long) if long and rng.random() < 0.25 else None
    out, last = [], 0
    for m in found:
        typed = m.group(0).lower()
        if m is swapped:
            at = rng.randrange(1, len(typed) - 2)
            typed = typed[:at] + typed[at + 1] + typed[at] + typed[at + 2:]
        out += [text[last:m.start()], typed]
        last = m.end()
    return "".join(out) + text[last:]


def text_speak(text: str, rng: random.Random) -> str | None:
    """`text` typed as in chat: up to three words of `TEXT_SPEAK` its way and, in one variant of two, in lower case
    without its last question mark."""
    found = [m for m in re.finditer(r"[A-Za-z][A-Za-z']*", text) if m.group(0).lower() in TEXT_SPEAK]
    if not found:
        return None
    chosen = sorted(rng.sample(found, min(3, len(found))), key=lambda m: m.start())
    out, last = [], 0
    for m in chosen:
        typed = TEXT_SPEAK[m.group(0).lower()]
        out += [text[last:m.start()], typed[:1].upper() + typed[1:] if m.group(0)[:1].isupper() else typed]
        last = m.end()
    text = "".join(out) + text[last:]
    return text.lower().rstrip("?") if rng.random() < 0.5 else text


def several(text: str, words: list[re.Match[str]], rng: random.Random) -> str | None:
    """A short question (`SHORT_QUESTION` words at most) with three of its words of four letters or more each
    given a slip of a kind from `SEVERAL`."""
    chosen = [m for m in words if len(m.group(0)) >= 4 and m.group(0).lower() not in STOPWORDS]
    if len(words) > SHORT_QUESTION or len(chosen) < 3:
        return None
    changed = {}
    for m in sorted(rng.sample(chosen, 3), key=lambda m: m.start(), reverse=True):
        kind = rng.choice(SEVERAL)
        typed = by_ear(m.group(0), rng) if kind == "phonetic" else slip(m.group(0), kind, rng)
        if typed and typed.lower() != m.group(0).lower():
            changed[m.start()] = (m.end(), typed)
    for start in sorted(changed, reverse=True):
        end, typed = changed[start]
        text = text[:start] + typed + text[end:]
    return text if len(changed) >= 2 else None


def several_short(text: str, words: list[re.Match[str]], rng: random.Random) -> str | None:
    """A question of under ten words (`FEW_WORDS`) with three or more of its words of four letters or more (all,
    up to four) each given a slip of a kind from `SEVERAL` or its vowels left out."""
    chosen = [m for m in words if len(m.group(0)) >= 4 and m.group(0).lower() not in STOPWORDS]
    if len(_WORD.findall(text)) > FEW_WORDS or len(chosen) < 3:
        return None
    changed = {}
    for m in sorted(rng.sample(chosen, min(4, len(chosen))), key=lambda m: m.start()):
        kind = rng.choice((*SEVERAL, "vowels"))
        typed = by_ear(m.group(0), rng) if kind == "phonetic" else slip(m.group(0), kind, rng)
        if typed and typed.lower() != m.group(0).lower():
            changed[m.start()] = (m.end(), typed)
    for start in sorted(changed, reverse=True):
        end, typed = changed[start]
        text = text[:start] + typed + text[end:]
    return text if len(changed) >= 3 else None


def apostrophe(text: str, rng: random.Random) -> str | None:
    """`text` with one word of `APOSTROPHES` typed the other way ("its" for "it's", "your" for "you're"), a
    possessive's apostrophe left out ("organisations plan") or a plural given one ("ICB's", "trust's")."""
    english = english_words()
    ways = [(m, APOSTROPHES[m.group(0).lower()]) for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text)
            if m.group(0).lower().replace("’", "'") in APOSTROPHES]
    ways += [(m, m.group(0).replace("'", "").replace("’", "")) for m in re.finditer(r"\b[A-Za-z]{3,}['’]s\b", text)]
    ways += [(m, m.group(0)[:-1] + "'s") for m in re.finditer(r"\b(?:[A-Za-z]{3,}s|[A-Z]{2,5}s)\b", text)
             if m.group(0).lower() not in STOPWORDS and not m.group(0).lower().endswith("ss")
             and (m.group(0)[:-1].isupper() or english.get(m.group(0)[:-1].lower(), 0) >= 1_000_000)]
    if not ways:
        return None
    m, typed = rng.choice(ways)
    typed = typed[:1].upper() + typed[1:] if m.group(0)[:1].isupper() else typed
    return text[:m.start()] + typed + text[m.end():]


def acronym_word(text: str, rng: random.Random) -> str | None:
    """`text` with one acronym typed as people slip on it: its letters spaced ("i c s"), its plural with an
    apostrophe in lower case ("icb's"), in lower case with two neighbouring letters swapped or a vowel added that
    makes an English word ("grift" for "GIRFT", "ices" for "ICSs"), a plural or possessive in lower case ("cqc's",
    "pcns"), or "NHS England" as "nhs e"."""
    english = english_words()
    found = [m for m in re.finditer(r"\b([A-Z]{2,6})(s|'s|’s)?\b", text) if m.group(1) not in ("I", "A")]
    ways = [(m.start(), m.end(), "nhs e") for m in re.finditer(r"\bNHS England\b", text)]
    for m in found:
        low, end = m.group(1).lower(), (m.group(2) or "").lower()
        ways.append((m.start(), m.end(), " ".join(low) + end))
        if end:  # a plural or possessive in lower case, a plural with an apostrophe: "icb's", "pcns", "cqc's"
            ways.append((m.start(), m.end(), low + ("'s" if end == "s" else end)))
        words = {low[:i] + low[i + 1] + low[i] + low[i + 2:] for i in range(len(low) - 1)}
        words |= {low[:i] + v + low[i:] for i in range(1, len(low) + 1) for v in "aeiou"}
        words = sorted(w for w in words if w not in LACKING and (english.get(w + end.replace("'", ""), 0) >= 10_000
                                                                 or english.get(w, 0) >= 10_000))
        ways += [(m.start(), m.end(), w if english.get(w, 0) >= 10_000 and not end else w + end) for w in words]
    if not ways:
        return None
    start, end, typed = rng.choice(ways)
    return text[:start] + typed + text[end:]


def split_word(text: str, words: list[re.Match[str]], rng: random.Random) -> str | None:
    """`text` with one or two words of eight letters or more parted by a stray space after a syllable (after a
    vowel and a consonant: "colla borative", "gover nance", "partner ship"), each part of three letters or more."""
    long = [m for m in words if len(m.group(0)) >= 8 and m.group(0).lower() not in STOPWORDS]
    if not long:
        return None
    typed = text
    for m in sorted(rng.sample(long, min(len(long), rng.choice((1, 2)))), key=lambda m: -m.start()):
        word = m.group(0).lower()
        places = [i for i in range(3, len(word) - 2) if word[i - 1] not in VOWELS and word[i - 2] in VOWELS]
        if places:
            at = m.start() + rng.choice(places)
            typed = typed[:at] + " " + typed[at:]
    return typed if typed != text else None


def doubled(text: str, rng: random.Random) -> str | None:
    """`text` with one of its words typed twice ("the the", "how how")."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'’]*", text))
    if len(words) < 3:
        return None
    m = rng.choice(words)
    return text[:m.end()] + " " + m.group(0).lower() + text[m.end():]


def no_space(text: str) -> str | None:
    """`text` with the spaces after its commas, semicolons, colons and full stops (and question marks within it)
    left out ("trust,how", "ICS.What")."""
    typed = re.sub(r"(?<=[A-Za-z][,;:.?!]) (?=[A-Za-z])", "", text)
    return typed if typed != text else None


def by_table(text: str, words: list[re.Match[str]], table: dict[str, str], rng: random.Random) -> str | None:
    """`text` with one word of `table` typed as the table has it (its first letter's case kept)."""
    found = [m for m in words if m.group(0).lower() in table]
    if not found:
        return None
    m = rng.choice(found)
    typed = table[m.group(0).lower()]
    typed = typed[:1].upper() + typed[1:] if m.group(0)[:1].isupper() else typed
    return text[:m.start()] + typed + text[m.end():]


def spacing(text: str, rng: random.Random) -> str:
    """`text` with a hyphen left out or typed as a space, a prefix parted, or else a space typed twice."""
    hyphens = [m for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)+", text)]
    if hyphens:
        m = rng.choice(hyphens)
        return text[:m.start()] + m.group(0).replace("-", rng.choice(("", " "))) + text[m.end():]
    english = english_words()
    prefixed = [(m, p) for m in _WORD.finditer(text) for p in PREFIXES
                if m.group(0).lower().startswith(p) and len(m.group(0)) >= len(p) + 4
                and english.get(m.group(0)[len(p):].lower(), 0) >= 100_000]
    if prefixed:
        m, p = rng.choice(prefixed)
        return text[:m.start() + len(p)] + rng.choice((" ", "-")) + text[m.start() + len(p):]
    spaces = [m.start() for m in re.finditer(r"(?<=[A-Za-z]) (?=[A-Za-z])", text)]
    at = rng.choice(spaces)
    return text[:at] + " " + text[at:]


def corrupt(text: str, kind: str, rng: random.Random) -> str | None:
    """`text` with slips of `kind`, or None when it has no place for them."""
    words = [m for m in _WORD.finditer(text) if not (m.group(0).isupper() and len(m.group(0)) > 1)]
    if kind == "real_word_human":
        return by_table(text, words, HUMAN_SLIPS, rng)
    if kind == "homophone":
        return by_table(text, [m for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text)], HOMOPHONES, rng)
    if kind == "acronym":
        return acronyms_lowered(text, rng)
    if kind == "text_speak":
        return text_speak(text, rng)
    if kind == "several":
        return several(text, words, rng)
    if kind == "slip_pair":
        return by_table(text, [m for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text)], SLIP_PAIRS, rng)
    if kind == "apostrophe":
        return apostrophe(text, rng)
    if kind == "acronym_word":
        return acronym_word(text, rng)
    if kind == "split_word":
        return split_word(text, words, rng)
    if kind == "doubled":
        return doubled(text, rng)
    if kind == "no_space":
        return no_space(text)
    if kind == "several_short":
        return several_short(text, words, rng)
    if kind == "american":
        found = [(m, us) for m in words for us in (americanised(m.group(0)),) if us]
        if not found:
            return None
        for m, us in sorted(found, key=lambda f: -f[0].start()):
            text = text[:m.start()] + us + text[m.end():]
        return text
    if kind == "short":
        typed = by_table(text, words, SHORT_FORMS, rng)
        if typed is None:
            four = [m for m in words if len(m.group(0)) == 4 and m.group(0).lower() not in STOPWORDS
                    and sum(c not in VOWELS for c in m.group(0)[1:].lower()) == 1]
            if not four:
                return None
            m = rng.choice(four)
            typed = text[:m.start()] + m.group(0)[0] + "".join(c for c in m.group(0)[1:] if c.lower() not in VOWELS) \
                + text[m.end():]
        return typed
    if kind == "spacing":
        return spacing(text, rng)
    if kind in ("run_together", "run_together_slip", "run_together_word"):
        pairs = [(a, b) for a, b in zip(words, words[1:]) if text[a.end():b.start()] == " "
                 and len(a.group(0)) + len(b.group(0)) >= 7 and min(len(a.group(0)), len(b.group(0))) >= 2
                 and not (a.group(0).lower() in STOPWORDS and b.group(0).lower() in STOPWORDS)]
        if kind == "run_together_slip":
            pairs = [(a, b) for a, b in pairs if min(len(a.group(0)), len(b.group(0))) >= 4]
        if kind == "run_together_word":
            pairs = [(a, b) for a, b in pairs if min(len(a.group(0)), len(b.group(0))) >= 4
                     and (slip(a.group(0), "real_word_drop", rng) or slip(b.group(0), "real_word_drop", rng))]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        left, right = a.group(0), b.group(0)
        if kind == "run_together_word":
            side = [s for s in (0, 1) if slip((left, right)[s], "real_word_drop", random.Random(0))]
            if rng.choice(side) == 0:
                left = slip(left, "real_word_drop", rng) or left
            else:
                right = slip(right, "real_word_drop", rng) or right
        if kind == "run_together_slip":
            left, right = slip(left, "dropped", rng) or left, slip(right, rng.choice(("dropped", "held", "keyboard")), rng) or right
        return text[:a.start()] + left + right + text[b.end():]
    if kind == "split":
        long = [m for m in words if len(m.group(0)) >= 7]
        if not long:
            return None
        m = rng.choice(long)
        at = rng.randrange(3, len(m.group(0)) - 2)
        return text[:m.start() + at] + " " + text[m.start() + at:]
    shortest = 3 if kind == "vowels" else 5 if kind == "phonetic" else 4
    chosen = [m for m in words if len(m.group(0)) >= shortest and m.group(0).lower() not in STOPWORDS]
    rng.shuffle(chosen)
    changed = {}
    for m in chosen:
        typed = by_ear(m.group(0), rng) if kind == "phonetic" else slip(m.group(0), kind, rng)
        if typed and typed.lower() != m.group(0).lower():
            changed[m.start()] = (m.end(), typed)
        if len(changed) == WORDS:
            break
    if not changed:
        return None
    for start in sorted(changed, reverse=True):
        end, typed = changed[start]
        text = text[:start] + typed + text[end:]
    return text


def half(question_id: str) -> str:
    return "tune" if zlib.crc32(question_id.encode()) % 2 == 0 else "untouched"


def sources() -> list[dict]:
    """The tune files' questions: in-domain with evidence, off-topic and not-covered."""
    found = []
    for name in SOURCES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                category = row.get("category", "in_domain")
                if category in ("off_topic", "not_covered") or (category == "in_domain" and row.get("evidence")):
                    found.append(dict(row, category=category, id=f"{name}:{row['id']}"))
    return found


def variants(rows: list[dict]) -> list[dict]:
    """Each source question's variant per class (the question itself under class `spelled`)."""
    made = []
    for row in rows:
        made.append(dict(row, kind="spelled", source=row["q"]))
        for kind in CLASSES:
            rng = random.Random(f"{SEED}:{row['id']}:{kind}")
            typed = corrupt(row["q"], kind, rng)
            if typed is not None:
                made.append(dict(row, kind=kind, source=row["q"], q=typed))
    return made


def normal(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower().replace("’", "").replace("'", "")).split())


def speller_scores(rows: list[dict], show: str | None) -> None:
    from index import generations
    from index.snapshot import Snapshot
    from index.spelling import Speller
    from index.store import IndexStore

    folder = generations.current_generation(Settings.from_env().index_dir)
    assert folder is not None, "run `peerbot index` first"
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    snapshot = Snapshot.load(store)
    speller = Speller(store.vocabulary(), names=snapshot.names(), texts=[p.text for p in snapshot.passages.values()])
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row["kind"] == "spelled":
            continue
        restored = normal(speller.correct(row["q"])) == normal(speller.correct(row["source"]))
        tally[half(row["id"]), row["kind"]][0] += restored
        tally[half(row["id"]), row["kind"]][1] += 1
        if show == row["kind"] and half(row["id"]) == "tune" and not restored:
            print(f"  {row['q']!r} -> {speller.correct(row['q'])!r}  (spelled: {speller.correct(row['source'])!r})")
    print("| class | " + " | ".join(f"{h} restored" for h in ("tune", "untouched")) + " |")
    print("|---|---|---|")
    for kind in CLASSES:
        cells = [f"{tally[h, kind][0]}/{tally[h, kind][1]} ({tally[h, kind][0] / max(tally[h, kind][1], 1):.2f})"
                 for h in ("tune", "untouched")]
        print(f"| {kind} | " + " | ".join(cells) + " |")


def correction_cost(rows: list[dict]) -> None:
    """CPU per question of correcting every variant (the speller's tables built first; best of three
    rounds), with the bundled corpus's vocabulary and with `bench_spelling.large`'s (some 100,000 words)."""
    from bench_spelling import large  # a sibling script (benchmarks/ is on the path when run)

    from index import generations
    from index.snapshot import Snapshot
    from index.spelling import Speller
    from index.store import IndexStore

    folder = generations.current_generation(Settings.from_env().index_dir)
    assert folder is not None, "run `peerbot index` first"
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    snapshot = Snapshot.load(store)
    vocabulary, names, texts = store.vocabulary(), snapshot.names(), [p.text for p in snapshot.passages.values()]
    questions = [row["q"] for row in rows]
    for label, (words, named) in (("bundled corpus", (vocabulary, names)), ("large vocabulary", large(vocabulary, names))):
        speller = Speller(words, names=named, texts=texts)
        for q in questions:
            speller.correct(q)  # the tables built
        best = []
        for _ in range(3):
            t = time.process_time()
            for q in questions:
                speller.correct(q)
            best.append((time.process_time() - t) / len(questions))
        print(f"{label} ({len(words):,} words, {len(questions)} questions): {min(best) * 1000:.3f} ms CPU a question")


def answer_scores(rows: list[dict], out: Path | None) -> None:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    results = []
    for row in rows:
        a = answerer.answer(row["q"])
        rank = evidence_rank([s.text for s in a.snippets], tuple(row.get("evidence", ()))) \
            if row["category"] == "in_domain" else None
        results.append(dict(id=row["id"], kind=row["kind"], category=row["category"], q=row["q"],
                            answered=a.outcome == "answered", rank=rank))
    if out:
        out.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    report(results)


def report(results: list[dict]) -> None:
    print("| half | class | in-domain n | r@1 | r@5 | off-topic declined | not-covered declined |")
    print("|---|---|---|---|---|---|---|")
    for h in ("tune", "untouched"):
        for kind in ("spelled", *CLASSES):
            mine = [r for r in results if half(r["id"]) == h and r["kind"] == kind]
            inside = [r for r in mine if r["category"] == "in_domain"]
            cells = [str(len(inside)), share(inside, lambda r: r["rank"] == 1),
                     share(inside, lambda r: r["rank"] is not None and r["rank"] <= 5)]
            for category in ("off_topic", "not_covered"):
                declined = [r for r in mine if r["category"] == category]
                cells.append(f"{share(declined, lambda r: not r['answered'])} of {len(declined)}")
            print(f"| {h} | {kind} | " + " | ".join(cells) + " |")


def share(rows: list[dict], test) -> str:
    return f"{sum(1 for r in rows if test(r)) / len(rows):.2f}" if rows else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speller", action="store_true", help="score corrections only (no model)")
    parser.add_argument("--cost", action="store_true", help="time the corrections (CPU per question)")
    parser.add_argument("--half", choices=("tune", "untouched"), help="one half only")
    parser.add_argument("--show", choices=CLASSES, help="print a class's unrestored tune variants")
    parser.add_argument("--classes", help="these classes only (comma-separated; the spelled control always)")
    parser.add_argument("--out", type=Path, help="keep each answered variant's result (JSON lines)")
    parser.add_argument("--report", type=Path, help="report a file --out kept, without answering")
    args = parser.parse_args()
    if args.report:
        report([json.loads(line) for line in args.report.read_text(encoding="utf-8").splitlines()])
        return
    kinds = {"spelled", *(args.classes.split(",") if args.classes else CLASSES)}
    rows = [r for r in variants(sources()) if args.half in (None, half(r["id"])) and r["kind"] in kinds]
    if args.cost:
        correction_cost(rows)
    elif args.speller:
        speller_scores(rows, args.show)
    else:
        answer_scores(rows, args.out)


if __name__ == "__main__":
    main()
