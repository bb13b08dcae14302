"""What `peerbot index` would change now, found without building: the documents of the corpus folder
that the served index lacks (new), holds in an older version (changed) or holds but are gone, and whether
`enablers.yaml` is no longer the one its passages were linked to enablers with. (`contacts.yaml` is not
part of the index: whoever opens the corpus reads it as it is.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index import generations
from index.documents import load_corpus
from index.store import IndexStore
from index.taxonomy import load_enablers, taxonomy_hash


@dataclass(frozen=True)
class Pending:
    added: int = 0
    updated: int = 0
    removed: int = 0
    enablers: bool = False  # enablers.yaml changed: lessons are linked to the enablers as they were

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.enablers)


def pending_changes(knowledge_dir: Path, index_dir: Path) -> Pending:
    """The served generation against the corpus folder: a file that hashes as its indexed version
    is not read again; one that cannot be read keeps its indexed version, so is not counted."""
    folder = generations.current_generation(index_dir)
    if folder is None:
        return Pending()
    store = IndexStore.open(folder / generations.DB_FILE, read_only=True)
    try:
        rows, linked_to = store.document_rows(), store.meta().get("enablers_hash", "")
    finally:
        store.close()
    corpus = load_corpus(knowledge_dir, {i: row["path"] for i, row in rows.items()},
                         indexed={i: row["content_hash"] for i, row in rows.items()})
    changed = {doc.id for doc in corpus.documents}
    return Pending(added=len(changed - set(rows)), updated=len(changed & set(rows)),
                   removed=len(set(rows) - changed - corpus.unchanged - corpus.kept),
                   enablers=taxonomy_hash(knowledge_dir, load_enablers(knowledge_dir)) != linked_to)
