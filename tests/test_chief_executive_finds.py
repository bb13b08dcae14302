"""What a chief executive met on a fifth new-leader trial of peerbot (stop 37), over HTTP against the
local Slack and Teams doubles: each test fails on the behaviour they met."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re

import pytest
from corpus_helpers import open_answerer
from slack_double import PeerbotServer, SlackSender, app_mention
from teams_doubles import ConnectorDouble, message, send, teams_server

from bot.service import Peerbot
from bot.state import StateStore
from index import acronym_definitions

MHLDA = "In the lessons, MHLDA stands for “Mental Health, Learning Disability and Autism Services”."


def _sections(post) -> list[str]:
    return [b["text"]["text"] for b in post.blocks if b["type"] == "section"]


def test_the_acronyms_a_corpus_spells_out_are_read_from_its_text_whatever_they_are():
    found = acronym_definitions([
        (1, "The Widget Oversight Board (WOB) met monthly; the WOB chose a chair."),
        (2, "Work with ACME (Association of Clinical Medical Engineers) began in 2020."),
        (3, "The board (which met monthly) and the ICB (see above) agreed it."),  # no acronym spelled out
        (4, "The Widget Oversight Board (WOB) again."),
    ])
    assert {k: (d.long, d.passage_id) for k, d in found.items()} == {
        "WOB": ("Widget Oversight Board", 1), "ACME": ("Association of Clinical Medical Engineers", 2)}


@pytest.mark.parametrize(("question", "lead", "spelled"), [
    # before: "Here is what peers have learned", and the first excerpt does not spell MHLDA out
    ("What does MHLDA stand for?", MHLDA, "Mental Health, Learning Disability and Autism Services (MHLDA)"),
    ("what does mhlda mean", MHLDA, "Mental Health, Learning Disability and Autism Services (MHLDA)"),
    ("What is PMVA short for?", "In the lessons, PMVA stands for “prevention and management of violence and aggression”.",
     "prevention and management of violence and aggression (PMVA)"),
    ("meaning of VCSE?", "In the lessons, VCSE stands for “voluntary, community and social enterprise”.",
     "voluntary, community and social enterprise (VCSE)"),
    ("What's SMI?", "In the lessons, SMI stands for “serious mental illness”.", "serious mental illness (SMI)"),
])
def test_what_an_acronym_stands_for_leads_with_the_passage_that_spells_it_out(server, slack, double, question, lead,
                                                                                spelled):
    slack.event(app_mention(question))
    [post] = double.wait_for("chat.postMessage")
    sections = _sections(post)
    assert sections[0].startswith(lead) and spelled in sections[1]


@pytest.mark.parametrize("question", ["What does NHS stand for?", "What did the MHLDA collaborative do first?"])
def test_an_acronym_the_lessons_do_not_spell_out_or_a_question_about_the_body_gets_no_such_lead(
        server, slack, double, question):
    slack.event(app_mention(question))
    [post] = double.wait_for("chat.postMessage")
    assert "stands for" not in _sections(post)[0]


MARKED = ("---\ntitle: Ward huddles\npublisher: Example Trust\n---\n\n## Huddles\n\n"
          "The zebra huddle rule was \\*always\\* start on time; staff called it &#95;the zebra way&#95; and "
          "wrote \\~late\\~ or &#96;ok&#96; on the zebra board, in huddle_notes at https://example.org/zebra_huddle_notes.\n")
SHOWN = ("The zebra huddle rule was *always* start on time; staff called it _the zebra way_ and "
         "wrote ~late~ or `ok` on the zebra board, in huddle_notes at https://example.org/zebra_huddle_notes.")
AS_WRITTEN = re.compile(r"<!date\^00000000\^\{_\}\|(.)>")
SPAN = re.compile(r"(?<![^\W_])([*_~`])[^\s*_~`][^*_~`]*?(?<=\S)\1(?![^\W_])")  # a span mrkdwn would format


def test_a_documents_own_stars_and_underscores_are_shown_as_written_in_slack_not_as_bold_or_italic(
        settings, corpus_dir, embedder, double):
    """Before: the excerpt's "*always*" was bold, "_the zebra way_" italic, "~late~" struck, "`ok`" code."""
    (corpus_dir / "huddles.md").write_text(MARKED)
    answerer = open_answerer(settings, embedder)
    try:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            SlackSender(server.events_url).event(app_mention("zebra huddle rule"))
            [post] = double.wait_for("chat.postMessage")
    finally:
        answerer.index.close()
    [excerpt] = [s for s in _sections(post) if "zebra huddle rule" in s]
    assert not SPAN.search(AS_WRITTEN.sub("", excerpt))
    assert AS_WRITTEN.sub(r"\1", excerpt) == f"> {SHOWN}"  # every character the document's, the link whole


def test_a_documents_own_stars_and_underscores_are_escaped_in_a_teams_card(settings, corpus_dir, embedder, tmp_path):
    (corpus_dir / "huddles.md").write_text(MARKED)
    answerer = open_answerer(settings, embedder)
    peerbot = Peerbot(answerer.corpus, StateStore(tmp_path / "state.db"))
    anonymous = dataclasses.replace(settings, teams_allow_anonymous=True)

    async def run():
        async with ConnectorDouble() as connector, teams_server(peerbot, anonymous) as (url, _bot):
            await send(url, message(connector.url, "zebra huddle rule", activity_id="m1"))
            assert await peerbot.drain(60)
            return connector.posts

    try:
        [post] = asyncio.run(run())
    finally:
        answerer.index.close()
    [attachment] = post.activity["attachments"]
    texts = [b["text"] for b in _blocks(attachment["content"]) if "zebra huddle rule" in b.get("text", "")]
    assert texts == [SHOWN.replace("*", "\\*").replace("_", "\\_").replace("zebra\\_huddle\\_notes", "zebra_huddle_notes")]
    assert json.dumps(attachment)  # a card Teams takes


def _blocks(node) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if node.get("type") == "TextBlock" else []) + [b for v in node.values() for b in _blocks(v)]
    if isinstance(node, list):
        return [b for v in node for b in _blocks(v)]
    return []


@pytest.mark.parametrize("question", ["Does the evidence show collaboratives save money?", "Did the trusts cut costs?",
                                      "any cost savings from working together?"])
def test_whether_it_saved_money_says_first_that_the_lessons_give_no_cost_figure(server, slack, double, question):
    """Before: "Here is what peers have learned" over passages on trust at board level, no word that
    the lessons hold no saving (the bundled lessons give no sum of money)."""
    slack.event(app_mention(question))
    [post] = double.wait_for("chat.postMessage")
    assert _sections(post)[0] == "The lessons don't give a cost figure for this. The closest they come:"


@pytest.mark.parametrize(("follow_up", "number"), [
    ("more detail on the second one", 2), ("tell me more about excerpt 2", 2), ("the last one?", -1)])
def test_more_on_the_nth_excerpt_in_a_thread_is_that_excerpt_with_its_lessons_passages_around_it(
        server, slack, double, follow_up, number):
    """Before: "more detail on the second one" got the thread's five excerpts again, as they were."""
    root = app_mention("How did the trusts set up a committee in common?")
    slack.event(root)
    [first] = double.wait_for("chat.postMessage")
    slack.event(app_mention(follow_up, thread_ts=root["event"]["ts"]))
    reply = double.wait_for("chat.postMessage", 2)[1]
    sources = [b["elements"][0]["text"] for b in first.blocks if b["type"] == "context" and "<http" in str(b)]
    source = sources[number - 1 if number > 0 else number]
    title = re.search(r"\|([^>]+)>", source).group(1)
    shown = len(sources) if number < 0 else number
    assert _sections(reply)[0] == f"More on excerpt {shown}, with what comes before and after it in “{title}”:"
    assert source.split(" · ")[0] in reply.blocks_text and _sections(reply)[1:] != _sections(first)[1:]


def test_what_a_person_said_is_the_passages_quoting_them_first(server, slack, double):
    """Before: "What did Cathy Elliott say?" opened with the passage naming her chair of the committee in
    common, and went on to another lesson's quotations of other people."""
    slack.event(app_mention("What did Cathy Elliott say?"))
    [post] = double.wait_for("chat.postMessage")
    quotations = [s for s in _sections(post) if s.startswith("“")]
    assert quotations and all(q.split("\n— ")[1].startswith("Cathy Elliott") for q in quotations)
    assert all("West Yorkshire" in b["elements"][0]["text"] for b in post.blocks
               if b["type"] == "context" and "<http" in str(b))  # the one lesson that quotes her
