"""`peerbot import`: a PDF, Word or HTML file converted into a Markdown document with front matter
in the corpus folder, for people who want to review and edit the text before it is indexed."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from index.corpus_folder import scan_documents
from index.documents import DocumentError, document_id
from index.readers import READERS, ReadError, not_a_file, read_document
from index.text import shown_path


@dataclass(frozen=True)
class Imported:
    """One file converted: where it was written and what it holds."""

    written: Path
    title: str
    publisher: str
    words: int
    url: str = ""
    printed_by_browser: bool = False  # a web page printed to PDF: no `published` (its date was the print's)


def import_document(path: Path, knowledge_dir: Path, *, publisher: str = "", url: str = "",
                    max_mb: float | None = None) -> Imported:
    """Write `path` as `knowledge_dir/ID.md`, with `publisher` and `url` (when given) over the file's
    own metadata and its sidecar. DocumentError, and nothing written, when the file cannot be read,
    is over `max_mb` (as `index` skips a document over it, before reading it), or a document with its
    id is already in the corpus folder (it is never overwritten). Whatever comes of it, the temporary
    files of imports killed part-way are removed first (`_tidy`)."""
    path = Path(path)
    _tidy(Path(knowledge_dir))
    problem = not_a_file(path)
    if problem is not None:
        raise DocumentError(path, problem)
    if path.suffix.lower() not in READERS:
        raise DocumentError(path, f"not a file peerbot converts ({', '.join(READERS)}); a Markdown or text file "
                                  f"needs no import: copy it into {shown_path(knowledge_dir)}")
    _check_size(path, max_mb)
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
    _write_whole(path, target, result.markdown())
    return Imported(target, result.title, str(meta.get("publisher") or ""), len(result.body.split()),
                    str(meta.get("url") or ""), result.printed_by_browser and not meta.get("published"))


def _check_size(path: Path, max_mb: float | None) -> None:
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        return  # read_document names what is wrong with it
    if max_mb is not None and size > max_mb * 2**20:
        raise DocumentError(path, f"{size / 2**20:.1f} MB is over the limit of {max_mb:g} MB (PEERBOT_MAX_DOCUMENT_MB), "
                                  "so it was not read")


TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".import-", ".tmp"
STALE_SECONDS = 600  # a temporary file this old was left by an import that died; a live one takes moments


def _tidy(folder: Path, now: float | None = None) -> None:
    """Remove the temporary files that imports killed part-way left in `folder` (hidden, so never indexed,
    but never removed either); one younger than STALE_SECONDS may be another import's, being written.
    What cannot be removed is left for the next import."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for left in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now - left.lstat().st_mtime > STALE_SECONDS:
                    left.unlink()


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def _write_whole(source: Path, target: Path, text: str) -> None:
    """`text` as the new file `target`, whole or not at all: written beside it under a name that is
    not a document's, then linked into place (which never replaces a file that appeared meanwhile).
    A full disk, a file-size limit or a kill part-way leaves no half document for `index` to serve, and the
    next import removes what the kill left (`_tidy`)."""
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
    except OSError as e:
        raise DocumentError(source, f"cannot write {shown_path(target)} ({e.strerror or e})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        _put_in_place(temporary, target)
    except FileExistsError:
        raise DocumentError(source, f"{shown_path(target)} already exists, so nothing was written") from None
    except OSError as e:
        raise DocumentError(source, f"cannot write {shown_path(target)} ({e.strerror or e})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _put_in_place(temporary: str, target: Path) -> None:
    """Link the written file to `target`, or, on a file system without hard links (some network
    mounts, FAT), rename it there when `target` still does not exist."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as e:
        if e.errno not in _NO_HARD_LINKS:
            raise
        if target.exists() or target.is_symlink():
            raise FileExistsError(str(target)) from None
        os.rename(temporary, target)
