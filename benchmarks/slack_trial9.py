"""A ninth new-leader trial (stop 42): a medical director new to a mental health provider collaborative spends an
hour with peerbot in Slack and Teams. As the eighth trial (benchmarks/slack_trial8.py, whose runner this uses):
`peerbot serve` runs as a real process (the real model, the bundled corpus) against the local Slack Web API double
and the Bot Framework connector double; every message goes over HTTP as the platform sends it, and each reply is
written as a reader sees it, after the message, its expectation and its verdict, to OUT (default: stdout).
Arguments pick messages by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial9.py [--out FILE] [N ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import slack_trial8  # noqa: E402

WY = "how did West Yorkshire get clinicians involved in the committee in common?"
# (kind, message, thread root or "", expectation): kinds as in slack_trial8
MESSAGES = [
    ("dm", "hi - I've just started as medical director in a mental health collaborative. where do I start?", "",
     "a start: shared purpose, clinical leadership, relationships; cited"),
    ("dm", "what have medical directors done to get clinicians on board with a collaborative?", "",
     "clinical leadership excerpts, cited"),
    ("ch", WY, "", "West Yorkshire's lesson first"),
    ("thread", "what did it cost?", WY, "a cost follow-up: the lessons' figures or an honest none"),
    ("thread", "and how long did it take to set up?", WY, "a duration from the thread's answer, or says none"),
    ("thread", "who was the clinical lead?", WY, "the people behind the thread's answer"),
    ("ch", "any lessons on clinical governance when services move between trusts?", "", "answerable: governance"),
    ("ch", "how do collaboratives handle medical revalidation across trusts?", "", "not covered: say so"),
    ("ch", "what about job planning for consultants working across sites?", "", "likely not covered: say so"),
    ("dm", "what did Dr Jonathan Odum say?", "", "his quotation (Royal Wolverhampton)"),
    ("dm", "is there evidence that clinical leadership improves outcomes in collaboratives?", "",
     "the lessons' outcomes, cited, no claim beyond them"),
    ("dm", "summarise the lessons for me", "", "the library's overview, not a refusal"),
    ("dm", "which lessons are from NHS Providers?", "", "NHS Providers' two lessons"),
    ("dm", "what years do the lessons cover?", "", "the lessons' dates"),
    ("dm", "which places are covered?", "", "the collaboratives and places"),
    ("dm", "how did Sheffield get psychologists into primary care?", "", "Sheffield's passage first"),
    ("ch", "what did the clinical directors do in Greater Manchester?", "", "Greater Manchester's passage first"),
    ("ch", "tell me about the Nuffield Trust's research", "", "no lesson is the Nuffield Trust's"),
    ("dm", "thanks! and what about workforce?", "", "DM follow-up on a new subject: workforce"),
    ("dm", "save this to the lessons: we set up a joint clinical senate across our three trusts; consultants chair it "
           "in rotation", "", "the lesson form offered, not excerpts"),
    ("dm", "Patient John Smith, NHS number 943 476 5919 - how did trusts share learning from serious incidents?", "",
     "the warning, then the question answered or declined on its own words"),
    ("ch", "@channel what are the biggest risks for a medical director in a lead provider model?", "",
     "no ping; lead provider excerpts"),
    ("peer", "medical leadership", "", "/peer: clinical leadership"),
    ("enabler", "clinical leadership", "", "/enabler: the summary"),
    ("enabler", "clinicl leadrship", "", "/enabler misspelt: the summary"),
    ("tdm", "how did trusts align clinical pathways across a collaborative?", "", "Teams personal chat: an answer card"),
    ("tdm", "thanks, and who should I contact about that?", "", "Teams follow-up: the contacts"),
    ("tch", "what did the NELFT board development involve?", "", "Teams channel: NELFT's lesson"),
    ("dm", "what can't you help with?", "", "what peerbot does not do"),
]
# the verdicts on this branch (BENCHMARKS.md, stop 42): "ok", "FIXED" (wrong on the first run, fixed on s42-trial) or
# what is wrong
VERDICTS = {
    0: "ok: capacity, starting small (Devon), cited", 1: "ok: Dr Jonathan Odum on clinicians", 2: "ok: West Yorkshire's first",
    3: "weak: the thread's excerpts again, no word of cost (left; s43-trial: 'The lessons don't give a cost figure')",
    4: "FIXED: BSW's waiting-list excerpts (the follow-up's 8 words were searched alone)", 5: "weak: the thread's "
    "excerpts again, not its people ('clinical lead' names a subject, so not a 'who led it?') (left; s43-trial: 'The "
    "lessons don't name the clinical lead. Those they do name behind it:')", 6: "ok",
    7: "ok: honest decline", 8: "ok: honest decline", 9: "ok: his quotation", 10: "ok: no claim beyond the lessons",
    11: "FIXED: two West Yorkshire excerpts", 12: "FIXED: 'The lessons don't cover that yet'", 13: "ok: the dates",
    14: "ok: the places", 15: "ok: Sheffield's passage first", 16: "weak: BSW's waiting-list passage first, Greater "
    "Manchester's second: one lesson tells of both, and its passages keep the search's order (left; s43-trial: shown "
    "from Greater Manchester's paragraph)", 17: "ok",
    18: "debatable: read with the DM's last question (Sheffield), as a chat's follow-up", 19: "ok: the form offered",
    20: "ok: the warning, 'incidents' declined", 21: "ok: no ping", 22: "ok", 23: "ok", 24: "ok: misspelling read",
    25: "weak: 'The lessons don't cover that yet' names no topic for 'clinical pathways' (left; s43-trial: 'don't "
        "cover clinical pathways')",
    26: "ok: the thread's decline, no contacts to give", 27: "ok: NELFT's lesson", 28: "ok: what peerbot does",
}


if __name__ == "__main__":
    slack_trial8.main(sys.argv[1:], MESSAGES, VERDICTS, "s42-trial")
