"""Building and updating the index: load, chunk, embed what changed, link, publish atomically."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import generations
from index.document_batches import batches, index_batch
from index.documents import Corpus, Document, DocumentError, Unread, document_id, load_corpus
from index.embedder import Embedder
from index.enabler_links import link_enablers
from index.errors import IndexBuildError, IndexRefused
from index.impacts import DEFAULT_RULE, ImpactRule
from index.late_interaction import MAX_PASSAGES, packed
from index.stem_postings import StemPostings
from index.store import IndexStore
from index.tally import Tally
from index.taxonomy import load_enablers, taxonomy_hash
from index.unit_vectors import VectorSpool
from index.vectors import VectorIndex

# Bump when chunking, the embedded text, quotation finding or enabler linking changes: every
# document is then re-indexed.
PIPELINE_VERSION = "14"  # 14: a listed name with styles the front matter leaves out ("Cllr Jo Bloggs", "Dr Jo Bloggs OBE", "The Rt Hon Jo Bloggs MP") credits them; a credit line may open with a bar or a tilde ("― Jo", "~ Jo"); "X said …, while Y added that “…”" is Y's; a table's speaker cell may hold a post "for" something; an interview's question sub-headings keep its interviewee (named by the document's title, a heading or the introduction) and credit the first-person paragraph under each; 13: a quotation over paragraphs in single marks is read as one; "the trusts' rota" inside single marks does not end one; "Name, who is the trust's medical director," / "who chairs the board," binds the post; an interview under a heading naming one person credits its answers ("A: …", a paragraph under a question line) to them; "Name became the trust's director" lets "she said" credit her; 12: a reference marker after a quotation ("“…”³") leaves it a quotation alone, and a blockquote's is not shown as the speaker's; a "— Name" line of its own under an uncredited quotation credits it, and the chunker keeps a credit line under a quotation; "“A …" / "… b,” said Name." credits both parts; a blockquote of two quotations under their role lines is each one's; "said the trust's chair" is the one person the document names as holding the post; 11: a "Name, post" line under an uncredited quotation credits it, a name line then a post line above one introduces it, “A, said Name. (never closed) is Name's, a blockquote's "— KMO" is whom the document defined KMO for, "“…,” she said" opening the paragraph after one about her alone is hers; 10: a quotation holding struck words is no one's; "Name tweeted:", "wrote on LinkedIn:", "said the post, Name" and a line "**Name**, post" before a quotation credit Name; 9: a Markdown line wholly in bold holding a quotation is a headline (a heading); 8: bidi controls and tag characters dropped from a document's text; 7: Markdown source syntax (tables, footnotes, link definitions, code fences, HTML, entities) read as text; 6: inline Markdown read as text
DEFAULT_MAX_DOCUMENT_MB = 20


@dataclass
class BuildReport:
    model: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    passages_embedded: int = 0
    vectors_embedded: int = 0
    passages_total: int = 0
    seconds: float = 0.0
    vectors_total: int = 0
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def is_current(index_dir: Path) -> bool:
    """Whether an index is served and was built by this version of the pipeline."""
    folder = generations.current_generation(index_dir)
    if folder is None:
        return False
    try:
        store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    except sqlite3.Error:
        return False
    try:
        return store.meta().get("pipeline") == PIPELINE_VERSION
    except sqlite3.Error:
        return False
    finally:
        store.close()


def build_index(
    knowledge_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = False,
    max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB,
    workers: int = 1,
    impacts: ImpactRule = DEFAULT_RULE,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BuildReport:
    """Bring the index up to date with the corpus in a new generation, built on the newest whole
    one (a damaged one is set aside). `rebuild` starts from nothing, whatever is on disk; `workers`:
    processes that read and split documents beside this one (index.document_batches); `impacts`:
    which common stems get impact-ordered lists (index.impacts)."""
    started = time.perf_counter()
    if not knowledge_dir.is_dir():
        raise IndexBuildError(f"corpus folder {knowledge_dir} does not exist or is not a folder (set PEERBOT_KNOWLEDGE_DIR)")
    enablers = load_enablers(knowledge_dir)
    enablers_hash = taxonomy_hash(knowledge_dir, enablers)
    stamp = now().isoformat(timespec="seconds")
    try:
        with generations.build_lock(index_dir):
            generations.clear_unfinished(index_dir)
            try:
                base = generations.usable_generation(index_dir, locked=True)
            except IndexRefused:
                if not rebuild:
                    raise
                base = None  # `--rebuild` starts from nothing, whatever is on disk
            previous = _Previous.read(base)
            same_pipeline = (previous.meta.get("model"), previous.meta.get("pipeline")) == (embedder.name, PIPELINE_VERSION)
            copy = base is not None and same_pipeline  # else nothing of the old vectors can be reused
            # a file that hashes as its indexed version is not read again, unless everything is re-embedded
            indexed = previous.hashes if copy and not rebuild else {}
            # when every document is written again, each is read where it is prepared (a worker)
            corpus = load_corpus(knowledge_dir, previous.sources, max_document_mb, indexed, read=not (rebuild or not copy))
            report = BuildReport(model=embedder.name, errors=corpus.errors)
            if not rebuild and previous.reflects(corpus, embedder.name, enablers_hash, report):
                report.seconds = time.perf_counter() - started
                return report
            folder = generations.new_generation(index_dir, base if copy else None)
            try:
                _build_into(folder, base if copy else None, corpus, previous, rebuild or not copy, enablers,
                            enablers_hash, embedder, stamp, report, progress, workers, impacts)
                generations.publish(index_dir, folder, report.vectors_total)
            except BaseException:
                generations.discard(folder)
                raise
    except (OSError, sqlite3.Error) as e:  # an unwritable data folder, a full disk
        raise IndexBuildError(f"cannot write the index in {index_dir} ({getattr(e, 'strerror', None) or e})") from None
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class _Previous:
    """What the generation a build starts from holds (nothing when there is none)."""

    meta: dict[str, str] = field(default_factory=dict)
    rows: dict[str, dict] = field(default_factory=dict)
    passages: int = 0

    @classmethod
    def read(cls, folder: Path | None) -> _Previous:
        if folder is None:
            return cls()
        store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
        try:
            return cls(store.meta(), store.document_rows(), store.passage_count())
        finally:
            store.close()

    @property
    def sources(self) -> dict[str, str]:
        return {doc_id: row["path"] for doc_id, row in self.rows.items()}

    @property
    def hashes(self) -> dict[str, str]:
        return {doc_id: row["content_hash"] for doc_id, row in self.rows.items()}

    def reflects(self, corpus: Corpus, model: str, enablers_hash: str, report: BuildReport) -> bool:
        """True (and the report filled in) when this generation already reflects the corpus."""
        if not self.meta:
            return False
        if "passage_tokens" not in self.meta:
            return False  # built before passages' tokens were stored: a new generation adds them
        wanted = (model, PIPELINE_VERSION, enablers_hash)
        if (self.meta.get("model"), self.meta.get("pipeline"), self.meta.get("enablers_hash")) != wanted:
            return False
        if any(self.rows.get(doc.id, {}).get("content_hash") != doc.content_hash for doc in corpus.documents):
            return False
        if not set(self.rows) <= {doc.id for doc in corpus.documents} | corpus.unchanged | corpus.kept:
            return False
        report.unchanged = len(corpus.documents) + len(corpus.unchanged)
        report.passages_total = self.passages
        return True


def _build_into(
    folder: Path, base: Path | None, corpus: Corpus, previous: _Previous, everything: bool, enablers: list,
    enablers_hash: str, embedder: Embedder, stamp: str, report: BuildReport, progress: bool, workers: int,
    impacts: ImpactRule,
) -> None:
    """Write the generation in `folder` (holding a copy of generation `base`'s database, if any,
    whose vectors are reused): the documents that changed (`everything`: all of them), the vectors,
    the links.
    The folder is served only once `publish` has flushed it, so the build writes without syncing
    and commits a batch at a time; a build that dies leaves an unserved folder."""
    copied = base is not None
    store = IndexStore.open(folder / generations.DB_FILE)
    spool = VectorSpool(folder, embedder.dimension)
    try:
        store.write_unsynced()
        stored_hashes = {} if everything else {doc_id: row["content_hash"] for doc_id, row in previous.rows.items()}
        present = {doc.id for doc in corpus.documents} | {doc.id for doc in corpus.unread} | corpus.unchanged
        with store.transaction():
            for doc_id in previous.rows:
                if doc_id in present or (copied and doc_id in corpus.kept):
                    continue  # a document that is there but could not be read keeps its last good version
                if copied:
                    store.remove_document(doc_id)
                report.removed.append(doc_id)
        changed: list[Document | Unread] = [
            *corpus.unread, *(doc for doc in corpus.documents if stored_hashes.get(doc.id) != doc.content_hash)]
        report.unchanged = len(corpus.documents) + len(corpus.unread) - len(changed) + len(corpus.unchanged)
        named: dict[int, frozenset[str]] = {}  # the enablers each passage written now names
        words = Tally()  # the words of the passages written now
        capitals: set[str] = set()  # the stopwords they write in capitals
        postings = StemPostings()  # and their stems
        failed: list[DocumentError] = []  # unread documents that could not be used
        for batch in batches(changed, embedder, progress, workers, enablers, failed):
            with store.transaction():
                named.update(index_batch(store, spool, batch, previous.rows, embedder, stamp, report, words, capitals,
                                         postings, MAX_PASSAGES if embedder.semantic else None))
        _record_left_out(report, corpus, previous, copied, failed)
        ids = store.unit_ids()
        vectors = spool.assemble(ids, base / generations.VECTORS_FILE if base else None)
        vectors_file = (ids, vectors, embedder.dimension, store.windows(), folder / generations.VECTORS_FILE)
        with ThreadPoolExecutor(1) as beside:
            # with more than one process's CPUs (the workers are done by now), the vector index is built
            # beside the database's last steps, and its re-scoring codes beside that: FAISS and SQLite
            # release the GIL as they work
            saved = beside.submit(_save_vectors, *vectors_file, threads=2) if workers > 1 else None
            if saved is None:
                _save_vectors(*vectors_file)
            with store.transaction():
                if report.changed or everything or previous.meta.get("enablers_hash") != enablers_hash:
                    link_enablers(store, enablers, embedder, ids, vectors, named)
                if report.changed or everything:
                    # from nothing, every passage's words and stems were counted where it was prepared
                    whole = store.passage_count() == report.passages_embedded
                    if whole:
                        store.set_vocabulary(words.counts(), capitals)
                    else:
                        store.set_vocabulary()
                    store.set_stem_counts()
                    store.set_stem_impacts(impacts, postings if whole else None)
                tokens = _store_passage_tokens(store, embedder)
                store.set_meta(
                    model=embedder.name, dimension=str(embedder.dimension), pipeline=PIPELINE_VERSION,
                    enablers_hash=enablers_hash, built_at=stamp, passage_tokens="stored" if tokens else "none",
                )
            if not copied:
                store.compact()  # a generation written from nothing; a copied one keeps its pages (faster updates)
            if saved is not None:
                saved.result()
        report.passages_total = store.passage_count()
        report.vectors_total = len(ids)
    finally:
        spool.discard()
        store.close()


def _save_vectors(ids: np.ndarray, vectors: np.ndarray, dimension: int, windows: np.ndarray, path: Path,
                  threads: int = 1) -> None:
    """The generation's vectors file: every vector by id, the windows kept only for re-scoring."""
    VectorIndex.build(ids, vectors, dimension, rescore_only=windows, threads=threads).save(path)


def _store_passage_tokens(store: IndexStore, embedder: Embedder, batch: int = 256) -> bool:
    """Every passage's tokens for late interaction, those not stored yet (with the run that embedded
    them: `index_batch`) embedded now (with its context line, as its vector was): passages kept
    from a generation without them, or written while the index held more than MAX_PASSAGES; none
    (False) above MAX_PASSAGES passages or from an embedder without tokens."""
    if store.passage_count() > MAX_PASSAGES or not embedder.semantic:
        store.clear_passage_tokens()
        return False
    missing = store.passages_without_tokens()
    for start in range(0, len(missing), batch):
        passages = missing[start:start + batch]
        _, found = embedder.embed_with_tokens([f"{p.context}\n{p.text}" for p in passages], list(range(len(passages))))
        if found is None:
            store.clear_passage_tokens()
            return False
        store.add_passage_tokens(packed(p.id, tokens) for p, tokens in zip(passages, found))
    return True


def _record_left_out(report: BuildReport, corpus: Corpus, previous: _Previous, copied: bool,
                     failed: list[DocumentError]) -> None:
    """The report's errors and removed documents as reading every document first gives them: the
    documents that could not be used (`failed`, found only as they were read) are among the errors,
    by path, and, when the old generation was not copied, removed; a removed document that is there
    but could not be used is named once more."""
    kept = corpus.kept | {document_id(e.path) for e in failed if e.keep_last}
    if not copied:
        gone = set(report.removed) | (kept & previous.rows.keys())
        report.removed[:] = [doc_id for doc_id in previous.rows if doc_id in gone]
    report.errors[:] = sorted([*corpus.errors, *failed], key=lambda e: str(e.path)) + [
        DocumentError(Path(previous.rows[doc_id]["path"]), "could not be read, and its last good version was "
                      "embedded with another model, so it is left out") for doc_id in report.removed if doc_id in kept]
