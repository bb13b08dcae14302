"""What `peerbot index` and `peerbot eval` print: a build's report and a question set's scores."""

from __future__ import annotations

from bot.evaluation import HEADLINE, EvalReport
from index import BuildReport, one_line


def render_build_report(report: BuildReport) -> str:
    """What `peerbot index` (or a first-use build) reports: skipped files, then one summary line."""
    lines = [one_line(f"peerbot: skipped {error}") for error in report.errors]  # a file's name may hold a line break
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged"
    )
    lines.append(
        f"Indexed with {report.model}: documents {counts}; {report.passages_embedded} passages embedded "
        f"({report.vectors_embedded} vectors), {report.passages_total} in the index; {report.seconds:.1f}s"
    )
    return "\n".join(lines)


def render_eval(report: EvalReport) -> str:
    """`peerbot eval`: the headline figures, one row per category (n/a where a category has no
    questions or labels), then every question not answered with its evidence first, or not declined
    the right way."""
    def shown(value) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    lines = [f"questions          {report.questions}"]
    lines += [f"{name:<18} {shown(getattr(report, name))}" for name in HEADLINE]
    columns = ("recall_at_1", "recall_at_5", "mrr", "contact_hit_at_3", "answered", "declined", "right_outcome")
    lines += ["", f"{'category':<12} {'n':>4}  " + "  ".join(f"{c:>16}" for c in columns)]
    for name, score in report.categories.items():
        lines.append(f"{name:<12} {score.questions:>4}  " + "  ".join(f"{shown(getattr(score, c)):>16}" for c in columns))
    misses = [r for r in report.results if not r.ok]
    if misses:
        lines += ["", "not right (the evidence not first, or the wrong outcome):"]
    for r in misses:
        if r.category in ("off_topic", "not_covered"):
            what = f"{r.outcome} (expected {'out_of_scope' if r.category == 'off_topic' else 'not_covered'})"
        elif not r.answered:
            what = f"{r.outcome} (should answer)"
        else:
            what = f"evidence at rank {r.rank}" if r.rank else "evidence not in the snippets"
        lines.append(f"  {r.id} [{r.category}]: {what}: {r.question}")
    return "\n".join(lines) + "\n"
