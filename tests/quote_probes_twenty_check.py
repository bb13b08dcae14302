"""Round twenty's check probes: written after its fixes and run once, never tuned on (BENCHMARKS.md "Stop 50"): other
wordings of the classes tests/test_quotes_round_twenty.py covers. Read by benchmarks/quotes_probes.py
(`--probes quote_probes_twenty_check`); no test asserts them, so a miss is reported, not fitted."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"
WIERZBICKI = "Tomasz Wierzbicki"
MORE = "The wards agreed one discharge lounge and one pharmacy run for the whole site"
LAST = "Nobody on the wards wants to go back to the old way of working"
ANSWER = "We moved the discharge lounge next to the pharmacy and the queue disappeared."

UNCREDITED = {
    "single marks over several paragraphs": [
        f"Larch ward.\n\n‘{SAID}.\n\n‘{LAST},’ said a ward clerk.",
        f"{WIERZBICKI} said:\n\n‘{SAID}.\n\n‘{LAST},’ said {MOREAU}.",
        f"Larch ward.\n\n‘{SAID}.\n\n‘{MORE}.\n\n‘{LAST}.’"],
    "apostrophes inside single marks": [
        f"Staff called it the ‘patients’ lounge, not the porters’ corridor’ in the survey. {MOREAU} agreed.",
        f"‘The nurses’ rota was rewritten over a single weekend,’ the porters said to {MOREAU}.",
        f"'The wards' one pharmacy run started in April,' said a porter, and {MOREAU} nodded."],
    "a pronoun after the naming sentence": [
        f"{MOREAU} interviewed the ward's matron in May. “{SAID},” she said.",
        f"{MOREAU} and the matron opened Larch ward. “{SAID},” she said.",
        f"{MOREAU} became a patient herself in 2019. “{SAID},” he said."],
    "a post in a relative clause": [
        f"Larch ward. {MOREAU}, who is the trust's chief executive, spoke. The chief executive of the ICB replied.\n\n"
        f"“{SAID},” said the chief executive.",
        f"Larch ward. {MOREAU}, who chairs the board, spoke.\n\n“{SAID},” said the vice chair.",
        f"Larch ward. {MOREAU}, who used to chair the board, spoke.\n\n“{SAID},” said the chair."],
    "an interview under a heading": [
        f"# Larch ward\n\n## {MOREAU} interviews the matron\n\nQ: What changed first on the ward?\n\nA: {ANSWER}",
        f"# Larch ward\n\n## Interview: {MOREAU} and {WIERZBICKI}\n\n**What changed first on the ward?**\n\n{ANSWER}",
        f"# Larch ward\n\n## A conversation about Larch ward\n\nWhat changed first on the ward?\n\n{ANSWER}",
        f"# Larch ward\n\n## Questions for {MOREAU}\n\nWhat changed first on the ward?\n\n{ANSWER}"],
    "testimonials and slogans": [
        f"# Larch ward\n\n- “{WORDS}” — Chief executive\n- “{MORE}.” — Ward clerk",
        f"{MOREAU} unveiled the ‘home for lunch on the day of discharge’ pledge in March.",
        f"> “{WORDS}”\n>\n> — Chief executive, Larch ward"],
}
CREDITED = {
    "single marks over several paragraphs": [
        (f"{MOREAU} told the governors:\n\n‘{SAID}.\n\n‘{LAST}.’", f"{SAID}.")],
    "apostrophes inside single marks": [
        (f"‘The wards’ one pharmacy run started in April, and it’s working,’ said {MOREAU}.",
         "The wards’ one pharmacy run started in April, and it’s working")],
    "a pronoun after the naming sentence": [
        (f"{MOREAU} became the trust's chief executive in 2019. “{SAID},” she said.", SAID)],
    "a post in a relative clause": [
        (f"Larch ward. {MOREAU}, who is the network's clinical director, opened it.\n\n“{SAID},” said the "
         "clinical director.", SAID)],
    "an interview under a heading": [
        (f"# Larch ward\n\n## In conversation with {MOREAU}\n\n__What changed first on the ward?__\n\n{ANSWER}", ANSWER),
        (f"# Larch ward\n\n## Q&A with {MOREAU}, chief executive\n\nQ: What changed first?\n\nA: “{WORDS}”", WORDS)],
    "testimonials and slogans": [],
}
