"""Add to `benchmarks/nc_signals.py`'s rows a labelled-neighbour signal (issue 9, part 3, round 8): each
question's best cosine similarity to the not-covered tuning questions of the *other* files (so scoring
it leave-one-file-out never lets a question see its own file's labels), `knn_nc`; scored by
`benchmarks/nc_signals_score.py`.
Run: OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/nc_signals_knn.py /tmp/nc_rows.json
"""
import json
import sys

import numpy as np

from bot.settings import Settings
from index.embedder import load_embedder


def main(path: str) -> None:
    rows = json.load(open(path))
    vectors = load_embedder(Settings().model).embed_query([r["q"] for r in rows])
    files = np.array([r["file"] for r in rows])
    not_covered = np.array([r["cat"] == "not_covered" for r in rows])
    for i, r in enumerate(rows):
        r["knn_nc"] = float((vectors[(files != r["file"]) & not_covered] @ vectors[i]).max())
    json.dump(rows, open(path, "w"))


if __name__ == "__main__":
    main(sys.argv[1])
