"""Lessons from chat below the chat surfaces: the review desk on a real SQLite store and a real
knowledge folder, the Markdown it writes (read back by the index's own loader), the askers a lesson
answers, retention and `forget`, the digest's contributors, and `peerbot lessons`."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from slack_double import SlackDouble

from bot.answer import Answer
from bot.cli.records import inbox_channel
from bot.lessons.answering import notices
from bot.lessons.desk import OPERATOR, LessonDesk
from bot.lessons.model import Draft, Lesson, LessonError, LessonInvalid, NotACurator, Origin, Waiting
from bot.records import stamp
from bot.state import LessonRecords, StateStore
from index.documents import load_document

ENABLERS = {"building-trust", "shared-ambitions"}
DRAFT = Draft(
    title="How we shared theatre lists", did="We pooled elective theatre lists across three trusts.",
    learned="Agree the clinical rules first.", organisation="Example Surgical Collaborative",
    contact="Dr Sam Example", contact_agreed=True, contributor="Jo Bloggs", contributor_named=True,
    enablers=("building-trust",),
)
ORIGIN = Origin("slack", "USUBMIT001", "UAUTHOR001", "C0LAN2Q65", "T1")


@pytest.fixture
def store(state_database):
    state = StateStore(state_database)
    yield state
    state.close()


@pytest.fixture
def desk(store, tmp_path):
    return LessonDesk(LessonRecords(store), tmp_path / "knowledge", {"UCURATOR01"}, lambda: ENABLERS)


def read_front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def test_an_approved_lesson_is_a_document_the_index_reads_with_only_agreed_people(desk):
    lesson = desk.submit(DRAFT, ORIGIN)
    approval = desk.approve(lesson.id, "UCURATOR01", today=datetime(2026, 11, 28, tzinfo=UTC))
    assert approval.path.parent.name == "lessons" and approval.lesson.status == "approved"
    document = load_document(approval.path)
    assert (document.title, document.publisher, document.published) == (DRAFT.title, DRAFT.organisation, "2026-11-28")
    assert document.enablers == ("building-trust",) and [p.name for p in document.people] == ["Dr Sam Example"]
    assert "## What we learned" in document.body and document.id == approval.lesson.document_id
    meta = read_front_matter(approval.path)
    assert meta["contributor"] == "Jo Bloggs" and meta["source"] == "chat" and meta["date"] == "2026-11-28"


def test_without_agreement_no_contact_and_no_contributor_is_published(desk):
    lesson = desk.submit(dataclasses.replace(DRAFT, contact_agreed=False, contributor_named=False), ORIGIN)
    path = desk.approve(lesson.id, "UCURATOR01").path
    meta = read_front_matter(path)
    assert "people" not in meta and "contributor" not in meta
    assert "Sam Example" not in path.read_text() and "Jo Bloggs" not in path.read_text()


def test_typed_text_cannot_forge_front_matter_or_headings(desk):
    hostile = dataclasses.replace(DRAFT, title="Title\nenablers: [evil]", did="---\npublisher: Someone else\n---",
                                  learned="# A fake title\nreal text")
    path = desk.approve(desk.submit(hostile, ORIGIN).id, OPERATOR).path
    document = load_document(path)
    assert document.publisher == DRAFT.organisation and document.enablers == ("building-trust",)
    assert document.title.startswith("Title") and "evil" not in document.enablers


def test_a_submission_is_stored_redacted_and_checked(desk, store):
    lesson = desk.submit(dataclasses.replace(DRAFT, learned="Patient John Smith (NHS 943 476 5919) was seen."), ORIGIN)
    assert "John Smith" not in lesson.draft.learned and "943 476 5919" not in lesson.draft.learned
    assert "[name]" in lesson.draft.learned and "[nhs-number]" in lesson.draft.learned
    with pytest.raises(LessonInvalid) as bad:
        desk.submit(Draft(title="x" * 151, did="@here look"), ORIGIN)
    assert set(bad.value.problems) == {"title", "did", "learned", "organisation"}
    assert len(desk.listing()) == 1


def test_only_curators_and_the_operator_decide_and_only_once(desk):
    lesson = desk.submit(DRAFT, ORIGIN)
    with pytest.raises(NotACurator):
        desk.approve(lesson.id, "USTRANGE01")
    with pytest.raises(NotACurator):
        desk.edit(lesson.id, DRAFT, "USUBMIT001")  # not even the submitter, once it is in review
    assert desk.edit(lesson.id, dataclasses.replace(DRAFT, title="Renamed"), "UCURATOR01").draft.title == "Renamed"
    assert desk.reject(lesson.id, OPERATOR).status == "rejected"
    with pytest.raises(LessonError, match="already rejected by the command line"):
        desk.approve(lesson.id, "UCURATOR01")
    with pytest.raises(LessonError, match="no lesson #7"):
        desk.approve(7, "UCURATOR01")


def test_a_knowledge_folder_that_cannot_be_written_leaves_the_lesson_pending(desk, tmp_path):
    (tmp_path / "knowledge").write_text("a file where the folder should be")
    lesson = desk.submit(DRAFT, ORIGIN)
    with pytest.raises(LessonError, match="cannot write lesson #1"):
        desk.approve(lesson.id, "UCURATOR01")
    assert desk.get(lesson.id).status == "pending"


def test_a_lesson_answers_the_question_it_was_written_for_and_near_duplicates_once_per_asker():
    asked = stamp(datetime(2026, 11, 12, 9, tzinfo=UTC))
    waiting = [
        Waiting(1, "q1", "How did others share theatre lists?", asked, "slack", "UASKER1"),
        Waiting(2, "q2", "How did others share theatre lists across trusts?", asked, "slack", "UASKER2"),
        Waiting(3, "q3", "How did others share theatre lists?", asked, "slack", "UASKER1"),  # the same asker again
        Waiting(4, "q4", "How did others cut agency spend?", asked, "slack", "UASKER3"),
    ]
    lesson = Lesson(1, "approved", dataclasses.replace(DRAFT, question="How did others share theatre lists?",
                                                       question_id="q1"), ORIGIN, asked, document_id="lesson-1")
    told = notices(lesson, waiting)
    assert [n.user for n in told] == ["UASKER1", "UASKER2"]
    assert told[0].text.startswith("Your question from 12 Nov now has an answer: “How did others share theatre lists?”")
    assert "How we shared theatre lists (Example Surgical Collaborative, shared by Jo Bloggs)" in told[0].text
    unrelated = dataclasses.replace(lesson, draft=dataclasses.replace(DRAFT, question="", question_id=""))
    assert notices(unrelated, waiting) == []


def test_retention_keeps_pending_lessons_and_forget_by_channel_takes_them_and_waiting_askers(store, desk):
    question = store.log_question(Answer("zzqx and who?", False), "slack", "C0GAP", place="public")
    records = LessonRecords(store)
    assert records.watch(question, "slack", "UASKER1") and not records.watch("no-such-question", "slack", "UASKER1")
    pending = desk.submit(DRAFT, dataclasses.replace(ORIGIN, channel=store.pseudonym("C0SAVED")))
    decided = desk.submit(DRAFT, ORIGIN)
    desk.reject(decided.id, OPERATOR)
    later = stamp(datetime.now(UTC) + timedelta(days=1))
    counts = store.erase_before(later)
    assert counts["lessons"] == 1 and counts["answer_watches"] == 1
    assert [lesson.id for lesson in desk.listing()] == [pending.id]  # waits for its curator
    assert store.erase_channel("C0SAVED", inbox_channel)["lessons"] == 1 and desk.listing() == []


def test_lesson_records_read_back_as_written_and_askers_wait_until_told(store):
    records = LessonRecords(store)
    public = store.log_question(Answer("zzqx and who?", False), "slack", "C0GAP", place="public")
    private = store.log_question(Answer("zzqx in private?", False), "slack", "D0ME", place="dm")
    first, second = records.add(DRAFT, ORIGIN), records.add(dataclasses.replace(DRAFT, title="Another"), ORIGIN)
    assert (first.id, second.id) == (1, 2) and records.get(first.id) == first and records.get(99) is None
    assert (first.draft, first.origin, first.status) == (DRAFT, ORIGIN, "pending")
    records.set_review(first.id, {"channel": "C0REVIEW", "ts": "1.0"})
    assert records.get(first.id).review == {"channel": "C0REVIEW", "ts": "1.0"}
    assert records.decide(first.id, "approved", "UCURATOR01", "lesson-1") and not records.decide(first.id, "rejected", "U2")
    assert not records.update_draft(first.id, dataclasses.replace(DRAFT, title="Too late"))
    assert [lesson.id for lesson in records.listing(pending_only=True)] == [second.id]
    assert records.contributors() == {"lesson-1": "Jo Bloggs"}
    assert records.watch(public, "slack", "UASKER1") and records.watch(public, "slack", "UASKER1")  # once
    assert records.watch(public, "teams", "a:chat-1")
    waiting = records.waiting()
    assert [(w.question, w.platform, w.user) for w in waiting] == [("zzqx and who?", "slack", "UASKER1"),
                                                                   ("zzqx and who?", "teams", "a:chat-1")]
    records.notified(waiting[0].id)
    assert [w.user for w in records.waiting()] == ["a:chat-1"]
    assert records.question_text(public) == "zzqx and who?" and records.question_text(private) == ""


def test_the_facade_hook_is_called_with_each_approved_document(settings, corpus):
    from bot.service import Peerbot

    written = []
    state = StateStore(settings.state_db_path)
    peerbot = Peerbot(corpus, state, settings=dataclasses.replace(settings, curators="UCURATOR01"),
                      refresh=written.append)
    lesson = peerbot.submit_lesson(DRAFT, ORIGIN)
    approval = peerbot.approve_lesson(lesson.id, "UCURATOR01")
    assert written == [approval.path] and approval.path.is_relative_to(settings.knowledge_dir)
    with pytest.raises(LessonError, match="not set up"):
        Peerbot(corpus, state).lessons()
    state.close()


def test_the_digest_names_a_new_lessons_contributor_only_when_they_agreed(settings, embedder):
    from bot.corpus import open_corpus, update_index
    from bot.digest.gather import compose_week
    from bot.digest.week import Week
    from bot.plaintext.digest import render_digest

    state = StateStore(settings.state_db_path)
    desk = LessonDesk(LessonRecords(state), settings.knowledge_dir, {"UCURATOR01"}, lambda: ENABLERS)
    named = desk.approve(desk.submit(DRAFT, ORIGIN).id, OPERATOR).lesson
    anonymous = desk.approve(desk.submit(dataclasses.replace(DRAFT, title="A second lesson", contributor_named=False),
                                         ORIGIN).id, OPERATOR).lesson
    update_index(settings, embedder)
    corpus, _ = open_corpus(settings, embedder)
    now = datetime.now(UTC)
    digest = compose_week(corpus, state, Week.of(now), now - timedelta(hours=1), now + timedelta(seconds=5))
    notes = {n.document.id: n for n in digest.lessons}
    assert notes[named.document_id].contributor == "Jo Bloggs" and notes[anonymous.document_id].contributor == ""
    assert "Shared by Jo Bloggs" in render_digest(digest) and render_digest(digest).count("Shared by") == 1
    corpus.close()
    state.close()


# -- peerbot lessons ----------------------------------------------------------------------------------

def run(args, env):
    return subprocess.run([sys.executable, "-m", "bot.cli", "lessons", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).parent.parent)


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def test_peerbot_lessons_lists_approves_and_rejects_with_one_line_errors(env, corpus_dir, tmp_path):
    (tmp_path / "data").mkdir()
    state = StateStore(tmp_path / "data" / "peerbot.db")
    question = state.log_question(Answer("zzqx and who?", False), "slack", "C0GAP", place="public")
    records = LessonRecords(state)
    records.watch(question, "slack", "UASKER0001")
    desk = LessonDesk(records, corpus_dir, set(), lambda: ENABLERS)
    desk.submit(dataclasses.replace(DRAFT, question="zzqx and who?", question_id=question), ORIGIN)
    desk.submit(dataclasses.replace(DRAFT, title="Another"), ORIGIN)
    state.close()

    listed = run([], env)
    assert listed.returncode == 0 and "#1   pending" in listed.stdout and "How we shared theatre lists" in listed.stdout
    with SlackDouble() as slack_api:
        approve = run(["approve", "1"], {**env, "SLACK_BOT_TOKEN": slack_api.bot_token,
                                         "SLACK_API_URL": slack_api.api_url})
        assert approve.returncode == 0, approve.stderr
        assert "Approved lesson #1" in approve.stdout and "Told 1 of 1 people" in approve.stdout
        assert slack_api.wait_for("conversations.open")[0]["users"] == "UASKER0001"
        assert slack_api.wait_for("chat.postMessage")[0]["text"].startswith("Your question from")
    assert (corpus_dir / "lessons" / "lesson-1-how-we-shared-theatre-lists.md").exists()
    assert run(["reject", "2"], env).stdout == "Rejected lesson #2: Another\n"
    assert run(["--pending"], env).stdout == "No lessons are waiting for review.\n"
    for args, error in [(["approve"], "needs a lesson number"), (["approve", "x1"], "needs a lesson number"),
                        (["approve", "9"], "There is no lesson #9"), (["reject", "1"], "already approved"),
                        (["3"], "say what to do with lesson 3: `peerbot lessons approve 3`")]:
        result = run(args, env)
        assert result.returncode != 0 and error in result.stderr and "Traceback" not in result.stderr, args


def test_a_contact_typed_as_name_and_role_is_one_person_with_that_role_once_approved(env, corpus_dir, tmp_path):
    """The form asks for the contact's "name and role": the approved document lists the person by
    name, with the role apart, so the directory finds them by name and shows why they are relevant."""
    (tmp_path / "data").mkdir()
    state = StateStore(tmp_path / "data" / "peerbot.db")
    desk = LessonDesk(LessonRecords(state), corpus_dir, set(), lambda: ENABLERS)
    desk.submit(dataclasses.replace(DRAFT, contact="Dr Priya Raman, clinical lead for orthopaedics"), ORIGIN)
    state.close()
    assert run(["approve", "1"], env).returncode == 0
    written = corpus_dir / "lessons" / "lesson-1-how-we-shared-theatre-lists.md"
    assert read_front_matter(written)["people"] == [{
        "name": "Dr Priya Raman", "role": "clinical lead for orthopaedics", "organisation": DRAFT.organisation,
        "note": f"Agreed to be contacted about {DRAFT.title}"}]
    found = subprocess.run([sys.executable, "-m", "bot.cli", "contacts", "--json", "Priya Raman"], capture_output=True,
                           text=True, env=env, timeout=120, cwd=Path(__file__).parent.parent)
    assert found.returncode == 0, found.stderr
    [person] = json.loads(found.stdout)["people"]
    assert (person["name"], person["role"]) == ("Dr Priya Raman", "clinical lead for orthopaedics")


def test_each_asker_is_told_through_their_own_platform_whichever_surface_approved(settings, corpus):
    import asyncio

    from bot.service import Peerbot

    state = StateStore(settings.state_db_path)
    peerbot = Peerbot(corpus, state, settings=dataclasses.replace(settings, curators="UCURATOR01"))
    question = state.log_question(Answer("zzqx and who?", False), "slack", "C0GAP", place="public")
    for platform, user in (("slack", "UASKER1"), ("teams", "a:chat-1"), ("teams", "a:chat-2")):
        assert peerbot.watch_question(question, platform, user)
    sent: list[tuple[str, str]] = []

    async def slack(notice):
        sent.append(("slack", notice.user))
        return True

    async def teams(notice):  # the second chat cannot be reached
        sent.append(("teams", notice.user))
        return notice.user == "a:chat-1"

    peerbot.notify_with("slack", slack)
    peerbot.notify_with("teams", teams)
    lesson = peerbot.submit_lesson(dataclasses.replace(DRAFT, question="zzqx and who?", question_id=question), ORIGIN)
    approval = peerbot.approve_lesson(lesson.id, "UCURATOR01")
    assert asyncio.run(peerbot.tell(approval.notices)) == 2
    assert sorted(sent) == [("slack", "UASKER1"), ("teams", "a:chat-1"), ("teams", "a:chat-2")]
    assert [(w.platform, w.user) for w in LessonRecords(state).waiting()] == [("teams", "a:chat-2")]  # kept
    state.close()
