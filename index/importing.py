"""`peerbot import`: a PDF, Word or HTML file converted into a Markdown document with front matter
in the corpus folder, for people who want to review and edit the text before it is indexed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from index.documents import DocumentError, document_id, scan_documents
from index.readers import READERS, ReadError, read_document
from index.text import shown_path


@dataclass(frozen=True)
class Imported:
    """One file converted: where it was written and what it holds."""

    written: Path
    title: str
    publisher: str
    words: int


def import_document(path: Path, knowledge_dir: Path, *, publisher: str = "", url: str = "") -> Imported:
    """Write `path` as `knowledge_dir/ID.md`, with `publisher` and `url` (when given) over the file's
    own metadata and its sidecar. DocumentError, and nothing written, when the file cannot be read
    or a document with its id is already in the corpus folder (it is never overwritten)."""
    path = Path(path)
    if path.suffix.lower() not in READERS:
        raise DocumentError(path, f"not a file peerbot converts ({', '.join(READERS)}); a Markdown or text file "
                                  f"needs no import: copy it into {shown_path(knowledge_dir)}")
    try:
        result = read_document(path)
    except ReadError as e:
        raise DocumentError(path, e.reason) from None
    meta = {**result.meta, **({"publisher": publisher} if publisher else {}), **({"url": url} if url else {})}
    result = replace(result, meta=meta)
    doc_id = document_id(path)
    target = knowledge_dir / f"{doc_id}.md"
    paths, _ = scan_documents(knowledge_dir)
    clash = next((p for p in paths if document_id(p) == doc_id), None)
    if clash is not None:
        raise DocumentError(path, f"{shown_path(clash)} already holds document '{doc_id}', so nothing was written: "
                                  "rename the file to import it as another document, or remove that one first")
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never replaces a file that appeared meanwhile
            out.write(result.markdown())
    except FileExistsError:
        raise DocumentError(path, f"{shown_path(target)} already exists, so nothing was written") from None
    except OSError as e:
        raise DocumentError(path, f"cannot write {shown_path(target)} ({e.strerror or e})") from None
    return Imported(target, result.title, str(meta.get("publisher") or ""), len(result.body.split()))
