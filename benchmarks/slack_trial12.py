"""A twelfth new-leader trial (stop 46): a chief executive of an acute trust, a director of nursing and a
collaborative programme director meet peerbot for the first time, 30 turns in Slack and 10 in Teams. As the eighth to
eleventh trials (this uses benchmarks/slack_trial8.py's runner): `peerbot serve` runs as a real process (the real
model, the bundled corpus) against the local Slack Web API double and the Bot Framework connector double; every
message goes over HTTP as the platform sends it, and each reply is written as a reader sees it, after the message, its
expectation and its verdict, to OUT (default: stdout). Arguments pick messages by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial12.py [--out FILE] [N ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import slack_trial8  # noqa: E402

TRUST = "how did trusts build trust between their boards when forming a collaborative?"
SHEFFIELD = "how did sheffield use their partnership to help patients?"
# (kind, message, thread root or "", expectation): kinds as in slack_trial8
MESSAGES = [
    # Slack: 30 turns
    ("dm", "hi peerbot, I'm the new chief executive of an acute trust in the midlands. what do you cover?", "",
     "what peerbot covers: the topics / enablers, how to ask"),
    ("dm", "help", "", "usage: ask, /peer, /enabler"),
    ("ch", TRUST, "", "Building trust passages first; cited"),
    ("thread", "who led that?", TRUST, "the people behind it, with why"),
    ("thread", "how long did it take?", TRUST, "the times the lessons give, or says plainly they give none"),
    ("ch", "who is the chair of the west yorkshire collaborative?", "", "Cathy Elliott, who chairs it"),
    ("dm", "who is the national lead for provider collaboratives?", "",
     "the lessons name no national lead: says so, the closest contacts"),
    ("dm", "who is the chief nurse at NELFT?", "", "no one named in that role: says so, with who is named"),
    ("peer", "joint strategy", "", "/peer: shared ambitions / purpose passages"),
    ("enabler", "nursing", "", "/enabler with a word that is no enabler: the nearest, or the list"),
    ("enabler", "workforce", "", "/enabler: Workforce and shared staffing"),
    ("ch", "how long did it take west yorkshire to set up their collaborative?", "",
     "West Yorkshire's set-up, with its times if given"),
    ("ch", "how many patients were brought back into area?", "", "West Yorkshire's figure, not a national decline"),
    ("ch", "does NICE have guidance on provider collaboratives?", "", "declined, with a pointer"),
    ("dm", "what did Julian Hartley say about clinical leadership?", "", "his own words quoted"),
    ("dm", "what did Sir Richard Leese say?", "", "his own words quoted"),
    ("ch", "how do collaboratives work with the voluntary sector?", "", "Partnering with the voluntary sector"),
    ("ch", "what are the risks of merging back office functions across trusts?", "", "honest: closest or declined"),
    ("ch", SHEFFIELD, "", "Sheffield's passage first"),
    ("thread", "who should I contact about that?", SHEFFIELD, "people first: Dr Fiona Goudie"),
    ("dm", "I'm a director of nursing - what should I focus on when my trust joins a collaborative?", "",
     "clinical leadership, staff through change; cited"),
    ("dm", "how do you support staff through organisational change?", "", "Supporting staff through change"),
    ("ch", "wht did bsw do on elective recvery?", "", "misspelt: BSW's elective recovery passage"),
    ("ch", "how did collaboratives tackle health inequalities?", "", "health inequalities passages"),
    ("ch", "what's the starting dose of lithium for an adult?", "", "clinical: declined, pointed elsewhere"),
    ("ch", "who won the football last night?", "", "off-topic: declined"),
    ("ch", "any lessons on a shared electronic patient record?", "", "not covered: honest"),
    ("dm", "Mrs Jane Smith (NHS number 943 476 5919) was placed out of area - how did others bring patients back?",
     "", "details redacted or warned; out of area placements answered"),
    ("helpful", "", "", "a Helpful click on the last answer: thanked, counted"),
    ("dm", "cheers, that's really helpful", "", "a short you're-welcome"),
    # Teams: 10 turns
    ("tdm", "hi, I'm a collaborative programme director. what can you help with?", "", "Teams: capabilities"),
    ("tdm", "how did the west yorkshire collaborative reduce out of area placements?", "",
     "Teams: the reductions first"),
    ("tdm", "who led that?", "", "Teams follow-up: the people behind it"),
    ("tdm", "who is the chair of the mental health collaborative in west yorkshire?", "", "Teams: Cathy Elliott"),
    ("tdm", "what does form follows function mean?", "", "Teams: the enabler's passage"),
    ("tch", "how long did the NELFT operating model work take?", "", "Teams channel: June 2022 - March 2024"),
    ("tch", "who is the SRO for the Kent and Medway programme?", "", "Teams: no one named in that role: says so"),
    ("tdm", "what did Melanie Walker say?", "", "Teams: her own words"),
    ("tdm", "what topics do you cover?", "", "Teams: the topics covered"),
    ("tdm", "thanks", "", "Teams: you're welcome"),
]
# the verdicts (BENCHMARKS.md, stop 46): "ok", "FIXED" (wrong on main 8c97a79, the first run, and fixed on s46-trial)
# or what is wrong
VERDICTS = {
    0: "FIXED: five excerpts of leadership and shared ambitions, no word of what peerbot covers", 1: "ok",
    2: "ok: Building trust first, cited", 3: "ok: Julian Hartley, Melanie Walker, with the excerpts naming them",
    4: "ok: 'The excerpts don't say how long it took'",
    5: "FIXED: declined as an organisation's own information ('who holds which post now')",
    6: "FIXED: five excerpts, no line that the lessons name no national lead",
    7: "FIXED: NELFT's excerpts, no line that the lessons name no chief nurse",
    8: "ok: NELFT's refreshed strategy, Selby's shared vision", 9: "FIXED: opened 'Ensuring form follows function' "
    "('nursing' read as 'ensuring' misspelt)", 10: "ok", 11: "FIXED: five excerpts, no word of how long it took",
    12: "wrong: declined as NHS facts and figures (left)",
    13: "FIXED: a yes-or-no lead and five excerpts, no word that NICE publishes none of the lessons, no pointer",
    14: "ok: his own words first", 15: "ok: his own words", 16: "weak: Sheffield's 1,900 patients first, the voluntary "
    "sector passage fourth (left)", 17: "ok: honest decline", 18: "ok: Sheffield first", 19: "ok: Dr Fiona Goudie first",
    20: "ok", 21: "ok: Supporting staff through change first",
    22: "wrong: 'don't cover elective recvery', BSW's waiting lists only as the closest (left)",
    23: "FIXED: 'The lessons don't cover that yet'", 24: "ok", 25: "ok", 26: "ok: honest decline",
    27: "weak: details flagged, but BSW's surgery first, no out-of-area passage (left)", 28: "ok", 29: "ok",
    30: "FIXED: five excerpts for an introduction and 'what can you help with?'", 31: "ok: the reductions first",
    32: "ok", 33: "FIXED: declined as an organisation's own information", 34: "FIXED: 'don't cover form follows "
    "function yet'", 35: "ok: the lesson's dated period", 36: "FIXED: excerpts, no line that no SRO is named",
    37: "ok: her own words", 38: "FIXED: 'That isn't something peerbot can help with'", 39: "ok",
}


if __name__ == "__main__":
    slack_trial8.main(sys.argv[1:], MESSAGES, VERDICTS, "s46-trial")
