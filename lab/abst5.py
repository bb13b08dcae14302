import sys; sys.path.insert(0, "lab")
exec(open("lab/abst3.py").read().split("answerable = [q for q")[0])
model = E._model; tokz = model.tokenizer
def tok_embs(texts):
    out = model.encode(texts, output_value="token_embeddings", batch_size=16, convert_to_numpy=False)
    return [ (t.numpy()/np.linalg.norm(t.numpy(),axis=1,keepdims=True))[1:-1] for t in out]
PT = tok_embs([p.text for p in P]); ALL = np.concatenate(PT)
P_ids = [tokz(p.text, add_special_tokens=False)["input_ids"] for p in P]
from collections import Counter
dfc = Counter(t for ids in P_ids for t in set(ids))
from index.lexical import STOPWORDS as _STOPWORDS
rows = json.load(open("/tmp/abst_rows2.json"))
byid = {q["id"]: q for q in allq}
def wordspec(w):
    return -math.log10(freq.get(w, 1)/total)
for r in rows:
    c = speller.correct(byid[r["id"]]["q"])
    ids = tokz(c, add_special_tokens=False)["input_ids"]; toks = tokz.convert_ids_to_tokens(ids)
    qt = tok_embs([c])[0]
    best = (qt @ ALL.T).max(1)
    # group wordpieces into words
    words = []; cur = []
    for t, b in zip(toks, best):
        if t.startswith("##") and cur: cur.append((t, b))
        else:
            if cur: words.append(cur)
            cur = [(t, b)]
    if cur: words.append(cur)
    vals = []
    for wd in words:
        w = "".join(t.replace("##","") for t,_ in wd)
        if not w.isalpha() or w in _STOPWORDS or len(w) < 3: continue
        vals.append((min(b for _,b in wd), wordspec(w), w))
    spec = [v for v in vals if v[1] >= 4.0]
    r["tokmin"] = float(min([v[0] for v in vals], default=1.0))
    r["tokmin_spec"] = float(min([v[0] for v in spec], default=1.0))
    r["worst"] = min(vals, default=(1,0,""))[2]
json.dump(rows, open("/tmp/abst_rows3.json","w"))
for cat in ("in_domain","misspelt","not_covered","off_topic"):
    R=[r for r in rows if r["cat"]==cat]
    for k in ("tokmin","tokmin_spec"):
        v=np.array([r[k] for r in R]); print(f"{cat:12} {k:12} min {v.min():6.2f} p10 {np.percentile(v,10):6.2f} med {np.median(v):6.2f} p90 {np.percentile(v,90):6.2f} max {v.max():6.2f}")
for r in rows:
    if r["cat"]=="not_covered": print(round(r["tokmin"],2), r["worst"], r["q"][:70])
