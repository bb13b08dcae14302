"""Round seventeen's probes (BENCHMARKS.md "Stop 46"): one- or two-paragraph documents beside the adversarial set's
shapes (tests/data/quotes_adversarial/adv17-*). `UNCREDITED`: each class's texts a reader would credit to no one;
`CREDITED`: texts credited to Dr Ines Moreau (text, her words), the must-not-take texts of those classes and the
forms now read. Read by tests/test_quotes_round_seventeen.py and benchmarks/quotes_probes.py."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"


def _leads(*leads: str) -> list[str]:
    return [f"{lead} “{WORDS}”" for lead in leads]


def _tails(*tails: str) -> list[str]:
    return [f"“{SAID},” {tail}" for tail in tails]


UNCREDITED = {
    "struck words inside the quotation": [
        f"“We will ~~open~~ close Larch ward this winter and move every patient at once,” said {MOREAU}.",
        f"“{SAID} ~~by March~~,” said {MOREAU}.",
        f"{MOREAU} said: “We will close Larch ward ~~next year~~ this winter and move every patient at once.”",
        f"“~~We will keep Larch ward open.~~ {WORDS}” said {MOREAU}."],
    "someone else's post passed on": _leads(
        f"{MOREAU} retweeted a patient:", f"{MOREAU} shared a ward manager's post:", f"{MOREAU} reposted a critic:",
        f"{MOREAU} quote-tweeted a porter:", f"{MOREAU} (@InesMoreau) retweeted a porter:") + [
        f"{MOREAU} liked a post saying “{SAID}”."],
    "a colleague named after the verb": _tails(
        f"said a colleague of {MOREAU}.", f"said {MOREAU}'s deputy.", f"said {MOREAU}'s deputy, Ruairi Calloway.",
        f"said the deputy who replaced {MOREAU}.", f"said the nurse who trained {MOREAU}.",
        f"said the chief executive, who disagreed with {MOREAU}.", f"said the nurse to the chief executive, {MOREAU}.",
        f"said the porter beside the chair, {MOREAU}."),
    "a pronoun under a new heading": [
        f"{MOREAU} opened the new ward.\n\n## Staffing\n\n“{SAID},” she said.",
        f"{MOREAU} opened the new ward.\n\n**Staffing**\n\n“{SAID},” she said.",
        f"{MOREAU} opened the new ward.\n\n## Staffing\n\nShe added: “{WORDS}”",
        f"{MOREAU} opened the new ward.\n\n### Next year\n\nShe told the board: “{WORDS}”"],
    "a name and post line before the quotation": [f"Larch ward.\n\n{line}\n\n“{WORDS}”" for line in (
        f"**{MOREAU}**, 3 March 2026", f"{MOREAU}, a patient's mother", f"{MOREAU}, mother of a patient",
        f"{MOREAU}, chief executive, said the ward would close", f"{MOREAU}, chief executive, and Sam Jones, ward manager",
        f"{MOREAU}, chief executive, and Tomasz Wierzbicki, ward manager")] + [
        f"Larch ward.\n\n{MOREAU}, Chief executive\n\nQ: Why close it?\n\n“{WORDS}”"],
}
CREDITED = {
    "struck words inside the quotation": [
        (f"~~Draft two.~~\n\n“{SAID},” said {MOREAU}.", SAID), (f"“{SAID},” said {MOREAU}. ~~Draft two.~~", SAID)],
    "someone else's post passed on": [(text, WORDS) for text in _leads(
        f"{MOREAU} tweeted:", f"{MOREAU} wrote on LinkedIn:", f"{MOREAU} posted on X:", f"{MOREAU} wrote to every ward:",
        f"{MOREAU} wrote to all staff:", f"{MOREAU} (@InesMoreau) tweeted:")] + [
        (f"“{SAID},” {MOREAU} tweeted.", SAID), (f"“{SAID},” {MOREAU} (@InesMoreau) tweeted.", SAID)],
    "a colleague named after the verb": [(text, SAID) for text in _tails(
        f"said the chief executive, {MOREAU}.", f"said the trust's chief executive, {MOREAU}.",
        f"said its chief executive, {MOREAU}, at the launch.")],
    "a pronoun under a new heading": [
        (f"## Staffing\n\n{MOREAU} opened the new ward. “{SAID},” she said.", SAID),
        (f"{MOREAU} opened the new ward.\n\n## Staffing\n\n“{SAID},” said {MOREAU}.", SAID)],
    "a name and post line before the quotation": [(f"Larch ward.\n\n{line}\n\n{quoted}", WORDS) for line, quoted in (
        (f"**{MOREAU}**, Chief executive", f"“{WORDS}”"), (f"{MOREAU}, Chief executive", f"> {WORDS}"),
        (f"{MOREAU}, Chief executive, Cairnmore Mental Health NHS Trust", f"“{WORDS}”"),
        (f"{MOREAU}, Director of Finance and Estates", f"“{WORDS}”"))] + [
        # round eighteen: a role line right under a quotation no one is credited with is its credit (uncredited here
        # before)
        (f"Larch ward.\n\n“{WORDS}”\n\n{MOREAU}, Chief executive\n\n“{SAID},” said a porter.", WORDS)],
}
