"""What `peerbot digest --preview` and `peerbot schedule --help` tell an administrator beyond the
digest itself: that the index is behind the corpus folder (so new lessons are missing), and how
long the clock takes to stop."""

from __future__ import annotations

import json
import os

import pytest

from bot.cli import main
from bot.cli.docs import README
from bot.stop_deadline import CLOCK_SECONDS

LESSON = """---
title: A weekend radiology rota
publisher: Example collaborative
---

## What we did

The three trusts agreed one weekend radiology rota across every site, with one list of reporters.
"""


@pytest.fixture
def data_folder(settings, corpus, monkeypatch):
    """The bundled corpus's copy, indexed (hashing model), as `peerbot` sees it from the environment."""
    corpus.close()
    for name, value in {"PEERBOT_DATA_DIR": settings.data_dir, "PEERBOT_KNOWLEDGE_DIR": settings.knowledge_dir,
                        "PEERBOT_MODEL": "hashing"}.items():
        monkeypatch.setenv(name, str(value))
    return settings.knowledge_dir


def warnings(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("peerbot: warning:")]


def test_a_preview_over_an_index_older_than_the_corpus_says_so_in_one_line(data_folder, capsys):
    """Before: the preview showed the digest of the index as last built, with no word that lessons
    added since were missing from it."""
    (data_folder / "weekend-radiology.md").write_text(LESSON)
    changed = data_folder / "nelft-operating-model-case-study.md"
    changed.write_text(changed.read_text() + "\nThe operating model was reviewed again in November.\n")
    (data_folder / "west-yorkshire-mhlda-collaborative.md").unlink()
    assert main(["digest", "--preview"]) == 0
    assert warnings(capsys) == [
        "peerbot: warning: the index is older than the corpus (1 new, 1 changed, 1 removed documents since it was "
        "built), so this digest does not reflect them: run `peerbot index` first"]
    assert main(["index"]) == 0 and main(["digest", "--preview", "--json"]) == 0
    assert warnings(capsys) == []


def test_one_document_changed_is_it_not_them(data_folder, capsys):
    """Stop 44's fresh-clone walk: one lesson imported before `peerbot index` read "1 new document …, so
    this digest does not show them" (and a removed document is not one a digest leaves out: "reflect")."""
    (data_folder / "weekend-radiology.md").write_text(LESSON)
    assert main(["digest", "--preview"]) == 0
    assert warnings(capsys) == [
        "peerbot: warning: the index is older than the corpus (1 new document since it was built), so this digest "
        "does not reflect it: run `peerbot index` first"]


def test_a_preview_over_an_index_of_the_corpus_as_it_is_says_nothing_of_it_even_with_files_touched(data_folder, capsys):
    """Must not take: a file saved again unchanged, or a non-document file added, is not a change."""
    touched = data_folder / "shared-purpose-integration-innovation.md"
    os.utime(touched, (touched.stat().st_atime, touched.stat().st_mtime + 3600))
    (data_folder / "notes.csv").write_text("not,a,document\n")
    assert main(["digest", "--preview"]) == 0
    assert warnings(capsys) == []


NEW_ENABLER = """
  - id: digital-and-data
    name: Digital and data
    description: Partners share systems and data so that staff and patients see one service.
    synonyms: [shared records, data sharing]
"""


def test_a_preview_after_enablers_yaml_changed_says_the_lessons_are_linked_to_the_enablers_as_they_were(
        data_folder, capsys):
    """Before: an enabler added to enablers.yaml since `peerbot index` had no lessons in the preview (its
    passages were linked under the old taxonomy) and nothing said so."""
    taxonomy = data_folder / "enablers.yaml"
    taxonomy.write_text(taxonomy.read_text() + NEW_ENABLER)
    assert main(["digest", "--preview"]) == 0
    assert warnings(capsys) == [
        "peerbot: warning: the index is older than the corpus (enablers.yaml changed since it was built), so this "
        "digest links its lessons to the enablers as they were: run `peerbot index` first"]
    (data_folder / "weekend-radiology.md").write_text(LESSON)
    assert main(["digest", "--preview", "--json"]) == 0
    assert warnings(capsys) == [
        "peerbot: warning: the index is older than the corpus (1 new document, and enablers.yaml changed, since it "
        "was built), so this digest does not reflect that document and links its lessons to the enablers as they were: "
        "run `peerbot index` first"]
    assert main(["index"]) == 0 and main(["digest", "--preview"]) == 0
    assert warnings(capsys) == []


def test_a_preview_after_contacts_yaml_changed_says_nothing_and_shows_it(data_folder, capsys):
    """contacts.yaml is not part of the index: the preview reads it as it is, so it is never behind it.
    Must not take: a contacts.yaml edit reported as an index to rebuild."""
    assert main(["digest", "--preview", "--json"]) == 0
    contact = json.loads(capsys.readouterr().out)["enabler_of_the_week"]["contact"]
    assert contact and contact["role"]  # a person, with a role
    (data_folder / "contacts.yaml").write_text(f"people:\n  - name: {contact['name']}\n    contactable: false\n")
    assert main(["digest", "--preview", "--json"]) == 0
    assert warnings(capsys) == []
    assert main(["digest", "--preview", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["enabler_of_the_week"]["contact"]  # another, or no one
    assert (shown or {}).get("name") != contact["name"]


def test_schedule_help_and_the_readme_give_the_clocks_stop_deadline(capsys):
    """From the deadline itself (bot/stop_deadline.CLOCK_SECONDS), so the two cannot drift from it."""
    with pytest.raises(SystemExit):
        main(["schedule", "--help"])
    said = f"On SIGTERM it stops within {CLOCK_SECONDS:g} s"
    assert said in " ".join(capsys.readouterr().out.split())
    row = next(line for line in README.read_text().splitlines() if line.startswith("| `peerbot schedule` |"))
    assert said in row
