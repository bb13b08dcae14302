"""Round seventeen's check probes: written after its fixes and run once, never tuned on (BENCHMARKS.md "Stop 46"):
other wordings of the same classes as tests/quote_probes_seventeen.py. Read by benchmarks/quotes_probes.py
(`--probes quote_probes_seventeen_check`); no test asserts them, so a miss is reported, not fitted."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"

UNCREDITED = {
    "struck words inside the quotation": [
        f"“We will close Larch ward ~~in May~~ this winter and move every patient at once,” {MOREAU} said.",
        f"{MOREAU} told the board: “We will close ~~Birch~~ Larch ward this winter and move every patient at once.”"],
    "someone else's post passed on": [
        f"{MOREAU} reposted the union's statement: “{WORDS}”", f"{MOREAU} shared a link to a patient's blog: “{WORDS}”",
        f"A porter tweeted at {MOREAU}: “{WORDS}”", f"{MOREAU} liked a tweet saying “{SAID}”."],
    "a colleague named after the verb": [
        f"“{SAID},” said a friend of {MOREAU}.", f"“{SAID},” said the nurse sitting next to {MOREAU}.",
        f"“{SAID},” said {MOREAU}'s predecessor."],
    "a pronoun under a new heading": [
        f"{MOREAU} spoke first.\n\n## The ward\n\n“{SAID},” she said.",
        f"{MOREAU} spoke first.\n\n**The ward**\n\nHe added: “{WORDS}”"],
    "a name and post line before the quotation": [f"Larch ward.\n\n{line}\n\n“{WORDS}”" for line in (
        f"{MOREAU}, 12 May", f"{MOREAU}, whose father was a patient", f"{MOREAU}, chief executive, with the ward sister")],
}
CREDITED = {
    "struck words inside the quotation": [],
    "someone else's post passed on": [(f"{MOREAU} tweeted on Sunday: “{WORDS}”", WORDS),
                                      (f"{MOREAU} wrote on her blog: “{WORDS}”", WORDS),
                                      (f"{MOREAU} wrote to all the governors: “{WORDS}”", WORDS),
                                      (f"“{SAID},” {MOREAU} posted.", SAID)],
    "a colleague named after the verb": [(f"“{SAID},” said the trust's medical director, {MOREAU}.", SAID),
                                         (f"“{SAID},” said our chief executive, {MOREAU}.", SAID)],
    "a pronoun under a new heading": [],
    "a name and post line before the quotation": [
        (f"Larch ward.\n\n**{MOREAU}**, Medical director, Cairnmore\n\n“{WORDS}”", WORDS)],
}
