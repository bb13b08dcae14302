"""What the thirty-third hostile sweep (benchmarks/hostile_sweep33.py) found in redaction: a patient's NHS
number with zero-width spaces, word joiners or soft hyphens between its groups (or its digits), a postcode
with a zero-width space, an email with a fullwidth `＠`, were stored in the question log as written. Redaction
now looks for identifiers in the text as typed plainly (`bot/typed_words.py`) and replaces them where they are
in the text as written. Over HTTP to the real Slack app; the records read from its SQLite database."""

from __future__ import annotations

import re
import unicodedata

import pytest
from slack_double import PeerbotServer, app_mention

from bot.redact import redact

QUESTION = "How did the trusts set up a shared staff bank?"
NHS = "9434765919"  # a valid NHS number (its check digit right)
WRITTEN = {
    "zero-width spaces": "943\u200b476\u200b5919",
    "word joiners": "943\u2060476\u20605919",
    "soft hyphens": "943\u00ad476\u00ad5919",
    "a zero-width space between every digit": "\u200b".join(NHS),
    "no-break spaces": "943\u00a0476\u00a05919",
    "fullwidth digits": "\uff19\uff14\uff13 \uff14\uff17\uff16 \uff15\uff19\uff11\uff19",
    "arabic-indic digits": "\u0669\u0664\u0663 \u0664\u0667\u0666 \u0665\u0669\u0661\u0669",
}


def folded(text: str) -> str:
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in unicodedata.normalize("NFKC", text))
    return re.sub(r"[^a-z0-9@.]", "", text.lower())


@pytest.fixture
def server(settings, shared_answerer, double):
    with PeerbotServer(settings, shared_answerer.corpus, double) as s:
        yield s


def stored(server) -> list[str]:
    tables = [r["name"] for r in server.rows("select name from sqlite_master where type='table'")]
    return [v for t in tables for row in server.rows(f'select * from "{t}"') for v in row.values() if isinstance(v, str)]


@pytest.mark.parametrize("how", list(WRITTEN))
def test_an_nhs_number_written_with_invisible_separators_or_other_digits_is_never_stored(server, slack, double, how):
    """Must not take: the question is answered, and its words are in the log."""
    event = app_mention(f"My patient, NHS number {WRITTEN[how]}, asked: {QUESTION}")
    assert slack.event(event).status == 200
    reply = double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"])[0]
    assert server.drain()
    texts = stored(server)
    assert any("shared staff bank" in t for t in texts)
    assert not [t for t in texts if NHS in folded(t)]
    assert NHS not in folded(reply.blocks_text + str(reply.get("text")))


@pytest.mark.parametrize(("text", "kind"), [
    ("postcode LS1\u200b 4DY please", "[postcode]"), ("write to jane.patient\uff20example.com today", "[email]"),
    ("lives at \uff2c\uff33\uff11 \uff14\uff24\uff39", "[postcode]"), ("call 07700\u2009900\u2009123", "[phone]"),
])
def test_other_identifiers_in_disguise_are_redacted_where_they_are_written(text, kind):
    """The words around them stay as written: must not take."""
    redacted = redact(text)
    assert kind in redacted and not re.search(r"\d{3}|\uff20|4DY|\uff24\uff39", redacted), redacted
    assert redacted.split(kind)[0] == text.split(" ")[0] + " " or redacted.startswith(text.split(" ")[0])
