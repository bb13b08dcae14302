"""The weekly digest read as a chief executive reads it (stop 48): a week of questions through `peerbot serve`.

    OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 nice -n 5 .venv/bin/python benchmarks/digest_reader48.py OUT_DIR

Copies the bundled corpus, indexes it with the real model, runs `peerbot serve` as a real process against the
local Slack Web API double and sends a week of signed traffic: channel questions (some misspelt, some asking
the same thing in other words, some not covered, off-topic ones), follow-ups in their threads (one not
covered), a DM and a private channel's questions, Helpful / Not helpful clicks. Then `peerbot digest
--preview` (text and JSON), the Slack message `--post` sends and the Teams card, all saved in OUT_DIR, and
prints what a reader would object to: a question quoted twice (the same words, or a near-duplicate, or a gap
asked and answered as an example), a misspelling quoted, a gap whose question the corpus answers when asked
on its own, an enabler of the week with no key practice, a contact
with no reason or a reason with quotation marks, a private question quoted, text lines over 100 characters,
Slack blocks over 50 or a section over 3,000 characters, a Teams card over its limit.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from enabler_digest_trial import peerbot, slack_rendering, write  # noqa: E402
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
)

CHANNEL, PRIVATE, DM = "C0PUBLIC01", "G0PRIVATE1", "D0DIRECT01"
WEEK = [  # (where, question, feedback: True helpful / False not / None none)
    (CHANNEL, "How did trusts set up a committee in common?", True),
    (CHANNEL, "how did the trusts set up their committee in common", None),  # the same, in other words
    (CHANNEL, "How did trusts set up a comittee in comon?", None),  # the same, misspelt
    (CHANNEL, "What helped two boards build trust before a merger?", True),
    (CHANNEL, "How do collaboratives share clinical leadership across trusts?", None),
    (CHANNEL, "How do we handle VAT on shared estates between trusts?", None),  # not covered
    (CHANNEL, "How should we handle VAT on estates shared between trusts?", None),  # the same gap again
    (CHANNEL, "Has anyone set up a joint radiology rota over a weekend?", False),
    (CHANNEL, "Has anyone run a joint weekend radiology rota?", None),
    (CHANNEL, "What did others lern about reducing childrens surgery waiting lists?", None),  # misspelt, covered
    (CHANNEL, "What's the best pizza place near Leeds station?", None),  # off topic
    (CHANNEL, "Can someone reset my NHSmail password?", None),  # off topic
    (CHANNEL, "How did West Yorkshire reduce out of area placements?", None),
    (PRIVATE, "Our chief executive is about to resign - how did others manage leadership change?", None),
    (DM, "Confidential: how do we exit a failing collaborative without the ICB noticing?", None),
    (CHANNEL, "How did trusts agree shared out-of-area placement budgets for mental health?", None),
    (CHANNEL, "What did the stroke network learn about shared purpose?", False),
]
FOLLOW_UPS = [  # (the WEEK question whose thread it is asked in, the follow-up, feedback)
    (0, "any examples from mental health trusts?", None),
    (3, "How did they handle VAT on the shared estates?", None),  # not covered: a gap (stop 48)
    (12, "who should I talk to?", None),
    (14, "How did they handle VAT on the shared estates?", None),  # in the DM, not covered: counted privately
]
MISSPELT = {"lern", "comittee", "comon", "childrens"}  # the week's misspellings, as typed
LINE = 100  # the longest line a terminal reader should see
SLACK_BLOCKS, SLACK_SECTION = 50, 3000


def serve_week(env: dict[str, str], out: Path) -> None:
    with SlackDouble() as double:
        port = free_port()
        process = start_serve({**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1",
                               "SLACK_BOT_TOKEN": double.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                               "SLACK_API_URL": double.api_url})
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
        finally:
            stop(process)


def objections(digest: dict, text: str, slack: dict, card: dict, answered_alone: dict[str, bool]) -> list[str]:
    """What a chief executive would find wrong, one line each."""
    from bot.similar_questions import near_duplicate_topics, topic_words
    from bot.teams.cards import fits

    found = []
    quoted = list(digest["questions"]["examples"]) + [g["question"] for g in digest["gaps"]]
    for section, items in (("examples", digest["questions"]["examples"]), ("gaps", [g["question"] for g in digest["gaps"]])):
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if a.lower() == b.lower() or near_duplicate_topics(topic_words(a), topic_words(b)):
                    found.append(f"{section}: near-duplicates {a!r} and {b!r}")
    for gap in digest["gaps"]:
        answered = [q for q in digest["questions"]["examples"] if not gap["not_helpful"]
                    and near_duplicate_topics(topic_words(q), topic_words(gap["question"]))]
        found += [f"gap {gap['question']!r} is asked, and answered, as the example {q!r}" for q in answered]
        if gap["unanswered"] and not gap["not_helpful"] and answered_alone.get(gap["question"]):
            found.append(f"gap answered when asked on its own: {gap['question']!r}")
    private = [q for where, q, _ in WEEK if where != CHANNEL]
    found += [f"private question quoted: {q!r}" for q in private if q in text or q in json.dumps(slack)]
    feature = digest["enabler_of_the_week"]
    if feature and not feature["practice"]:
        found.append(f"enabler of the week {feature['name']!r} has no key practice")
    contacts = ([feature["contact"]] if feature and feature["contact"] else []) + [s["contact"] for s in digest["spotlight"]]
    for contact in contacts:
        if not contact["reason"]:
            found.append(f"contact {contact['name']} has no reason")
        elif "Quoted in" in contact["reason"]:
            found.append(f"contact {contact['name']}'s reason reads as a quotation: {contact['reason']!r}")
        elif any(mark in contact["reason"] for mark in "“”\""):
            found.append(f"contact {contact['name']}'s reason has quotation marks: {contact['reason']!r}")
    found += [f"example quoted as misspelt: {q!r}" for q in digest["questions"]["examples"] if MISSPELT & set(q.split())]
    found += [f"line of {len(line)} characters: {line[:60]!r}…" for line in text.splitlines()
              if len(line) > LINE and not line.strip().startswith("http")]  # a link is never broken
    blocks = slack.get("blocks") or []
    if len(blocks) > SLACK_BLOCKS:
        found.append(f"Slack: {len(blocks)} blocks")
    found += [f"Slack: a block of {len(json.dumps(b))} characters" for b in blocks
              if len((b.get("text") or {}).get("text", "")) > SLACK_SECTION]
    if not fits(card):
        found.append("Teams: the card is over its limit")
    counted = len(set(quoted))
    if counted != len(quoted):
        found.append("a question quoted twice")
    return found


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "work"
    knowledge = folder / "knowledge"
    if folder.exists():
        shutil.rmtree(folder / "data", ignore_errors=True)
    else:
        shutil.copytree(ROOT / "knowledge", knowledge)
    env = {"PEERBOT_DATA_DIR": str(folder / "data"), "PEERBOT_KNOWLEDGE_DIR": str(knowledge),
           "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    write(out, "index.txt", peerbot(env, "index"))
    serve_week(env, out)
    today = time.strftime("%Y-%m-%d", time.localtime())  # the week's traffic was sent just now
    text = peerbot(env, "digest", "--preview", "--since", today)
    digest = json.loads(peerbot(env, "digest", "--preview", "--since", today, "--json"))
    write(out, "digest.txt", text)
    write(out, "digest.json", json.dumps(digest, indent=1, ensure_ascii=False))
    slack, card = renderings(env)
    write(out, "digest-slack.json", json.dumps(slack, indent=1, ensure_ascii=False))
    write(out, "digest-teams.json", json.dumps(card, indent=1, ensure_ascii=False))
    answered_alone = {g["question"]: json.loads(peerbot(env, "ask", "--json", g["question"]))["answered"]
                      for g in digest["gaps"]}
    found = objections(digest, text, slack, card, answered_alone)
    print(text)
    figures = {key: digest.get(key) for key in ("private_gaps", "withheld_gaps", "unquoted_follow_ups",
                                               "unhelpful_follow_ups", "off_topic") if key in digest}
    print(f"questions: {digest['questions']['count']}, answered {digest['questions']['answered']}, follow-ups "
          f"{digest['questions']['follow_ups']}; examples {len(digest['questions']['examples'])}; gaps "
          f"{len(digest['gaps'])} ({sum(bool(g['follow_up']) for g in digest['gaps'])} follow-ups); {figures}")
    print(f"gaps answered when asked alone: {sum(answered_alone.values())} of {len(answered_alone)}")
    print(f"Slack blocks: {len(slack['blocks'])}; Teams card bytes: {len(json.dumps(card, ensure_ascii=False).encode())}")
    print(f"objections: {len(found)}")
    for line in found:
        print(f"  - {line}")


def renderings(env: dict[str, str]) -> tuple[dict, dict]:
    """The same digest (the last day until now) as the Slack message and the Teams card post it."""
    from datetime import UTC, datetime, timedelta

    from bot.corpus import open_corpus
    from bot.digest.gather import compose_week
    from bot.digest.week import Week
    from bot.settings import Settings
    from bot.slack.digest_blocks import digest_message
    from bot.state import StateStore
    from bot.teams.cards import digest_card

    settings = Settings(data_dir=Path(env["PEERBOT_DATA_DIR"]), knowledge_dir=Path(env["PEERBOT_KNOWLEDGE_DIR"]))
    corpus, _ = open_corpus(settings)
    state = StateStore(settings.state_database)
    try:
        now = datetime.now(UTC)
        digest = compose_week(corpus, state, Week.of(now), now - timedelta(days=1), now + timedelta(seconds=1))
        return digest_message(digest).as_kwargs(), digest_card(digest, "")
    finally:
        state.close()
        corpus.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "digest-reader48"))
