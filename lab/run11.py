import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
W3 = [[" ".join(s[i:i+3]) for i in range(max(1,len(s)-2))] for s in sents]
V_w3 = [embed(w) for w in W3]
V_w2c = [embed([f"{P[k].section}: {x}" for x in wins[k]]) for k in range(N)]
V_sc = [embed([f"{P[k].section}: {x}" for x in sents[k]]) for k in range(N)]
for f, c in zip(FF, cq):
    qv = embed([c])[0]
    f["w3"] = np.array([(v @ qv).max() for v in V_w3])
    f["w2c"] = np.array([(v @ qv).max() for v in V_w2c])
    f["sc"] = np.array([(v @ qv).max() for v in V_sc])
for n in ("w3","w2c","sc"): print(n, m([f[n] for f in FF]))
base = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
for extra in [["w3"],["w2c"],["sc"],["w3","w2c","sc"]]:
    print(extra, cv(base+extra))
print(cv(["ctx","w2c","sc","bm25b","prf","prfs"]))
