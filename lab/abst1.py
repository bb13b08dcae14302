import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
from bot.scope import load_out_of_scope
import yaml
allq = load("tests/data/questions_tune.jsonl")
oos = yaml.safe_load(open("knowledge/out_of_scope.yaml"))["out_of_scope"]
groups = list(oos); gex = [(g, x) for g in groups for x in oos[g]]
OV = embed([x for _, x in gex])
names = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
X = np.concatenate([normf(f, names) for f in FF]); y = np.concatenate(rels)
mdl = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
# question-level
def qsig(c):
    f = feats(c); _, qv = features(c)
    s = mdl.decision_function(normf(f, names))
    top = int(np.argmax(s))
    o = OV @ qv
    terms = content_terms(c)
    idfsum = sum(math.log(1+(N-df[stem(t)]+0.5)/(df[stem(t)]+0.5)) for t in terms if stem(t) in df)
    known = sum(1 for t in terms if stem(t) in df) / max(1, len(terms))
    return dict(fused=s[top], dense=max(f["ctx"].max(), f["smax"].max()), wmax=f["wmax"].max(), bm25raw=bm25(expand(c,1.0),1.2,0.4).max(), oos=o.max(), oosg=gex[int(np.argmax(o))][0], known=known, nterms=len(terms))
rows = []
for q in allq:
    c = speller.correct(q["q"]); s = qsig(c); s["cat"] = q["category"]; s["q"] = q["q"]; rows.append(s)
import collections
for cat in ("in_domain","misspelt","not_covered","off_topic"):
    R = [r for r in rows if r["cat"]==cat]
    for k in ("fused","dense","wmax","bm25raw","oos","known"):
        v = np.array([r[k] for r in R]); print(f"{cat:12} {k:8} min {v.min():6.2f} p10 {np.percentile(v,10):6.2f} med {np.median(v):6.2f} p90 {np.percentile(v,90):6.2f} max {v.max():6.2f}")
json.dump(rows, open("/tmp/abst_rows.json","w"), default=float)
