import sys; sys.path.insert(0, "lab")
exec(open("lab/abst2.py").read().split("rows=[]")[0])
oos_new = yaml.safe_load(open("knowledge/out_of_scope.yaml"))["out_of_scope"]
gex = [(g, x) for g in oos_new for x in oos_new[g]["examples"]]
OV = embed([x for _, x in gex])
answerable = [q for q in allq if q["category"] in ("in_domain","misspelt")]
# out-of-fold fused for answerable
oof = {}
for tr, te in KFold(5, shuffle=True, random_state=0).split(answerable):
    X = np.concatenate([normf(FF[i], names) for i in tr]); y = np.concatenate([rels[i] for i in tr])
    mm = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    for i in te: oof[answerable[i]["id"]] = mm
rows = []
for q in allq:
    c = speller.correct(q["q"]); f = feats(c); _, qv = features(c)
    model_ = oof.get(q["id"], mdl)
    s = model_.decision_function(normf(f, names)); top = int(np.argmax(s))
    terms = content_terms(c)
    idfs = [math.log(1+(N-df[stem(t)]+0.5)/(df[stem(t)]+0.5)) if stem(t) in df else math.log(1+(N+0.5)/0.5) for t in terms]
    o = OV @ qv
    um, us = unknown_specificity(c)
    rows.append(dict(id=q["id"], cat=q["category"], q=q["q"], fused=float(s[top]), dense=float(max(f["ctx"].max(), f["smax"].max())),
        oos=float(o.max()), oosg=gex[int(np.argmax(o))][0], known=sum(1 for t in terms if stem(t) in df)/max(1,len(terms)),
        unk=um, bm25n=float(f["bm25b"].max()/ (sum(idfs)+1e-9)), nterms=len(terms)))
json.dump(rows, open("/tmp/abst_rows2.json","w"))
for cat in ("in_domain","misspelt","not_covered","off_topic"):
    R=[r for r in rows if r["cat"]==cat]
    for k in ("fused","dense","oos","bm25n"):
        v=np.array([r[k] for r in R]); print(f"{cat:12} {k:8} min {v.min():6.2f} p10 {np.percentile(v,10):6.2f} med {np.median(v):6.2f} p90 {np.percentile(v,90):6.2f} max {v.max():6.2f}")
