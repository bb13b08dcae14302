"""Question sets written from summary points (issue 9): which questions must share a fold.

`point_groups(path)` reads a question file (tests/data/questions_tune.jsonl's format, with `points`:
the summary points each question was written from, and `variant_of` for a misspelt variant) and
names each question's group: questions sharing a point, directly or through another question, and a
variant with its base question, are one group. Cross-validation by group keeps everything asked
about one point on one side of a split. `knowledge_without_examples` is the corpus the measurements
start from: the bundled knowledge without the example questions the product attaches.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def point_groups(path: Path) -> dict[str, str]:
    """Question id -> its group's name ("more:" and one of its questions' ids)."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    parent = {row["id"]: row["id"] for row in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[str, str] = {}
    for row in rows:
        for key in row.get("points") or ():
            if key in first:
                parent[find(row["id"])] = find(first[key])
            else:
                first[key] = row["id"]
        if row.get("variant_of") in parent:
            parent[find(row["id"])] = find(row["variant_of"])
    return {row["id"]: "more:" + find(row["id"]) for row in rows}


def knowledge_without_examples(folder: Path) -> Path:
    """A copy of the bundled knowledge folder in `folder` without `example_questions.yaml`, so that
    "before" is the search as it was before example questions, and no question finds itself among them."""
    from index.examples import EXAMPLES_FILE

    target = folder / "knowledge"
    shutil.copytree(Path(__file__).resolve().parent.parent / "knowledge", target,
                    ignore=shutil.ignore_patterns(EXAMPLES_FILE))
    return target
