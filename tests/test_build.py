
import sqlite3

import numpy as np
import pytest
from flickering import flickering

from index import IndexNotBuilt, IndexOutdated, ModelMismatch, generations, integrity, open_index
from index.build import PIPELINE_VERSION, build_index, is_current
from index.hashing_embedder import HashingEmbedder


def test_first_build_then_no_change_embeds_nothing(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "data" / "index"
    first = build_index(corpus_dir, index_dir, embedder)
    assert len(first.added) == 4 and first.passages_embedded == first.passages_total > 30
    served = generations.current_generation(index_dir)
    second = build_index(corpus_dir, index_dir, embedder)
    assert (second.added, second.updated, second.removed) == ([], [], [])
    assert second.unchanged == 4 and second.passages_embedded == 0 and second.vectors_embedded == 0
    assert second.passages_total == first.passages_total
    assert generations.current_generation(index_dir) == served  # nothing to publish


def test_no_change_index_never_loads_the_model(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)

    class NameOnly:
        name = embedder.name  # any use beyond the name would raise AttributeError

    assert build_index(corpus_dir, index_dir, NameOnly()).unchanged == 4


def test_edit_reembeds_only_that_document_and_keeps_first_seen(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    before = open_index(index_dir, embedder).documents["nelft-operating-model-case-study"]
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.write_text(path.read_text() + "\nA brand new closing paragraph about zebrafish governance.\n")
    report = build_index(corpus_dir, index_dir, embedder)
    assert report.updated == ["nelft-operating-model-case-study"] and report.unchanged == 3
    searcher = open_index(index_dir, embedder)
    after = searcher.documents["nelft-operating-model-case-study"]
    assert after.first_seen == before.first_seen
    assert any("zebrafish" in h.passage.text for h in searcher.search("zebrafish governance", 3))


def test_deleted_document_is_removed_from_search(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    (corpus_dir / "shared-purpose-integration-innovation.md").unlink()
    report = build_index(corpus_dir, index_dir, embedder)
    assert report.removed == ["shared-purpose-integration-innovation"]
    searcher = open_index(index_dir, embedder)
    assert "shared-purpose-integration-innovation" not in searcher.documents
    hits = searcher.search("Salisbury dental surgery children", 20)
    assert all(h.passage.document_id != "shared-purpose-integration-innovation" for h in hits)


def test_new_txt_document_is_indexed_and_searchable(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    (corpus_dir / "staff-bank.txt").write_text("Staff bank lessons\nWe pooled porters across three trusts.\n")
    report = build_index(corpus_dir, index_dir, embedder)
    assert report.added == ["staff-bank"]
    assert open_index(index_dir, embedder).search("pooled porters", 1)[0].passage.document_id == "staff-bank"


def test_malformed_document_is_reported_and_its_last_good_version_kept(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.write_text("---\ntitle: [broken\n---\nText\n")
    (corpus_dir / "extra.md").write_text("# Extra\n\nAn extra lesson about kayaks.\n")
    report = build_index(corpus_dir, index_dir, embedder)
    assert [e.path.name for e in report.errors] == ["nelft-operating-model-case-study.md"]
    assert report.added == ["extra"] and report.removed == []
    assert "nelft-operating-model-case-study" in open_index(index_dir, embedder).documents


class ExplodingEmbedder(HashingEmbedder):
    """Fails part-way through a build, like a process killed mid-embedding."""

    def embed(self, texts, progress=False):
        if len(texts) > 1:
            raise RuntimeError("power cut")
        return super().embed(texts, progress)


def test_interrupted_build_leaves_the_served_index_intact(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    served = generations.current_generation(index_dir)
    path = corpus_dir / "key-enablers-provider-collaboratives.md"
    path.write_text(path.read_text() + "\nMore text.\n")
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(corpus_dir, index_dir, ExplodingEmbedder())
    assert generations.current_generation(index_dir) == served
    assert sorted(p.name for p in index_dir.glob("gen-*")) == [served.name]
    assert open_index(index_dir, embedder).search("red lines", 1)


def test_publishing_keeps_current_and_previous_generation_only(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    for n in range(3):
        (corpus_dir / "note.txt").write_text(f"Note\nVersion {n} of a changing lesson.\n")
        build_index(corpus_dir, index_dir, embedder)
    assert len(list(index_dir.glob("gen-*"))) == 2
    assert (index_dir / "current").is_symlink()


def test_searcher_refuses_an_index_built_with_another_model(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    other = HashingEmbedder(dimension=64)
    with pytest.raises(ModelMismatch, match="peerbot index --rebuild"):
        open_index(index_dir, other)
    report = build_index(corpus_dir, index_dir, other)
    assert report.passages_embedded == report.passages_total  # a model change re-embeds all
    assert len(report.updated) == 4 and report.added == []
    assert open_index(index_dir, other).search("trust", 1)


def test_an_index_an_older_peerbot_built_is_refused_then_updated(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    db = sqlite3.connect(generations.current_generation(index_dir) / generations.DB_FILE)
    with db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'pipeline'")
        vectors = db.execute("SELECT sum(1 + sentences + windows) FROM chunks").fetchone()[0]
    db.close()
    integrity.write_manifest(generations.current_generation(index_dir), vectors)  # whole, only older
    assert not is_current(index_dir)
    with pytest.raises(IndexOutdated, match="built by an older peerbot .*run `peerbot index`"):
        open_index(index_dir, embedder)
    report = build_index(corpus_dir, index_dir, embedder)
    assert len(report.updated) == 4 and report.passages_embedded == report.passages_total
    assert is_current(index_dir) and open_index(index_dir, embedder).meta["pipeline"] == PIPELINE_VERSION


def test_quotations_are_stored_with_their_passage_and_speaker(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    snapshot = open_index(index_dir, embedder)
    trust = next(p for p in snapshot.passages.values() if p.section == "Building trust")
    (quote,) = snapshot.passage_quotes[trust.id]
    assert (quote.name, quote.role, quote.block) == ("Julian Hartley", "Chief executive", True)
    assert trust.text[quote.start:quote.end] == quote.text and quote.text.startswith("It feels like")
    assert trust.text[quote.span_end - 9:quote.span_end] == "NHS Trust"  # its attribution line is in its span
    cathy = next(p for p in snapshot.people.values() if p.name == "Cathy Elliott")
    assert cathy.note == "Chairs the West Yorkshire MHLDA collaborative"
    path = corpus_dir / "key-enablers-provider-collaboratives.md"
    path.write_text(path.read_text().replace("— Julian Hartley", "— Someone Else"))
    build_index(corpus_dir, index_dir, embedder)
    trust = next(p for p in open_index(index_dir, embedder).passages.values() if p.section == "Building trust")
    assert open_index(index_dir, embedder).passage_quotes[trust.id][0].name == "Someone Else"


def test_searcher_without_index_says_how_to_build(tmp_path, embedder):
    with pytest.raises(IndexNotBuilt, match="peerbot index"):
        open_index(tmp_path / "index", embedder)


def test_search_modes_and_vectors_are_normalised(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    searcher = open_index(index_dir, embedder)
    lexical = searcher.search("committee in common", 5, mode="lexical")
    assert lexical and all(h.lexical > 0 for h in lexical)
    assert [h.lexical for h in lexical] == sorted((h.lexical for h in lexical), reverse=True)
    dense = searcher.search("committee in common", 5, mode="dense")
    assert dense and [h.score for h in dense] == sorted((h.score for h in dense), reverse=True)
    hybrid = searcher.search("committee in common", 5)
    assert "committee in common" in hybrid[0].passage.text
    with pytest.raises(ValueError):
        searcher.search("x", 5, mode="magic")
    vectors = embedder.embed(["one two", "three"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_passages_link_to_enablers_and_people(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, embedder)
    snapshot = open_index(index_dir, embedder)
    trust = next(p for p in snapshot.passages.values() if p.section == "Building trust")
    assert "building-trust" in {l.enabler_id for l in snapshot.passage_enablers[trust.id]}
    people = {snapshot.people[pid].name: d for pid, d in snapshot.passage_people[trust.id]}
    assert people == {"Julian Hartley": 0}


def test_rebuild_keeps_first_seen_and_updated_times_of_unchanged_documents(corpus_dir, tmp_path, embedder):
    index_dir = tmp_path / "index"
    from datetime import UTC, datetime

    build_index(corpus_dir, index_dir, embedder, now=lambda: datetime(2026, 1, 5, tzinfo=UTC))
    path = corpus_dir / "nelft-operating-model-case-study.md"
    path.write_text(path.read_text() + "\nA later addition.\n")
    build_index(corpus_dir, index_dir, embedder, rebuild=True, now=lambda: datetime(2026, 2, 9, tzinfo=UTC))
    documents = open_index(index_dir, embedder).documents
    assert documents["key-enablers-provider-collaboratives"].updated_at.startswith("2026-01-05")
    assert documents["nelft-operating-model-case-study"].updated_at.startswith("2026-02-09")
    assert all(d.first_seen.startswith("2026-01-05") for d in documents.values())


def test_a_journal_that_comes_and_goes_never_makes_a_generation_look_damaged(tmp_path):
    """A reader checking a generation while a transaction makes and deletes index.db-journal gets
    the same verdict every time (a journal gone between two looks read as 'cannot be read')."""
    folder = tmp_path / "gen-1"
    folder.mkdir()
    (folder / integrity.DB_FILE).write_bytes(b"")
    verdict = integrity.problem(folder)
    with flickering(folder / f"{integrity.DB_FILE}-journal"):
        verdicts = {integrity.problem(folder) for _ in range(20000)}
    assert verdicts == {verdict}
