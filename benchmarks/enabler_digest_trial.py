"""A chief executive's read of `/enabler` and the weekly digest (stop 39): every enabler and a realistic week.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/enabler_digest_trial.py OUT_DIR

Copies the bundled corpus and the adversarial quote documents (tests/data/quotes_adversarial/) into one
knowledge folder, indexes it with the real model, then: `peerbot enabler` (the list, and every enabler as
text and JSON); `peerbot serve` as a real process against the local Slack Web API double, with a week of
signed traffic (channel questions, some not covered, one naming a patient, one pinging @channel, a DM and
a private channel's question, Helpful / Not helpful clicks) and a signed `/enabler` for every enabler;
the Teams card of every summary; `peerbot digest --preview` (text and JSON) and `--post` to the double.
Every rendering is saved in OUT_DIR; a summary of what a reader would object to is printed.
Since stop 43 the week also has follow-ups in two questions' threads (one marked not helpful) and a lesson
submitted with /lesson, approved with `peerbot lessons approve 1` and indexed before the digest; `--bundled`
leaves the adversarial documents out (the corpus a chief executive would read).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
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
    block_actions,
    direct_message,
    free_port,
    new_ts,
    slash_command,
    view_submission,
)

FIXTURES = ROOT / "tests" / "data" / "quotes_adversarial"
CHANNEL, PRIVATE, DM = "C0PUBLIC01", "G0PRIVATE1", "D0DIRECT01"
WEEK = [  # (where, question, feedback: True helpful / False not / None none)
    (CHANNEL, "How did trusts set up a committee in common?", True),
    (CHANNEL, "What helped two boards build trust before a merger?", True),
    (CHANNEL, "How do collaboratives share clinical leadership across trusts?", None),
    (CHANNEL, "What did the stroke network learn about shared purpose?", False),
    (CHANNEL, "How do we handle VAT on shared estates between trusts?", None),
    (CHANNEL, "Has anyone set up a joint radiology rota over a weekend?", False),
    (CHANNEL, "Mrs Jane Doe (NHS number 943 476 5919) was moved twice; how do others handle transfers?", None),
    (CHANNEL, "@channel what is the best way to pool budgets in a collaborative?", None),
    (PRIVATE, "Our chief executive is about to resign - how did others manage leadership change?", None),
    (DM, "Confidential: how do we exit a failing collaborative without the ICB noticing?", None),
    (CHANNEL, "How did trusts set up a committee in common?", None),
    (CHANNEL, "who is the national lead for provider collaboratives?", None),  # stop 46: names nobody
    (CHANNEL, "What's the best pizza place near Leeds station?", None),  # stop 46: off topic
    (CHANNEL, "how did mental health trusts agree shared out-of-area placement budgets", None),  # lower case
]
FOLLOW_UPS = [  # (the WEEK question whose thread it is asked in, the follow-up, feedback)
    (1, "any examples from mental health trusts?", None),
    (1, "who should I talk to?", None),
    (3, "How was it funded?", False),
]
LESSON = {  # submitted with /lesson, approved with `peerbot lessons approve 1`, then indexed
    "title": "A weekend radiology rota shared by three trusts",
    "did": "Three trusts agreed one weekend radiology reporting rota across every site, with one list of "
           "reporting radiologists and one escalation route.",
    "learned": "Agree the job-planning rules and the pay first, with the clinical directors in the room; a shared "
               "rota only lasted once every trust's radiologists could see the whole list.",
    "organisation": "Example Imaging Network",
    "enablers": ["workforce-and-shared-staffing"],
    "contact": "Dr Sam Example, clinical director for imaging",
    "contact_agreed": True,
    "contributor": "Jo Bloggs",
    "contributor_named": True,
}
REPLIES = ("chat.postMessage", "chat.postEphemeral")


def peerbot(env: dict[str, str], *args: str) -> str:
    """`peerbot ARGS` run in this process (the model loaded once), its standard output and any error."""
    from bot.cli import main as cli

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return out.getvalue() + (f"\n[stderr, exit {code}]\n{err.getvalue()}" if code else "")


def enabler_names(env: dict[str, str]) -> dict[str, str]:
    """Every enabler's id and name, in the taxonomy's order."""
    listed = json.loads(peerbot(env, "enabler", "--json"))
    return {e["id"]: e["name"] for e in (listed["enablers"] if isinstance(listed, dict) else listed)}


def write(out: Path, name: str, text: str) -> None:
    (out / name).write_text(text)


def slack_rendering(call) -> str:
    return json.dumps({"text": call.get("text"), "blocks": call.blocks}, indent=1, ensure_ascii=False)


def ephemeral_naming(double: SlackDouble, name: str, seen: int, timeout: float = 300):
    """The latest ephemeral message after the first `seen` whose text names `name`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        calls = double.calls_to("chat.postEphemeral")[seen:]
        found = [c for c in calls if name in (c.get("text") or "")]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no reply naming {name!r}")


def serve_week(env: dict[str, str], enablers: list[str], names: dict[str, str], out: Path) -> None:
    """A week of signed Slack traffic, then `/enabler` for every enabler; every reply saved."""
    with SlackDouble() as double:
        port = free_port()
        process = start_serve({**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1", "SLACK_BOT_TOKEN": double.bot_token,
                               "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": double.api_url})
        try:
            wait_for_health(f"http://127.0.0.1:{port}", process, 600)
            slack = SlackSender(f"http://127.0.0.1:{port}/slack/events")
            roots = [(where, new_ts()) for where, _, _ in WEEK]
            asked = [(where, question, helpful, ts, "") for (where, question, helpful), (_, ts) in zip(WEEK, roots)]
            asked += [(roots[n][0], question, helpful, new_ts(), roots[n][1]) for n, question, helpful in FOLLOW_UPS]
            for n, (where, question, helpful, ts, thread) in enumerate(asked):
                before = len(double.calls_to("chat.postMessage"))
                slack.event(direct_message(question, channel=where, ts=ts) if where == DM else
                            app_mention(question, channel=where, ts=ts, thread_ts=thread or None))
                reply = double.wait_for("chat.postMessage", count=before + 1, timeout=300)[before]
                write(out, f"week-{n:02d}.json", slack_rendering(reply))
                if helpful is not None:
                    action = "feedback_helpful" if helpful else "feedback_not_helpful"
                    value = next(e["value"] for b in reply.blocks if b.get("type") == "actions"
                                 for e in b["elements"] if e.get("action_id") == action)
                    slack.interaction(block_actions(action, value, double.response_url(), channel=where,
                                                    message={"ts": reply.get("ts") or "1.1", "blocks": reply.blocks}))
            for enabler in enablers:  # the reply naming it (a notice to an earlier asker may come between)
                seen = len(double.calls_to("chat.postEphemeral"))
                slack.command(slash_command("/enabler", enabler, double.response_url()))
                reply = ephemeral_naming(double, names[enabler], seen)
                write(out, f"slack-enabler-{enabler}.json", slack_rendering(reply))
            seen = len(double.calls_to("chat.postEphemeral"))
            slack.command(slash_command("/enabler", "", double.response_url()))
            reply = ephemeral_naming(double, names[enablers[-1]], seen)
            write(out, "slack-enabler-list.json", slack_rendering(reply))
            slack.command(slash_command("/lesson", "", double.response_url()))
            double.wait_for("views.open", timeout=300)
            submitted = slack.interaction(view_submission(double.views[-1], LESSON))
            write(out, "lesson-submitted.json", submitted.body)
        finally:
            stop(process)


def teams_cards(env: dict[str, str], enablers: list[str], out: Path) -> None:
    from bot.corpus import open_corpus
    from bot.enablers.guide import EnablerGuide
    from bot.settings import Settings
    from bot.teams import cards

    corpus, _ = open_corpus(Settings(data_dir=Path(env["PEERBOT_DATA_DIR"]),
                                     knowledge_dir=Path(env["PEERBOT_KNOWLEDGE_DIR"])))
    try:
        guide = EnablerGuide(corpus)
        for enabler in enablers:
            card = cards.summary_card(guide.summarise(enabler), {})
            write(out, f"teams-enabler-{enabler}.json", json.dumps(card, indent=1, ensure_ascii=False)
                  + f"\nfits: {cards.fits(card)}\n")
    finally:
        corpus.close()


def main(out: Path, adversarial: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "work"  # the corpus and its index, kept so that a second run reuses them
    knowledge = folder / "knowledge"
    if not knowledge.exists():
        shutil.copytree(ROOT / "knowledge", knowledge)
        for path in FIXTURES.iterdir() if adversarial else ():
            shutil.copy(path, knowledge / path.name)
    env = {"PEERBOT_DATA_DIR": str(folder / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    write(out, "index.txt", peerbot(env, "index"))
    names = enabler_names(env)
    enablers = list(names)
    write(out, "enabler-list.txt", peerbot(env, "enabler"))
    for enabler in enablers:
        write(out, f"enabler-{enabler}.txt", peerbot(env, "enabler", enabler))
        write(out, f"enabler-{enabler}.json", peerbot(env, "enabler", enabler, "--json"))
    write(out, "enabler-unknown.txt", peerbot(env, "enabler", "wellbeing of the porters"))
    write(out, "digest-empty.txt", peerbot(env, "digest", "--preview"))
    serve_week(env, enablers, names, out)
    write(out, "lesson-approved.txt", peerbot(env, "lessons", "approve", "1") + peerbot(env, "index"))
    teams_cards(env, enablers, out)
    write(out, "digest.txt", peerbot(env, "digest", "--preview"))
    write(out, "digest.json", peerbot(env, "digest", "--preview", "--json"))
    week = time.strftime("%G-W%V", time.gmtime())  # the week the traffic fell in (stop 46)
    write(out, "digest-this-week.txt", peerbot(env, "digest", "--preview", "--week", week))
    write(out, "digest-this-week.json", peerbot(env, "digest", "--preview", "--week", week, "--json"))
    with SlackDouble() as double:
        write(out, "digest-post.txt", peerbot({**env, "SLACK_BOT_TOKEN": double.bot_token,
                                               "SLACK_API_URL": double.api_url, "DIGEST_CHANNELS": CHANNEL},
                                              "digest", "--post"))
        for call in double.calls_to("chat.postMessage"):
            write(out, "digest-slack.json", slack_rendering(call))
    print(f"renderings in {out}: {len(list(out.iterdir()))} files")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--bundled"]
    main(Path(args[0] if args else "enabler-digest-trial"), adversarial="--bundled" not in sys.argv)
