"""What the ninth new-leader trial (stop 42, benchmarks/slack_trial9.py) left, each over HTTP against a real server
with the real model and the bundled corpus (signed Slack events and threads; Teams personal-chat activities): in a
thread, "what did it cost?" and "who was the clinical lead?" got the thread's excerpts again; "… in Greater
Manchester?" opened with BSW's waiting lists; "how did trusts align clinical pathways …?" was declined as "that";
a patient's details before a waiting-list question turned its answer into a decline; "more on the first one" with
no earlier answer was searched."""

from __future__ import annotations

import pytest
from slack_double import app_mention, reply_in_thread, reply_to, slack_trial
from teams_doubles import chat_card_texts

from bot import messages
from bot.figures import COST, figure_asked
from bot.follow_up import needs_context, refers_back
from bot.places_first import PlacesFirst
from bot.redact import without_identifiers
from bot.roles_asked import role_asked

pytestmark = pytest.mark.model

WY = "how did West Yorkshire get clinicians involved in the committee in common?"


@pytest.fixture(scope="module")
def trial(real_settings, real_corpus, tmp_path_factory):
    with slack_trial(real_settings, real_corpus, tmp_path_factory.mktemp("trial-nine-left")) as server_and_double:
        yield server_and_double


ask = reply_to


# --- a thread's follow-up asks what its answer may not hold -------------------------------------------------------

def test_what_it_cost_in_a_thread_says_the_lessons_give_no_cost(trial):
    """Before: "Here is what peers have learned (5 excerpts …)", the thread's excerpts with no word of cost."""
    assert reply_in_thread(trial, WY, "what did it cost?").startswith(messages.no_figure(COST))


@pytest.mark.parametrize(("question", "kind"), [
    ("what did it cost?", COST), ("what did the NELFT programme cost?", COST), ("and what did that cost them?", COST),
    ("what did trusts spend time on?", ""), ("what did it achieve?", ""),
])
def test_a_cost_asked_with_cost_as_its_verb(question, kind):
    assert figure_asked(question) == kind


def test_who_held_a_role_the_lessons_name_no_one_in_says_so_and_names_who_they_do(trial):
    """Before: the thread's five excerpts again ("clinical lead" named a subject, so it was no "who led it?")."""
    reply = reply_in_thread(trial, WY, "who was the clinical lead?")
    assert reply.startswith("The lessons don't name the clinical lead. Those they do name behind it:"), reply[:200]
    assert "Cathy Elliott" in reply and "Keir Shillaker" in reply
    assert "\n>" not in reply  # no excerpts again


def test_who_held_a_role_the_lessons_name_is_that_person(trial):
    reply = reply_in_thread(trial, WY, "who was the chair?")
    assert reply.startswith("The chair, as the lessons name them (with the excerpts that say so):"), reply[:200]
    assert "Cathy Elliott" in reply and "*Keir Shillaker*" not in reply


def test_who_led_it_and_a_role_with_a_subject_are_answered_as_before(trial):
    assert reply_in_thread(trial, WY, "who led it?").startswith("Who was behind it, as the lessons name them")
    assert role_asked("who was the clinical lead for the wellbeing hub?") == ""


@pytest.mark.parametrize(("follow_up", "role"), [
    ("who was the clinical lead?", "clinical lead"), ("and who was the chair of it?", "chair"),
    ("Who is their medical director", "medical director"), ("thanks, who was the SRO then?", "sro"),
    ("who led it?", ""), ("who was involved?", ""), ("who was the clinical lead in Leeds?", ""),
])
def test_the_role_a_follow_up_asks_who_held(follow_up, role):
    assert role_asked(follow_up) == role


# --- a place asked, in a lesson of several places --------------------------------------------------------------

def test_a_place_asked_is_shown_from_the_paragraph_naming_it(trial):
    """Before: the first excerpt opened "As a result, the partnership between the three trusts reduced the total
    waiting list by 47 per cent" (BSW's), the paragraph before Greater Manchester's in the same passage."""
    reply = ask(trial, app_mention("what did the clinical directors do in Greater Manchester?"))
    first = reply.split("\n> ", 1)[1]
    assert first.startswith("Shared purpose is a galvanising force"), first[:200]
    assert "47 per cent" not in first.split("\n<")[0]


def test_a_passage_is_shown_whole_unless_it_turns_from_another_place_to_the_place_asked(real_corpus):
    index = real_corpus.index
    places = PlacesFirst(index.documents.values(), index.passages.values())
    manchester = next(p for p in index.passages.values() if "Take Greater Manchester" in p.text)
    turns = manchester.text.index("Shared purpose is a galvanising")
    assert places.shown_from("what happened in Greater Manchester?", manchester) == turns
    # its first paragraph names no place but follows Sheffield's: Sheffield's all through (dev_questions d08)
    sheffield = next(p for p in index.passages.values() if "more than 1,900 patients" in p.text)
    assert places.shown_from("How many patients with complex needs were seen in Sheffield?", sheffield) == 0
    # Salisbury's, told of with BSW: a place named with the one asked is that place (questions_tune i089)
    children = next(p for p in index.passages.values() if p.text.startswith("“We had lots of children"))
    assert places.shown_from("What sort of children were stuck on the BSW surgical waiting lists?", children) == 0
    assert places.shown_from("what did the BSW trusts do?", manchester) == 0  # not named: whole
    assert places.shown_from("what did they do?", manchester) == 0
    leeds = next(p for p in index.passages.values() if p.document_id == "west-yorkshire-mhlda-collaborative")
    assert places.shown_from("what happened in West Yorkshire?", leeds) == 0  # a lesson of one place: whole


# --- declines that name what they decline; a patient's details apart --------------------------------------------

def test_teams_decline_of_known_words_names_the_subject_and_a_pointer_with_no_answer_asks_which(
        real_settings, real_corpus, tmp_path):
    """Before: "The lessons don't cover that yet" for clinical pathways, and for "more on the first one" alone the
    closest passages to those words."""
    pathways, alone = chat_card_texts(real_settings, real_corpus, tmp_path, [
        "how did trusts align clinical pathways across a collaborative?", "more on the first one"])
    assert pathways[0].startswith("The lessons don't cover clinical pathways yet"), pathways[0]
    assert alone[0].startswith("I can't tell what “the first one” refers to: I have no earlier question"), alone[0]


def test_teams_whom_to_contact_after_thanks_is_the_chats_decline_again(real_settings, real_corpus, tmp_path):
    """Before: "The lessons don't cover that yet", closest passages of its own words (the thanks hid the ask)."""
    _, contact = chat_card_texts(real_settings, real_corpus, tmp_path, [
        "how did trusts align clinical pathways across a collaborative?",
        "thanks, and who should I contact about that?"], one_chat=True)
    assert contact[0].startswith("The lessons don't cover clinical pathways yet"), contact[0]


def test_teams_more_on_the_first_one_after_an_answer_is_that_excerpt(real_settings, real_corpus, tmp_path):
    answer, more = chat_card_texts(real_settings, real_corpus, tmp_path, [WY, "more on the first one"], one_chat=True)
    assert answer[0].startswith("Here is what peers have learned (")
    assert more[0].startswith("More on excerpt 1, with what comes before and after it in"), more[0]


def test_the_pointing_words_are_what_a_message_with_no_subject_points_with():
    assert needs_context("more on the first one") == "the first one"
    assert needs_context("tell me more about excerpt 3") == "excerpt 3"
    assert needs_context("what was the first lesson about board development?") == ""
    assert refers_back("more on the second one") and not refers_back("how did trusts share a back office?")


def test_a_patients_details_before_the_question_do_not_change_its_answer(trial):
    """Before: "The lessons don't cover that yet" (answered without the details: BSW pooled its waiting lists)."""
    plain = ask(trial, app_mention("can collaboratives share waiting lists?"))
    assert plain.startswith("Here is what peers have learned (")
    assert ask(trial, app_mention("Patient A B, DOB 01/02/1960, MRN 1234567 - can collaboratives share waiting lists?")
               ) == plain


@pytest.mark.parametrize(("text", "asked"), [
    ("Patient A B, DOB 01/02/1960, MRN 1234567 - can collaboratives share waiting lists?",
     "can collaboratives share waiting lists?"),
    ("My patient Mrs Patel (DOB 12/03/1950) waited 60 weeks. How do collaboratives pool waiting lists?",
     "How do collaboratives pool waiting lists?"),
    ("since March 2023 we pooled lists - how did others do it?", None),  # no one's details: as it is
    ("how did trusts handle a complaint - any lessons?", None),
])
def test_a_part_holding_details_and_asking_nothing_is_left_out_whole(text, asked):
    assert without_identifiers(text) == (asked or text)
