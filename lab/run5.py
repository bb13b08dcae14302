import sys; sys.path.insert(0, "lab")
exec(open("lab/run3.py").read().split("print(\"fts5 bm25\"")[0])
from index.taxonomy import load_enablers
enablers = {e.id: e for e in load_enablers(Path("knowledge"))}
links = snap.passage_enablers
prof_ids = list(enablers)
EP = embed([enablers[e].profile for e in prof_ids])
V_sec = embed([p.section or snap.documents[p.document_id].title for p in P])
V_title = embed([snap.documents[p.document_id].title for p in P])
doc_of = np.array([list(snap.documents).index(p.document_id) for p in P])
def feats(c):
    f, qv = features(c)
    f["bm25b"] = bm25(expand(c, 1.0), 1.2, 0.4)
    f["sec"] = V_sec @ qv
    f["title"] = V_title @ qv
    es = EP @ qv
    f["enab"] = np.array([max([es[prof_ids.index(l.enabler_id)] for l in links.get(p.id, []) if l.enabler_id in enablers] or [0]) for p in P])
    # doc prior: best ctx within doc
    f["docmax"] = np.array([f["ctx"][doc_of == doc_of[i]].max() for i in range(N)])
    # PRF: top3 by ctx+smax
    base = f["ctx"] + f["smax"]
    top = np.argsort(-base)[:3]
    q2 = qv + 0.5 * V_ctx[top].mean(0); q2 /= np.linalg.norm(q2)
    f["prf"] = V_ctx @ q2
    f["prfs"] = np.array([(vs @ q2).max() for vs in V_sent])
    return f
FF = [feats(c) for c in cq]
def normf(f, names):
    cols=[]
    for n in names:
        a=f[n].astype(float)
        if n.startswith("bm25"): a = a/(a.max()+1e-9)
        cols.append(a)
    return np.stack(cols,1)
def cv(names, C=1.0, seeds=(0,1,2,3,4)):
    res=[]
    for seed in seeds:
        scores=[None]*len(qs)
        for tr,te in KFold(5,shuffle=True,random_state=seed).split(qs):
            X=np.concatenate([normf(FF[i],names) for i in tr]); y=np.concatenate([rels[i] for i in tr])
            mdl=LogisticRegression(C=C,max_iter=2000).fit(X,y)
            for i in te: scores[i]=mdl.decision_function(normf(FF[i],names))
        res.append(m(scores))
    return tuple(np.round(np.mean(res,0),3))
for n in ["bm25","bm25b","ctx","smax","wmax","sec","title","enab","docmax","prf","prfs"]:
    print(f"single {n:8}", m([f[n] for f in FF]))
base = ["ctx","smax","wmax","stop2"]
for extra in [["bm25"],["bm25b"],["bm25b","sec"],["bm25b","title"],["bm25b","enab"],["bm25b","docmax"],["bm25b","prf","prfs"],["bm25b","sec","enab","docmax","prf","prfs"],["bm25","bm25b","sec","enab","docmax","prf","prfs","plain","centered"]]:
    print(extra, cv(base+extra))
