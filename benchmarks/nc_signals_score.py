"""Score candidate not-covered rules on the rows `benchmarks/nc_signals.py` wrote: for each rule, among the
questions answered today, the answerable ones it would decline and the not-covered ones it would catch,
at every threshold, and with the threshold chosen by leave-one-file-out cross-validation (objective:
caught - 4 x declined, the issue's bar of 8 caught for 2 declined).
Run: .venv/bin/python benchmarks/nc_signals_score.py /tmp/nc_rows.json
"""
import json
import sys

import numpy as np

ANSWERABLE = ("in_domain", "misspelt")
COST = 4


def rules():
    """name -> (row -> value, direction); the rule declines when value > t (direction 1) or < t (-1)."""
    return {
        "margin (today's signal, below 0.10)": (lambda r: r["margin"], 1),
        "stripped margin (framing words dropped)": (lambda r: r["strip_topic"] - r["strip_sim"], 1),
        "stripped similarity": (lambda r: r["strip_sim"], -1),
        "coverage of terms, first hit": (lambda r: r["cov_top"], -1),
        "coverage of terms, most similar hit": (lambda r: r["cov_dense"], -1),
        "coverage of terms, best of top 5": (lambda r: r["cov_any"], -1),
        "gap best - 5th similarity": (lambda r: r["gap5"], -1),
        "rarest unknown word's English count": (lambda r: np.log10(r["rare_min"] + 1), -1),
        "dense and lexical first hits differ (and margin)": (lambda r: r["margin"] if not r["agree"] else -9, 1),
        "margin + (1 - coverage, most similar hit)": (lambda r: r["margin"] + (1 - r["cov_dense"]) * 0.1, 1),
        "margin, when coverage of top 5 < 1": (lambda r: r["margin"] if r["cov_any"] < 1 else -9, 1),
        "margin, when an unknown word is rare in English (<1e7)": (
            lambda r: r["margin"] if r["rare_min"] < 1e7 else -9, 1),
        "stripped margin + margin": (lambda r: r["strip_topic"] - r["strip_sim"] + r["margin"], 1),
    }


def counts(rows, value, sign, t):
    fired = [r for r in rows if sign * (value(r) - t) > 0]
    return (sum(r["cat"] in ANSWERABLE for r in fired), sum(r["cat"] == "not_covered" for r in fired))


def best_threshold(rows, value, sign):
    values = sorted({value(r) for r in rows})
    cands = [v - sign * 1e-9 for v in values] + [values[-1] + 1 if sign > 0 else values[0] - 1]
    scored = [(c - COST * d, -d, t) for t in cands for d, c in [counts(rows, value, sign, t)]]
    return max(scored)[2]


def cost_to_catch(rows, value, sign, k):
    """The fewest answerable questions the rule declines at a threshold catching at least k not covered."""
    return min(d for v in {value(r) for r in rows} for d, c in [counts(rows, value, sign, v - sign * 1e-9)] if c >= k)


def main(path):
    rows = [r for r in json.load(open(path)) if r["outcome"] == "answered"]
    files = sorted({r["file"] for r in rows})
    print(f"answered today: {sum(r['cat'] in ANSWERABLE for r in rows)} answerable, "
          f"{sum(r['cat'] == 'not_covered' for r in rows)} not covered")
    print(f"{'rule':58} {'in-sample best':>30} {'cross-validated':>20} {'declined to catch 4 / 8 / 12':>30}")
    for name, (value, sign) in rules().items():
        t = best_threshold(rows, value, sign)
        d, c = counts(rows, value, sign, t)
        cv_d = cv_c = 0
        for f in files:
            train = [r for r in rows if r["file"] != f]
            test = [r for r in rows if r["file"] == f]
            tf = best_threshold(train, value, sign)
            dd, cc = counts(test, value, sign, tf)
            cv_d, cv_c = cv_d + dd, cv_c + cc
        print(f"{name:58} t={t:+.3f} caught {c:2} / declined {d:2}   caught {cv_c:2} / declined {cv_d:2}"
              f"   {'/'.join(str(cost_to_catch(rows, value, sign, k)) for k in (4, 8, 12)):>20}")
    if len(sys.argv) > 2:  # trade-off curve of one rule: caught vs declined at each threshold
        value, sign = rules()[sys.argv[2]]
        for t in sorted({value(r) for r in rows if r["cat"] == "not_covered"}):
            d, c = counts(rows, value, sign, t - sign * 1e-9)
            print(f"  t={t:+.3f} caught {c:2} declined {d:3}")


if __name__ == "__main__":
    main(sys.argv[1])
