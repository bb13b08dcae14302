"""Questions as the digest quotes them (pure): without Slack's formatting characters, and never a
follow-up that means nothing out of its thread, whether an example or a knowledge gap."""

from __future__ import annotations

import pytest
from test_digest_compose import SUMMARIES, asked, inputs

from bot.asked_text import normalise_question
from bot.chat_markup import without_formatting
from bot.digest.compose import compose_digest
from bot.plaintext.digest import render_digest


def digest_of(*questions, unhelpful=None):
    return compose_digest(inputs(questions=list(questions), unhelpful=unhelpful or {}), SUMMARIES.get)


@pytest.mark.parametrize(("typed", "quoted"), [
    ("How did *others* fund a _shared_ PMO?", "How did others fund a shared PMO?"),
    ("What did ~we~ others learn about `EPR` go-live?", "What did we others learn about EPR go-live?"),
    ("> How do boards build trust before a merger?", "How do boards build trust before a merger?"),
    ("```How do we set up a committee in common?```", "How do we set up a committee in common?"),
    ("*_Really_* stuck: how do we share staff across trusts?", "Really stuck: how do we share staff across trusts?"),
])
def test_examples_and_gaps_are_quoted_without_slacks_formatting_characters(typed, quoted):
    answered = digest_of(asked(1, typed))
    unanswered = digest_of(asked(1, typed, answered=False))
    assert answered.examples == (quoted,)
    assert [g.question for g in unanswered.gaps] == [quoted]
    for digest in (answered, unanswered):
        assert quoted in render_digest(digest)


@pytest.mark.parametrize("typed", [
    "How do we staff the 24*7 rota with ~5 people?",
    "What is the best practice for record_id matching across trusts?",
    "How do boards weigh risk > reward when merging services?",
    "Is a 3 * 4 grid of KPIs enough for the board?",
])
def test_characters_that_are_part_of_the_words_are_kept(typed):
    """Must not take: a star, an underscore, a tilde or a > that is not formatting."""
    assert without_formatting(typed) == typed
    assert digest_of(asked(1, typed)).examples == (typed,)


@pytest.mark.parametrize("follow_up", ["who led it?", "tell me more", "how long did it take them?", "what happened next?",
                                       "more detail please", "and the costs?", "what about estates?", "help"])
def test_a_follow_up_that_means_nothing_alone_is_neither_an_example_nor_a_gap_but_is_counted(follow_up):
    """Before: a follow-up was kept out of the examples only; unanswered, or marked not helpful, it
    was quoted as a knowledge gap ("“who led it?” (no answer)")."""
    unanswered = digest_of(asked(1, follow_up, answered=False), asked(2, "How do we fund a shared PMO?", answered=False))
    not_helpful = digest_of(asked(1, follow_up), unhelpful={"q1": 1})
    assert [g.question for g in unanswered.gaps] == ["How do we fund a shared PMO?"] and not_helpful.gaps == ()
    assert (unanswered.questions, not_helpful.questions) == (2, 1) and not_helpful.examples == ()


@pytest.mark.parametrize("question", [
    "What did they learn about staff car parking across the two hospital sites?", "Virtual wards?", "Staff passports?",
    "job planning", "what about virtual wards?"])
def test_a_short_question_or_follow_up_that_names_its_subject_is_still_a_gap_and_an_example(question):
    """Must not take: a question that says what it is about, however short, or however it begins."""
    tidy = question[0].upper() + question[1:]  # quoted as a sentence (below)
    assert [g.question for g in digest_of(asked(1, question, answered=False)).gaps] == [tidy]
    assert digest_of(asked(1, question)).examples == (tidy,)


@pytest.mark.parametrize(("typed", "quoted"), [
    ("how did mental health trusts agree shared out-of-area placement budgets",
     "How did mental health trusts agree shared out-of-area placement budgets?"),
    ("has anyone merged two pathology services", "Has anyone merged two pathology services?"),
    ("what is the best way to pool budgets in a collaborative?", "What is the best way to pool budgets in a collaborative?"),
    ("  any examples of joint consultant posts across trusts", "Any examples of joint consultant posts across trusts?"),
    ("shared bank staff across three trusts.", "Shared bank staff across three trusts."),
    ("*how* did boards build trust before a merger", "How did boards build trust before a merger?"),
])
def test_a_question_typed_in_lower_case_is_quoted_as_a_sentence(typed, quoted):
    """Before: quoted as typed ("how did mental health trusts agree … budgets"), in the examples and the gaps."""
    assert digest_of(asked(1, typed)).examples == (quoted,)
    assert [g.question for g in digest_of(asked(1, typed, answered=False)).gaps] == [quoted]


@pytest.mark.parametrize("typed", [
    "iPad rollout across the collaborative: how did others fund it?",
    "eRS referrals between trusts: who has joined them up?",
    "How do boards build trust before a merger?",
    "Joint radiology rota over a weekend (3 trusts)",
])
def test_a_question_typed_as_a_sentence_or_opening_with_a_word_capitalised_inside_is_quoted_as_typed(typed):
    """Must not take: "iPad" made "IPad", or a "?" added to what does not open as a question."""
    assert digest_of(asked(1, typed)).examples == (typed,)


def test_a_question_that_pinged_the_channel_is_quoted_as_a_sentence_without_the_ping():
    """Stop 44 left a gap quoted from "@channel what is the best way…" starting in lower case."""
    digest = digest_of(asked(1, normalise_question("@channel what is the best way to pool budgets"), answered=False))
    assert [g.question for g in digest.gaps] == ["What is the best way to pool budgets?"]
    assert "@channel" not in render_digest(digest) and "<!channel>" not in render_digest(digest)
