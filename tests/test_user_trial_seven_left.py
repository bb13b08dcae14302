"""What the seventh new-leader trial (stop 39, benchmarks/slack_trial7.py) left, each over HTTP against a real
server with the real model and the bundled corpus: a pasted email whose quoted lines come first reached the core
as one line from Slack and Teams, so they were searched; "how long did the NELFT programme run for?" got
excerpts, not the lesson's dates; "Who at NELFT should I speak to …?" listed NELFT as if it named someone there;
"What did Cathy Elliot say" (one "t") missed her quotations. Then what the eighth trial (stop 40,
benchmarks/slack_trial8.py) found: a Teams <blockquote> searched as the question, "hello :wave:" answered with
excerpts, "junior doctors to rotate" named as a topic."""

from __future__ import annotations

import pytest
from slack_double import app_mention, direct_message, reply_to, slack_trial
from teams_doubles import chat_card_texts

from bot.chat_markup import without_chat_markup
from bot.named_in_corpus import spelt_as
from bot.question import lines_kept
from bot.quoted_email import own_words

pytestmark = pytest.mark.model

QUESTION = "How did the trusts build trust between their boards?"
QUOTED_FIRST = ("> What are the car parking charges at the hospital and what's the phone number for the estates team?\n"
                "> Thanks, Jo\n" + QUESTION)
HEADER_FIRST = "On Mon, 3 Nov 2025 at 09:14, Jo Bloggs <jo.bloggs@example.nhs.uk> wrote:\n" + QUOTED_FIRST
NELFT_URL = "https://mutualventures.co.uk/post/case-study-north-east-london-nhs-foundation-trust"


@pytest.fixture(scope="module")
def trial(real_settings, real_corpus, tmp_path_factory):
    with slack_trial(real_settings, real_corpus, tmp_path_factory.mktemp("trial-seven-left")) as server_and_double:
        yield server_and_double


ask = reply_to


# --- a pasted email with its quoted lines first ---------------------------------------------------------------

@pytest.mark.parametrize("text", [QUOTED_FIRST, HEADER_FIRST, QUOTED_FIRST.replace("\n", "\n\n  ")],
                         ids=["quoted lines", "reply header", "blank lines and spaces"])
def test_slack_keeps_the_lines_so_quoted_lines_first_are_not_searched(trial, text):
    """Before: Slack's lines were joined, the ">" opened the one line, and the whole paste was the question (its
    parking charges and phone number declined)."""
    plain = ask(trial, app_mention(QUESTION))
    assert plain.startswith("Here is what peers have learned (")
    assert ask(trial, app_mention(text)) == plain
    assert ask(trial, direct_message(text)) == ask(trial, direct_message(QUESTION))


def test_teams_keeps_the_lines_so_quoted_lines_first_are_not_searched(real_settings, real_corpus, tmp_path):
    """As Teams sends a pasted reply: plain text with line breaks, and HTML paragraphs and <br>."""
    html = ("<p>&gt; What are the car parking charges at the hospital and what's the phone number?</p>"
            f"<p>&gt; Thanks, Jo<br></p><p>{QUESTION}</p>")
    quoted = ("<blockquote><p>What are the car parking charges at the hospital?</p><p>Thanks, Jo</p></blockquote>"
              f"<p>{QUESTION}</p>")  # Teams' "Reply" with quote (trial eight: "don't cover car parking charges")
    plain, pasted, in_html, in_quote = chat_card_texts(real_settings, real_corpus, tmp_path,
                                                    [QUESTION, HEADER_FIRST, html, quoted])
    assert any(t.startswith("Here is what peers have learned (") for t in plain), plain[:3]
    assert pasted == plain and in_html == plain and in_quote == plain


def test_lines_are_kept_and_nothing_else_changes():
    assert lines_kept("  a \t b \r\n\n  > c  \n") == "a b\n> c"
    assert own_words(lines_kept(QUOTED_FIRST)) == (QUESTION, own_words(QUOTED_FIRST)[1])
    assert own_words(HEADER_FIRST)[0] == QUESTION
    # a header over no quoted lines still hands over what follows (an email forwarded as the question)
    assert own_words("On Mon, Jo wrote:\nWhat are the car parking charges?") == ("What are the car parking charges?", "")


# --- how long a named lesson's work ran: its dates, from its metadata ----------------------------------------

@pytest.mark.parametrize("question", ["how long did the NELFT programme run for?", "when did the NELFT work start?",
                                      "How long was the NELFT programme?"])
def test_how_long_a_named_lessons_work_ran_is_its_dated_period(trial, question):
    """Before: four NELFT excerpts; the lesson's period was only in its metadata."""
    reply = ask(trial, app_mention(question))
    assert reply.startswith("The lesson you name dates its work June 2022 – March 2024 (project dates):"), reply[:200]
    assert NELFT_URL in reply


@pytest.mark.parametrize(("question", "lead"), [
    ("When did the West Yorkshire collaborative start?", "Here is what peers have learned ("),
    # how long something took is answered from the excerpts, the times they give first (stop 46)
    ("how long did it take NELFT to build trust with ELFT?", "The excerpts give these times: From 2022 to 2024."),
])
def test_a_lesson_dated_by_its_publication_or_a_question_of_its_content_gets_the_usual_answer(trial, question, lead):
    """West Yorkshire's lesson gives a year of publication, no period: the excerpts, as before."""
    assert ask(trial, app_mention(question)).startswith(lead)


# --- whom to speak to at an organisation whose people the lessons never name ---------------------------------

def test_who_at_an_organisation_the_lessons_name_no_one_at_says_so(trial):
    """Before: "Here is what peers have learned" and NELFT under "People who have done this", as if named."""
    reply = ask(trial, app_mention("Who at NELFT should I speak to about board development?"))
    assert reply.startswith("The lessons name no one at NELFT; the closest contacts are below the excerpts ("), reply[:200]
    assert "North East London NHS Foundation Trust" in reply


def test_who_at_an_organisation_with_a_named_person_is_answered_as_before(trial):
    reply = ask(trial, app_mention("who at Leeds Teaching Hospitals NHS Trust should I talk to about building trust?"))
    assert "name no one" not in reply and "Julian Hartley" in reply


# --- a misspelt name of someone the lessons quote -------------------------------------------------------------

@pytest.mark.parametrize("misspelt", ["Cathy Elliot", "Kathy Elliott", "Cathy Eliott"])
def test_a_misspelt_name_finds_that_persons_quotations_as_the_right_spelling_does(trial, misspelt):
    """Before: "What did Cathy Elliot say" got the search's passages, the first not quoting her."""
    right = ask(trial, app_mention("What did Cathy Elliott say"))
    assert ask(trial, app_mention(f"What did {misspelt} say")) == right


def test_a_name_is_read_as_the_one_known_name_it_misspells():
    known = ["cathy elliott", "keir shillaker", "jo smith", "jon smith"]
    assert spelt_as("cathy elliot", known) == "cathy elliott"
    assert spelt_as("keir shilaker", known) == "keir shillaker"
    assert spelt_as("jo smyth", known) == "jo smith"
    assert spelt_as("joe smith", known) == ""  # a short word must be spelt right: not "jo", not "jon"
    assert spelt_as("cathy smith", known) == ""  # two words wrong
    assert spelt_as("elliott", known) == ""  # as many words


# --- the eighth trial (stop 40, benchmarks/slack_trial8.py) ------------------------------------------------------

@pytest.mark.parametrize(("question", "topic"), [
    ("how do we get junior doctors to rotate between trusts?", "junior doctors"),
    ("how do we get junior doctors to rotate?", "junior doctors"),
])
def test_a_not_covered_topic_stops_before_what_someone_is_got_to_do(trial, question, topic):
    """Before: "The lessons don't cover junior doctors to rotate yet"."""
    assert ask(trial, direct_message(question)).startswith(f"The lessons don't cover {topic} yet")


OUTLOOK_HEADER = ("From: Helen Carter <helen.carter@example.nhs.uk>\nSent: 28 November 2026 17:40\nSubject: collab away day"
                  "\n\n")
SHARED_PRIORITIES = "could you find what other collaboratives did to agree shared priorities across boards?"


def test_an_emails_header_lines_are_not_the_question(trial):
    """Before: "The lessons don't cover 28 November 2026 17:40 Subject yet" for a pasted email's header block."""
    plain = ask(trial, app_mention(SHARED_PRIORITIES))
    assert plain.startswith("Here is what peers have learned (")
    assert ask(trial, app_mention(OUTLOOK_HEADER + SHARED_PRIORITIES)) == plain


def test_one_header_like_line_is_the_askers_own():
    assert own_words("To: all, how did trusts share a back office?") == ("To: all, how did trusts share a back office?", "")
    assert own_words(OUTLOOK_HEADER + SHARED_PRIORITIES) == (SHARED_PRIORITIES, "")


@pytest.mark.parametrize("text", ["hello :wave:", ":wave: hi", "thanks :+1::skin-tone-2:"])
def test_a_slack_emoji_shortcode_is_no_word_of_a_greeting_or_thanks(trial, text):
    """Before: "hello :wave:" got "Here is what peers have learned (5 excerpts …)"."""
    reply = ask(trial, direct_message(text))
    assert reply == ask(trial, direct_message(text.replace(":wave:", "").replace(":+1::skin-tone-2:", "")))
    assert "excerpt" not in reply


def test_an_emoji_shortcode_is_taken_out_of_a_question_and_nothing_else_is():
    assert without_chat_markup("what did the BSW trusts do on elective recovery? :hospital:") == (
        "what did the BSW trusts do on elective recovery?")
    for text in ("meet at 10:30:00 today", "ratio 1:2:3", "Note: see:this", "what about :) costs"):
        assert without_chat_markup(text) == text
