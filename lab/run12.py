import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
def stems(t): return [stem(w) for w in tok(t)]
syn = {}
for e in enablers.values():
    for s in (e.name, *e.synonyms):
        syn.setdefault(tuple(stems(s)), set()).add(e.id)
def matched(c):
    st = stems(c); found = set()
    for key, ids in syn.items():
        n = len(key)
        if n and any(tuple(st[i:i+n]) == key for i in range(len(st)-n+1)):
            found |= ids
    return found
def expq(c, w):
    base = expand(c, 1.0)
    for eid in matched(c):
        e = enablers[eid]
        for t in set(stems(e.name + " " + " ".join(e.synonyms))) - set(_STOP):
            base[t] = max(base.get(t, 0), w)
    return base
from index.lexical import STOPWORDS as _STOP
hits = sum(bool(matched(c)) for c in cq); print("questions matching a synonym", hits, "/", len(cq))
for w in (0.2, 0.35, 0.5):
    for f, c in zip(FF, cq): f["bm25e"] = bm25(expq(c, w), 1.2, 0.4)
    print(w, "single", m([f["bm25e"] for f in FF]), cv(["ctx","smax","wmax","stop2","bm25e","prf","prfs"]))
