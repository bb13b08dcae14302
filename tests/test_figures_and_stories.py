"""Two answers a new leader's trial left: a question asking for a figure the excerpts do not give says so
before them (a thread's "how much did it cost them?" repeated the set-up excerpts as if they held a
cost), and a patient's story before what a question asks does not decide its topic ("Mr Jones fell on
the ward last week, how do collaboratives share learning from falls?" was answered with excerpts about
wards). Over HTTP against the local Slack double, with the real model."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention

from bot import messages
from bot.asking_clause import asked_without_story
from bot.figures import COST, NUMBER, SHARE, figure_asked, gives_figure


@pytest.mark.parametrize(("question", "kind"), [
    ("how much did it cost them", COST), ("What were the savings?", COST), ("how much money did they save?", COST),
    ("what percentage of patients were seen sooner?", SHARE), ("by how much did waits fall?", SHARE),
    ("how many patients were seen?", NUMBER),
    ("how did they fund it?", ""), ("how much did staff value the hub?", ""), ("who led it?", ""),
])
def test_a_question_asking_for_a_figure_is_told_from_one_that_does_not(question, kind):
    assert figure_asked(question) == kind


@pytest.mark.parametrize(("text", "kind", "gives"), [
    ("It cost £2.5m over two years.", COST, True), ("saved 1.5 million pounds", COST, True),
    ("The trusts agreed a shared budget in 2022.", COST, False), ("47 per cent fewer waits", SHARE, True),
    ("more than 1,900 patients were seen", NUMBER, True), ("three trusts joined", NUMBER, True),
    ("the collaborative began in 2021", NUMBER, False),
])
def test_an_excerpt_gives_a_figure_of_the_kind_asked_or_not(text, kind, gives):
    assert gives_figure(text, kind) is gives


@pytest.mark.parametrize(("question", "searched"), [
    ("Mr Jones fell on the ward last week, how do collaboratives share learning from falls?",
     "how do collaboratives share learning from falls?"),
    ("my mum complained about her discharge - how do other trusts deal with complaints",
     "how do other trusts deal with complaints"),
    ("Dr Khan at Leeds merged pathology - how did other trusts do it?", None),  # "it": the story is the subject
    ("My patient's lithium level came back at 1.4, what should I do?", None),  # the asking clause has no subject
    ("we want to add support for SMI patients - who's partnered with the voluntary sector?", None),  # no story
    ("In West Yorkshire, how did the trusts decide?", None),
])
def test_a_patients_story_before_the_asking_clause_is_left_out_of_the_search(question, searched):
    assert asked_without_story(question) == (searched or question)


def _ask(server, double, *texts: str, thread: bool = True):
    """Each text as a mention, the first opening a thread the others reply in (or each on its own)."""
    sender = SlackSender(server.events_url)
    first = app_mention(texts[0], channel="C0LAN2Q65")
    sender.event(first)
    for n, text in enumerate(texts[1:], 2):
        double.wait_for("chat.postMessage", n - 1)
        sender.event(app_mention(text, channel="C0LAN2Q65", thread_ts=first["event"]["ts"] if thread else None))
    return double.wait_for("chat.postMessage", len(texts))


@pytest.mark.model
def test_with_the_real_model_a_threads_cost_question_says_the_lessons_give_no_cost(settings, real_corpus, double):
    """Before: the thread's set-up excerpts again under "Here is what peers have learned", no word of a cost."""
    with PeerbotServer(settings, real_corpus, double) as server:
        first, reply = _ask(server, double, "How did the trusts set up a committee in common?",
                            "how much did it cost them")
    assert not first.blocks_text.startswith(messages.no_figure(COST))
    assert reply.blocks_text.startswith(messages.no_figure(COST)), reply.blocks_text[:300]
    assert "\n>" in reply.blocks_text  # then the closest excerpts


@pytest.mark.model
def test_with_the_real_model_a_figure_the_lessons_give_gets_no_such_line(settings, real_corpus, double):
    with PeerbotServer(settings, real_corpus, double) as server:
        (reply,) = _ask(server, double, "By how much did the trusts working together on elective recovery cut waits?")
    assert "per cent" in reply.blocks_text and messages.no_figure(SHARE) not in reply.blocks_text


@pytest.mark.model
def test_with_the_real_model_a_patients_story_does_not_decide_the_topic(settings, real_corpus, double):
    """Before: answered with excerpts about wards and weeks; falls are not in the lessons."""
    with PeerbotServer(settings, real_corpus, double) as server:
        story, plain = _ask(server, double,
                            "Mr Jones fell on the ward last week, how do collaboratives share learning from falls?",
                            "how do collaboratives share learning from falls?", thread=False)
    assert messages.answer_lead(1, 1)[:20] not in story.blocks_text
    assert "don't cover falls" in story.blocks_text and "don't cover falls" in plain.blocks_text
