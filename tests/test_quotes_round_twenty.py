"""Quotation classes of round twenty (tests/data/quotes_adversarial/adv20-*, BENCHMARKS.md "Stop 50"): a quotation over
several paragraphs in single marks (UK style: each opens with ‘, only the last closes) is one quotation; an apostrophe
after a plural's s inside single marks ("the trusts' rota") does not end it; "Name became the trust's director of care."
lets "she said" credit her; "Name, who is the trust's medical director," and "Name, who chairs the board," bind the post
for "said the medical director" and "said the chair"; an interview under a heading naming one person credits its "A:"
answers, and a paragraph right under a question line of its own, to them. Testimonials credited by a role alone and
quoted slogans stay no one's. Each taking test fails on the base code; each has its must-not-take test."""

import pytest
from corpus_helpers import open_answerer
from quote_oracle import normal, who
from test_quote_invariants import answer_surfaces
from test_quotes import shown

from index.documents import Person

JO, SAM = Person("Jo Bloggs", "Director of nursing"), Person("Sam Able", "Community matron")
A = "The first month was the hardest for every one of the three teams"
B = "By the summer we had one template and one phone number for the borough"
C = "Now the nurses tell me they would never go back to three teams"


# --- a quotation over several paragraphs in single marks ------------------------------------------------------------


@pytest.mark.parametrize("text", [f"Jo Bloggs told the board:\n\n‘{A}.\n\n‘{B}.\n\n‘{C}.’",
                                  f"Larch ward.\n\n‘{A}.\n\n‘{B}.\n\n‘{C},’ said Jo Bloggs.",
                                  f"Jo Bloggs said:\n\n‘{A}, and the nurses’ rota was worst.\n\n‘{C}.’"])
def test_a_quotation_over_paragraphs_in_single_marks_is_one_speakers(text):
    credited = shown(text, [JO, SAM])
    assert {name for name, _ in credited} == {"Jo Bloggs"} and len(credited) == text.count("\n\n‘")
    assert any(words.startswith(A) for _, words in credited)


@pytest.mark.parametrize("text", [f"Larch ward.\n\n‘{A}.\n\n‘{C},’ said a porter.",
                                  f"Jo Bloggs said:\n\n‘{A}.\n\n‘{C},’ said Sam Able.",
                                  f"Larch ward.\n\n‘{A}.\n\n‘{B}’ is what the poster said, and ‘{C}.’",
                                  f"Larch ward.\n\n‘90s wards were built for {A}.\n\n‘{C},’ said Jo Bloggs."])
def test_a_single_mark_quotation_over_paragraphs_with_no_one_or_two_speakers_credits_no_one_with_its_start(text):
    assert not [words for name, words in shown(text, [JO, SAM]) if A in words]


# --- apostrophes inside single marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("Larch ward. 'It's the trusts' shared rota that let us visit patients after six,' said Jo Bloggs.",
     "It's the trusts' shared rota that let us visit patients after six"),
    ("‘The clinics’ waiting lists were merged in a weekend, and it’s held ever since,’ said Jo Bloggs.",
     "The clinics’ waiting lists were merged in a weekend, and it’s held ever since")])
def test_a_plural_possessive_inside_single_marks_does_not_end_the_quotation(text, words):
    assert shown(text, [JO, SAM]) == [("Jo Bloggs", words)]


@pytest.mark.parametrize("text, expected", [
    ("‘We kept every one of the nurses,’ said Jo Bloggs. ‘The porters’ rota went to the other site,’ said Sam Able.",
     [("Jo Bloggs", "We kept every one of the nurses"), ("Sam Able", "The porters’ rota went to the other site")]),
    ("Being open about ‘red lines’ and ‘what the two boards’ teams want’ is key, Jo Bloggs says.", []),
    ("‘We thank all of our volunteers’ said Jo Bloggs, and ‘the porters’ too, all of them.",
     [("Jo Bloggs", "We thank all of our volunteers")])])
def test_a_possessive_never_joins_two_quotations_nor_swallows_a_credit(text, expected):
    assert [(n, w) for n, w in shown(text, [JO, SAM]) if "said" not in w] == expected
    assert not [w for _, w in shown(text, [JO, SAM]) if "said" in w or "porters’ too" in w]


# --- a pronoun after the sentence naming the speaker ----------------------------------------------------------------


def test_she_said_after_name_became_the_post_credits_her():
    text = ("Jo Bloggs became the trust's director of care in 2019. “We never turn a night call away, whoever's "
            "patient it is,” she said.")
    assert shown(text, [JO, SAM]) == [("Jo Bloggs", "We never turn a night call away, whoever's patient it is")]


@pytest.mark.parametrize("sentence", ["Jo Bloggs met the trust's director of care in 2019.",
                                      "Jo Bloggs thanked the matron who became the lead.",
                                      "Jo Bloggs became the chair, and Sam Able left.",
                                      "Jo Bloggs became a patient himself in 2019."])
def test_she_said_after_a_sentence_naming_another_possible_speaker_credits_no_one(sentence):
    assert shown(f"{sentence} “We never turn a night call away, whoever's patient it is,” she said.", [JO, SAM]) == []


# --- a post named in a relative clause -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Larch ward. Jo Bloggs, who is the trust's medical director, signed it off.\n\n“{A},” said the medical director.",
    "Larch ward. Jo Bloggs, who chairs the trust board, opened the day.\n\n“{A},” said the chair."])
def test_a_post_a_relative_clause_gives_one_person_credits_them(text):
    assert shown(text.format(A=A), [JO, SAM]) == [("Jo Bloggs", A)]


@pytest.mark.parametrize("text", [
    "Larch ward. Jo Bloggs, who chairs the trust board, opened it. I slept in my chair.\n\n“{A},” said the chair.",
    "Larch ward. Jo Bloggs, who chaired the trust board, opened it.\n\n“{A},” said the chair.",
    "Jo Bloggs, who chairs the board, and Sam Able, who chairs the council, spoke.\n\n“{A},” said the chair.",
    "Larch ward. Jo Bloggs, who was the trust's medical director, opened it.\n\n“{A},” said the medical director.",
    "Larch ward. Jo Bloggs, who chairs the board, opened it.\n\n“{A}.”\n\n— Chair\n\n“{A},” said the chair."])
def test_a_post_another_may_hold_credits_no_one(text):
    assert shown(text.format(A=A), [JO, SAM]) == []


# --- an interview under a heading naming the interviewee -------------------------------------------------------------

ANSWER = "We started with the rota, not the structure chart, and let the nurses design it themselves."
LATER = "Most of our patients are discharged after four, and nobody saw them until the morning."


@pytest.mark.parametrize("heading", ["In conversation with Sam Able", "Interview: Sam Able, community matron",
                                     "Q&A with Sam Able", "Ten minutes with Sam Able"])
@pytest.mark.parametrize("turns", ["Q: What would you tell another matron?\n\nA: {A}\n\nQ: And the evenings?\n\nA: {L}",
                                   "**What would you tell another matron?**\n\n{A}\n\n**And the evenings?**\n\n{L}",
                                   "What would you tell another matron?\n\n“{A}”\n\nAnd the evenings?\n\n{L}"])
def test_an_interviews_answers_under_a_heading_naming_one_person_are_theirs(heading, turns):
    text = (f"# Lowfield nursing\n\nJo Bloggs and Sam Able merged the teams.\n\n## {heading}\n\n"
            + turns.format(A=ANSWER, L=LATER))
    assert shown(text, [JO, SAM]) == [("Sam Able", ANSWER), ("Sam Able", LATER)]


@pytest.mark.parametrize("heading", ["Sam Able interviews the director", "Interview: Sam Able and Jo Bloggs",
                                     "Questions for the matrons", "Interview by Jo Bloggs with Sam Able",
                                     "What Sam Able told us", "Interview tips from Sam Able",
                                     "Interview: the matrons, with Sam Able"])
def test_an_interview_heading_that_may_not_be_one_persons_answers_credits_no_one(heading):
    text = (f"# Lowfield nursing\n\nThe teams merged.\n\n## {heading}\n\nQ: What would you tell another matron?\n\n"
            f"A: {ANSWER}\n\n**And the evenings?**\n\n{LATER}")
    assert shown(text, [JO, SAM]) == []


@pytest.mark.parametrize("turn", [f"Q: Jo Bloggs, what did the porters think?\n\nA: {ANSWER}",
                                  f"**Jo Bloggs, what did the porters think?**\n\n{ANSWER}",
                                  "**What changed?**\n\nSam Able says the board agreed to merge the two teams in May.",
                                  "**What changed?**\n\nThe board agreed to merge the two teams in May, after a review.",
                                  f"**What changed?**\n\nJo Bloggs: {ANSWER}",
                                  f"**What changed?**\n\nTwo things: {ANSWER}"])
def test_an_answer_to_someone_else_or_narration_under_a_question_is_not_the_interviewees(turn):
    text = f"# Lowfield nursing\n\n## In conversation with Sam Able\n\n{turn}"
    assert [c for c in shown(text, [JO, SAM]) if c[0] == "Sam Able"] == []


def test_a_question_mentioning_someone_else_still_gets_the_interviewees_answer():
    text = (f"# Lowfield nursing\n\n## In conversation with Sam Able\n\nQ: Jo Bloggs told us the rota came first. "
            f"Was that fair?\n\nA: {ANSWER}")
    assert shown(text, [JO, SAM]) == [("Sam Able", ANSWER)]


def test_only_a_paragraph_right_under_a_question_line_is_the_interviewees():
    text = (f"# Lowfield nursing\n\n## In conversation with Sam Able\n\nWe spoke to Sam about the merger in June.\n\n"
            f"What would you tell another matron?\n\n{ANSWER}\n\n{LATER}\n\n- What about the evenings?\n\n"
            "The trust published the rota on its website in the same week.")
    assert shown(text, [JO, SAM]) == [("Sam Able", ANSWER)]


# --- testimonials and slogans stay no one's --------------------------------------------------------------------------


def test_testimonials_by_role_alone_and_quoted_slogans_are_no_ones():
    text = ("# Lowfield nursing\n\nJo Bloggs launched the ‘no patient waits past teatime for a visit’ promise, and "
            "the trust calls it the ‘one team, one caseload, one evening rota’ approach.\n\n## What patients said\n\n"
            "- “The nurse came at seven in the evening and I slept in my bed.” — Patient, aged 81\n"
            "- “The single caseload means I never phone three offices to find a nurse.” — Community matron\n"
            "- “I know every nurse on the evening rota by name now.” — Director of nursing")
    assert shown(text, [JO, SAM]) == []


INTERVIEW = f"""---
title: Lowfield district nursing evening visits
people:
- name: Sam Able
  role: Community matron
  organisation: Lowfield Community Health NHS Trust
- name: Jo Bloggs
  role: Director of nursing
  organisation: Lowfield Community Health NHS Trust
---

# Lowfield district nursing evening visits

Lowfield district nurses share one caseload and one evening rota for district nursing visits across the borough.

## In conversation with Sam Able

**Why did the evening district nursing visits matter to patients?**

{LATER}

## What patients said about evening visits

- “The district nurse came at seven in the evening and I slept in my bed.” — Community matron
"""


def test_round_twenty_on_every_answer_surface(corpus_dir, settings):
    """Terminal text, `--json`, Slack blocks and a Teams card of one answer: the interview answer is Sam Able's (its
    words, never the bold question), the testimonial under a listed person's role is no one's."""
    (corpus_dir / "lowfield-evening-visits.md").write_text(INTERVIEW, encoding="utf-8")
    answerer = open_answerer(settings)
    try:
        answer = answerer.answer("Why did evening district nursing visits in Lowfield matter to patients?")
    finally:
        answerer.corpus.close()
    for surface, rendering in answer_surfaces(answer).items():
        credited = [(normal(words), who(name)) for words, name in rendering.pairs]
        assert (normal(LATER), "sam able") in credited, (surface, credited)
        assert not [c for c in credited if "seven in the evening" in c[0] or "matter to patients" in c[0]], (
            surface, credited)
