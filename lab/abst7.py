import json, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import StratifiedKFold
rows = [r for r in json.load(open("/tmp/abst_rows4.json")) if r["cat"] != "off_topic"]
feats = ["fused","dense","bm25n","tokmin","topmin","known","unk"]
X = np.array([[r[f] for f in feats] for r in rows]); y = np.array([r["cat"]=="not_covered" for r in rows])
p = np.zeros(len(rows))
for seed in range(5):
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y):
        sc = StandardScaler().fit(X[tr]); m = LogisticRegression(C=0.5, max_iter=3000).fit(sc.transform(X[tr]), y[tr])
        p[te] += m.predict_proba(sc.transform(X[te]))[:,1] / 5
order = np.argsort(-p)
for k, i in enumerate(order[:40]):
    r = rows[i]; print(f"{k:2} {p[i]:.2f} {r['cat'][:3]} fused={r['fused']:.2f} tok={r['tokmin']:.2f} {r['q'][:80]}")
from sklearn.metrics import roc_auc_score; print("AUC", roc_auc_score(y, p))
m = LogisticRegression(C=0.5, max_iter=3000).fit(StandardScaler().fit_transform(X), y); print(dict(zip(feats, np.round(m.coef_[0],2))))
