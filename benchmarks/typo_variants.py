"""Synthetic typo variants of a question set's in-domain questions, for measuring spelling tolerance.

    .venv/bin/python benchmarks/typo_variants.py tests/data/questions_tune.jsonl > /tmp/typos.jsonl
    .venv/bin/peerbot eval /tmp/typos.jsonl

One to three words of five letters or more per question get one typo each (a deletion, a
transposition, a doubled letter or a wrong vowel), seeded so the set is the same every run; the
evidence is the original question's, the category `misspelt`.
"""

from __future__ import annotations

import json
import random
import re
import sys

VOWELS = "aeiou"


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["delete", "swap", "double", "vowel"])
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    vowels = [j for j, c in enumerate(word) if c in VOWELS and j > 0]
    if not vowels:
        return word[:i] + word[i + 1:]
    j = rng.choice(vowels)
    return word[:j] + rng.choice([v for v in VOWELS if v != word[j]]) + word[j + 1:]


def variants(lines, seed: int = 7):
    rng = random.Random(seed)
    for line in lines:
        question = json.loads(line)
        if question.get("category", "in_domain") != "in_domain":
            continue
        words = re.findall(r"[A-Za-z]{5,}", question["q"])
        if not words:
            continue
        text = question["q"]
        for word in rng.sample(words, min(len(words), rng.choice([1, 2, 2, 3]))):
            text = re.sub(rf"\b{word}\b", typo(word, rng), text, count=1)
        yield dict(question, id=question["id"] + "t", q=text, category="misspelt")


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        for variant in variants(f):
            print(json.dumps(variant))
