"""A thirteenth new-leader trial (stop 48): a provider-collaborative programme director, a trust chair and a
medical director meet peerbot for the first time, 22 turns in Slack and 8 in Teams, none asked in an earlier trial.
As the eighth to twelfth trials (this uses benchmarks/slack_trial8.py's runner): `peerbot serve` runs as a real
process (the real model, the bundled corpus) against the local Slack Web API double and the Bot Framework connector
double; every message goes over HTTP as the platform sends it, and each reply is written as a reader sees it, after
the message, its expectation and its verdict, to OUT (default: stdout). Arguments pick messages by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial13.py [--out FILE] [N ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import slack_trial8  # noqa: E402

NELFT = "how did NELFT change its operating model?"
WY = "what did the west yorkshire mental health collaborative achieve?"
# (kind, message, thread root or "", expectation): kinds as in slack_trial8
MESSAGES = [
    # Slack: 22 turns
    ("dm", "morning! new programme director for a provider collaborative here", "", "a greeting, what peerbot does"),
    ("ch", "give me an example of a collaborative sharing staff across trusts", "",
     "Workforce and shared staffing passage first; cited"),
    ("ch", "what went wrong when trusts tried to work together?", "", "the difficulties the lessons tell of, or honest"),
    ("ch", NELFT, "", "NELFT's operating model passages first"),
    ("thread", "who should I talk to about it?", NELFT, "NELFT's people first, with why"),
    ("thread", "how long did it take?", NELFT, "June 2022 - March 2024"),
    ("ch", "who led the pathology merger?", "", "the lessons name no one for it: said plainly, logged as a gap"),
    ("ch", "how many patients were brought back into area?", "", "West Yorkshire's out-of-area passage, no decline"),
    ("dm", "elective recvery", "", "misspelt: BSW's waiting lists passage"),
    ("dm", "did the BSW trusts reduce waiting lists? by how much?", "", "yes: 47% ENT, 44% oral surgery"),
    ("peer", "service user involvment", "", "/peer misspelt: Involving service users"),
    ("enabler", "trust", "", "/enabler: Building trust"),
    ("enabler", "governance", "", "/enabler: Governance and assurance"),
    ("ch", "how do we get clinicians on board?", "", "Clinical leadership passages"),
    ("ch", "whats the best way to set up a committee in common", "", "West Yorkshire's committees in common"),
    ("dm", "who should I talk to about involving experts by experience?", "", "contacts first, with a reason"),
    ("ch", "is a lead provider model better than a joint committee?", "", "honest: the lessons' passages or decline"),
    ("ch", "what did Selby do?", "", "Selby's network passage"),
    ("ch", "can you tell me about the capital allocation for 2025/26?", "", "not covered: honest decline"),
    ("ch", "what's the lessons on informal networks and relationships between CEOs", "",
     "Relationships and informal networks"),
    ("dm", "ok thanks, bye", "", "a short you're-welcome"),
    ("dm", "?", "", "usage"),
    # Teams: 8 turns
    ("tdm", "hello", "", "Teams: a greeting with what peerbot does"),
    ("tdm", "who led the pathology merger?", "", "Teams: the lessons name no one: said plainly"),
    ("tdm", "how long did it take west yorkshire to reduce out of area placements?", "",
     "Teams: the times the lessons give, or none"),
    ("tdm", "how many patients were brought back into area?", "", "Teams: the out-of-area passage, no decline"),
    ("tdm", "elective recovery", "", "Teams: BSW's waiting lists"),
    ("tch", "what should a new chair know about building trust between boards?", "", "Teams channel: Building trust"),
    ("tdm", "who is the chair of the west yorkshire collaborative?", "", "Teams: Cathy Elliott"),
    ("tdm", "thank you!", "", "Teams: you're welcome"),
]
# the verdicts (BENCHMARKS.md, stop 48): "ok", "FIXED" (wrong on main ef4d66f and fixed on s48-trial) or what is wrong
VERDICTS = {
    0: "FIXED: five excerpts on programme directors' capacity, no greeting", 1: "ok: West Yorkshire's PMVA training and "
    "staff bank first", 2: "weak: declined as 'The lessons don't cover wrong when trusts tried' (left)", 3: "ok",
    4: "ok: NELFT, the only contact the lessons give", 5: "ok: From 2022 to 2024", 6: "ok: honest decline, logged as a gap",
    7: "FIXED: declined as NHS facts and figures", 8: "FIXED: five excerpts on capacity, BSW's waiting lists nowhere",
    9: "ok: no yes or no, BSW's 47 per cent second", 10: "weak: West Yorkshire's communications agenda first (left)",
    11: "ok", 12: "ok", 13: "ok: Clinical leadership first", 14: "ok", 15: "ok: Cathy Elliott, Keir Shillaker first",
    16: "ok: 'The lessons never use the term'", 17: "ok", 18: "ok: honest decline", 19: "ok",
    20: "FIXED: the earlier question's four excerpts again ('bye' read as a follow-up)", 21: "ok", 22: "ok",
    23: "ok: honest decline", 24: "FIXED: 'The excerpts give these times: more than a year' (how long BSW's patients "
    "waited), BSW first", 25: "FIXED: declined as NHS facts and figures", 26: "FIXED: Sheffield first, BSW fourth, no "
    "word that the lessons never say 'elective recovery'", 27: "ok", 28: "ok", 29: "ok",
}


if __name__ == "__main__":
    slack_trial8.main(sys.argv[1:], MESSAGES, VERDICTS, "ef4d66f")
