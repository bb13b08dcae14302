"""A knowledge gap that a lesson new or updated in the digest's week may answer says so (stop 44, read as a
chief executive: "Has anyone set up a joint radiology rota over a weekend?" was a gap, marked not helpful, in
the digest whose new lessons opened with "A weekend radiology rota shared by three trusts")."""

from __future__ import annotations

from test_digest_compose import LESSONS, SUMMARIES, asked, inputs

from bot.answer import DocumentRef
from bot.digest.compose import Lesson, compose_digest
from bot.plaintext.digest import render_digest
from bot.slack.digest_blocks import digest_message
from bot.teams.cards import digest_card

ROTA = DocumentRef("rota", "A weekend radiology rota shared by three trusts", "Example Imaging Network", "")
EXTRACT = "Three trusts agreed one weekend radiology reporting rota across every site."
NOTE = "the new lesson “A weekend radiology rota shared by three trusts” may answer it"


def lesson(first_seen: str) -> Lesson:
    return Lesson(ROTA, first_seen, first_seen, EXTRACT, ("workforce-and-shared-staffing",))


QUESTIONS = [asked(1, "Has anyone set up a joint radiology rota over a weekend?"),
             asked(2, "How do we handle VAT on shared estates between trusts?", answered=False)]


def test_a_gap_a_new_lesson_may_answer_names_it_on_every_surface():
    digest = compose_digest(inputs(questions=QUESTIONS, unhelpful={"q1": 1},
                                   lessons=[*LESSONS, lesson("2026-11-13T10:00:00+00:00")]), SUMMARIES.get)
    notes = {g.question: g.new_lesson for g in digest.gaps}
    assert notes == {QUESTIONS[0].question: ROTA.title, QUESTIONS[1].question: ""}  # "shared", "trusts": 2 words
    for shown in (" ".join(render_digest(digest).split()), str(digest_message(digest)), str(digest_card(digest, ""))):
        assert f"marked not helpful; {NOTE}" in shown
    assert [g["new_lesson"] for g in digest.to_dict()["gaps"]] == [ROTA.title, None]


def test_a_lesson_from_an_earlier_week_is_not_said_to_answer_a_gap():
    """Must not take: only what changed in the digest's window is news to its reader."""
    digest = compose_digest(inputs(questions=QUESTIONS, unhelpful={"q1": 1},
                                   lessons=[*LESSONS, lesson("2026-10-01T10:00:00+00:00")]), SUMMARIES.get)
    assert [g.new_lesson for g in digest.gaps] == ["", ""] and NOTE not in render_digest(digest)
