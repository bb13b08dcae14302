"""Write knowledge/example_questions.yaml from question files (issue 9; BENCHMARKS.md, "More
questions per passage" and "Denser example questions"): each in-domain question, file after file,
with the document of the first passage, in document order, that holds one of its evidence strings,
and that string.

    .venv/bin/python benchmarks/write_example_questions.py tests/data/questions_tune_more.jsonl \
        tests/data/questions_tune_more2.jsonl > knowledge/example_questions.yaml

The passages come from the bundled corpus, chunked as the build chunks it (a temporary index built
with the hashing embedder: chunking does not depend on the model). A question none of whose
evidence strings a passage holds is left out and named on stderr.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

from bot.corpus import open_corpus
from bot.evaluation import load_questions, normalise
from bot.settings import Settings

HEADER = """\
# Example questions (issue 9): questions people ask about the lessons, each attached to the passage
# that answers it, so a passage is also found by how people ask about it. `question`: as asked;
# `document`: the id of the document that answers it; `evidence`: verbatim words of that document
# locating the passage (its first passage holding them). Embedded once when the index loads; their
# rank is fused into the order of hits (index/examples.py). Written by
# benchmarks/write_example_questions.py from {files}
# (in-domain questions written from summaries of the corpus by someone who did not see its wording).
"""


def main(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as data:
        corpus, _ = open_corpus(Settings(data_dir=Path(data), model="hashing"))
        passages = sorted(corpus.index.passages.values(), key=lambda p: (p.document_id, p.position))
        plain = [(p, normalise(p.text)) for p in passages]
        corpus.close()
    entries = []
    for q in (q for path in paths for q in load_questions(path)):
        if q.category != "in_domain":
            continue
        found = next(((p.document_id, e) for e in q.evidence for p, text in plain if normalise(e) in text), None)
        if found is None:
            print(f"{q.id}: no passage holds its evidence; left out", file=sys.stderr)
            continue
        entries.append({"question": q.q, "document": found[0], "evidence": found[1]})
    sys.stdout.write(HEADER.format(files=", ".join(str(p) for p in paths)) + yaml.safe_dump({"example_questions": entries}, sort_keys=False, allow_unicode=True, width=1000))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: write_example_questions.py QUESTIONS.jsonl [MORE.jsonl ...]")
    main([Path(arg) for arg in sys.argv[1:]])
