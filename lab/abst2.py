import sys; sys.path.insert(0, "lab")
exec(open("lab/abst1.py").read().split("rows = []")[0])
import symspellpy, os
freq = {}
for line in open(os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")):
    w, c = line.split(); freq[w] = int(c)
total = sum(freq.values())
vocab_surface = set(w for p in P for w in tok(p.context+" "+p.text))
def unknown_specificity(c):
    terms = content_terms(c)
    vals = []
    for t in terms:
        if stem(t) in df or t in vocab_surface: continue
        p = freq.get(t, 1) / total
        vals.append(-math.log10(p))
    return max(vals) if vals else 0.0, sum(vals)
rows=[]
for q in allq:
    c = speller.correct(q["q"]); s = qsig(c); s["cat"]=q["category"]; s["q"]=q["q"]
    s["unk_max"], s["unk_sum"] = unknown_specificity(c); rows.append(s)
for cat in ("in_domain","misspelt","not_covered","off_topic"):
    R=[r for r in rows if r["cat"]==cat]
    for k in ("unk_max","unk_sum"):
        v=np.array([r[k] for r in R]); print(f"{cat:12} {k:8} min {v.min():6.2f} p10 {np.percentile(v,10):6.2f} med {np.median(v):6.2f} p90 {np.percentile(v,90):6.2f} max {v.max():6.2f}")
for r in rows:
    if r["cat"] in ("not_covered",) or (r["cat"]=="in_domain" and r["unk_max"]>6): print(r["cat"], round(r["unk_max"],1), round(r["fused"],2), r["q"][:90])
json.dump(rows, open("/tmp/abst_rows.json","w"), default=float)
