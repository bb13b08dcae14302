"""Quotations on documents peerbot has never seen: the adversarial set's violations, by surface.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/quotes_adversarial.py

Copies the bundled corpus and the adversarial documents (tests/data/quotes_adversarial/, labelled in
tests/data/quotes_adversarial.yaml) into a temporary folder, imports twelve generated Word files and
twelve PDFs with `peerbot import`, writes an approved chat lesson as the lesson desk does, indexes with
the hashing model, then reads every rendering back
(tests/adversarial_quotes.py: the parser, `peerbot ask`/`enabler`/`contacts`/`digest --preview` as
text and JSON, the Slack app over HTTP, Teams cards) and prints Markdown: the set, the
(words, person) pairs each surface showed, and every violation. Exit status 1 when there is any.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from adversarial_quotes import FIXTURES, GOLD, check_everything, credited_counts, form_results  # noqa: E402
from quote_oracle import gold  # noqa: E402


def main() -> int:
    labelled = gold(GOLD)
    documents = sorted({q["document"] for q in labelled})
    with tempfile.TemporaryDirectory(prefix="quotes-adversarial-") as folder:
        report = check_everything(Path(folder))
        forms = form_results(Path(folder) / "knowledge")
        with_speaker, credited, _ = credited_counts(Path(folder) / "knowledge")
        by_round = {name: credited_counts(Path(folder) / "knowledge", rounds)[:2]
                    for name, rounds in (("rounds one to four", {4}), ("round five", {5}), ("round six", {6}),
                                        ("round seven", {7}), ("round eight", {8}),
                                        ("round nine", {9}), ("round ten", {10}), ("round eleven", {11}),
                                        ("round twelve", {12}), ("round thirteen", {13}),
                                        ("round fourteen", {14}), ("round fifteen", {15}),
                                        ("round sixteen", {16}), ("round seventeen", {17}),
                                        ("round eighteen", {18}), ("round nineteen", {19}),
                                        ("round twenty", {20}), ("round twenty-one", {21}))}
    print(f"- adversarial set: {len(documents)} documents ({len(list(FIXTURES.glob('*.md')))} Markdown, "
          f"{len(list(FIXTURES.glob('*.txt')))} text, {len(list(FIXTURES.glob('*.html')))} HTML with a sidecar, "
          "12 Word files and 12 PDFs through `peerbot import`, 1 chat lesson as the lesson desk writes it) added to the "
          "bundled corpus")
    print(f"- labelled quotations: {len(labelled)}, {sum(1 for q in labelled if q['speaker'])} with a speaker, "
          f"{sum(1 for q in labelled if not q['speaker'])} with no clear speaker")
    print("\n| surface | (words, person) pairs shown | violations |\n|---|---|---|")
    by_surface = Counter(v.split(":")[0] for v in report.violations)
    for surface, pairs in report.pairs.items():
        print(f"| {surface} | {pairs} | {by_surface[surface]} |")
    print("\n| form (rounds two to twenty-one) | labelled | parsed right |\n|---|---|---|")
    by_form: dict[str, list[bool]] = {}
    for form, right, _ in forms:
        by_form.setdefault(form, []).append(right)
    for form, rights in by_form.items():
        print(f"| {form} | {len(rights)} | {sum(rights)} |")
    print(f"| **all** | {len(forms)} | {sum(right for _, right, _ in forms)} |")
    for _, right, what in forms:
        if not right:
            print(f"- parsed wrong: {what}")
    print(f"\nlabelled quotations with a speaker: {with_speaker}; credited to that speaker by the parser: {credited}; "
          f"missed (shown as the document's text, credited to no one): {with_speaker - credited}")
    for name, (total, right) in by_round.items():
        print(f"- {name}: {right} of {total} credited to their speaker")
    print(f"\n`ask --json` contacts shown with a quotation: {report.contact_quotes}; of them repeating a quotation "
          f"the answer's snippets already show: {len(report.repeated)}")
    print(f"\nviolations: {len(report.violations)}")
    for violation in report.violations:
        print(f"- {violation}")
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
