"""Markdown tables for benchmarks/bench_scale.py's measurements."""

from __future__ import annotations

from scale_measure import percentile


def _ms(values: list[float]) -> str:
    return f"{percentile(values, 50) * 1000:.1f} / {percentile(values, 95) * 1000:.1f}" if values else "–"


def _n(value) -> str:
    return f"{value:,}" if isinstance(value, int) else "–"


def _cli_table(rows: list[dict]) -> list[str]:
    out = ["| passages | documents | vectors | `peerbot index` s | passages/s | build CPU s | build peak RSS MB | "
           "index.db + vectors.faiss MB | spawn to first answer s | warm answer p50 / p95 ms | CPU per answer "
           "p50 / p95 ms | `ask` peak RSS MB | outcomes |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        disk = r.get("disk", {})
        rate = f"{r['passages'] / r['build_wall']:.0f}" if "passages" in r else "–"
        first = f"{r['first_answer_s']:.1f}" if "first_answer_s" in r else "–"
        out.append(
            f"| {_n(r.get('passages'))} | {_n(r['documents'])} | {_n(r.get('vectors'))} | {r['build_wall']:.1f} | "
            f"{rate} | {r['build_cpu']:.1f} | {r['build_rss_mb']:.0f} | "
            f"{disk.get('index.db', 0):.0f} + {disk.get('vectors.faiss', 0):.0f} | {first} | "
            f"{_ms(r.get('answer_wall', []))} | {_ms(r.get('answer_cpu', []))} | {r.get('ask_rss_mb', 0):.0f} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(r.get('outcomes', {}).items())) or r.get('note', '')} |")
    return out


def _lowlevel_table(rows: list[dict]) -> list[str]:
    out = ["| passages | documents | vectors built | vectors a full build would hold | build s (read + chunk / "
           "SQLite + FTS5 / embed / FAISS) | passages/s | peak RSS MB | index.db + vectors.faiss MB | "
           "exact vector search k=200 p50 / p95 ms | FTS5 BM25 k=200 p50 / p95 ms | search process peak RSS MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "phases" not in r:
            out.append(f"| – | {_n(r['documents'])} | – | – | {r['build_wall']:.0f} | – | – | – | – | – | {r.get('note', '')} |")
            continue
        p, disk, s = r["phases"], r["disk"], r["search"]
        out.append(
            f"| {_n(r['passages'])} | {_n(r['documents'])} | {_n(r['vectors'])} | {_n(r['units_in_full_build'])} | "
            f"{r['build_wall']:.0f} ({p['read_chunk']:.0f} / {p['sqlite']:.0f} / {p['embed']:.0f} / {p['faiss']:.0f}) | "
            f"{r['passages'] / r['build_wall']:.0f} | {r['build_rss_mb']:.0f} | "
            f"{disk['index.db']:.0f} + {disk['vectors.faiss']:.0f} | {_ms(s['vector'])} | {_ms(s['fts'])} | "
            f"{r['search_rss_mb']:.0f} |")
    return out


def _vector_table(rows: list[dict]) -> list[str]:
    out = ["| passages | vectors (d) | peerbot's index | recall@10 vs exact | peerbot k=10: p50 / p95 ms (CPU p50) | "
           "peerbot k=200: p50 / p95 ms | LangChain k=10: p50 / p95 ms (CPU p50) | LangChain / peerbot (p50, k=10) | "
           "LangChain build s | LangChain RSS MB: store / peak |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        v = r.get("vector_search")
        if not v:
            continue
        ours, ours200, lc = v["peerbot_k10"], v["peerbot_k200"], v.get("langchain_k10")
        recall = f"{v['recall_k10']:.3f}" if "recall_k10" in v else "–"
        cells = [f"{_n(r['passages'])}", f"{_n(v['vectors'])} ({v['dimension']})", ours["index"], recall,
                 f"{_ms(ours['wall'])} ({percentile(ours['cpu'], 50) * 1000:.1f})", _ms(ours200["wall"])]
        if lc:
            ratio = percentile(lc["wall"], 50) / percentile(ours["wall"], 50)
            cells += [f"{_ms(lc['wall'])} ({percentile(lc['cpu'], 50) * 1000:.1f})", f"{ratio:.1f}x",
                      f"{lc['build_s']:.1f}", f"{lc['rss_store_mb']:.0f} / {lc['peak_rss_mb']:.0f}"]
        else:
            cells += ["–"] * 4
        out.append("| " + " | ".join(cells) + " |")
    return out


def markdown(machine: dict, rows: list[dict]) -> str:
    loads = ", ".join(f"{r['size']} {r['load_before']:.2f} → {r['load_after']:.2f}" for r in rows)
    lines = [f"Machine: nproc {machine['nproc']}, {machine['processor']}, Python {machine['python']}, "
             f"niceness {machine['niceness']}; 1-minute load average before → after each size: {loads}; "
             f"{machine['seconds'] / 60:.0f} min in all.", ""]
    cli = [r for r in rows if r["path"].startswith("peerbot")]
    low = [r for r in rows if not r["path"].startswith("peerbot")]
    if cli:
        lines += ["Through the CLI (`peerbot index`, then `peerbot ask --json -`; hashing embedder):", "", *_cli_table(cli), ""]
    if low:
        lines += ["Vectors and FTS only, through peerbot's lowest-level parts (a full build is far too slow today):", "",
                  *_lowlevel_table(low), ""]
    lines += ["Vector search on the same vectors: peerbot's served index (`vectors.faiss`, FAISS on one thread) "
              "and LangChain's standard FAISS recipe (defaults, FAISS's own threads):", "", *_vector_table(rows)]
    return "\n".join(lines)
