"""A question's outcome does not hang on how it ends: `peerbot ask` with the real model gives the same
question, ending in "?", "." or nothing, the same outcome (`bot.scope.as_question`: one encode, of the
question ending in one "?")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KNOWLEDGE

ROOT = Path(__file__).parent.parent
ENDINGS = ("?", "", ".", "?!", " ?")
QUESTIONS = [  # (question without its ending, the outcome it gets)
    ("my mum complained about her discharge from hospital - how do other trusts deal with complaints",
     "not_covered"),  # complaints are not in the lessons; without "?" it was answered with unrelated excerpts
    ("How did the committee in common make decisions", "answered"),
]


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus, real_query_cache) -> dict:
    return {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "OMP_NUM_THREADS": "1"}


@pytest.mark.model
def test_a_question_gets_the_same_outcome_whatever_it_ends_with(real_env):
    asked = [question + ending for question, _ in QUESTIONS for ending in ENDINGS]
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="\n".join(asked) + "\n",
                            capture_output=True, text=True, env=real_env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    outcomes = dict(zip(asked, (json.loads(line)["outcome"] for line in result.stdout.splitlines()), strict=True))
    for question, outcome in QUESTIONS:
        assert {ending: outcomes[question + ending] for ending in ENDINGS} == dict.fromkeys(ENDINGS, outcome)
