"""Round sixteen's probes (BENCHMARKS.md "Stop 44"): one-paragraph (or two-paragraph) documents beside the adversarial
set's shapes. `UNCREDITED`: each class's texts a reader would credit to no one; `CREDITED`: texts credited to Dr Ines
Moreau (text, her words), the must-not-take texts of those classes and the round-fifteen leftovers now read. Read by
tests/test_quotes_round_sixteen.py and benchmarks/quotes_probes.py."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]


def _leads(*leads: str) -> list[str]:
    return [f"{lead} “{WORDS}”" for lead in leads]


def _tails(*tails: str) -> list[str]:
    return [f"“{SAID},” {tail}" for tail in tails]


UNCREDITED = {
    "a document the speaker cites or reads from": _leads(
        "Citing the board paper, Dr Ines Moreau said", "Quoting the 2019 strategy, Dr Ines Moreau told the board:",
        "Reading from the plan, Dr Ines Moreau said:", "Reading out the coroner's letter, Dr Ines Moreau said:",
        "Misquoting the guidance, Dr Ines Moreau said:", "Echoing the strategy, Dr Ines Moreau said:"),
    "someone else speaking for the speaker": _tails(
        "Dr Ines Moreau said through a spokesperson.", "said Dr Ines Moreau, via her press office.",
        "Dr Ines Moreau said through her solicitor.") + _leads(
        "Dr Ines Moreau, through a spokeswoman, said:", "Through her office, Dr Ines Moreau said:"),
    "others' words after 'According to Name'": [
        f"According to Dr Ines Moreau, patients said the ward was “{SAID}”.",
        f"According to Dr Ines Moreau, the nurses told her “{SAID}”.",
        f"In Dr Ines Moreau's words, the porters said “{SAID}”."],
    "round fifteen's leftovers, read now": [
        f"Critics claim Dr Ines Moreau put it this way.\n\n“{WORDS}”",
        f"Dr Ines Moreau's deputy put it this way.\n\n“{WORDS}”",
        f"“{WORDS}” (Dr Ines Moreau disputes this)", f"“{WORDS}” (Dr Ines Moreau, allegedly)",
        f"“{WORDS}” (attributed to Dr Ines Moreau)", f"“{WORDS}” (Dr Ines Moreau, quoting a patient)",
        f"“{WORDS}” (Dr Ines Moreau and Tomasz Wierzbicki)",
        f"“{SAID}?” Dr Ines Moreau asked a governor. “{SAID},” came the reply.",
        f"“{SAID}?” a governor asked Dr Ines Moreau and Tomasz Wierzbicki. “{SAID},” came the reply.",
        f"**Dr Ines Moreau: “{WORDS}”**", f"**“{SAID},” says Dr Ines Moreau**"],
}
CREDITED = {
    "a document the speaker cites or reads from": [(text, WORDS) for text in _leads(
        "After citing the figures, Dr Ines Moreau said:", "In Reading, Dr Ines Moreau said:")],
    "someone else speaking for the speaker": [(f"“{SAID},” said Dr Ines Moreau through gritted teeth.", SAID)],
    "others' words after 'According to Name'": [(text, WORDS) for text in (
        f"According to Dr Ines Moreau, chief executive, “{WORDS}”", f"In Dr Ines Moreau's words, “{WORDS}”")],
    "round fifteen's leftovers, read now": [(text, WORDS) for text in (
        f"Dr Ines Moreau, the trust's chief executive, put it this way.\n\n“{WORDS}”",
        f"Dr Ines Moreau put it like this.\n\n“{WORDS}”", f"Dr Ines Moreau had this to say.\n\n“{WORDS}”",
        f"“{WORDS}” (Dr Ines Moreau, chief executive)", f"“{WORDS}” (Dr Ines Moreau)",
        f"**Dr Ines Moreau:** “{WORDS}”")] + [(text, SAID) for text in (
        f"“Is the ward closing?” a governor asked Dr Ines Moreau. “{SAID},” came the reply.",
        f"‘{SAID},” said Dr Ines Moreau.", f"“{SAID},” Dr Ines Moreau cut in.", f"“{SAID},” Dr Ines Moreau interjected.")],
}
