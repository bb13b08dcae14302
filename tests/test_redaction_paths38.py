"""A pasted email's identifiers of the kinds stop 38 added (a name split across a line break, a
lower-case street address, a date of birth in words, an age over 89, a Mosaic id, a member of staff by
role) reach neither the state database, nor the log, nor any message peerbot sends back to Slack; the
reply's notice names the kinds, never the details. Over HTTP: a signed Slack direct message to the
served app, read off the local Slack double."""

from __future__ import annotations

import re

from redaction_helpers import through_a_direct_message

EMAIL = ("Hi all,\nfollowing up: Mrs Winifred\nAshcombe, born on the third of April 1931, aged 94, of 14 acacia avenue "
         "(Mosaic ID 7654321) says HCA Jodie was rough with her.\nHow did the trusts set up a committee in common?\nThanks")
DETAILS = ("winifred", "ashcombe", "third of april", "1931", "aged 94", "acacia", "7654321", "jodie")  # not "94" alone


def test_a_pasted_emails_new_kinds_of_identifier_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, EMAIL)
    assert "[age]" in stored and "[address]" in stored and "[record-number]" in stored  # stored, redacted
    assert "an age" in sent and "an address" in sent  # the notice names the kinds
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        # as words: a random id or hash in the records may hold "1931" among its hex digits (CI run a, once)
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where
