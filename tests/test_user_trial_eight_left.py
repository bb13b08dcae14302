"""What the eighth new-leader trial (stop 40, benchmarks/slack_trial8.py) left, each over HTTP (signed Slack events)
against a real server with the real model and the bundled corpus: a place the question names did not put that
place's passages first; questions about the lessons as a whole (their collaboratives, dates, key enablers, a
summary of everything) got excerpts or a refusal; "the King's Fund's work" was refused; in a thread, "thanks, and
what about finance?" got the thread's answer again and "how long did that take?" excerpts saying nothing of it."""

from __future__ import annotations

import re

import pytest
from slack_double import direct_message, reply_in_thread, reply_to, slack_trial

from bot.asking_clause import without_thanks_first
from bot.durations import times_given
from bot.library.asks import library_ask
from bot.places_first import PlacesFirst
from index import Hit

pytestmark = pytest.mark.model

WEST_YORKSHIRE_URL = ("https://nhsproviders.org/providers-deliver-collaborating-for-better-care/"
                      "west-yorkshire-and-harrogate-mhlda-provider-collaborative")
GOV = "how did the west yorkshire trusts set up their committee in common?"
MH = "what have mental health collaboratives learned about lead provider models?"
OUT_OF_AREA = "what did mental health collaboratives learn about bringing patients back into area?"  # excerpts give times


@pytest.fixture(scope="module")
def trial(real_settings, real_corpus, tmp_path_factory):
    with slack_trial(real_settings, real_corpus, tmp_path_factory.mktemp("trial-eight-left")) as server_and_double:
        yield server_and_double


ask = reply_to


def first_source(reply: str) -> str:
    """The link of the first excerpt's lesson."""
    found = re.search(r"<(https://[^|>]+)\|", reply)
    return found.group(1) if found else ""


# --- a place the question names: its passages first -------------------------------------------------------------

@pytest.mark.parametrize("question", ["what did the medical directors do in west yorkshire?",
                                      "what have the chief executives done in West Yorkshire?"])
def test_a_place_named_puts_that_places_lesson_first(trial, question):
    """Before: the first excerpt was BSW's (the Confederation's lesson), though West Yorkshire's has a lesson."""
    reply = ask(trial, direct_message(question))
    assert reply.startswith("Here is what peers have learned ("), reply[:200]
    assert first_source(reply) == WEST_YORKSHIRE_URL


def test_a_places_lessons_come_first_in_the_searchs_order(real_corpus):
    """The Confederation's lesson tells of Selby, Sheffield, BSW and Greater Manchester: "in Sheffield" puts its
    passages first, in the search's order (its passage on Salisbury's waiting lists names only "BSW"); a question
    naming no place keeps the search's order."""
    index = real_corpus.index
    places = PlacesFirst(index.documents.values())
    confed = [p for p in index.passages.values() if p.document_id == "shared-purpose-integration-innovation"]
    bsw, sheffield = confed[0], confed[-1]
    leeds = next(p for p in index.passages.values() if p.document_id == "west-yorkshire-mhlda-collaborative")
    hits = [Hit(p, 0.0, 0.0, 0.0) for p in (leeds, bsw, sheffield)]
    assert [h.passage for h in places.ordered("what did the medical directors do in Sheffield?", hits)] == [
        bsw, sheffield, leeds]
    assert places.ordered("what did the medical directors do?", hits) == hits
    assert places.ordered("what happened in west yorkshire?", hits) == hits
    assert [h.passage for h in places.ordered("what did the BSW trusts do?", hits[::-1])] == [sheffield, bsw, leeds]


# --- the lessons as a whole -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "lead"), [
    ("which collaboratives are in the lessons?", "The collaboratives and places the 4 lessons tell of:"),
    ("what collaboratives do you know about?", "The collaboratives and places the 4 lessons tell of:"),
    ("what dates does it cover?", "The 4 lessons peerbot answers from, newest first:"),
    ("what are the key enablers? bullet points please", "The 14 key enablers of provider collaboration peerbot knows"),
    ("give me a summary of everything you know", "peerbot answers from 4 lessons on provider collaboratives, dated 2021 "
                                                 "to 2024."),
    ("what's in the library?", "peerbot answers from 4 lessons"),
    ("summarise the lessons for me", "peerbot answers from 4 lessons"),  # the ninth trial (stop 42)
])
def test_a_question_of_the_lessons_as_a_whole_gets_the_librarys_reply(trial, question, lead):
    """Before: excerpts (collaboratives, dates, enablers) or "That isn't something peerbot can help with" (a summary)."""
    reply = ask(trial, direct_message(question))
    assert reply.startswith(lead), reply[:300]
    assert WEST_YORKSHIRE_URL in reply or "Building trust (2 lessons)" in reply


@pytest.mark.parametrize("question", ["which collaboratives have pooled their waiting lists?",
                                      "what are the key enablers for a shared back office?",
                                      "tell me everything you know about board development"])
def test_a_question_of_a_subject_worded_alike_gets_its_excerpts(trial, question):
    assert ask(trial, direct_message(question)).startswith("Here is what peers have learned ("), question


def test_writing_a_summary_of_ones_own_paper_is_still_declined(trial):
    assert ask(trial, direct_message("write me a summary of our board paper")).startswith(
        "That isn't something peerbot can help with")


# --- a body's work ----------------------------------------------------------------------------------------------

def test_a_bodys_work_is_what_it_published_or_that_no_lesson_is_theirs(trial):
    """Before: "tell me about the King's Fund's work" got "That isn't something peerbot can help with"."""
    assert ask(trial, direct_message("tell me about the King's Fund's work")).startswith(
        "No lesson is published by the King's Fund; its own website has what it publishes. The lessons come from NHS "
        "Providers (2),")
    assert ask(trial, direct_message("tell me about Mutual Ventures' work")).startswith(
        "Lessons published by Mutual Ventures (1):")
    assert ask(trial, direct_message("which lessons are from NHS Providers?")).startswith(  # the ninth trial
        "Lessons published by NHS Providers (2):")


def test_the_work_of_a_body_the_lessons_tell_of_gets_its_excerpts(trial):
    for question in ("tell me about NELFT's work", "what about West Yorkshire's work?"):
        assert ask(trial, direct_message(question)).startswith("Here is what peers have learned ("), question


def test_what_reads_as_a_library_ask_and_what_does_not():
    assert library_ask("the Nuffield Trust's reports?").body == "the Nuffield Trust"
    assert library_ask("tell me about NELFT's work on board development") is None
    assert library_ask("what period does it cover?").kind == "dates"
    assert library_ask("what period does the NELFT programme cover?").kind == "span"
    assert library_ask("which collaboratives have pooled waiting lists?") is None
    assert library_ask("summarise the lessons on board development") is None
    assert library_ask("which trusts are from Leeds?") is None


# --- thread follow-ups ------------------------------------------------------------------------------------------

def test_thanks_before_a_follow_up_on_a_new_subject_answers_that_subject(trial):
    """Before: "thanks, and what about finance?" got the thread's committee answer again."""
    reply = reply_in_thread(trial, GOV, "thanks, and what about finance?")
    assert reply == reply_in_thread(trial, GOV, "what about finance?")
    assert reply.startswith("The lessons don't cover finance yet"), reply[:200]


def test_thanks_alone_or_before_no_question_stays_thanks():
    assert without_thanks_first("thanks, and what about finance?") == "what about finance?"
    assert without_thanks_first("great, thanks - who led it?") == "who led it?"
    for text in ("thanks, that's really useful", "thanks!", "thanksgiving rotas: how did trusts share them?"):
        assert without_thanks_first(text) == text


@pytest.mark.parametrize(("root", "follow_up", "lead"), [
    (OUT_OF_AREA, "and how long did that take?", "The excerpts give these times: "),
    (GOV, "and how long did that take?", "The excerpts don't say how long it took; here they are again:"),
    (GOV, "and how long did it take to set up?", "The excerpts don't say how long it took"),  # the ninth trial
])
def test_how_long_that_took_is_what_the_threads_answer_says(trial, root, follow_up, lead):
    """Before: the thread's excerpts again, with no word of how long."""
    reply = reply_in_thread(trial, root, follow_up)
    assert reply.startswith(lead), reply[:200]
    assert first_source(reply)


def test_how_long_a_named_programme_ran_in_a_thread_is_still_its_dates(trial):
    reply = reply_in_thread(trial, MH, "how long did the NELFT programme run for?")
    assert reply.startswith("The lesson you name dates its work June 2022 – March 2024"), reply[:200]


def test_the_times_an_answer_gives():
    assert times_given(["It took 18 months, then over two years; from 2019 to 2021, in the first few weeks."]) == [
        "18 months", "over two years", "from 2019 to 2021", "in the first few weeks"]
    assert times_given(["The board met at 10:30 in room 2019."]) == []
