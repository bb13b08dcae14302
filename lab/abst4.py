import json, numpy as np, itertools
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
rows = json.load(open("/tmp/abst_rows4.json"))
lab = {"in_domain":0,"misspelt":0,"not_covered":1,"off_topic":2}
y = np.array([lab[r["cat"]] for r in rows]); cats = [r["cat"] for r in rows]
def run(feats, C=1.0, weights=None, seeds=range(10)):
    X = np.array([[r[f] for f in feats] for r in rows])
    agg = []
    for seed in seeds:
        pred = np.zeros(len(rows), int)
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y):
            mdl = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000, class_weight=weights)).fit(X[tr], y[tr])
            pred[te] = mdl.predict(X[te])
        ans = np.mean([pred[i]==0 for i in range(len(rows)) if y[i]==0])
        off_decl = np.mean([pred[i]!=0 for i in range(len(rows)) if y[i]==2]); off_right = np.mean([pred[i]==2 for i in range(len(rows)) if y[i]==2])
        nc_right = np.mean([pred[i]==1 for i in range(len(rows)) if y[i]==1]); nc_decl = np.mean([pred[i]!=0 for i in range(len(rows)) if y[i]==1])
        agg.append((ans, off_decl, off_right, nc_right, nc_decl))
    return np.round(np.mean(agg,0),3)
print("answered | off declined | off as oos | nc as nc | nc declined")
for feats in [["fused","dense","oos"],["fused","dense","oos","bm25n"],["fused","dense","oos","bm25n","unk"],["fused","dense","oos","bm25n","unk","known"],["fused","oos","unk"],["fused","oos","unk","known"]]:
    for w in (None, {0:3,1:1,2:1}):
        print(feats, w, run(feats, weights=w))
print("with token coverage")
for feats in [["fused","dense","oos","bm25n","tokmin"],["fused","dense","oos","bm25n","unk","known","tokmin"],["fused","dense","oos","bm25n","unk","known","tokmin","tokmin_spec"],["fused","oos","tokmin","known"]]:
    for w in (None, {0:2,1:1,2:1}):
        print(feats, w, run(feats, weights=w))
print("with enablers/topmin")
for feats in [["fused","dense","oos","bm25n","tokmin","enab"],["fused","dense","oos","bm25n","tokmin","topmin"],["fused","dense","oos","bm25n","tokmin","enab","enabd","topmin","known","unk"]]:
    for w in (None,):
        print(feats, w, run(feats, weights=w))
