"""Out of scope, not "not covered": a question naming only words neither the lessons nor the NHS map use, less
the words that ask ("What went wrong with the Titanic?", "Why did Concorde fail?"), is about everyday life and
gets its everyday area's reply (`bot.unheard_subjects`), however near the lessons its asking words bring it; an
NHS subject the lessons lack ("pathology services", "e-rostering", "NPfIT") stays not covered, and one they have
stays answered. The model tests run `peerbot ask` as a subprocess over the bundled corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import KNOWLEDGE

from bot.scope_files import SUBJECTS_FILE, load_topics
from bot.unheard_subjects import NhsWords, unheard_subject
from index import Query

ROOT = Path(__file__).resolve().parent.parent
OUTCOMES = [  # each of the first six was declined as not covered before stop 51
    ("What went wrong with the Titanic?", "out_of_scope"),
    ("What went wrong at Chernobyl?", "out_of_scope"),
    ("Why did Concorde fail?", "out_of_scope"),
    ("What did Liverpool get wrong in the transfer window?", "out_of_scope"),  # "transfers" is the NHS map's
    ("What went wrong with the Millennium Dome?", "out_of_scope"),
    ("What went wrong with the Hindenburg airship?", "out_of_scope"),
    # the controls: NHS subjects the lessons lack stay not covered, ones they have stay answered
    ("What went wrong when trusts merged their pathology services?", "not_covered"),
    ("What went wrong with e-rostering?", "not_covered"),  # no word of it is the corpus's; "rostering" is the map's
    ("What went wrong with NPfIT?", "not_covered"),  # an acronym: how NHS programmes are named
    ("What did trusts learn from outsourcing their laundry services?", "answered"),
    ("What went wrong when trusts tried to work together?", "answered"),
]
GENERAL = "peerbot only answers questions about how NHS provider collaboratives work together"


@pytest.fixture(scope="module")
def real_env(real_settings, real_corpus, real_query_cache) -> dict:
    return {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "OMP_NUM_THREADS": "1"}


def ask(env: dict, questions: list[str], *options: str) -> str:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", *options, "-"], input="\n".join(questions) + "\n",
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.model
def test_a_question_naming_only_unheard_words_is_out_of_scope_and_nhs_subjects_are_not(real_env):
    out = ask(real_env, [q for q, _ in OUTCOMES], "--json")
    got = [json.loads(line)["outcome"] for line in out.splitlines()]
    assert dict(zip([q for q, _ in OUTCOMES], got, strict=True)) == dict(OUTCOMES)


@pytest.mark.model
def test_the_general_knowledge_decline_points_to_what_peerbot_is_for(real_env):
    out = ask(real_env, ["What went wrong with the Titanic?"])
    assert GENERAL in " ".join(out.split())
    assert "don't cover" not in out


NHS = NhsWords.of([*load_topics(KNOWLEDGE), *load_topics(KNOWLEDGE, SUBJECTS_FILE)])


def query(text: str, unknown: tuple[str, ...]) -> Query:
    return Query(text, text, np.zeros(3, np.float32), 0.0, unknown)


@pytest.mark.parametrize("text, unknown, unheard", [
    ("What went wrong with the Titanic?", ("went", "wrong", "titanic"), True),
    ("Why did the Roman Empire collapse?", ("roman", "empire", "collapse"), True),
    ("What did Liverpool get wrong in the transfer window?", ("liverpool", "wrong", "transfer", "window"), True),
    # "transfer" is the map's and no capitalised name is unheard: an NHS subject, maybe
    ("What went wrong with the transfer window?", ("went", "wrong", "transfer", "window"), False),
    ("What went wrong with e-rostering?", ("went", "wrong", "rostering"), False),  # the map's
    ("What went wrong with NPfIT?", ("went", "wrong", "npfit"), False),  # an acronym
    ("What went wrong with the Titanic's trusts?", ("went", "wrong", "titanic"), False),  # "trusts" is the corpus's
    ("What went wrong?", ("went", "wrong"), False),  # asks about nothing
    ("What went wrong with pathalogy?", ("went", "wrong", "pathalogy"), False),  # a slip of the map's "pathology"
])
def test_unheard_subject_needs_every_word_it_asks_about_unknown_to_the_corpus_and_the_map(text, unknown, unheard):
    assert unheard_subject(query(text, unknown), NHS) is unheard
