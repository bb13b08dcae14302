"""The people the corpus's documents name, read without the model or loading the index: what a server must
know before its index is open (bot/corpus.py `publish_names`)."""

from __future__ import annotations

from pathlib import Path

from index.corpus_folder import scan_documents
from index.documents import DocumentError, load_document
from index.readers import READERS
from index.served import read_index_people


def read_people(knowledge_dir: Path, index_dir: Path) -> list[str]:
    """The names of the people the corpus names: the served index's when there is one (as built),
    else those in the front matter (`people:`) of the corpus's Markdown and text documents; PDF,
    Word and HTML files (converting them is the build's work) and a document that cannot be read
    (the build reports it) are passed over."""
    served = read_index_people(index_dir)
    if served is not None:
        return served
    paths, _ = scan_documents(knowledge_dir)
    names = []
    for path in paths:
        if path.suffix.lower() in READERS:
            continue
        try:
            names += [person.name for person in load_document(path).people]
        except DocumentError:
            continue
    return names
