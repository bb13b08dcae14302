"""What a director of strategy, a chief executive and a medical director met on a seventh new-leader trial of
peerbot (stop 39, benchmarks/slack_trial7.py), over HTTP against one module-scoped server with the real model
and the bundled corpus: each test fails on the behaviour they met. A pasted email's quoted lines were searched
as the question; a request for a lesson's link, its date or its publisher got passages, or a decline; a named
law the lessons never mention was answered with passages on other things, and a body named badly in a decline;
"what did NELFT get wrong?" got success stories under the usual lead."""

from __future__ import annotations

import pytest
from slack_double import (
    SlackSender,
    app_mention,
    direct_message,
    reply_to,
    slack_trial,
    slash_command,
)

from bot.failures import asks_what_went_wrong, tells_of_difficulty, tells_of_failure
from bot.library.asks import library_ask
from bot.quoted_email import hands_over, own_words

pytestmark = pytest.mark.model

NELFT_URL = "https://mutualventures.co.uk/post/case-study-north-east-london-nhs-foundation-trust"
CONFED_URL = "https://www.nhsconfed.org/publications/integration-and-innovation-action-provider-collaboration"
WEST_YORKSHIRE_URL = ("https://nhsproviders.org/providers-deliver-collaborating-for-better-care/"
                      "west-yorkshire-and-harrogate-mhlda-provider-collaborative")
URLS = (NELFT_URL, CONFED_URL, WEST_YORKSHIRE_URL)


@pytest.fixture(scope="module")
def trial(real_settings, real_corpus, tmp_path_factory):
    """One server for the module (the real corpus, its own data folder and records) and its Slack double."""
    with slack_trial(real_settings, real_corpus, tmp_path_factory.mktemp("trial-seven")) as server_and_double:
        yield server_and_double


def ask(trial, text: str, thread_ts: str = "") -> str:
    """What Slack shows for peerbot's reply to a channel mention (in a thread when `thread_ts`)."""
    return reply_to(trial, app_mention(text, thread_ts=thread_ts or None))


# --- a pasted email: the asker's own words are the question -------------------------------------------------

REPLY = ("How did the trusts build trust between their boards?\n\nOn Mon, 3 Nov 2025 at 09:14, Jo Bloggs "
         "<jo.bloggs@example.nhs.uk> wrote:\n> What are the car parking charges at the hospital and what's the "
         "phone number for the estates team?\n> Thanks, Jo")
OUTLOOK = ("How did the trusts build trust between their boards?\n-----Original Message-----\nFrom: Priya Shah\n"
           "Sent: 12 November 2025 16:02\nSubject: parking\n\nWhat are the car parking charges at the hospital?")


@pytest.mark.parametrize("text", [REPLY, OUTLOOK, REPLY.replace("\n", " ")], ids=["reply", "outlook", "joined lines"])
def test_a_pasted_emails_quoted_lines_are_not_searched_with_the_question(trial, text):
    """Before: the quoted lines were searched with the question, and their parking charges and phone number
    had it declined ("That isn't something peerbot can help with")."""
    reply = ask(trial, text)
    assert reply.startswith("Here is what peers have learned ("), reply[:200]
    assert reply == ask(trial, "How did the trusts build trust between their boards?")


def test_own_words_that_only_hand_over_the_email_ask_what_it_asks(trial):
    handed = ("Can you help with this one? Need something by Friday.\nOn Mon, 3 Nov 2025, Jo Bloggs wrote:\n"
              "> How did the trusts build trust between their boards?")
    assert ask(trial, handed).startswith("Here is what peers have learned ("), handed


@pytest.mark.parametrize(("text", "own", "handing_over"), [
    ("How did boards agree?\n> we need costs\n> and names", "How did boards agree?", False),
    ("How did boards agree? On Tue, 4 Nov 2025, Sam wrote: > we need costs", "How did boards agree?", False),
    ("Thoughts on the below? -----Original Message----- From: Sam Subject: x How did boards agree?",
     "Thoughts on the below?", True),
    ("Did trusts with costs > £1m share them?", "Did trusts with costs > £1m share them?", None),
    ("How did trusts merge? On balance, what worked?", "How did trusts merge? On balance, what worked?", None),
])
def test_own_words_are_the_text_before_what_it_quotes(text, own, handing_over):
    """`handing_over` None: the text quotes nothing."""
    asked, whole = own_words(text)
    assert asked == own
    assert (hands_over(own) if whole else None) is handing_over


# --- the lessons as documents: links, dates, publishers, from the index's metadata --------------------------

def test_a_request_for_a_named_lessons_link_gets_its_title_and_link(trial):
    """Before: five NELFT excerpts, each with its link, and no word of the document itself."""
    reply = ask(trial, "link to the NELFT report?")
    assert reply.startswith("The lesson you name, in full:\n• Case study: North East London NHS Foundation Trust")
    assert NELFT_URL in reply and CONFED_URL not in reply and "Here is what peers" not in reply


def test_the_full_report_in_a_thread_is_the_thread_answers_lessons(trial):
    root = app_mention("How did the West Yorkshire trusts set up their committee in common?")
    server, double = trial
    double.clear()
    SlackSender(server.events_url).event(root)
    answer = double.wait_for("chat.postMessage")[0].blocks_text
    reply = ask(trial, "where can I read the full report?", thread_ts=root["event"]["ts"])
    assert "in full:\n• " in reply and WEST_YORKSHIRE_URL in reply and WEST_YORKSHIRE_URL in answer


def test_a_request_for_a_report_naming_none_lists_the_lessons(trial):
    reply = ask(trial, "where can i find the source for that?")
    assert reply.startswith("Which one? The 4 lessons peerbot answers from, newest first:")
    assert all(url in reply for url in URLS)


@pytest.mark.parametrize(("question", "lead", "shown", "left_out"), [
    ("Which lessons are from 2023?", "Lessons dated 2023 (1 of 4):", (NELFT_URL,), (CONFED_URL, WEST_YORKSHIRE_URL)),
    ("any reports from 2019?", "No lesson is dated 2019. The lessons, newest first:", URLS, ()),
    ("what's the most recent lesson you have?", "The 4 lessons peerbot answers from, newest first:", URLS, ()),
    ("when was the West Yorkshire case study published?", "The lesson you name, with its date:",
     (WEST_YORKSHIRE_URL,), (NELFT_URL,)),
])
def test_a_question_about_the_lessons_dates_is_answered_from_their_metadata(trial, question, lead, shown, left_out):
    """Before: "Which lessons are from 2023?" got two West Yorkshire excerpts (dated 2021)."""
    reply = ask(trial, question)
    assert reply.startswith(lead), reply[:300]
    assert all(url in reply for url in shown) and not any(url in reply for url in left_out)


@pytest.mark.parametrize(("question", "lead", "shown"), [
    ("Has the King's Fund published anything on this?", "No lesson is published by the King's Fund; its own website "
     "has what it publishes. The lessons come from NHS Providers (2), Mutual Ventures (1) and NHS Confederation (1):",
     URLS),
    ("What has NHS Confederation published on provider collaboration?", "Lessons published by NHS Confederation (1):",
     (CONFED_URL,)),
    ("who wrote these lessons?", "The lessons come from NHS Providers (2), Mutual Ventures (1) and NHS Confederation (1):",
     URLS),
])
def test_a_question_about_the_lessons_publishers_is_answered_from_their_metadata(trial, question, lead, shown):
    """Before: "Has the King's Fund published anything on this?" got "That isn't something peerbot can help with"."""
    reply = ask(trial, question)
    assert reply.startswith(lead), reply[:300]
    assert all(url in reply for url in shown)


@pytest.mark.parametrize(("question", "says"), [
    ("Where can I find the board papers for South West Yorkshire Partnership's next meeting?",
     "That isn't something peerbot can help with. peerbot holds lessons from provider collaboratives"),
    ("where can I read the full report on car parking?",
     "That isn't something peerbot can help with. peerbot holds lessons from provider collaboratives"),
    ("Is this information up to date?", "peerbot answers only from 4 lessons"),
])
def test_a_request_a_cue_declines_or_answers_keeps_its_reply(trial, question, says):
    """An organisation's own papers, or a report on something the lessons lack, are no lesson's link."""
    assert ask(trial, question).startswith(says)


def test_peer_answers_a_link_request_privately_too(trial):
    server, double = trial
    double.clear()
    SlackSender(server.events_url).command(slash_command("/peer", "link to the NELFT report", double.response_url()))
    [post] = double.wait_for("chat.postEphemeral")
    assert "\nThe lesson you name, in full:\n" in post.blocks_text and NELFT_URL in post.blocks_text


@pytest.mark.parametrize(("question", "kind"), [
    ("link to the NELFT report?", "link"), ("send me the link please", "link"), ("How did trusts link their services?", None),
    ("what are the links between governance and trust?", None), ("What lessons did trusts learn in 2023?", None),
    ("How did West Yorkshire set up a committee in 2019?", None), ("what did the trusts publish about their plans?", None),
    ("Is there a full business case template?", None), ("Are the lessons up to date?", "date"),
    ("Did Leeds write anything about trust?", None), ("Can you summarise this attached PDF for me?", None),
    ("is there a pdf of the NELFT case study?", "link"),
])
def test_what_a_question_asks_of_the_lessons_as_documents(question, kind):
    asked = library_ask(question)
    assert (asked.kind if asked else None) == kind


# --- a named law or body the lessons never mention ---------------------------------------------------------

@pytest.mark.parametrize(("question", "topic"), [
    ("What did the 2022 Health and Care Act change for collaboratives?", "the 2022 Health and Care Act"),
    ("How did the Health and Social Care Bill affect provider collaboratives?", "the Health and Social Care Bill"),
    ("compare NHS Providers' view with the King's Fund's", "the King's Fund"),
])
def test_a_named_law_or_body_the_lessons_never_mention_is_not_covered_and_named_whole(trial, question, topic):
    """Before: the Act got "Here is what peers have learned (4 excerpts from 3 lessons)" on investment and NELFT;
    the King's Fund "The lessons don't cover view with the King's yet"."""
    reply = ask(trial, question)
    assert reply.startswith(f"The lessons don't cover {topic} yet"), reply[:200]


# --- what went wrong ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["what did NELFT get wrong?", "what mistakes did NELFT make?",
                                      "What went wrong in West Yorkshire?"])
def test_what_went_wrong_when_no_excerpt_tells_of_a_failure_says_so_first(trial, question):
    """Before: NELFT's and West Yorkshire's successes under "Here is what peers have learned", read as what
    went wrong (the lessons tell of no failure, only of challenges faced)."""
    reply = ask(trial, question)
    assert reply.startswith("The lessons describe nothing going wrong on this, "), reply[:200]


@pytest.mark.parametrize(("text", "failure", "difficulty"), [
    ("With hindsight we would have involved clinicians earlier.", True, False),
    ("The first attempt at a shared rota failed.", True, False),
    ("They face challenges in managing standardisation.", False, True),
    ("The committee in common approved the plan.", False, False),
])
def test_a_passage_tells_of_a_failure_or_of_a_difficulty(text, failure, difficulty):
    assert (tells_of_failure(text), tells_of_difficulty(text)) == (failure, difficulty)


@pytest.mark.parametrize(("question", "asks"), [
    ("what did NELFT get wrong?", True), ("What should we NOT do when forming a collaborative?", True),
    ("Which collaboratives failed?", True), ("what didn't work?", True),
    ("How did trusts avoid duplication?", False), ("What went well in West Yorkshire?", False),
    ("We're trying to run our collaborative with no dedicated team - is that a mistake?", False),
    ("anyone else find forming a partnership chaotic? do people regret it?", False),
])
def test_a_question_asks_what_went_wrong(question, asks):
    assert asks_what_went_wrong(question) is asks


# --- a follow-up in a DM or a thread ------------------------------------------------------------------------

def test_thanks_with_praise_is_thanks_not_the_answer_again(trial):
    """Before: "thanks, that's useful" in the DM got the earlier answer's five excerpts again."""
    server, double = trial
    slack = SlackSender(server.events_url)
    double.clear()
    slack.event(direct_message("How did the trusts build trust between their boards?"))
    double.wait_for("chat.postMessage")
    slack.event(direct_message("thanks, that's really useful"))
    reply = double.wait_for("chat.postMessage", 2)[-1].blocks_text
    assert reply.startswith("You're welcome. ") and "Here is what peers" not in reply


def test_a_follow_up_on_a_subject_the_lessons_never_mention_says_so(trial):
    """Before: "what about mortality reviews?" after a question on clinical governance got five excerpts on
    leadership, read with the thread's question, though no lesson mentions mortality."""
    root = app_mention("any lessons on clinical governance across trusts?")
    server, double = trial
    double.clear()
    SlackSender(server.events_url).event(root)
    assert double.wait_for("chat.postMessage")[0].blocks_text.startswith("Here is what peers have learned (")
    reply = ask(trial, "what about mortality reviews?", thread_ts=root["event"]["ts"])
    assert reply.startswith("The lessons don't cover mortality reviews yet"), reply[:200]


def test_a_teams_card_shows_a_reply_about_the_lessons_one_lesson_a_line():
    """A Teams TextBlock may run single line breaks together: each lesson is a TextBlock of its own."""
    from bot.answer import Answer
    from bot.teams.cards import answer_card

    lead = f"The lesson you name, in full:\n• Case study · Mutual Ventures · 2022: {NELFT_URL}"
    card = answer_card(Answer("link to the NELFT report?", True, lead=lead), "q1", {}, "fallback")
    texts = [(b["text"], b.get("weight")) for b in card["body"] if b["type"] == "TextBlock"]
    assert texts[:2] == [("The lesson you name, in full:", "Bolder"), (f"• Case study · Mutual Ventures · 2022: {NELFT_URL}", None)]
