"""An eleventh new-leader trial (stop 44): a director of strategy at a mental health trust whose trust has just joined
a provider collaborative spends an afternoon with peerbot, 30 turns in Slack and 10 in Teams. As the eighth to tenth
trials (this uses benchmarks/slack_trial8.py's runner): `peerbot serve` runs as a real process (the real model, the
bundled corpus) against the local Slack Web API double and the Bot Framework connector double; every message goes
over HTTP as the platform sends it, and each reply is written as a reader sees it, after the message, its
expectation and its verdict, to OUT (default: stdout). Arguments pick messages by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial11.py [--out FILE] [N ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import slack_trial8  # noqa: E402

WY = "what has the west yorkshire collaborative achieved so far?"
INVOLVE = "how did collaboratives involve experts by experience?"
# (kind, message, thread root or "", expectation): kinds as in slack_trial8
MESSAGES = [
    # Slack: 30 turns
    ("dm", "hi, I'm the new director of strategy at a mental health trust - we've just joined a provider "
           "collaborative. where should I start?", "", "answerable: shared purpose, relationships first; cited"),
    ("dm", "what results have provider collaboratives actually delivered?", "",
     "results asked: an impact / outcomes passage first"),
    ("ch", WY, "", "West Yorkshire's 'The impact of the collaborative so far' first"),
    ("thread", "what did it save?", WY, "says plainly the lessons give no cost or saving figure"),
    ("thread", "who should I talk to about this?", WY, "people first (Cathy Elliott, Keir Shillaker), with why"),
    ("thread", "more on the first one", WY, "the first excerpt with its neighbours"),
    ("ch", "how does a lead provider model work in a mental health collaborative?", "",
     "the lessons never say 'lead provider': says so honestly, closest passages"),
    ("dm", "who should I talk to about setting up a shared staff bank?", "",
     "people first (West Yorkshire's), not excerpts first"),
    ("dm", "which trust is the lead provider in west yorkshire?", "",
     "lead provider: the lessons name none; say so, with West Yorkshire's committee in common"),
    ("ch", "how did NELFT align its strategy with ELFT?", "", "NELFT's partnership with ELFT passage"),
    ("ch", "what reductions in out of area placements did west yorkshire see?", "",
     "'Prior to the pandemic … reductions' first"),
    ("helpful", "", "", "a Helpful click on the last answer: thanked, counted"),
    ("peer", "joint strategy across trusts", "", "/peer: shared strategy / purpose passages"),
    ("enabler", "shared purpose", "", "/enabler: Shared purpose"),
    ("enabler", "strategy", "", "/enabler with a word that is no enabler's name: the nearest, or a list"),
    ("ch", INVOLVE, "", "West Yorkshire's experts by experience passage"),
    ("thread", "who said that?", INVOLVE, "Cathy Elliott, with her own words"),
    ("dm", "what did Keir Shillaker say about the wellbeing hub?", "", "his own words quoted"),
    ("dm", "save this as a lesson: we aligned our three trusts' five-year strategies by holding one joint strategy "
           "away day in March 2026", "", "the Save as lesson button, nothing stored unreviewed"),
    ("ch", "is there evidence that provider collaboratives reduce length of stay?", "",
     "West Yorkshire's length-of-stay reductions first"),
    ("ch", "how do we set up a committee in common and how long does it take?", "",
     "West Yorkshire's committee in common; times if given"),
    ("ch", "what's the best antidepressant for a 15 year old?", "", "clinical: declined, pointed elsewhere"),
    ("ch", "can you write my board paper on joining the collaborative?", "", "declined: peerbot doesn't write text"),
    ("dm", "what happened in Greater Manchester?", "", "Greater Manchester's passage first"),
    ("ch", "<!channel> what have collaboratives learned about shared governance?", "",
     "no ping echoed; governance passages"),
    ("dm", "who is leading the provider collaboratives programme nationally?", "",
     "no one named for that: honest"),
    ("dm", "what were the outcomes of the NELFT operating model work?", "", "NELFT's outcomes passage first"),
    ("ch", "how did trusts handle disagreements between boards in a collaborative?", "",
     "relationships / trust passages, or honest"),
    ("dm", "what is tier four CAMHS?", "", "what the lessons say (West Yorkshire's length of stay), no verdict"),
    ("dm", "thanks, really useful :pray:", "", "a short you're-welcome"),
    # Teams: 10 turns
    ("tdm", "hello, what can you do?", "", "Teams: capabilities"),
    ("tdm", "what impact did the West Yorkshire collaborative have?", "", "Teams: the impact passage first"),
    ("tdm", "who should I talk to about that?", "", "Teams follow-up: people first"),
    ("tdm", "who should I talk to about community mental health funding?", "", "Teams: people first"),
    ("tch", "how did collaboratives share workforce across trusts?", "", "Teams channel: workforce passages"),
    ("tthread", "more on the second one", "", "Teams channel thread follow-up: the second excerpt"),
    ("tdm", "is there a lead provider in the NELFT and ELFT partnership?", "",
     "Teams: lead provider: honest, NELFT/ELFT passage"),
    ("tdm", "what did Cathy Elliott say about service users?", "", "Teams: her quote"),
    ("tch", "how much did trusts save from a shared back office?", "", "Teams: no figure given: says so"),
    ("tdm", "thanks!", "", "Teams: you're welcome"),
]
# the verdicts (BENCHMARKS.md, stop 44): "ok", "FIXED" (wrong on main 5ecebb7, the first run, and fixed on s44-trial)
# or what is wrong
VERDICTS = {
    0: "ok: Building capacity, Melanie Walker's 'started small', West Yorkshire's engagement; cited",
    1: "ok: Sheffield's 1,900 patients first (on the branch: West Yorkshire's reductions, then Sheffield's)",
    2: "ok: 'Prior to the pandemic … reductions' first",
    3: "FIXED: the thread's excerpts again, no word that none gives a saving", 4: "ok: the people first, with why",
    5: "ok: excerpt 1 with its neighbours",
    6: "FIXED: five excerpts (NELFT's Kent & Medway programme first) read as if about lead providers, a term no lesson "
       "uses",
    7: "FIXED: the excerpt first, Keir Shillaker under it", 8: "FIXED: five excerpts, no word that no lesson names a "
    "lead provider", 9: "ok: NELFT's outcome (the ELFT partnership matured) first", 10: "ok: the reductions first",
    11: "ok: the answer updated, the click counted",
    12: "weak: /peer 'joint strategy across trusts' -> 'don't cover that', though shared ambitions are there (left)",
    13: "ok", 14: "ok: the nearest enabler (its synonym 'strategic alignment')",
    15: "ok: the experts-by-experience paragraph and Cathy Elliott's words, second paragraph of the first excerpt",
    16: "ok: Cathy Elliott with her words", 17: "ok: his own words", 18: "ok: the Save as lesson button",
    19: "ok: the length-of-stay reductions first",
    20: "weak: informal meetings first, the committee's set-up third; no word on how long it took (left)",
    21: "ok: ask a clinician", 22: "ok: doesn't write text", 23: "ok: Greater Manchester's passage",
    24: "ok: no ping echoed", 25: "weak: five excerpts, no line that the lessons name no national lead (left)",
    26: "ok: NELFT's 'Outcome achieved' first", 27: "ok: West Yorkshire's committee in common, board-level trust third",
    28: "ok: the passage naming tier four CAMHS", 29: "ok", 30: "ok",
    31: "FIXED: 'At the outset' (setting up) first, not the impact of the collaborative",
    32: "ok: the people first", 33: "FIXED: the excerpts first, the people under them",
    34: "weak: beds and workforce challenges first; the staff bank and staff 'more safely shared' not shown (left)",
    35: "ok: 'I can't tell what “the second one” refers to' (the runner's channel thread is not the channel "
        "question's: a trial artefact)",
    36: "FIXED: four excerpts, no word that no lesson names a lead provider", 37: "ok: her words",
    38: "FIXED: 'The lessons don't cover save from a shared back office yet'", 39: "ok",
}


if __name__ == "__main__":
    slack_trial8.main(sys.argv[1:], MESSAGES, VERDICTS, "s44-trial")
