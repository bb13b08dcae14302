"""What the thirty-fourth hostile sweep (benchmarks/hostile_sweep34.py) found in the hand-edited YAML
files: a key given twice kept only its last value, without a word, so a contact's `contactable: false`
was undone by a later `true`, a whole `people:` list replaced by a second one, one of two areas named
alike dropped, a document's first `enablers:` lost. The one YAML loader (index/yaml_file.py) now refuses
a mapping that gives a key twice, with the key and its line; each file's reader names the file. Run as
`peerbot` does, a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How did the trusts set up a shared staff bank?"


@pytest.fixture
def env(tmp_path, corpus_dir):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEERBOT_", "DATABASE_URL"))}
    return {**environ, "PEERBOT_DATA_DIR": str(tmp_path / "data"), "PEERBOT_KNOWLEDGE_DIR": str(corpus_dir),
            "PEERBOT_MODEL": "hashing"}


def peerbot(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "bot.cli", *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def test_a_contact_whose_contactable_is_given_twice_is_refused_naming_the_file_key_and_line(env, corpus_dir):
    """Before: `contactable: false` then `true` read as true: someone who asked not to be suggested was."""
    (corpus_dir / "contacts.yaml").write_text(
        "people:\n  - name: Sam Example\n    email: sam.example@example.nhs.uk\n    contactable: false\n"
        "    contactable: true\n")
    done = peerbot(["contacts", "--json"], env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("peerbot")
    assert "contacts.yaml" in lines[0] and "(line 5)" in lines[0] and "`contactable` is given twice" in lines[0]


def test_a_second_people_list_is_refused_not_read_in_place_of_the_first(env, corpus_dir):
    (corpus_dir / "contacts.yaml").write_text(
        "people:\n  - name: Sam Example\n    email: sam.example@example.nhs.uk\npeople:\n  - name: Kim Other\n")
    done = peerbot(["contacts", "--json"], env)
    assert done.returncode == 1 and "`people` is given twice" in done.stderr and "(line 4)" in done.stderr


def test_an_area_named_twice_in_a_scope_file_is_refused_by_ask(env, corpus_dir):
    """Before: the first `workforce, HR and employment:` area's subjects were dropped."""
    subjects = corpus_dir / "nhs_subjects.yaml"
    text = subjects.read_text()
    area = "  workforce, HR and employment:\n"
    subjects.write_text(text.replace(area, area + "    - a subject that was lost\n" + area, 1))
    assert peerbot(["index"], env).returncode == 0
    done = peerbot(["ask", QUESTION, "--json"], env)
    assert done.returncode == 1
    assert "nhs_subjects.yaml" in done.stderr and "`workforce, HR and employment` is given twice" in done.stderr


def test_a_document_whose_front_matter_gives_a_key_twice_is_left_out_and_named(env, corpus_dir):
    """Before: the second `enablers:` replaced the first, and the document was indexed under it alone."""
    document = corpus_dir / "nelft-operating-model-case-study.md"
    text = document.read_text()
    document.write_text(text.replace("\nenablers:", "\nenablers: [building-trust]\nenablers:", 1))
    done = peerbot(["index"], env)
    assert done.returncode == 1  # built without it: `index` says so and exits 1, as for any file it left out
    said = done.stdout + done.stderr
    assert "nelft-operating-model-case-study.md" in said and "`enablers` is given twice" in said
    current = Path(env["PEERBOT_DATA_DIR"]) / "index" / "current"
    with sqlite3.connect(current.resolve() / "index.db") as db:
        indexed = {Path(row[0]).name for row in db.execute("select path from documents")}
    assert document.name not in indexed and "west-yorkshire-mhlda-collaborative.md" in indexed


def test_a_merge_key_may_still_be_overridden_and_one_key_per_mapping_loads(env, corpus_dir):
    """YAML's `<<: *defaults` merge is not a key given twice: the mapping's own key overrides it."""
    (corpus_dir / "contacts.yaml").write_text(
        "defaults: &base {organisation: Example Trust, contactable: false}\n"
        "people:\n  - <<: *base\n    name: Sam Example\n    contactable: true\n")
    done = peerbot(["contacts", "--json"], env)
    assert "given twice" not in done.stderr
