from bot.service import Peerbot, Question
from bot.state import StateStore


def test_ask_answers_and_logs_a_redacted_record(answerer, tmp_path):
    peerbot = Peerbot(answerer, StateStore(tmp_path / "state.db"))
    logged = peerbot.ask(Question("slack", "C42", "committee in common, ring me on 07700 900123"))
    assert logged.answer.answered
    row = peerbot.state.db["questions"].get(logged.question_id)
    assert row["question"] == "committee in common, ring me on [phone]"
    assert row["platform"] == "slack" and row["channel"] == "C42"
    assert peerbot.feedback(logged.question_id, helpful=True, platform="slack")


def test_short_follow_up_in_a_thread_uses_the_earlier_question(answerer, tmp_path):
    peerbot = Peerbot(answerer, StateStore(tmp_path / "state.db"))
    alone = peerbot.ask(Question("slack", "C1", "zzqx and who?"))
    assert not alone.answer.answered
    follow_up = peerbot.ask(Question("slack", "C1", "zzqx and who?", thread_context="wellbeing hub for staff"))
    assert follow_up.answer.answered and follow_up.answer.question == "zzqx and who?"
    assert any("wellbeing hub" in s.text for s in follow_up.answer.snippets)
