"""Round twenty-one's check probes: written after its fixes and run once, never tuned on (BENCHMARKS.md "Stop 52"):
other wordings of the classes tests/test_quotes_round_twenty_one.py covers. Read by benchmarks/quotes_probes.py
(`--probes quote_probes_twenty_one_check`); no test asserts them, so a miss is reported, not fitted."""

from __future__ import annotations

from quote_probes import PEOPLE, SAID, WORDS

__all__ = ["CREDITED", "PEOPLE", "UNCREDITED"]

MOREAU = "Dr Ines Moreau"
WIERZBICKI = "Tomasz Wierzbicki"
ANSWER = "We moved the discharge lounge next to the pharmacy and I never looked back."

UNCREDITED = {
    "styles around a listed name": [
        f"Larch ward. “{SAID},” said Professor Moreau.",
        f"Larch ward. “{SAID},” said Cllr Ines Moreau-Grant.",
        f"| Who | What they said |\n|---|---|\n| Dr Ines Moreau OBE, on behalf of the board | “{WORDS}” |",
        f"| Name | Comment |\n|---|---|\n| The Rt Hon Ines Moreau MP | “{WORDS}” |",
        f"Larch ward. “{SAID},” said Baroness Moreau."],
    "credit lines with a bar or a tilde": [
        f"Larch ward.\n\n“{WORDS}”\n\n~ 20 patients moved in a day",
        f"Larch ward.\n\n“{WORDS}”\n― The ward clerk",
        f"Larch ward.\n\n“{WORDS}”\n\n~ {MOREAU} and {WIERZBICKI}",
        f"Larch ward.\n\n> “{WORDS}”\n>\n> ― {MOREAU} (paraphrased)"],
    "'By' lines": [
        f"Larch ward.\n\n“{WORDS}”\n\nBy {MOREAU}, health correspondent",
        f"“{WORDS}”: how Larch ward closed\n\nBy {MOREAU}"],
    "two speakers in one sentence": [
        f"{WIERZBICKI} said the beds went first, and {MOREAU}'s deputy added: “{SAID}.”",
        f"{WIERZBICKI} said the beds went first, while the porters, whom {MOREAU} thanked, added: “{SAID}.”",
        f"{MOREAU} said the beds went first, while {WIERZBICKI} added that “{SAID}”."],
    "nested quotations": [
        f"“A porter told me, ‘{SAID},’ and I believed him,” said {WIERZBICKI}.",
        f"{WIERZBICKI} said: “When {MOREAU} said ‘{SAID}’, the room went quiet.”"],
    "reported speech": [
        f"{MOREAU} said the trust would close Larch ward this winter and move every patient at once.",
        f"According to {MOREAU}, the ward would close this winter and every patient would move at once."],
    "question sub-headings": [
        f"{MOREAU} and {WIERZBICKI} run the ward. We asked them about the year.\n\n## What changed first?\n\n{ANSWER}",
        f"{MOREAU} runs the ward.\n\n## What changed first?\n\n{ANSWER}",
        f"We spoke to {WIERZBICKI} about {MOREAU}'s ward.\n\n## What changed first?\n\n{ANSWER}"],
    "two chairs": [
        f"{MOREAU}, who chairs the board, met {WIERZBICKI}, who chairs the governors. “{SAID},” said the chair.",
        f"{MOREAU}, the trust's chair, spoke first; the chairs of the three councils followed. “{SAID},” said the "
        "chair."],
}
CREDITED = {
    "styles around a listed name": [
        (f"Larch ward. “{SAID},” said Professor Ines Moreau CBE.", SAID),
        (f"| Who | What they said |\n|---|---|\n| Prof Ines Moreau FRCP, chief executive | “{WORDS}” |", WORDS)],
    "credit lines with a bar or a tilde": [
        (f"Larch ward.\n\n“{WORDS}”\n― {MOREAU}, chief executive", WORDS),
        (f"Larch ward.\n\n> “{WORDS}”\n>\n> ~ {MOREAU}", WORDS)],
    "'By' lines": [],
    "two speakers in one sentence": [
        (f"{WIERZBICKI} said the beds went first, but {MOREAU} added: “{SAID}.”", f"{SAID}.")],
    "nested quotations": [
        (f"“A porter told me, ‘the beds can go first,’ and we did exactly that,” said {MOREAU}.",
         "A porter told me, ‘the beds can go first,’ and we did exactly that")],
    "reported speech": [],
    "question sub-headings": [
        (f"{MOREAU} has run the ward since 2020. We asked her about the year.\n\n## What changed first?\n\n{ANSWER}",
         ANSWER)],
    "two chairs": [],
}
