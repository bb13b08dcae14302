"""The enablers a passage names, looked up once per build (`EnablerNames`), are what
`named_enablers` finds; and words lose a plural "s" exactly by the rule written out."""

from __future__ import annotations

import random
import re

from conftest import KNOWLEDGE

from index.linking import EnablerNames, named_enablers, names_enabler
from index.taxonomy import load_enablers

_TOKEN = re.compile(r"[a-z0-9]+")


def _texts(count: int, seed: int = 20) -> list[str]:
    enablers = load_enablers(KNOWLEDGE)
    words = [w for e in enablers for term in (e.name, *e.synonyms) for w in term.split()]
    words += ["Boards", "boards", "trust's", "the", "s", "ss", "bus", "gas", "2s", "é", "İs", "-", ".", "\n"]
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_enabler_names_are_what_named_enablers_and_names_enabler_find():
    enablers = load_enablers(KNOWLEDGE)
    names = EnablerNames(enablers)
    found_any = 0
    for text in _texts(3000):
        found = names(text)
        assert found == named_enablers(text, enablers) == {e.id for e in enablers if names_enabler(text, e)}, text
        found_any += bool(found)
    assert found_any > 300  # the texts name enablers often enough to compare something


def test_words_drop_a_plural_s_by_the_rule():
    from index.linking import _words

    rng = random.Random(21)
    alphabet = list("abcsS s1-.é'") + ["İ", "ß", "\n"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        expected = [w[:-1] if len(w) > 3 and w[-1] == "s" else w for w in _TOKEN.findall(text.lower())]
        assert _words(text) == expected, text
