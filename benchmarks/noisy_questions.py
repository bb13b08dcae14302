"""Misspelling tolerance as a class (issue 9, part 1): realistic noise over the tuning questions, scored
through the product's whole answer path, clean question beside its noisy versions.

    PEERBOT_DATA_DIR=/tmp/s31-data OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/noisy_questions.py
    ... benchmarks/noisy_questions.py --write /tmp/noisy.jsonl     # the noisy set only, for `peerbot eval`
    ... benchmarks/noisy_questions.py --json /tmp/after.json       # also every question's outcome and rank

Sources (never the held-out, typos_holdout or check sets; not the example questions the index ships,
`questions_tune_more*.jsonl`, which a noisy copy would find by itself): the answerable questions with
evidence of `questions_tune.jsonl`, `questions_tune_scope.jsonl` and `questions_tune_scope2.jsonl`
(in-domain and written misspelt), and their off-topic and not-covered questions with those of
`questions_tune_extra.jsonl` and `questions_tune_scope3.jsonl`. Each source question gets one noisy
version per seed (`SEEDS`; fixed, so the set is the same every run; the declines, more numerous, the
first seed's only) with one to three errors drawn from `KINDS`, and a third of them in lower case without the question mark:

- keyboard slips: a letter dropped, doubled, two transposed, a keyboard neighbour typed (never the
  first letter);
- phonetic spellings (`typo_questions.phonetic`: "comittee", "recieve", "goverance", "-ance"/"-ence");
- texting: a word's vowels after its first letter left out ("wht", "hw", "govrnnc"), or one of them
  ("govrnance");
- a homophone or near-homophone typed for the word ("there"/"their", "were"/"where", "bored"/"board");
- two words run together ("incommon"), a word of six letters or more split ("colla borative").

Each noisy question goes through `Answerer.answer` (spelling, search, the fused order, the snippets and
the scope rule, as `peerbot eval` scores them), and so does its clean source: recall@1, recall@5 and MRR
on the questions with evidence, answered share on the answerable ones, and for the off-topic and
not-covered ones the share declined and the share declined the right way. `--json` writes every
question's outcome, rank and the text searched (after spelling correction), for comparing two checkouts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from typo_questions import neighbours, phonetic  # noqa: E402  (the sibling script)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data"
ANSWERABLE_SOURCES = ("questions_tune.jsonl", "questions_tune_scope.jsonl", "questions_tune_scope2.jsonl")
DECLINE_SOURCES = (*ANSWERABLE_SOURCES, "questions_tune_extra.jsonl", "questions_tune_scope3.jsonl")
SEEDS = (31, 32, 33)
VOWELS = "aeiou"
HOMOPHONES = [  # pairs people type one for the other, both ways
    ("there", "their"), ("their", "they're"), ("where", "were"), ("where", "wear"), ("to", "too"), ("whose", "who's"),
    ("its", "it's"), ("board", "bored"), ("boards", "bores"), ("whole", "hole"), ("know", "no"), ("new", "knew"),
    ("here", "hear"), ("right", "write"), ("which", "witch"), ("whether", "weather"), ("affect", "effect"),
    ("principle", "principal"), ("practice", "practise"), ("piece", "peace"), ("allowed", "aloud"),
    ("through", "threw"), ("by", "buy"), ("our", "are"), ("then", "than"), ("lead", "led"), ("site", "sight"),
    ("sites", "sights"), ("role", "roll"), ("roles", "rolls"), ("weight", "wait"), ("waiting", "weighting"),
    ("staff", "staf"), ("council", "counsel"), ("advice", "advise"), ("accept", "except"), ("passed", "past"),
    ("seen", "scene"), ("way", "weigh"), ("week", "weak"), ("meet", "meat"), ("plans", "plains"),
]
KINDS = {  # how often each kind is drawn
    "drop": 3, "double": 2, "transpose": 2, "neighbour": 3, "phonetic": 4, "texting": 3, "vowel": 2,
    "homophone": 2, "join": 2, "split": 2,
}


def _homophones() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for a, b in HOMOPHONES:
        found.setdefault(a, []).append(b)
        found.setdefault(b, []).append(a)
    return found


SOUNDS_LIKE = _homophones()


def _cased(typed: str, like: str) -> str:
    return typed[:1].upper() + typed[1:] if like[:1].isupper() else typed


def mutate(text: str, kind: str, rng: random.Random) -> str | None:
    """`text` with one error of `kind`, or None when it has no place for one."""
    tokens = re.findall(r"\S+", text)
    words = [i for i, t in enumerate(tokens) if re.fullmatch(r"[A-Za-z]+[?,.:;!]?", t) and not t.rstrip("?,.:;!").isupper()]
    if not words:
        return None
    if kind == "join":
        pairs = [i for i in words if i + 1 in words and tokens[i].isalpha()]
        if not pairs:
            return None
        i = rng.choice(pairs)
        tokens[i:i + 2] = [tokens[i] + tokens[i + 1]]
        return " ".join(tokens)
    i = rng.choice(words)
    word = tokens[i].rstrip("?,.:;!")
    typed: str | None = None
    if kind == "homophone":
        found = [j for j in words if tokens[j].rstrip("?,.:;!").lower() in SOUNDS_LIKE]
        if not found:
            return None
        i = rng.choice(found)
        word = tokens[i].rstrip("?,.:;!")
        typed = _cased(rng.choice(SOUNDS_LIKE[word.lower()]), word)
    elif kind == "texting":  # every vowel after the first letter left out: "wht", "hw", "govrnnc"
        found = [j for j in words if 3 <= len(tokens[j].rstrip("?,.:;!")) <= 10
                 and sum(c in VOWELS for c in tokens[j].rstrip("?,.:;!")[1:].lower()) >= 1]
        if not found:
            return None
        i = rng.choice(found)
        word = tokens[i].rstrip("?,.:;!")
        typed = word[0] + "".join(c for c in word[1:] if c.lower() not in VOWELS)
    elif len(word) < 4:
        return None
    elif kind == "vowel":  # one vowel after the first letter left out: "govrnance"
        at = [j for j in range(1, len(word) - 1) if word[j].lower() in VOWELS]
        if not at:
            return None
        j = rng.choice(at)
        typed = word[:j] + word[j + 1:]
    elif kind == "split":
        if len(word) < 6:
            return None
        j = rng.randrange(2, len(word) - 2)
        typed = word[:j] + " " + word[j:]
    elif kind == "phonetic":
        typed = phonetic(word, rng)
    else:
        j = rng.randrange(1, len(word) - 1)
        if kind == "drop":
            typed = word[:j] + word[j + 1:]
        elif kind == "double":
            typed = word[:j] + word[j] + word[j:]
        elif kind == "transpose":
            typed = word[:j] + word[j + 1] + word[j] + word[j + 2:] if word[j] != word[j + 1] else None
        else:
            near = neighbours(word[j].lower())
            typed = word[:j] + rng.choice(near) + word[j + 1:] if near else None
    if not typed or typed == word:
        return None
    tokens[i] = tokens[i].replace(word, typed, 1)
    return " ".join(tokens)


def noisy(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """`text` with one to three errors (and, a third of the time, in lower case without its question mark)."""
    wanted, applied = rng.choice((1, 2, 2, 3)), []
    kinds, weights = list(KINDS), list(KINDS.values())
    for _ in range(40):
        if len(applied) == wanted:
            break
        kind = rng.choices(kinds, weights)[0]
        changed = mutate(text, kind, rng)
        if changed is not None and changed != text:
            text, applied = changed, [*applied, kind]
    if rng.random() < 1 / 3:
        text, applied = text.lower().rstrip("?"), [*applied, "lower_case"]
    return text, applied


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def category(row: dict) -> str:
    return "off_topic" if row.get("offtopic") else row.get("category", "in_domain")


def question_sets() -> dict[str, list[dict]]:
    """The clean answerable questions, their noisy versions, and the noisy declines."""
    answerable = [dict(r, source=name) for name in ANSWERABLE_SOURCES for r in rows(name)
                  if category(r) in ("in_domain", "misspelt") and r.get("evidence")]
    declines = [dict(r, source=name) for name in DECLINE_SOURCES for r in rows(name)
                if category(r) in ("off_topic", "not_covered")]
    sets: dict[str, list[dict]] = {"clean": answerable, "noisy": [], "clean declines": declines, "noisy declines": []}
    for seed in SEEDS:
        rng = random.Random(seed)
        for label, sources in (("noisy", answerable), ("noisy declines", declines if seed == SEEDS[0] else [])):
            for row in sources:
                text, applied = noisy(row["q"], rng)
                sets[label].append(dict(row, id=f"{row['id']}~{seed}", q=text, variant_of=row["id"], note=applied))
    return sets


def score(results: list[dict]) -> dict[str, float]:
    answerable = [r for r in results if r["category"] in ("in_domain", "misspelt")]
    if answerable:
        ranks = [r["rank"] for r in answerable]
        return {"n": len(answerable), "recall@1": sum(k == 1 for k in ranks) / len(ranks),
                "recall@5": sum(k is not None and k <= 5 for k in ranks) / len(ranks),
                "MRR": sum(1 / k for k in ranks if k) / len(ranks),
                "answered": sum(r["outcome"] == "answered" for r in answerable) / len(answerable)}
    wanted = {"off_topic": "out_of_scope", "not_covered": "not_covered"}
    return {"n": len(results), "declined": sum(r["outcome"] != "answered" for r in results) / len(results),
            "right way": sum(r["outcome"] == wanted[r["category"]] for r in results) / len(results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the noisy answerable and decline questions here and stop")
    parser.add_argument("--json", type=Path, help="write every question's outcome, rank and searched text here")
    args = parser.parse_args()
    sets = question_sets()
    if args.write:
        args.write.write_text("".join(json.dumps({k: v for k, v in r.items() if k not in ("source", "note")},
                                                 ensure_ascii=False) + "\n"
                                      for r in sets["noisy"] + sets["noisy declines"]), encoding="utf-8")
        return
    from bot.answerer import Answerer
    from bot.corpus import open_corpus
    from bot.evaluation import evidence_rank
    from bot.settings import Settings

    corpus, _ = open_corpus(Settings.from_env())
    answerer = Answerer(corpus)
    out: dict[str, list[dict]] = {}
    for label, questions in sets.items():
        out[label] = []
        for row in questions:
            answer = answerer.answer(row["q"])
            rank = evidence_rank([s.text for s in answer.snippets], tuple(row.get("evidence", ())))
            out[label].append({"id": row["id"], "q": row["q"], "category": category(row), "outcome": answer.outcome,
                               "rank": rank,  # as `peerbot eval` ranks it
                               "searched": answerer.index.prepare(row["q"]).searched, "note": row.get("note")})
    for label, results in out.items():
        figures = score(results)
        print(f"{label:>15}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                           for k, v in figures.items()))
        if "declines" in label:
            for kind in ("off_topic", "not_covered"):
                part = score([r for r in results if r["category"] == kind])
                print(f"{'':>15}  {kind}: n {part['n']}, declined {part['declined']:.3f}, right way {part['right way']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
