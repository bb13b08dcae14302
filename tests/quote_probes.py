"""Round fifteen's probes (BENCHMARKS.md "A fifteenth round"): one-paragraph documents beside the adversarial set's
shapes, each class's texts a reader would credit to no one (`UNCREDITED`) and its must-not-take texts credited to
Dr Ines Moreau (`CREDITED`: text, her words). Read by tests/test_quotes_round_fifteen.py and
benchmarks/quotes_probes.py."""

from __future__ import annotations

from index.documents import Person

MOREAU = Person("Dr Ines Moreau", "Chief executive", "Cairnmore Mental Health NHS Trust")
WIERZBICKI = Person("Tomasz Wierzbicki", "Ward manager", "Cairnmore Mental Health NHS Trust")
PEOPLE = [MOREAU, WIERZBICKI]
WORDS = "We will close Larch ward this winter and move every patient at once."
SAID = WORDS.rstrip(".")
LATER = "We will move the beds one ward at a time, and no patient will move twice."


def _leads(*leads: str) -> list[str]:
    return [f"{lead} “{WORDS}”" for lead in leads]


def _tails(*tails: str) -> list[str]:
    return [f"“{SAID},” {tail}" for tail in tails]


def _lines(*lines: str) -> list[str]:
    return [f"> {WORDS}\n>\n> {line}" for line in lines]


UNCREDITED = {
    "never said or only claimed, before the name": _leads(
        "At no point did Dr Ines Moreau say:", "Never did Dr Ines Moreau say:", "Not once did Dr Ines Moreau say:",
        "Nobody heard Dr Ines Moreau say:", "Critics claim Dr Ines Moreau said:", "The paper claimed Dr Ines Moreau said:",
        "It was claimed that Dr Ines Moreau said:", "Allegedly, Dr Ines Moreau said:",
        "Rumour has it that Dr Ines Moreau said:", "Suppose Dr Ines Moreau said:", "Imagine Dr Ines Moreau saying:",
        "If Dr Ines Moreau had said:", "It is untrue that Dr Ines Moreau said:",
        "The paper wrongly reported that Dr Ines Moreau said:", "It was the union, not Dr Ines Moreau, who said:",
        "It was the union, rather than Dr Ines Moreau, who said:")
    + [f"Had Dr Ines Moreau said “{SAID}”, the unions would have walked out."],
    "not vouched for, after the credit": _tails(
        "said Dr Ines Moreau, allegedly.", "said Dr Ines Moreau, or so the paper claimed.",
        "said Dr Ines Moreau, according to a leaked recording she disputes.", "said Dr Ines Moreau, supposedly.",
        "said Dr Ines Moreau, according to the union.", "said Dr Ines Moreau, according to two people at the meeting.",
        "said Dr Ines Moreau, reportedly.", "said Dr Ines Moreau (unverified).",
        "said Dr Ines Moreau, if the minutes are right.", "said Dr Ines Moreau, in a satirical sketch."),
    "not vouched for, on a blockquote's line": _lines(
        "— Dr Ines Moreau (disputed)", "— attributed to Dr Ines Moreau", "— often attributed to Dr Ines Moreau",
        "— Dr Ines Moreau (attrib.)", "— Dr Ines Moreau (apocryphal)", "— Dr Ines Moreau (unverified)",
        "— Dr Ines Moreau, allegedly", "— Dr Ines Moreau (words she denies saying)",
        "— Dr Ines Moreau (struck from the minutes)", "— Dr Ines Moreau, as misreported by the Gazette",
        "— Dr Ines Moreau (satire)", "— Dr Ines Moreau (in a parody)"),
    "voiced for someone else": _tails(
        "Dr Ines Moreau said the letter read.", "Dr Ines Moreau says her predecessor promised.",
        "Dr Ines Moreau said, mimicking her predecessor.", "Dr Ines Moreau said, imitating the union.",
        "Dr Ines Moreau said, parodying the old plan.", "said Dr Ines Moreau, mocking the old plan."),
    "withdrawn": _tails(
        "said Dr Ines Moreau (this quotation was later withdrawn).", "said Dr Ines Moreau (a remark she later retracted).",
        "said Dr Ines Moreau — a line she later withdrew.", "said Dr Ines Moreau [withdrawn].",
        "said Dr Ines Moreau. She later withdrew the remark.")
    + [f"Dr Ines Moreau said: “{WORDS}” She took back the comment a day later."]
    + _lines("— Dr Ines Moreau (withdrawn)"),
    "struck through": [
        f"~~Dr Ines Moreau said: “{WORDS}”~~ *Withdrawn at her request.*", f"~~“{SAID},” said Dr Ines Moreau.~~",
        f"<del>“{SAID},” said Dr Ines Moreau.</del>", f"<s>Dr Ines Moreau said: “{WORDS}”</s>",
        f"<strike>“{SAID},” said Dr Ines Moreau.</strike>"],
}
OWN = "Nobody will be moved twice, and we never close a ward without a plan."  # a negation in her own words
WITHDREW = "We withdrew the old discharge pathway and nobody has asked for it back."  # withdrawing, in her own words
CREDITED = {
    "never said or only claimed, before the name": [(text, WORDS) for text in _leads(
        "Last week Dr Ines Moreau said:", "Speaking at the launch, Dr Ines Moreau said:", "When asked, Dr Ines Moreau said:",
        "Only later did Dr Ines Moreau say:", "In 2021 Dr Ines Moreau told us:", "The BBC reported that Dr Ines Moreau said:",
        "At the launch, Dr Ines Moreau said:", "That view was not shared by Dr Ines Moreau, who said:",
        "Tomasz Wierzbicki thanked Dr Ines Moreau, who said:")] + [(f"Dr Ines Moreau said: “{OWN}”", OWN)],
    "not vouched for, after the credit": [(f"“{SAID},” according to Dr Ines Moreau.", SAID)],
    "not vouched for, on a blockquote's line": [(_lines("— Dr Ines Moreau, chief executive")[0], WORDS)],
    "voiced for someone else": [(text, SAID) for text in _tails(
        "Dr Ines Moreau said this week.", "Dr Ines Moreau said the next day.",
        "said Dr Ines Moreau the day the plan was published.", "Dr Ines Moreau told the board.",
        "Dr Ines Moreau said in a statement.", "Dr Ines Moreau said, and the board agreed.")],
    "withdrawn": [(f"“{SAID},” said Dr Ines Moreau, who withdrew from the race for the chair.", SAID),
                  (f"“{SAID},” said Dr Ines Moreau.\n\nThe council later withdrew its bid for the site.", SAID),
                  (f"“{WITHDREW}” said Dr Ines Moreau.", WITHDREW)],
    "struck through": [(f"~~“{SAID},” said Dr Ines Moreau.~~\n\n“{LATER}” said Dr Ines Moreau.", LATER)],
}
