"""The index: the corpus in `knowledge/` made searchable. This is its one front door; the rest of
peerbot imports from `index`, never from its modules.

- `build_index(knowledge_dir, index_dir, embedder) -> BuildReport`: bring the index up to date.
- `open_index(index_dir, embedder) -> Index`: the served index, checked and loaded once, with its
  contents (`documents`, `passages`, `people`, `passage_quotes`, `passage_enablers`,
  `lesson_counts()`) and the search over them (`prepare(text) -> Query`, `search(query, limit) -> [Hit]`).
- `read_index(index_dir) -> Snapshot`: the contents alone, without the model; `read_people(knowledge_dir,
  index_dir)`: the people's names alone, from the index's people table or else the documents' front
  matter (for a server before its index is open).
- `pending_changes(knowledge_dir, index_dir) -> Pending`: the documents `peerbot index` would add, update
  or remove now, and whether `enablers.yaml` changed, found without building (`digest --preview` says
  when its index is behind).
- `served_generation(index_dir) -> str | None`: the generation on disk now (a cheap link read), so a
  server can tell when another process published a newer one.
- `load_enablers(knowledge_dir)`, `load_embedder(model, threads, query_encoder)`: the taxonomy and the
  embedding model (questions embedded by one of `QUERY_ENCODERS`); `load_examples(knowledge_dir)`: the
  example questions `open_index` attaches to their passages; `kept_vectors(texts, embedder, cache, kind)`:
  fixed texts' vectors kept in the data folder's cache, so a process starting does not embed them again;
  `BatchingEmbedder(embedder)`: questions arriving together embedded in one call (a server).
- `import_document(path, knowledge_dir, publisher=, url=) -> Imported`: a PDF, Word or HTML file
  written into the corpus folder as Markdown with front matter (`peerbot import`).
- Errors: every one derives from `IndexFailure`, itself a `PeerbotError` (peerbot's one base of
  expected errors, whose message is one line for the user).
- `acronym_definitions(passages) -> {acronym: Definition}`: the acronyms the passages spell out, and where.
- Shared helpers: `PhraseFinder` (which of many known phrases a text names), text (`clean`,
  `split_sentences`, `name_forms`, `person_key`, `mentions`, ...), the hand-edited YAML files (`read_yaml`), a regular file's bytes without waiting on a pipe (`read_regular`), numbered SQLite migrations (`migrate`).

Names load on first use, so importing the front door costs nothing until a command needs the index.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.acronyms import STOPWORD_ACRONYMS
    from index.batching import BatchingEmbedder
    from index.build import BuildReport, build_index
    from index.definitions import Definition, acronym_definitions
    from index.documents import DocumentError
    from index.embedder import Embedder, ModelError, load_embedder
    from index.encodings import decoded_text, undecodable
    from index.english import english_words
    from index.errors import (
        IndexBuildError,
        IndexDamaged,
        IndexFailure,
        IndexNotBuilt,
        IndexOutdated,
        ModelMismatch,
        PeerbotError,
    )
    from index.examples import ExampleQuestion, ExamplesError, load_examples
    from index.importing import Imported, import_document
    from index.lexical import STOPWORDS, content_terms, stem
    from index.migrations import Migration, migrate
    from index.named_people import read_people
    from index.pending import Pending, pending_changes
    from index.phrases import PhraseFinder
    from index.query_encoders import QUERY_ENCODERS
    from index.quotes import Quotation
    from index.regular_files import read_regular
    from index.search import Hit, Query
    from index.served import Index, open_index, read_index, served_generation
    from index.snapshot import DocumentInfo, EnablerLink, Snapshot
    from index.spelling_forms import vowelless_readings
    from index.store_readers import StoredPassage
    from index.taxonomy import Enabler, TaxonomyError, load_enablers
    from index.text import (
        HONORIFICS,
        bare_name,
        clean,
        decode,
        evidence_form,
        mentions,
        name_forms,
        one_line,
        person_key,
        readable,
        split_sentences,
        whole_word,
        without_format,
        without_hidden,
        words,
    )
    from index.vector_cache import kept_vectors
    from index.yaml_file import YamlProblem, read_yaml

_HOMES = {
    "index.acronyms": ("STOPWORD_ACRONYMS",),
    "index.batching": ("BatchingEmbedder",),
    "index.build": ("BuildReport", "build_index"),
    "index.definitions": ("Definition", "acronym_definitions"),
    "index.documents": ("DocumentError",),
    "index.embedder": ("Embedder", "ModelError", "load_embedder"),
    "index.errors": ("IndexBuildError", "IndexDamaged", "IndexFailure", "IndexNotBuilt", "IndexOutdated",
                     "ModelMismatch", "PeerbotError"),
    "index.encodings": ("decoded_text", "undecodable"),
    "index.english": ("english_words",),
    "index.examples": ("ExampleQuestion", "ExamplesError", "load_examples"),
    "index.importing": ("Imported", "import_document"),
    "index.vector_cache": ("kept_vectors",),
    "index.lexical": ("STOPWORDS", "content_terms", "stem"),
    "index.migrations": ("Migration", "migrate"),
    "index.named_people": ("read_people",),
    "index.pending": ("Pending", "pending_changes"),
    "index.phrases": ("PhraseFinder",),
    "index.quotes": ("Quotation",),
    "index.regular_files": ("read_regular",),
    "index.query_encoders": ("QUERY_ENCODERS",),
    "index.search": ("Hit", "Query"),
    "index.served": ("Index", "open_index", "read_index", "served_generation"),
    "index.snapshot": ("DocumentInfo", "EnablerLink", "Snapshot"),
    "index.spelling_forms": ("vowelless_readings",),
    "index.store_readers": ("StoredPassage",),
    "index.taxonomy": ("Enabler", "TaxonomyError", "load_enablers"),
    "index.text": ("HONORIFICS", "bare_name", "clean", "decode", "evidence_form", "mentions", "name_forms", "one_line",
                   "person_key", "readable", "split_sentences", "whole_word", "without_format", "without_hidden",
                   "words"),
    "index.yaml_file": ("YamlProblem", "read_yaml"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> object:
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
