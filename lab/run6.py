import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
model = E._model
def tok_embs(texts):
    out = model.encode(texts, output_value="token_embeddings", batch_size=16, convert_to_numpy=False)
    res = []
    for t in out:
        a = t.numpy(); a = a / np.linalg.norm(a, axis=1, keepdims=True); res.append(a)
    return res
PT = tok_embs([p.text for p in P])
# drop CLS/SEP? keep all but first/last
PT = [a[1:-1] for a in PT]
def maxsim(c):
    qt = tok_embs([c])[0][1:-1]
    return np.array([ (qt @ pt.T).max(1).mean() for pt in PT])
for f, c in zip(FF, cq):
    f["maxsim"] = maxsim(c)
print("single maxsim", m([f["maxsim"] for f in FF]))
base = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
print(cv(base)); print(cv(base+["maxsim"]))
