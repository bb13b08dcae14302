"""Benchmark of the command-line core: retrieval quality and speed, measured in one run.

    /work/venv/bin/python benchmarks/bench_core.py            # full run, a few minutes on 2 cores
    /work/venv/bin/python benchmarks/bench_core.py --quick    # fewer repetitions, for a smoke check

Prints a Markdown report on standard output (progress goes to standard error):

1. quality on the dev set: the full answer pipeline (`bot.evaluation.evaluate`) beside
   retrieval alone in dense, lexical and hybrid mode (`Searcher.search(q, 5, mode=...)`);
2. warm query latency: `Answerer.answer` end to end against the bare floor (one `model.encode`
   of the question plus one FAISS search over the same index), p50/p95 and the ratio of medians;
3. indexing throughput: a full build with the real model, and a no-change re-index;
4. process start to first answer (`peerbot ask`), `peerbot --help`, and whether the command
   line's start-up imports torch.

Everything runs against a temporary data directory; the project's own `.peerbot` is not touched.
The settings come from the environment (PEERBOT_KNOWLEDGE_DIR, PEERBOT_MODEL), except
PEERBOT_DATA_DIR, which is always the temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import EvalQuestion, evaluate, evidence_rank, load_questions  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import generations  # noqa: E402
from index.build import build_index  # noqa: E402
from index.embedder import load_embedder  # noqa: E402
from index.search import DENSE_CANDIDATES, SEARCH_MODES  # noqa: E402
from index.vectors import VectorIndex, use_threads  # noqa: E402

DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"
ASK_QUESTION = "How can trusts build trust at board level?"
MIN_LATENCY_SAMPLES = 200
TARGET_RATIO = 1.5
HEAVY_MODULES = ("torch", "sentence_transformers", "transformers", "faiss")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- small helpers ---------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def pct(samples: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(samples), q))


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import faiss
    import sentence_transformers
    import torch

    return {
        "nproc": nproc,
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "torch": f"{torch.__version__} (intra-op threads {torch.get_num_threads()})",
        "sentence-transformers": sentence_transformers.__version__,
        "faiss": faiss.__version__,
        "os": platform.platform(),
    }


def peerbot_command() -> list[str]:
    """The `peerbot` console script of this interpreter's environment (as a user runs it)."""
    script = Path(sys.executable).parent / "peerbot"
    if script.exists():
        return [str(script)]
    found = shutil.which("peerbot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def time_to_output(command: list[str], env: dict[str, str]) -> tuple[float, float, str, str]:
    """Seconds from spawn to the first byte on standard output, and to exit; the outputs."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
        head = proc.stdout.read(1)
        first = time.perf_counter() - started
        rest = proc.stdout.read()
        code = proc.wait(timeout=600)
        elapsed = time.perf_counter() - started
        proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({code}): {stderr.strip()[-500:]}")
    return first, elapsed, (head + rest).decode(errors="replace"), stderr


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    return elapsed, result


class TimingEmbedder:
    """Wraps an embedder to add up the time spent in `embed` (to split a build's time)."""

    def __init__(self, inner):
        self._inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self.semantic = inner.semantic
        self.embed_seconds = 0.0
        self.texts = 0

    def embed(self, texts, progress=False):
        started = time.perf_counter()
        try:
            return self._inner.embed(texts, progress=progress)
        finally:
            self.embed_seconds += time.perf_counter() - started
            self.texts += len(texts)

    def embed_with_tokens(self, texts, wanted):
        started = time.perf_counter()
        try:
            return self._inner.embed_with_tokens(texts, wanted)
        finally:
            self.embed_seconds += time.perf_counter() - started
            self.texts += len(texts)

    def count_tokens(self, text):
        return self._inner.count_tokens(text)


# --- 3. indexing -----------------------------------------------------------------------------


def bench_indexing(settings: Settings, embedder, no_change_runs: int) -> dict:
    log("full build with the real model")
    timing = TimingEmbedder(embedder)
    started = time.perf_counter()
    report = build_index(settings.knowledge_dir, settings.index_dir, timing, rebuild=True)
    wall = time.perf_counter() - started
    full = {
        "documents": len(report.added) + len(report.updated) + report.unchanged,
        "passages": report.passages_embedded,
        "vectors": report.vectors_embedded,
        "seconds": report.seconds,
        "wall": wall,
        "embed_seconds": timing.embed_seconds,
        "embedded_texts": timing.texts,
        "errors": [str(e) for e in report.errors],
    }
    log("no-change re-index (in process, model already loaded)")
    again = []
    for _ in range(no_change_runs):
        timing = TimingEmbedder(embedder)
        r = build_index(settings.knowledge_dir, settings.index_dir, timing)
        if r.changed or r.passages_embedded:
            raise RuntimeError("a no-change re-index re-embedded passages")
        again.append((r.seconds, timing.texts))
    return {"full": full, "no_change": [s for s, _ in again], "no_change_texts": again[-1][1]}


# --- 1. quality ------------------------------------------------------------------------------


def retrieval_only(searcher, questions: list[EvalQuestion]) -> dict[str, dict]:
    """Recall@1, recall@5 and MRR of the top-5 hits of one retriever, over in-domain questions."""
    scored = [q for q in questions if q.answerable and q.evidence]
    figures = {}
    for mode in ("dense", "lexical", "hybrid"):
        ranks = {}
        for q in scored:
            hits = searcher.search(q.q, 5, mode=mode)
            ranks[q.id] = evidence_rank([h.passage.text for h in hits], q.evidence)
        n = len(scored)
        figures[mode] = {
            "recall_at_1": sum(1 for r in ranks.values() if r == 1) / n,
            "recall_at_5": sum(1 for r in ranks.values() if r is not None and r <= 5) / n,
            "mrr": sum(1 / r for r in ranks.values() if r) / n,
            "ranks": ranks,
            "questions": n,
        }
    return figures


# --- 2. warm latency -------------------------------------------------------------------------


def bench_latency(answerer, vector_index: VectorIndex, questions: list[EvalQuestion], reps: int) -> dict:
    """Interleaved, so both series see the same machine state; the order alternates per pass."""
    embedder = answerer.index.embedder
    searcher = answerer.index
    samples = {name: [] for name in ("answer", "floor", "embed", "faiss", "dense_search")}
    answered_samples, declined_samples = [], []
    clock = time.perf_counter
    for q in questions:  # warm-up pass, untimed
        answerer.answer(q.q)
        vector_index.search(embedder.embed([q.q])[0], DENSE_CANDIDATES)
    for rep in range(reps):
        for q in questions:
            def floor():
                t0 = clock()
                v = embedder.embed([q.q])[0]
                t1 = clock()
                vector_index.search(v, DENSE_CANDIDATES)
                t2 = clock()
                samples["floor"].append(t2 - t0)
                samples["embed"].append(t1 - t0)
                samples["faiss"].append(t2 - t1)

            def answer():
                t0 = clock()
                a = answerer.answer(q.q)
                elapsed = clock() - t0
                samples["answer"].append(elapsed)
                (answered_samples if a.answered else declined_samples).append(elapsed)

            def dense():
                t0 = clock()
                searcher.search(searcher.prepare(q.q), 20, mode="dense")
                samples["dense_search"].append(clock() - t0)

            steps = (floor, answer, dense) if rep % 2 == 0 else (answer, dense, floor)
            for step in steps:
                step()
    samples["answer (answered)"] = answered_samples
    samples["answer (declined)"] = declined_samples
    return samples


def answer_breakdown(answerer, questions: list[EvalQuestion], reps: int) -> dict[str, list[float]]:
    """Median cost of each stage of `Answerer.answer`, replayed through public calls."""
    from bot.answerer import normalise_question

    searcher, scope = answerer.index, answerer.corpus.scope
    stages = {"spelling + embed": [], "hybrid search (20)": [], "lexical search (20)": [], "scope judge": []}
    clock = time.perf_counter
    for _ in range(reps):
        for q in questions:
            text = normalise_question(q.q)
            t0 = clock()
            query = searcher.prepare(text)
            t1 = clock()
            hits = searcher.search(query, 20)
            t2 = clock()
            scope.judge(query, hits)
            t3 = clock()
            searcher.search(query, 20, mode="lexical")
            t4 = clock()
            stages["spelling + embed"].append(t1 - t0)
            stages["hybrid search (20)"].append(t2 - t1)
            stages["scope judge"].append(t3 - t2)
            stages["lexical search (20)"].append(t4 - t3)
    return stages


# --- 4. start-up -----------------------------------------------------------------------------


IMPORT_CHECK = """
import json, sys
import bot.cli
bot.cli.build_parser()
try:
    bot.cli.main(["--help"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in %r if m in sys.modules)), file=sys.stderr)
""" % (HEAVY_MODULES,)  # noqa: UP031

PHASES = """
import json, sys, time
t0 = time.perf_counter()
import bot.cli
t1 = time.perf_counter()
from bot.answerer import Answerer
from bot.corpus import open_corpus
from bot.settings import Settings
t2 = time.perf_counter()
from index.embedder import load_embedder
settings = Settings.from_env()
embedder = load_embedder(settings.model)
embedder.dimension  # the model loads on first use
t3 = time.perf_counter()
answerer = Answerer(open_corpus(settings, embedder)[0])
t4 = time.perf_counter()
answerer.answer(sys.argv[1])
t5 = time.perf_counter()
print(json.dumps({"import bot.cli": t1 - t0, "import bot.corpus (faiss, numpy, sqlite-utils)": t2 - t1,
                  "import torch + load model": t3 - t2, "open index, scope and enablers": t4 - t3,
                  "first answer": t5 - t4}))
"""


def bench_startup(env: dict[str, str], help_runs: int, ask_runs: int, index_runs: int) -> dict:
    peerbot = peerbot_command()
    log("python -c pass")
    bare = [timed_run([sys.executable, "-c", "pass"], env)[0] for _ in range(help_runs)]
    log("peerbot --help")
    helps = [timed_run([*peerbot, "--help"], env)[0] for _ in range(help_runs)]
    log("peerbot ask (index already built)")
    asks, firsts = [], []
    for _ in range(ask_runs):
        first, elapsed, ask_output, stderr = time_to_output([*peerbot, "ask", ASK_QUESTION], env)
        if "Indexed with" in stderr:
            raise RuntimeError("peerbot ask built the index: the benchmark's index was not found")
        asks.append(elapsed)
        firsts.append(first)
    log("peerbot index with nothing changed")
    indexes = []
    for _ in range(index_runs):
        elapsed, result = timed_run([*peerbot, "index"], env)
        indexes.append(elapsed)
    index_output = result.stdout.strip()
    log("start-up phases")
    phases = []
    for _ in range(max(1, ask_runs // 2)):
        elapsed, result = timed_run([sys.executable, "-c", PHASES, ASK_QUESTION], env)
        phase = json.loads(result.stdout)
        phase["interpreter start, exit and the rest"] = elapsed - sum(phase.values())
        phase["whole process"] = elapsed
        phases.append(phase)
    check = subprocess.run([sys.executable, "-c", IMPORT_CHECK], env=env, capture_output=True, text=True, cwd=ROOT)
    heavy = json.loads(check.stderr.strip().splitlines()[-1])
    return {
        "command": peerbot, "python": bare, "help": helps, "ask": asks, "ask_first_output": firsts, "index": indexes,
        "ask_answered": ask_output.startswith("Here is what peers have learned"),
        "index_output": index_output,
        "phases": {k: statistics.median(p[k] for p in phases) for k in phases[0]},
        "phase_runs": len(phases),
        "heavy_at_startup": heavy,
    }


# --- the report ------------------------------------------------------------------------------


def report_markdown(ctx: dict) -> str:
    out: list[str] = []
    w = out.append
    m = ctx["machine"]
    w("# peerbot core benchmark")
    w("")
    w(f"- command: `{ctx['command']}` ({'quick' if ctx['quick'] else 'full'} run, {ctx['total']:.0f} s in all)")
    w(f"- machine: nproc {m['nproc']}, {m['cpu']}, {m['memory']} RAM; {m['os']}")
    w(f"- software: Python {m['python']}, torch {m['torch']}, sentence-transformers {m['sentence-transformers']}, "
      f"faiss {m['faiss']}; `faiss.omp_set_num_threads(1)` as in the serving process")
    idx = ctx["indexing"]["full"]
    w(f"- model: {ctx['model']} (loaded in {ctx['model_load']:.1f} s); corpus {idx['documents']} documents, "
      f"{idx['passages']} passages, {idx['vectors']} vectors (passages and their sentences)")
    qs = ctx["questions"]
    inside = [q for q in qs if q.answerable]
    w(f"- questions: `{ctx['questions_path']}`, {len(qs)} ({len(inside)} in-domain, "
      f"{len(qs) - len(inside)} off-topic)")
    w("")

    # 1. quality
    ev, rt = ctx["eval"], ctx["retrieval"]
    n_ret = rt["hybrid"]["questions"]
    w("## 1. Quality on the dev set")
    w("")
    w(f"Retrieval alone: `Searcher.search(q, 5, mode=...)`, evidence rank over the top 5 hits "
      f"({n_ret} in-domain questions with evidence). Answer pipeline: `evaluate(questions, answerer.answer)` "
      "(snippets after abstention, per-document cap and de-duplication).")
    w("")
    w("| metric | dense only | lexical only | hybrid | answer pipeline | bar (plain pipeline) | target |")
    w("|---|---|---|---|---|---|---|")
    bars = {"recall_at_1": ("0.70", ">= 0.85"), "recall_at_5": ("0.90", ">= 0.95"), "mrr": ("0.78", ">= 0.90")}
    for key, label in (("recall_at_1", "recall@1"), ("recall_at_5", "recall@5"), ("mrr", "MRR")):
        w(f"| {label} | {rt['dense'][key]:.2f} | {rt['lexical'][key]:.2f} | {rt['hybrid'][key]:.2f} | "
          f"{getattr(ev, key):.2f} | {bars[key][0]} | {bars[key][1]} |")
    w(f"| contact hit@3 | – | – | – | {ev.contact_hit_at_3:.2f} | – | >= 0.80 |")
    w(f"| answer rate (in-domain) | – | – | – | {ev.answer_rate:.2f} | – | 1.00 |")
    w(f"| abstention rate (off-topic) | – | – | – | {ev.abstention_rate:.2f} | cannot separate | 1.00 |")
    w("")
    misses = []
    for mode in ("dense", "lexical", "hybrid"):
        wrong = [f"{qid} ({r if r else 'not in top 5'})" for qid, r in rt[mode]["ranks"].items() if r != 1]
        misses.append(f"- {mode}: {', '.join(wrong) or 'none'}")
    pipeline_wrong = []
    for r in ev.results:
        if r.category not in ('in_domain', 'misspelt') and r.answered:
            pipeline_wrong.append(f"{r.id} (answered, should abstain)")
        elif r.category in ('in_domain', 'misspelt') and not r.answered:
            pipeline_wrong.append(f"{r.id} (abstained)")
        elif r.category in ('in_domain', 'misspelt') and r.has_evidence and r.rank != 1:
            pipeline_wrong.append(f"{r.id} ({r.rank or 'not in snippets'})")
        elif r.contact_hit is False:
            pipeline_wrong.append(f"{r.id} (contact not in top 3)")
    misses.append(f"- answer pipeline: {', '.join(pipeline_wrong) or 'none'}")
    w("Questions whose evidence is not at rank 1 (rank in brackets):")
    w("")
    out.extend(misses)
    w("")

    # 2. latency
    lat = ctx["latency"]
    n = len(lat["answer"])
    w("## 2. Warm query latency")
    w("")
    w(f"Model and index loaded; {ctx['reps']} passes over the {len(qs)} dev questions after one untimed pass, "
      f"{n} samples per row, the three measurements interleaved. The floor is one `embedder.embed([q])` "
      f"(one `model.encode`) plus one FAISS search (k={DENSE_CANDIDATES}, what the searcher asks for) over the "
      "same `vectors.faiss` the searcher serves, loaded with the public `VectorIndex.load`: `Searcher` keeps "
      "its vector index private. The dense-mode row (`searcher.search(searcher.prepare(q), 20, mode=\"dense\")`) adds "
      "the passage/sentence score mixing and hit building on top of the floor.")
    w("")
    w("| measurement | samples | p50 ms | p95 ms |")
    w("|---|---|---|---|")
    rows = (
        ("floor: embed + FAISS search", "floor"), ("  embed only (`model.encode`)", "embed"),
        ("  FAISS search only", "faiss"), ("embed + `searcher.search(mode=\"dense\")`", "dense_search"),
        ("**`answerer.answer(q)`** end to end", "answer"), ("  answered questions", "answer (answered)"),
        ("  declined (off-topic) questions", "answer (declined)"),
    )
    for label, key in rows:
        s = lat[key]
        if s:
            w(f"| {label} | {len(s)} | {ms(pct(s, 50))} | {ms(pct(s, 95))} |")
    ratio = pct(lat["answer"], 50) / pct(lat["floor"], 50)
    ratio_dense = pct(lat["answer"], 50) / pct(lat["dense_search"], 50)
    w("")
    w(f"Ratio of medians, answer / floor: **{ratio:.2f}x** (target <= {TARGET_RATIO}x: "
      f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}); answer / dense-mode search: {ratio_dense:.2f}x.")
    w("")
    w("Where the answer's time goes (medians, the same stages replayed through public calls):")
    w("")
    w("| stage | p50 ms |")
    w("|---|---|")
    for stage, s in ctx["breakdown"].items():
        w(f"| {stage} | {ms(pct(s, 50))} |")
    w("")

    # 3. indexing
    ix = ctx["indexing"]
    full = ix["full"]
    w("## 3. Indexing")
    w("")
    w("| measurement | seconds | passages | vectors | passages/s | vectors/s |")
    w("|---|---|---|---|---|---|")
    w(f"| full build (`build_index(..., rebuild=True)`, model loaded) | {full['seconds']:.2f} | {full['passages']} | "
      f"{full['vectors']} | {full['passages'] / full['seconds']:.1f} | {full['vectors'] / full['seconds']:.1f} |")
    w(f"| of which `embed` calls ({full['embedded_texts']} texts, enabler profiles included) | "
      f"{full['embed_seconds']:.2f} | | | | {full['embedded_texts'] / full['embed_seconds']:.1f} |")
    nc = ix["no_change"]
    w(f"| no-change re-index, in process (median of {len(nc)}) | {statistics.median(nc):.2f} | 0 | 0 | | |")
    st = ctx["startup"]
    w(f"| no-change `peerbot index`, whole process (median of {len(st['index'])}) | "
      f"{statistics.median(st['index']):.2f} | 0 | 0 | | |")
    w("")
    w(f"`peerbot index` with nothing changed printed: `{st['index_output']}`")
    if full["errors"]:
        w("")
        w(f"Build errors: {'; '.join(full['errors'])}")
    w("")

    # 4. start-up
    w("## 4. Process start")
    w("")
    w(f"`{' '.join(st['command'])}` as a subprocess with an already-built index in a temporary "
      "PEERBOT_DATA_DIR; wall time from spawn to exit. The `ask` run "
      f"{'printed an answer' if st['ask_answered'] else 'did NOT print an answer'}.")
    w("")
    w("| command | runs | median s | min s | max s |")
    w("|---|---|---|---|---|")
    for label, key in ((f"`peerbot ask \"{ASK_QUESTION}\"`, spawn to answer on stdout", "ask_first_output"),
                       ("the same, spawn to exit", "ask"), ("`peerbot --help`", "help"),
                       ("`python -c pass` (interpreter alone)", "python")):
        s = st[key]
        w(f"| {label} | {len(s)} | {statistics.median(s):.2f} | {min(s):.2f} | {max(s):.2f} |")
    w("")
    heavy = st["heavy_at_startup"]
    torch_loaded = any(mod in heavy for mod in ("torch", "sentence_transformers"))
    w(f"`import bot.cli; build_parser()` and `main([\"--help\"])` import torch or sentence-transformers: "
      f"**{'yes' if torch_loaded else 'no'}** (heavy modules loaded: {', '.join(heavy) or 'none'}).")
    w("")
    w(f"Start-up phases of a first answer (in a fresh interpreter, median of {st['phase_runs']}):")
    w("")
    w("| phase | seconds |")
    w("|---|---|")
    for phase, seconds in st["phases"].items():
        w(f"| {phase} | {seconds:.2f} |")
    w("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke check, not figures to record)")
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS, help="question set (JSON lines)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    questions = load_questions(args.questions)
    reps = 2 if args.quick else math.ceil(MIN_LATENCY_SAMPLES / len(questions))
    use_threads(1)  # as the serving process does (index.open_index)

    with tempfile.TemporaryDirectory(prefix="peerbot-bench-") as tmp:
        settings = dataclasses.replace(Settings.from_env(), data_dir=Path(tmp) / "data")
        settings.data_dir.mkdir(parents=True)
        log(f"loading model {settings.model}")
        t0 = time.perf_counter()
        embedder = load_embedder(settings.model)
        _ = embedder.dimension  # the model loads on first use
        model_load = time.perf_counter() - t0
        info = machine()

        indexing = bench_indexing(settings, embedder, no_change_runs=1 if args.quick else 3)

        log("opening the answerer")
        answerer = Answerer(open_corpus(settings, embedder, build_if_missing=False)[0])
        folder = generations.current_generation(settings.index_dir)
        vector_index = VectorIndex.load(folder / generations.VECTORS_FILE)

        log("quality: answer pipeline and retrieval alone")
        assert set(SEARCH_MODES) == {"dense", "lexical", "hybrid"}
        ev = evaluate(questions, answerer.answer)
        retrieval = retrieval_only(answerer.index, questions)

        log(f"warm latency: {reps} passes x {len(questions)} questions")
        latency = bench_latency(answerer, vector_index, questions, reps)
        breakdown = answer_breakdown(answerer, questions, max(1, reps // 2))
        answerer.index.close()

        env = {**os.environ, "PEERBOT_DATA_DIR": str(settings.data_dir)}
        startup = bench_startup(
            env,
            help_runs=3 if args.quick else 7,
            ask_runs=2 if args.quick else 5,
            index_runs=1 if args.quick else 3,
        )

    command = f"{sys.executable} benchmarks/bench_core.py"
    print(report_markdown({
        "command": command + (" --quick" if args.quick else ""),
        "quick": args.quick, "machine": info, "model": embedder.name, "model_load": model_load,
        "questions": questions, "questions_path": os.path.relpath(args.questions, ROOT),
        "indexing": indexing, "eval": ev, "retrieval": retrieval, "reps": reps, "latency": latency,
        "breakdown": breakdown, "startup": startup, "total": time.perf_counter() - started,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
