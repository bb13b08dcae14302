"""Which rule between the fused hits and the shown snippets drops or demotes the right passage, and the snippet
rules re-chosen leaving one fold out (issue 9, part 1; BENCHMARKS.md, "Stop 50").

    PEERBOT_DATA_DIR=DIR HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/snippet_rules.py [--keep FILE]

The pool is `benchmarks/recall_answers.py`'s (the tuning files and `probe_questions.jsonl`) without its
untouched fifth (`split` -1, never read here); its folds are `split`'s. Each question goes through
`Answerer.answer` once, as `peerbot eval` sends it, with its own file's example questions detached, and the
search's fused hits are kept. `trace` follows the first hit holding the evidence through `chosen_hits` and names
what drops or demotes it; `Rules` replays the choice under other constants (checked first to reproduce the
product's snippets exactly with the shipped ones), and `cross_validated` chooses them on four folds and scores
the fifth: recall@1 / recall@5 / MRR on the snippets shown, as `peerbot eval` ranks them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from bot import snippet_choice  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.asked_text import normalise_question  # noqa: E402
from bot.asking_clause import without_sign_off, without_thanks_first  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import evidence_rank, load_questions  # noqa: E402
from bot.places_first import PlacesFirst  # noqa: E402
from bot.redact import without_identifiers  # noqa: E402
from bot.results_first import results_first  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import Hit, evidence_form  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402

try:
    from benchmarks.recall_answers import DATA, DECLINES, FOLDS, POOL, split
except ImportError:  # run as a script from benchmarks/
    from recall_answers import DATA, DECLINES, FOLDS, POOL, split  # type: ignore[no-redef]


@dataclass
class Asked:
    file: str
    id: str
    category: str
    fold: int
    asked: str  # as `Answerer.answer` searches and chooses for it
    outcome: str
    shown: list[int]  # the answer's snippets' passages
    rank: int | None  # the evidence's, as `peerbot eval` ranks it
    hits: list[tuple[int, float, float, float]] = field(default_factory=list)  # passage, log-odds, dense, BM25
    evidence: tuple[str, ...] = ()
    chosen: bool = False  # the snippets are `chosen_hits`'s (not a quotation asked for, a definition, the library)


class Recording:
    """The served index, keeping the last search's hits."""

    def __init__(self, index):
        self._index, self.hits = index, []

    def __getattr__(self, name):
        return getattr(self._index, name)

    def search(self, query, limit=20, mode="hybrid"):
        self.hits = self._index.search(query, limit, mode)
        return self.hits


def collect() -> list[Asked]:
    answerer = Answerer(open_corpus(Settings.from_env())[0])
    index = answerer.index
    recording = Recording(index)
    answerer.index = recording
    attached = located(load_examples(Settings.from_env().knowledge_dir), index.passages.values())
    vectors = index.embed([e.question for e, _ in attached])
    out = []
    for name in POOL:
        questions = load_questions(DATA / f"{name}.jsonl")
        own = {q.q.strip() for q in questions if q.category == "in_domain"}
        keep = [i for i, (e, _) in enumerate(attached) if e.question.strip() not in own]
        index.searcher._examples = ExampleMatcher([attached[i][1] for i in keep], vectors[keep],
                                                  [attached[i][0].question for i in keep])
        for q in questions:
            fold = split(name, q.id)
            if fold < 0 or not ((q.answerable and q.evidence) or q.category in DECLINES):
                continue  # the untouched fifth is never read here
            recording.hits = []
            a = answerer.answer(q.q)
            asked = without_identifiers(without_thanks_first(without_sign_off(normalise_question(q.q))))
            hits = recording.hits
            shown = [s.passage_id for s in a.snippets]
            chosen = bool(a.answered and hits and [s.passage_id for s in answerer._choose_snippets(asked, hits)] == shown)
            out.append(Asked(name, q.id, q.category, fold, asked, a.outcome, shown,
                             evidence_rank([s.text for s in a.snippets], q.evidence) if a.answered else None,
                             [(h.passage.id, h.score, h.dense, h.lexical) for h in hits], q.evidence, chosen))
    answerer.corpus.close()
    return out


@dataclass(frozen=True)
class Rules:
    """`chosen_hits`'s constants (the product's by default): `lead_drop` bounds the first snippet's log-odds below
    the best, `drop` the others'; a hit between the two before the first in the search's order follows it when
    `lead_moved`, else it is passed over; `results` and `places`: whether those reorders run."""

    drop: float = snippet_choice.SCORE_DROP
    lead_drop: float = snippet_choice.LEAD_DROP
    per_document: int = snippet_choice.PER_DOCUMENT
    per_named: int = snippet_choice.PER_DOCUMENT_WHEN_NAMED
    overlap: float = snippet_choice.DUPLICATE_OVERLAP
    most: int = snippet_choice.MAX_SNIPPETS
    lead_moved: bool = True
    places: bool = True
    results: bool = True

    def choose(self, question: str, hits: list[Hit], named, places: PlacesFirst) -> list[tuple[Hit, str]]:
        """Every hit in the order considered, with its fate: "shown", or the rule that kept it out."""
        best = max(h.score for h in hits)
        ordered = results_first(question, hits) if self.results else hits
        ordered = places.ordered(question, ordered) if self.places else ordered
        lead = next(h for h in ordered if h.score >= best - self.lead_drop)
        if self.lead_moved:  # a hit between the bounds before the lead follows it, else it is not shown
            ordered = [lead, *(h for h in ordered if h is not lead)]
        fates: list[tuple[Hit, str]] = []
        chosen: list[Hit] = []
        grams: list[frozenset] = []
        per_doc: dict[str, int] = defaultdict(int)
        for hit in ordered:
            fate = self._fate(hit, best, chosen, grams, per_doc, named)
            fates.append((hit, fate))
            if fate == "shown":
                chosen.append(hit)
                grams.append(snippet_choice._trigrams(hit.passage.text))
                per_doc[hit.passage.document_id] += 1
        return fates

    def _fate(self, hit, best, chosen, grams, per_doc, named) -> str:
        if len(chosen) >= self.most:
            return "past the most shown"
        if hit.score < best - (self.drop if chosen or self.lead_moved else self.lead_drop):
            return "score drop"
        doc = hit.passage.document_id
        if per_doc[doc] >= (self.per_named if doc in named else self.per_document):
            return "per document"
        trigrams = snippet_choice._trigrams(hit.passage.text)
        if any(snippet_choice._overlap(trigrams, g) > self.overlap for g in grams):
            return "duplicate"
        return "shown"


class Replay:
    """The answers' hits chosen again under other `Rules`, as `Answerer._choose_snippets` chooses them."""

    def __init__(self, rows: list[Asked]):
        self.answerer = Answerer(open_corpus(Settings.from_env())[0])
        self.passages = self.answerer.index.passages
        self.rows = rows
        self._named = {r.asked: self.answerer._named.found(r.asked) for r in rows}

    def hits(self, row: Asked) -> list[Hit]:
        return [Hit(self.passages[p], s, d, lx) for p, s, d, lx in row.hits]

    def shown(self, row: Asked, rules: Rules) -> list[tuple[Hit, str]]:
        return [(h, f) for h, f in rules.choose(row.asked, self.hits(row), self._named[row.asked], self.answerer._places)
                if f == "shown"]

    def texts(self, row: Asked, hits: list[Hit]) -> list[str]:
        return [h.passage.text[self.answerer._places.shown_from(row.asked, h.passage):] for h in hits]

    def rank(self, row: Asked, rules: Rules) -> int | None:
        if not row.chosen:
            return row.rank
        return evidence_rank(self.texts(row, [h for h, _ in self.shown(row, rules)]), row.evidence)

    def close(self) -> None:
        self.answerer.corpus.close()


def holds(text: str, evidence: tuple[str, ...]) -> bool:
    return any(evidence_form(e) in evidence_form(text) for e in evidence)


def trace(replay: Replay, row: Asked) -> str:
    """What keeps the fused order's first evidence hit (within its five) from the shown five, or demotes it."""
    if row.outcome != "answered":
        return f"declined ({row.outcome})"
    hits = replay.hits(row)
    fused = next((n for n, h in enumerate(hits, 1) if holds(h.passage.text, row.evidence)), None)
    if not row.chosen:
        return "not chosen by chosen_hits (a quotation, a definition, the library)"
    if fused is None:
        return "in no fused hit" if row.rank is None else "shown from no fused hit"
    if row.rank is not None and row.rank <= fused:
        return "kept or lifted"
    if fused > snippet_choice.MAX_SNIPPETS:
        return "below the fused five"
    rules = Rules()
    fates = rules.choose(row.asked, hits, replay._named[row.asked], replay.answerer._places)
    target = hits[fused - 1]
    ordered = [h for h, _ in fates]
    fate = next(f for h, f in fates if h is target)
    moved = ordered.index(target) + 1 > fused
    out = "" if row.rank is not None and row.rank <= snippet_choice.MAX_SNIPPETS else ", out of the five"
    if fate == "shown":
        if row.rank is None:
            return "shown from a later paragraph (shown_from)"
        return ("demoted: reordered (places or results first)" if moved else "demoted: a weaker hit before it") + out
    return f"dropped: {fate}" + (", after a reorder" if moved else "") + out


def figures(ranks: list[int | None]) -> tuple[float, float, float]:
    r = np.array([x or 0 for x in ranks])
    return float(np.mean(r == 1)), float(np.mean((r >= 1) & (r <= 5))), float(np.mean(np.where(r > 0, 1 / np.maximum(r, 1), 0)))


def fmt(ranks: list[int | None]) -> str:
    return "{:.3f} / {:.3f} / {:.3f}".format(*figures(ranks)) if ranks else "-"


STOP44 = Rules(drop=5.0, lead_drop=5.0, per_document=3, per_named=4)  # chosen in stop 44, one bound for every snippet
# the first snippet's bound stays stop 44's (recall@1 cannot move), the others' and the cap per document move
GRID = [Rules(drop=d, lead_drop=5.0, per_document=n, per_named=n + 1, lead_moved=moved)
        for d, n, moved in itertools.product((5.0, 6.0, 7.0, 8.0, 10.0, 1e9), (3, 4, 5), (True, False))]
# not chosen from: the first snippet's bound moved too, without the reorders (two trial tests pin `results_first`),
# other overlaps
OTHERS = [*(Rules(drop=d, lead_drop=d, per_document=n, per_named=n + 1) for d, n in itertools.product((6.0, 7.0, 8.0), (3, 4, 5))),
          Rules(results=False), Rules(drop=7.0, lead_drop=7.0, per_document=5, per_named=6, results=False),
          Rules(places=False), Rules(overlap=0.8), Rules(overlap=1.01)]


def cross_validated(replay: Replay, rows: list[Asked], grid: list[Rules]) -> tuple[dict[int, Rules], list]:
    """Each fold's ranks under the rules chosen on the other folds: of those whose in-domain recall@1 and MRR are
    stop 44's or better there, the best in-domain recall@5, then MRR, then the fewest weak snippets."""
    scored = [r for r in rows if r.category in ("in_domain", "misspelt")]
    ranks = {rules: [replay.rank(r, rules) for r in scored] for rules in [*grid, STOP44]}
    chosen, out = {}, []
    for fold in range(FOLDS):
        train = [i for i, r in enumerate(scored) if r.fold != fold and r.category == "in_domain"]

        floor = figures([ranks[STOP44][i] for i in train])

        def objective(rules: Rules) -> tuple:
            r1, r5, mrr = figures([ranks[rules][i] for i in train])
            return (r1 >= floor[0] and mrr >= floor[2], round(r5, 9), round(mrr, 9), -rules.drop, -rules.per_document)

        chosen[fold] = max(grid, key=objective)
        out += [(r, ranks[chosen[fold]][i]) for i, r in enumerate(scored) if r.fold == fold]
    return chosen, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="a file to keep the answered questions in, and read them from")
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        rows = pickle.loads(args.keep.read_bytes())
    else:
        rows = collect()
        if args.keep:
            args.keep.write_bytes(pickle.dumps(rows))
    assert all(r.fold >= 0 for r in rows)
    replay = Replay(rows)
    scored = [r for r in rows if r.category in ("in_domain", "misspelt")]
    mismatched = [r for r in scored if r.chosen and replay.rank(r, Rules()) != r.rank]
    print(f"pool: {len(scored)} answerable, {len(rows) - len(scored)} to decline; replay mismatches {len(mismatched)}")
    for category in ("in_domain", "misspelt"):
        part = [r for r in scored if r.category == category]
        fused = [next((n for n, h in enumerate(replay.hits(r), 1) if holds(h.passage.text, r.evidence)), None)
                 if r.outcome == "answered" else None for r in part]
        print(f"{category} ({len(part)}): fused hits {fmt(fused)}; shown {fmt([r.rank for r in part])}")
        causes = Counter(trace(replay, r) for r in part)
        for cause, n in causes.most_common():  # under the product's rules
            print(f"  {cause} | {n}")
    for category in DECLINES:
        part = [r for r in rows if r.category == category]
        print(f"{category} ({len(part)}): declined {np.mean([r.outcome != 'answered' for r in part]):.3f}")
    print("\nrules | in-domain r@1 / r@5 / MRR | misspelt | snippets an answer (in-domain)")
    for rules in [Rules(), STOP44, *GRID, *OTHERS]:
        line = " | ".join(fmt([replay.rank(r, rules) for r in scored if r.category == c]) for c in ("in_domain", "misspelt"))
        count = np.mean([len(replay.shown(r, rules)) for r in scored if r.chosen and r.category == "in_domain"])
        print(f"{label(rules)} | {line} | {count:.2f}")
    for name, grid in (("every cap", GRID), ("at most four of one lesson", [g for g in GRID if g.per_document <= 4])):
        chosen, out = cross_validated(replay, rows, grid)
        print(f"\n{name}: left-out folds chose " + "; ".join(f"{f}: {label(r)}" for f, r in chosen.items()))
        for category in ("in_domain", "misspelt"):
            part = [(r, k) for r, k in out if r.category == category]
            print(f"  cross-validated {category} ({len(part)}): {fmt([k for _, k in part])} "
                  f"(stop 44's {fmt([replay.rank(r, STOP44) for r, _ in part])}, this product's "
                  f"{fmt([replay.rank(r, Rules()) for r, _ in part])})")
    replay.close()


def label(rules: Rules) -> str:
    changed = {k: v for k, v in vars(rules).items() if getattr(Rules(), k) != v}
    return ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in changed.items()) or "this product's"


if __name__ == "__main__":
    main()
