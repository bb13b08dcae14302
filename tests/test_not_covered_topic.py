"""What a decline says the lessons do not cover reads as a topic (a new user's rough edge, stop 33):
never the verb the question asks someone did ("The lessons don't cover cut yet", "… cope yet"), and
never a noun phrase cut before its noun ("a shared pathology", "the Better")."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention

from bot import messages
from bot.answerer import not_covered_topic

# (question, the words the corpus never uses, the topic)
TOPICS = [
    ("How did collaboratives cope during COVID?", ("cope",), ""),
    ("How did the BSW collaborative cut paediatric dental waits?", ("cut",), ""),
    ("How do collaboratives handle VAT on shared services?", ("handle", "vat"), "VAT"),
    ("How have collaboratives dealt with GDPR subject access requests across trusts?",
     ("dealt", "gdpr", "subject", "requests"), "GDPR subject access requests"),
    ("How have groups of trusts acted on the Messenger review of health leadership?", ("acted", "messenger"),
     "the Messenger review"),
    ("What have collaboratives done to cut bank and agency staffing costs?", ("cut", "bank", "agency", "staffing"),
     "bank and agency staffing costs"),
    ("What has been learnt from robotic surgery programmes shared between hospitals?", ("learnt", "robotic"),
     "robotic surgery programmes"),
    ("How did collaboratives set up a shared pathology network?", ("pathology",), "a shared pathology network"),
    ("What did collaboratives get out of the Better Care Fund?", ("better",), "the Better Care Fund"),
    ("How did trusts implement the new consultant contract?", ("implement", "consultant"), "the new consultant contract"),
    ("How did collaboratives introduce a single patient portal app?", ("introduce", "portal", "app"),
     "a single patient portal app"),
    ("How have collaboratives taken part in the Shared Care Record Programme?", ("taken", "record"),
     "the Shared Care Record Programme"),
    ("did the trust go ahead with one COO after the review?", ("go", "ahead"), ""),
    ("we need someone impartial to broker between our trusts - is there a case for paying for independent posts?",
     ("impartial", "independent"), ""),
    ("Patient [name] was discharged late - how do others speed discharge?", ("discharged", "speed", "discharge"),
     "discharge"),
    ("How does a shared zzqx work?", ("zzqx",), "a shared zzqx"),
    # a story told first, then the question: the topic is what is asked (stop 35)
    ("my mum complained about her discharge - how do other trusts deal with complaints",
     ("mum", "complained", "discharge", "complaints"), "complaints"),
    ("[name] complained about her discharge, how do others handle complaints?",
     ("complained", "discharge", "handle", "complaints"), "complaints"),
    ("a relative wrote to our MP about parking, how do trusts handle MP letters?",
     ("wrote", "mp", "parking", "handle", "letters"), "MP letters"),
    # a compound is named whole, never its lone last word ("The lessons don't cover office yet", stop 37)
    ("How did trusts share back office services?", ("office",), "back office services"),
    ("How do trusts run a shared back office?", ("office",), "a shared back office"),
    ("How have trusts set up a staff bank?", ("bank",), "a staff bank"),
    ("What about a pathology network?", ("network",), "a pathology network"),
    ("How did trusts write an estates strategy?", ("estates",), "an estates strategy"),
    ("Trusts sharing back office services?", ("office",), "back office services"),
]


@pytest.mark.parametrize(("question", "unknown", "topic"), TOPICS)
def test_the_topic_is_a_noun_phrase_never_the_verb_asked_about(question, unknown, topic):
    assert not_covered_topic(question, unknown) == topic


@pytest.mark.model
@pytest.mark.parametrize("question", ["How did collaboratives cope during COVID?",
                                      "How did the Bath Swindon Wiltshire collaborative cut paediatric dental waits?"])
def test_a_decline_never_says_the_lessons_do_not_cover_a_verb(real_answerer, question):
    answer = real_answerer.answer(question)
    assert answer.outcome != "not_covered" or answer.topic == ""
    text = messages.decline(answer)
    assert "cover cope" not in text and "cover cut" not in text


@pytest.mark.model
def test_a_decline_names_the_whole_noun_phrase(real_answerer):
    answer = real_answerer.answer("How did collaboratives set up a shared pathology network?")
    assert answer.outcome == "not_covered"
    assert messages.decline(answer).startswith("The lessons don't cover a shared pathology network yet, so I won't guess.")


@pytest.mark.model
def test_over_slack_a_decline_names_the_whole_compound(settings, real_corpus, double):
    """Before: "The lessons don't cover office services like payroll yet" (a Teams trial, stop 37)."""
    with PeerbotServer(settings, real_corpus, double) as server:
        SlackSender(server.events_url).event(app_mention("How did collaboratives share back office services like payroll?"))
        [reply] = double.wait_for("chat.postMessage")
    assert "don't cover back office services" in reply.blocks_text
