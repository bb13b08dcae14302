"""The questions' encoder: the installed model's transformer exported to ONNX and run by ONNX Runtime.

Passages are embedded by sentence-transformers (torch) at build time; questions, one batch at a
time on the query path, can be embedded by ONNX Runtime instead, which costs markedly less CPU a
question for the same vectors (`benchmarks/bench_query_encoder.py`, BENCHMARKS.md). The export is
made once when the model loads, from the same weights, in a temporary folder removed straight
after; nothing is downloaded. `onnx-int8` also quantises the weights (dynamic int8, per channel).
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np

TORCH = "torch"
ONNX = "onnx"
ONNX_INT8 = "onnx-int8"
QUERY_ENCODERS = (TORCH, ONNX, ONNX_INT8)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxQueryEncoder:
    """Mean-pooled, L2-normalised vectors of a sentence-transformers model, computed by ONNX Runtime."""

    def __init__(self, model, quantised: bool, threads: int = 1):
        import onnxruntime as ort

        self._tokenizer = model.tokenizer
        self._max_tokens = int(model.max_seq_length)
        with tempfile.TemporaryDirectory(prefix="peerbot-onnx-") as folder:
            path = _export(model, Path(folder))
            if quantised:
                from onnxruntime.quantization import QuantType, quantize_dynamic

                quantize_dynamic(str(path), str(path.with_name("int8.onnx")), weight_type=QuantType.QInt8,
                                 per_channel=True)
                path = path.with_name("int8.onnx")
            options = ort.SessionOptions()
            options.intra_op_num_threads = max(1, threads)
            options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a shared machine
            options.log_severity_level = 3
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        batch = self._tokenizer(texts, padding=True, truncation=True, max_length=self._max_tokens, return_tensors="np")
        (hidden,) = self._session.run(["hidden"], {name: batch[name].astype(np.int64) for name in _INPUTS})
        mask = batch["attention_mask"][..., None].astype(np.float32)
        vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def mean_pooled(model) -> bool:
    """True when the sentence-transformers model is a transformer, mean pooling and (optionally) normalising."""
    names = [type(module).__name__ for module in model]
    if names[:2] != ["Transformer", "Pooling"] or not set(names[2:]) <= {"Normalize"}:
        return False
    config = model[1].get_config_dict()  # sentence-transformers 6 names one mode, 5 flags each
    modes = config.get("pooling_mode") or [key for key, on in config.items() if key.startswith("pooling_mode_") and on]
    return modes in ("mean", ["pooling_mode_mean_tokens"])


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
                input_names=list(_INPUTS), output_names=["hidden"], opset_version=17, dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in _INPUTS},
            )
    finally:
        transformer.set_attn_implementation(previous)
    return path
