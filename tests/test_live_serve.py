"""`peerbot serve` takes up a newer index without a restart: a real serving process (the real Bolt
app, signed requests, the Slack Web API double), a lesson added to the corpus folder, `peerbot index`
run as another process; the next question through Slack is answered from the new lesson, and every
question asked while the new index is built, loaded and swapped in is answered."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from serve_process import ROOT, start_serve, stop, wait_for_health
from slack_double import BOT_TOKEN, SIGNING_SECRET, SlackDouble, SlackSender, app_mention, free_port

TITLE = "Pooling orders for infusion pumps"
SENTENCE = "Four trusts pooled their orders for infusion pumps and agreed one model for every ward."
QUESTION = "How did trusts pool their orders for infusion pumps?"
STEADY = "How can trusts build trust at board level?"


def test_serve_answers_from_a_lesson_indexed_by_another_process_without_a_restart_or_a_gap(tmp_path, corpus_dir):
    env = {"PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
           "PEERBOT_MODEL": "hashing", "HOST": "127.0.0.1", "PORT": str(free_port()), "OMP_NUM_THREADS": "1",
           "PEERBOT_RELOAD_SECONDS": "0.2"}
    with SlackDouble() as double:
        process = start_serve(env, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                              SLACK_API_URL=double.api_url)
        try:
            url = f"http://127.0.0.1:{env['PORT']}"
            wait_for_health(url, process)
            slack = SlackSender(f"{url}/slack/events")

            def answer_to(question: str) -> str:
                event = app_mention(question, channel="C0LIVE001")
                assert slack.event(event).status == 200
                return double.wait_for("chat.postMessage", thread_ts=event["event"]["ts"], timeout=60)[0].blocks_text

            assert TITLE not in answer_to(QUESTION)

            asked: list[str] = []  # questions sent all through the build, load and swap
            stop_asking = threading.Event()

            def keep_asking() -> None:
                while not stop_asking.is_set():
                    event = app_mention(STEADY, channel="C0LIVE002")
                    assert slack.event(event).status == 200
                    asked.append(event["event"]["ts"])
                    time.sleep(0.1)

            asker = threading.Thread(target=keep_asking)
            asker.start()
            try:
                (corpus_dir / "infusion-pumps.md").write_text(
                    f"---\ntitle: {TITLE}\npublisher: Southmoor Collaborative\n---\n\n## What we did\n\n{SENTENCE} "
                    "Nurses from each trust tested three pumps on a training ward before anyone signed a contract.\n")
                indexed = subprocess.run([sys.executable, "-m", "bot.cli", "index"], cwd=ROOT, capture_output=True,
                                         text=True, timeout=300, env={**os.environ, **env})
                assert indexed.returncode == 0 and "1 added" in indexed.stdout, indexed.stdout + indexed.stderr
                deadline, reply = time.monotonic() + 60, ""
                while time.monotonic() < deadline and TITLE not in reply:
                    reply = answer_to(QUESTION)  # no restart: the server finds the new generation itself
                assert TITLE in reply and SENTENCE in reply
            finally:
                stop_asking.set()
                asker.join()
            replies = {call["thread_ts"]: call.blocks_text
                       for call in double.wait_for("chat.postMessage", count=len(asked), timeout=60, channel="C0LIVE002")}
            assert len(asked) >= 5 and set(asked) <= set(replies)  # every question asked meanwhile was answered
            assert all("Building trust" in replies[ts] and "Sorry" not in replies[ts] for ts in asked)  # answers, no apology
        finally:
            out, err = stop(process)
    assert process.returncode == 0, err
    assert "serving index generation gen-" in err  # the swap, logged once
    assert "Traceback" not in err
