"""A vocabulary bridge on the document side, a contextual one on the question side, and the typed
words kept beside their corrections: cross-validated on the tuning files only, against the shipped
order in the same run.

    PEERBOT_DATA_DIR=/tmp/s28-recall-data OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_bridge.py

The harness is `tune_recall.py`'s (itself `tune_late_interaction.py`'s and `tune_ranking_views.py`'s):
221 tuning questions (questions_tune.jsonl, questions_tune_typos.jsonl, the two scope files) and 20
dev questions, the candidates and features of `Searcher.candidates`, 5 folds x 5 seeds by question
(a variant in its source's fold), the ranking model refitted per fold, and leave one document out.
"shipped" is the product's order (the model, the two retrievers, MaxSim at `rrf.LATE_WEIGHT`).

- *document-side bridge* (no query-path cost: it would be a further FTS field written by the build).
  The `EVERYDAY` commonest English words of the speller's dictionary (`index.english`) and every
  corpus word are each embedded alone, once. Each corpus word's `top` nearest English words at or above
  a cosine, not of its own stem, are its everyday words; a passage's bridge field is its words'
  everyday words (one per occurrence), and BM25 of the question's stems over that field is added to the
  lexical score at a weight (and so to the lexical feature). "mutual": the corpus word must also be
  among the English word's `top` nearest corpus words. "new words only": only English words the corpus
  never uses (a question's word that would otherwise match nothing).
- *question-side bridge in context against static words*: the question's words as its one run gives
  them (the mean of their tokens' vectors, no second encode) against each corpus word embedded alone
  (s27 measured context against context and static against static).
- *typed words kept*: the question's words as typed that the speller changed, searched beside the
  corrected question at a weight (lexical), for misspelt questions.

`--nested WORDS` chooses among the shipped order and the matching systems inside each fold (best MRR
on its training questions) and scores the choice on its test questions; `--changes WORDS` lists the
first places won and lost in sample and the bridge's words for the dev questions. The held-out half,
the check sets and typos_holdout.jsonl are never read.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import tune_late_interaction as li  # noqa: E402
import tune_ranking_views as views  # noqa: E402
import tune_recall as recall  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import ranking  # noqa: E402
from index.english import english_words  # noqa: E402
from index.lexical import STOPWORDS, content_terms, query_stems, stem, words  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

EVERYDAY = 20000
WORDNET = "/usr/share/wordnet"
K1, B = recall.K1, recall.B


class Bridge:
    """Each corpus word's everyday English words, and each passage's bridge field."""

    def __init__(self, corpus: recall.Corpus):
        started = time.process_time()
        english = sorted((w for w, n in english_words().items() if w.isalpha() and len(w) > 2 and w not in STOPWORDS),
                         key=lambda w: -english_words()[w])[:EVERYDAY]
        self.english = english
        self.english_vectors = corpus.late.model.encode(english, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
        self.english_stems = [stem(w) for w in english]
        self.similarity = corpus.word_vectors @ self.english_vectors.T  # corpus words x English words
        print(f"{len(english)} English words embedded alone in {time.process_time() - started:.1f} CPU s", flush=True)
        self.corpus = corpus
        self.corpus_stems = set(corpus.df)
        self.passage_words = {pid: [w for w in words(f"{m[3]}\n{m[4]}") if len(w) > 1 and w not in STOPWORDS]
                              for pid, m in corpus.meta.items()}
        self.fields: dict[tuple, tuple] = {}

    def table(self, top: int, floor: float, mutual: bool, new_only: bool) -> dict[str, list[str]]:
        """corpus word -> the stems of its everyday words."""
        if floor < 0:  # WordNet: `top` senses a part of speech, `mutual` for the related synsets too
            return self.wordnet_table(top, mutual, new_only)
        sims = self.similarity
        reverse = np.argsort(-sims, axis=0)[:top] if mutual else None  # each English word's nearest corpus words
        out: dict[str, list[str]] = {}
        for i, word in enumerate(self.corpus.vocabulary):
            own = stem(word)
            found: list[str] = []
            for j in np.argsort(-sims[i])[: top * 4]:
                if sims[i, j] < floor or len(found) == top:
                    break
                s = self.english_stems[j]
                if s == own or s in found or (new_only and s in self.corpus_stems):
                    continue
                if mutual and i not in reverse[:, j]:
                    continue
                found.append(s)
            if found:
                out[word] = found
        return out

    def wordnet_table(self, senses: int, related: bool, new_only: bool) -> dict[str, list[str]]:
        """corpus word -> the stems of the single words sharing one of its first `senses` WordNet synsets
        (a part of speech), and with `related` those of the synsets they point to as hypernyms, similar or
        derived (a benchmark only: Debian's wordnet-base must be installed)."""
        synsets: dict[tuple[str, str], tuple[list[str], list[tuple[str, str]]]] = {}
        first: dict[str, list[tuple[str, str]]] = {}
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
            for line in open(f"{WORDNET}/data.{name}", encoding="latin-1"):
                if line.startswith(" "):
                    continue
                head = line.split(" | ")[0].split()
                count = int(head[3], 16)
                lemmas = [w.lower() for w in head[4:4 + 2 * count:2]]
                rest = head[4 + 2 * count:]
                pointers = [(rest[1 + 4 * k + 1], rest[1 + 4 * k + 2][0].replace("s", "a")) for k in range(int(rest[0]))
                            if rest[1 + 4 * k] in ("@", "&", "+", "\\", "^", "$")]
                synsets[(head[0], pos)] = (lemmas, pointers)
            for line in open(f"{WORDNET}/index.{name}", encoding="latin-1"):
                if line.startswith(" "):
                    continue
                head = line.split()
                offsets = head[-int(head[2]):]
                first.setdefault(head[0].lower(), []).extend((o, pos) for o in offsets[:senses])
        by_stem: dict[str, list[tuple[str, str]]] = {}
        for lemma, keys in first.items():
            if "_" not in lemma:
                by_stem.setdefault(stem(lemma), []).extend(keys)
        out: dict[str, list[str]] = {}
        for word in self.corpus.vocabulary:
            own = stem(word)
            keys = list(by_stem.get(own, ()))
            if related:
                keys += [p for k in list(keys) for p in synsets[k][1] if p in synsets]
            found: list[str] = []
            for k in keys:
                for lemma in synsets[k][0]:
                    if "_" in lemma or "-" in lemma or not lemma.isalpha():
                        continue
                    s = stem(lemma)
                    if s == own or s in found or s in STOPWORDS or (new_only and s in self.corpus_stems):
                        continue
                    found.append(s)
            if found:
                out[word] = found
        return out

    def field(self, top: int, floor: float, mutual: bool, new_only: bool) -> tuple:
        key = (top, floor, mutual, new_only)
        if key not in self.fields:
            table = self.table(*key)
            counts = {pid: Counter(s for w in ws for s in table.get(w, ())) for pid, ws in self.passage_words.items()}
            length = {pid: sum(c.values()) for pid, c in counts.items()}
            avg = max(float(np.mean(list(length.values()))), 1.0)
            df = Counter(s for c in counts.values() for s in c)
            self.fields[key] = (table, counts, length, avg, df)
        return self.fields[key]

    def bm25(self, it: dict, top: int, floor: float, mutual: bool, new_only: bool) -> np.ndarray:
        key = f"docbridge:{top}:{floor}:{mutual}:{new_only}"
        if key in it:
            return it[key]
        _, counts, length, avg, df = self.field(top, floor, mutual, new_only)
        n = len(counts)
        stems = query_stems(it["searched"])
        out = []
        for pid in it["candidates"]:
            c, score = counts[pid], 0.0
            for s in stems:
                f = c.get(s, 0)
                if f:
                    idf = math.log(1 + (n - df[s] + 0.5) / (df[s] + 0.5))
                    score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length[pid] / avg))
            out.append(score)
        it[key] = np.array(out)
        it[key + ":words"] = sorted({s for s in stems if any(s in counts[pid] for pid in it["candidates"])})
        return it[key]


def context_static(corpus: recall.Corpus, it: dict, searcher, top: int, floor: float) -> np.ndarray:
    """BM25 of the corpus words (each embedded alone) nearest the question's words as its one run gives them."""
    key = f"ctxstatic:{top}:{floor}"
    if key in it:
        return it[key]
    terms = content_terms(it["searched"])
    own = {stem(t) for t in terms}
    found_words = [(w, v) for w, v in recall.word_vectors(corpus.late.encoder._tokenizer, it["searched"], it["tokens"]) if w in set(terms)]
    vectors = recall._unit(np.array([v for _, v in found_words])) if found_words else np.zeros((0, 384))
    found: list[str] = []
    for v in vectors:
        sims = corpus.word_vectors @ v
        for j in np.argsort(-sims)[:top]:
            if sims[j] >= floor and corpus.word_stems[j] not in own and corpus.vocabulary[j] not in found:
                found.append(corpus.vocabulary[j])
    scores = dict(searcher._store.lexical_search(" ".join(found), 50, passages=searcher._passages)) if found else {}
    it[key] = np.array([scores.get(c, 0.0) for c in it["candidates"]])
    it[key + ":words"] = found
    return it[key]


def typed(it: dict, searcher) -> np.ndarray:
    """BM25 of the question's words as typed that its correction does not keep (0 for a spelled question)."""
    if "typed" in it:
        return it["typed"]
    kept = set(query_stems(it["searched"]))
    extra = [t for t in content_terms(it["question"]) if stem(t) not in kept]
    scores = dict(searcher._store.lexical_search(" ".join(extra), 50, passages=searcher._passages)) if extra else {}
    it["typed"] = np.array([scores.get(c, 0.0) for c in it["candidates"]])
    it["typed:words"] = extra
    return it["typed"]


def typos(items: list[dict], dev: list[dict], shipped: tuple) -> None:
    """Each typo variant beside its source question: restored exactly or not, and both evidence ranks in
    the shipped order (the model fitted on every tuning question: in sample, for reading only)."""
    featurise, ordering = shipped
    model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([featurise(it) for it in items]),
                                                               np.concatenate([it["labels"] for it in items]))
    rank = {(it["set"], it["id"]): views.ranks(it, ordering(it, model.decision_function(featurise(it))))[0] for it in (*items, *dev)}
    source = {it["id"]: it for it in (*items, *dev) if it["set"] in ("questions_tune.jsonl", "dev_questions.jsonl")}
    plain = lambda text: " ".join(words(text))  # noqa: E731
    counts: Counter = Counter()
    for it in items:
        if it["set"] != "questions_tune_typos.jsonl" or it["group"] not in source:
            continue
        src = source[it["group"]]
        restored = plain(it["searched"]) == plain(src["searched"])
        a, b = rank[(it["set"], it["id"])], rank[(src["set"], src["id"])]
        counts["restored" if restored else "not restored"] += 1
        counts[f"{'restored' if restored else 'not restored'}: {'same rank' if a == b else 'variant worse' if (a or 99) > (b or 99) else 'variant better'}"] += 1
        if not restored and a != b:
            print(f"  {it['id']} rank {a} (source {b}): {it['question']!r} -> {it['searched']!r} | source {src['searched']!r}")
    print(dict(counts))


def systems(corpus: recall.Corpus, bridge: Bridge, searcher) -> dict[str, tuple]:
    late_w = rrf.LATE_WEIGHT
    base = recall.systems(corpus, searcher)
    table = {n: base[n] for n in ("shipped (late interaction, weight 3)",
                                  "vocabulary bridge: 3 words a term, cosine >= 0.5, weight 0.3")}

    def added(signal, beta: float):
        def lexical(it: dict) -> np.ndarray:
            return it["lexical"] + beta * signal(it)

        def featurise(it: dict) -> np.ndarray:
            f = it["features"].copy()
            lx = lexical(it)
            f[:, ranking.FEATURES.index("lexical")] = lx / lx.max() if lx.max() > 0 else 0.0
            return f

        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            score = recall.base_score(it, learned, lexical(it)) + late_w * recall._rr(corpus.maxsim(it, "global"))
            return np.lexsort((-learned, -score))
        return featurise, order

    for top, floor in ((3, 0.5), (5, 0.5), (5, 0.6), (10, 0.5)):
        for mutual in (False, True):
            for new_only in (False, True):
                for beta in (0.3, 1.0):
                    name = (f"document-side bridge{' (mutual)' if mutual else ''}{', new words only' if new_only else ''}: "
                            f"{top} words a term, cosine >= {floor:g}, weight {beta:g}")
                    table[name] = added(lambda it, a=(top, floor, mutual, new_only): bridge.bm25(it, *a), beta)
    if os.path.isdir(WORDNET):
        for senses in (1, 2, 99):
            for related in (False, True):
                for new_only in (False, True):
                    for beta in (0.3, 1.0):
                        name = (f"document-side bridge from WordNet: {'every sense' if senses == 99 else f'{senses} sense' + 's' * (senses > 1)} a part of speech"
                                f"{', and related synsets' if related else ''}{', new words only' if new_only else ''}, weight {beta:g}")
                        table[name] = added(lambda it, a=(senses, -1.0, related, new_only): bridge.bm25(it, *a), beta)
    for top, floor, beta in ((3, 0.5, 0.3), (3, 0.6, 0.3), (5, 0.6, 0.3), (3, 0.6, 1.0)):
        table[f"question-side bridge, in context against static words: {top} words, cosine >= {floor:g}, weight {beta:g}"] = added(
            lambda it, a=(top, floor): context_static(corpus, it, searcher, *a), beta)
    for beta in (0.3, 0.5, 1.0):
        table[f"typed words kept beside their corrections, weight {beta:g}"] = added(lambda it: typed(it, searcher), beta)
    return table


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(os.environ.get("PEERBOT_DATA_DIR", data))))[0])
        items, dev, meta = views.collect(answerer)
        raw = {(name, q.id): q.q for name in (*views.TUNING, "dev_questions.jsonl") for q in load_questions(views.DATA / name)}
        late = li.LateInteraction(answerer, meta["meta"], "int8")
        for it in (*items, *dev):
            it["documents"] = [meta["meta"][c][0] for c in it["candidates"]]
            it["question"] = raw[(it["set"], it["id"])]
            late.attach(it)
        corpus = recall.Corpus(answerer, meta["meta"], late)
        bridge = Bridge(corpus)
        searcher = answerer.index.searcher
        table = systems(corpus, bridge, searcher)
        changed = sum(bool(content_terms(it["question"])) and set(query_stems(it["question"])) != set(query_stems(it["searched"]))
                      for it in items)
        print(f"{len(items)} tuning questions ({changed} changed by the speller), {len(dev)} dev; "
              f"{len(corpus.vocabulary)} corpus words, {len(bridge.english)} English words", flush=True)
        wanted = [a for a in argv if not a.startswith("--")]
        if "--nested" in argv:
            choices = [n for n in table if n.startswith("shipped") or any(w in n for w in wanted)]
            print(f"nested choice among {len(choices)} systems: {recall.nested(items, table, choices)}", flush=True)
            return
        if "--changes" in argv:
            for name in (n for n in table if any(w in n for w in wanted)):
                print(f"{name}: {recall.changes(items, dev, table, name)}", flush=True)
                for it in (*items, *dev):
                    for key in [k for k in it if k.endswith(":words") and it[k]]:
                        if it["set"].startswith("dev") or "typed" in key:
                            print(f"  {it['set']}:{it['id']} {key}: {it[key]}")
            return
        if "--typos" in argv:
            typos(items, dev, table["shipped (late interaction, weight 3)"])
            return
        if "--table" in argv:  # a sample of the document side's everyday words
            t = bridge.table(*((2, -1.0, False, False) if "wordnet" in argv else (5, 0.5, False, False)))
            for word in sorted(t)[:: max(1, len(t) // 60)]:
                print(f"  {word}: {t[word]}")
            return
        print("system | passages recall@1 recall@5 MRR: all | tune | typos | scope | snippets: all | dev passages | dev snippets"
              " | by document (leave one out)")
        for name, (featurise, ordering) in table.items():
            if wanted and not name.startswith("shipped") and not any(w in name for w in wanted):
                continue
            print(f"{name} | {views.score(items, dev, featurise, ordering)} | {li.by_document(items, featurise, ordering)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
