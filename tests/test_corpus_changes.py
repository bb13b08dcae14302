"""A corpus change never silently loses a lesson: on a document-id clash the document already in
the index keeps its place (whichever name sorts first), a file or folder that is there but cannot
be used keeps its last good version, and `peerbot index` says so with exit status 1. Also the
near-linear repeated-paragraph removal, checked for what it keeps and drops."""

from __future__ import annotations

import os

import pytest

from bot.cli import main
from index import open_index
from index.build import build_index
from index.chunking import Block
from index.documents import load_corpus
from index.repeated_blocks import drop_repeated_blocks

ESTABLISHED = "West Yorkshire's lesson about zebra huddles and shared rotas for porters."
NEWCOMER = "A newcomer's text about kayak training for ward clerks."


@pytest.mark.parametrize("established, newcomer", [
    ("west-yorkshire-lesson.md", "West_Yorkshire Lesson.md"),  # the newcomer sorts first
    ("West_Yorkshire Lesson.md", "west-yorkshire-lesson.md"),  # the newcomer sorts last
])
def test_on_an_id_clash_the_indexed_document_keeps_its_place_whatever_the_names(
        tmp_path, corpus_dir, embedder, established, newcomer):
    index_dir = tmp_path / "index"
    (corpus_dir / established).write_text(f"# Zebra huddles\n\n{ESTABLISHED}\n")
    build_index(corpus_dir, index_dir, embedder)
    (corpus_dir / newcomer).write_text(f"# Kayaks\n\n{NEWCOMER}\n")
    report = build_index(corpus_dir, index_dir, embedder)
    [error] = report.errors
    assert error.path.name == newcomer and f"as {established} (already in the index)" in str(error)
    assert report.updated == [] and report.removed == []
    searcher = open_index(index_dir, embedder)
    assert searcher.search("zebra huddles porters", 1)[0].passage.document_id == "west-yorkshire-lesson"
    assert not any("kayak" in p.text for p in searcher.passages.values())


def test_two_new_files_with_one_id_keep_the_first_by_name_and_report_the_other(tmp_path, corpus_dir, embedder):
    (corpus_dir / "b-lesson.md").write_text(f"# B\n\n{NEWCOMER}\n")
    (corpus_dir / "B Lesson.md").write_text(f"# B too\n\n{ESTABLISHED}\n")
    report = build_index(corpus_dir, tmp_path / "index", embedder)
    [error] = report.errors
    assert error.path.name == "b-lesson.md" and "as B Lesson.md (first by name)" in str(error)


def test_index_exits_with_status_1_and_names_both_files_on_a_clash(settings, corpus_dir, capsys, monkeypatch):
    monkeypatch.setenv("PEERBOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PEERBOT_KNOWLEDGE_DIR", str(corpus_dir))
    monkeypatch.setenv("PEERBOT_MODEL", "hashing")
    assert main(["index"]) == 0
    (corpus_dir / "West_Yorkshire MHLDA collaborative.md").write_text("# Copy\n\nA copy with a new name.\n")
    assert main(["index"]) == 1
    out = capsys.readouterr().out
    assert "West_Yorkshire MHLDA collaborative.md" in out and "west-yorkshire-mhlda-collaborative.md" in out
    assert "0 updated, 0 removed" in out


@pytest.mark.parametrize("make", ["fifo", "folder", "broken-link"])
def test_a_document_path_that_is_not_a_regular_file_keeps_its_last_good_version(tmp_path, corpus_dir, embedder, make):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.unlink()
    if make == "fifo":
        os.mkfifo(path)  # opening it would wait for ever: never opened
    elif make == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "gone.md")
    report = build_index(corpus_dir, index_dir, embedder)
    assert [e.path.name for e in report.errors] == [path.name] and "not a regular file" in str(report.errors[0])
    assert report.removed == []
    assert "nelft-operating-model-case-study" in open_index(index_dir, embedder).documents


def test_a_symlink_loop_and_hidden_folders_are_not_followed(tmp_path, corpus_dir):
    (corpus_dir / "loop").symlink_to(corpus_dir)
    (corpus_dir / ".git").mkdir()
    (corpus_dir / ".git" / "notes.md").write_text("# Not a lesson\n\nInternal.\n")
    documents, errors = load_corpus(corpus_dir)[:2]
    assert sorted(d.id for d in documents) == sorted({d.id for d in documents}) and len(documents) == 4
    assert errors == []


def test_a_deleted_document_is_removed_but_one_over_the_size_limit_is_kept(tmp_path, corpus_dir, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    (corpus_dir / "shared-purpose-integration-innovation.md").unlink()
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.write_text(path.read_text() + "\nMore words about the model.\n" * 2000)
    report = build_index(corpus_dir, index_dir, embedder, max_document_mb=0.05)
    assert report.removed == ["shared-purpose-integration-innovation"]
    assert [e.path.name for e in report.errors] == [path.name] and "over the limit of 0.05 MB" in str(report.errors[0])
    assert "nelft-operating-model-case-study" in open_index(index_dir, embedder).documents


def blocks(*texts: str) -> list[Block]:
    return [Block("", text, "paragraph") for text in texts]


def test_repeated_paragraph_removal_drops_repeats_inside_longer_paragraphs_only():
    quote = "Partners employed community connectors to tackle health challenges"
    longer = f"In 2023 {quote.lower()}, and they trained staff too."
    kept = drop_repeated_blocks(blocks(quote, "Other text in between.", longer, quote))
    assert [b.text for b in kept] == ["Other text in between.", longer]


def test_repeated_paragraph_removal_matches_whole_words_and_keeps_short_or_identical_ones():
    texts = ("the board met every month to agree shared risks together",  # a repeat needs whole words:
             "otherthe board met every month to agree shared risks togetherness here",  # not inside these
             "Short repeated bit.", "Short repeated bit. And more words follow it here today.",  # under 8 words
             "Identical twin paragraphs stay because neither is longer than the other",
             "Identical twin paragraphs stay because neither is longer than the other")
    assert [b.text for b in drop_repeated_blocks(blocks(*texts))] == list(texts)


def test_repeated_paragraph_removal_finds_a_repeat_with_few_words_among_many_paragraphs():
    filler = [f"Paragraph {i} talks about topic {i} in words of its own, number {i}." for i in range(3000)]
    short = "— — — — — — — Leeds — — —"  # eight words and more to split, one word to match
    kept = drop_repeated_blocks(blocks(*filler, short, "The trust in Leeds led it."))
    assert short not in [b.text for b in kept] and len(kept) == 3001
