"""A contact's reason is a plain description of why they are relevant (role, organisation, the front matter's
note, where the lesson describes their work), on every surface the CLI prints: `ask`, `enabler` and
`digest --preview`, as JSON and as text. Before stop 48 it read "Quoted in LESSON, section S": a reader
took it for the start of a quotation, and it said where words were, not why the person matters.
Run as subprocesses on the bundled corpus with the hashing model."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import indexed_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ("How did West Yorkshire set up its committee in common?", "how do boards build trust",
             "How did three trusts cut children's surgery waits?", "What did NELFT and ELFT explore together?")
ENABLERS = ("trust", "shared purpose", "clinical leadership")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    return indexed_environment(tmp_path_factory.mktemp("reasons"))


def peerbot(env: dict[str, str], *argv: str) -> str:
    result = subprocess.run([sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def contacts_in(node: object) -> list[dict]:
    """Every contact in a JSON answer, summary or digest: an object with a name and a reason."""
    if isinstance(node, dict):
        found = [node] if {"name", "reason"} <= node.keys() else []
        return found + [c for value in node.values() for c in contacts_in(value)]
    if isinstance(node, list):
        return [c for item in node for c in contacts_in(item)]
    return []


def quotations_in(node: object) -> list[str]:
    """Every quotation a JSON output shows as someone's words: quote segments and contacts' quotes."""
    if isinstance(node, dict):
        own = [node["text"]] if node.get("kind") == "quote" else []
        own += [node["quote"]] if isinstance(node.get("quote"), str) else []
        return own + [q for value in node.values() for q in quotations_in(value)]
    if isinstance(node, list):
        return [q for item in node for q in quotations_in(item)]
    return []


def runs(text: str, length: int = 7) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + length]) for i in range(len(words) - length + 1)}


def test_every_surfaces_contact_reason_is_a_plain_description_never_a_quotation(env):
    outputs = [json.loads(peerbot(env, "ask", "--json", q)) for q in QUESTIONS]
    outputs += [json.loads(peerbot(env, "enabler", e, "--json")) for e in ENABLERS]
    outputs.append(json.loads(peerbot(env, "digest", "--preview", "--json")))
    people = organisations = 0
    for output in outputs:
        said = set().union(*(runs(q) for q in quotations_in(output)))
        for contact in contacts_in(output):
            reason = contact["reason"]
            assert reason and "Quoted" not in reason and not re.search("[“”\"]", reason), contact
            assert not runs(reason) & said, contact  # no seven words running of anyone's quotation
            assert re.search(r"\b(?:Their|Its) work is described in .+\.$", reason), contact
            if contact.get("role") and contact.get("organisation"):  # a person: who they are, first
                assert reason.startswith(f"{contact['role']}, {contact['organisation']}."), contact
                people += 1
            else:
                organisations += 1
    assert people >= 6 and organisations >= 1
    texts = [peerbot(env, "ask", QUESTIONS[0]), peerbot(env, "enabler", ENABLERS[0]), peerbot(env, "digest", "--preview")]
    assert all("Quoted in" not in text and "work is described in" in " ".join(text.split()) for text in texts)
