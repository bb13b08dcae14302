"""Writes the name lists `bot.redact.name_lists` reads: given names and family names in Latin script from
Faker's person providers (MIT licence), the given names that are also lower-case English words
in SCOWL's British English list (Debian's wbritish), and the short forms of English given names
("jess", "becca", "rob") from the `nicknames` package (Apache-2.0). Not run by peerbot: the lists are committed.

    python3 -m venv /tmp/faker && /tmp/faker/bin/pip install faker nicknames && apt-get install wbritish
    /tmp/faker/bin/python benchmarks/write_name_lists.py
"""

from __future__ import annotations

import importlib
import re
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "bot" / "redact"
# Locales for names common in the UK: British, Irish, South Asian, African, European (Eastern and other)
LOCALES = """en_GB en_IE ga_IE en_US en_IN en_PK en_NG en_KE yo_NG ig_NG ha_NG tw_GH zu_ZA sw pl_PL ro_RO cs_CZ
    sk_SK lt_LT lv_LV hu_HU hr_HR sl_SI et_EE tr_TR pt_PT it_IT es_ES fr_FR de_DE nl_NL""".split()
WORDS = Path("/usr/share/dict/british-english")
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’-]{2,}$")
LICENCE = """# Source: Faker {version} (https://pypi.org/project/Faker/), faker/providers/person/<locale>, locales:
# {locales}. Faker is MIT licensed: Copyright (c) 2012 Daniele Faraglia; permission is granted, free of
# charge, to deal in it without restriction, provided the copyright and permission notice are included.
# Written by benchmarks/write_name_lists.py; one name a line, Latin script only."""


def names(kind: str) -> set[str]:
    """Every name in the locales' lists whose attribute names `kind` ("first_names", "male_last_names" …)."""
    found = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            if not (attribute.endswith("_names") and kind in attribute):
                continue
            for name in getattr(provider, attribute):
                found.update(part for part in name.split() if LATIN.match(part))
    return found


def write(name: str, header: str, entries: set[str]) -> None:
    (OUT / name).write_text(header + "\n" + "\n".join(sorted(entries)) + "\n", encoding="utf-8")
    print(name, len(entries))


def main() -> None:
    header = LICENCE.format(version=version("faker"), locales=" ".join(LOCALES))
    given = names("first")
    write("given_names.txt", header, given)
    write("family_names.txt", header, names("last"))
    english = {w.strip() for w in WORDS.read_text(encoding="utf-8").splitlines() if w.strip().islower()}
    write("english_given_names.txt",
          "# The given names of given_names.txt that are also lower-case English words in SCOWL's British English\n"
          "# list (Debian's wbritish; SCOWL: Copyright 2000-2011 Kevin Atkinson, permission to use, copy, modify,\n"
          "# distribute and sell granted with this notice). Written by benchmarks/write_name_lists.py.",
          {g for g in given if g.lower() in english})
    write("short_forms.txt", SHORT_FORMS_LICENCE.format(version=version("nicknames")), short_forms())


SHORT_FORMS_LICENCE = """# Short forms of English given names ("jess", "becca", "rob"): the nicknames of nicknames {version}
# (https://pypi.org/project/nicknames/, names.csv's has_nickname rows), Apache License 2.0, Copyright
# Carlton Northern and contributors. Written by benchmarks/write_name_lists.py; one a line."""


def short_forms() -> set[str]:
    """Every nickname the `nicknames` package's table gives a given name."""
    table = Path(importlib.import_module("nicknames").__file__).parent / "names.csv"
    rows = (line.split(",") for line in table.read_text(encoding="utf-8").splitlines()[1:])
    return {row[2].strip() for row in rows if len(row) == 3 and row[1] == "has_nickname" and LATIN.match(row[2].strip())}


if __name__ == "__main__":
    main()
