"""Markdown and the recommendation for benchmarks/faiss_choice.py's measurements."""

from __future__ import annotations

from collections.abc import Callable

EXACT_BUDGET_MS = 5.0  # exact search is kept while its p95 is within half the 10 ms vector-search budget


def _crossing(curve: list[dict], limit_ms: float) -> int | None:
    """Vectors at which exact search's p95 reaches `limit_ms` (linear between measured sizes)."""
    for low, high in zip(curve, curve[1:]):
        if low["cpu_p95_ms"] <= limit_ms < high["cpu_p95_ms"]:
            share = (limit_ms - low["cpu_p95_ms"]) / (high["cpu_p95_ms"] - low["cpu_p95_ms"])
            return int(low["vectors"] + share * (high["vectors"] - low["vectors"]))
    return None if curve[-1]["cpu_p95_ms"] <= limit_ms else curve[0]["vectors"]


def _sweep_table(rows: list[dict]) -> list[str]:
    out = ["| index | build | build s | bytes a vector | MB | search setting: recall@10 / p95 CPU ms / p95 wall ms |",
           "|---|---|---|---|---|---|"]
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["index"], r["build_params"]), []).append(r)
    for (name, params), group in groups.items():
        first = group[0]
        cells = " · ".join((f"{r['knob']}={r['value']}: " if r["knob"] else "") +
                           f"{r['recall']:.3f} / {r['cpu_p95_ms']:.2f} / {r['p95_ms']:.2f}" for r in group)
        out.append(f"| {name} | {params} | {first['build_s']:.1f} | {first['bytes_per_vector']:.0f} | "
                   f"{first['bytes'] / 1e6:.0f} | {cells} |")
    return out


def _choice(r: dict | None) -> str:
    if r is None:
        return "none reaches recall@10 0.95"
    setting = f", {r['knob']}={r['value']}" if r["knob"] else ""
    return (f"{r['index']} ({r['build_params']}{setting}): recall@10 {r['recall']:.3f}, CPU p50 / p95 "
            f"{r['cpu_p50_ms']:.2f} / {r['cpu_p95_ms']:.2f} ms (wall {r['p50_ms']:.2f} / {r['p95_ms']:.2f} ms), "
            f"{r['bytes_per_vector']:.0f} bytes a vector ({r['bytes'] / 1e6:.0f} MB), "
            f"built in {r['build_s']:.0f} s")


def markdown(results: dict, best: Callable, budget: float, largest: int) -> str:
    m, s = results["machine"], results["spectra"]
    lines = [f"Machine: nproc {m['nproc']}, {m['processor']}, FAISS {m['faiss']}; builds on {m['build_threads']} "
             f"threads, every search on one; 1-minute load average {m['load_before']:.2f} before, "
             f"{m['load_after']:.2f} after; {m['minutes']:.0f} min in all (encoding {results['encode_s']:.0f} s).", "",
             "| vectors | variance in top 10 / top 50 directions | mean cosine to nearest neighbour |", "|---|---|---|"]
    for name, spec in s.items():
        lines.append(f"| {name} | {spec['top10']:.2f} / {spec['top50']:.2f} | {spec['nn_cosine']:.3f} |")
    lines += ["", "Exact search (`IndexFlatIP`, one thread, k = 10) by size (synthetic vectors):", "",
              "| vectors | CPU p50 / p95 ms | wall p50 / p95 ms |", "|---|---|---|"]
    lines += [f"| {c['vectors']:,} | {c['cpu_p50_ms']:.2f} / {c['cpu_p95_ms']:.2f} | {c['p50_ms']:.2f} / {c['p95_ms']:.2f} |"
              for c in results["exact_curve"]]
    for name, rows in results["sweeps"].items():
        lines += ["", f"**{name} vectors**", "", *_sweep_table(rows)]
    threshold = _crossing(results["exact_curve"], EXACT_BUDGET_MS)
    lines += ["", "**Recommendation** (lowest p95 CPU time a query with recall@10 ≥ 0.95):", ""]
    lines.append(f"- Exact search below about {threshold:,} vectors: its p95 CPU time reaches {EXACT_BUDGET_MS:.0f} ms (half the "
                 "10 ms vector-search budget) there; below it exact search is fast enough, has perfect recall, needs "
                 "no training and takes additions one at a time." if threshold else
                 f"- Exact search stays under {EXACT_BUDGET_MS:.0f} ms at every measured size.")
    for name, rows in results["sweeps"].items():
        if name.startswith("synthetic"):
            approximate = [r for r in rows if r["index"] != "IndexFlatIP"]
            lines.append(f"- {name} vectors: {_choice(best(approximate))}.")
    final = [r for r in results["sweeps"][f"synthetic {largest}"] if r["index"] != "IndexFlatIP"]
    lines.append(f"- Within {budget / 1e9:.1f} GB at {largest:,} vectors: {_choice(best(final, budget))}.")
    return "\n".join(lines)
