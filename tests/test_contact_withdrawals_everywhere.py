"""A withdrawal recorded in peerbot's database (`peerbot contacts --withdraw`, or a reading of contacts.yaml
that said `contactable: false`) holds on every surface, not only `serve` and the digest: `peerbot ask`,
`eval`, `enabler` and `contacts` leave the person out of suggestions while contacts.yaml still lists them as
reachable, and `--restore` brings them back. A running `peerbot serve` takes up a `--withdraw` and a
`--restore` made by another process within PEERBOT_RELOAD_SECONDS, with contacts.yaml untouched. Real CLI
processes and a real serve over HTTP against the Slack Web API double."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from serve_process import ROOT, Said, start_serve, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, direct_message, free_port, slash_command
from test_contacts_live import KNOWN, REACHABLE, WORDS, suggested, talk_to

NAME = "Julian Hartley"
DOCUMENT = "key-enablers-provider-collaboratives"  # where his words are


def peerbot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def surfaces(env: dict[str, str], questions: str) -> dict[str, object]:
    """What each command says of him: suggested by `ask`, among an enabler's people, his contact hit in
    `eval`, and whether `contacts` lists him as contactable."""
    asked = json.loads(peerbot(env, "ask", KNOWN, "--json").stdout)
    enabler = json.loads(peerbot(env, "enabler", "building trust", "--json").stdout)
    evaluated = json.loads(peerbot(env, "eval", questions, "--json").stdout)
    listed = json.loads(peerbot(env, "contacts", "Hartley", "--json").stdout)
    assert DOCUMENT in json.dumps(asked["snippets"])  # his lesson answers it either way
    return {"ask": NAME in [c["name"] for c in asked["contacts"]],
            "enabler": NAME in [c["name"] for c in enabler["contacts"]],
            "eval": evaluated["contact_hit_at_3"],
            "contacts": [p["contactable"] for p in listed["people"] if p["name"] == NAME]}


def test_ask_eval_enabler_and_contacts_keep_a_recorded_withdrawal_that_contacts_yaml_does_not_hold(
        tmp_path, corpus_dir):
    (corpus_dir / "contacts.yaml").write_text(REACHABLE)  # the file says he may be asked, throughout
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "w1", "q": KNOWN, "evidence": [DOCUMENT], "contacts": [NAME]}) + "\n")
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "OMP_NUM_THREADS": "1"}
    assert surfaces(env, str(questions)) == {"ask": True, "enabler": True, "eval": 1.0, "contacts": [True]}

    assert peerbot(env, "contacts", "--withdraw", NAME).returncode == 0
    # before: ask, eval and enabler built their directory from contacts.yaml alone, and suggested him
    assert surfaces(env, str(questions)) == {"ask": False, "enabler": False, "eval": 0.0, "contacts": [False]}

    assert peerbot(env, "contacts", "--restore", NAME).returncode == 0
    assert surfaces(env, str(questions)) == {"ask": True, "enabler": True, "eval": 1.0, "contacts": [True]}


def test_a_running_serve_takes_up_a_withdraw_and_a_restore_with_contacts_yaml_untouched(tmp_path, corpus_dir):
    (corpus_dir / "contacts.yaml").write_text(REACHABLE)
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "OMP_NUM_THREADS": "1",
           "PEERBOT_RELOAD_SECONDS": "0.2"}
    url = f"http://127.0.0.1:{env['PORT']}"
    with SlackDouble() as double:
        said = Said(start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                SLACK_API_URL=double.api_url))
        try:
            wait_for_health(url, said.process)
            slack = SlackSender(f"{url}/slack/events")

            def in_slack() -> str:
                double.clear()
                assert slack.event(direct_message(KNOWN)).status == 200
                return double.wait_for("chat.postMessage")[0].blocks_text

            def enabler() -> str:
                double.clear()
                assert slack.command(slash_command("/enabler", "building trust", double.response_url())).status == 200
                return double.wait_for("chat.postEphemeral")[0].blocks_text

            def read_again(times: int) -> None:
                """Wait until the served directory has been built again `times` times in all."""
                deadline = time.monotonic() + 120
                while said.said().count("contacts.yaml read again") < times:
                    assert time.monotonic() < deadline, said.said()
                    time.sleep(0.05)

            assert "<@U0DIRECT1>" in in_slack() and "<@U0DIRECT1>" in talk_to(enabler())

            assert peerbot(env, "contacts", "--withdraw", NAME).returncode == 0  # another process; file untouched
            read_again(1)  # before: not until contacts.yaml was next edited, or a restart
            reply = in_slack()
            assert WORDS in reply and not suggested(reply) and "<@U0DIRECT1>" not in reply
            assert NAME not in talk_to(enabler())

            assert peerbot(env, "contacts", "--restore", NAME).returncode == 0
            read_again(2)
            reply = in_slack()
            assert suggested(reply) and "<@U0DIRECT1>" in reply and "<@U0DIRECT1>" in talk_to(enabler())
        finally:
            said.stop()
    assert said.process.returncode == 0, said.err
    assert said.err.count("contacts.yaml read again") == 2  # once each: an unchanged look builds nothing
    assert "serving index generation" not in said.err and "Traceback" not in said.err
