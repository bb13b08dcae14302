"""Writes the two lists that widen Faker's (`benchmarks/write_name_lists.py`): `popular_given_names.txt`, given names
among the ONS's hundred most given to babies in England and Wales (2019-2023) that Faker's locales lack ("ruby",
"poppy", "isla", "albie"), and `word_surnames.txt`, family names among the 5,000 most common of the US census (the
`names` package, MIT) that are lower-case English words in SCOWL's British English list and on no list yet ("steel",
"swan", "bone"). Not run by peerbot: the lists are committed.

    python3 -m venv /tmp/names && /tmp/names/bin/pip install names==0.3.0 && apt-get install wbritish
    /tmp/names/bin/python benchmarks/write_more_names.py
"""

from __future__ import annotations

import importlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "bot" / "redact"
WORDS = Path("/usr/share/dict/british-english")
SURNAMES_RANK = 5_000  # the census's most common surnames taken
# The ONS's "Baby names in England and Wales" top 100s, 2019-2023, girls and boys: the names of them on no list of
# Faker's locales (checked by hand against given_names.txt)
POPULAR = """isla ava willow poppy elsie millie ruby maisie hallie esme arabella imogen delilah layla gracie darcie
    scarlett lottie mabel lyla myla ayla frankie lilah bella skye harper muhammad freddie archie albie reggie arlo louie
    jaxon sonny otis ollie jenson grayson bodhi dexter finley hudson brody ellis rueben""".split()


def main() -> None:
    (OUT / "popular_given_names.txt").write_text(
        "# Given names among the ONS's top 100 for babies in England and Wales (2019-2023) that Faker's locales lack.\n"
        "# Written by benchmarks/write_more_names.py; one a line.\n" + "\n".join(sorted(set(POPULAR))) + "\n",
        encoding="utf-8")
    known = {line.strip().lower() for line in (OUT / "family_names.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    english = {w.strip() for w in WORDS.read_text(encoding="utf-8").splitlines() if w.strip().islower()}
    table = Path(importlib.import_module("names").__file__).parent / "dist.all.last"
    ranked = [line.split() for line in table.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = sorted({name.lower() for name, *_, rank in ranked if int(rank) <= SURNAMES_RANK
                    and name.lower() in english and name.lower() not in known})
    (OUT / "word_surnames.txt").write_text(
        f"# Family names among the US census's (1990) {SURNAMES_RANK:,} most common, from the names package 0.3.0\n"
        "# (https://pypi.org/project/names/, MIT licence, Copyright Trey Hunner), that are lower-case English words in\n"
        "# SCOWL's British English list (Debian's wbritish) and not in family_names.txt. Written by\n"
        "# benchmarks/write_more_names.py; one a line.\n" + "\n".join(words) + "\n", encoding="utf-8")
    print("popular_given_names.txt", len(set(POPULAR)), "word_surnames.txt", len(words))


if __name__ == "__main__":
    main()
