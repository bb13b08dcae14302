"""A new user's trial in Teams (stop 37): `peerbot serve` with anonymous Teams as a real process, a local
double of the Bot Framework connector, and 26 activities sent over HTTP as Teams sends them (a personal
chat, @mentions placed first, last, mid-sentence and twice, a channel thread's follow-ups, commands with and
without a slash and in capitals, pasted HTML, an edit, a deletion, a reaction, a card's Action.Submit and
Action.Execute, patient details in a channel, off-topic, not covered, a very long question, installs).
Prints each reply's texts as a reader sees them.

    PEERBOT_DATA_DIR=/tmp/s37-names-data OMP_NUM_THREADS=1 .venv/bin/python benchmarks/teams_trial.py
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import teams_doubles  # noqa: E402
from serve_process import start_serve, stop, wait_for_health  # noqa: E402
from teams_doubles import ConnectorDouble, card_action, free_port, installation, members, message, send  # noqa: E402

teams_doubles._activity_ids = itertools.count(int(time.time()))  # a fresh id per run: none is a redelivery
CHANNEL = "19:collab-leads@thread.tacv2"
AT = "<at>peerbot</at>"


def texts(node: object) -> list[str]:
    """Every text, title and link of an activity, in order."""
    if isinstance(node, dict):
        return [line for key, value in node.items()
                for line in ([f"{key}: {value}"] if key in ("text", "title", "url") and isinstance(value, str) else texts(value))]
    return [line for value in node for line in texts(value)] if isinstance(node, list) else []


def activities(url: str) -> list[tuple[str, dict]]:
    def channel(text: str, thread: str = CHANNEL) -> dict:
        activity = message(url, "", conversation=thread, kind="channel", mention=True)
        activity["text"] = text
        return activity

    def retyped(activity: dict, kind: str, **fields: object) -> dict:
        return {**activity, "type": kind, **fields}

    thread = CHANNEL + ";messageid=1700000000001"
    personal = [("personal", "How did trusts set up a committee in common?")]
    personal += [(f"command {c}", c) for c in ("enabler trust", "/enabler trust", "ENABLER TRUST", "Enablers", "/help",
                                               "HELP", "help me", "/enablers")]
    personal += [("pasted HTML", '<p>Hi&nbsp;peerbot,</p><p>How did trusts <b>share</b> a <a href="https://example.nhs.uk/x">'
                                 'back office</a>?<br>Thanks</p><table><tr><td>Trust</td><td>Beds</td></tr></table>'),
                 ("capitals", "HOW DID TRUSTS BUILD TRUST BETWEEN BOARDS?"),
                 ("off-topic", "What's the best recipe for lasagne?"),
                 ("not covered", "How did collaboratives procure a robotic surgery system for paediatric cardiology?"),
                 ("very long", "How did trusts build a committee in common? " + "We are thinking about governance. " * 150)]
    sent = [(name, message(url, text)) for name, text in personal]
    sent += [("@ first", channel(f"{AT} How did trusts set up a committee in common?")),
             ("@ last", channel(f"How did other collaboratives share a workforce bank? {AT}")),
             ("@ mid-sentence", channel(f"Hi, {AT} could you tell me how collaboratives handle shared procurement?")),
             ("@ twice", channel(f"{AT} {AT} what worked for clinical pathway redesign?")),
             ("thread follow-up", channel(f"{AT} and in mental health?", thread)),
             ("thread who", channel(f"{AT} who should I talk to?", thread)),
             ("channel command", channel(f"{AT} enabler trust")),
             ("patient in a channel", channel(f"{AT} Patient John Smith, NHS number 943 476 5919, was discharged late; "
                                              "how do other trusts handle delayed discharge?"))]
    edited = message(url, "How did trusts set up a committee in common, edited?")
    sent += [("edit", retyped(edited, "messageUpdate")), ("delete", retyped(message(url, ""), "messageDelete", text=None)),
             ("reaction", retyped(message(url, ""), "messageReaction", text=None, reactionsAdded=[{"type": "like"}])),
             ("Action.Submit", {**message(url, ""), "text": None, "value": {"action": "more"}}),
             ("Action.Execute feedback", card_action(url, "peerbot.feedback", {"question_id": "gone", "helpful": True})),
             ("installed: personal", members(url, added=True)), ("installed: team", installation(url, "add"))]
    return sent


async def trial(url: str) -> None:
    async with ConnectorDouble() as double:
        for name, activity in activities(double.url):
            before = len(double.posts)
            status, body = await send(f"{url}/api/messages", activity)
            if activity["type"] == "message" and activity.get("text") and status == 202:
                await double.wait_for_posts(before + 1)
            await asyncio.sleep(1)
            print(f"=== {name} -> {status} {body[:200]}")
            for post in double.posts[before:]:
                print(f"--- to {post.conversation_id}\n" + "\n".join(f"    {line}" for line in texts(post.activity)))


def main() -> None:
    port = free_port()
    env = {"HOST": "127.0.0.1", "PORT": str(port), "OMP_NUM_THREADS": "1"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        os.environ.pop(name, None)
    process = start_serve(env, TEAMS_ALLOW_ANONYMOUS="1")
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process, 300)
        asyncio.run(trial(f"http://127.0.0.1:{port}"))
    finally:
        _, err = stop(process)
        print("=== peerbot serve's warnings\n" + "\n".join(line for line in err.splitlines() if " WARNING " in line))


if __name__ == "__main__":
    main()
