"""Round eighteen's probes (BENCHMARKS.md "Stop 47"), tuned on: one- to four-paragraph documents of the classes round
eighteen credits (a role line under a quotation, a name line then a post line above one, an opening mark never closed
before ", said Name", "she said" opening the paragraph after one about her alone, initials the document defined under
a blockquote), each class's texts a reader would credit to
no one (`UNCREDITED`) and its must-not-take texts credited to Dr Ines Moreau (`CREDITED`: text, her words). Read by
tests/test_quotes_round_eighteen.py and benchmarks/quotes_probes.py (`--probes quote_probes_eighteen`)."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"
WIERZBICKI = "Tomasz Wierzbicki"
OTHER_WORDS = "Every patient will be told a week before their move."

UNCREDITED = {
    "a line under a quotation": [f"Larch ward.\n\n“{WORDS}”\n\n{line}" for line in (
        f"{MOREAU}, a GP in the network, disagreed at the meeting.", f"{MOREAU}, Chief executive, quoting a patient",
        f"{MOREAU}, Chief executive, replied:", "Chief executive, Cairnmore Mental Health NHS Trust",
        f"Photograph: {MOREAU} on Larch ward", f"{MOREAU}, 3 March 2026", f"{MOREAU}, whose mother was a patient",
        f"{MOREAU}, Chief executive, and {WIERZBICKI}, Ward manager", f"{MOREAU}")] + [
        f"Larch ward.\n\n> {WORDS}\n>\n> {MOREAU}, Chief executive, quoting a porter"],
    "a name line then a post line above a quotation": [f"Larch ward.\n\n{MOREAU}\n\n{line}\n\n“{WORDS}”" for line in (
        "Chief executive, on what a patient told her", "Chief executive, asked the ward sister:",
        "A patient's letter to the chief executive", f"Ward manager {WIERZBICKI}")] + [
        f"Larch ward.\n\n“{OTHER_WORDS}”\n\n{MOREAU}\n\nChief executive\n\n“{WORDS}”"],
    "an opening mark never closed": [
        f"“{SAID}, said a porter on the ward.", f"“{SAID}, said {MOREAU} and {WIERZBICKI}.",
        f"“{SAID}, said {MOREAU}'s deputy.", f"“{SAID}, said a colleague of {MOREAU}.",
        f"The minutes record “{SAID}, said {MOREAU}.",
        f"“{SAID}, according to {MOREAU}."],
    "a pronoun opening the paragraph after": [
        f"{MOREAU} runs Larch ward.\n\n“{SAID},” she said.",
        f"{MOREAU} runs Larch ward. She met the new chair.\n\n“{SAID},” she said.",
        f"{MOREAU} runs Larch ward. She joined in 2024.\n\n“{SAID},” he said.",
        f"{MOREAU} and {WIERZBICKI} run Larch ward. She joined in 2024.\n\n“{SAID},” she said.",
        f"{MOREAU} runs Larch ward. She joined in 2024.\n\n## Staffing\n\n“{SAID},” she said.",
        f"{MOREAU} runs Larch ward. She joined in 2024.\n\nA patient wrote to the board.\n\n“{SAID},” she said.",
        f"{MOREAU} runs Larch ward. She joined in 2024. A patient's daughter wrote to her.\n\n“{SAID},” she said.",
        f"A patient wrote to {MOREAU}. She had waited a year.\n\n“{SAID},” she said."],
    "initials under a blockquote": [f"{MOREAU} (IM) and Isaac Marlow (IM) spoke.\n\n> {WORDS}\n>\n> — IM",
                                    f"{MOREAU} spoke.\n\n> {WORDS}\n>\n> — IM",
                                    f"The Isle of Man (IM) trust spoke.\n\n> {WORDS}\n>\n> — IM"],
}
CREDITED = {
    "a line under a quotation": [(f"Larch ward.\n\n“{WORDS}”\n\n{line}", WORDS) for line in (
        f"{MOREAU}, Chief executive", f"{MOREAU}, Chief executive, Cairnmore Mental Health NHS Trust",
        f"{MOREAU}, chief executive")] + [
        (f"Larch ward.\n\n> {WORDS}\n>\n> {MOREAU}, Chief executive", WORDS)],
    "a name line then a post line above a quotation": [
        (f"Larch ward.\n\n**{MOREAU}**\n\nChief executive, Cairnmore Mental Health NHS Trust\n\n“{WORDS}”", WORDS),
        (f"Larch ward.\n\n{MOREAU}\n\nChief executive\n\n“{WORDS}”", WORDS)],
    "an opening mark never closed": [(f"“{SAID}, said {MOREAU}.", SAID), (f"“{SAID}, {MOREAU} said.", SAID),
                                     (f"“{SAID}, said {MOREAU}, and the board agreed.", SAID)],
    "a pronoun opening the paragraph after": [
        (f"{MOREAU} runs Larch ward. She joined in 2024.\n\n“{SAID},” she said.", SAID),
        (f"{MOREAU} runs Larch ward. She joined the trust from the ambulance service.\n\n“{SAID},” she added.", SAID)],
    "initials under a blockquote": [(f"{MOREAU} (IM) spoke.\n\n> {WORDS}\n>\n> — IM", WORDS)],
}
