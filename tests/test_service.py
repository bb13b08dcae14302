"""The facade: everything a chat adapter may ask of peerbot, against the real corpus and records."""

import pytest
from state_rows import count, get

from bot.answer import Contact, Identity
from bot.corpus import open_corpus
from bot.follow_up import refers_back
from bot.question import DM, PUBLIC, Question
from bot.service import Peerbot
from bot.state import StateStore


@pytest.fixture
def answerer(shared_answerer):
    """The module's one hashing-embedder index over the bundled corpus: these tests only read it."""
    return shared_answerer


@pytest.fixture
def state(tmp_path):
    store = StateStore(tmp_path / "state.db")
    yield store
    store.close()


@pytest.fixture
def peerbot(answerer, state):
    return Peerbot(answerer.corpus, state)


def test_ask_answers_and_logs_a_redacted_record_with_where_it_was_asked(peerbot, state):
    logged = peerbot.ask(Question("slack", "C42", "committee in common, ring me on 07700 900123", PUBLIC, "T1"))
    assert logged.answer.answered
    row = get(state, "questions", logged.question_id)
    assert row["question"] == "committee in common, ring me on [phone]"
    assert (row["platform"], row["channel"], row["place"], row["workspace"]) == ("slack", "C42", PUBLIC, "T1")
    assert peerbot.feedback(logged.question_id, helpful=True, platform="slack")
    assert not peerbot.feedback("no-such-question", helpful=True, platform="slack")


def test_a_question_asked_where_peerbot_cannot_tell_is_private():
    assert Question("slack", "C1", "q").place == "private"


def test_a_short_follow_up_in_a_thread_uses_the_threads_first_question(peerbot):
    alone = peerbot.ask(Question("slack", "C1", "zzqx and who?"))
    assert not alone.answer.answered
    peerbot.ask(Question("slack", "C1", "wellbeing hub for staff", PUBLIC, thread="C1:1.0"))
    follow_up = peerbot.ask(Question("slack", "C1", "zzqx and who?", PUBLIC, thread="C1:1.0"))
    assert follow_up.answer.answered and follow_up.answer.question == "zzqx and who?"
    assert any("wellbeing hub" in s.text for s in follow_up.answer.snippets)
    elsewhere = peerbot.ask(Question("slack", "C1", "zzqx and who?", PUBLIC, thread="C1:2.0"))
    assert not elsewhere.answer.answered  # another thread: no context


def test_in_a_chat_the_latest_question_is_the_context(peerbot):
    peerbot.ask(Question("teams", "a:chat", "zzqx committee", DM, thread="a:chat", chat=True))
    peerbot.ask(Question("teams", "a:chat", "wellbeing hub for staff", DM, thread="a:chat", chat=True))
    follow_up = peerbot.ask(Question("teams", "a:chat", "zzqx and who?", DM, thread="a:chat", chat=True))
    assert follow_up.answer.answered and any("wellbeing hub" in s.text for s in follow_up.answer.snippets)


def test_in_a_chat_a_second_follow_up_is_still_read_with_the_question_both_follow(peerbot):
    """Before: "who led it?" became the chat's latest question, so "and how did they fund it?"
    after it was read with "who led it?" alone, and declined."""
    chat = {"place": DM, "thread": "c:chat", "chat": True}
    peerbot.ask(Question("teams", "c:chat", "wellbeing hub for staff", **chat))
    first = peerbot.ask(Question("teams", "c:chat", "zzqx and who?", **chat))
    second = peerbot.ask(Question("teams", "c:chat", "and zzqx qqvb how?", **chat))
    for follow_up in (first, second):
        assert follow_up.answer.answered and any("wellbeing hub" in s.text for s in follow_up.answer.snippets)
    assert second.answer.question == "and zzqx qqvb how?"

def test_in_a_chat_a_new_question_that_does_not_refer_back_stands_alone(peerbot):
    chat = {"place": DM, "thread": "b:chat", "chat": True}
    peerbot.ask(Question("teams", "b:chat", "wellbeing hub for staff", **chat))
    unrelated = peerbot.ask(Question("teams", "b:chat", "zzqx qqvb plumbing ledgers", **chat))
    assert not unrelated.answer.answered  # not answered with the earlier question's passages
    peerbot.ask(Question("teams", "b:chat", "wellbeing hub for staff", **chat))
    referring = peerbot.ask(Question("teams", "b:chat", "and zzqx qqvb who?", **chat))
    assert referring.answer.answered and any("wellbeing hub" in s.text for s in referring.answer.snippets)
    threaded = peerbot.ask(Question("slack", "C1", "zzqx qqvb plumbing ledgers", PUBLIC, thread="C1:9.0"))
    assert not threaded.answer.answered  # no earlier question in this thread yet
    peerbot.ask(Question("slack", "C1", "wellbeing hub for staff", PUBLIC, thread="C1:8.0"))
    in_thread = peerbot.ask(Question("slack", "C1", "zzqx qqvb plumbing ledgers", PUBLIC, thread="C1:8.0"))
    assert in_thread.answer.answered  # a reply in a thread always belongs to the thread's question


@pytest.mark.parametrize("question, follows", [
    ("in Leeds?", True), ("How did they fund it?", True), ("and who led the work", True),
    ("What about mental health trusts?", True), ("How did trusts reduce agency spend?", False),
    ("How did collaboratives roll out a shared electronic patient record?", False),
])
def test_what_reads_as_a_follow_up_in_a_chat(question, follows):
    assert refers_back(question) is follows


def test_a_shared_answer_is_the_redacted_question_answered_again_and_not_logged_twice(peerbot, state):
    logged = peerbot.ask(Question("slack", "D1", "committee in common for patient John Smith", DM))
    assert logged.redacted_question == "committee in common for patient [name]"  # what the Share button carries
    shared = peerbot.reshare(logged.question_id, logged.redacted_question)
    assert shared.question_id == logged.question_id and shared.answer.answered
    assert shared.answer.question == "committee in common for patient [name]"
    assert count(state, "questions") == 1


def test_a_delivery_is_claimed_once(peerbot):
    assert peerbot.claim("teams:a:1:act-1")
    assert not peerbot.claim("teams:a:1:act-1")
    assert not peerbot.claim("teams:a:1:act-2", "teams:a:1:act-1")  # a repeat of any of them


def test_contacts_are_identified_from_contacts_yaml_and_never_when_not_contactable(settings, embedder, state):
    (settings.knowledge_dir / "contacts.yaml").write_text(
        "people:\n  - name: Julian Hartley\n    slack_user_id: U0JULIAN1\n    teams_upn: julian@example.nhs.uk\n"
        "  - name: Dr Fiona Goudie\n    email: fiona@example.nhs.uk\n    contactable: false\n")
    corpus, _ = open_corpus(settings, embedder)
    peerbot = Peerbot(corpus, state)
    julian = Contact("Julian Hartley", "Chief executive", "Leeds", "", ())
    assert peerbot.identify(julian) == Identity("U0JULIAN1", "", "julian@example.nhs.uk")
    assert peerbot.identify(Contact("Fiona Goudie", "", "", "", ())) is None  # honorific aside, but not contactable
    assert peerbot.identify(Contact("Julian Hartley", "", "", "", (), is_person=False)) is None
    assert peerbot.identify(Contact("Someone Else", "", "", "", ())) is None
    corpus.close()


def test_the_corpus_size_and_the_enablers_are_the_served_corpus(peerbot, answerer):
    size = peerbot.corpus_size()
    assert size == (len(answerer.index.documents), len(answerer.index.passages)) and size.documents >= 4
    listing = peerbot.enablers()
    assert [item.enabler.id for item in listing] == [e.id for e in answerer.corpus.enablers]
    assert peerbot.resolve_enabler("trust").enabler.id == "building-trust"
    assert peerbot.enabler_summary("building-trust").practices


def test_conversations_are_saved_listed_and_removed(peerbot):
    reference = {"conversation": {"id": "19:c@thread.tacv2", "tenantId": "t1", "conversationType": "channel"}}
    peerbot.save_conversation("19:c@thread.tacv2", "teams", reference, "team-1")
    [stored] = peerbot.conversations("teams")
    assert (stored.id, stored.workspace, stored.tenant, stored.kind) == ("19:c@thread.tacv2", "team-1", "t1", "channel")
    assert peerbot.conversations("teams", digest_only=True) == []
    assert peerbot.remove_conversation("19:c@thread.tacv2") and peerbot.conversations("teams") == []


def test_a_follow_up_to_a_question_peerbot_is_not_for_is_declined_as_that_question_was(peerbot):
    """Before: "and in adults?" under a declined dose question was answered on its own words, with
    lessons about adult eating disorder services (a new user's finding, s31-newuser)."""
    thread = {"place": PUBLIC, "thread": "C1:7.0"}
    first = peerbot.ask(Question("slack", "C1", "What is the dose of amoxicillin for a 5 year old?", **thread))
    assert first.answer.outcome == "out_of_scope"
    follow_up = peerbot.ask(Question("slack", "C1", "and in adults?", **thread))
    assert follow_up.answer.outcome == "out_of_scope" and follow_up.answer.pointer == first.answer.pointer
    assert follow_up.answer.question == "and in adults?" and not follow_up.answer.snippets
    own = peerbot.ask(Question("slack", "C1", "how did trusts share staff?", **thread))
    assert own.answer.answered  # a question of its own in the thread stands alone
