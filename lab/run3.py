import sys; sys.path.insert(0, "lab")
from features import *
from index.spelling import Speller, corpus_words
from index.lexical import content_terms, STOPWORDS as _STOPWORDS
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
import re, math
from collections import Counter
speller = Speller(corpus_words([p.text for p in P] + [p.context for p in P]))
qs = [q for q in load("tests/data/questions_tune.jsonl") if q["category"] in ("in_domain","misspelt")]
rels = [relevant(q) for q in qs]
# porter-ish stemming via snowball? use nltk-free simple stem
def stem(w):
    for suf in ("ations","ation","ings","ing","ness","ments","ment","ies","ied","es","ed","ly","s"):
        if w.endswith(suf) and len(w)-len(suf) >= 4: return w[:-len(suf)]
    return w
tok = lambda t: [w for w in re.findall(r"[a-z0-9]+", t.lower())]
docs = [[stem(w) for w in tok(p.context + " " + p.text)] for p in P]
N=len(docs); avgdl=np.mean([len(d) for d in docs]); df=Counter(w for d in docs for w in set(d))
tfs=[Counter(d) for d in docs]
def bm25(terms_w, k1=1.2, b=0.75):
    s=np.zeros(N)
    for t,wt in terms_w.items():
        if t not in df: continue
        idf=math.log(1+(N-df[t]+0.5)/(df[t]+0.5))
        for i,tf in enumerate(tfs):
            f=tf.get(t,0)
            if f: s[i]+=wt*idf*f*(k1+1)/(f+k1*(1-b+b*len(docs[i])/avgdl))
    return s
vocab = sorted(df)  # stems... use surface words for embedding
surface = sorted({w for p in P for w in tok(p.context+" "+p.text) if len(w)>=3 and not w.isdigit()})
WV = embed(surface)
def expand(q, tau):
    terms = content_terms(q)
    out = Counter()
    for t in terms: out[stem(t)] += 1.0
    if tau < 1:
        qv = embed(terms) if terms else np.zeros((0,384))
        for t, v in zip(terms, qv):
            sims = WV @ v
            for j in np.argsort(-sims)[:5]:
                if sims[j] >= tau and stem(surface[j]) != stem(t):
                    out[stem(surface[j])] = max(out[stem(surface[j])], 0.5*sims[j])
    return out
def rank_of(s, rel):
    order = np.argsort(-s); ranks = [i for i, j in enumerate(order, 1) if rel[j]]; return ranks[0] if ranks else 99
def m(scores):
    rs=[rank_of(s,r) for s,r in zip(scores,rels)]
    return round(np.mean([r==1 for r in rs]),3), round(np.mean([r<=5 for r in rs]),3), round(np.mean([1/r for r in rs]),3)
cq = [speller.correct(q["q"]) for q in qs]
print("fts5 bm25", m([lexical(c) for c in cq]))
for tau in (1.0, 0.8, 0.7, 0.6, 0.5):
    print("mybm25 tau", tau, m([bm25(expand(c, tau)) for c in cq]))
