"""Research harness: per (question, passage) features for ranking experiments."""
import json, re, sys, os
os.environ.setdefault("OMP_NUM_THREADS", "1")
from pathlib import Path
import numpy as np
import torch
torch.set_num_threads(1)
from bot.settings import Settings
from bot.runtime import open_answerer
from bot.evaluation import normalise
from index.chunking import split_sentences, count_words

settings = Settings.from_env()
answerer, _ = open_answerer(settings)
S = answerer.searcher
E = S.embedder
snap = S.snapshot
P = sorted(snap.passages.values(), key=lambda p: p.id)
pid_index = {p.id: i for i, p in enumerate(P)}

def load(path):
    out = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            out.append(json.loads(line))
    return out

def relevant(q):
    ev = [normalise(e) for e in q.get("evidence", [])]
    return np.array([any(e in normalise(p.text) for e in ev) for p in P]) if ev else None

_cache = {}
def embed(texts):
    missing = [t for t in texts if t not in _cache]
    if missing:
        for t, v in zip(missing, E.embed(missing)):
            _cache[t] = v
    return np.stack([_cache[t] for t in texts])

# passage-level representations
ctx_texts = [f"{p.context}\n{p.text}" for p in P]
V_ctx = embed(ctx_texts)
V_plain = embed([p.text for p in P])
sents = [[s for s in split_sentences(p.text) if count_words(s) >= 4] or [p.text] for p in P]
V_sent = [embed(s) for s in sents]
wins = []
for s in sents:
    w = [" ".join(s[i:i+2]) for i in range(max(1, len(s)-1))]
    wins.append(w)
V_win = [embed(w) for w in wins]
mu = V_ctx.mean(0)

def lexical(q):
    scores = np.zeros(len(P))
    for pid, s in S._store.lexical_search(q, 200):
        scores[pid_index[pid]] = s
    return scores

def features(qtext):
    qv = embed([qtext])[0]
    f = {}
    f["ctx"] = V_ctx @ qv
    f["plain"] = V_plain @ qv
    f["smax"] = np.array([ (vs @ qv).max() for vs in V_sent])
    f["stop2"] = np.array([ np.sort(vs @ qv)[-2:].mean() for vs in V_sent])
    f["wmax"] = np.array([ (vw @ qv).max() for vw in V_win])
    c = (V_ctx - mu); c /= np.linalg.norm(c, axis=1, keepdims=True)
    qc = qv - mu; qc /= np.linalg.norm(qc)
    f["centered"] = c @ qc
    f["bm25"] = lexical(qtext)
    return f, qv
