"""What `peerbot index` would change now, found without building: the documents of the corpus folder
that the served index lacks (new), holds in an older version (changed) or holds but are gone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index import generations
from index.documents import load_corpus
from index.store import IndexStore


@dataclass(frozen=True)
class Pending:
    added: int = 0
    updated: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def pending_changes(knowledge_dir: Path, index_dir: Path) -> Pending:
    """The served generation against the corpus folder: a file that hashes as its indexed version
    is not read again; one that cannot be read keeps its indexed version, so is not counted."""
    folder = generations.current_generation(index_dir)
    if folder is None:
        return Pending()
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:
        rows = store.document_rows()
    finally:
        store.close()
    corpus = load_corpus(knowledge_dir, {i: row["path"] for i, row in rows.items()},
                         indexed={i: row["content_hash"] for i, row in rows.items()})
    changed = {doc.id for doc in corpus.documents}
    return Pending(added=len(changed - set(rows)), updated=len(changed & set(rows)),
                   removed=len(set(rows) - changed - corpus.unchanged - corpus.kept))
