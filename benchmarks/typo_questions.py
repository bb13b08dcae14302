"""Human-like misspelt variants of the tuning questions, split by source question into a tuning half
and a held-back half (issue 9's misspelt bar).

    .venv/bin/python benchmarks/typo_questions.py
    .venv/bin/peerbot eval tests/data/questions_tune_typos.jsonl

Sources: the in-domain questions of `tests/data/questions_tune.jsonl` and `tests/data/dev_questions.jsonl`
(never the held-out or check sets). Each gets `VARIANTS` variants; each variant gets one to three
errors of the kinds people make, drawn at random (seeded, so the files are the same every run):

- phonetic spellings: a doubled consonant single ("comittee"), a single one doubled ("handfull"),
  "ie"/"ei" swapped ("recieve"), "-ance"/"-ence", "-able"/"-ible", "-ary"/"-ery", a vowel
  written as it sounds ("seperate"), a silent letter dropped ("goverance");
- a letter dropped, a letter doubled, a keyboard neighbour typed instead, two letters transposed;
- a real word typed for another one edit away ("wader" for "wider");
- two words joined ("boardlevel"), a long word split ("collab orative");
- an acronym with a letter dropped ("MHDA"), an acronym in lower case ("nhs");
- an apostrophe left out ("dont"), chat shorthand ("u", "r", "ppl", "4", "2", "b4", "pls");
- and, for a third of the variants, the whole question in lower case without its question mark.

The variants are split by source question (all of a question's variants in one half, stratified by
source file): `tests/data/questions_tune_typos.jsonl` to tune on, `tests/data/typos_holdout.jsonl`
held back and scored once, at the end of a round. `--dense` prints the tuning half's source questions
again with three to five errors each (as people who type fast in chat write; not saved). The evidence is the source question's; the
category is `misspelt`, `variant_of` the source's id, `note` the kinds of error applied.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from index.english import english_words

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests/data/questions_tune.jsonl", ROOT / "tests/data/dev_questions.jsonl")
TUNE = ROOT / "tests/data/questions_tune_typos.jsonl"
HELD_BACK = ROOT / "tests/data/typos_holdout.jsonl"
SEED = 24
VARIANTS = 2
VOWELS = "aeiou"
KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
PHONETIC = [  # (written, as a speller may write it)
    ("ie", "ei"), ("ei", "ie"), ("ance", "ence"), ("ence", "ance"), ("ant", "ent"), ("ent", "ant"),
    ("able", "ible"), ("ible", "able"), ("ary", "ery"), ("ery", "ary"), ("tion", "sion"), ("ph", "f"),
    ("ce", "se"), ("ci", "si"), ("ck", "k"), ("ous", "us"), ("rn", "r"), ("mb", "m"), ("gn", "n"),
    ("ght", "gt"), ("par", "per"), ("rat", "ret"), ("ful", "full"), ("al", "el"), ("ate", "ite"),
]
SHORTHAND = {  # chat shorthand people type; a few of them peerbot's speller has no entry for
    "you": "u", "are": "r", "people": "ppl", "should": "shud", "before": "b4", "anyone": "any1", "for": "4",
    "to": "2", "with": "w/", "because": "cos", "please": "pls", "what": "wat", "your": "ur", "about": "abt",
    "really": "rly", "something": "smth", "organisations": "orgs", "government": "govt", "and": "&",
    "thanks": "thx", "information": "info", "communications": "comms", "department": "dept",
}


def neighbours(c: str) -> str:
    for row in KEYBOARD:
        i = row.find(c)
        if i >= 0:
            return row[max(i - 1, 0):i] + row[i + 1:i + 2]
    return ""


def phonetic(word: str, rng: random.Random) -> str | None:
    lower = word.lower()
    doubled = [i for i in range(1, len(lower) - 1) if lower[i] == lower[i + 1] and lower[i] not in VOWELS]
    single = [i for i in range(1, len(lower) - 1) if lower[i] in "lmnprst" and lower[i - 1] in VOWELS
              and lower[i + 1] in VOWELS]
    options: list[str] = [word[:i] + word[i + 1:] for i in doubled]
    options += [word[:i] + word[i] + word[i:] for i in single]
    for written, spelt in PHONETIC:
        at = lower.find(written, 1)
        if at > 0:
            options.append(word[:at] + spelt + word[at + len(written):])
    return rng.choice(options) if options else None


def slip(word: str, kind: str, rng: random.Random) -> str | None:
    """A keyboard slip of `kind` in `word` (never its first letter)."""
    if len(word) < 4:
        return None
    i = rng.randrange(1, len(word) - 1)
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "transpose":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else None
    near = neighbours(word[i].lower())
    return word[:i] + rng.choice(near) + word[i + 1:] if near else None


def real_word(word: str, english: dict[str, int]) -> str | None:
    """A rarer English word one letter away (a vowel or a keyboard neighbour): "wader" for "wider"."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isalpha():
        return None
    found = []
    for i in range(1, len(lower)):
        for c in (VOWELS if lower[i] in VOWELS else neighbours(lower[i])):
            other = lower[:i] + c + lower[i + 1:]
            if other != lower and other in english:
                found.append(other)
    return min(found, key=lambda w: english[w]) if found else None


def mutate(text: str, kind: str, rng: random.Random, english: dict[str, int]) -> str | None:
    """`text` with one error of `kind`, or None when the text has no place for it."""
    tokens = re.findall(r"\S+", text)
    words = [i for i, t in enumerate(tokens) if re.fullmatch(r"[A-Za-z]+[?,.]?", t)]
    long_words = [i for i in words if len(tokens[i].strip("?,.")) >= 5 and not tokens[i].isupper()]
    if kind == "acronym_drop" or kind == "acronym_lower":
        acronyms = [i for i, t in enumerate(tokens) if re.fullmatch(r"[A-Z]{3,}[?,.]?", t)]
        acronyms = [i for i in acronyms if kind == "acronym_lower" or len(tokens[i].strip("?,.")) >= 4]
        if not acronyms:
            return None
        i = rng.choice(acronyms)
        word = tokens[i].strip("?,.")
        j = rng.randrange(1, len(word) - 1)
        tokens[i] = tokens[i].replace(word, word[:j] + word[j + 1:] if kind == "acronym_drop" else word.lower())
    elif kind == "apostrophe":
        found = [i for i, t in enumerate(tokens) if "'" in t or "’" in t]
        if not found:
            return None
        i = rng.choice(found)
        tokens[i] = tokens[i].replace("'", "").replace("’", "")
    elif kind == "shorthand":
        found = [i for i, t in enumerate(tokens) if t.lower().strip("?,.") in SHORTHAND]
        if not found:
            return None
        i = rng.choice(found)
        word = tokens[i].strip("?,.")
        tokens[i] = tokens[i].replace(word, SHORTHAND[word.lower()])
    elif kind == "join":
        pairs = [i for i in words[:-1] if i + 1 in words and tokens[i].isalpha() and len(tokens[i]) + len(tokens[i + 1]) >= 7]
        if not pairs:
            return None
        i = rng.choice(pairs)
        tokens[i:i + 2] = [tokens[i] + tokens[i + 1]]
    elif kind == "split":
        found = [i for i in long_words if len(tokens[i].strip("?,.")) >= 8]
        if not found:
            return None
        i = rng.choice(found)
        j = rng.randrange(3, len(tokens[i].strip("?,.")) - 2)
        tokens[i] = tokens[i][:j] + " " + tokens[i][j:]
    else:
        if not long_words:
            return None
        i = rng.choice(long_words)
        word = tokens[i].strip("?,.")
        if kind == "phonetic":
            typed = phonetic(word, rng)
        elif kind == "real_word":
            typed = real_word(word, english)
        else:
            typed = slip(word, kind, rng)
        if typed is None or typed == word:
            return None
        tokens[i] = tokens[i].replace(word, typed)
    return " ".join(tokens)


KINDS = {  # how often each kind is drawn
    "phonetic": 5, "drop": 3, "double": 2, "neighbour": 3, "transpose": 2, "real_word": 1, "join": 2, "split": 1,
    "acronym_drop": 2, "acronym_lower": 2, "apostrophe": 2, "shorthand": 3,
}


def variant(question: dict, n: int, rng: random.Random, english: dict[str, int]) -> dict | None:
    text, applied = question["q"], []
    kinds, weights = list(KINDS), list(KINDS.values())
    for _ in range(30):
        if len(applied) == n:
            break
        kind = rng.choices(kinds, weights)[0]
        changed = mutate(text, kind, rng, english)
        if changed is not None and changed != text:
            text, applied = changed, [*applied, kind]
    if not applied:
        return None
    if rng.random() < 1 / 3:
        text, applied = text.lower().rstrip("?"), [*applied, "lower_case"]
    return dict(question, q=text, category="misspelt", variant_of=question["id"], note="typos: " + ", ".join(applied))


def generate(errors: tuple[int, ...] = (1, 2, 2, 3), seed: int = SEED) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    english = english_words()
    halves: tuple[list[dict], list[dict]] = ([], [])
    for source in SOURCES:
        questions = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        questions = [q for q in questions if q.get("category", "in_domain") == "in_domain" and q.get("evidence")
                     and not q.get("offtopic")]
        order = list(range(len(questions)))
        rng.shuffle(order)
        held_back = set(order[: len(order) // 2])
        for k, question in enumerate(questions):
            for v in range(VARIANTS):
                made = variant(question, rng.choice(errors), rng, english)
                if made is not None:
                    made["id"] = f"{question['id']}t{v + 1}"
                    halves[k in held_back].append(made)
    return halves


if __name__ == "__main__":
    if sys.argv[1:] == ["--dense"]:  # the tuning half's questions with three to five errors each, printed
        tune, _ = generate()
        sources = {row["variant_of"] for row in tune}
        for row in generate((3, 4, 5), SEED + 1)[0] + generate((3, 4, 5), SEED + 1)[1]:
            if row["variant_of"] in sources:
                print(json.dumps(row, ensure_ascii=False))
        sys.exit()
    for path, rows in zip((TUNE, HELD_BACK), generate()):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(rows)} variants")
