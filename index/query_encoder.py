"""The questions' encoder: the installed model's transformer exported to ONNX and run by ONNX Runtime.

Passages are embedded by sentence-transformers (torch) at build time; questions, one batch at a
time on the query path, can be embedded by ONNX Runtime instead, which costs markedly less CPU a
question for the same vectors (`benchmarks/bench_query_encoder.py`, BENCHMARKS.md). The export is
made from the same weights when the model loads; nothing is downloaded. `onnx-int8` also quantises
the weights (dynamic int8, per channel). The exported graph is cached in the data folder's `cache/`,
named by what made it (the weights' files, sizes and times; the libraries' versions; the opset;
int8 or not), written whole (a temporary file renamed) and checked when read (its own digest, then
one question's vector against torch's): a cache that is missing, damaged, foreign or unwritable
means exporting again, with one line logged at most.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from index.late_interaction import TextTokens, content_mask, text_tokens
from index.regular_files import read_regular

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OPSET = 17
_CACHE_FORMAT = b"peerbot-onnx-cache 1"
_LIBRARIES = ("torch", "onnx", "onnxruntime", "transformers", "sentence-transformers")
_PROBE = "How did the trusts agree a shared workforce plan?"
_AGREEMENT = {False: 0.999, True: 0.95}  # the cosine a cached encoder's probe vector must reach, fp32 / int8
_STALE_TEMPORARY = 600  # seconds: a temporary file this old was left by a process that died writing it

log = logging.getLogger(__name__)


class OnnxQueryEncoder:
    """Mean-pooled, L2-normalised vectors of a sentence-transformers model, computed by ONNX Runtime.
    With `cache` (a folder) and `weights` (the model's folder), the exported graph is kept there."""

    def __init__(self, model, quantised: bool, threads: int = 1, cache: Path | None = None,
                 weights: Path | None = None):
        import onnxruntime as ort

        self._tokenizer = model.tokenizer
        self._max_tokens = int(model.max_seq_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a shared machine
        options.log_severity_level = 3

        def session(graph: bytes):
            return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

        path = cache / _cache_name(weights, quantised) if cache is not None and weights is not None else None
        problem = None
        if path is not None:
            graph, problem = _read_cache(path)
            if graph is not None:
                try:
                    self._session = session(graph)
                    if self._agrees_with(model, quantised):
                        return
                    problem = "gives vectors that are not the model's"
                except Exception as e:  # the runtime raises many kinds for a graph it cannot run
                    problem = f"does not load ({type(e).__name__})"
        graph = _exported(model, quantised)
        self._session = session(graph)
        reasons = [problem, _write_cache(path, graph)] if path is not None else []
        if any(reasons):
            log.warning("query encoder cache %s %s; exported it again", path, " and ".join(r for r in reasons if r))

    def _agrees_with(self, model, quantised: bool) -> bool:
        expected = np.asarray(model.encode([_PROBE], normalize_embeddings=True, convert_to_numpy=True,
                                           show_progress_bar=False), dtype=np.float32)  # no bar in serve's log
        cosine = float((self.encode([_PROBE]) * expected).sum())
        return cosine >= _AGREEMENT[quantised]

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, tokens=False)[0]

    def encode_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TextTokens]]:
        """`encode`'s vectors and, from the same run, each text's tokens (index/late_interaction.py)."""
        return self._run(texts, tokens=True)

    def _run(self, texts: list[str], tokens: bool) -> tuple[np.ndarray, list[TextTokens]]:
        batch = self._tokenizer(texts, padding=True, truncation=True, max_length=self._max_tokens, return_tensors="np",
                                return_offsets_mapping=tokens)
        (hidden,) = self._session.run(["hidden"], {name: batch[name].astype(np.int64) for name in _INPUTS})
        mask = batch["attention_mask"][..., None].astype(np.float32)
        vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        if not tokens:
            return vectors, []
        found = []
        for i, text in enumerate(texts):
            length = int(batch["attention_mask"][i].sum())
            pieces = batch["input_ids"][i][:length]
            content = content_mask(text, batch.word_ids(i)[:length], batch["offset_mapping"][i][:length])
            found.append(text_tokens(hidden[i][:length], pieces, content))
        return vectors, found


def mean_pooled(model) -> bool:
    """True when the sentence-transformers model is a transformer, mean pooling and (optionally) normalising."""
    names = [type(module).__name__ for module in model]
    if names[:2] != ["Transformer", "Pooling"] or not set(names[2:]) <= {"Normalize"}:
        return False
    config = model[1].get_config_dict()  # sentence-transformers 6 names one mode, 5 flags each
    modes = config.get("pooling_mode") or [key for key, on in config.items() if key.startswith("pooling_mode_") and on]
    return modes in ("mean", ["pooling_mode_mean_tokens"])


def _exported(model, quantised: bool) -> bytes:
    """The model's transformer as an ONNX graph (quantised to int8 if asked), made in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="peerbot-onnx-") as folder:
        path = _export(model, Path(folder))
        if quantised:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(path), str(path.with_name("int8.onnx")), weight_type=QuantType.QInt8, per_channel=True)
            path = path.with_name("int8.onnx")
        return path.read_bytes()


def _cache_name(weights: Path, quantised: bool) -> str:
    """`query-encoder-<kind>-<key>.onnx`, the key a digest of all that shapes the graph: the weights'
    files (names, sizes, modification times), the libraries' versions, the opset, int8 or not."""
    key = hashlib.sha256(_CACHE_FORMAT)
    for name in _LIBRARIES:
        try:
            key.update(f"{name}={version(name)}\n".encode())
        except PackageNotFoundError:
            key.update(f"{name}=none\n".encode())
    key.update(f"opset={_OPSET} int8={quantised}\n".encode())
    for file in sorted(p for p in weights.rglob("*") if p.is_file()):
        stat = file.stat()
        key.update(f"{file.relative_to(weights).as_posix()} {stat.st_size} {stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return f"query-encoder-{'onnx-int8' if quantised else 'onnx'}-{key.hexdigest()[:32]}.onnx"


def _read_cache(path: Path) -> tuple[bytes | None, str | None]:
    """(the cached graph, None), or (None, why not): None, None when there is none yet."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        return None, None
    except OSError as e:
        return None, f"cannot be read ({e.strerror or e})"
    header, _, graph = data.partition(b"\n")
    if header != _header(path.name, graph):
        return None, "is damaged or not peerbot's"
    return graph, None


def _header(name: str, graph: bytes) -> bytes:
    return b" ".join((_CACHE_FORMAT, name.encode(), hashlib.sha256(graph).hexdigest().encode()))


def _write_cache(path: Path, graph: bytes) -> str | None:
    """Write the graph with its header, whole (a temporary file renamed into place), and drop older
    ones of the same kind; None once done, else why not (a read-only or full data folder)."""
    kind = path.name.rsplit("-", 1)[0]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(temporary, "wb") as f:
                f.write(_header(path.name, graph) + b"\n")
                f.write(graph)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{kind}-*.onnx"):
            if old != path and old.name.rsplit("-", 1)[0] == kind:
                old.unlink(missing_ok=True)
        for left in path.parent.glob(".query-encoder-*.tmp"):  # a process killed while writing
            if time.time() - left.stat().st_mtime > _STALE_TEMPORARY:
                left.unlink(missing_ok=True)
    except OSError as e:
        return f"could not be written ({e.strerror or e})"
    return None


def _export(model, folder: Path) -> Path:
    import torch

    class Hidden(torch.nn.Module):
        """The transformer's last hidden state, from positional inputs (as the exporter passes them)."""

        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state

    transformer = model[0].auto_model
    previous = transformer.config._attn_implementation
    transformer.set_attn_implementation("eager")  # the default attention's mask does not trace to ONNX
    try:
        sample = model.tokenizer(["a question", "a longer question with more words"], padding=True, return_tensors="pt")
        path = folder / "model.onnx"
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on a graph checked against torch's vectors
            torch.onnx.export(
                Hidden(transformer).eval(), tuple(sample[name] for name in _INPUTS), str(path),
                input_names=list(_INPUTS), output_names=["hidden"], opset_version=_OPSET, dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in _INPUTS},
            )
    finally:
        transformer.set_attn_implementation(previous)
    return path
