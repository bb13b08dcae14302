"""An eighth new-leader trial (stop 40): a director of strategy whose trust has just joined a provider
collaborative spends a morning with peerbot in Slack and Teams. `peerbot serve` runs as a real process (the real
model, the bundled corpus) against the local Slack Web API double and the Bot Framework connector double; every
message goes over HTTP as the platform sends it (signed Slack events and commands, Teams activities), and each
reply is written as a reader sees it, after the message and the trial's verdict, to OUT (default: stdout).
Arguments pick messages by number.

    PEERBOT_DATA_DIR=DIR OMP_NUM_THREADS=1 .venv/bin/python benchmarks/slack_trial8.py [--out FILE] [N ...]
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import slack_double  # noqa: E402
import teams_doubles  # noqa: E402
from serve_process import start_serve, stop, wait_for_health  # noqa: E402
from slack_double import (  # noqa: E402
    SIGNING_SECRET,
    SlackDouble,
    SlackSender,
    app_mention,
    block_actions,
    direct_message,
    free_port,
    slash_command,
)
from slack_trial import replies, shown  # noqa: E402
from teams_trial import texts  # noqa: E402

teams_doubles._activity_ids = itertools.count(int(time.time()))  # a fresh id per run: none is a redelivery
slack_double._ids = itertools.count(int(time.time()) - 1515449522)  # fresh message ts per run, as for Teams' ids
GOV = "how did the west yorkshire trusts set up their committee in common?"
MH = "what have mental health collaboratives learned about lead provider models?"
EMAIL = ("From: Helen Carter <helen.carter@example.nhs.uk>\nSent: 28 November 2026 17:40\nSubject: collab away day\n\n"
         "Hi, for the away day could you find what other collaboratives did to agree shared priorities "
         "across boards? Two or three examples would be plenty.\nThanks, Helen")
# (kind, message, thread root or "", verdict). Kinds: dm, ch (an @mention), thread (an @mention in the root's
# thread), peer, enabler (slash commands), helpful (a click on the last reply's Helpful button), tdm and tch
# (Teams personal chat and a channel @mention, tthread in the channel's thread).
MESSAGES = [
    # trial seven's leftovers
    ("dm", "how do we get junior doctors to rotate between trusts?", "",
     "leftover: the not-covered reply should name 'junior doctors' (or rotation), not 'junior doctors to rotate'"),
    ("dm", "what did the medical directors do in west yorkshire?", "",
     "leftover: the first excerpt should be West Yorkshire's, not BSW's"),
    ("dm", "what dates does it cover?", "",
     "leftover: a dates question naming no lesson: a plain answer or a question back, not excerpts"),
    ("tdm", "<blockquote>Can you find what others did on car parking charges?</blockquote><p>How did trusts build "
            "trust between their boards?</p>", "",
     "leftover: Teams' <blockquote> is quoted text, as Slack's '> ' lines are; answer the board question"),
    # the director's morning, in Slack
    ("dm", "hello :wave:", "", "a greeting with an emoji: a short hello and what peerbot does"),
    ("dm", "what can you do?", "", "capabilities: ask, /peer, /enabler, what it answers from"),
    ("dm", "give me a summary of everything you know", "",
     "a whole-corpus summary: the lessons listed or the enablers, not five random excerpts"),
    ("dm", "we've just joined a provider collaborative. what should a director of strategy focus on in the first 100 "
           "days?", "", "long, answerable: governance, shared purpose, relationships, cited"),
    ("ch", GOV, "", "answerable: West Yorkshire's committee in common, cited"),
    ("thread", "more on the second one", GOV, "a follow-up pointing at the second excerpt"),
    ("thread", "who should I talk to about this?", GOV, "contacts for the thread's subject"),
    ("thread", "thanks, and what about finance?", GOV, "thanks plus a new subject in the thread: finance"),
    ("thread", "no, I meant how they shared the financial risk", GOV, "a correction: financial risk share"),
    ("ch", MH, "", "answerable: lead provider, mental health"),
    ("thread", "and how long did that take?", MH, "a duration follow-up"),
    ("ch", "*How* did trusts agree a _shared_ vision? `urgent` ~not~ for the board", "",
     "Slack formatting characters stripped; answer shared vision"),
    ("ch", "My colleague Sarah Jones asked how other trusts handled the consultation with staff on shared back office. "
           "any lessons?", "", "a colleague's name that is not in the corpus: not a said-by question, answer the topic"),
    ("ch", EMAIL, "", "a pasted email with a signature: answer shared priorities across boards"),
    ("ch", "Sut mae cydweithrediadau darparwyr yn rhannu llywodraethu?", "",
     "Welsh: say it answers in English, or answer; never a random excerpt"),
    ("ch", "this bot is useless, just give me a straight answer for once", "",
     "rude: a calm reply, no excerpts"),
    ("ch", "what worked for shared procurement across trusts?", "", "answerable"),
    ("ch", "what worked for shared procurement across trusts?", "", "a repeat: the same answer"),
    ("ch", "what did the BSW trusts do on elective recovery? :hospital:", "", "answerable, with an emoji"),
    ("ch", "@here quick one - is a joint committee legally able to make decisions?", "",
     "@here in the question: not echoed as a ping"),
    ("ch", "Is there anything on digital - shared EPR or IT across trusts?", "", "partly covered at best"),
    ("ch", "what about estates and car parking?", "", "likely not covered: decline honestly"),
    ("ch", "how did they measure success?", "", "vague: which collaborative?"),
    ("ch", "what did NELFT do about board development and who led it", "", "two-part question"),
    ("ch", "what should I tell my chair about the risks of joining?", "", "risks"),
    ("ch", "how do you handle a trust that wants to leave the collaborative?", "", "probably not covered"),
    ("ch", "what's the weather in Leeds today?", "", "off-topic: decline"),
    ("ch", "Patient A B, DOB 01/02/1960, MRN 1234567 - can collaboratives share waiting lists?", "",
     "patient details in a channel: redacted or warned, then answered"),
    ("peer", "clinical leadership", "", "/peer with a topic"),
    ("peer", "", "", "/peer with nothing: usage"),
    ("enabler", "goverance", "", "/enabler misspelt"),
    ("enabler", "finance", "", "/enabler with a word that is no enabler"),
    ("helpful", "", "", "a Helpful click on the last answer"),
    ("dm", "what are the key enablers? bullet points please", "", "the enablers as a list"),
    ("dm", "which collaboratives are in the lessons?", "", "the collaboratives named"),
    ("dm", "save this as a lesson: our two trusts shared a single chief people officer from April 2025 and it saved "
           "£180k a year", "", "saving a lesson: offered for review, not stored unreviewed"),
    ("dm", "how did trusts share a chief people officer?", "", "probably not covered (yet)"),
    ("dm", "tell me about the King's Fund's work", "", "a body whose lessons are not in the corpus"),
    ("dm", "What did Keir Shillaker say about wellbeing?", "", "a named person: quote or decline"),
    ("dm", "ok thanks! 🙏", "", "thanks with an emoji"),
    # Teams
    ("tdm", "hi, what can you do?", "", "Teams personal chat: capabilities"),
    ("tdm", "how did the west yorkshire trusts set up their committee in common?", "", "Teams: answer card"),
    ("tdm", "who should I talk to about this?", "", "Teams follow-up: contacts"),
    ("tdm", "<p>From: Helen Carter<br>Sent: Friday</p><p>What did others do to agree shared priorities?</p>", "",
     "Teams pasted email as HTML"),
    ("tch", "what did collaboratives learn about clinical networks?", "", "Teams channel mention"),
    ("tthread", "more on the first one", "", "Teams channel thread follow-up"),
    ("tch", "@channel any lessons on financial risk share?", "", "Teams channel: nothing that pings"),
]
CHANNEL = "19:strategy@thread.tacv2"
# the verdicts on f9ad726 (before this stop's fixes; BENCHMARKS.md, stop 40): "ok", "FIXED" (fixed on s40-trial) or what is wrong
VERDICTS = {
    0: "FIXED: named 'junior doctors to rotate'", 1: "wrong: first excerpt BSW's (left)",
    2: "wrong: excerpts, no dates, no question back (left)", 3: "FIXED: the <blockquote> was searched ('car parking')",
    4: "FIXED: ':wave:' made a greeting a search: 5 excerpts", 5: "ok", 6: "wrong: 'doesn't write text for you' (left)",
    7: "ok: cited, long", 8: "ok", 9: "ok", 10: "ok", 11: "weak: the committee answer again, not finance (left)",
    12: "weak: 'don't cover the financial risk' though 'open book finances' is there (left)", 13: "ok",
    14: "weak: excerpts, no duration (left)", 15: "ok: formatting ignored",
    16: "ok: name redacted with a warning, topic answered",
    17: "FIXED: 'don't cover 28 November 2026 17:40 Subject' (the header block was the topic)", 18: "ok",
    19: "ok: calm", 20: "ok: honest decline", 21: "ok: same reply", 22: "debatable: BSW's waiting lists not offered",
    23: "ok: no ping", 24: "ok: 'digital' declined", 25: "ok", 26: "weak: vague question answered, no 'which one?'",
    27: "ok", 28: "ok", 29: "weak: answered with two loosely related excerpts", 30: "ok", 31: "wrong: waiting lists "
    "declined as 'that' with patient details (left)", 32: "ok", 33: "ok: usage in the ack", 34: "ok", 35: "weak: "
    "'finance' opened Building trust with no word that it guessed", 36: "ok", 37: "wrong: excerpts, not the enablers' "
    "list (left)", 38: "wrong: excerpts, not the collaboratives (left)", 39: "wrong: 'save this as a lesson' answered "
    "with excerpts (left)", 40: "ok", 41: "wrong: 'isn't something peerbot can help with' (the library reply knows "
    "no lesson is the King's Fund's) (left)", 42: "ok", 43: "ok", 44: "ok", 45: "ok", 46: "ok", 47: "ok",
    48: "debatable: 'clinical networks' declined as 'that'", 49: "weak: 'more on the first one' with no answer in the "
    "thread: 'don't cover that', not 'which one?' (left)", 50: "ok: no ping",
}


async def teams_message(url: str, kind: str, text: str) -> list[str]:
    """Send one Teams activity to the server and return the texts of what the connector double received."""
    async with teams_doubles.ConnectorDouble() as double:
        if kind == "tdm":
            activity = teams_doubles.message(double.url, text)
        else:
            conversation = CHANNEL + (";messageid=1700000000001" if kind == "tthread" else "")
            activity = teams_doubles.message(double.url, text, conversation=conversation, kind="channel", mention=True)
        status, body = await teams_doubles.send(f"{url}/api/messages", activity)
        if status == 202:
            await double.wait_for_posts(1)
        await asyncio.sleep(1)
        return [f"status {status} {body[:100]}"] + ["\n".join(texts(post.activity)) for post in double.posts]


def click(double: SlackDouble, slack: SlackSender) -> list[str]:
    """Click Helpful on the last posted answer; return the double's calls after it."""
    last = [call for call in double.calls if call.method == "chat.postMessage"][-1]
    buttons = [element for block in last.blocks for element in block.get("elements", [])
               if isinstance(element, dict) and element.get("action_id") == "feedback_helpful"]
    if not buttons:
        return ["(no Helpful button on the last answer)"]
    before = len(double.calls)
    message = {"ts": last.get("ts", ""), "blocks": last.blocks, "text": last.get("text", "")}
    response = slack.interaction(block_actions("feedback_helpful", buttons[0]["value"], double.response_url(),
                                               message=message))
    time.sleep(2)
    return [f"status {response.status}"] + [f"--- {call.method}\n{shown(call)}" for call in double.calls[before:]]


def main(arguments: list[str], messages: list | None = None, verdicts: dict | None = None, base: str = "f9ad726") -> None:
    """Run the trial's `messages` (this trial's by default) as picked by `arguments`, each with its verdict on `base`."""
    messages, verdicts = messages or MESSAGES, VERDICTS if verdicts is None else verdicts
    out = sys.stdout
    if arguments[:1] == ["--out"]:
        out, arguments = open(arguments[1], "w", encoding="utf-8"), arguments[2:]  # noqa: SIM115
    with SlackDouble() as double:
        port = free_port()
        process = start_serve({"PEERBOT_DATA_DIR": os.environ["PEERBOT_DATA_DIR"], "OMP_NUM_THREADS": "1",
                               "PORT": str(port), "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": double.bot_token,
                               "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url,
                               "TEAMS_ALLOW_ANONYMOUS": "1"})
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process, 1500)  # a loaded machine: the model may take minutes
            slack = SlackSender(f"{url}/slack/events")
            roots: dict[str, str] = {}
            for n, (kind, text, root, verdict) in enumerate(messages):
                if arguments and str(n) not in arguments:
                    continue
                print("=" * 100, f"\n{n} [{kind}] {text!r}\nexpected: {verdict}\nverdict ({base}): {verdicts.get(n, '')}",
                      file=out)
                before = len(double.calls)
                if kind in ("tdm", "tch", "tthread"):
                    print("\n".join(asyncio.run(teams_message(url, kind, text))), file=out)
                    continue
                if kind == "helpful":
                    print("\n".join(click(double, slack)), file=out)
                    continue
                if kind == "ch":
                    event = app_mention(text)
                    slack.event(event)
                    roots[text] = event["event"]["ts"]
                elif kind == "thread":
                    slack.event(app_mention(text, thread_ts=roots[root]))
                elif kind == "dm":
                    slack.event(direct_message(text))
                else:
                    slack.command(slash_command(f"/{kind}", text, double.response_url()))
                for call in replies(double, before):
                    print(f"--- {call.method}\n{shown(call)}", file=out)
                out.flush()
        finally:
            _, err = stop(process)
            print("=== warnings\n" + "\n".join(json.dumps(line) for line in err.splitlines() if " WARNING " in line),
                  file=out)
            if out is not sys.stdout:
                out.close()


if __name__ == "__main__":
    main(sys.argv[1:])
