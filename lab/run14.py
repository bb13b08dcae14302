import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
names = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
STOP_STEMS = {stem(w) for w in __import__("index.lexical", fromlist=["STOPWORDS"]).STOPWORDS}
X = np.concatenate([normf(f, names) for f in FF]); y = np.concatenate(rels)
mdl = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
for K, T, w in [(3,10,0.3),(3,20,0.3),(2,10,0.5),(5,10,0.3)]:
    for f, c in zip(FF, cq):
        s = mdl.decision_function(normf(f, names)); top = np.argsort(-s)[:K]
        q0 = expand(c, 1.0)
        tf = Counter()
        for j in top:
            for t_ in docs[j]:
                if t_ in STOP_STEMS: continue
                tf[t_] += 1/len(docs[j])
        # weight by idf
        sc = {t_: v*math.log(1+(N-df[t_]+0.5)/(df[t_]+0.5)) for t_, v in tf.items()}
        exp = dict(q0)
        for t_, v in sorted(sc.items(), key=lambda kv: -kv[1])[:T]:
            if t_ not in exp: exp[t_] = w
        f["bm25rm3"] = bm25(exp, 1.2, 0.4)
    print(K,T,w, cv(names+["bm25rm3"]))
