"""A question answered in its thread: a follow-up (bot/follow_up.py) read with the thread's earlier
question, from the one generation the facade (bot/service.py) is serving."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.durations import asks_how_long, asks_time_taken, how_long
from bot.follow_up import (
    asks_of_the_thread,
    asks_who,
    asks_whom_to_talk_to,
    excerpt_asked,
    points_back,
    refers_back,
    says_nothing_of,
)
from bot.library.asks import of_the_library
from bot.roles_asked import holding_role, in_role, role_asked, role_of
from bot.whom_to_ask import asks_whom_about

if TYPE_CHECKING:  # the answering stack (numpy, FAISS) is imported by `Peerbot.load`, after the port is open
    from bot.answerer import Answerer

SHORT_QUESTION_WORDS = 8  # a follow-up shorter than this is always read with the earlier question


def answer_alone(answerer: Answerer, asked: str) -> Answer:
    """The answer to `asked` read on its own, as every surface gives it (a chat, `peerbot ask` and `eval`, the JSON
    answer): "who should I talk to about X?" the people first, "who is the chair of X?" whom the lessons name in that
    post (or that they name no one), "how long did it take X to …?" the times the excerpts give."""
    answer = answerer.answer(asked)
    return _timed(_of_its_own(answerer, answer), answer.question)


def _of_its_own(answerer: Answerer, answer: Answer) -> Answer:
    """`answer` as its question asks on its own: the people to talk to about a subject, or who holds a post."""
    text = answer.question
    if answer.answered and asks_whom_about(text):  # "who should I talk to about a shared staff bank?"
        return replace(answerer.to_talk_to(text), question=text)
    if not role_asked(text) and (asked_role := role_of(text)) and (held := holding_role(  # "who is the chair of
            answerer.behind(asked_role.post), asked_role, answer.off_topic)):  # the west yorkshire collaborative?":
        return replace(held, question=text)  # named in the lessons, or said plainly they name no one
    return answer


def _timed(answer: Answer, text: str) -> Answer:
    """"how long did it take west yorkshire to set up?": the times the excerpts give first, or that they give none."""
    return how_long(answer, again=False) if answer.answered and not answer.lead and asks_time_taken(text) else answer


def answer_in_thread(answerer: Answerer, asked: str, earlier: str, chat: bool) -> tuple[Answer, str]:
    """The answer to `asked` and the topic a later follow-up is read with: `asked` alone (`answer_alone`), or read
    with `earlier` (the thread's question, "" when none) when it follows it (in a `chat`, only when it refers
    back)."""
    answer = answerer.answer(asked)
    text = answer.question  # as asked, without what the chat added ("@channel", mentions)
    topic = text  # what a later follow-up is read with: a follow-up's own context, not its few words
    # "what is it?": of the thread's topic; "is this up to date?", "this is rubbish": of peerbot, never of it
    asks = not answer.asked_nothing or (asks_of_the_thread(text) and not answer.about_peerbot)
    follows = (earlier and asks and not of_the_library(text)  # "what dates does it cover?": of the lessons
               and (not chat or refers_back(text) or asks_whom_to_talk_to(text)))
    if follows and asks_whom_to_talk_to(text):  # "who should I talk to?": the people first, no excerpts again
        answer, topic = replace(answerer.to_talk_to(earlier), question=answer.question), earlier
    elif (own := _of_its_own(answerer, answer)) is not answer:  # "who should I talk to about X?", "who is the chair
        answer = own  # of X?": the question names its own subject, in a thread or not
    elif follows and asks_who(text):  # "who led that?": the people behind the thread's answer, not its passages again
        answer, topic = replace(answerer.behind(earlier), question=answer.question), earlier
    elif follows and (role := role_asked(text)):  # "who was the clinical lead?": who the lessons name so, if anyone
        answer, topic = replace(in_role(answerer.behind(earlier), role), question=answer.question), earlier
    elif follows and (number := excerpt_asked(text)):  # "more detail on the second one": that excerpt's
        answer, topic = replace(answerer.more_on(earlier, number), question=answer.question), earlier
    elif follows and asks_how_long(text) and points_back(text) and (  # "and how long did it take to set up?":
            told := answerer.answer(earlier)).answered:  # the times the thread's own answer gives, if any
        answer, topic = replace(how_long(told), question=answer.question), earlier
    elif follows and (not answer.answered or len(text.split()) < SHORT_QUESTION_WORDS):
        with_context = answerer.answer(f"{earlier} {text}")
        own_subject = (answer.outcome == "not_covered" and bool(answer.topic)  # "what about mortality reviews?":
                       and says_nothing_of(answer.topic, [s.text for s in with_context.snippets]))
        # a subject the thread's answer never mentions, said so, never answered with the thread's subject
        if (with_context.answered and not own_subject) or answer.asked_nothing:  # "who led it?" has no
            # subject of its own: the thread's outcome, whatever it is, never a reply asking what "it" is
            answer, topic = replace(with_context, question=answer.question), earlier
        elif answer.outcome == with_context.outcome == "not_covered":  # "what about finance?": the
            # closest passages of the thread's subject, the follow-up's own words for what is not covered
            answer, topic = replace(with_context, question=answer.question, topic=answer.topic), earlier
        elif with_context.outcome == "out_of_scope" and refers_back(text):  # "and in adults?"
            # after a dose question: declined as the thread's question was, not answered on its own few words
            answer, topic = replace(with_context, question=answer.question), earlier
    return _timed(answer, text), topic
