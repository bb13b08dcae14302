import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
names = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
scores=[None]*len(qs)
for tr,te in KFold(5,shuffle=True,random_state=0).split(qs):
    X=np.concatenate([normf(FF[i],names) for i in tr]); y=np.concatenate([rels[i] for i in tr])
    mdl=LogisticRegression(C=1.0,max_iter=2000).fit(X,y)
    for i in te: scores[i]=mdl.decision_function(normf(FF[i],names))
print(dict(zip(names, np.round(mdl.coef_[0],2))))
print(m(scores))
for i,q in enumerate(qs):
    r=rank_of(scores[i],rels[i])
    if r>1:
        top=np.argmax(scores[i]); good=[j for j in range(N) if rels[i][j]]
        print(f"[{q['id']}] r{r} {q['q'][:100]}\n    TOP {P[top].section[:25]!r} {P[top].text[:80]!r}\n    GOOD {[ (P[j].section[:20], P[j].text[:50]) for j in good][:2]}")
