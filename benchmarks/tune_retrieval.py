"""Fit and cross-validate the retrieval and abstention constants on the tuning questions.

    .venv/bin/python benchmarks/tune_retrieval.py [--scope] [--more FILE] [QUESTION_FILE ...]

(`--scope`: only the decline rules, not the ranking and snippet constants; much quicker.
`--more FILE`: further answerable questions that are always training rows of the ranking model, in
every fold and in the final fit, and never test questions nor part of the decline rules; the
printed weights are then fitted on the tuning questions and FILE's together. BENCHMARKS.md, "More
questions per passage".)

By default it tunes on tests/data/questions_tune.jsonl (our tuning half), questions_tune_extra.jsonl
(not-covered and off-topic questions), questions_tune_scope.jsonl (questions naming programmes the
corpus does not mention, answerable questions naming what it does, off-topic requests of more
kinds), questions_tune_scope2.jsonl (requests about the corpus's own organisations that are not
about lessons, small talk, meeting papers, IT faults, sport, travel; programmes named in corpus
words; answerable questions naming what the corpus names), questions_tune_scope3.jsonl (everyday
requests of many kinds; answerable questions in everyday words), dev_questions.jsonl and
probe_questions.jsonl (questions without evidence count only for abstention).

Uses the real model and the bundled corpus (a temporary data folder), through the same code
that answers questions (`Searcher.prepare` / `Searcher.candidates`, `ScopeGuard.signals`). It:

1. fits the ranking weights (index/ranking.py: a logistic regression over each candidate's
   features, labelled by whether the passage holds the question's evidence), choosing the
   regularisation and the pseudo-relevance-feedback constants by 5-fold cross-validation
   (repeated over seeds, folds split by question);
2. chooses the out-of-scope similarity rule (bot/scope.py: REQUEST_FLOOR, REQUEST_MARGIN) that
   loses no answerable question, and the not-covered margin (NC_MARGIN: how much nearer a
   question must be to a framed reference topic, `knowledge/nhs_topics.yaml`, than to the corpus)
   that loses at most 1% of answerable questions, and the smaller margin for questions that name
   something the corpus never uses (NC_NAMED_MARGIN) at which the two together still lose at most
   1%, all by cross-validation; and the everyday-subject rule (EVERYDAY_MARGIN: how
   much nearer an everyday subject, `knowledge/everyday_topics.yaml`, a question must be than both
   the corpus and the nearest framed NHS topic), the most cautious margin that loses no answerable
   question of a training split and catches nearly as many of its off-topic questions as any such
   margin, scored on its test split together with the cues and the other rules as shipped
   (`_outcome`), and how it fares with each area of subjects left out in turn (`_leave_one_area_out`);
3. chooses SCORE_DROP (bot/snippet_choice.py), how far below the best a snippet may score, by
   cross-validated recall@5 at the fewest snippets;
4. prints the cross-validated figures and the constants to paste.

The held-out half (tests/data/questions_holdout.jsonl) and the check sets (questions_check.jsonl to
questions_check4.jsonl) are never read here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from bot import scope, scope_files  # noqa: E402
from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, load_questions, normalise  # noqa: E402
from bot.programme_names import unknown_names, unseen_names  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking, read_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(5)
C_GRID = (0.1, 0.3, 1.0, 3.0)
PRF_GRID = ((3, 0.5), (3, 0.3), (5, 0.5), (2, 0.5), (3, 0.0))
DROP_GRID = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)
DEFAULT_SETS = ("questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
                "questions_tune_scope2.jsonl", "questions_tune_scope3.jsonl", "dev_questions.jsonl", "probe_questions.jsonl")
NC_MAX_LOST = 0.01  # answerable questions the not-covered margin may decline in a training split
NC_GRID = np.arange(-0.05, 0.201, 0.01).round(2)
EVERYDAY_GRID = np.arange(-0.20, 0.201, 0.01).round(2)
NAMED_GRID = np.concatenate([np.arange(-0.30, -0.05, 0.05), NC_GRID]).round(2)


@dataclass
class Item:
    id: str
    category: str
    candidates: list[int]
    features: dict[tuple[int, float], np.ndarray]  # per PRF setting
    labels: np.ndarray  # candidate holds the evidence
    documents: list[str]
    relevant_any: bool  # some passage of the corpus holds it
    request: float
    similarity: float
    topic: float  # the closest framed reference topic's similarity
    cued: bool  # matches an out-of-scope cue: declined before any model
    named: bool  # names something the corpus never uses
    everyday: float  # the closest everyday subject's similarity
    unmatched: bool  # no hit, or none of its words in the corpus: not covered by the last rule
    areas: dict[str, float]  # per area of everyday_topics.yaml, its closest subject's similarity


def main(paths: list[Path], scope_only: bool = False, more: Path | None = None) -> None:
    questions = [q for path in paths for q in load_questions(path)]
    extra = load_questions(more) if more else []
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(data)))[0])
        searcher, guard = answerer.index.searcher, answerer.corpus.scope
        passages = answerer.index.passages
        areas = read_yaml(ROOT / "knowledge" / scope_files.EVERYDAY_FILE)["everyday_topics"]
        area_vectors = {name: searcher.embedder.embed(entry["topics"]) for name, entry in areas.items()}
        items = []
        for q in [*questions, *extra]:
            query = searcher.prepare(q.q)
            candidates, _, lexical = searcher.candidates(query)
            features = {}
            for depth, weight in PRF_GRID:
                ranking.PRF_DEPTH, ranking.PRF_WEIGHT = depth, weight
                features[(depth, weight)] = searcher._features(query.vector, candidates, lexical)
            wanted = [normalise(e) for e in q.evidence]
            labels = np.array([any(w in normalise(passages[c].text) for w in wanted) for c in candidates])
            relevant_any = any(any(w in normalise(p.text) for w in wanted) for p in passages.values())
            hits = searcher.search(query, 20)
            _, similarity, request, _ = guard.signals(query, hits)
            cued = any(kind.cued(q.q) for kind in guard.kinds)
            documents = [passages[c].document_id for c in candidates]
            items.append(Item(q.id, q.category, candidates, features, labels, documents, relevant_any, request,
                              similarity, guard.topic(query), cued,
                              bool(unknown_names(query) or unseen_names(query, hits)), guard.everyday(query)[0],
                              not hits or not query.known,
                              {name: float((v @ query.vector).max()) for name, v in area_vectors.items()}))
    everything, items = items, items[:len(questions)]
    always = [i for i in range(len(items), len(everything)) if everything[i].category in ANSWERABLE
              and everything[i].labels.any()]  # FILE's: training rows of every ranking fit
    answerable = [i for i, it in enumerate(items) if it.category in ANSWERABLE and it.labels.any()]
    print(f"{len(items)} questions; {len(answerable)} answerable with their evidence among the candidates"
          + (f"; {len(always)} more from {more}, always training" if more else ""))
    folds = _folds(items)
    if scope_only:
        _declines(items, folds)
        return

    # 1. ranking
    best = None
    for prf in PRF_GRID:
        for c in C_GRID:
            r1, r5, mrr = np.mean([_ranking_cv(everything, answerable, fold, prf, c, always) for fold in folds], axis=0)
            print(f"  ranking prf={prf} C={c}: recall@1 {r1:.3f} recall@5 {r5:.3f} MRR {mrr:.3f}")
            if best is None or (mrr, r1) > best[0]:
                best = ((mrr, r1), prf, c)
    (_, prf, c) = best
    print(f"chosen: PRF_DEPTH, PRF_WEIGHT = {prf}, C = {c}")

    # out-of-fold log-odds of the best candidate, per seed
    oof = [_out_of_fold_scores(everything, answerable, fold, prf, c, always) for fold in folds]

    # 2. abstention
    _declines(items, folds)

    # 3. snippets
    drops = {}
    for drop in DROP_GRID:
        recall, shown = [], []
        for _fold, scores in zip(folds, oof):
            for i in answerable:
                kept = _snippets(items[i], scores[i], drop)
                recall.append(any(items[i].labels[k] for k in kept))
                shown.append(len(kept))
        drops[drop] = (np.mean(recall), np.mean(shown))
        print(f"  SCORE_DROP {drop}: recall@5 {drops[drop][0]:.3f}, {drops[drop][1]:.2f} snippets on average")
    top = max(r for r, _ in drops.values())
    drop = min((d for d, (r, _) in drops.items() if r >= top - 0.005), key=lambda d: drops[d][1])
    print(f"chosen: SCORE_DROP = {drop}")

    # final fits on everything
    ranking.PRF_DEPTH, ranking.PRF_WEIGHT = prf
    final = _fit_ranking(everything, [*answerable, *always], prf, c)
    print("\nconstants:")
    print(f"index/ranking.py   PRF_DEPTH = {prf[0]}; PRF_WEIGHT = {prf[1]}")
    print(f"index/ranking.py   WEIGHTS = {np.round(final.coef_[0], 3).tolist()}  # {ranking.FEATURES}")
    print(f"index/ranking.py   INTERCEPT = {round(float(final.intercept_[0]), 3)}")
    print(f"bot/snippet_choice.py   SCORE_DROP = {drop}")


def _declines(items: list[Item], folds) -> None:
    """Choose and cross-validate the decline rules' constants (bot/scope.py); print them."""
    y = np.array([it.category for it in items])
    in_scope = np.isin(y, ANSWERABLE)
    cued = np.array([it.cued for it in items])
    print(f"cues: {np.sum(cued & (y == 'off_topic'))} of {np.sum(y == 'off_topic')} off-topic, "
          f"{np.sum(cued & in_scope)} answerable, {np.sum(cued & (y == 'not_covered'))} not covered")
    # the semantic backstop behind the cues: a rule on the closest request's similarity
    floor, margin, oos_cv = _fit_request_rule(items, folds)
    print(f"out of scope (similarity rule alone, without cues): declined {oos_cv['declined']:.3f} of off-topic, "
          f"lost {oos_cv['lost']:.3f} of answerable (CV)")
    nc_margin, nc_cv = _fit_topic_rule(items, folds)
    print(f"not covered (topic margin): caught {nc_cv['declined']:.3f} of not-covered, {nc_cv['off']:.3f} of off-topic, "
          f"lost {nc_cv['lost']:.3f} of answerable (CV; margins chosen {nc_cv['chosen']})")
    named_margin, named_cv = _fit_named_rule(items, folds)
    print(f"not covered (topic margin, smaller for unknown names): caught {named_cv['declined']:.3f} of not-covered, "
          f"{named_cv['off']:.3f} of off-topic, lost {named_cv['lost']:.3f} of answerable (CV; named margins chosen "
          f"{named_cv['chosen']}; {named_cv['named']} questions name something the corpus never uses)")
    # with the other rules' constants as shipped (bot/scope.py), so the figures are those of what answers
    everyday_margin, ev_cv = _fit_everyday_rule(items, folds, (scope.REQUEST_FLOOR, scope.REQUEST_MARGIN),
                                                (scope.NC_MARGIN, scope.NC_NAMED_MARGIN))
    print(f"out of scope (everyday subjects, after the cues and the similarity rule): declined {ev_cv['rule']:.3f} of the "
          f"off-topic questions those leave, {ev_cv['nc']:.3f} of not-covered, lost {ev_cv['lost']:.3f} of answerable "
          f"(CV; margins chosen {ev_cv['chosen']})")
    for name, cv in (("without the everyday rule", ev_cv["before"]), ("with it", ev_cv["after"])):
        print(f"all rules {name} (CV; the other constants as in bot/scope.py): off-topic declined {cv['off']:.3f} ({cv['off_oos']:.3f} as out of scope), "
              f"not covered as not_covered {cv['nc']:.3f}, answerable lost {cv['lost']:.3f}")
    _leave_one_area_out(items)
    print(f"bot/scope.py       REQUEST_FLOOR = {floor}; REQUEST_MARGIN = {margin}")
    print(f"bot/scope.py       NC_MARGIN = {nc_margin}; NC_NAMED_MARGIN = {named_margin}")
    print(f"bot/scope.py       EVERYDAY_MARGIN = {everyday_margin}")


def _leave_one_area_out(items: list[Item]) -> None:
    """How far the everyday rule generalises beyond the subjects written: with the constants as
    shipped, the off-topic questions declined when each area of everyday_topics.yaml is left out in
    turn (those nearest that area must then be caught by the others, or by nothing)."""
    request_pair, nc_pair = (scope.REQUEST_FLOOR, scope.REQUEST_MARGIN), (scope.NC_MARGIN, scope.NC_NAMED_MARGIN)
    off = [it for it in items if it.category == "off_topic"]
    answerable = [it for it in items if it.category in ANSWERABLE]
    print(f"leave one area out (EVERYDAY_MARGIN {scope.EVERYDAY_MARGIN}): off-topic declined / answerable lost")
    worst = 1.0
    for area in items[0].areas:
        def outcome(it: Item) -> str:
            rest = replace(it, everyday=max(v for a, v in it.areas.items() if a != area))
            return _outcome(rest, request_pair, nc_pair, scope.EVERYDAY_MARGIN)
        nearest = [it for it in off if max(it.areas, key=it.areas.__getitem__) == area
                   and _outcome(it, request_pair, nc_pair, None) != "out_of_scope"]
        declined = np.mean([outcome(it) != "answered" for it in off])
        kept = np.mean([outcome(it) != "answered" for it in nearest]) if nearest else float("nan")
        worst = min(worst, declined)
        print(f"  without {area}: {declined:.3f} / {np.mean([outcome(it) != 'answered' for it in answerable]):.3f} "
              f"({len(nearest)} off-topic nearest it that no cue or example declines, {kept:.2f} of them still declined)")
    print(f"  lowest off-topic declined with one area left out: {worst:.3f}")


def _outcome(it: Item, request_pair, nc_pair, everyday_margin) -> str:
    """The outcome bot/scope.py's `ScopeGuard.judge` gives, from the item's signals and these constants
    (everyday_margin None: without the everyday rule)."""
    if it.cued or (it.request >= request_pair[0] and it.request - it.similarity >= request_pair[1]):
        return "out_of_scope"
    if everyday_margin is not None and it.everyday - max(it.similarity, it.topic) >= everyday_margin:
        return "out_of_scope"
    if it.unmatched or it.topic - it.similarity > (nc_pair[1] if it.named else nc_pair[0]):
        return "not_covered"
    return "answered"


def _fit_everyday_rule(items, folds, request_pair, nc_pair):
    """EVERYDAY_MARGIN: on each training split, of the margins that decline no answerable question,
    the most cautious (highest) that still declines 95% of the off-topic questions the best such
    margin declines beyond the cues and the similarity rule;
    scored on the test split with every rule (the other constants as given)."""
    before = np.array([_outcome(it, request_pair, nc_pair, None) for it in items])
    off = np.array([it.category == "off_topic" for it in items])
    nc = np.array([it.category == "not_covered" for it in items])
    answerable = np.array([it.category in ANSWERABLE for it in items])
    left = off & (before != "out_of_scope")
    everyday = np.array([it.everyday for it in items])
    nearest = np.array([max(it.similarity, it.topic) for it in items])

    def fires(margin, rows):
        return (everyday[rows] - nearest[rows] >= margin) & (before[rows] != "out_of_scope")

    def choose(rows):
        safe = [g for g in EVERYDAY_GRID if not (fires(g, rows) & answerable[rows]).any()]
        best = max((fires(g, rows) & left[rows]).sum() for g in safe)
        return max(g for g in safe if (fires(g, rows) & left[rows]).sum() >= 0.95 * best)

    totals = {"rule": 0, "nc_rule": 0, "lost_rule": 0}
    runs = {"before": [], "after": []}
    chosen = []
    for fold in folds:
        for train, test in fold:
            margin = choose(train)
            chosen.append(float(margin))
            fired = fires(margin, test)
            totals["rule"] += (fired & left[test]).sum()
            totals["nc_rule"] += (fired & nc[test]).sum()
            totals["lost_rule"] += (fired & answerable[test]).sum()
            after = np.array([_outcome(items[i], request_pair, nc_pair, margin) for i in test])
            runs["before"].append((test, before[test]))
            runs["after"].append((test, after))

    def figures(outcomes):
        rows = np.concatenate([t for t, _ in outcomes])
        out = np.concatenate([o for _, o in outcomes])
        return {"off": np.mean(out[off[rows]] != "answered"), "off_oos": np.mean(out[off[rows]] == "out_of_scope"),
                "nc": np.mean(out[nc[rows]] == "not_covered"), "lost": np.mean(out[answerable[rows]] != "answered")}

    n = len(folds)
    return float(choose(np.arange(len(items)))), {
        "rule": totals["rule"] / (left.sum() * n), "nc": totals["nc_rule"] / (nc.sum() * n),
        "lost": totals["lost_rule"] / (answerable.sum() * n),
        "chosen": f"{min(chosen)}-{max(chosen)}",
        "before": figures(runs["before"]), "after": figures(runs["after"])}


def _snippets(item: Item, scores, drop: float) -> list[int]:
    """Candidates shown as snippets (as bot/answerer.py chooses them, without its duplicate check)."""
    best, order, values = scores
    kept, per_document = [], {}
    for k in order:
        if len(kept) == 5 or values[k] < best - drop:
            break
        document = item.documents[k]
        if per_document.get(document, 0) < 2:
            kept.append(k)
            per_document[document] = per_document.get(document, 0) + 1
    return kept


def _folds(items: list[Item]) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """Per seed, five (train, test) splits of all questions, stratified by category."""
    y = [it.category for it in items]
    return [list(StratifiedKFold(5, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)) for seed in SEEDS]


def _fit_ranking(items, rows, prf, c) -> LogisticRegression:
    x = np.concatenate([items[i].features[prf] for i in rows])
    y = np.concatenate([items[i].labels for i in rows])
    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def _ranking_cv(items, answerable, fold, prf, c, always=()) -> tuple[float, float, float]:
    ranks = []
    for train, test in fold:
        model = _fit_ranking(items, [*(i for i in train if i in answerable), *always], prf, c)
        for i in test:
            if i in answerable:
                order = np.argsort(-model.decision_function(items[i].features[prf]), kind="stable")
                ranks.append(next(r for r, k in enumerate(order, 1) if items[i].labels[k]))
    ranks = np.array(ranks)
    return float(np.mean(ranks == 1)), float(np.mean(ranks <= 5)), float(np.mean(1 / ranks))


def _out_of_fold_scores(items, answerable, fold, prf, c, always=()) -> dict[int, tuple[float, np.ndarray, np.ndarray]]:
    """Question -> (best log-odds, candidate order, log-odds), from a model not trained on it."""
    out = {}
    for train, test in fold:
        model = _fit_ranking(items, [*(i for i in train if i in answerable), *always], prf, c)
        for i in test:
            scores = model.decision_function(items[i].features[prf]) if len(items[i].candidates) else np.zeros(0)
            order = np.argsort(-scores, kind="stable")
            out[int(i)] = (float(scores[order[0]]) if len(order) else -20.0, order, scores)
    return out


def _fit_request_rule(items, folds):
    """REQUEST_FLOOR and REQUEST_MARGIN: a pair that loses no answerable question and declines
    nearly as many off-topic ones as any such pair (the most cautious of those), chosen on each
    training split and scored on its test split."""
    grid = [(f, m) for f in np.arange(0.30, 0.71, 0.05).round(2) for m in np.arange(-0.10, 0.31, 0.05).round(2)]
    request = np.array([it.request for it in items])
    similarity = np.array([it.similarity for it in items])
    off = np.array([it.category == "off_topic" for it in items])
    answerable = np.array([it.category in ANSWERABLE for it in items])

    def declined(pair, rows):
        return rows[(request[rows] >= pair[0]) & (request[rows] - similarity[rows] >= pair[1])]

    def choose(rows):
        """The most cautious safe pair that still catches 90% of what the best safe pair catches."""
        safe = [g for g in grid if not answerable[declined(g, rows)].any()]
        best = max(off[declined(g, rows)].sum() for g in safe)
        return max((g for g in safe if off[declined(g, rows)].sum() >= 0.9 * best), key=lambda g: (g[0] + g[1], g[0]))

    caught = lost = 0
    for fold in folds:
        for train, test in fold:
            d = declined(choose(train), test)
            caught += off[d].sum()
            lost += answerable[d].sum()
    floor, margin = choose(np.arange(len(items)))
    return float(floor), float(margin), {"declined": caught / (off.sum() * len(folds)), "lost": lost / (answerable.sum() * len(folds))}


def _fit_topic_rule(items, folds):
    """NC_MARGIN: the smallest margin (most not-covered questions caught) at which a training split
    loses at most NC_MAX_LOST of its answerable questions, scored on its test split."""
    margin = np.array([it.topic - it.similarity for it in items])
    nc = np.array([it.category == "not_covered" for it in items])
    off = np.array([it.category == "off_topic" for it in items])
    answerable = np.array([it.category in ANSWERABLE for it in items])

    def choose(rows):
        return min(m for m in NC_GRID if np.mean(margin[rows][answerable[rows]] > m) <= NC_MAX_LOST + 1e-9)

    caught = lost = off_caught = 0
    chosen = []
    for fold in folds:
        for train, test in fold:
            m = choose(train)
            chosen.append(float(m))
            declined = test[margin[test] > m]
            caught += nc[declined].sum()
            off_caught += off[declined].sum()
            lost += answerable[declined].sum()
    runs = len(folds)
    return float(choose(np.arange(len(items)))), {
        "declined": caught / (nc.sum() * runs), "off": off_caught / (off.sum() * runs),
        "lost": lost / (answerable.sum() * runs), "chosen": f"{min(chosen)}-{max(chosen)}"}


def _fit_named_rule(items, folds):
    """NC_NAMED_MARGIN: with NC_MARGIN chosen as in `_fit_topic_rule` on each training split, the
    smallest margin for questions naming something the corpus never uses at which the two margins
    together lose no more of the split's answerable questions than NC_MARGIN alone (never above it)."""
    margin = np.array([it.topic - it.similarity for it in items])
    named = np.array([it.named for it in items])
    nc = np.array([it.category == "not_covered" for it in items])
    off = np.array([it.category == "off_topic" for it in items])
    answerable = np.array([it.category in ANSWERABLE for it in items])

    def lost(rows, plain, low):
        declined = margin[rows] > np.where(named[rows], low, plain)
        return np.mean(declined[answerable[rows]])

    def choose(rows):
        plain = min(m for m in NC_GRID if np.mean(margin[rows][answerable[rows]] > m) <= NC_MAX_LOST + 1e-9)
        return plain, min(m for m in NAMED_GRID if m <= plain and lost(rows, plain, m) <= lost(rows, plain, plain) + 1e-9)

    caught = lost_n = off_caught = 0
    chosen = []
    for fold in folds:
        for train, test in fold:
            plain, low = choose(train)
            chosen.append(float(low))
            declined = test[margin[test] > np.where(named[test], low, plain)]
            caught += nc[declined].sum()
            off_caught += off[declined].sum()
            lost_n += answerable[declined].sum()
    runs = len(folds)
    return float(choose(np.arange(len(items)))[1]), {
        "declined": caught / (nc.sum() * runs), "off": off_caught / (off.sum() * runs),
        "lost": lost_n / (answerable.sum() * runs), "chosen": f"{min(chosen)}-{max(chosen)}", "named": int(named.sum())}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--scope"]
    more_file = None
    if "--more" in args:
        at = args.index("--more")
        more_file = Path(args[at + 1])
        del args[at:at + 2]
    main([Path(a) for a in args] or [ROOT / "tests" / "data" / name for name in DEFAULT_SETS], "--scope" in sys.argv[1:],
         more_file)
