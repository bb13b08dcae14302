import os, sys
os.environ["OMP_NUM_THREADS"]="1"
sys.argv = ["x"]
exec(open("benchmarks/tune_retrieval.py").read().split("def main(path: Path)")[0])
exec("def _main_items(path):\n" + "\n".join("    "+l for l in '''
questions = load_questions(path)
import tempfile
data = tempfile.mkdtemp()
answerer, _ = open_answerer(Settings(data_dir=Path(data)))
searcher, guard = answerer.searcher, answerer.scope
passages = searcher.snapshot.passages
items = []
for q in questions:
    query = searcher.prepare(q.q)
    candidates, F, lexical = searcher.candidates(query)
    wanted = [normalise(e) for e in q.evidence]
    labels = np.array([any(w in normalise(passages[c].text) for w in wanted) for c in candidates])
    items.append((q, candidates, F, lexical, labels))
return items'''.split("\n")))
items = _main_items(ROOT / "tests/data/questions_tune.jsonl")
def rrf(F, cands, lex, k=20):
    dense = 0.5*F[:,0] + 0.5*np.maximum(F[:,0], F[:,1])
    dr = np.empty(len(cands)); dr[np.argsort(-dense)] = np.arange(1, len(cands)+1)
    lx = np.array([lex.get(c, 0) for c in cands]); lr = np.empty(len(cands)); lr[np.argsort(-lx)] = np.arange(1, len(cands)+1)
    return 1/(k+dr) + np.where(lx > 0, 1/(k+lr), 0)
from sklearn.model_selection import KFold
ans = [i for i, it in enumerate(items) if it[0].category in ANSWERABLE and it[4].any()]
res = {"new": {}, "rrf": {}}
for seed in range(5):
    for tr, te in KFold(5, shuffle=True, random_state=seed).split(ans):
        tr = [ans[i] for i in tr]; te = [ans[i] for i in te]
        X = np.concatenate([items[i][2] for i in tr]); y = np.concatenate([items[i][4] for i in tr])
        m = LogisticRegression(C=1.0, max_iter=5000).fit(X, y)
        for i in te:
            q, c, F, lex, lab = items[i]
            for name, s in (("new", m.decision_function(F)), ("rrf", rrf(F, c, lex))):
                order = np.argsort(-s, kind="stable"); r = next(r for r, k in enumerate(order, 1) if lab[k])
                res[name].setdefault(q.category, []).append(r)
for name in res:
    for cat, rs in res[name].items():
        rs = np.array(rs); print(name, cat, "R@1 %.3f R@5 %.3f MRR %.3f" % (np.mean(rs==1), np.mean(rs<=5), np.mean(1/rs)))
print("---- rrf variants (no training; whole tune answerable)")
def ev(fn):
    out = {}
    for i in ans:
        q, c, F, lex, lab = items[i]
        s = fn(F, c, lex); order = np.argsort(-s, kind="stable"); r = next(r for r, k in enumerate(order, 1) if lab[k])
        out.setdefault(q.category, []).append(r)
    return " | ".join(f"{cat} R@1 {np.mean(np.array(rs)==1):.3f} R@5 {np.mean(np.array(rs)<=5):.3f} MRR {np.mean(1/np.array(rs)):.3f}" for cat, rs in out.items())
def rrf2(dense_fn, k=20, wl=1.0):
    def f(F, cands, lex):
        dense = dense_fn(F)
        dr = np.empty(len(cands)); dr[np.argsort(-dense, kind="stable")] = np.arange(1, len(cands)+1)
        lx = np.array([lex.get(c, 0) for c in cands]); lr = np.empty(len(cands)); lr[np.argsort(-lx, kind="stable")] = np.arange(1, len(cands)+1)
        return 1/(k+dr) + wl*np.where(lx > 0, 1/(k+lr), 0) + 1e-6*dense
    return f
mix = lambda F: 0.5*F[:,0] + 0.5*np.maximum(F[:,0], F[:,1])
for k in (5, 10, 20, 40):
    print("mix k", k, ev(rrf2(mix, k)))
print("window k20", ev(rrf2(lambda F: F[:,2], 20)))
print("sent+win k20", ev(rrf2(lambda F: F[:,1]+F[:,2], 20)))
print("all dense k20", ev(rrf2(lambda F: F[:,0]+F[:,1]+F[:,2]+F[:,3], 20)))
print("prf dense k20", ev(rrf2(lambda F: F[:,5]+F[:,6], 20)))
print("mix+prf k20", ev(rrf2(lambda F: mix(F)+0.5*(F[:,5]+F[:,6]), 20)))
