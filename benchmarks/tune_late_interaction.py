"""Late interaction (ColBERT-style MaxSim) over all-MiniLM-L6-v2's token embeddings, cross-validated
on the tuning files only, against the shipped ranking in the same run.

    PEERBOT_DATA_DIR=/tmp/s26-maxsim-data OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_late_interaction.py

The harness is `tune_ranking_views.py`'s (the same 221 tuning questions and 20 dev questions, the
same candidates and features from `Searcher.candidates`, 5 folds x 5 seeds by question, the ranking
model refitted per fold, leave-one-document-out). No new weights: the token embeddings are the last
hidden states of the model peerbot already uses, before mean pooling.

- The question's token embeddings come from the same forward pass as its vector: the ONNX query
  encoder's graph outputs the hidden states and peerbot pools them itself (`OnnxQueryEncoder.encode`),
  so the script runs that graph once per question and checks that its pooled vector is the vector
  the search used.
- The passages' token embeddings are those of the texts the build embeds (sentence-transformers,
  torch, `output_value="token_embeddings"`): the passage with its context line, each sentence of
  four words or more, each window of two sentences (`unit_texts`).
- Token vectors are L2-normalised; [CLS] and [SEP] are left out. A question token's weight is its
  word piece's IDF over the passages' pieces, 0 for a piece of a stopword or punctuation ("content"
  tokens); "all tokens" weighs every piece 1 (ColBERT's mean). "centred" first subtracts the mean
  token vector of the corpus (token embeddings are anisotropic).

Signals, per candidate passage: q->p MaxSim over the passage's tokens; the best sentence's, the best
window's; the passage's content tokens only; symmetric (BERTScore's F: the harmonic mean of q->p and
p->q, both IDF-weighted). Each one is used as a feature added to the shipped seven (the model
refitted per fold), as a third rank in the fused order (weight 1 or 2, beside the model's 1 and each
retriever's RETRIEVER_WEIGHT), both, and as a second-stage re-ranking of the shipped order's first
ten only (the fused rank of their shipped position and their MaxSim rank among them), which is what
a product computing it "only for the top candidates" would do. "alone" rows rank the candidates by
the signal only. Words given on the command line keep only the systems whose names hold one of them.

- `--grid`: the fused rank at weights 0.5 to 6;
- `--precision=int8` (or `float16`): the passages' token vectors as a store would keep them;
- `--nested`: the signal and weight chosen inside each fold on its training questions and scored on
  its test questions; the first places two systems win and lose; the CPU of MaxSim a question from
  an int8 store in memory, beside one ONNX encode of the question.

The held-out half, the check sets and typos_holdout.jsonl are never read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import tune_ranking_views as views  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import late_interaction, ranking  # noqa: E402
from index.preparing import unit_texts  # noqa: E402

try:
    from benchmarks import rrf
except ImportError:  # run as a script from benchmarks/
    import rrf  # type: ignore[no-redef]

GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)  # `--grid`
WEIGHTS = (1.0, 2.0)  # the fused MaxSim rank's weight beside the model's (1) and each retriever's (RETRIEVER_WEIGHT)
TOP = 10  # candidates of the shipped order a second-stage re-ranking reads


class Tokens:
    """Normalised token vectors of a text, with each token's word piece id and whether its word is a content word."""

    def __init__(self, hidden: np.ndarray, ids: np.ndarray, content: np.ndarray):
        inner = slice(1, len(ids) - 1)  # without [CLS] and [SEP]
        self.raw = hidden[inner].astype(np.float32)
        self.ids, self.content = ids[inner], content[inner]
        self.vectors = _unit(self.raw)
        self.centred = self.vectors  # less the corpus's mean token, once it is known
        self.weights = np.ones(len(self.ids))  # IDF of content tokens, once it is known


def content_mask(tokenizer, text: str, ids: np.ndarray) -> np.ndarray:
    """Per token of `text` (special tokens included): its word is a content word (the product's
    `late_interaction.content_mask`)."""
    encoding = tokenizer(text, truncation=True, max_length=len(ids), return_offsets_mapping=True)
    return late_interaction.content_mask(text, encoding.word_ids(), np.asarray(encoding["offset_mapping"]))


def passage_tokens(model, texts: list[str]) -> list[Tokens]:
    """Token embeddings of texts as the build embeds them (sentence-transformers, torch)."""
    out = model.encode(texts, output_value="token_embeddings", batch_size=16, convert_to_numpy=False)
    found = []
    for text, hidden in zip(texts, out):
        ids = np.array(model.tokenizer(text, truncation=True, max_length=model.max_seq_length)["input_ids"])
        found.append(Tokens(hidden.cpu().numpy(), ids, content_mask(model.tokenizer, text, ids)))
    return found


def question_tokens(encoder, text: str) -> tuple[np.ndarray, Tokens]:
    """One run of the ONNX query encoder's graph: the pooled, normalised vector (as `encode` gives
    it) and the token embeddings, from the same hidden states."""
    batch = encoder._tokenizer([text], padding=True, truncation=True, max_length=encoder._max_tokens, return_tensors="np")
    (hidden,) = encoder._session.run(["hidden"], {name: batch[name].astype(np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")})
    mask = batch["attention_mask"][..., None].astype(np.float32)
    pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
    ids = batch["input_ids"][0]
    return _unit(pooled)[0], Tokens(hidden[0], ids, content_mask(encoder._tokenizer, text, ids))


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def stored(vectors: np.ndarray, kind: str) -> np.ndarray:
    """Normalised token vectors as a store would keep them: float32, float16, or int8 with one scale a token."""
    if kind == "float16":
        return vectors.astype(np.float16).astype(np.float32)
    if kind == "int8":
        codes, scales = late_interaction.quantised(vectors)
        return codes.astype(np.float32) * scales[:, None]
    return vectors


class LateInteraction:
    """MaxSim signals of every candidate, from the corpus's token embeddings (kept at `precision`)."""

    def __init__(self, answerer: Answerer, meta: dict, precision: str = "float32"):
        embedder = answerer.index.searcher.embedder
        self.model, self.encoder = embedder._model, embedder._query_model
        started = time.process_time()
        self.pids = sorted(meta)
        texts = {pid: unit_texts(meta[pid][3], _Passage(meta[pid][4])) for pid in self.pids}
        flat = [(pid, kind, text) for pid in self.pids for kind, text in texts[pid]]
        tokens = passage_tokens(self.model, [t for _, _, t in flat])
        self.units: dict[int, dict[str, list[Tokens]]] = {pid: {"passage": [], "sentence": [], "window": []} for pid in self.pids}
        for (pid, kind, _), t in zip(flat, tokens):
            self.units[pid][kind].append(t)
        print(f"token embeddings of {len(flat)} units ({sum(len(t.ids) for t in tokens)} tokens) in "
              f"{time.process_time() - started:.1f} CPU s", flush=True)
        passages = [self.units[pid]["passage"][0] for pid in self.pids]
        every, content = sum(len(t.ids) for t in passages), sum(int(t.content.sum()) for t in passages)
        print(f"{len(passages)} passages: {every / len(passages):.0f} tokens a passage, {content / len(passages):.0f} of them "
              f"content words; a store of the content tokens, {content * 384 * 2 / 1e6:.2f} MB float16, "
              f"{content * (384 + 4) / 1e6:.2f} MB int8 with a scale a token (at 100,000 passages like these: "
              f"{content / len(passages) * 1e5 * 384 * 2 / 1e9:.1f} GB and {content / len(passages) * 1e5 * 388 / 1e9:.1f} GB)", flush=True)
        df: dict[int, int] = {}
        for t in passages:
            for i in set(t.ids.tolist()):
                df[i] = df.get(i, 0) + 1
        n = len(passages)
        self.idf = lambda ids: np.array([np.log(1 + (n - df.get(i, 0) + 0.5) / (df.get(i, 0) + 0.5)) for i in ids.tolist()])
        self.centre = np.concatenate([t.raw for t in passages]).mean(axis=0)
        for units in self.units.values():
            for t in (t for kind in units.values() for t in kind):
                t.centred = stored(_unit(t.raw - self.centre), precision)
                t.vectors = stored(t.vectors, precision)
                t.weights = self.idf(t.ids) * t.content

    def attach(self, it: dict) -> None:
        """The question's token embeddings, from the one run that also gives its vector."""
        vector, tokens = question_tokens(self.encoder, it["searched"])
        it["same_pass"] = float(np.abs(vector - it["vector"]).max())
        _, (served,) = self.encoder.encode_tokens([it["searched"]])  # the product's front door gives the same tokens
        assert (served.pieces == tokens.ids).all() and (served.content == tokens.content).all()
        assert np.abs(served.vectors - tokens.vectors).max() < 1e-5
        tokens.centred = _unit(tokens.raw - self.centre)
        tokens.weights = self.idf(tokens.ids) * tokens.content
        if not tokens.weights.sum():
            tokens.weights = np.ones(len(tokens.ids))
        it["tokens"] = tokens

    def signal(self, it: dict, kind: str) -> np.ndarray:
        key = f"maxsim:{kind}"
        if key not in it:
            it[key] = np.array([self._score(it["tokens"], self.units[pid], kind) for pid in it["candidates"]], dtype=np.float32)
        return it[key]

    @staticmethod
    def _score(q: Tokens, units: dict[str, list[Tokens]], kind: str) -> float:
        centred = kind.endswith("centred")
        qv = q.centred if centred else q.vectors
        weights = np.ones(len(q.ids)) if kind.startswith("all tokens") else q.weights

        def forward(p: Tokens, content_only: bool = False) -> float:
            pv = p.centred if centred else p.vectors
            if content_only:
                pv = pv[p.content] if p.content.any() else pv
            return float((weights * (qv @ pv.T).max(axis=1)).sum() / weights.sum())

        passage = units["passage"][0]
        if kind.startswith("sentences"):
            return max((forward(s) for s in units["sentence"]), default=forward(passage))
        if kind.startswith("windows"):
            return max((forward(w) for w in units["window"] or units["sentence"]), default=forward(passage))
        if kind.startswith("content words"):
            return forward(passage, content_only=True)
        if kind.startswith("symmetric"):
            pv = passage.vectors
            recall = forward(passage)
            back = passage.weights if passage.weights.sum() else np.ones(len(passage.ids))
            precision = float((back * (pv @ qv[q.weights > 0].T).max(axis=1)).sum() / back.sum()) if (q.weights > 0).any() else recall
            return 2 * recall * precision / (recall + precision) if recall + precision > 0 else 0.0
        return forward(passage)


class _Passage:
    def __init__(self, text: str):
        self.text = text


SIGNALS = ("passage", "all tokens", "content words", "sentences", "windows", "symmetric", "passage centred", "sentences centred")


def _reciprocal(x: np.ndarray) -> np.ndarray:
    return ranking.reciprocal_ranks(x, rrf.FUSION_K)


def shipped_order(it: dict, learned: np.ndarray) -> np.ndarray:
    return rrf.fuse_ranks(learned, ranking.dense_similarity(it["features"]), it["lexical"], rrf.FUSION_K, rrf.RETRIEVER_WEIGHT)


def systems(late: LateInteraction, weights: tuple[float, ...] = WEIGHTS) -> dict[str, tuple]:
    """name -> (features of an item, fused order of an item given the model's scores, or None: shipped)."""
    table: dict[str, tuple] = {"shipped (7 features)": (lambda it: it["features"], None)}

    def fused(kind: str, weight: float):
        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            f = it["features"]
            score = _reciprocal(learned) + rrf.RETRIEVER_WEIGHT * (
                _reciprocal(ranking.dense_similarity(f)) + np.where(it["lexical"] > 0, _reciprocal(it["lexical"]), 0.0))
            return np.lexsort((-learned, -(score + weight * _reciprocal(late.signal(it, kind)))))
        return order

    def second_stage(kind: str):
        def order(it: dict, learned: np.ndarray) -> np.ndarray:
            first = shipped_order(it, learned)
            head, tail = first[:TOP], first[TOP:]
            signal = late.signal(it, kind)[head]
            score = 1 / (rrf.FUSION_K + np.arange(1, len(head) + 1)) + _reciprocal(signal)
            return np.concatenate([head[np.lexsort((np.arange(len(head)), -score))], tail])
        return order

    def alone(kind: str):
        return lambda it, learned: np.lexsort((-learned, -late.signal(it, kind)))

    for kind in SIGNALS:
        table[f"{kind}: feature"] = (lambda it, kind=kind: np.column_stack([it["features"], late.signal(it, kind)]), None)
        for weight in weights:
            table[f"{kind}: fused rank, weight {weight:g}"] = (lambda it: it["features"], fused(kind, weight))
        table[f"{kind}: re-ranks the first {TOP}"] = (lambda it: it["features"], second_stage(kind))
        table[f"{kind}: feature and fused rank, weight 1"] = (
            lambda it, kind=kind: np.column_stack([it["features"], late.signal(it, kind)]), fused(kind, 1.0))
        table[f"{kind}: alone"] = (lambda it: it["features"], alone(kind))
    table["dense retriever alone (for comparison)"] = (
        lambda it: it["features"], lambda it, learned: np.lexsort((-learned, -ranking.dense_similarity(it["features"]))))
    return table


def by_document(items: list[dict], featurise, ordering) -> str:
    """`views.by_document` with the system's own order."""
    x = [featurise(it) for it in items]
    found = []
    for document in sorted({d for it in items for d in it["documents"]}):
        test = [i for i, it in enumerate(items) if any(d == document for d, y in zip(it["documents"], it["labels"]) if y)]
        train = [i for i in range(len(items)) if i not in test]
        model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([x[i] for i in train]),
                                                                   np.concatenate([items[i]["labels"] for i in train]))
        for i in test:
            learned = model.decision_function(x[i])
            order = ordering(items[i], learned) if ordering is not None else shipped_order(items[i], learned)
            found.append(views.ranks(items[i], order)[0])
    return views.figures(found)


NESTED_SIGNALS = ("passage", "all tokens", "content words", "sentences", "windows", "passage centred")


def nested(items: list[dict], late: LateInteraction) -> str:
    """The signal and weight chosen inside each fold (the best MRR on its training questions, the
    shipped order among the choices), scored on the test fold: the figure the choice itself earns."""
    table = systems(late, GRID)
    choices = ["shipped (7 features)"] + [f"{k}: fused rank, weight {w:g}" for k in NESTED_SIGNALS for w in GRID]
    groups = sorted({it["group"] for it in items})
    found, chosen = [], []
    for seed in views.SEEDS:
        fold_of = {groups[g]: i % 5 for i, g in enumerate(np.random.RandomState(seed).permutation(len(groups)))}
        for f in range(5):
            train = [it for it in items if fold_of[it["group"]] != f]
            model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([it["features"] for it in train]),
                                                                       np.concatenate([it["labels"] for it in train]))

            def mrr(name: str, on: list[dict]) -> float:
                ordering = table[name][1] or shipped_order
                return float(np.mean([1 / views.ranks(it, ordering(it, model.decision_function(it["features"])))[0] for it in on]))

            best = max(choices, key=lambda name: mrr(name, train))
            chosen.append(best)
            ordering = table[best][1] or shipped_order
            found += [views.ranks(it, ordering(it, model.decision_function(it["features"])))[0]
                      for it in items if fold_of[it["group"]] == f]
    counts = {c: chosen.count(c) for c in dict.fromkeys(chosen)}
    return f"{views.figures(found)}; chosen: " + ", ".join(f"{c} ({n} of {len(chosen)})" for c, n in counts.items())


def changes(items: list[dict], late: LateInteraction, name: str) -> str:
    """Questions whose evidence the system puts first and the shipped order does not, and the other
    way round (the model fitted on every tuning question: in sample, for reading only)."""
    ordering = systems(late, GRID)[name][1]
    model = views.LogisticRegression(C=1.0, max_iter=5000).fit(np.concatenate([it["features"] for it in items]),
                                                               np.concatenate([it["labels"] for it in items]))
    won, lost = [], []
    for it in items:
        learned = model.decision_function(it["features"])
        before, after = views.ranks(it, shipped_order(it, learned))[0], views.ranks(it, ordering(it, learned))[0]
        if (before == 1) != (after == 1):
            (won if after == 1 else lost).append(f"{it['id']} ({before}->{after})")
    return f"first place won {len(won)}: {' '.join(won)}; lost {len(lost)}: {' '.join(lost)}"


def cost(items: list[dict], late: LateInteraction) -> str:
    """CPU of MaxSim over content words for each question's candidates as the product computes it
    (`late_interaction.TokenStore.maxsim`, the store as the build writes it and `open_index` loads
    it): every passage's content tokens as int8 rows (a scale a row) in one matrix, a passage's rows
    a span; per question, the candidates' rows gathered in one step, one product with the question's
    weighted tokens, the scales applied after it, a maximum per candidate. Beside it, one ONNX encode
    of the question, the floor's larger part. Best of three."""
    rows = []
    for pid in late.pids:
        p = late.units[pid]["passage"][0]
        rows.append(late_interaction.packed(pid, late_interaction.TextTokens(p.ids.astype(np.int32), p.vectors, p.content)))
    dimension = late.units[late.pids[0]]["passage"][0].vectors.shape[1]
    store = late_interaction.TokenStore.from_rows(rows, dimension)
    assert store is not None

    def maxsim(it: dict) -> np.ndarray:
        q = it["tokens"]
        return store.maxsim(late_interaction.TextTokens(q.ids.astype(np.int32), q.vectors, q.content),
                            np.array(it["candidates"], dtype=np.int64))

    runs, encodes = [], []
    for _ in range(3):
        started = time.process_time()
        scores = {f"{it['set']}:{it['id']}": maxsim(it) for it in items}
        runs.append((time.process_time() - started) / len(items))
        started = time.process_time()
        for it in items:
            late.encoder.encode([it["searched"]])
        encodes.append((time.process_time() - started) / len(items))
    gap = max(float(np.abs(scores[f"{it['set']}:{it['id']}"] - late.signal(it, "content words")).max()) for it in items)
    return (f"{min(runs) * 1000:.2f} ms CPU a question over {np.mean([len(it['candidates']) for it in items]):.0f} candidates "
            f"(one ONNX encode of the question: {min(encodes) * 1000:.2f} ms; largest difference from the float32 signal: {gap:.4f})")


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as data:
        answerer = Answerer(open_corpus(Settings(data_dir=Path(os.environ.get("PEERBOT_DATA_DIR", data))))[0])
        items, dev, corpus = views.collect(answerer)
        precision = next((a.split("=", 1)[1] for a in argv if a.startswith("--precision=")), "float32")
        late = LateInteraction(answerer, corpus["meta"], precision)
        started = time.process_time()
        for it in (*items, *dev):
            it["documents"] = [corpus["meta"][c][0] for c in it["candidates"]]
            late.attach(it)
        print(f"question tokens for {len(items) + len(dev)} questions in {time.process_time() - started:.1f} CPU s; "
              f"largest difference between the pooled vector of that run and the searched vector: "
              f"{max(it['same_pass'] for it in (*items, *dev)):.2e}", flush=True)
    counts = {k: sum(views.SUBSETS.get(it["set"], "scope") == k for it in items) for k in ("tune", "typos", "scope")}
    print(f"{len(items)} tuning questions with their evidence among the candidates ({counts}), {len(dev)} dev; "
          f"{np.mean([len(it['candidates']) for it in items]):.1f} candidates a question")
    print("system | passages recall@1 recall@5 MRR: all | tune | typos | scope | snippets: all | dev passages | dev snippets"
          " | by document (leave one out)")
    if "--nested" in argv:
        print(f"nested choice of signal and weight ({len(NESTED_SIGNALS)} signals x {len(GRID)} weights, or shipped): "
              f"{nested(items, late)}", flush=True)
        for name in ("content words: fused rank, weight 3", "passage: fused rank, weight 2"):
            print(f"{name}: {changes(items, late, name)}")
        print(f"MaxSim over content words, vectorised: {cost(items, late)}")
        return
    wanted = [a for a in argv if not a.startswith("--")]
    for name, (featurise, ordering) in systems(late, GRID if "--grid" in argv else WEIGHTS).items():
        if wanted and name != "shipped (7 features)" and not any(w in name for w in wanted):
            continue
        print(f"{name} | {views.score(items, dev, featurise, ordering)} | {by_document(items, featurise, ordering)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
