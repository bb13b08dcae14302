"""What `peerbot digest --preview` and `peerbot schedule --help` tell an administrator beyond the
digest itself: that the index is behind the corpus folder (so new lessons are missing), and how
long the clock takes to stop."""

from __future__ import annotations

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
        "built), so this digest does not show them: run `peerbot index` first"]
    assert main(["index"]) == 0 and main(["digest", "--preview", "--json"]) == 0
    assert warnings(capsys) == []


def test_a_preview_over_an_index_of_the_corpus_as_it_is_says_nothing_of_it_even_with_files_touched(data_folder, capsys):
    """Must not take: a file saved again unchanged, or a non-document file added, is not a change."""
    touched = data_folder / "shared-purpose-integration-innovation.md"
    os.utime(touched, (touched.stat().st_atime, touched.stat().st_mtime + 3600))
    (data_folder / "notes.csv").write_text("not,a,document\n")
    assert main(["digest", "--preview"]) == 0
    assert warnings(capsys) == []


def test_schedule_help_and_the_readme_give_the_clocks_stop_deadline(capsys):
    """From the deadline itself (bot/stop_deadline.CLOCK_SECONDS), so the two cannot drift from it."""
    with pytest.raises(SystemExit):
        main(["schedule", "--help"])
    said = f"On SIGTERM it stops within {CLOCK_SECONDS:g} s"
    assert said in " ".join(capsys.readouterr().out.split())
    row = next(line for line in README.read_text().splitlines() if line.startswith("| `peerbot schedule` |"))
    assert said in row
