import sys; sys.path.insert(0, "lab")
from features import *
from index.spelling import Speller, corpus_words
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
speller = Speller(corpus_words([p.text for p in P] + [p.context for p in P]))
qs = [q for q in load("tests/data/questions_tune.jsonl") if q["category"] in ("in_domain","misspelt")]
rels = [relevant(q) for q in qs]
F = [features(speller.correct(q["q"]))[0] for q in qs]
def rank_of(s, rel):
    order = np.argsort(-s); ranks = [i for i, j in enumerate(order, 1) if rel[j]]; return ranks[0] if ranks else 99
def metrics(scores, idx):
    rs = [rank_of(scores[i], rels[i]) for i in idx]
    return round(np.mean([r==1 for r in rs]),3), round(np.mean([r<=5 for r in rs]),3), round(np.mean([1/r for r in rs]),3)
def norm(f, names):
    cols = []
    for n in names:
        a = f[n].astype(float)
        if n.startswith("bm25"):
            a = a / (a.max() + 1e-9)
        cols.append(a)
    # rank features
    return np.stack(cols, 1)
def cv(names, C=1.0, seeds=(0,1,2)):
    res = []
    for seed in seeds:
        scores = [None]*len(qs)
        for tr, te in KFold(5, shuffle=True, random_state=seed).split(qs):
            X = np.concatenate([norm(F[i], names) for i in tr]); y = np.concatenate([rels[i] for i in tr])
            m = LogisticRegression(C=C, max_iter=1000).fit(X, y)
            for i in te: scores[i] = m.decision_function(norm(F[i], names))
        res.append(metrics(scores, range(len(qs))))
    return tuple(np.round(np.mean(res, 0), 3))
for names in [["ctx","bm25"],["wmax","bm25"],["ctx","smax","bm25"],["ctx","wmax","bm25"],["ctx","smax","wmax","stop2","bm25"],["ctx","plain","smax","wmax","stop2","bm25","centered"]]:
    print(names, cv(names))

names = ["ctx","smax","wmax","stop2","bm25"]
scores = [None]*len(qs)
for tr, te in KFold(5, shuffle=True, random_state=0).split(qs):
    X = np.concatenate([norm(F[i], names) for i in tr]); y = np.concatenate([rels[i] for i in tr])
    m = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    for i in te: scores[i] = m.decision_function(norm(F[i], names))
print(m.coef_)
for i, q in enumerate(qs):
    r = rank_of(scores[i], rels[i])
    if r > 1:
        top = np.argmax(scores[i]); good = [j for j in range(len(P)) if rels[i][j]]
        print(f"\n[{q['id']}] rank {r}: {q['q']}\n   corrected: {speller.correct(q['q'])}\n   TOP  {P[top].id}: {P[top].text[:110]!r}")
        for j in good[:2]:
            print(f"   GOOD {P[j].id}: {P[j].text[:110]!r}  bm25={F[i]['bm25'][j]:.2f}/{F[i]['bm25'].max():.2f} ctx={F[i]['ctx'][j]:.2f}/{F[i]['ctx'].max():.2f} smax={F[i]['smax'][j]:.2f}/{F[i]['smax'].max():.2f}")
