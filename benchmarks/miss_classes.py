"""Every answerable tuning question whose evidence is not first, with its rank, what came first and a class
(issue 9, part 1; BENCHMARKS.md, "Stop 44: where the right passage loses first place").

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/miss_classes.py [--keep FILE] [--list]

Each question goes through `Answerer.answer`, as `peerbot eval` sends it, and is ranked as `peerbot eval`
ranks it (the first snippet holding its evidence). The files: `questions_tune*.jsonl`, `dev_questions.jsonl`,
`questions_check.jsonl` to `questions_check4.jsonl` and the even lines of `questions_check5.jsonl` and
`questions_check6.jsonl` (the odd lines are sliced away unparsed; `tune_agreement.tuning_questions`), plus one
misspelt variant (`typo_questions.variant`, seeded) of each in-domain question of the check and scope files and
of `questions_tune_more3.jsonl`. A file's own example questions (`knowledge/example_questions.yaml` was written
from tuning files) are detached while it is scored, so no question is found by itself.

The class of a miss is the first that holds (`miss_class`): declined; its evidence in no passage (dropped as
page furniture); for a misspelt question whose spelled source is first, a word corrected into another word
than the source's, or a misspelt word left as typed; then where the winner is: the evidence's own document,
the passage next to the evidence, or another document. Each miss also gets the traits `traits` reads (a long
question, no content word shared with the evidence passage, a rare word shared with it, words taken out as
a patient's identifiers before the search), counted against the questions whose evidence is first. `snippet_rules`
then scores other `SCORE_DROP` and `PER_DOCUMENT` values on the same answers (`RULES`), leaving one file out.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot import snippet_choice  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.asked_text import normalise_question  # noqa: E402
from bot.asking_clause import without_sign_off, without_thanks_first  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import EvalQuestion, evidence_rank, load_questions  # noqa: E402
from bot.redact import without_identifiers  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.snippet_choice import PER_DOCUMENT, SCORE_DROP  # noqa: E402
from index import evidence_form  # noqa: E402
from index.english import english_words  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402
from index.lexical import content_terms, stem  # noqa: E402

try:
    from benchmarks.tune_agreement import tuning_questions
    from benchmarks.typo_questions import SEED, variant
except ImportError:  # run as a script from benchmarks/
    from tune_agreement import tuning_questions  # type: ignore[no-redef]
    from typo_questions import SEED, variant  # type: ignore[no-redef]

FILES = ("questions_tune", "questions_tune_typos", "questions_tune_more", "questions_tune_more2", "questions_tune_more3",
         "questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3", "questions_tune_scope4",
         "dev_questions", "questions_check", "questions_check2", "questions_check3", "questions_check4",
         "questions_check5", "questions_check6")
VARIED = ("questions_tune_more3", "questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3",
          "questions_tune_scope4", "questions_check", "questions_check2", "questions_check3", "questions_check4",
          "questions_check5", "questions_check6")
HALVED = ("questions_check5", "questions_check6")  # their odd lines are held out
LONG = 20  # words: a long question
RARE = 2  # passages: a word this few passages use is rare
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


@dataclass
class Scored:
    file: str
    id: str
    category: str
    q: str
    searched: str
    rank: int | None  # the first snippet holding the evidence, as `peerbot eval` ranks it
    outcome: str
    first: int | None  # the first snippet's passage
    evidence: list[int]  # the passages holding the evidence
    source: str = ""  # a misspelt question's spelled source
    source_rank: int | None = None
    source_searched: str = ""
    traits: list[str] = field(default_factory=list)
    drops: dict[str, int | None] = field(default_factory=dict)  # the rank under each snippet rule (`RULES`)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def spelling_class(typed: str, searched: str, source: str) -> str | None:
    """A misspelt question's spelling fault against its spelled source: a word the speller wrote that the
    source does not have ("corrected to a wrong word"), else a word left as typed that the source does not
    have ("left as typed"); None when the searched words are the source's."""
    wanted, typed_words = set(words(source)), set(words(typed))
    extra = [w for w in words(searched) if w not in wanted]
    if any(w not in typed_words for w in extra):
        return "misspelt: corrected to a wrong word"
    if extra:
        return "misspelt: a misspelt word left as typed"
    return None


def miss_class(s: Scored, position: dict[int, tuple[str, int]]) -> str:
    """The one class of a miss (the first that holds)."""
    if s.outcome != "answered":
        return f"declined ({s.outcome})"
    if not s.evidence:
        return "evidence in no passage (page furniture)"
    if s.category == "misspelt" and s.source and s.source_rank == 1:
        spelt = spelling_class(s.q, s.searched, s.source)
        return spelt or "misspelt: spelled as its source, ranked apart (case, punctuation)"
    if s.first is None:
        return "no snippet"
    doc, at = position[s.first]
    near = [position[e] for e in s.evidence]
    if any(d == doc and abs(p - at) == 1 for d, p in near):
        return "same document, the next passage"
    if any(d == doc for d, _ in near):
        return "same document, another passage"
    return "another document"


def traits(searched: str, evidence_text: str, df: Counter[str]) -> list[str]:
    """The traits of a question against its evidence passage: long, no content word shared, a rare word shared."""
    found = []
    if len(words(searched)) > LONG:
        found.append("long question")
    asked = {stem(t) for t in content_terms(searched)}
    shared = asked & {stem(t) for t in content_terms(evidence_text)}
    if not shared:
        found.append("no content word shared with the evidence")
    elif any(df[t] <= RARE for t in shared):
        found.append("a rare word shared with the evidence")
    return found


class Recording:
    """The served index, recording the last question as searched."""

    def __init__(self, index):
        self._index, self.searched = index, ""

    def __getattr__(self, name):
        return getattr(self._index, name)

    def prepare(self, text, vector=None):
        query = self._index.prepare(text, vector)
        self.searched = query.searched
        return query

    def search(self, query, limit=20, mode="hybrid"):
        self.hits = self._index.search(query, limit, mode)
        return self.hits


def read(name: str) -> list[EvalQuestion]:
    """A file's questions: of `questions_check5` and `_check6` the even lines only (`tuning_questions`)."""
    return tuning_questions(name) if name in HALVED else load_questions(DATA / f"{name}.jsonl")


RULES = {"shipped": (SCORE_DROP, PER_DOCUMENT, False),
         **{f"drop {d:g}, {n} a document{', first kept' if k else ''}": (d, n, k)
            for d in (3.0, 4.0, 5.0, 6.0, 1e9) for n in (2, 3) for k in (False, True)}}


def drop_ranks(answerer: Answerer, q: EvalQuestion, answer, hits: list) -> dict[str, int | None]:
    """The evidence's rank were the snippets chosen with another `SCORE_DROP` and `PER_DOCUMENT` (`RULES`;
    "first kept": the search's first hit shown whatever its log-odds); {} for an answer whose snippets were
    not chosen by `chosen_hits` (a quotation asked for, a definition, the library)."""
    asked = without_identifiers(without_thanks_first(without_sign_off(normalise_question(q.q))))
    shown = [s.passage_id for s in answer.snippets]
    if not hits or [s.passage_id for s in answerer._choose_snippets(asked, hits)] != shown:
        return {}
    out = {}
    for name, (drop, per_document, first_kept) in RULES.items():
        chosen = [replace(hits[0], score=max(h.score for h in hits)), *hits[1:]] if first_kept else hits
        snippet_choice.SCORE_DROP, snippet_choice.PER_DOCUMENT = drop, per_document
        try:
            out[name] = evidence_rank([s.text for s in answerer._choose_snippets(asked, chosen)], q.evidence)
            out[name + " (snippets)"] = len(answerer._choose_snippets(asked, chosen))
        finally:
            snippet_choice.SCORE_DROP, snippet_choice.PER_DOCUMENT = SCORE_DROP, PER_DOCUMENT
    return out


def question_sets() -> dict[str, list[EvalQuestion]]:
    sets = {name: read(name) for name in FILES}
    rng, english = random.Random(SEED + 44), english_words()
    made: list[EvalQuestion] = []
    for name in VARIED:
        for q in sets[name]:
            if q.category == "in_domain" and q.evidence:
                row = variant({"id": q.id, "q": q.q}, rng.choice((1, 2, 2, 3)), rng, english)
                if row is not None:
                    made.append(EvalQuestion(f"{name}:{q.id}v", row["q"], q.evidence, q.contacts, "misspelt"))
    sets["variants (generated)"] = made
    return sets


def score() -> list[Scored]:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    index = answerer.index
    searcher = index.searcher
    passages = index.passages
    recording = Recording(index)
    answerer.index = recording
    attached = located(load_examples(Settings.from_env().knowledge_dir), passages.values())
    vectors = index.embed([e.question for e, _ in attached])
    plain = {p: evidence_form(passages[p].text) for p in passages}
    sets = question_sets()
    by_id = {(name, q.id): q for name, qs in sets.items() for q in qs}
    out: list[Scored] = []
    spelled_rank: dict[str, tuple[int | None, str]] = {}
    for name, questions in sets.items():
        own = {q.q.strip() for q in questions if q.category == "in_domain"}
        keep = [i for i, (e, _) in enumerate(attached) if e.question.strip() not in own]
        searcher._examples = ExampleMatcher([attached[i][1] for i in keep], vectors[keep], [attached[i][0].question for i in keep])
        for q in questions:
            if not q.answerable or not q.evidence:
                continue
            a = answerer.answer(q.q)
            rank = evidence_rank([s.text for s in a.snippets], q.evidence) if a.answered else None
            wanted = [evidence_form(e) for e in q.evidence]
            s = Scored(name, q.id, q.category, q.q, recording.searched, rank, a.outcome,
                       a.snippets[0].passage_id if a.snippets else None,
                       sorted(p for p in passages if any(w in plain[p] for w in wanted)))
            s.drops = drop_ranks(answerer, q, a, recording.hits) if a.answered else {}
            if q.category == "in_domain":
                spelled_rank[f"{name}:{q.id}"] = (rank, s.searched)
            out.append(s)
    for s in out:  # a misspelt question's spelled source: its `variant_of`, else the in-domain question of its id
        if s.category != "misspelt":
            continue
        key = s.id[:-1] if s.file.startswith("variants") else None
        if key and key in spelled_rank:
            s.source = by_id[(key.split(":")[0], key.split(":")[1])].q
            s.source_rank, s.source_searched = spelled_rank[key]
            continue
        src = _source_of(s, sets)
        if src is not None:
            s.source = src.q
            home = [n for n in (s.file, "questions_tune", "dev_questions") if f"{n}:{src.id}" in spelled_rank]
            s.source_rank, s.source_searched = spelled_rank[f"{home[0]}:{src.id}"] if home else (None, "")
    answerer.corpus.close()
    return out


def _source_of(s: Scored, sets: dict[str, list[EvalQuestion]]) -> EvalQuestion | None:
    """A written misspelt question's spelled source: its `variant_of`, else the id it extends ("i034t1" of
    "i034"), in its own file or (the typo file's) `questions_tune.jsonl` and the dev set."""
    wanted = _variant_of(s.file).get(s.id) or re.sub(r"t\d*$", "", s.id)
    for name in (s.file, "questions_tune", "dev_questions"):
        for q in sets.get(name, []):
            if q.category == "in_domain" and q.id == wanted:
                return q
    return None


def _variant_of(name: str) -> dict[str, str]:
    """Each question's `variant_of` (a note `load_questions` does not keep), read from the lines
    `tuning_questions` reads (a check set's even lines only)."""
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    if name in HALVED:
        lines = lines[1::2]
    rows = [json.loads(line) for line in lines if line.strip()]
    return {str(r.get("id")): str(r["variant_of"]) for r in rows if isinstance(r, dict) and r.get("variant_of")}


def report(rows: list[Scored], passages_meta: dict, listing: bool) -> None:
    position = {p: (m["document"], m["position"]) for p, m in passages_meta.items()}
    df: Counter[str] = Counter()
    for m in passages_meta.values():
        df.update({stem(t) for t in content_terms(m["text"])})
    classes: dict[str, Counter[str]] = {"in_domain": Counter(), "misspelt": Counter()}
    trait_miss: Counter[str] = Counter()
    trait_hit: Counter[str] = Counter()
    ranks: dict[str, list[int]] = {}
    n = Counter()
    for s in rows:
        n[s.category] += 1
        text = " ".join(passages_meta[e]["text"] for e in s.evidence[:1])
        s.traits = traits(s.searched, text, df) if s.evidence else []
        if without_identifiers(without_thanks_first(without_sign_off(normalise_question(s.q)))) != normalise_question(s.q):
            s.traits.append("words taken out as identifiers before the search")
        key = f"{s.file} | {s.category}"
        ranks.setdefault(key, []).append(s.rank or 0)
        if s.rank == 1:
            trait_hit.update(s.traits + [f"all {s.category}"])
            continue
        kind = miss_class(s, position)
        classes[s.category][kind] += 1
        trait_miss.update(s.traits + [f"all {s.category}"])
        if listing:
            won = passages_meta[s.first] if s.first is not None else None
            print(f"| {s.file.replace('questions_', '')} | {s.id} | {s.category} | {_cell(s.q, 90)} | "
                  f"{s.rank or '-'} | {kind} | {_cell(won['label'] if won else '-', 60)} | "
                  f"{_cell(', '.join(passages_meta[e]['label'] for e in s.evidence[:2]), 60)} |"
                  + (f" {_cell(s.searched, 90)} |" if s.category == "misspelt" else " |"))
    print("\nfile | category | n | recall@1 / recall@5 / MRR | answered")
    for key, rs in ranks.items():
        r = np.array(rs)
        print(f"{key} | {len(r)} | {np.mean(r == 1):.3f} / {np.mean((r >= 1) & (r <= 5)):.3f} / "
              f"{np.mean(np.where(r > 0, 1 / np.maximum(r, 1), 0)):.3f}")
    for category, counter in classes.items():
        total = sum(counter.values())
        print(f"\n{category}: {n[category]} questions, {total} misses")
        for kind, k in counter.most_common():
            print(f"  {kind} | {k} | {k / max(total, 1):.2f}")
    print("\ntrait | misses with it | questions first with it")
    for trait in sorted(set(trait_miss) | set(trait_hit)):
        print(f"  {trait} | {trait_miss[trait]} | {trait_hit[trait]}")


def fold_of(file: str) -> str:
    """The leave-one-out folds: a file, or files written together."""
    for prefix, fold in (("questions_tune_typos", "tune"), ("questions_tune_scope", "scope"),
                         ("questions_check5", "check5"), ("questions_check6", "check6"), ("questions_check", "check1-4"),
                         ("variants", "variants")):
        if file.startswith(prefix):
            return fold
    return file.replace("questions_", "")


def snippet_rules(rows: list[Scored]) -> None:
    """Each snippet rule's recall@1 / recall@5 / MRR, and the rule chosen by leaving one fold out (the best
    in-domain recall@1 + MRR over the other folds' questions; a tie goes to the shipped rule)."""
    names = list(RULES)

    def rank(s: Scored, name: str) -> int:
        return (s.drops.get(name, s.rank) if s.drops else s.rank) or 0

    def figures(chosen: list[tuple[Scored, str]]) -> str:
        r = np.array([rank(s, n) for s, n in chosen]) if chosen else np.zeros(0)
        if not len(r):
            return "-"
        return (f"{np.mean(r == 1):.3f} / {np.mean((r >= 1) & (r <= 5)):.3f} / "
                f"{np.mean(np.where(r > 0, 1 / np.maximum(r, 1), 0)):.3f}")

    def shown(name: str) -> str:
        counts = [s.drops[name + " (snippets)"] for s in rows if s.drops]
        return f"{np.mean(counts):.2f}" if counts else "-"

    folds = sorted({fold_of(s.file) for s in rows})
    print("\nrule | snippets a chosen answer | in-domain r@1 / r@5 / MRR | misspelt | " + " | ".join(folds))
    for name in names:
        print(f"{name} | {shown(name)} | " + " | ".join(figures([(s, name) for s in rows if s.category == c]) for c in ("in_domain", "misspelt"))
              + " | " + " | ".join(figures([(s, name) for s in rows if s.category == "in_domain" and fold_of(s.file) == f])
                                   for f in folds))

    def objective(fold: str, name: str) -> float:
        r = np.array([rank(s, name) for s in rows if s.category == "in_domain" and fold_of(s.file) != fold])
        return float(np.mean(r == 1) + np.mean(np.where(r > 0, 1 / np.maximum(r, 1), 0)))

    chosen = {f: max(names, key=lambda n: round(objective(f, n), 9)) for f in folds}
    picked = [(s, chosen[fold_of(s.file)]) for s in rows]
    print("left-out folds chose: " + ", ".join(f"{f} {n}" for f, n in chosen.items()))
    print("cross-validated | " + " | ".join(figures([(s, n) for s, n in picked if s.category == c])
                                           for c in ("in_domain", "misspelt")))
    common = Counter(chosen.values()).most_common(1)[0][0]
    print(f"\nfile | category | n | shipped | {common}")
    for file in dict.fromkeys(s.file for s in rows):
        for c in ("in_domain", "misspelt"):
            these = [s for s in rows if s.file == file and s.category == c]
            if these:
                print(f"{file} | {c} | {len(these)} | {figures([(s, 'shipped') for s in these])} | "
                      f"{figures([(s, common) for s in these])}")


def _cell(text: str, width: int) -> str:
    text = text.replace("|", "/").replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


def passages_meta() -> dict:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    out = {p: {"document": x.document_id, "position": x.position, "text": x.text,
               "label": f"{x.document_id.split('-')[0]} #{x.position} {x.text[:48]}"}
           for p, x in answerer.index.passages.items()}
    answerer.corpus.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="a file to keep the scored questions in, and read them from")
    parser.add_argument("--list", action="store_true", help="print every miss as a Markdown table row")
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        rows, meta = pickle.loads(args.keep.read_bytes())
    else:
        rows, meta = score(), passages_meta()
        if args.keep:
            args.keep.write_bytes(pickle.dumps((rows, meta)))
    report(rows, meta, args.list)
    snippet_rules(rows)
    print(json.dumps({"questions": len(rows)}))


if __name__ == "__main__":
    main()
