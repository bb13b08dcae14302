"""The stopwords the corpus writes in capitals ("IT", "US": index/acronyms.py) are found by the build
and stored in the index's meta, so a question's "IT?" is known to the corpus without reading its
passages on the query path; an index built before they were stored reads them once, as it loads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from index import build_index, generations, open_index
from index.acronyms import META_KEY, capital_stopwords
from index.integrity import write_manifest

IT_LESSON = "# Shared IT\n\nThe trusts merged their IT teams and bought one US scanner.\n\nWHO IS IT FOR? Everyone.\n"


def stored(index_dir: Path) -> str | None:
    with sqlite3.connect(generations.current_generation(index_dir) / generations.DB_FILE) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    return row[0] if row else None


def rewrite_meta(index_dir: Path, value: str | None) -> None:
    """The served generation's stored capitals replaced (None: removed, as a generation built before
    they were stored), its checksums made again to match."""
    folder = generations.current_generation(index_dir)
    with sqlite3.connect(folder / generations.DB_FILE) as db:
        db.execute("DELETE FROM meta WHERE key = ?", [META_KEY])
        if value is not None:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [META_KEY, value])
    write_manifest(folder, json.loads((folder / "checksums.json").read_text())["vectors"])


def test_the_stopwords_a_text_writes_in_capitals_not_when_it_shouts():
    assert capital_stopwords(["Our IT and US teams", "WHO IS IT FOR?", "it was us", "ITU, IT-led"]) == {"it", "us"}
    assert capital_stopwords(["WHO IS IT?"]) == frozenset()  # all in capitals: shouted stopwords


def test_a_build_stores_the_corpus_capitals_and_an_update_recounts_them(tmp_path, corpus_dir, embedder):
    index_dir = tmp_path / "index"
    (corpus_dir / "shared-it.md").write_text(IT_LESSON)
    build_index(corpus_dir, index_dir, embedder)  # from nothing: counted as each document is prepared
    assert set(stored(index_dir).split()) >= {"it", "us"}
    (corpus_dir / "shared-it.md").unlink()
    (corpus_dir / "zebra.md").write_text("# Zebra huddles\n\nA wellbeing lesson about zebra huddles.\n")
    build_index(corpus_dir, index_dir, embedder)  # an update: recounted from every passage
    assert "us" not in stored(index_dir).split()


def test_a_question_reads_the_stored_capitals_and_an_older_index_reads_its_passages_once(tmp_path, corpus_dir, embedder):
    index_dir = tmp_path / "index"
    (corpus_dir / "shared-it.md").write_text(IT_LESSON)
    build_index(corpus_dir, index_dir, embedder)
    served = open_index(index_dir, embedder)
    assert served.prepare("US?").unknown == () and served.prepare("IT?").unknown == ()
    served.close()
    rewrite_meta(index_dir, "")  # the stored set says the corpus writes none: the passages are not read
    served = open_index(index_dir, embedder)
    assert served.prepare("US?").unknown == ("us",) and served.prepare("IT?").unknown == ("it",)
    served.close()
    rewrite_meta(index_dir, None)  # an index built before the build stored them: read as it loads
    served = open_index(index_dir, embedder)
    assert served.prepare("US?").unknown == () and served.prepare("IT?").unknown == ()
    served.close()
