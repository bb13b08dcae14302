"""A passage is shown from the paragraph a question asks about when it opens with a short one on something else
(`bot.asked_paragraph`): "/peer service user involvment" opened with "… external communications is on their agenda
for 2021/22.", the end of a long paragraph split between passages, before the paragraph on service users."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

from bot.asked_paragraph import asked_from

ROOT = Path(__file__).resolve().parent.parent
CARRIED = "Importantly though, external communications is on their agenda for 2021/22."
ASKED = "Cathy and Keir also emphasise the importance of involving experts by experience and service users."


def test_a_short_first_paragraph_on_something_else_is_skipped_for_the_one_asked_about():
    text = f"{CARRIED}\n\n{ASKED}"
    assert text[asked_from("service user involvment", text):] == ASKED


@pytest.mark.parametrize("question, text", [
    ("how do trusts handle external communications?", f"{CARRIED}\n\n{ASKED}"),  # the first is asked about
    ("what went wrong when trusts tried to work together?", f"{CARRIED}\n\n{ASKED}"),  # no topic word: whole
    ("service user involvement", ASKED),  # one paragraph
    ("service user involvement", f"{CARRIED} {'More on the agenda. ' * 20}\n\n{ASKED}"),  # a long first: the passage's
    ("board assurance reports", f"{CARRIED}\n\n{ASKED}"),  # neither paragraph asked about: whole
])
def test_a_passage_is_shown_whole_otherwise(question, text):
    assert asked_from(question, text) == 0


@pytest.mark.model
def test_peerbot_ask_shows_the_service_user_paragraph_first(real_settings, real_corpus, real_query_cache):
    env = {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "service user involvment"],
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)["snippets"][0]
    assert first["text"].startswith("Cathy and Keir also emphasise the importance of involving experts by experience")
    assert all(first["text"][s["start"]:s["end"]] == s["text"] for s in first["segments"])  # quotations still in place
