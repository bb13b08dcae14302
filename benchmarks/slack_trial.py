"""A chief executive's sixth trial (stop 38): `peerbot serve` as a real process against the local Slack Web
API double, with signed requests over HTTP, the real model and the bundled corpus; 34 questions in styles the
stop-34-37 trials did not try (an email thread pasted round a question, a misspelt trust, two enablers at once,
what went wrong, how long it took, a role, the source document only, bullet points, a comparison of two
publishers, dates, a thread that changes subject, `/peer` with only a trust's name). Prints each reply's
texts as a reader sees them; arguments pick questions by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial.py [N ...]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

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

FIRST = "How did trusts set up a committee in common?"
QUESTIONS = [
    ("ch", "Who at Manchester handled the merger of their pathology services?"),
    ("ch", "could you tell me how collaboratives handle shared procurement?"),
    ("ch", "Is it true that NELFT merged with ELFT?"),
    ("ch", "Did any collaborative pool its budgets?"),
    ("ch", "---------- Forwarded message ---------\nFrom: Sarah Jones\nSubject: Re: back office\n\nHi all, before Thursday's board can someone find out how other collaboratives set up shared back office services?\n\n> On Tue, Mark Smith wrote:\n> we need examples from elsewhere, ideally with costs"),
    ("ch", "What did Northumbira learn about working with other trusts?"),
    ("ch", "what do the lessons say on governance and clinical leadership together?"),
    ("ch", "What went wrong in collaboratives that failed?"),
    ("ch", "How long did it take West Yorkshire to set up their committee in common?"),
    ("ch", "what does a SRO do in a collaborative?"),
    ("ch", "link to the NELFT report?"),
    ("ch", "Give me:\n• three things that helped boards trust each other\n• one thing to avoid\n• who to call"),
    ("ch", "compare NHS Providers' view with the King's Fund's on provider collaboratives"),
    ("ch", "When did the West Yorkshire mental health collaborative start, and in what year did it become a committee in common?"),
    ("ch", FIRST),
    ("thread", "different topic - what about staff wellbeing? anything?", FIRST),
    ("peer", "NELFT"),
    ("peer", "Salisbury"),
    ("ch", "Which trusts are in the BSW hospital group?"),
    ("ch", "What's the role of a lead provider in a mental health collaborative?"),
    ("ch", "What should we NOT do when forming a collaborative?"),
    ("ch", "Give me a quote I can use in my board paper about trust between organisations"),
    ("ch", "Our two boards don't trust each other and the chairs clash. Advice?"),
    ("ch", "tl;dr on clinical leadership?"),
    ("ch", "What's the evidence that collaboration improves patient outcomes?"),
    ("ch", "how many trusts are in the West Yorkshire collaborative?"),
    ("dm", "Who should I contact at ELFT about their partnership with NELFT?"),
    ("ch", "ICB vs ICS vs provider collaborative - what's the difference?"),
    ("ch", "Has the King's Fund published anything on this?"),
    ("ch", "What did the 2022 Health and Care Act change for collaboratives?"),
    ("ch", "Which lessons are from 2023?"),
    ("enabler", "governance clinical leadership"),
    ("ch", "what did NELFT and ELFT get wrong?"),
    ("ch", "how long does it take to build trust between two boards?"),
]

REPLIES = ("chat.postMessage", "chat.postEphemeral")


def replies(double: SlackDouble, before: int) -> list:
    """The replies the double received after its `before`-th call (waiting up to 90 s for the first)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if any(c.method in REPLIES for c in double.calls[before:]):
            time.sleep(0.5)
            break
        time.sleep(0.2)
    return [c for c in double.calls[before:] if c.method in REPLIES]


def shown(call) -> str:
    """A reply's sections and context lines, as Slack shows them."""
    blocks = call.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    lines = [b["text"]["text"] if b.get("text") else " ".join(e.get("text", "") for e in b.get("elements", []))
             for b in blocks if b.get("type") in ("section", "context", "header")]
    return "\n".join(lines) or call.get("text")


def main(chosen: list[str]) -> None:
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
                if chosen and str(n) not in chosen:
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
                print("=" * 100, f"\n[{kind}] {text!r}")
                for call in replies(double, before):
                    print(f"--- {call.method}\n{shown(call)}")
        finally:
            stop(process)


if __name__ == "__main__":
    main(sys.argv[1:])
