"""The literal screen before a cue's pattern (`bot.cue_literals`): it never passes over text the pattern matches."""

import json
from pathlib import Path

import pytest

from bot.cue_literals import ScreenedCues, required_literals
from bot.cue_patterns import compile_cue
from bot.scope_files import load_out_of_scope

DATA = Path(__file__).parent / "data"
KNOWLEDGE = Path(__file__).parent.parent / "knowledge"


@pytest.mark.parametrize("cue, needs", [
    (r"\bphone\s+numbe?rs?\b", ("phone",)),  # the longest run every match holds; "numb" and "r" are shorter
    (r"\b(my|our) (son|daughter)\b", ("son", "daughter")),  # one from each alternative, the more selective group
    (r"\bWho IS\b", ("who is",)),  # in lower case, as the text is compared
    (r"\bhack(ing)? (into |the )", ("hack",)),  # as long as "into "/"the ", and one literal, not two
    (r"\b(?:a|the)?\s*rota\b", ("rota",)),  # an optional part needs nothing
    (r"(ab)+c", ("ab",)),  # a repeat done at least once needs what it repeats
    (r"x(?:yz)*w", ("x",)),
    (r"\bcaf\u00e9 menu\b", (" menu",)),  # a letter beyond ASCII ends a run
    (r"\d+\s+\w+", None),  # no literal at all
    (r"(?:lunch|\w+ing) out", (" out",)),  # an alternative needing nothing leaves the alternation unscreened
])
def test_required_literals_are_what_every_match_holds(cue, needs):
    assert required_literals(compile_cue(cue)) == needs


def _texts() -> list[str]:
    """The tuning questions, the file's own examples, and each in upper case and title case."""
    texts = [k for kind in load_out_of_scope(KNOWLEDGE) for k in kind.examples]
    for pattern in ("dev_questions.jsonl", "probe_questions.jsonl", "questions_tune*.jsonl"):
        for path in sorted(DATA.glob(pattern)):
            texts += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [variant for text in texts for variant in (text, text.upper(), text.title())]


def test_the_screen_never_passes_over_a_bundled_cue_that_matches():
    kinds = load_out_of_scope(KNOWLEDGE)
    patterns = list(dict.fromkeys(p for kind in kinds for p in (*kind.cues, *kind.unless)))
    assert all(required_literals(p) for p in patterns)  # every bundled cue is screened
    matched = 0
    for text in _texts():
        lower = text.lower()
        for pattern in patterns:
            if pattern.search(text):
                matched += 1
                assert any(n in lower for n in required_literals(pattern) or ()), (pattern.pattern, text)
    assert matched > 500  # the texts reach the cues: the check above is not vacuous


def test_a_screened_kind_cues_what_its_patterns_match():
    kinds = {k.name: k for k in load_out_of_scope(KNOWLEDGE)}
    for text in _texts()[::7]:
        for kind in kinds.values():
            plain = any(c.search(text) for c in kind.cues) and not any(u.search(text) for u in kind.unless)
            assert kind.cued(text) == plain, (kind.name, text)


def test_text_beyond_ascii_is_left_to_the_pattern():
    cues = ScreenedCues((compile_cue(r"\bspend\b"), compile_cue(r"\bkit\b")))
    assert cues.search("what did you \u017fpend")  # the long s matches "s" in any case; no literal "spend" in it
    assert cues.search("the \u212ait list")  # the Kelvin sign matches "k"
    assert not cues.search("what did trusts share?", "how do partners pool budgets")
    assert cues.search("nothing here", "Where do I SPEND it?")  # any wording

