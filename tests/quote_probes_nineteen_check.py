"""Round nineteen's check probes: written after its fixes and run once, never tuned on (BENCHMARKS.md "Stop 48"):
other wordings of the classes tests/test_quotes_round_nineteen.py covers. Read by benchmarks/quotes_probes.py
(`--probes quote_probes_nineteen_check`); no test asserts them, so a miss is reported, not fitted."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"
WIERZBICKI = "Tomasz Wierzbicki"
ASH = "We will open Ash ward in the spring with twenty more beds."

UNCREDITED = {
    "a credit line under a quotation with a reference marker": [
        f"Larch ward.\n\n“{WORDS}”⁹\n\n— {MOREAU}, reading a patient's letter",
        f"Larch ward.\n\n“{WORDS}”[7]\n\n— Pictured: {MOREAU}",
        f"Larch ward.\n\n“{WORDS}”²\n\n— {MOREAU} and {WIERZBICKI}",
        f"Larch ward.\n\n“{WORDS}”[3]\n\n— a ward clerk"],
    "the rest of an open quotation and its credit": [
        f"Larch ward.\n\n“{SAID} …\n\n… and that is the plan,” said a ward clerk.",
        f"Larch ward.\n\n“{SAID}, and\n\nthat is the plan,” {MOREAU} was told by a porter.",
        f"Larch ward.\n\n“{SAID} …\n\n… and that is the plan,” said {MOREAU}'s deputy."],
    "a blockquote of several quotations": [
        f"> “{WORDS}”\n>\n> Ward clerk, Larch ward\n>\n> “{ASH}”\n>\n> — {MOREAU}",
        f"> “{WORDS}”\n>\n> Photograph: Larch ward\n>\n> “{ASH}”\n>\n> {MOREAU}, Chief executive"],
    "a credit by post": [
        f"Larch ward. {MOREAU}, the board's chair, spoke. The acting chair replied.\n\n“{SAID},” said the chair.",
        f"Larch ward. {MOREAU}, the board's chair, spoke.\n\n“{SAID},” said the chair of governors.",
        f"{MOREAU}, the trust's chief executive, and {WIERZBICKI}, its chief executive designate, spoke.\n\n"
        f"“{SAID},” said the chief executive.",
        f"Larch ward. {MOREAU}, the trust's chair, spoke.\n\n“{SAID},” said the chair, citing the minutes."],
}
CREDITED = {
    "a credit line under a quotation with a reference marker": [
        (f"Larch ward.\n\n“{WORDS}”⁹\n\n— {MOREAU}", WORDS),
        (f"Larch ward.\n\n> {WORDS} [12]\n>\n> — {MOREAU}", WORDS)],
    "the rest of an open quotation and its credit": [
        (f"Larch ward.\n\n“{SAID} …\n\n… and the porters,” said the chief executive.\n\n{MOREAU} chairs it.", "")],
    "a blockquote of several quotations": [
        (f"> “{WORDS}”\n>\n> {MOREAU}, Chief executive\n>\n> “{ASH}”\n>\n> A porter, Ash ward", WORDS)],
    "a credit by post": [
        (f"Larch ward. {MOREAU}, the network's medical director, opened the day.\n\n“{SAID},” said the medical "
         "director.", SAID),
        (f"“{SAID},” explained the ward's matron.\n\nLarch ward. {MOREAU}, the ward's matron, retires in May.", SAID)],
}
