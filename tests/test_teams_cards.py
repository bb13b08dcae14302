"""Adaptive Cards for Teams (pure rendering), and the text fallback when a card cannot fit."""

import json

from bot.answer import Answer, Contact, DocumentRef, EnablerRef, Segment, Snippet, Speaker
from bot.plaintext.answers import render_answer
from bot.summary import EnablerListing, EnablerSummary, Example, Quote
from bot.teams import cards
from bot.teams.app import TeamsBot

DOC = DocumentRef("wy", "West Yorkshire [MHLDA] collaborative", "NHS Providers", "https://example.org/wy")
SAM = Contact("Dr Sam Example", "Medical director", "Example NHS Foundation Trust",
              "Medical director, Example NHS Foundation Trust. Their work is described in West Yorkshire.", ("wy",),
              quote="Summits got people to buy in.")
ORG = Contact("Example ICS", "", "Example region", "The ICS hosted the work.", ("wy",), is_person=False)


def snippet(text: str, n: int = 1) -> Snippet:
    return Snippet(text, 0.8, "Setting up", DOC, n)


def answer(*texts: str) -> Answer:
    return Answer("q", True, tuple(snippet(t, i) for i, t in enumerate(texts)), (SAM, ORG), (EnablerRef("building-trust", "Building trust"),))


def texts(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


def test_an_answer_card_quotes_cites_names_people_and_asks_for_feedback():
    card = cards.answer_card(answer("We met monthly."), "qid-1", {}, "fallback text")
    body = texts(card)
    assert card["version"] == "1.4" and card["fallbackText"] == "fallback text"
    assert '"text": "We met monthly."' in body  # the document's own text, not in quotation marks
    assert "[West Yorkshire (MHLDA) collaborative](https://example.org/wy) · NHS Providers · Setting up" in body
    assert '"**Dr Sam Example**"' in body and "Medical director, Example NHS Foundation Trust. Their work is described in" in body
    assert "“Summits got people to buy in.”" in body
    assert '"**Example ICS**"' in body and "The ICS hosted the work." in body
    assert "Related enablers:** Building trust" in body and "building-trust" not in body  # names, as in Slack: no ids
    assert [(a["title"], a["data"]) for a in card["actions"]] == [
        ("Helpful", {"question_id": "qid-1", "helpful": True}), ("Not helpful", {"question_id": "qid-1", "helpful": False})]
    assert "msteams" not in card  # nobody to mention


def test_the_documents_text_and_a_leaders_quotation_are_separately_attributed_blocks():
    quoted = Snippet("Boards met monthly.\n\n“Trust takes time.”\n— Jo Bloggs, Chair", 0.8, "Setting up", DOC, 3,
                     (Segment("editorial", "Boards met monthly.", 0, 19),
                      Segment("quote", "Trust takes time.", 22, 39, Speaker("Jo Bloggs", "Chair"), block=True)))
    card = cards.answer_card(Answer("q", True, (quoted,)), "q", {}, "")
    (container,) = [b for b in card["body"] if b["type"] == "Container"]
    assert [item["text"] for item in container["items"]] == [
        "Boards met monthly.", "“Trust takes time.”", "— Jo Bloggs, Chair",
        "[West Yorkshire (MHLDA) collaborative](https://example.org/wy) · NHS Providers · Setting up"]


def test_people_with_a_user_principal_name_are_teams_mentions():
    card = cards.answer_card(answer("We met monthly."), "q", {"Dr Sam Example": "sam@example.nhs.uk"}, "")
    assert card["msteams"]["entities"] == [{
        "type": "mention", "text": "<at>Dr Sam Example</at>",
        "mentioned": {"id": "sam@example.nhs.uk", "name": "Dr Sam Example"}}]
    assert '"<at>Dr Sam Example</at>"' in texts(card)


def test_a_long_answer_drops_quotations_to_fit_and_an_impossible_one_is_flagged():
    long = cards.answer_card(answer(*["word " * 1500] * 5), "q", {}, "")
    assert cards.fits(long)
    assert 1 <= texts(long).count('"text": "word') < 5
    huge = cards.answer_card(answer("word " * 8000), "q", {}, "")
    assert not cards.fits(huge)


def test_the_reply_falls_back_to_text_when_no_card_fits(settings):
    from fake_peerbot import FakePeerbot

    from bot.teams.payloads import Incoming

    huge = answer("word " * 8000)
    bot = TeamsBot(FakePeerbot(huge), settings)
    reply, _ = bot.replies.reply(Incoming("question", "anything", "conv", "k"))
    assert reply.attachments is None
    assert reply.text.startswith("(The full answer is too long for a Teams card")
    assert render_answer(huge) in reply.text


def test_no_answer_says_so_and_still_takes_feedback():
    unanswered = Answer("zzqx", False, suggestions=(EnablerRef("building-trust", "Building trust"),))
    card = cards.answer_card(unanswered, "q", {}, "")
    assert card["body"][0]["text"].endswith("You could explore: Building trust.")
    assert len(card["actions"]) == 2


def test_an_enabler_summary_card():
    summary = EnablerSummary(
        enabler=EnablerRef("building-trust", "Building trust"),
        description="Boards build and keep trust.",
        lesson_count=12,
        practices=(snippet("Be open about red lines."),),
        examples=(Example("West Yorkshire MHLDA collaborative", snippet("They shared finances.")),),
        quotes=(Quote("Trust takes time.", "Cathy Elliott", "Chair", "Bradford District Care", DOC),),
        contacts=(SAM,),
        related=(EnablerRef("shared-purpose", "Shared purpose"),),
    )
    card = cards.summary_card(summary, {})
    body = texts(card)
    assert card["body"][0]["text"] == "Building trust"
    for part in ("12 lessons in the library speak to this.", "What works", '"Be open about red lines."', "Examples",
                 "**West Yorkshire MHLDA collaborative**", "In their own words", "“Trust takes time.”",
                 "— Cathy Elliott, Chair, Bradford District Care", "People to talk to", "**Dr Sam Example**",
                 "Related enablers:** Shared purpose", "enabler NAME"):
        assert part in body, part
    assert "shared-purpose" not in body
    assert cards.fits(card)


def test_an_enabler_with_no_lessons_asks_for_one():
    summary = EnablerSummary(EnablerRef("digital", "Digital"), "Shared records.", 0)
    body = texts(cards.summary_card(summary, {}))
    assert "No lessons yet on Digital" in body and "What works" not in body


def test_the_enabler_listing_card():
    listing = [EnablerListing(EnablerRef("building-trust", "Building trust"), "Boards build trust.", 1)]
    body = texts(cards.listing_card(listing))
    assert "Enablers of provider collaboration" in body
    assert "**Building trust**: Boards build trust. (1 lesson)" in body and "building-trust" not in body
