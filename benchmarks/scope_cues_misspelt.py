"""Do the out-of-scope cues still fire when the request is misspelt? (cues on the wording as asked,
as searched: spelling corrected, and with a word typed without its vowels read as its English words)

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/scope_cues_misspelt.py

Takes every off-topic question of the tuning sets (`scope_cues.QUESTION_SETS`; never the held-out
half, the check sets or typos_holdout.jsonl) that a cue catches as asked, misspells it the way people
type in a hurry (seeded: in every other word of five letters or more, one inner letter dropped,
doubled or swapped with the next), and counts how many a cue still catches in the wording as asked
alone, and in either wording; then again typed as texting (in every word of three to six letters,
the vowels after the first letter left out: "opening tms") and counts how many a cue catches in
either wording, and with the texting read (`bot.scope.texting_readings`). Then the false fires: the
on-topic questions (answerable, misspelt or not covered) of those sets and the typo tuning set that
a cue catches in any of those wordings (each should be none). Builds the index (the spelling corrector's vocabulary) in a temporary folder; no other model use.
"""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

from scope_cues import DATA, QUESTION_SETS

from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.evaluation import load_questions
from bot.scope import texting_readings
from bot.settings import Settings


def misspell(text: str, rng: random.Random) -> str:
    """One typing slip in every other long word (dropped, doubled or swapped letter)."""
    words, flip = [], False
    for word in re.split(r"(\s+)", text):
        if word.isalpha() and len(word) >= 5:
            flip = not flip
            if flip:
                i = rng.randrange(1, len(word) - 2)
                slip = rng.choice(("drop", "double", "swap"))
                word = (word[:i] + word[i + 1:] if slip == "drop" else word[:i] + word[i] + word[i:] if slip == "double"
                        else word[:i] + word[i + 1] + word[i] + word[i + 2:])
        words.append(word)
    return "".join(words)


def texting(text: str) -> str:
    """Every word of three to six letters with its vowels after the first letter left out."""
    return re.sub(r"\b([A-Za-z])([a-z]{2,5})\b", lambda m: m.group(1) + re.sub("[aeiou]", "", m.group(2)), text)


def main() -> None:
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        kinds, index = answerer.corpus.scope.kinds, answerer.index
        total = as_asked = either = texted = read = 0
        for name in QUESTION_SETS:
            for q in load_questions(DATA / name):
                if q.category != "off_topic" or not any(k.cued(q.q) for k in kinds):
                    continue
                slipped = misspell(q.q, rng)
                query = index.prepare(slipped)
                total += 1
                as_asked += any(k.cued(query.text) for k in kinds)
                either += any(k.cued(query.text, query.searched) for k in kinds)
                query = index.prepare(texting(q.q))
                texted += any(k.cued(query.text, query.searched) for k in kinds)
                read += any(k.cued(query.text, query.searched, *texting_readings(query)) for k in kinds)
        print(f"{total} cued off-topic requests, misspelt: cued as asked {as_asked}, in either wording {either}")
        print(f"{total} cued off-topic requests, as texting: cued in either wording {texted}, with texting read {read}")
        fires = 0
        for name in (*QUESTION_SETS, "questions_tune_typos.jsonl"):
            for q in load_questions(DATA / name):
                if q.category == "off_topic":
                    continue
                query = index.prepare(q.q)
                fired = [k.name for k in kinds if k.cued(query.text, query.searched, *texting_readings(query))]
                if fired:
                    fires += 1
                    print(f"FALSE FIRE {name} {q.id} [{', '.join(fired)}]: {q.q} -> {query.searched}")
        print(f"{fires} false fires on on-topic questions in any wording")


if __name__ == "__main__":
    main()
