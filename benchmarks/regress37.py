"""Stop 37's regression check of the merged redaction, Slack `verbatim` and acronym code (pure, timed):
`redact` and `without_identifiers` on questions of 1,000 (the question limit) and 40,000 characters
made of one unit repeated (digits, spaces, dots, dashes, "nhs", names in each case, apostrophes,
accents, dates, emails …); `document_text` and `quoted_words` on excerpts full of `*`, `_` and lines;
`acronym_definitions` on odd passages. Prints each case over 0.5 s or over Slack's limits.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/regress37.py [--long]
"""

from __future__ import annotations

import sys
import time

from bot.redact import redact, without_identifiers
from bot.slack.block_kit import MAX_SECTION
from bot.slack.blocks import document_text, quoted_words
from index import acronym_definitions

UNITS = {
    "digits": "1234567890", "digits-spaced": "12 34 ", "dots": "1.2.", "dashes": "1-2-", "nhs": "nhs 123 ",
    "NHS": "NHS ", "capitalised": "Amal Haddad ", "lower": "amal haddad ", "apostrophes": "O'Neill D'Arcy ",
    "accents": "Seán Ó Dónaill ", "hyphenated": "Dr Ann-Marie O'Brien-Smith ", "date": "03-Apr-",
    "date-digits": "1/2/", "postcode": "LS1 ", "extension": "ext 1 x", "plus": "+44 ", "bracket": "(0",
    "email": "a@b.", "underscore": "a_b ", "gmc": "GMC number ", "mrn": "MRN K", "chinese": "王小明 ",
    "gaelic": "Mac an tSaoir ", "capitals": "AMAL HADDAD ", "title": "Dr ", "ordinal": "1st of March ",
    "month-day": "March 1 ", "address": "12 Amal ",
}


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    lengths = (1000, 40000) if "--long" in sys.argv else (1000,)
    cases = slow = 0
    redact("Amal Haddad")  # the name lists load on first use, once a process
    for name, unit in UNITS.items():
        for n in lengths:
            text = (unit * (n // len(unit) + 1))[:n]
            for fn in (redact, without_identifiers):
                cases += 1
                if (took := _timed(fn, text)) > 0.5:
                    slow += 1
                    print(f"slow {fn.__name__} {name} {n}: {took:.2f} s")
    excerpts = {"stars": "*" * 5000, "marks-in-words": "a*b_c " * 1000, "lines": "x\n" * 3000,
                "star-lines": "*\n" * 3000, "spans": "*bold* _it_ ~s~ `c` " * 400, "entities": "&<>*" * 2000}
    over = 0
    for name, text in excerpts.items():
        for shown in (document_text(text), quoted_words(text, 2600)):
            cases += 1
            if len(shown) > MAX_SECTION or len(shown.strip("> …“”")) == 0:
                over += 1
                print(f"excerpt {name}: {len(shown)} characters shown {shown[:40]!r}")
    passages = {"brackets": "Ab Bc (AB) " * 4000, "long-prefix": "word " * 8000 + "Alpha Beta (AB)",
                "bracket-10k": "ELFT (" + "East London " * 900 + ")", "non-latin": "Служба здравоохранения (СЗ) 国民保健服务 (NHS)"}
    for name, text in passages.items():
        cases += 1
        if (took := _timed(acronym_definitions, [(1, text)])) > 0.5:
            slow += 1
            print(f"slow acronym_definitions {name} ({len(text)} characters): {took:.2f} s")
    print(f"{cases} cases: {slow} over 0.5 s, {over} excerpts over Slack's section or emptied")


if __name__ == "__main__":
    main()
