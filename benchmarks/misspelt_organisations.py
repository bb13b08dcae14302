"""Misspelt names of the corpus's organisations and publishers taken for a person's, and patients'
names beside them kept. Prints Markdown for BENCHMARKS.md.

    .venv/bin/python benchmarks/misspelt_organisations.py

Every organisation, alias, publisher and region the documents' front matter names, of two words or
more, is misspelt one way per word of five letters or more (its next-to-last letter dropped:
"Mutal Ventures" is not among them, "Mutual Ventues" is), in "What did … find?". A misspelling counts
as taken for a person when the question comes back with "[name]" in it. Then each name, spelt right
and misspelt, is followed by a patient's name ("What did Mutual Ventues John Smith say?"): the
patient's name must go every time. Publishes what `benchmarks/redaction.py` publishes (this
checkout's mirror of `bot.corpus`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.redaction import leaders, organisations  # noqa: E402
from bot.redact import publish, redact  # noqa: E402
from index.documents import load_document  # noqa: E402

PATIENTS = ("John Smith", "Chidi Okafor", "Sarah Jones")


def named() -> list[str]:
    """Every name of two words or more the front matter gives an organisation, publisher or region."""
    names = set()
    for path in (ROOT / "knowledge").glob("*.md"):
        doc = load_document(path)
        names.update([*doc.organisations, *doc.aliases, doc.publisher, *doc.region.split(";")])
    return sorted(name.strip() for name in names if len(name.split()) > 1)


def misspellings(name: str) -> list[str]:
    """`name` with one of its words of five letters or more missing its next-to-last letter."""
    words = name.split()
    return [" ".join([*words[:i], word[:-2] + word[-1], *words[i + 1:]])
            for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]


def main() -> None:
    publish(leaders(), organisations())
    names = named()
    misspelt = [wrong for name in names for wrong in misspellings(name)]
    taken = [wrong for wrong in misspelt if "[name]" in redact(f"What did {wrong} find?")]
    beside = [(body, patient) for body in [*names, *misspelt] for patient in PATIENTS]
    kept = [f"{body} {patient}" for body, patient in beside
            if any(part in redact(f"What did {body} {patient} say?") for part in patient.split())]
    print(f"{len(names)} names of two words or more, {len(misspelt)} misspellings: {len(taken)} taken for a "
          f"person's name" + (f" ({'; '.join(taken)})" if taken else "") + ".")
    print(f"{len(beside)} patients' names right after one, spelt right or misspelt: {len(kept)} kept"
          + (f" ({'; '.join(kept)})" if kept else "") + ".")


if __name__ == "__main__":
    main()
