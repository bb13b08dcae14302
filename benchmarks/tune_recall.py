"""Within-document discrimination, a vocabulary bridge and late-interaction variants, cross-validated
on the tuning files only, against the shipped order (late interaction included) in the same run.

    PEERBOT_DATA_DIR=/tmp/s27-recall-data OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_recall.py

The harness is `tune_late_interaction.py`'s (itself `tune_ranking_views.py`'s): the same 221 tuning
questions (questions_tune.jsonl, questions_tune_typos.jsonl, the two scope files) and 20 dev
questions, the candidates and features of `Searcher.candidates`, 5 folds x 5 seeds by question (a
variant in its source's fold), the ranking model refitted per fold, leave one document out. The
passages' tokens are kept as int8, as the product stores them. "shipped" is the product's order:
the model, the two retrievers and MaxSim over content words at `rrf.LATE_WEIGHT`.

The two classes of miss (BENCHMARKS.md, "Eighteen more ranking variants"): (a) the right document,
the wrong passage; (b) another document, for questions in everyday words. Systems:

- *document-local IDF*: a question token (or stem) that is in most passages of the candidate's own
  document says little about which of them answers. MaxSim whose question-token weights are the
  global IDF times the document-local IDF of the candidate's document ("local MaxSim"); BM25 with
  the same product of IDFs over the candidate's document ("local BM25"). Each used in place of the
  signal it refines, as a further fused rank, or to re-order only the candidates of one document among
  the places that document already holds in the shipped order ("within document": the documents'
  places, so every choice between documents, are left exactly as they were).
- *names discounted*: the question's tokens that spell the candidate document's organisations,
  aliases or title weigh 0 in its MaxSim.
- *vocabulary bridge*: each content word of the question, embedded alone, matched with its nearest
  corpus words (each corpus word embedded alone, at index time); those not in the question, above a
  cosine, searched with BM25 and added to the lexical score at a weight (and to the lexical
  feature). "in context": the question's words as its one run gives them (the mean of their tokens'
  vectors, no second encode) against each corpus word's mean token vector over its occurrences;
  "from new words only": only the question's words the corpus never uses are bridged.
- *query-adaptive MaxSim*: each question token's weight times how much its best match varies over
  the candidates, or over the candidate document's candidates ("contrastive": a token every
  candidate matches equally well tells them apart no better than a stopword); or only the part of
  each best match above a floor counting ("above a floor").
- *fusion*: the fusion's k, and MaxSim over the best window fused beside MaxSim.

`--misses` prints the shipped order's misses (the model fitted on every tuning question: in sample);
`--changes WORDS` the first places the matching systems win and lose, and the bridge's words for the
dev questions; `--nested WORDS` chooses among the shipped order and the matching systems inside each
fold (the best MRR on its training questions) and scores the choice on its test questions (`""`:
every system). The held-out half, the check sets and typos_holdout.jsonl are never read.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import tune_late_interaction as li  # noqa: E402
import tune_ranking_views as views  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import late_interaction, ranking  # noqa: E402
from index.lexical import content_terms, query_stems, stem, words  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

K1, B = 1.2, 0.75  # BM25's


def _rr(x: np.ndarray, k: float = rrf.FUSION_K) -> np.ndarray:
    return ranking.reciprocal_ranks(x, k)


class Corpus:
    """What the systems need beyond the harness: each document's passages, their pieces and stems,
    the documents' names as pieces, and the corpus words' vectors."""

    def __init__(self, answerer: Answerer, meta: dict, late: li.LateInteraction):
        self.meta, self.late = meta, late
        self.document = {pid: m[0] for pid, m in meta.items()}
        by_doc: dict[str, list[int]] = {}
        for pid, d in self.document.items():
            by_doc.setdefault(d, []).append(pid)
        self.by_doc = by_doc
        # word pieces: document-local passage counts
        self.piece_df: dict[str, Counter] = {d: Counter() for d in by_doc}
        for pid in meta:
            p = late.units[pid]["passage"][0]
            self.piece_df[self.document[pid]].update(set(p.ids.tolist()))
        # stems of each passage as FTS5 indexes it (context line and text)
        self.stems = {pid: Counter(stem(w) for w in words(f"{m[3]}\n{m[4]}")) for pid, m in meta.items()}
        self.length = {pid: sum(c.values()) for pid, c in self.stems.items()}
        self.avg = float(np.mean(list(self.length.values())))
        self.df = Counter(s for c in self.stems.values() for s in c)
        self.stem_df = {d: Counter(s for pid in pids for s in self.stems[pid]) for d, pids in by_doc.items()}
        self.n = len(meta)
        tokenizer = late.model.tokenizer
        docs = answerer.index.documents
        self.name_pieces = {}
        for d in by_doc:
            info = docs[d]
            names = " ".join([info.title, *info.organisations, *info.aliases])
            self.name_pieces[d] = set(tokenizer(names, add_special_tokens=False)["input_ids"]) - set(
                tokenizer(" ".join(late_interaction.STOPWORDS), add_special_tokens=False)["input_ids"])
        # the corpus's words, each embedded alone
        vocabulary = sorted({w for m in meta.values() for w in content_terms(f"{m[3]}\n{m[4]}") if not w.isdigit()})
        self.vocabulary = vocabulary
        self.word_vectors = late.model.encode(vocabulary, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        self.word_stems = np.array([stem(w) for w in vocabulary])
        # the same words as the passages use them: the mean of their tokens' vectors over their occurrences
        sums: dict[str, np.ndarray] = {}
        counts: Counter = Counter()
        for pid, m in meta.items():
            for word, vector in word_vectors(tokenizer, f"{m[3]}\n{m[4]}", late.units[pid]["passage"][0]):
                if word in sums:
                    sums[word] = sums[word] + vector
                else:
                    sums[word] = vector.copy()
                counts[word] += 1
        self.context_vocabulary = sorted(w for w in sums if w in set(vocabulary))
        self.context_vectors = _unit(np.array([sums[w] / counts[w] for w in self.context_vocabulary]))
        self.context_stems = np.array([stem(w) for w in self.context_vocabulary])

    @staticmethod
    def local_idf(df: float, n: int) -> float:
        """A term's IDF among `n` passages of one document, 1 when none holds it (so scaled to [0, 1])."""
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) / math.log(1 + (n + 0.5) / 0.5)

    def maxsim(self, it: dict, mode: str) -> np.ndarray:
        """Content-word MaxSim with the question tokens' weights: global IDF ("global"), times the
        candidate document's local IDF ("local"), or with its names' tokens at 0 ("names")."""
        key = f"ms:{mode}"
        if key in it:
            return it[key]
        q = it["tokens"]
        out = []
        for pid in it["candidates"]:
            p = self.late.units[pid]["passage"][0]
            pv = p.vectors[p.content] if p.content.any() else p.vectors
            best = (q.vectors @ pv.T).max(axis=1)
            w = q.weights.copy()
            d = self.document[pid]
            if mode.startswith("local"):
                n = len(self.by_doc[d])
                power = float(mode.split(":")[1]) if ":" in mode else 1.0
                w = w * np.array([self.local_idf(self.piece_df[d].get(i, 0), n) ** power for i in q.ids.tolist()])
            elif mode == "names":
                w = w * np.array([i not in self.name_pieces[d] for i in q.ids.tolist()])
            elif mode.startswith("hinge"):  # only the part of each best match above a floor counts
                floor = float(mode.split(":")[1])
                best = np.maximum(best - floor, 0) / (1 - floor)
            out.append(float((w * best).sum() / w.sum()) if w.sum() > 0 else float((q.weights * best).sum() / q.weights.sum()))
        it[key] = np.array(out)
        return it[key]

    def contrastive(self, it: dict, spread: str, scope: str) -> np.ndarray:
        """Content-word MaxSim whose question-token weights are the global IDF times how much that
        token's best match varies over the candidates ("all") or over the candidate's own document's
        candidates ("document"): a token every candidate matches equally well tells them nothing apart.
        `spread`: "std", or "range" (best less median)."""
        key = f"contrastive:{spread}:{scope}"
        if key in it:
            return it[key]
        q = it["tokens"]
        best = np.array([(q.vectors @ (self.late.units[pid]["passage"][0].vectors[self.late.units[pid]["passage"][0].content]
                                       if self.late.units[pid]["passage"][0].content.any()
                                       else self.late.units[pid]["passage"][0].vectors).T).max(axis=1)
                         for pid in it["candidates"]])  # (candidates, question tokens)

        def weights(rows: np.ndarray) -> np.ndarray:
            part = best[rows]
            if len(rows) < 2:
                return q.weights
            s = part.std(axis=0) if spread == "std" else part.max(axis=0) - np.median(part, axis=0)
            return q.weights * s

        out = np.zeros(len(it["candidates"]))
        groups = [np.arange(len(it["candidates"]))] if scope == "all" else [
            np.where(np.array(it["documents"]) == d)[0] for d in set(it["documents"])]
        for rows in groups:
            w = weights(rows)
            if w.sum() <= 0:
                w = q.weights
            out[rows] = best[rows] @ w / w.sum()
        it[key] = out
        return out

    def bm25(self, pid: int, stems: list[str], idf) -> float:
        c, length = self.stems[pid], self.length[pid]
        score = 0.0
        for s in stems:
            f = c.get(s, 0)
            if f:
                score += idf(s) * f * (K1 + 1) / (f + K1 * (1 - B + B * length / self.avg))
        return score

    def global_idf(self, s: str) -> float:
        df = self.df.get(s, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def local_bm25(self, it: dict) -> np.ndarray:
        """BM25 of the question's stems, each IDF the global one times the candidate document's local one."""
        if "lbm25" in it:
            return it["lbm25"]
        stems = query_stems(it["searched"])
        out = []
        for pid in it["candidates"]:
            d = self.document[pid]
            n = len(self.by_doc[d])
            out.append(self.bm25(pid, stems, lambda s: self.global_idf(s) * self.local_idf(self.stem_df[d].get(s, 0), n)))
        it["lbm25"] = np.array(out)
        return it["lbm25"]

    def bridge(self, it: dict, searcher, top: int, floor: float, kind: str = "static", new_only: bool = False) -> np.ndarray:
        """BM25 (the product's) of the corpus words nearest the question's content words, those not
        already among its stems. "static": every word embedded alone (a second encode of the question's
        words); "context": the question's words as its one run gives them (the mean of their tokens)
        against the corpus's words as its passages use them. `new_only`: only the question's words the
        corpus never uses are bridged."""
        key = f"bridge:{top}:{floor}:{kind}:{new_only}"
        if key in it:
            return it[key]
        terms = content_terms(it["searched"])
        own = {stem(t) for t in terms}
        if kind == "static":
            if "term_vectors" not in it:
                it["term_vectors"] = self.late.model.encode(terms, normalize_embeddings=True, convert_to_numpy=True) if terms else np.zeros((0, 384))
            vectors, table, names, stems = it["term_vectors"], self.word_vectors, self.vocabulary, self.word_stems
        else:
            if "context_terms" not in it:
                found_words = [(w, v) for w, v in word_vectors(self.late.encoder._tokenizer, it["searched"], it["tokens"])
                               if w in set(terms)]
                it["context_terms"] = _unit(np.array([v for _, v in found_words])) if found_words else np.zeros((0, 384))
            vectors, table, names, stems = it["context_terms"], self.context_vectors, self.context_vocabulary, self.context_stems
        if new_only and kind == "static":
            vectors = vectors[[stem(t) not in self.df for t in terms]] if terms else vectors
        found: list[str] = []
        for v in vectors:
            sims = table @ v
            for j in np.argsort(-sims)[:top]:
                if sims[j] >= floor and stems[j] not in own and names[j] not in found:
                    found.append(names[j])
        scores = dict(searcher._store.lexical_search(" ".join(found), 50, passages=searcher._passages)) if found else {}
        it[key] = np.array([scores.get(c, 0.0) for c in it["candidates"]])
        it[key + ":words"] = found
        return it[key]


def word_vectors(tokenizer, text: str, tokens) -> list[tuple[str, np.ndarray]]:
    """Each word of `text` (lower case) with the mean of its tokens' unit vectors (`tokens`: the text's
    tokens without [CLS] and [SEP], as `li.Tokens` holds them)."""
    encoding = tokenizer(text, truncation=True, max_length=len(tokens.ids) + 2, return_offsets_mapping=True)
    ids = encoding.word_ids()[1:-1]
    offsets = encoding["offset_mapping"][1:-1]
    assert len(ids) == len(tokens.ids), (len(ids), len(tokens.ids))
    spans: dict[int, list[int]] = {}
    for position, word in enumerate(ids):
        if word is not None:
            spans.setdefault(word, []).append(position)
    out = []
    for positions in spans.values():
        word = text[offsets[positions[0]][0]:offsets[positions[-1]][1]].lower()
        out.append((word, tokens.vectors[positions].mean(axis=0)))
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def base_score(it: dict, learned: np.ndarray, lexical: np.ndarray | None = None, k: float = rrf.FUSION_K) -> np.ndarray:
    f = it["features"]
    lexical = it["lexical"] if lexical is None else lexical
    return _rr(learned, k) + rrf.RETRIEVER_WEIGHT * (_rr(ranking.dense_similarity(f), k) + np.where(lexical > 0, _rr(lexical, k), 0.0))


def within_document(it: dict, order: np.ndarray, signal: np.ndarray, weight: float) -> np.ndarray:
    """Re-orders each document's candidates among the places that document holds in `order`: by their
    position there (reciprocal rank among the document's) fused with `signal`'s rank among them at `weight`."""
    documents = np.array(it["documents"])[order]
    out = order.copy()
    for d in set(documents.tolist()):
        places = np.where(documents == d)[0]
        members = order[places]
        own = 1 / (rrf.FUSION_K + np.arange(1, len(members) + 1))
        score = own + weight * _rr(signal[members])
        out[places] = members[np.lexsort((np.arange(len(members)), -score))]
    return out


def systems(corpus: Corpus, searcher) -> dict[str, tuple]:
    """name -> (features of an item, order of an item given the model's scores)."""
    late_w = rrf.LATE_WEIGHT
    shipped_feats = lambda it: it["features"]  # noqa: E731

    def fused(late_modes: tuple[tuple[str, float], ...], k: float = rrf.FUSION_K, extra=None):
        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            score = base_score(it, learned, k=k)
            for mode, w in late_modes:
                if mode == "windows":
                    sig = corpus.late.signal(it, "windows")
                elif mode.startswith("contrastive"):
                    sig = corpus.contrastive(it, *mode.split(":")[1:])
                else:
                    sig = corpus.maxsim(it, mode)
                score = score + w * _rr(sig, k)
            if extra is not None:
                score = score + extra[1] * _rr(extra[0](it), k)
            return np.lexsort((-learned, -score))
        return order

    shipped = fused((("global", late_w),))

    def within(signal, weight: float):
        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            return within_document(it, shipped(it, learned), signal(it), weight)
        return order

    def bridged(top: int, floor: float, beta: float, kind: str = "static", new_only: bool = False):
        def lexical(it: dict) -> np.ndarray:
            return it["lexical"] + beta * corpus.bridge(it, searcher, top, floor, kind, new_only)

        def featurise(it: dict) -> np.ndarray:
            f = it["features"].copy()
            lx = lexical(it)
            f[:, ranking.FEATURES.index("lexical")] = lx / lx.max() if lx.max() > 0 else 0.0
            return f

        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            score = base_score(it, learned, lexical(it)) + late_w * _rr(corpus.maxsim(it, "global"))
            return np.lexsort((-learned, -score))
        return featurise, order

    table: dict[str, tuple] = {
        "shipped (late interaction, weight 3)": (shipped_feats, shipped),
        "without late interaction (the order before)": (shipped_feats, fused(())),
    }
    for power in (1.0, 0.5):
        m = f"local:{power:g}"
        table[f"local MaxSim (power {power:g}) in place of MaxSim"] = (shipped_feats, fused(((m, late_w),)))
        for w in (1.0, 2.0):
            table[f"local MaxSim (power {power:g}), a further fused rank at {w:g}"] = (shipped_feats, fused((("global", late_w), (m, w))))
        for w in (0.5, 1.0, 2.0):
            table[f"local MaxSim (power {power:g}), within document at {w:g}"] = (shipped_feats, within(lambda it, m=m: corpus.maxsim(it, m), w))
    table["names discounted MaxSim in place of MaxSim"] = (shipped_feats, fused((("names", late_w),)))
    for w in (0.5, 1.0, 2.0):
        table[f"names discounted MaxSim, within document at {w:g}"] = (shipped_feats, within(lambda it: corpus.maxsim(it, "names"), w))
    for w in (1.0, 2.0):
        table[f"local BM25, a further fused rank at {w:g}"] = (shipped_feats, fused((("global", late_w),), extra=(corpus.local_bm25, w)))
    for w in (0.5, 1.0, 2.0):
        table[f"local BM25, within document at {w:g}"] = (shipped_feats, within(corpus.local_bm25, w))
    table["local BM25 and local MaxSim, within document at 1 each"] = (shipped_feats, within(
        lambda it: _rr(corpus.local_bm25(it)) + _rr(corpus.maxsim(it, "local:1")), 1.0))
    for top, floor, beta in ((3, 0.6, 0.5), (3, 0.5, 0.3), (5, 0.5, 0.3), (3, 0.7, 1.0)):
        table[f"vocabulary bridge: {top} words a term, cosine >= {floor:g}, weight {beta:g}"] = bridged(top, floor, beta)
    for top, floor, beta in ((3, 0.5, 0.3), (3, 0.5, 0.5), (3, 0.5, 1.0)):
        table[f"vocabulary bridge from new words only: {top} words a term, cosine >= {floor:g}, weight {beta:g}"] = bridged(
            top, floor, beta, "static", True)
    for top, floor, beta in ((3, 0.5, 0.3), (3, 0.6, 0.3), (5, 0.6, 0.3), (3, 0.6, 0.5), (3, 0.7, 0.5)):
        table[f"vocabulary bridge in context: {top} words a term, cosine >= {floor:g}, weight {beta:g}"] = bridged(top, floor, beta, "context")
    for floor in (0.4, 0.6):
        table[f"MaxSim above a floor of {floor:g} in place of MaxSim"] = (shipped_feats, fused(((f"hinge:{floor}", late_w),)))
        table[f"MaxSim above a floor of {floor:g}, a further fused rank at 1"] = (shipped_feats, fused((("global", late_w), (f"hinge:{floor}", 1.0))))
    for spread in ("std", "range"):
        for scope in ("all", "document"):
            m = f"contrastive:{spread}:{scope}"
            table[f"contrastive MaxSim ({spread}, over {scope}) in place of MaxSim"] = (shipped_feats, fused(((m, late_w),)))
            table[f"contrastive MaxSim ({spread}, over {scope}), a further fused rank at 1"] = (shipped_feats, fused((("global", late_w), (m, 1.0))))
            if scope == "document":
                table[f"contrastive MaxSim ({spread}, over document), within document at 1"] = (
                    shipped_feats, within(lambda it, m=m: corpus.contrastive(it, *m.split(":")[1:]), 1.0))
    for k in (5.0, 20.0):
        table[f"fusion k {k:g}"] = (shipped_feats, fused((("global", late_w),), k=k))
    table["MaxSim and best-window MaxSim fused, 3 and 1"] = (shipped_feats, fused((("global", late_w), ("windows", 1.0))))
    return table


def nested(items: list[dict], table: dict[str, tuple], choices: list[str]) -> str:
    """The system chosen inside each fold (the best MRR on its training questions, the shipped order
    among the choices), scored on its test questions: the figure the choice itself earns."""
    groups = sorted({it["group"] for it in items})
    found, chosen = [], []
    for seed in views.SEEDS:
        fold_of = {groups[g]: i % 5 for i, g in enumerate(np.random.RandomState(seed).permutation(len(groups)))}
        for f in range(5):
            train = [it for it in items if fold_of[it["group"]] != f]
            test = [it for it in items if fold_of[it["group"]] == f]
            best, best_mrr, best_model = None, -1.0, None
            for name in choices:
                featurise, ordering = table[name]
                model = views.LogisticRegression(C=1.0, max_iter=5000).fit(
                    np.concatenate([featurise(it) for it in train]), np.concatenate([it["labels"] for it in train]))
                mrr = float(np.mean([1 / views.ranks(it, ordering(it, model.decision_function(featurise(it))))[0] for it in train]))
                if mrr > best_mrr + 1e-12:
                    best, best_mrr, best_model = name, mrr, model
            chosen.append(best)
            featurise, ordering = table[best]
            found += [views.ranks(it, ordering(it, best_model.decision_function(featurise(it))))[0] for it in test]
    counts = Counter(chosen)
    return f"{views.figures(found)}; chosen: " + ", ".join(f"{c} ({n} of {len(chosen)})" for c, n in counts.most_common())


def changes(items: list[dict], dev: list[dict], table: dict[str, tuple], name: str) -> str:
    """Questions whose evidence the system puts first and the shipped order does not, and the other
    way round (the model fitted on every tuning question: in sample, for reading only)."""
    out = []
    for featurise, ordering in (table["shipped (late interaction, weight 3)"], table[name]):
        model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([featurise(it) for it in items]),
                                                                   np.concatenate([it["labels"] for it in items]))
        out.append([views.ranks(it, ordering(it, model.decision_function(featurise(it))))[0] for it in (*items, *dev)])
    won = [f"{it['id']} ({a}->{b})" for it, a, b in zip((*items, *dev), *out) if b == 1 and a != 1]
    lost = [f"{it['id']} ({a}->{b})" for it, a, b in zip((*items, *dev), *out) if a == 1 and b != 1]
    return f"first place won {len(won)}: {' '.join(won)}; lost {len(lost)}: {' '.join(lost)}"


def misses(items: list[dict], dev: list[dict], corpus: Corpus, order) -> None:
    model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([it["features"] for it in items]),
                                                               np.concatenate([it["labels"] for it in items]))
    for it in (*items, *dev):
        o = order(it, model.decision_function(it["features"]))
        rank = views.ranks(it, o)[0]
        if rank != 1:
            first = it["candidates"][o[0]]
            right = [it["candidates"][i] for i in np.where(it["labels"])[0]]
            same = corpus.document[first] in {corpus.document[r] for r in right}
            print(f"{it['set']}:{it['id']} rank {rank} {'same document' if same else 'other document'}: "
                  f"{it['searched']!r} | first {first} ({corpus.meta[first][2][:40]!r}) | evidence in {right}")


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(os.environ.get("PEERBOT_DATA_DIR", data))))[0])
        items, dev, meta = views.collect(answerer)
        late = li.LateInteraction(answerer, meta["meta"], "int8")
        for it in (*items, *dev):
            it["documents"] = [meta["meta"][c][0] for c in it["candidates"]]
            late.attach(it)
        corpus = Corpus(answerer, meta["meta"], late)
        searcher = answerer.index.searcher
        table = systems(corpus, searcher)
        print(f"{len(items)} tuning questions, {len(dev)} dev; {len(corpus.vocabulary)} corpus words")
        wanted = [a for a in argv if not a.startswith("--")]
        if "--nested" in argv:
            choices = [n for n in table if n.startswith("shipped") or any(w in n for w in wanted)]
            print(f"nested choice among {len(choices)} systems: {nested(items, table, choices)}", flush=True)
            return
        if "--changes" in argv:
            for name in (n for n in table if any(w in n for w in wanted)):
                print(f"{name}: {changes(items, dev, table, name)}", flush=True)
                for it in dev:
                    for key in [k for k in it if k.endswith(":words")]:
                        print(f"  {it['id']} {key}: {it[key]}")
            return
        if "--misses" in argv:
            misses(items, dev, corpus, table["shipped (late interaction, weight 3)"][1])
            return
        print("system | passages recall@1 recall@5 MRR: all | tune | typos | scope | snippets: all | dev passages | dev snippets"
              " | by document (leave one out)")
        for name, (featurise, ordering) in table.items():
            if wanted and not name.startswith("shipped") and not any(w in name for w in wanted):
                continue
            print(f"{name} | {views.score(items, dev, featurise, ordering)} | {li.by_document(items, featurise, ordering)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
