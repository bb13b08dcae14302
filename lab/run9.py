import sys; sys.path.insert(0, "lab")
exec(open("lab/run5.py").read().split("for n in [\"bm25\"")[0])
from index.mentions import name_forms
docs_info = snap.documents
def entity_forms(doc):
    forms = set()
    for a in doc.aliases + doc.organisations: forms.add(a)
    for r in re.split(r";", doc.region or ""): 
        if r.strip(): forms.add(r.strip())
    for p in snap.people.values():
        if p.document_id == doc.id:
            forms.update(f for f in name_forms(p.name) if len(f) > 3)
    return forms
EF = {d: entity_forms(doc) for d, doc in docs_info.items()}
def has(q, form):
    flags = 0 if form.isupper() else re.I
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", q, flags) is not None
NUM = re.compile(r"\d")
for f, c in zip(FF, cq):
    named = {d for d, forms in EF.items() if any(has(c, x) for x in forms)}
    f["docent"] = np.array([1.0 if P[i].document_id in named else 0.0 for i in range(N)])
    qterms = set(stem(t) for t in content_terms(c))
    f["cover"] = np.array([len(qterms & set(docs[i]))/max(1,len(qterms)) for i in range(N)])
    wantnum = bool(re.search(r"\b(how (many|much|long|often)|by how much|what (percentage|proportion|number)|when)\b", c, re.I))
    f["num"] = np.array([1.0 if wantnum and NUM.search(P[i].text) else 0.0 for i in range(N)])
base = ["ctx","smax","wmax","stop2","bm25b","prf","prfs"]
for extra in [[],["docent"],["cover"],["num"],["docent","cover","num"]]:
    print(extra, cv(base+extra))
