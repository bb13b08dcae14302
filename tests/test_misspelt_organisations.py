"""A misspelt name of an organisation the lessons name (a publisher, a trust, a collaborative, a region) is
never taken for a person's (stop 44): "what did Mutal Ventures find at NELFT?" stays as asked, with no
notice that it held details that could identify someone; a patient's name beside one still goes.
`peerbot ask --json -` as a process with the real model, and a Slack mention over HTTP to the served app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from slack_double import app_mention

from bot import messages
from bot.redact.kept_names import organisation_run, published_organisation

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
# Misspelt publishers ("Mutual Ventures", "NHS Providers", "NHS Confederation"), trusts, a collaborative, an ICS;
# the first five were each shown with "[name]" before stop 44
MISSPELT = ["what did Mutal Ventures find at NELFT?", "What did Mutal Ventres recommend for the board?",
            "What has Mutuel Ventures done for NELFT?", "How did Mutal Ventures help Kent & Medway?",
            "How did Royal United Hospitl Bath work with Salisbury?", "What has NHS Provders said about collaboratives?",
            "What did the NHS Confederaton publish on BSW?", "How did Bradfrod District Care lead the MHLDA collaborative?",
            "Did Kettring General and Northamton General share a chair?", "How does Wset Yorkshire and Harrogate ICS work?",
            "what nhs confedration said about BSW"]
# A patient's name beside an organisation's, spelt right or not: the patient's name goes
BESIDE = {"what did Mutal Ventures John Smith say about NELFT?": "John Smith",
          "Mutal Ventures' Chidi Okafor asked how NELFT set up its board": "Chidi Okafor",
          "Can Bradfrod District Care see Sarah Jones about the collaborative?": "Sarah Jones",
          "Did Mutual Ventures Priya Sharma join the Kent & Medway programme?": "Priya Sharma",
          "what nhs provders priya sharma said about BSW": "priya sharma"}


def test_a_misspelt_run_of_an_organisations_name_is_kept_and_a_persons_name_beside_it_is_not():
    bodies = ["mutual ventures", "the dudley group nhs foundation trust", "bradford district care nhs foundation trust"]
    assert published_organisation("Mutal Ventures", bodies) and published_organisation("Mutual Ventres'", bodies)
    assert published_organisation("Bradfrod District", bodies) and published_organisation("Dudly Group", bodies)
    assert not published_organisation("Theo Dudley", bodies)  # "the": a short word must be spelt right
    assert not published_organisation("Mutal Ventures John", bodies)  # the whole span, not a part of it
    assert not published_organisation("Ventures", bodies) and not published_organisation("Mutal Ventures", [])
    assert not published_organisation("Maria Ventura", bodies)  # close in letters, not a misspelling word by word
    assert organisation_run(["Mutal", "Ventures", "John", "Smith"], bodies) == 2
    assert organisation_run(["John", "Smith"], bodies) == 0


@pytest.fixture(scope="module")
def answered(real_settings, real_corpus) -> dict[str, dict]:
    """`peerbot ask --json -` (the real model, the bundled corpus) on every question here, in one process."""
    env = {**os.environ, "PEERBOT_DATA_DIR": str(real_settings.data_dir), "PEERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "OMP_NUM_THREADS": "1"}
    asked = [*MISSPELT, *BESIDE]
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "-"], input="\n".join(asked) + "\n",
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(asked)
    return dict(zip(asked, lines, strict=True))


@pytest.mark.model
def test_the_cli_shows_a_question_naming_a_misspelt_organisation_as_asked(answered):
    for question in MISSPELT:
        assert answered[question]["question"] == question
        assert "could identify" not in json.dumps(answered[question])


@pytest.mark.model
def test_the_cli_still_redacts_a_patients_name_beside_an_organisations(answered):
    for question, patient in BESIDE.items():
        shown = answered[question]["question"]
        assert "[name]" in shown and not any(part in shown for part in patient.split())
        assert patient not in json.dumps(answered[question])
        organisation = question.split(patient)[0].split()[-2:]  # the two words before the patient's name stay
        assert " ".join(organisation) in shown


def test_a_slack_mention_naming_a_misspelt_organisation_gets_no_notice_and_a_patients_name_still_does(
        server, slack, double):
    slack.event(app_mention(MISSPELT[0]))
    post = " ".join(double.wait_for("chat.postMessage")[0].blocks_text.split())
    assert "could identify" not in post and double.calls_to("chat.postEphemeral") == []
    slack.event(app_mention("what did Mutal Ventures John Smith say about NELFT?"))
    second = double.wait_for("chat.postMessage", 2)[1]
    [private] = double.wait_for("chat.postEphemeral")
    assert messages.details_removed("[name]", posted=True) in " ".join(private.blocks_text.split())
    assert "John" not in json.dumps(second.params) and "Smith" not in json.dumps(private.params)
