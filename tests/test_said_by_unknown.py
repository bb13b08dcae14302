""""What did Jane Nobody say?" (stop 38): a question asking what someone said whom the lessons hold
nothing from gets a plain line saying so, never other people's quotations; the name, no published
one, is neither stored nor logged nor echoed. Over HTTP: signed Slack direct messages to the served
app, its replies read off the local Slack double."""

from __future__ import annotations

import logging

from corpus_helpers import open_answerer
from redaction_helpers import every_row
from slack_double import PeerbotServer, SlackDouble, SlackSender, direct_message

from bot.messages import said_by
from bot.redact import publish
from bot.what_they_said import THAT_PERSON

UNKNOWN = ("What did Jane Nobody say?", "What did Harriet Quinn say about rota sharing?")
NAMES = ("jane", "nobody", "harriet", "quinn")


def test_what_someone_the_lessons_never_name_said_gets_a_plain_no_and_nobody_elses_words(settings, embedder, caplog):
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double, caplog.at_level(logging.DEBUG):
        with PeerbotServer(settings, answerer.corpus, double) as server:
            slack = SlackSender(server.events_url)
            for i, question in enumerate([*UNKNOWN, "What did Alan Burns say?"]):
                assert slack.event(direct_message(question, channel=f"D0PNCRP9{i}")).status == 200
            double.wait_for("chat.postMessage", 3)
            server.drain()
        replies = {c.params["channel"]: c.blocks_text or c.params.get("text", "") for c in double.calls_to("chat.postMessage")}
    for i in range(len(UNKNOWN)):
        reply = replies[f"D0PNCRP9{i}"]
        assert said_by(THAT_PERSON) in reply  # "The lessons don't cover anything said by that person yet …"
        assert "—" not in reply and "“" not in reply and "Source" not in reply  # no one else's quotation
    assert "Alan Burns" in replies["D0PNCRP92"] and said_by(THAT_PERSON) not in replies["D0PNCRP92"]  # quoted: his words
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    sent = "\n".join(f"{c.params}\n{c.blocks_text}" for c in double.calls)
    for where, text in (("state database", every_row(settings.state_db_path)), ("log", log), ("Slack", sent)):
        assert [name for name in NAMES if name in text.lower()] == [], where


def test_a_published_person_the_lessons_never_name_is_named_in_the_reply(settings, embedder):
    """Published (the corpus's people) but in no passage: the reply may name them; a published person the
    lessons name ("Anna Field", whose words a passage reports without a quotation block) is searched."""
    answerer = open_answerer(settings, embedder)
    publish(["Dr Wendy Unquoted", "Anna Field"])
    try:
        assert answerer.answer("What did Dr Wendy Unquoted say?").topic == said_by("Dr Wendy Unquoted")
        assert answerer.answer("What did Anna Field say about dental?").topic != said_by("Anna Field")
        assert not answerer.answer("What did NHS England say?").topic.startswith("anything said by")
    finally:
        open_answerer(settings, embedder)  # publishes the corpus's own people again
