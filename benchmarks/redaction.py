"""Precision and recall of `bot.redact` on the labelled sets, per kind of identifier; named leaders
kept; the corpus and the retrieval tuning questions left untouched; the cost per question. Prints
Markdown for BENCHMARKS.md.

    .venv/bin/python benchmarks/redaction.py [--presidio | --counts] [--sets WORDS]

An identifier counts as caught when every character of it is inside something redacted (of any
kind); a redaction counts as right when it overlaps a labelled identifier. `--presidio` also scores
Microsoft Presidio's analyzer (pattern recognisers over a blank spaCy pipeline, since its NER
models are not on PyPI from Microsoft); it needs `pip install presidio-analyzer` in the venv. `--counts` prints
one line of counts per set and no question's text (for comparing two checkouts, held-out sets included). `--sets`
keeps only the sets whose title holds WORDS ("tuning", "round 14": a helper who may not score the held-out sets).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.redact import find, publish, redact  # noqa: E402
from index.documents import load_document  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "redaction_labelled.jsonl"  # the set the patterns were tuned on
HELD_OUT = ROOT / "tests" / "data" / "redaction_heldout.jsonl"  # written afterwards, scored once before any fix
NAMES_TUNE = ROOT / "tests" / "data" / "redaction_names_tune.jsonl"  # names with no context: the half tuned on
NAMES_HELD_OUT = ROOT / "tests" / "data" / "redaction_names_heldout.jsonl"  # written with it, scored once at the end
# Stop 35's names set (words that are names, bodies named after people, many cultures): its even rows
# are the half tuned on, its odd rows the half scored once at the end (`half`)
NAMES3 = ROOT / "tests" / "data" / "redaction_names3.jsonl"
# Stop 36's names set (lower case, given names alone, short names of many cultures, particles,
# initials; hospitals and charities named after people), split the same way
NAMES4 = ROOT / "tests" / "data" / "redaction_names4.jsonl"
# Stop 37's set (every identifier a chat question can carry, names of many cultures, and what must
# stay exactly as typed: places, trusts and charities named after people, NHS terms), split the same way
NAMES5 = ROOT / "tests" / "data" / "redaction_names5.jsonl"
# Stop 38's set (identifiers in pasted emails and minutes, across line breaks, possessives, lists,
# lower-case titles, initials, nicknames, odd NHS number separators, dates of birth in words, ages over
# 89, relatives, prefixed hospital numbers, social-care and mental-health ids, staff in complaints; and
# what must stay: leaders in lower case, places and reports named after people, codes), split the same way
NAMES6 = ROOT / "tests" / "data" / "redaction_names6.jsonl"
# Stop 39's set (colleagues by department or nickname, NHS numbers split or digit by digit, surnames in bed
# lists, lower-case names that are words, apostrophe names, initials, relatives, site-coded hospital numbers,
# one-word streets, dates of birth in many forms; and leaders, bodies and terms that must stay), split the same way
NAMES7 = ROOT / "tests" / "data" / "redaction_names7.jsonl"
# Stop 39's second set (lower-case titles that are also clinical or everyday words, "ms fatigue clinic", "mr
# morphine", "we miss sepsis", beside a title and a name; a surname before its bed, "Pritchard (bed 4)"), split the same way
NAMES7B = ROOT / "tests" / "data" / "redaction_names7b.jsonl"
# Stop 40's set (lower-case names before a role or after a comma, months and word-names as given names,
# apostrophe and Mc names in lower case, relatives, every other identifier; corpus leaders, bodies and words that stay)
NAMES8 = ROOT / "tests" / "data" / "redaction_names8.jsonl"
# Stop 42's set (lower-case given names alone, "jess said", "ask jess"; names that are words or uncommon; lower-case
# titles before a capitalised name; a surname before "in" its bed; hyphenated given names; and places, months, bodies
# named after people and the corpus's leaders that must stay), split the same way
NAMES9 = ROOT / "tests" / "data" / "redaction_names9.jsonl"
# Stop 42's second set (names with non-ASCII letters, a lower-case given name after "sent", "told", "gave"; virtue
# names in pairs or before a phone; a surname that is an English word before its bed; hyphenated given names on no
# list; and places joined by "and", months, words, drugs, bodies, enablers and leaders that must stay), split the same way
NAMES10 = ROOT / "tests" / "data" / "redaction_names10.jsonl"
# Stop 43's set (lower-case names on no list after "told", "messaged", "heard from"; word surnames before a bed or room;
# popular given names that are words, "ruby", "willow"; and people's, job and clinical words before a bed, hyphenated
# words, wards named like people, shifts and NHS terms after "told" that must stay), split the same way
NAMES11 = ROOT / "tests" / "data" / "redaction_names11.jsonl"
# Stop 44's set (lower-case given names after chat verbs, "got funmi to", "pinged seyi re"; NHS command levels and
# surnames that are the same words; hyphenated ordinary words; dates of birth, NHS numbers, hospital numbers, postcodes,
# addresses, phones and emails in many forms; ages with rare conditions; and places, trusts, roles, eponymous
# conditions and enablers that must stay), split the same way; its held-out half was written first
NAMES12 = ROOT / "tests" / "data" / "redaction_names12.jsonl"
# Stop 46's set (misspelt names and titles, lower-case names, names in brackets or after "cc", colleagues named in
# passing, NHS numbers with odd separators, dates of birth in words, hospital numbers, postcodes, phones, emails, ages;
# and organisations, misspelt ones too, roles, "staffside says", programmes, enablers and leaders that must stay)
TYPOS13 = ROOT / "tests" / "data" / "redaction_typos13.jsonl"
# Stop 48's set (dates of birth in words, lower-case given names of many origins, a first name before a department,
# group words that open a sentence, patients described by bed, room, age and ward, NHS numbers with a typo or odd
# spaces, partial and run-together postcodes, international phones and extensions, registration plates, prefixed
# hospital numbers, identifiers in URLs and email addresses, other scripts and look-alike letters; and leaders, places,
# organisations, roads, vitamins, beds closed and services that must stay), split the same way
ROUND14 = ROOT / "tests" / "data" / "redaction_round14.jsonl"
# Stop 50's set (round 14's leftovers: lower-case given names after a verb or a role, a bed with no number, an age with
# a rare condition and a place; names with initials, reversed, hyphenated or with an apostrophe in lower case; ages with
# a gender and a place; relatives named; other systems' hospital numbers, CHI and H&C numbers; dates of admission and
# discharge; patients' emails and handles; identifiers split over lines or spaced out, and inside Slack markup; and
# leaders, places, bodies, roles, enablers and words that look like names that must stay), split the same way
ROUND15 = ROOT / "tests" / "data" / "redaction_round15.jsonl"
# Stop 52's set (round 15's leftovers, "LI Wei", "Bill Kent says"; names with diacritics or in other scripts, after "pt",
# "service user", "resident", "client" or an undotted "Mx"; initials before a lower-case surname; nicknames in quotes;
# addresses, odd postcodes, dates of birth in words, phones with extensions or country codes, NHS numbers with dots or in
# words; a child's school, a resident's home; patients' links; identifiers split by a Slack line break, in a Slack mention
# or in Teams' HTML; and leaders, places, bodies, roles and words that look like names that must stay), split the same way
ROUND16 = ROOT / "tests" / "data" / "redaction_round16.jsonl"
SETS = (("tuning set", LABELLED, None), ("held-out set", HELD_OUT, None), ("names tuning set", NAMES_TUNE, None),
        ("names held-out set", NAMES_HELD_OUT, None), ("names 3 tuning half", NAMES3, 0),
        ("names 3 held-out half", NAMES3, 1), ("names 4 tuning half", NAMES4, 0),
        ("names 4 held-out half", NAMES4, 1), ("names 5 tuning half", NAMES5, 0),
        ("names 5 held-out half", NAMES5, 1), ("names 6 tuning half", NAMES6, 0),
        ("names 6 held-out half", NAMES6, 1), ("names 7 tuning half", NAMES7, 0),
        ("names 7 held-out half", NAMES7, 1), ("names 7b tuning half", NAMES7B, 0),
        ("names 7b held-out half", NAMES7B, 1), ("names 8 tuning half", NAMES8, 0),
        ("names 8 held-out half", NAMES8, 1), ("names 9 tuning half", NAMES9, 0), ("names 9 held-out half", NAMES9, 1),
        ("names 10 tuning half", NAMES10, 0), ("names 10 held-out half", NAMES10, 1),
        ("names 11 tuning half", NAMES11, 0), ("names 11 held-out half", NAMES11, 1),
        ("names 12 tuning half", NAMES12, 0), ("names 12 held-out half", NAMES12, 1),
        ("typos 13 tuning half", TYPOS13, 0), ("typos 13 held-out half", TYPOS13, 1),
        ("round 14 tuning half", ROUND14, 0), ("round 14 held-out half", ROUND14, 1),
        ("round 15 tuning half", ROUND15, 0), ("round 15 held-out half", ROUND15, 1),
        ("round 16 tuning half", ROUND16, 0), ("round 16 held-out half", ROUND16, 1))
# Retrieval questions (tuning, dev and probe sets only, never the held-out or check sets): a name
# redacted from one of them is a false alarm that would also cost its answer
QUESTIONS = sorted((ROOT / "tests" / "data").glob("questions_tune*.jsonl")) + [
    ROOT / "tests" / "data" / "dev_questions.jsonl", ROOT / "tests" / "data" / "probe_questions.jsonl"]
KNOWLEDGE = ROOT / "knowledge"
TIMING_PASSES = 20


def load(path: Path, half: int | None = None) -> list[dict]:
    """A labelled set's rows, each with its identifiers' spans; `half` 0 or 1: only its even or odd rows."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows if half is None else rows[half::2]
    for row in rows:
        row["spans"] = []
        for item in row["identifiers"]:
            start = row["text"].index(item["text"])
            row["spans"].append((item["kind"], start, start + len(item["text"])))
    return rows


def score(rows: list[dict], detect) -> dict:
    """Recall per labelled kind, precision per detected kind, over the whole set."""
    caught, labelled, right, found = Counter(), Counter(), Counter(), Counter()
    misses, wrong = [], []
    for row in rows:
        detected = detect(row["text"])
        covered = set()
        for _, start, end in detected:
            covered.update(range(start, end))
        for kind, start, end in row["spans"]:
            labelled[kind] += 1
            if set(range(start, end)) <= covered:
                caught[kind] += 1
            else:
                misses.append((row["id"], kind, row["text"][start:end]))
        for kind, start, end in detected:
            found[kind] += 1
            if any(start < e and s < end for _, s, e in row["spans"]):
                right[kind] += 1
            else:
                wrong.append((row["id"], kind, row["text"][start:end]))
    return {"caught": caught, "labelled": labelled, "right": right, "found": found, "misses": misses, "wrong": wrong}


def leaders() -> list[str]:
    """Every person the corpus names in front matter or contacts.yaml, titles and all."""
    names = set()
    for path in [*KNOWLEDGE.glob("*.md"), KNOWLEDGE / "contacts.yaml"]:
        names.update(m.strip().strip("'\"") for m in re.findall(r"^\s*-?\s*name:\s*(.+)$", path.read_text(), re.M))
    return sorted(names)


def organisations() -> list[str]:
    """Every organisation the corpus's documents name in their front matter (`organisations:`, `aliases:`,
    the people's `organisation:`, `publisher:` and the `region:`'s parts), as `bot.corpus` publishes them."""
    names = set()
    for path in KNOWLEDGE.glob("*.md"):
        document = load_document(path)
        names.update([*document.organisations, *document.aliases, *(person.organisation for person in document.people),
                      document.publisher, *document.region.split(";")])
    return sorted(names - {""})


def corpus_check() -> tuple[int, int, list[str], list[str]]:
    """Redact every line of the corpus: (lines, lines changed, leaders lost, changed lines)."""
    names = leaders()
    lines = [line for path in sorted(KNOWLEDGE.glob("*.md")) for line in path.read_text().splitlines() if line.strip()]
    changed, lost = [], set()
    for line in lines:
        out = redact(line)
        if out != line:
            changed.append(f"{line.strip()[:90]} → {out.strip()[:90]}")
        lost.update(n for n in names if n in line and n not in out)
    return len(lines), len(changed), sorted(lost), changed


def questions_check() -> tuple[int, list[str]]:
    """Redact every retrieval tuning question: (questions, those changed, as "before → after")."""
    asked = [json.loads(line)["q"] for path in QUESTIONS for line in path.read_text().splitlines() if line.strip()]
    return len(asked), [f"{q} → {redact(q)}" for q in asked if redact(q) != q]


def timing(rows: list[dict], detect) -> tuple[float, float]:
    """Median and p95 microseconds per question, of the process's own CPU time (on a machine shared with
    other sessions, wall time's p95 is the scheduler's: about 20 ms at a load of 15 on 2 cores)."""
    samples = []
    for _ in range(TIMING_PASSES):
        for row in rows:
            start = time.process_time()
            detect(row["text"])
            samples.append((time.process_time() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def presidio_detector():
    import tempfile

    import spacy
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    path = Path(tempfile.mkdtemp()) / "blank_en"
    spacy.blank("en").to_disk(path)
    engine = AnalyzerEngine(nlp_engine=SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(path)}]),
                            supported_languages=["en"])
    kinds = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "UK_NHS": "nhs-number", "DATE_TIME": "date",
             "PERSON": "name", "LOCATION": "address"}

    def detect(text: str):
        results = engine.analyze(text, language="en", entities=list(kinds))
        return [(kinds[r.entity_type], r.start, r.end) for r in results]

    return detect


def table(title: str, s: dict, cost: tuple[float, float]) -> list[str]:
    kinds = sorted(set(s["labelled"]) | set(s["found"]))
    out = [f"### {title}", "", "| identifier | labelled | caught | recall | redacted | right | precision |",
           "|---|---|---|---|---|---|---|"]
    for kind in kinds:
        out.append(f"| {kind} | {s['labelled'][kind]} | {s['caught'][kind]} | {_ratio(s['caught'][kind], s['labelled'][kind])} "
                   f"| {s['found'][kind]} | {s['right'][kind]} | {_ratio(s['right'][kind], s['found'][kind])} |")
    total_l, total_c = sum(s["labelled"].values()), sum(s["caught"].values())
    total_f, total_r = sum(s["found"].values()), sum(s["right"].values())
    out.append(f"| **all patient identifiers** | {total_l} | {total_c} | **{_ratio(total_c, total_l)}** | {total_f} "
               f"| {total_r} | **{_ratio(total_r, total_f)}** |")
    out += ["", f"Cost per question (CPU): p50 {cost[0]:.0f} µs, p95 {cost[1]:.0f} µs ({TIMING_PASSES} passes).", ""]
    if s["misses"]:
        out.append("Missed: " + "; ".join(f"{i} {k} “{t}”" for i, k, t in s["misses"]) + ".")
    if s["wrong"]:
        out.append("Redacted but not an identifier: " + "; ".join(f"{i} {k} “{t}”" for i, k, t in s["wrong"]) + ".")
    return out + [""]


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presidio", action="store_true", help="also score Presidio's analyzer")
    parser.add_argument("--counts", action="store_true", help="one line of counts per set, no question's text")
    parser.add_argument("--sets", default="", help="only the sets whose title holds these words")
    args = parser.parse_args()
    sets = [(title, path, half) for title, path, half in SETS if args.sets in title]
    publish(leaders(), organisations())  # as bot.corpus.open_corpus does with the people and organisations the corpus names
    if args.counts:
        print("| set | caught | redacted, none an identifier | phrases kept | questions with no identifier left as typed |\n"
              "|---|---|---|---|---|")
        for title, path, half in sets:
            rows = load(path, half)
            s = score(rows, find)
            kept = sum(phrase in redact(row["text"]) for row in rows for phrase in row["keep"])
            controls = [row["text"] for row in rows if not row["identifiers"]]
            untouched = sum(redact(text) == text for text in controls)
            print(f"| {title} | {sum(s['caught'].values())}/{sum(s['labelled'].values())} | {len(s['wrong'])} "
                  f"| {kept}/{sum(len(row['keep']) for row in rows)} | {untouched}/{len(controls)} |")
        return
    together = []
    for title, path, half in sets:
        rows = load(path, half)
        together += rows
        kinds = Counter(item["kind"] for row in rows for item in row["identifiers"])
        print(f"**{title.capitalize()}**: `{path.relative_to(ROOT)}`, {len(rows)} synthetic questions, "
              f"{sum(kinds.values())} identifiers ({', '.join(f'{k} {n}' for k, n in kinds.most_common())}), "
              f"{sum(len(r['keep']) for r in rows)} phrases that must survive.\n")
        print("\n".join(table(f"bot.redact on the {title}", score(rows, find), timing(rows, find))))
        kept = [(row["id"], phrase) for row in rows for phrase in row["keep"] if phrase not in redact(row["text"])]
        total_keep = sum(len(r["keep"]) for r in rows)
        print(f"Phrases that must survive (leaders' names, NHS terms, figures): {total_keep - len(kept)} of "
              f"{total_keep} kept" + (": lost " + "; ".join(f"{i} “{p}”" for i, p in kept) if kept else "") + ".\n")
    print("\n".join(table("bot.redact on all sets together", score(together, find), timing(together, find))))
    lines, changed, lost, examples = corpus_check()
    print(f"The corpus (`knowledge/*.md`), line by line: {lines} lines, {changed} changed by redaction; "
          f"named leaders ({len(leaders())}) redacted anywhere: {len(lost)}" + (f" ({', '.join(lost)})" if lost else "") + ".")
    for example in examples:
        print(f"- {example}")
    asked, questions_changed = questions_check()
    print(f"\nThe retrieval tuning questions ({', '.join(p.name for p in QUESTIONS)}): {asked} questions, "
          f"{len(questions_changed)} changed by redaction.")
    for example in questions_changed:
        print(f"- {example}")
    print()
    if args.presidio:
        detect = presidio_detector()
        print("\n".join(table("Presidio analyzer (blank spaCy pipeline: pattern recognisers only)",
                              score(together, detect), timing(together[:20], detect))))


if __name__ == "__main__":
    main()
