import sys; sys.path.insert(0, "lab")
exec(open("lab/run6.py").read().split("for f, c in zip(FF, cq):")[0])
tokz = model.tokenizer
P_ids = [tokz(p.text, add_special_tokens=False)["input_ids"] for p in P]
dfc = Counter(t for ids in P_ids for t in set(ids))
from index.lexical import STOPWORDS as _STOPWORDS
def idf(t): return math.log(1 + (N - dfc.get(t,0) + 0.5)/(dfc.get(t,0)+0.5))
def maxsim_w(c, mode):
    ids = tokz(c, add_special_tokens=False)["input_ids"]
    qt = tok_embs([c])[0][1:-1]
    toks = tokz.convert_ids_to_tokens(ids)
    w = np.array([0.0 if (t.lower() in _STOPWORDS or not any(ch.isalnum() for ch in t)) else (idf(i) if mode=="idf" else 1.0) for t, i in zip(toks, ids)])
    if w.sum() == 0: w = np.ones(len(ids))
    return np.array([ ((qt @ pt.T).max(1) * w).sum()/w.sum() for pt in PT])
for mode in ("stop","idf"):
    for f, c in zip(FF, cq): f["ms_"+mode] = maxsim_w(c, mode)
    print(mode, "single", m([f["ms_"+mode] for f in FF]))
base = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
print(cv(base+["ms_stop"])); print(cv(base+["ms_idf"]))
print(cv(["ms_idf","bm25b"])); print(cv(["ms_idf","bm25b","wmax"]))
