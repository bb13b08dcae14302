import sys; sys.path.insert(0, "lab")
exec(open("lab/run3.py").read().split("print(\"fts5 bm25\"")[0])
db = S._store.db
def fts(q, wc, wt):
    terms = content_terms(q)
    s = np.zeros(N)
    if not terms: return s
    match = " OR ".join(f'"{t}"' for t in terms)
    for pid, sc in db.execute(f"SELECT rowid, -bm25(chunks_fts, {wc}, {wt}) FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT 200", [match]).fetchall():
        s[pid_index[pid]] = sc
    return s
for wc, wt in [(0.5,1.0),(1.0,1.0),(0.0,1.0),(0.25,1.0),(2.0,1.0)]:
    print(wc, wt, m([fts(c, wc, wt) for c in cq]))
# my bm25 variants: text only, context only
docs_t = [[stem(w) for w in tok(p.text)] for p in P]
print("mine text-only k1 b variants")
for k1 in (0.9,1.2,1.5):
  for b in (0.4,0.75,0.9):
    print(k1,b, m([bm25(expand(c,1.0),k1,b) for c in cq]))
