"""A thread's "who led that?" is answered with who: the people behind the thread's answer and the
organisations its lessons credit, or an honest line that the lessons name no one; never the first
answer again with a passage matching "led". Over HTTP against the local Slack double."""

from __future__ import annotations

import pytest
from slack_double import PeerbotServer, SlackSender, app_mention

from bot import messages
from bot.follow_up import asks_who


@pytest.mark.parametrize(("text", "who"), [
    ("who led that?", True), ("who did it?", True), ("and who?", True), ("Who was behind it?", True),
    ("who led the committee in common?", False), ("who should I talk to about this?", False),
    ("what did they do?", False), ("zzqx and who?", False),
])
def test_a_who_follow_up_names_nothing_but_asks_who(text, who):
    assert asks_who(text) is who


def _thread(server, double, root: str, follow_up: str):
    sender = SlackSender(server.events_url)
    first = app_mention(root, channel="C0LAN2Q65")
    sender.event(first)
    double.wait_for("chat.postMessage")
    sender.event(app_mention(follow_up, channel="C0LAN2Q65", thread_ts=first["event"]["ts"]))
    return double.wait_for("chat.postMessage", 2)


@pytest.mark.model
@pytest.mark.parametrize("follow_up", ["who led that?", "who did it?"])
def test_with_the_real_model_who_led_that_names_the_people_behind_the_threads_answer(settings, real_corpus, double,
                                                                                     follow_up):
    """Before: the thread's first answer again, with a passage matching "led", under "Here is what
    peers have learned"."""
    with PeerbotServer(settings, real_corpus, double) as server:
        first, reply = _thread(server, double, "How did the trusts set up a committee in common?", follow_up)
    assert reply.blocks_text.startswith(messages.behind_lead(True, False))
    people = reply.blocks_text.split(messages.CONTACTS_HEADING)[1]
    first_people = first.blocks_text.split(messages.CONTACTS_HEADING)[1]
    assert all(line in people for line in first_people.splitlines() if line.startswith("•"))
    excerpts = reply.blocks_text.split(messages.CONTACTS_HEADING)[0]
    assert all(excerpt in first.blocks_text for excerpt in excerpts.split("\n>")[1:])  # the thread's, none new


def test_the_lead_says_whom_the_lessons_name_and_never_claims_a_person_they_do_not(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as server:
        _, reply = _thread(server, double, "trust at board level", "who did it?")
    lead, _, rest = reply.blocks_text.partition("\n")
    people = rest.partition(messages.CONTACTS_HEADING)[2]
    named = [line for line in people.splitlines() if line.startswith("• *")]
    assert lead == messages.behind_lead(bool(named), False) or lead == messages.behind_lead(False, bool(named))


def test_the_lessons_naming_no_one_is_said_not_hidden():
    assert "don't name" in messages.behind_lead(False, False) and "no one person" in messages.behind_lead(False, True)
