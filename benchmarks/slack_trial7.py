"""A seventh new-leader trial (stop 39): `peerbot serve` as a real process against the local Slack Web API double,
signed requests over HTTP, the real model and the bundled corpus. Three people ask in their own words: a director
of strategy whose trust is joining a provider collaborative, then a chief executive, then a medical director; in
a DM, a channel mention, a thread, `/peer` and `/enabler` (typos, follow-ups, thanks, vague questions, a named trust
or person, what went wrong, comparisons, dates, links, the full report, pasted emails). Writes each reply as a
reader sees it to OUT (default: stdout); arguments pick questions by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial7.py [--out FILE] [N ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from serve_process import start_serve, stop, wait_for_health  # noqa: E402
from slack_double import (  # noqa: E402
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    direct_message,
    free_port,
    slash_command,
)
from slack_trial import replies, shown  # noqa: E402

COMMITTEE = "how did the west yorkshire trusts set up their committee in common?"
BOARDS = "our board is nervous about giving up sovereignty to a collaborative. what have others done?"
EMAIL = ("Can you help with this one? Need something by Friday.\n\n"
         "On Mon, 3 Nov 2025 at 09:14, Jo Bloggs <jo.bloggs@example.nhs.uk> wrote:\n"
         "> Chris, the board wants to know what other collaboratives did about car parking charges and estates.\n"
         "> Thanks, Jo")
OUTLOOK = ("How did other trusts get clinicians to lead the work rather than managers?\n\n"
           "-----Original Message-----\nFrom: Priya Shah\nSent: 12 November 2025 16:02\nTo: Medical Director\n"
           "Subject: pharmacy\n\nWhat did collaboratives do about pharmacy aseptic units and drug procurement?")
QUESTIONS = [
    # a director of strategy, new to a provider collaborative
    ("dm", "hi"),
    ("dm", "what is a provider collaborative and why would my trust join one?"),
    ("dm", "what are the main things that make a collaborative work?"),
    ("dm", "thanks, that's useful"),
    ("dm", "how do collabortives decide what to work on first?"),
    ("dm", "whats the best goverance model for a collaborative"),
    ("dm", BOARDS),
    ("ch", COMMITTEE),
    ("thread", "who led that?", COMMITTEE),
    ("thread", "where can I read the full report?", COMMITTEE),
    ("ch", "link to the NELFT report?"),
    ("ch", "Which lessons are from 2023?"),
    ("ch", "what's the most recent lesson you have?"),
    ("ch", "when was the West Yorkshire case study published?"),
    ("ch", "Has the King's Fund published anything on this?"),
    ("ch", "who wrote these lessons?"),
    ("peer", "shared purpose"),
    ("enabler", "shared purpose"),
    ("enabler", ""),
    ("ch", "what did NELFT get wrong?"),
    ("ch", "what went wrong in West Yorkshire?"),
    ("ch", "what mistakes should we avoid when setting up a collaborative?"),
    ("ch", "What did the 2022 Health and Care Act change for collaboratives?"),
    ("ch", "how did the Provider Selection Regime affect collaboratives?"),
    ("ch", "what does the NHS Long Term Plan say about provider collaboratives?"),
    ("ch", "compare NHS Providers' view with the King's Fund's"),
    ("ch", "compare NELFT with West Yorkshire"),
    ("ch", EMAIL),
    ("ch", OUTLOOK),
    # a chief executive
    ("dm", "What did Julian Hartley say about trust between boards?"),
    ("dm", "What did Cathy Elliot say"),
    ("dm", "what did Amanda Pritchard say about collaboratives?"),
    ("ch", "we're 4 trusts, 2 acute, 1 community, 1 mental health. where do we start?"),
    ("ch", "How do you get chief execs to actually trust each other?"),
    ("ch", "Is a shared chair a good idea?"),
    ("ch", "How much money did West Yorkshire save?"),
    ("ch", "what did the BSW hospitals do together?"),
    ("ch", "Who at NELFT should I speak to about board development?"),
    ("ch", "how long did the NELFT programme run for?"),
    ("ch", "Anything on workforce - sharing staff across trusts?"),
    ("ch", "@channel what do we know about financial risk share?"),
    ("ch", "Mrs Jane Patel (NHS no. 943 476 5919) waited 3 years for a hip op - have other trusts pooled waiting lists?"),
    ("peer", "NELFT board development"),
    ("peer", "Leeds"),
    ("ch", "tell me more"),
    ("ch", "can you summarise the key enablers in 3 bullets"),
    # a medical director
    ("dm", "how did clinicians get involved in leading collaboratives?"),
    ("dm", "what did the medical directors do in west yorkshire?"),
    ("dm", "any lessons on clinical governance across trusts?"),
    ("dm", "how did they handle patient safety incidents across the collaborative?"),
    ("dm", "what about mortality reviews?"),
    ("dm", "pathology networks - anything?"),
    ("dm", "how do we get junior doctors to rotate between trusts?"),
    ("dm", "What did Dr Jonathan Odum say?"),
    ("dm", "how did Salisbury and Bath work together on waiting lists?"),
    ("dm", "what's the evidence this improves outcomes for patients?"),
    ("dm", "what's the dose of amoxicillin for a child?"),
    ("dm", "where can i find the source for that?"),
    ("ch", "how did the trusts in greater manchester work togther on elective recovery?"),
    ("ch", "Which collaboratives have a lead provider model?"),
    ("ch", "What has NHS Confederation published on provider collaboration?"),
    ("ch", "What did Mutual Ventures do for NELFT?"),
    ("ch", "thx"),
]


def main(arguments: list[str]) -> None:
    out = sys.stdout
    if arguments[:1] == ["--out"]:
        out, arguments = open(arguments[1], "w", encoding="utf-8"), arguments[2:]  # noqa: SIM115
    with SlackDouble() as double:
        port = free_port()
        process = start_serve({"PEERBOT_DATA_DIR": os.environ["PEERBOT_DATA_DIR"], "OMP_NUM_THREADS": "1",
                               "PORT": str(port), "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": double.bot_token,
                               "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url})
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process, 400)
            slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            roots: dict[str, str] = {}
            for n, (kind, text, *thread) in enumerate(QUESTIONS):
                if arguments and str(n) not in arguments:
                    continue
                before = len(double.calls)
                if kind == "ch":
                    event = app_mention(text)
                    slack.event(event)
                    roots[text] = event["event"]["ts"]
                elif kind == "thread":
                    slack.event(app_mention(text, thread_ts=roots[thread[0]]))
                elif kind == "dm":
                    slack.event(direct_message(text))
                else:
                    slack.command(slash_command(f"/{kind}", text, double.response_url()))
                print("=" * 100, f"\n{n} [{kind}] {text!r}", file=out)
                for call in replies(double, before):
                    print(f"--- {call.method}\n{shown(call)}", file=out)
                out.flush()
        finally:
            stop(process)
            if out is not sys.stdout:
                out.close()


if __name__ == "__main__":
    main(sys.argv[1:])
