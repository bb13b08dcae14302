"""A pasted ward message with the kinds of identifier stop 39 added (a colleague by department, a surname in
a bed list, a relative's name in lower case, initials after a title, an apostrophe name in lower case, an NHS
number typed digit by digit, a site-coded hospital number, a one-word street, a date of birth in spaced
figures; stop 39's second round: a surname before its bed, a title in lower case beside "ms" for multiple
sclerosis) reaches neither the state database, nor the log, nor any message peerbot sends back to Slack.
Over HTTP: a signed Slack direct message to the served app, read off the local Slack double."""

from __future__ import annotations

import re

from redaction_helpers import through_a_direct_message

MESSAGE = ("board round: bed 5 Okonkwo-Hale (MFFD), his daughter rhiannon rang; Mrs K.L. in bay 2, nhs no "
           "9 4 3 4 7 6 5 9 1 9, hosp no RXH 7654321, dob 03 04 1941, lives at 12 kingsway.\n"
           "Gaz from estates and sister o'halloran say the beds are blocked.\n"
           "Pritchard (bed 4): ms brannigan rang, she wants the ms fatigue clinic.\n"
           "How did the trusts set up a committee in common?")
DETAILS = ("okonkwo", "rhiannon", "k.l.", "9 4 3 4", "7654321", "03 04 1941", "kingsway", "gaz", "o'halloran",
           "pritchard", "brannigan")


def test_a_ward_messages_new_kinds_of_identifier_reach_no_table_log_or_reply(settings, embedder, caplog):
    stored, log, sent = through_a_direct_message(settings, embedder, caplog, MESSAGE)
    for placeholder in ("[name]", "[nhs-number]", "[record-number]", "[date]", "[address]"):
        assert placeholder in stored  # stored, redacted
    assert "committee in common" in stored and "ms fatigue clinic" in stored  # the question itself kept
    for where, text in (("state database", stored), ("log", log), ("Slack", sent)):
        lowered = text.lower()
        assert [detail for detail in DETAILS if re.search(rf"\b{re.escape(detail)}\b", lowered)] == [], where  # as words: not in a hex id
