"""Composing the weekly digest (pure): a fixed week, a seeded question log, fake enabler summaries."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import time
from zoneinfo import ZoneInfo

import pytest

from bot.answer import Contact, DocumentRef, EnablerRef, Snippet
from bot.digest.compose import DigestInputs, Lesson, choose_feature, compose_digest, group_similar, knowledge_gaps
from bot.digest.config import DigestConfig
from bot.digest.week import Week
from bot.records import LoggedQuestion
from bot.summary import EnablerSummary
from index.taxonomy import Enabler

ZONE = ZoneInfo("Europe/London")
CONFIG = DigestConfig(channels=(), weekday=1, at=time(9), zone=ZONE)
WEEK = Week(2026, 47)  # posted Monday 16 November 2026 09:00; covers 9 Nov 09:00 to 16 Nov 09:00 (GMT)
ENABLERS = [
    Enabler("building-trust", "Building trust", "Boards build trust through openness."),
    Enabler("governance-and-assurance", "Governance and assurance", "Clear decision-making arrangements."),
    Enabler("workforce-and-shared-staffing", "Workforce and shared staffing", "Sharing staff across trusts."),
    Enabler("shared-purpose", "Shared purpose", "A compelling common goal."),
    Enabler("no-lessons-yet", "No lessons yet", "An enabler nothing in the corpus speaks to."),
]
COUNTS = {"building-trust": 4, "governance-and-assurance": 3, "workforce-and-shared-staffing": 2, "shared-purpose": 5}


def doc(doc_id: str) -> DocumentRef:
    return DocumentRef(doc_id, f"Title of {doc_id}", "NHS Providers", f"https://example.org/{doc_id}")


LESSONS = [
    Lesson(doc("old"), "2026-10-01T10:00:00+00:00", "2026-10-01T10:00:00+00:00", "An old lesson.", ("governance-and-assurance",)),
    Lesson(doc("new"), "2026-11-10T12:00:00+00:00", "2026-11-10T12:00:00+00:00", "A new lesson.", ("workforce-and-shared-staffing",)),
    Lesson(doc("edited"), "2026-10-01T10:00:00+00:00", "2026-11-12T08:00:00+00:00", "An edited lesson.", ("building-trust",)),
    Lesson(doc("too-early"), "2026-11-09T08:59:59+00:00", "2026-11-09T08:59:59+00:00", "Last week's.", ("shared-purpose",)),
    Lesson(doc("too-late"), "2026-11-16T09:00:00+00:00", "2026-11-16T09:00:00+00:00", "Next week's.", ("shared-purpose",)),
    Lesson(doc("purpose"), "2026-09-01T10:00:00+00:00", "2026-09-01T10:00:00+00:00", "On purpose.", ("shared-purpose",)),
]


def asked(n: int, text: str, answered: bool = True, enablers: tuple[str, ...] = (), day: int = 10) -> LoggedQuestion:
    return LoggedQuestion(f"q{n}", f"2026-11-{day:02d}T1{n % 10}:00:00+00:00", "slack", "C0SECRETCHAN", text, answered,
                          ("new",) if answered else (), enablers)


QUESTIONS = [
    asked(1, "How do other collaboratives share staff?", enablers=("workforce-and-shared-staffing",)),
    asked(2, "how did other collaboratives share staff", enablers=("workforce-and-shared-staffing",)),
    asked(3, "How do other collaboratives share staff across trusts?", enablers=("workforce-and-shared-staffing", "building-trust")),
    asked(4, "How did boards build trust? Email me at jo.bloggs@nhs.net or ring 0113 243 3144", enablers=("building-trust",)),
    asked(5, "What is a committee in common?", enablers=("governance-and-assurance",)),
    asked(6, "How do we fund a shared PMO?", answered=False, enablers=("shared-purpose",), day=11),
    asked(7, "how to fund a shared PMO", answered=False, enablers=("shared-purpose",), day=12),
    asked(8, "help", answered=False, day=13),
]
UNHELPFUL = {"q5": 1}  # question id -> people who marked its answer not helpful


def person(name: str, reason: str = "Chief executive, Example NHS Trust. They did it.", quote: str = "") -> Contact:
    return Contact(name, "Chief executive", "Example NHS Trust", reason, ("new",), quote=quote)


def summary(enabler: Enabler, *contacts: Contact) -> EnablerSummary:
    practice = Snippet(f"The key practice of {enabler.name}.", 0.8, "What we did", doc("edited"), 7)
    return EnablerSummary(EnablerRef(enabler.id, enabler.name), enabler.description, COUNTS.get(enabler.id, 0),
                          practices=(practice,), contacts=contacts)


SUMMARIES = {
    "building-trust": summary(ENABLERS[0], person("Dr Ann Trust"), person("Bob Board")),
    "governance-and-assurance": summary(ENABLERS[1], person("Gina Gov")),
    "workforce-and-shared-staffing": summary(ENABLERS[2], person("Dr Ann Trust"), person("Wendy Work")),
    "shared-purpose": summary(ENABLERS[3], person("Pat Purpose")),
}


def inputs(questions=QUESTIONS, lessons=LESSONS, recent=(), week=WEEK, unhelpful=UNHELPFUL) -> DigestInputs:
    start, end = CONFIG.window(week)
    return DigestInputs(week, start, end, questions, unhelpful, lessons, ENABLERS, COUNTS, recent)


def test_the_window_is_from_the_previous_send_time_to_this_weeks_in_the_configured_zone():
    start, end = CONFIG.window(WEEK)
    assert (start.isoformat(), end.isoformat()) == ("2026-11-09T09:00:00+00:00", "2026-11-16T09:00:00+00:00")
    summer_start, summer_end = CONFIG.window(Week(2026, 25))
    assert summer_end.isoformat() == "2026-06-15T09:00:00+01:00"  # 08:00 UTC in British Summer Time


def test_every_part_of_a_busy_week_is_present():
    digest = compose_digest(inputs(), SUMMARIES.get)
    assert [(n.document.id, n.status) for n in digest.lessons] == [("edited", "updated"), ("new", "new")]
    assert [e.name for e in digest.lessons[1].enablers] == ["Workforce and shared staffing"]
    assert digest.lessons[1].extract == "A new lesson."
    feature = digest.feature
    assert feature.enabler.id == "workforce-and-shared-staffing"  # most asked this week, and a new lesson
    assert feature.description == "Sharing staff across trusts."
    assert feature.practice.text == "The key practice of Workforce and shared staffing."
    assert feature.contact.name == "Dr Ann Trust"
    assert (digest.questions, digest.answered) == (8, 5)
    assert [(t.enabler.id, t.questions) for t in digest.themes] == [
        ("workforce-and-shared-staffing", 3), ("building-trust", 1), ("governance-and-assurance", 1)]
    assert digest.examples == (  # asked three ways, shown once; the "Not helpful" one is a gap instead; one with
        "How do other collaboratives share staff?",)  # identifying details (an email, a phone number) never
    assert [(g.question, g.asked, g.unanswered) for g in digest.gaps] == [
        ("How do we fund a shared PMO?", 2, True), ("What is a committee in common?", 1, False)]  # not "help": it means nothing out of its thread
    # one person per top theme, never the enabler of the week's contact again
    assert [(s.contact.name, s.enabler.id) for s in digest.spotlight] == [
        ("Wendy Work", "workforce-and-shared-staffing"), ("Bob Board", "building-trust")]
    assert digest.library is None and not digest.quiet and not digest.corpus_empty


def test_questions_appear_only_as_redacted_text_and_never_with_who_or_where_they_were_asked():
    digest = compose_digest(inputs(), SUMMARIES.get)
    assert not any("build trust" in q for q in digest.examples)  # it had an email address and a phone number
    gaps = compose_digest(inputs(questions=[asked(9, "NHS number 943 476 5919 has no answer", answered=False),
                                            asked(10, "Since 12 March 2023, who pooled staff?", answered=False)]),
                          SUMMARIES.get)
    # a question that had identifying details removed is counted, never quoted; a date alone identifies no one
    assert [g.question for g in gaps.gaps] == ["Since [date], who pooled staff?"] and gaps.withheld_gaps == 1
    dumped = json.dumps(compose_digest(inputs(), SUMMARIES.get).to_dict())
    assert "jo.bloggs" not in dumped and "0113" not in dumped
    assert "C0SECRETCHAN" not in dumped and "slack" not in dumped and "q1" not in dumped


def test_near_duplicate_questions_group_and_different_ones_do_not():
    groups = group_similar([
        asked(1, "How do we set up a committee in common?"), asked(2, "how to set up a committees in common"),
        asked(3, "What about governance?"), asked(4, "What about governance of the staff bank in Leeds?"),
        asked(5, "help"), asked(6, "how do I get help with the staff bank"),
        asked(7, "What did others learn about estates strategy?"), asked(8, "What did others learn about pharmacy rotas?"),
    ])
    assert [[q.id for q in g] for g in groups] == [["q1", "q2"], ["q3"], ["q4"], ["q5"], ["q6"], ["q7"], ["q8"]]


def test_gaps_beyond_five_are_counted_not_listed():
    topics = ["estates strategy", "pharmacy rotas", "digital records", "elective backlog", "procurement savings",
              "clinical coding", "car parking"]
    many = [asked(i, f"What did others learn about {topic}?", answered=False) for i, topic in enumerate(topics)]
    digest = compose_digest(inputs(questions=many), SUMMARIES.get)
    assert len(digest.gaps) == 5 and digest.more_gaps == 2


def test_a_quiet_week_still_has_the_enabler_of_the_week_and_a_lesson_from_the_library():
    quiet = compose_digest(inputs(questions=[], lessons=[LESSONS[0], LESSONS[5]]), SUMMARIES.get)
    assert quiet.quiet and not quiet.lessons and not quiet.themes and not quiet.gaps and not quiet.spotlight
    assert quiet.feature is not None and quiet.feature.practice is not None and quiet.feature.contact is not None
    assert quiet.library is not None and quiet.library.status == "library"
    assert quiet.library.document.id in {"old", "purpose"}


def test_the_library_pick_is_on_the_enabler_of_the_week_and_not_the_practices_own_document():
    others = ("governance-and-assurance", "building-trust", "workforce-and-shared-staffing")
    digest = compose_digest(inputs(questions=[], lessons=[LESSONS[0], LESSONS[5]], recent=others), SUMMARIES.get)
    assert digest.feature.enabler.id == "shared-purpose"
    assert digest.library.document.id == "purpose"


def test_an_empty_corpus_yields_a_clear_notice_not_an_empty_digest():
    digest = compose_digest(inputs(lessons=[]), SUMMARIES.get)
    assert digest.corpus_empty and digest.feature is None and not digest.examples
    assert digest.to_dict()["corpus_empty"] is True


def test_without_a_summary_the_enabler_of_the_week_still_has_its_one_liner():
    digest = compose_digest(inputs(), lambda enabler_id: None)
    assert digest.feature.description == "Sharing staff across trusts." and digest.feature.practice is None
    assert digest.spotlight == ()


def test_the_enabler_of_the_weeks_contact_keeps_why_and_their_own_words():
    echo = person("Echo Person", quote="We shared our staff bank.")
    summaries = {**SUMMARIES, "workforce-and-shared-staffing": summary(ENABLERS[2], echo)}
    feature = compose_digest(inputs(), summaries.get).feature
    assert feature.contact == echo and feature.to_dict()["contact"]["quote"] == "We shared our staff bank."


@pytest.mark.parametrize("practice_shows, shown", [(False, "We shared our staff bank across four trusts."), (True, None)])
def test_the_digest_shows_a_contacts_words_the_summary_left_out_for_its_own_quotes_unless_its_practice_shows_them(
        practice_shows, shown):
    """An enabler summary leaves out a contact's quotation shown in its quotes above; the digest does
    not show those quotes, so it shows the contact's words, unless its one key practice holds them."""
    echo = replace(person("Echo Person"), nearest_quote="We shared our staff bank across four trusts.")
    enabler = summary(ENABLERS[2], echo)
    if practice_shows:
        practice = Snippet("In 2024 “We shared our staff bank across four trusts,” said Echo Person.", 0.8, "What we did",
                           doc("edited"), 7)
        enabler = replace(enabler, practices=(practice,))
    feature = compose_digest(inputs(), {**SUMMARIES, "workforce-and-shared-staffing": enabler}.get).feature
    assert feature.to_dict()["contact"]["quote"] == shown


# -- the enabler of the week --------------------------------------------------------------------------


def test_recent_questions_and_new_lessons_decide_the_enabler_of_the_week():
    trust = [asked(i, f"trust question {i}", enablers=("building-trust",)) for i in range(3)]
    assert choose_feature(inputs(questions=trust), []) == "building-trust"
    new_governance = [Lesson(doc("g"), "2026-11-10T12:00:00+00:00", "2026-11-10T12:00:00+00:00", "G.",
                             ("governance-and-assurance",))]
    one_trust = trust[:1]
    assert choose_feature(inputs(questions=one_trust), new_governance) == "governance-and-assurance"
    # a question counts for the enabler its answer spoke to most, not for every one it touched
    mixed = [asked(i, f"governance question {i}", enablers=("governance-and-assurance", "building-trust")) for i in range(2)]
    assert choose_feature(inputs(questions=mixed + one_trust), []) == "governance-and-assurance"


def test_an_enabler_featured_recently_is_not_featured_again_however_much_it_is_asked_about():
    trust = [asked(i, f"trust question {i}", enablers=("building-trust",)) for i in range(5)]
    chosen = choose_feature(inputs(questions=trust, recent=("shared-purpose", "building-trust")), [])
    assert chosen not in {"building-trust", "shared-purpose"}


def test_quiet_weeks_rotate_through_every_enabler_with_lessons_before_repeating_one():
    history: list[str] = []
    week = WEEK
    for _ in range(8):
        history.insert(0, choose_feature(inputs(questions=[], lessons=LESSONS[:1], recent=tuple(history), week=week), []))
        week = week.next()
    first_round, second_round = history[::-1][:4], history[::-1][4:]
    assert sorted(first_round) == sorted(COUNTS)  # all four with lessons, none twice, never "no-lessons-yet"
    assert second_round == first_round  # then again in the same order, least recently featured first


def test_with_nothing_in_the_corpus_linked_to_an_enabler_none_is_featured():
    empty_counts = DigestInputs(WEEK, *CONFIG.window(WEEK), [], {}, LESSONS, ENABLERS, {}, ())
    assert choose_feature(empty_counts, []) is None
    assert compose_digest(empty_counts, SUMMARIES.get).feature is None


@pytest.mark.parametrize("text", ["2026-47", "2026-W7", "W47", "2026-w47 x", ""])
def test_a_malformed_week_says_what_a_week_looks_like(text):
    from bot.digest.week import WeekError

    with pytest.raises(WeekError, match="2026-W47"):
        Week.parse(text)


def test_a_week_that_does_not_exist_is_named():
    from bot.digest.week import WeekError

    assert str(Week.parse("2026-W53")) == "2026-W53"  # 2026 has 53 ISO weeks
    with pytest.raises(WeekError, match="2027 has no week 53"):
        Week.parse("2027-W53")
    assert Week.parse("2026-W53").next() == Week(2027, 1) and Week(2027, 1).previous() == Week(2026, 53)


# -- lessons as the index holds them -----------------------------------------------------------------


def test_each_indexed_document_becomes_a_lesson_with_one_whole_sentence_and_its_enablers(answerer):
    from bot.digest.gather import lessons_from

    lessons = {lesson.document.id: lesson for lesson in lessons_from(answerer.index)}
    assert set(lessons) == set(answerer.index.documents)
    nelft = lessons["nelft-operating-model-case-study"]
    assert nelft.extract.startswith("North East London NHS Foundation Trust")  # not its "Clients:" label line
    assert nelft.enablers[:2] == ("governance-and-assurance", "form-follows-function")  # front matter first
    purpose = lessons["shared-purpose-integration-innovation"].extract
    assert purpose.count("“") == purpose.count("”")  # never half of a quotation
    assert nelft.first_seen == answerer.index.documents["nelft-operating-model-case-study"].first_seen


def test_a_lesson_extract_is_the_documents_own_text_never_a_quotation():
    from bot.digest.gather import extract, prose
    from index.quotes import Quotation

    text = ("We pooled porters across three sites for the whole winter.\n\nThe boards met monthly and agreed "
            "the plan in full.\n— Jo Bloggs, Chair")
    quote = Quotation(60, 109, 60, len(text), "The boards met monthly and agreed the plan in full.", "Jo Bloggs")
    assert prose(text, (quote,)) == ["We pooled porters across three sites for the whole winter.\n\n"]
    bare = "“We had lots of children waiting a long time for surgery, and they were vulnerable.”"
    assert extract(prose(bare, (Quotation(1, len(bare) - 1, 0, len(bare), bare[1:-1]),))) == ""


def test_an_extract_is_the_first_readable_sentence_else_the_first_shortened():
    from bot.digest.gather import extract

    assert extract(["- a list item", "Date: June 2022", "“Half a quote. Then the rest,” she said.",
                    "This sentence is long enough to stand on its own as an extract."]) == (
        "This sentence is long enough to stand on its own as an extract.")
    assert extract(["word " * 100]).endswith("…") and len(extract(["word " * 100])) <= 301
    assert extract(["For the PCN, this has been mission critical and enabled the network to redirect resource. "
                    "The network unites four GP practices in the North Yorkshire town of Selby."]) == (
        "The network unites four GP practices in the North Yorkshire town of Selby.")  # not one that points back
    assert extract(["It is essential to build and retain trust at board level across the organisations."]) == (
        "It is essential to build and retain trust at board level across the organisations.")
    only = "They then met every month to agree the plan for the whole collaborative."
    assert extract([only]) == only  # nothing better: the first readable one
    assert extract([]) == ""


def test_questions_declined_as_off_topic_are_not_knowledge_gaps():
    canteen = LoggedQuestion("q90", "2026-11-10T12:00:00+00:00", "slack", "C1", "When does the canteen close?", False,
                             (), (), off_topic=True)
    pmo = asked(91, "How do we fund a shared PMO?", answered=False)
    assert [g.question for g in knowledge_gaps([canteen, pmo], {})] == ["How do we fund a shared PMO?"]


def test_the_week_s_count_of_questions_leaves_out_greetings_and_out_of_scope_requests():
    canteen = LoggedQuestion("q90", "2026-11-10T12:00:00+00:00", "slack", "C1", "When does the canteen close?", False,
                             (), (), off_topic=True)
    hello = LoggedQuestion("q92", "2026-11-10T12:01:00+00:00", "slack", "C1", "hi", False, (), (), off_topic=True)
    questions = [canteen, hello, asked(91, "How do we fund a shared PMO?", answered=False),
                 asked(93, "How did boards build trust?", answered=True)]
    digest = compose_digest(inputs(questions=questions), SUMMARIES.get)
    assert (digest.questions, digest.answered) == (2, 1)
