"""Block Kit rendering (pure): Slack's limits, escaping, links, mentions, the feedback update."""

from __future__ import annotations

import json
import re

from bot.answer import Answer, Contact, DocumentRef, EnablerRef, Segment, Snippet, Speaker
from bot.slack import block_kit, blocks, enabler_blocks
from bot.slack.payloads import parse_share_value, share_value
from bot.summary import EnablerListing, EnablerSummary, Example, Quote, Resolution

DOC = DocumentRef("doc-1", "Lessons & <learning>", "NHS Providers", "https://example.org/a?x=1&y=2")
BROADCAST = re.compile(r"<!(channel|here|everyone)|(?<![\w\u2060])@(channel|here|everyone)\b", re.I)


def snippet(text: str, doc: DocumentRef = DOC, section: str = "What we did") -> Snippet:
    return Snippet(text, 0.9, section, doc, 1)


def all_texts(rendered_blocks) -> list[str]:
    out = []
    for b in rendered_blocks:
        if "text" in b:
            out.append(b["text"]["text"])
        for e in b.get("elements", []):
            out.append(e["text"]["text"] if e.get("type") == "button" else e["text"])
    return out


def test_escape_encodes_entities_and_defuses_broadcast_pings():
    assert block_kit.escape("a & b <c> <!channel>") == "a &amp; b &lt;c&gt; &lt;!channel&gt;"
    for ping in ("@channel", "@here", "@everyone", "@Channel"):
        assert not BROADCAST.search(block_kit.escape(f"hello {ping}!"))
    assert block_kit.escape("email me at jo@hereford.nhs.uk") == "email me at jo@hereford.nhs.uk"


def test_fit_respects_the_limit_after_escaping_and_never_cuts_an_entity():
    text = "& < > " * 2000
    fitted = block_kit.fit(text, 3000)
    assert len(fitted) <= 3000 and fitted.endswith("…")
    assert not re.search(r"&(?!amp;|lt;|gt;)", fitted)


def test_links_only_for_web_addresses_with_escaped_labels():
    assert block_kit.link("https://example.org/a?x=1&y=2", "A & B") == "<https://example.org/a?x=1&amp;y=2|A &amp; B>"
    assert block_kit.link("javascript:alert(1)", "Click <me>") == "Click &lt;me&gt;"
    assert block_kit.link("", "Untitled") == "Untitled"


def test_a_huge_answer_stays_within_slacks_limits():
    long_doc = DocumentRef("d", "T" * 5000, "P" * 5000, "https://example.org/" + "x" * 100)
    answer = Answer(
        "q", True,
        snippets=tuple(snippet(("word & <b> " * 2000), long_doc, "S" * 4000) for _ in range(5)),
        contacts=tuple(Contact("N" * 500, "R" * 500, "O" * 500, "reason " * 1000, ("d",)) for _ in range(5)),
        enablers=tuple(EnablerRef(f"e{i}", "E" * 400) for i in range(3)),
    )
    rendered = blocks.answer_message(answer, "qid", {}, heading="*You asked:* q", share="q " * 3000)
    assert len(rendered.blocks) <= 50 and 0 < len(rendered.text) <= 3000
    for b in rendered.blocks:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
        if b["type"] == "context":
            assert all(len(e["text"]) <= 3000 for e in b["elements"])
    share = [e for e in rendered.blocks[-1]["elements"] if e["action_id"] == "share_answer"][0]
    assert len(share["value"]) <= 2000


QUOTED = Snippet(
    "Boards met monthly.\n\nTrust takes <time>.\n— Jo Bloggs, Chair, Example Trust", 0.9, "What we did", DOC, 2,
    (Segment("editorial", "Boards met monthly.", 0, 19),
     Segment("quote", "Trust takes <time>.", 21, 40, Speaker("Jo Bloggs", "Chair", "Example Trust"), block=True)),
)


def test_a_huge_quotation_is_cut_at_a_sentence_end_and_stays_within_a_section():
    words = "We met & agreed <everything> at @channel. " * 200
    huge = Snippet(words, 0.9, "S", DOC, 3, (Segment("quote", words, 0, len(words), Speaker("N" * 900, "R" * 900)),))
    rendered = blocks.answer_message(Answer("q", True, (huge,)), "qid", {})
    (quote,) = [t for t in all_texts(rendered.blocks) if t.startswith("“")]
    said, credit = quote.split("\n— ")
    assert len(quote) <= 3000 and said.endswith("@\u2060channel.”") and credit.startswith("NNN")
    assert not BROADCAST.search(quote) and "&lt;everything&gt;" in said


def test_an_answer_renders_quotes_sources_people_enablers_and_buttons():
    answer = Answer(
        "how?", True, snippets=(snippet("We met monthly.\nIt worked."), QUOTED),
        contacts=(Contact("Jo Bloggs", "Chair", "Example Trust", "Chair, Example Trust.", ("doc-1",), quote="Trust."),
                  Contact("Sam Other", "", "", "", ("doc-1",))),
        enablers=(EnablerRef("building-trust", "Building trust"),),
    )
    rendered = blocks.answer_message(answer, "q-123", {"Jo Bloggs": "<@U0JO>"})
    texts = all_texts(rendered.blocks)
    assert "> We met monthly.\n> It worked." in texts
    assert "<https://example.org/a?x=1&amp;y=2|Lessons &amp; &lt;learning&gt;> · NHS Providers · What we did" in texts
    # the document's text and the leader's words are separate sections, each attributed once
    assert texts[texts.index("> Boards met monthly.") + 1] == "“Trust takes &lt;time&gt;.”\n— Jo Bloggs, Chair, Example Trust"
    assert "• <@U0JO>\nChair, Example Trust.\n“Trust.”" in texts
    assert "• *Sam Other*" in texts
    assert not any("““" in t or "“>" in t for t in texts) and "“" not in rendered.text
    assert "*Related enablers:* Building trust" in texts
    actions = rendered.blocks[-1]
    assert actions["block_id"] == "feedback"
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        ("feedback_helpful", "q-123"), ("feedback_not_helpful", "q-123")]


def test_no_answer_is_one_friendly_message_with_suggestions_feedback_and_the_ask_to_be_told_button():
    answer = Answer("zz", False, suggestions=(EnablerRef("a", "Building trust"), EnablerRef("b", "Building capacity")))
    rendered = blocks.answer_message(answer, "qid")
    assert "The lessons don't cover that yet" in rendered.text and "Building trust, Building capacity" in rendered.text
    actions = [(b["block_id"], e["action_id"], e["value"]) for b in rendered.blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == [("feedback", "feedback_helpful", "qid"), ("feedback", "feedback_not_helpful", "qid"),
                       ("watch", blocks.WATCH_ACTION, "qid")]  # apart: a feedback click's thanks leaves it
    assert [b["block_id"] for b in blocks.feedback_given(rendered.blocks, False) if b["type"] == "actions"] == ["watch"]


def test_an_out_of_scope_decline_has_feedback_buttons_and_a_reply_to_thanks_none():
    answer = Answer("When does the canteen close?", False, off_topic=True, pointer="Ask the facilities team.")
    assert answer.outcome == "out_of_scope"
    actions = [e["action_id"] for b in blocks.answer_message(answer, "qid").blocks if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["feedback_helpful", "feedback_not_helpful"]
    thanks = Answer("thanks", False, off_topic=True, pointer="You're welcome.", asked_nothing=True)
    assert all(b["type"] != "actions" for b in blocks.answer_message(thanks, "qid").blocks)


def test_the_enabler_hint_follows_a_not_covered_decline_and_a_greeting_but_not_an_out_of_scope_pointer():
    def hinted(answer: Answer) -> bool:
        return any("/enabler NAME" in t for t in all_texts(blocks.answer_message(answer, "qid").blocks))

    assert hinted(Answer("How did trusts share an EPR?", False, topic="an EPR"))
    assert hinted(Answer("hi", False, off_topic=True, pointer="Hello.", asked_nothing=True))
    assert not hinted(Answer("What dose of sertraline?", False, off_topic=True, pointer="Please ask a clinician."))


def test_not_covered_names_the_topic_and_labels_the_closest_passages_without_contacts():
    answer = Answer("How did trusts share an EPR?", False, closest=(snippet("Nearest passage text"),), topic="an EPR")
    rendered = blocks.answer_message(answer, "qid")
    text = "\n".join(str(b) for b in rendered.blocks)
    assert rendered.text.startswith("The lessons don't cover an EPR yet") and "it is not an answer" in rendered.text
    assert "Closest lessons (not an answer)" in text and "Nearest passage text" in text
    assert "People who have done this" not in text


def test_out_of_scope_gives_the_pointer_of_its_kind():
    answer = Answer("What dose of sertraline?", False, off_topic=True, pointer="Please ask a clinician.")
    rendered = blocks.answer_message(answer, "qid")
    assert rendered.text == "That isn't something peerbot can help with. Please ask a clinician."


def test_feedback_given_replaces_only_the_buttons():
    answer = Answer("q", True, snippets=(snippet("text"),))
    original = blocks.answer_message(answer, "qid").blocks
    updated = blocks.feedback_given(original, helpful=False)
    assert updated[:-1] == original[:-1]
    assert updated[-1]["type"] == "context" and "*not helpful*" in updated[-1]["elements"][0]["text"]


def test_cap_keeps_the_buttons_when_a_message_would_exceed_50_blocks():
    many = [block_kit.section(str(i)) for i in range(70)] + [blocks.feedback_buttons("qid")]
    capped = block_kit.cap(many)
    assert len(capped) == 50 and capped[-1]["type"] == "actions"


def test_an_enabler_summary_renders_every_part_within_limits():
    summary = EnablerSummary(
        enabler=EnablerRef("building-trust", "Building trust"), description="Boards build trust.", lesson_count=7,
        practices=tuple(snippet(f"Practice {i}") for i in range(30)),
        examples=(Example("West Yorkshire <MHLDA>", snippet("An example.")),),
        quotes=(Quote("Trust takes time.", "Jo Bloggs", "Chair", "Example Trust", DOC),),
        contacts=(Contact("Jo Bloggs", "Chair", "Example Trust", "Jo chaired it.", ("doc-1",)),),
        related=(EnablerRef("shared-ambitions", "Aligning around shared ambitions"),),
    )
    rendered = enabler_blocks.enabler_summary_message(summary, {"Jo Bloggs": "<@U0JO>"})
    assert rendered.blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Building trust"}}
    assert len(rendered.blocks) <= 50 and rendered.text.startswith("Building trust: Boards build trust. (7 lessons)")
    small = enabler_blocks.enabler_summary_message(
        EnablerSummary(summary.enabler, summary.description, 7, summary.practices[:2], summary.examples,
                       summary.quotes, summary.contacts, summary.related), {"Jo Bloggs": "<@U0JO>"})
    texts = "\n".join(all_texts(small.blocks))
    for expected in ("*What works*", "> Practice 0", "*Examples*", "*West Yorkshire &lt;MHLDA&gt;*", "*In their own words*", "*People to talk to*",
                     "“Trust takes time.”\n— Jo Bloggs, Chair, Example Trust", "• <@U0JO>\nJo chaired it.",
                     "*Related enablers:* Aligning around shared ambitions"):
        assert expected in texts


def test_listings_and_the_home_tab():
    listing = [EnablerListing(EnablerRef(f"e{i}", f"Enabler {i}"), "d" * 400, i) for i in range(20)]
    message = enabler_blocks.enabler_listing_message(listing)
    assert all(len(b["text"]["text"]) <= 3000 for b in message.blocks if b["type"] == "section")
    assert "• *Enabler 1*: " in "\n".join(all_texts(message.blocks)) and "(1 lesson)" in "\n".join(all_texts(message.blocks))
    view = enabler_blocks.home_view(listing[:3], documents=4, passages=43)
    text = json.dumps(view)
    assert view["type"] == "home" and "Enabler 2" in text and "4 documents, 43 passages" in text
    assert "/peer" in text and "/enabler" in text and "Ask peerbot" in text


def test_unknown_enabler_lists_suggestions_escaped():
    rendered = enabler_blocks.unknown_enabler_message("<zz>", Resolution(None, (EnablerRef("building-trust", "Building trust"),)))
    assert "“&lt;zz&gt;”" in rendered.text and rendered.text.endswith("Closest: Building trust.")  # not its id


def test_the_share_value_round_trips_and_rejects_junk():
    value = share_value("qid", "é" * 3000)
    assert len(value) <= 2000 and parse_share_value(value) == ("qid", "é" * 1500)
    assert parse_share_value("not json") is None and parse_share_value('{"q": 1}') is None
