import sys; sys.path.insert(0, "lab")
exec(open("lab/abst5.py").read().split("rows = json.load")[0])
rows = json.load(open("/tmp/abst_rows3.json")); byid = {q["id"]: q for q in allq}
EPV = embed([e.profile for e in enablers.values()])
EN = embed([e.name for e in enablers.values()]); ED = embed([e.description for e in enablers.values()])
for r in rows:
    c = speller.correct(byid[r["id"]]["q"]); _, qv = features(c)
    r["enab"] = float((EPV @ qv).max()); r["enabd"] = float((ED @ qv).max())
    # top-passage token coverage
    f = feats(c); s = mdl.decision_function(normf(f, names)); top = np.argsort(-s)[:3]
    ids = tokz(c, add_special_tokens=False)["input_ids"]; toks = tokz.convert_ids_to_tokens(ids)
    qt = tok_embs([c])[0]; TT = np.concatenate([PT[j] for j in top]); best = (qt @ TT.T).max(1)
    vals = [b for t, b in zip(toks, best) if t.isalpha() and t.lower() not in _STOPWORDS and len(t) >= 3]
    r["topmin"] = float(min(vals, default=1.0))
json.dump(rows, open("/tmp/abst_rows4.json","w"))
for cat in ("in_domain","misspelt","not_covered","off_topic"):
    R=[r for r in rows if r["cat"]==cat]
    for k in ("enab","enabd","topmin"):
        v=np.array([r[k] for r in R]); print(f"{cat:12} {k:8} min {v.min():6.2f} p10 {np.percentile(v,10):6.2f} med {np.median(v):6.2f} p90 {np.percentile(v,90):6.2f} max {v.max():6.2f}")
