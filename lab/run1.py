import sys; sys.path.insert(0, "lab")
from features import *
from index.spelling import Speller, corpus_words
speller = Speller(corpus_words([p.text for p in P] + [p.context for p in P]))
qs = [q for q in load("tests/data/questions_tune.jsonl") if q["category"] in ("in_domain","misspelt")]
def rank_metrics(scores_list, rels):
    r1=r5=mrr=0
    for s, rel in zip(scores_list, rels):
        order = np.argsort(-s)
        ranks = [i for i, j in enumerate(order, 1) if rel[j]]
        r = ranks[0] if ranks else 99
        r1 += r==1; r5 += r<=5; mrr += 1/r
    n=len(rels); return round(r1/n,3), round(r5/n,3), round(mrr/n,3)
rels = [relevant(q) for q in qs]
for correct in (False, True):
    F = [features(speller.correct(q["q"]) if correct else q["q"])[0] for q in qs]
    print("correct" if correct else "raw")
    for name in F[0]:
        print(f"  {name:10}", rank_metrics([f[name] for f in F], rels))
    import itertools
    def rrf(*arrs, k=20):
        out = np.zeros(len(P))
        for a in arrs:
            order = np.argsort(-a); rk = np.empty(len(a)); rk[order] = np.arange(1, len(a)+1)
            out += np.where(a>0, 1/(k+rk), 0) if a is not None else 0
        return out
    mix = lambda f, w: (1-w)*f["ctx"] + w*np.maximum(f["ctx"], f["smax"])
    print("  current-mix", rank_metrics([mix(f,0.5) for f in F], rels))
    print("  current-rrf", rank_metrics([rrf(mix(f,0.5), f["bm25"]) for f in F], rels))
