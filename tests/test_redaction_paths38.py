"""A pasted email's identifiers of the kinds stop 38 added (a name split across a line break, a
lower-case street address, a date of birth in words, an age over 89, a Mosaic id, a member of staff by
role) reach neither the state database, nor the log, nor any message peerbot sends back to Slack; the
reply's notice names the kinds, never the details. Over HTTP: a signed Slack direct message to the
served app, read off the local Slack double."""

from __future__ import annotations

import logging
import sqlite3

from corpus_helpers import open_answerer
from slack_double import PeerbotServer, SlackDouble, SlackSender, direct_message

EMAIL = ("Hi all,\nfollowing up: Mrs Winifred\nAshcombe, born on the third of April 1931, aged 94, of 14 acacia avenue "
         "(Mosaic ID 7654321) says HCA Jodie was rough with her.\nHow did the trusts set up a committee in common?\nThanks")
DETAILS = ("winifred", "ashcombe", "third of april", "1931", "aged 94", "acacia", "7654321", "jodie")  # not "94" alone: a hash may hold it


def every_row(path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(repr(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"'))


def test_a_pasted_emails_new_kinds_of_identifier_reach_no_table_log_or_reply(settings, embedder, caplog):
    answerer = open_answerer(settings, embedder)
    with SlackDouble() as double, caplog.at_level(logging.DEBUG):
        with PeerbotServer(settings, answerer.corpus, double) as server:
            assert SlackSender(server.events_url).event(direct_message(EMAIL)).status == 200
            double.wait_for("chat.postMessage")
            server.drain()
        sent = "\n".join(f"{c.params}\n{c.blocks_text}" for c in double.calls)
    stored = every_row(settings.state_db_path)
    assert "[age]" in stored and "[address]" in stored and "[record-number]" in stored  # stored, redacted
    assert "an age over 89" in sent and "an address" in sent  # the notice names the kinds
    log = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if detail in lowered] == [], where
