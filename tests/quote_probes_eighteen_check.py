"""Round eighteen's check probes: written after its fixes and run once, never tuned on (BENCHMARKS.md "Stop 47"):
other wordings of the same classes as tests/quote_probes_eighteen.py. Read by benchmarks/quotes_probes.py
(`--probes quote_probes_eighteen_check`); no test asserts them, so a miss is reported, not fitted."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"
WIERZBICKI = "Tomasz Wierzbicki"

UNCREDITED = {
    "a line under a quotation": [f"Larch ward.\n\n“{WORDS}”\n\n{line}" for line in (
        f"{MOREAU}, Chief executive, reading from a patient's letter", f"{MOREAU}, Chief executive (paraphrased)",
        f"Pictured: {MOREAU}, Chief executive", f"{MOREAU}, Chief executive, responds below",
        f"With thanks to {MOREAU}, Chief executive")],
    "a name line then a post line above a quotation": [f"Larch ward.\n\n{MOREAU}\n\n{line}\n\n“{WORDS}”" for line in (
        "Chief executive, reading a carer's message", "Chief executive, who asked a porter")],
    "an opening mark never closed": [
        f"“{SAID}, said the ward sister to {MOREAU}.", f"“{SAID}, said {MOREAU}'s predecessor.",
        f"“{SAID}, a patient told {MOREAU}."],
    "a pronoun opening the paragraph after": [
        f"{MOREAU} chairs the board. She thanked the ward sister.\n\n“{SAID},” she said.",
        f"{MOREAU} chairs the board.\n\nShe joined in 2024.\n\n“{SAID},” she said.",
        f"Patients wrote to {MOREAU}. She replied to each.\n\n“{SAID},” she said."],
    "initials under a blockquote": [f"{MOREAU} (IM) spoke. Imran Malik (IM) replied.\n\n> {WORDS}\n>\n> — IM"],
}
CREDITED = {
    "a line under a quotation": [(f"Larch ward.\n\n“{WORDS}”\n\n{MOREAU}, Medical director, Cairnmore", WORDS),
                                 (f"Larch ward.\n\n“{WORDS}”\n\n**{MOREAU}**, Chief executive", WORDS)],
    "a name line then a post line above a quotation": [
        (f"Larch ward.\n\n**{MOREAU}**\n\nMedical director\n\n“{WORDS}”", WORDS)],
    "an opening mark never closed": [(f"“{SAID}, explained {MOREAU}.", SAID),
                                     (f"“{SAID}, said {MOREAU} at the board.", SAID)],
    "a pronoun opening the paragraph after": [
        (f"{MOREAU} chairs the board. She trained as a nurse.\n\n“{SAID},” she explained.", SAID)],
    "initials under a blockquote": [(f"Minutes. Present: {MOREAU} (IM).\n\n> {WORDS}\n>\n> — IM", WORDS)],
}
