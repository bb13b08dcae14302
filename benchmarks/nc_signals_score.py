"""Score candidate not-covered rules on the rows `benchmarks/nc_signals.py` wrote: for each rule, among the
questions answered today, the answerable ones it would decline and the not-covered ones it would catch,
at every threshold, and with the threshold chosen by leave-one-file-out cross-validation (objective:
caught - 4 x declined, the issue's bar of 8 caught for 2 declined). A last table fits small logistic
models over several signals, also leave-one-file-out (weights and threshold chosen on the other files).
Run: .venv/bin/python benchmarks/nc_signals_score.py /tmp/nc_rows.json [RULE]
(after `benchmarks/nc_signals_knn.py` on the rows, it scores the labelled-neighbour rules too)
"""
import json
import math
import sys

import numpy as np

ANSWERABLE = ("in_domain", "misspelt")
COST = 4
ENGLISH_TOTAL = 2.3e10  # about the sum of index/english.py's counts; specificity = log10(total / count)


def specificity(term):
    return math.log10(ENGLISH_TOTAL / (term["en"] + 1000))


def missing(r, where, default=0.0):
    """The most specific focus term the hits (or the corpus) lack: its English specificity, 0 when none."""
    return max((specificity(t) for t in r["terms"] if not t[where]), default=default)


def synonym(r):
    """The cosine similarity of the least substitutable unknown focus term to its nearest corpus word (1: none)."""
    return min((t["synonym"] for t in r["terms"] if not t["corpus"]), default=1.0)


def rules(with_knn=False):
    """name -> (row -> value, direction); the rule declines when value > t (direction 1) or < t (-1)."""
    return {
        "margin (today's signal, below 0.10)": (lambda r: r["margin"], 1),
        "stripped margin + margin (round 7's best)": (lambda r: r["strip_topic"] - r["strip_sim"] + r["margin"], 1),
        # (a) the covered side measured against known answerable questions
        "(a) example similarity": (lambda r: r["ex"], -1),
        "(a) framed topic - example similarity": (lambda r: r["topic"] - r["ex"], 1),
        "(a) framed topic - best 3 examples' mean": (lambda r: r["topic"] - r["ex3"], 1),
        "(a) framed topic - max(example, passage)": (lambda r: r["topic"] - max(r["ex"], r["sim"]), 1),
        "(a) margin + (topic - example)": (lambda r: r["margin"] + r["topic"] - r["ex"], 1),
        # (b) the focus against the best sentence of the top five hits, relative to its nearest bare topic
        "(b) focus: bare topic - best top-5 sentence": (lambda r: r["f_topic"] - r["f_sent"], 1),
        "(b) focus best top-5 sentence": (lambda r: r["f_sent"], -1),
        "(b) margin + focus margin": (lambda r: r["margin"] + r["f_topic"] - r["f_sent"], 1),
        # (c) the focus terms: the most specific one the hits or the corpus lack
        "(c) most specific term not in top 5 hits": (lambda r: missing(r, "top5"), 1),
        "(c) most specific term not in first hit": (lambda r: missing(r, "top1"), 1),
        "(c) most specific term the corpus lacks": (lambda r: missing(r, "corpus"), 1),
        "(c) margin, when a term of specificity > 4 is not in top 5": (
            lambda r: r["margin"] if missing(r, "top5") > 4 else -9, 1),
        "(c) margin + 0.02 x specificity missing from top 5": (lambda r: r["margin"] + 0.02 * missing(r, "top5"), 1),
        # (d) the words the corpus never uses: how much of the question's meaning they carry, and whether the
        # corpus has a near word for them
        "(d) weight of unknown words (1 - cosine to the question without them)": (lambda r: 1 - r["keep"], 1),
        "(d) margin + weight of unknown words": (lambda r: r["margin"] + 1 - r["keep"], 1),
        "(d) least substitutable unknown term (its nearest corpus word)": (lambda r: synonym(r), -1),
        "(d) margin + (1 - least substitutable term)": (lambda r: r["margin"] + 1 - synonym(r), 1),
        "(d) margin + weight of unknown words x (1 - least substitutable)": (
            lambda r: r["margin"] + (1 - r["keep"]) * (1 - synonym(r)), 1),
    } | ({} if not with_knn else {
        # labelled neighbours: the nearest not-covered tuning question of another file (nc_signals_knn.py)
        "(d) nearest labelled not-covered question": (lambda r: r["knn_nc"], 1),
        "(d) nearest labelled not-covered - max(example, passage)": (lambda r: r["knn_nc"] - max(r["ex"], r["sim"]), 1),
        "(d) margin + nearest labelled not-covered - max(example, passage)": (
            lambda r: r["margin"] + r["knn_nc"] - max(r["ex"], r["sim"]), 1),
    })


FEATURES = {
    "margin": lambda r: r["margin"],
    "topic-ex": lambda r: r["topic"] - r["ex"],
    "focus margin": lambda r: r["f_topic"] - r["f_sent"],
    "missing top5": lambda r: missing(r, "top5"),
    "missing corpus": lambda r: missing(r, "corpus"),
    "stripped margin": lambda r: r["strip_topic"] - r["strip_sim"],
    "unknown weight": lambda r: 1 - r["keep"],
    "no synonym": lambda r: 1 - synonym(r),
}
MODELS = [
    ("margin", "topic-ex"),
    ("margin", "focus margin"),
    ("margin", "missing top5"),
    ("margin", "topic-ex", "focus margin"),
    ("margin", "topic-ex", "missing top5"),
    ("margin", "topic-ex", "focus margin", "missing top5"),
    ("margin", "topic-ex", "focus margin", "missing top5", "missing corpus", "stripped margin"),
    ("margin", "unknown weight"),
    ("margin", "no synonym"),
    ("margin", "unknown weight", "no synonym"),
    ("margin", "topic-ex", "focus margin", "unknown weight", "no synonym"),
]


def counts(rows, value, sign, t):
    v, answerable, nc = _arrays(rows, value)
    fired = sign * (v - t) > 0
    return int((fired & answerable).sum()), int((fired & nc).sum())


def _arrays(rows, value):
    v = np.array([value(r) for r in rows])
    return v, np.array([r["cat"] in ANSWERABLE for r in rows]), np.array([r["cat"] == "not_covered" for r in rows])


def _sweep(rows, value, sign):
    """(thresholds, answerable declined, not covered caught) at every threshold between the rows' values."""
    v, answerable, nc = _arrays(rows, value)
    order = np.argsort(-sign * v, kind="stable")  # the rows in the order a lowering threshold fires them
    d, c = np.cumsum(answerable[order]), np.cumsum(nc[order])
    last = np.r_[v[order][1:] != v[order][:-1], True]  # fire a value's rows together
    thresholds = np.r_[v[order][last] - sign * 1e-9, v.max() + 1 if sign > 0 else v.min() - 1]
    return thresholds, np.r_[d[last], 0], np.r_[c[last], 0]


def best_threshold(rows, value, sign):
    t, d, c = _sweep(rows, value, sign)
    best = max(zip(c - COST * d, -d, range(len(t))))
    return t[best[2]]


def cost_to_catch(rows, value, sign, k):
    """The fewest answerable questions the rule declines at a threshold catching at least k not covered."""
    _, d, c = _sweep(rows, value, sign)
    return int(d[c >= k].min()) if (c >= k).any() else -1


def cross_validated(rows, files, value, sign):
    cv_d = cv_c = 0
    for f in files:
        train = [r for r in rows if r["file"] != f]
        test = [r for r in rows if r["file"] == f]
        dd, cc = counts(test, value, sign, best_threshold(train, value, sign))
        cv_d, cv_c = cv_d + dd, cv_c + cc
    return cv_c, cv_d


def fit_logistic(x, y, c=1.0, steps=400):
    """Weighted L2 logistic regression by Newton's method (classes balanced); returns (mean, scale, weights)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    weight = np.where(y == 1, len(y) / (2 * max(y.sum(), 1)), len(y) / (2 * max((1 - y).sum(), 1)))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (weight * (p - y)) + w / c
        hess = (z * (weight * p * (1 - p))[:, None]).T @ z + np.eye(len(w)) / c
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w


def logistic_value(model, features):
    mean, scale, w = model

    def value(r):
        x = (np.array([FEATURES[f](r) for f in features]) - mean) / scale
        return float(x @ w[:-1] + w[-1])
    return value


def matrix(rows, features):
    return np.array([[FEATURES[f](r) for f in features] for r in rows]), np.array([r["cat"] == "not_covered" for r in rows], float)


def main(path):
    rows = [r for r in json.load(open(path)) if r["outcome"] == "answered" and r["cat"] in (*ANSWERABLE, "not_covered")]
    files = sorted({r["file"] for r in rows})
    print(f"answered today: {sum(r['cat'] in ANSWERABLE for r in rows)} answerable, "
          f"{sum(r['cat'] == 'not_covered' for r in rows)} not covered")
    print(f"{'rule':62} {'in-sample best':>30} {'cross-validated':>20} {'declined to catch 4 / 8 / 12':>30}")
    for name, (value, sign) in rules("knn_nc" in rows[0]).items():
        t = best_threshold(rows, value, sign)
        d, c = counts(rows, value, sign, t)
        cv_c, cv_d = cross_validated(rows, files, value, sign)
        print(f"{name:62} t={t:+.3f} caught {c:2} / declined {d:2}   caught {cv_c:2} / declined {cv_d:2}"
              f"   {'/'.join(str(cost_to_catch(rows, value, sign, k)) for k in (4, 8, 12)):>20}")
    print("\nlogistic models (weights and threshold fitted on the other files; in-sample curve on all)")
    for features in MODELS:
        cv_d = cv_c = 0
        for f in files:
            train = [r for r in rows if r["file"] != f]
            test = [r for r in rows if r["file"] == f]
            value = logistic_value(fit_logistic(*matrix(train, features)), features)
            dd, cc = counts(test, value, 1, best_threshold(train, value, 1))
            cv_d, cv_c = cv_d + dd, cv_c + cc
        value = logistic_value(fit_logistic(*matrix(rows, features)), features)
        t = best_threshold(rows, value, 1)
        d, c = counts(rows, value, 1, t)
        name = " + ".join(features)
        print(f"{name:62} in-sample caught {c:2} / declined {d:2}   caught {cv_c:2} / declined {cv_d:2}"
              f"   {'/'.join(str(cost_to_catch(rows, value, 1, k)) for k in (4, 8, 12)):>20}")
    if len(sys.argv) > 2:  # trade-off curve of one rule, and the not-covered questions it catches
        value, sign = rules("knn_nc" in rows[0])[sys.argv[2]]
        for t in sorted({value(r) for r in rows if r["cat"] == "not_covered"}, key=lambda v: -sign * v):
            d, c = counts(rows, value, sign, t - sign * 1e-9)
            print(f"  t={t:+.3f} caught {c:2} declined {d:3}")
        for r in sorted(rows, key=lambda r: -sign * value(r))[:30]:
            print(f"  {value(r):+.3f} {r['cat']:12} {r['file']:22} {r['q'][:90]}")


if __name__ == "__main__":
    main(sys.argv[1])
