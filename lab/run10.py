import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
FRAMES = re.compile(r"^(?:(?:can|could|would) you (?:please )?(?:tell me|explain|give me|share)(?: about)?|is it true that|any (?:good )?examples? of|are there (?:any )?examples? of|has anyone|did anyone|have any trusts|i'?m (?:wondering|curious)(?: about| whether| if| how)?|please|hi|hello)\b[\s,:]*", re.I)
def clean(q):
    prev = None
    while prev != q:
        prev = q; q = FRAMES.sub("", q.strip())
    return q
def kw(q): return " ".join(content_terms(q))
for label, fn in [("clean", clean), ("kw", kw)]:
    G = []
    for c in cq:
        f, qv = features(fn(c)); G.append(f)
    for name in ("ctx","smax","wmax"):
        print(label, name, m([g[name] for g in G]))
    for f, g in zip(FF, G):
        for name in ("ctx","smax","wmax","stop2"): f[label+name] = g[name]
base = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
print(cv(base)); print(cv(["cleanctx","cleansmax","cleanwmax","cleanstop2","bm25b","prf","prfs"])); print(cv(base+["kwctx","kwsmax","kwwmax"]))
