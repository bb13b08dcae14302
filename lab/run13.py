import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
for f, c in zip(FF, cq): f["bm25c"] = bm25(expand(c, 1.0), 1.2, 0.75)
print(cv(["ctx","smax","wmax","stop2","bm25c","prf","prfs"]))
print(cv(["ctx","smax","wmax","stop2","bm25b","prf","prfs"]))
# also separate fields: text-only bm25 + context-only
