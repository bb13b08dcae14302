"""A leader's views are shown in their own attributed words only (stop 46, read as a chief executive): a sentence
in which the lesson retells what a named person said or thinks ("Keir and Cathy stress that…", "Cathy would also
welcome…", "For Dr Fiona Goudie…, aligning organisations … is vital") is never a practice or an example of an
enabler summary; and the digest's "Key practice" of the enabler of the week is something done, never advice."""

from __future__ import annotations

import pytest
from test_digest_compose import ENABLERS, doc, inputs

from bot.answer import EnablerRef, Snippet
from bot.digest.compose import compose_digest, key_practice
from bot.enablers.deeds import kind_of
from bot.enablers.excerpts import excerpts
from bot.enablers.guide import EnablerGuide
from bot.enablers.reported import Reporting
from bot.plaintext.digest import render_digest
from bot.slack.digest_blocks import digest_message
from bot.summary import EnablerSummary, Example
from bot.teams.cards import digest_card

PEOPLE = ("Cathy Elliott", "Keir Shillaker", "Dr Fiona Goudie", "Julian Hartley", "Diane Wake")
RETOLD = (  # as the real model's summaries of the bundled corpus showed them before (stop 46's trial)
    "Keir and Cathy stress that the fundamental starting point for organisations coming together as a collaborative "
    "should be working on the relationships between them",
    "Cathy and Keir also stress the importance of recognising that collaboration is a journey",
    "Cathy would also welcome the development of peer learning on a more systematic and coordinated basis",
    "Cathy and Keir emphasise that the process of setting up, and the continuous development of, a provider "
    "collaborative needs to be driven by its constituent organisations",
    "For Dr Fiona Goudie from Sheffield Health and Social Care NHS Foundation Trust, aligning organisations around a "
    "common goal is vital.",
)


@pytest.mark.parametrize("text", [
    *RETOLD, "Keir and Cathy tell us they would welcome support at a national level.", "Cathy shares that it helped.",
    "According to Diane Wake, clinical summits changed minds.", "Julian Hartley, Keir and Cathy all felt it was worth it.",
])
def test_a_named_persons_words_or_views_retold_are_reported(text):
    assert Reporting(PEOPLE).reports(text)


@pytest.mark.parametrize("text", [
    "Cathy chairs the collaborative and Keir led the review of out-of-area placements.",
    "Trust leaders tell us that engaging with clinicians early is valuable.",  # no one named: the survey's finding
    "The trusts worked for Julian Hartley's review on a shared waiting list.",
    "Wake-up calls from the regulator shared across the three boards changed the agenda.",
    "The boards approved a committee in common, which Diane Wake's trust hosts.",
])
def test_what_a_named_person_did_or_an_unnamed_finding_is_not(text):
    """Must not take."""
    assert not Reporting(PEOPLE).reports(text)


def test_no_summary_of_the_bundled_corpus_shows_a_named_persons_words_retold(corpus):
    guide = EnablerGuide(corpus)
    reporting = Reporting(p.name for p in corpus.directory.people.values())
    shown = [s.text for e in corpus.enablers for summary in [guide.summarise(e.id)]
             for s in (*summary.practices, *(x.snippet for x in summary.examples))]
    assert shown and [text for text in shown if reporting.reports(text)] == []


def test_with_the_real_model_no_practice_or_example_retells_a_leader_and_no_key_practice_is_advice(real_corpus):
    """Before (real model, bundled corpus): the five RETOLD sentences were practices or examples of seven summaries,
    and Building trust's key practice in the digest was "Service users and staff need to be assured of trust
    boards' commitment and intentions." (advice)."""
    guide = EnablerGuide(real_corpus)
    summaries = [guide.summarise(e.id) for e in real_corpus.enablers]
    shown = [s.text for summary in summaries for s in (*summary.practices, *(x.snippet for x in summary.examples))]
    assert len(shown) > 3 * len(summaries)
    assert [text for text in shown for retold in RETOLD if retold[:60] in text] == []
    keys = {summary.enabler.id: key_practice(summary) for summary in summaries if summary.lesson_count}
    assert [k.text for k in keys.values() if k and kind_of(k.text) == "view"] == []
    # none only where every practice is a view ("Trust leaders say a lean management approach can evolve…": a
    # retold view since stop 48) and no organisation's example is shown: the digest then features another enabler
    none = [s for s in summaries if s.enabler.id in keys and keys[s.enabler.id] is None]
    assert all(not s.examples and all(kind_of(p.text) == "view" for p in s.practices) for s in none)
    assert len(none) <= len(keys) // 4


def snippet(text: str) -> Snippet:
    return Snippet(text, 0.8, "What we did", doc("edited"), 7)


ADVICE = snippet("Service users and staff need to be assured of trust boards' commitment and intentions.")
JUDGED = snippet("Being open about organisational red lines and having open book finances are key.")
DONE = snippet("The boards of each trust approved the establishment of a committee in common that year.")
WE_DID = snippet("We facilitated a series of Board of Directors workshops on a System Working theme.")
NEUTRAL = snippet("The chairs of each trust also meet informally before each committee in common meeting.")
EXAMPLE = Example("West Yorkshire MHLDA collaborative",
                  snippet("At the outset, the trusts worked together to understand their collective use of beds."))


def summary(*practices: Snippet, examples: tuple[Example, ...] = ()) -> EnablerSummary:
    return EnablerSummary(EnablerRef(ENABLERS[0].id, ENABLERS[0].name), "", 2, practices=practices, examples=examples)


@pytest.mark.parametrize(("practices", "examples", "key"), [
    ((ADVICE, JUDGED, DONE), (EXAMPLE,), DONE),  # the best practice that says what was done
    ((ADVICE, JUDGED, NEUTRAL, WE_DID), (EXAMPLE,), EXAMPLE.snippet),  # else a named organisation's example
    ((ADVICE, NEUTRAL, WE_DID), (), WE_DID),  # else the narrator's own "we did"
    ((ADVICE, JUDGED, NEUTRAL), (), NEUTRAL),  # else neither advice nor a judgement
    ((ADVICE, JUDGED), (), None),  # never advice: none rather than that
])
def test_the_key_practice_of_the_week_is_something_done(practices, examples, key):
    """Before: always the summary's first practice, often advice ("… need to be assured …", "… are key")."""
    assert key_practice(summary(*practices, examples=examples)) == key


def test_a_key_practice_that_is_an_organisations_example_names_it_on_every_surface():
    """Before: the example's words were shown under "Key practice" without the collaborative that did it."""
    shown = summary(ADVICE, JUDGED, examples=(EXAMPLE,))
    digest = compose_digest(inputs(), lambda _: shown)  # whichever enabler the week features
    assert (digest.feature.practice, digest.feature.example_of) == (EXAMPLE.snippet, EXAMPLE.label)
    heading = "Key practice, from West Yorkshire MHLDA collaborative"
    assert heading in render_digest(digest) and digest.to_dict()["enabler_of_the_week"]["example_of"] == EXAMPLE.label
    assert heading in str(digest_message(digest).blocks) and heading in str(digest_card(digest, ""))
    plain = compose_digest(inputs(), lambda _: summary(ADVICE, DONE, examples=(EXAMPLE,)))
    assert plain.feature and plain.feature.practice == DONE and not plain.feature.example_of
    assert "Key practice:" in render_digest(plain) and "Key practice, from" not in render_digest(plain)


@pytest.mark.parametrize("text", [
    "Aisha Karim, chief executive of Riverside Hospitals NHS Trust, said that the shared ambition came first.",
    "Keir Shillaker, the programme director, stressed that the trusts had to agree the purpose first.",
])
def test_a_named_persons_words_retold_after_their_title_are_reported(text):
    """Found on the adversarial quotation documents (tests/data/quotes_adversarial/), never tuned on."""
    assert Reporting((*PEOPLE, "Aisha Karim")).reports(text)


@pytest.mark.parametrize("lead_in", [
    "Aisha Karim, chief executive of Riverside Hospitals NHS Trust, said:",
    "The three trusts agreed on the following principles for the shared rota:",
])
def test_a_line_leading_into_a_quotation_or_a_list_is_no_excerpt(lead_in):
    """Before (real model, the bundled and adversarial documents): "Aisha Karim, chief executive of Riverside
    Hospitals NHS Trust, said:" was a practice of Building trust, and "Professor Daniel Wu CBE, clinical director
    of the alliance, said:" one of Ensuring form follows function."""
    deed = "The four trusts agreed one staff bank for psychology staff across the whole collaborative."
    assert [e.text for e in excerpts(f"{deed}\n\n{lead_in}\n\n> We did it together.")] == [deed]
