from bot.places import DM, PUBLIC
from bot.service import Peerbot, Question
from bot.state import StateStore


def test_ask_answers_and_logs_a_redacted_record_with_where_it_was_asked(answerer, tmp_path):
    peerbot = Peerbot(answerer, StateStore(tmp_path / "state.db"))
    logged = peerbot.ask(Question("slack", "C42", "committee in common, ring me on 07700 900123", PUBLIC, "T1"))
    assert logged.answer.answered
    row = peerbot.state.db["questions"].get(logged.question_id)
    assert row["question"] == "committee in common, ring me on [phone]"
    assert (row["platform"], row["channel"], row["place"], row["workspace"]) == ("slack", "C42", PUBLIC, "T1")
    assert peerbot.feedback(logged.question_id, helpful=True, platform="slack")


def test_a_question_asked_where_peerbot_cannot_tell_is_private():
    assert Question("slack", "C1", "q").place == "private"


def test_a_short_follow_up_in_a_thread_uses_the_threads_first_question(answerer, tmp_path):
    peerbot = Peerbot(answerer, StateStore(tmp_path / "state.db"))
    alone = peerbot.ask(Question("slack", "C1", "zzqx and who?"))
    assert not alone.answer.answered
    peerbot.ask(Question("slack", "C1", "wellbeing hub for staff", PUBLIC, thread="C1:1.0"))
    follow_up = peerbot.ask(Question("slack", "C1", "zzqx and who?", PUBLIC, thread="C1:1.0"))
    assert follow_up.answer.answered and follow_up.answer.question == "zzqx and who?"
    assert any("wellbeing hub" in s.text for s in follow_up.answer.snippets)
    elsewhere = peerbot.ask(Question("slack", "C1", "zzqx and who?", PUBLIC, thread="C1:2.0"))
    assert not elsewhere.answer.answered  # another thread: no context


def test_in_a_chat_the_latest_question_is_the_context(answerer, tmp_path):
    peerbot = Peerbot(answerer, StateStore(tmp_path / "state.db"))
    peerbot.ask(Question("teams", "a:chat", "zzqx committee", DM, thread="a:chat", chat=True))
    peerbot.ask(Question("teams", "a:chat", "wellbeing hub for staff", DM, thread="a:chat", chat=True))
    follow_up = peerbot.ask(Question("teams", "a:chat", "zzqx and who?", DM, thread="a:chat", chat=True))
    assert follow_up.answer.answered and any("wellbeing hub" in s.text for s in follow_up.answer.snippets)
