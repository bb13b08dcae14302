"""Scale benchmark (issue 14): peerbot on synthetic corpora of 2k, 20k, 100k and 1M passages,
through its public entry points only, side by side with LangChain's standard FAISS recipe.

    nice -n 19 .venv/bin/python benchmarks/bench_scale.py [--sizes 2k 20k 100k 1m] [--work DIR]
        [--full-build-max 100k] [--limit 1200] [--questions 40] [--no-langchain] [--json FILE] [--keep]

For each size: a corpus from benchmarks/scale_corpus.py; `peerbot index` as a child process with
`PEERBOT_MODEL=hashing` (so embedding costs almost nothing and peerbot's own path is measured),
`PEERBOT_DATA_DIR` and `PEERBOT_KNOWLEDGE_DIR` in a work folder: wall time, passages/s, CPU time
and peak resident memory of the child (wait4), disk of the data folder. Then `peerbot ask --json -`
kept running: spawn to first answer, then warm-up questions, then each question written on its
own and its answer line timed, with the child's CPU time per answer (Linux's process CPU clock)
and its peak resident memory. Above `--full-build-max` passages (a full build is far too slow
today) the vectors and FTS only are built through peerbot's lowest-level parts
(benchmarks/scale_lowlevel.py) and its two searches timed in-process. Then the vectors peerbot
stored are searched exactly as peerbot serves them and with LangChain's recipe
(benchmarks/langchain_recipe.py, in .venv-langchain, made on first use).

Any step stops after `--limit` seconds and is reported as not finished. Children get
OMP_NUM_THREADS=1 unless it is set. The work folder is deleted at the end (unless `--keep`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import scale_corpus  # noqa: E402
import scale_report  # noqa: E402
import scale_vectors  # noqa: E402
from scale_measure import Asker, folder_mb, run  # noqa: E402

WARM_UP = 5
_REPORT = re.compile(r"(\d+) passages embedded \((\d+) vectors\), (\d+) in the index")


def peerbot_command() -> list[str]:
    script = Path(sys.executable).parent / "peerbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def full_path(corpus: Path, data: Path, questions: list[str], limit: float, logs: Path) -> dict:
    env = {**os.environ, "PEERBOT_MODEL": "hashing", "PEERBOT_DATA_DIR": str(data),
           "PEERBOT_KNOWLEDGE_DIR": str(corpus)}
    env.setdefault("OMP_NUM_THREADS", "1")
    built = run([*peerbot_command(), "index"], env, limit, logs / "index")
    row: dict = {"path": "peerbot index + peerbot ask", "build_wall": built.wall, "build_cpu": built.cpu,
                 "build_rss_mb": built.peak_rss_mb, "build_finished": built.returncode is not None}
    if built.returncode != 0:
        row["note"] = (f"`peerbot index` stopped at the {limit:.0f} s limit" if built.returncode is None
                       else f"`peerbot index` failed: {built.stderr.strip()[-300:]}")
        return row
    counts = _REPORT.search(built.stdout)
    row["passages"], row["vectors"] = int(counts.group(3)), int(counts.group(2))
    generation = (data / "index" / "current").resolve()
    row["index_folder"] = str(generation)
    row["disk"] = {"index.db": (generation / "index.db").stat().st_size / 1e6,
                   "vectors.faiss": (generation / "vectors.faiss").stat().st_size / 1e6, "data folder": folder_mb(data)}
    asker = Asker([*peerbot_command(), "ask", "--json", "-"], env, logs / "ask.err")
    try:
        line, first, _ = asker.ask(questions[0], timeout=limit)
    except TimeoutError:
        row["ask_rss_mb"] = asker.close(kill=True)
        row["note"] = f"`peerbot ask` gave no first answer within {limit:.0f} s"
        return row
    row["first_answer_s"] = time.perf_counter() - asker.started
    for question in questions[1:WARM_UP]:
        asker.ask(question)
    walls, cpus, outcomes = [], [], {}
    for question in questions[WARM_UP:]:
        line, wall, cpu = asker.ask(question)
        walls.append(wall)
        cpus.append(cpu)
        outcome = json.loads(line)["outcome"]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    row.update(answer_wall=walls, answer_cpu=cpus, outcomes=outcomes, ask_rss_mb=asker.close())
    return row


def lowlevel_path(corpus: Path, data: Path, questions: list[str], limit: float, logs: Path) -> dict:
    env = {**os.environ}
    env.setdefault("OMP_NUM_THREADS", "1")
    script = str(HERE / "scale_lowlevel.py")
    built = run([sys.executable, script, "build", str(corpus), str(data)], env, limit, logs / "lowlevel")
    row: dict = {"path": "vectors + FTS only (scale_lowlevel.py)", "build_wall": built.wall, "build_cpu": built.cpu,
                 "build_rss_mb": built.peak_rss_mb, "build_finished": built.returncode is not None}
    if built.returncode != 0:
        row["note"] = "low-level build stopped at the limit" if built.returncode is None else built.stderr[-300:]
        return row
    report = json.loads(built.stdout)
    row.update(passages=report["passages"], vectors=report["vectors"], units_in_full_build=report["units_in_full_build"],
               phases=report["phases"], index_folder=str(data))
    row["disk"] = {"index.db": (data / "index.db").stat().st_size / 1e6,
                   "vectors.faiss": (data / "vectors.faiss").stat().st_size / 1e6, "data folder": folder_mb(data)}
    (logs / "questions.txt").write_text("\n".join(questions) + "\n")
    searched = run([sys.executable, script, "search", str(data), str(logs / "questions.txt")], env, limit,
                   logs / "lowlevel-search")
    row["search"] = json.loads(searched.stdout)
    row["search_rss_mb"] = searched.peak_rss_mb
    return row


def compare_vectors(folder: Path, out: Path, limit: float, langchain: bool) -> dict:
    import numpy as np

    exported = scale_vectors.export(folder, out)
    queries = np.load(out / "Q.npy")
    result = {"vectors": exported["vectors"], "dimension": exported["dimension"],
              "peerbot_k10": scale_vectors.peerbot_search(folder, queries, 10),
              "peerbot_k200": scale_vectors.peerbot_search(folder, queries, 200)}
    result["recall_k10"] = scale_vectors.recall_against_exact(out, result["peerbot_k10"].pop("ids"), 10)
    result["peerbot_k200"].pop("ids")
    if langchain:
        result["langchain_k10"] = scale_vectors.langchain_search(out, 10, limit)
    return result


def measure(label: str, work: Path, args) -> dict:
    passages = scale_corpus.SIZES[label]
    folder = work / label
    corpus, data, logs = folder / "corpus", folder / "data", folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stats = scale_corpus.write_corpus(corpus, passages, args.seed)
    questions = scale_corpus.questions(WARM_UP + args.questions, stats["documents"], args.seed)
    row = {"size": label, "documents": stats["documents"], "corpus_mb": stats["bytes"] / 1e6,
           "generate_s": stats["seconds"], "load_before": os.getloadavg()[0]}
    full = passages <= scale_corpus.SIZES[args.full_build_max]
    row.update((full_path if full else lowlevel_path)(corpus, data, questions, args.limit, logs))
    if "index_folder" in row:
        row["vector_search"] = compare_vectors(Path(row["index_folder"]), folder / "export", args.limit,
                                               not args.no_langchain)
    row["load_after"] = os.getloadavg()[0]
    if not args.keep:
        shutil.rmtree(folder)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["2k", "20k", "100k", "1m"], choices=list(scale_corpus.SIZES))
    parser.add_argument("--full-build-max", default="100k", choices=list(scale_corpus.SIZES),
                        help="largest size built with `peerbot index`; larger ones build vectors + FTS only")
    parser.add_argument("--limit", type=float, default=1200, help="seconds any one step may take")
    parser.add_argument("--questions", type=int, default=40, help="timed questions (after 5 warm-up ones)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--no-langchain", action="store_true", help="skip LangChain's recipe")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--keep", action="store_true", help="keep corpora and indexes")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="peerbot-scale-"))
    started = time.perf_counter()
    rows = []
    try:
        for label in args.sizes:
            rows.append(measure(label, work, args))
            print(f"{label}: done at {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    machine = {"nproc": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "python": platform.python_version(), "niceness": os.nice(0), "seconds": time.perf_counter() - started}
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": rows}, indent=1))
    print(scale_report.markdown(machine, rows))


if __name__ == "__main__":
    main()
