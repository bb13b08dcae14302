"""A document's own `*` and `_` shown as written in Slack (`verbatim`) multiply its length twentyfold:
the excerpt must still fit Slack's section, keep the document's words, and never be cut mid-token."""

from __future__ import annotations

import re

from corpus_helpers import open_answerer
from slack_double import PeerbotServer, SlackSender, app_mention

from bot.slack.block_kit import MAX_SECTION
from bot.slack.blocks import document_text

AS_WRITTEN = re.compile(r"<!date\^00000000\^\{_\}\|(.)>")
STARRED = ("---\ntitle: Ward huddles\npublisher: Example Trust\n---\n\n## Huddles\n\n"
           "The zebra huddle rule was always start on time, " + " ".join(["\\*on\\* \\_time\\_"] * 60) + ".\n")


def test_an_excerpt_full_of_stars_and_underscores_keeps_its_words_within_a_section(
        settings, corpus_dir, embedder, double):
    """Before: `fit` cut by the excess as if each character grew by one, so the excerpt became "> …"."""
    (corpus_dir / "huddles.md").write_text(STARRED)
    answerer = open_answerer(settings, embedder)
    try:
        with PeerbotServer(settings, answerer.corpus, double) as server:
            SlackSender(server.events_url).event(app_mention("zebra huddle rule"))
            [post] = double.wait_for("chat.postMessage")
    finally:
        answerer.index.close()
    sections = [b["text"]["text"] for b in post.blocks if b["type"] == "section"]
    assert all(len(s) <= MAX_SECTION for s in sections) and len(post.blocks) <= 50
    [excerpt] = [s for s in sections if "zebra huddle rule" in s]
    shown = AS_WRITTEN.sub(r"\1", excerpt)
    assert shown.startswith("> The zebra huddle rule was always start on time, *on* _time_ *on* _time_")
    assert "<!date" not in AS_WRITTEN.sub("", excerpt)  # no token cut in half


def test_the_quote_bars_of_a_many_lined_excerpt_count_within_its_limit():
    """Before: the "> " before each line came after the fit, so 1,000 short lines took 4,665 characters and
    Slack's section was cut at 3,000, mid-entity and mid-token."""
    shown = document_text("ab&*\n" * 1000)
    assert len(shown) <= 2800 and shown.endswith("…")
    assert all(line.startswith(">") for line in shown.split("\n"))
    assert "<!date" not in AS_WRITTEN.sub("", shown) and "&amp;" in shown
